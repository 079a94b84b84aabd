// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { accessibleName, contentText, labelText, roleOf } from '@/lib/capture/accessible';

/** Puts the markup in the page and returns the element marked `data-probe` (or the first element). */
function mount(html: string): HTMLElement {
  document.body.innerHTML = html;
  const probe = document.querySelector<HTMLElement>('[data-probe]') ?? (document.body.firstElementChild as HTMLElement | null);
  if (!probe) throw new Error('nothing mounted');
  return probe;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('roleOf', () => {
  it.each([
    ['<a href="/cart">Cart</a>', 'link'],
    ['<area href="/map" alt="Map">', 'link'],
    ['<button>Buy</button>', 'button'],
    ['<details><summary data-probe>More</summary></details>', 'button'],
    ['<select><option>A</option></select>', 'combobox'],
    ['<select multiple><option>A</option></select>', 'listbox'],
    ['<select size="4"><option>A</option></select>', 'listbox'],
    ['<select size="1"><option>A</option></select>', 'combobox'],
    ['<textarea></textarea>', 'textbox'],
    ['<select><option data-probe>A</option></select>', 'option'],
    ['<img src="x.png" alt="Logo">', 'img'],
    ['<img src="x.png">', 'img'],
    ['<img src="x.png" alt="">', 'presentation'],
    ['<h1>T</h1>', 'heading'],
    ['<h4>T</h4>', 'heading'],
    ['<nav></nav>', 'navigation'],
    ['<main></main>', 'main'],
    ['<form></form>', 'form'],
    ['<ul><li>a</li></ul>', 'list'],
    ['<ol><li data-probe>a</li></ol>', 'listitem'],
    ['<table></table>', 'table'],
    ['<dialog></dialog>', 'dialog'],
  ])('gives %s the implicit role %s', (html, role) => {
    expect(roleOf(mount(html))).toBe(role);
  });

  it.each([
    ['text', 'textbox'],
    ['email', 'textbox'],
    ['password', 'textbox'],
    ['tel', 'textbox'],
    ['button', 'button'],
    ['submit', 'button'],
    ['reset', 'button'],
    ['image', 'button'],
    ['checkbox', 'checkbox'],
    ['radio', 'radio'],
    ['range', 'slider'],
    ['number', 'spinbutton'],
    ['search', 'searchbox'],
    ['SUBMIT', 'button'],
  ])('gives an input of type %s the role %s', (type, role) => {
    expect(roleOf(mount(`<input type="${type}">`))).toBe(role);
  });

  it('treats an input without a type as a text box and a hidden input as having no role', () => {
    expect(roleOf(mount('<input>'))).toBe('textbox');
    expect(roleOf(mount('<input type="hidden">'))).toBeNull();
  });

  it('gives no role to an anchor without href and to generic containers', () => {
    expect(roleOf(mount('<a name="top">Top</a>'))).toBeNull();
    expect(roleOf(mount('<div>x</div>'))).toBeNull();
    expect(roleOf(mount('<span>x</span>'))).toBeNull();
  });

  it('prefers an explicit role, taking the first token of a fallback list', () => {
    expect(roleOf(mount('<div role="button">Go</div>'))).toBe('button');
    expect(roleOf(mount('<a href="/x" role="tab">Tab</a>'))).toBe('tab');
    expect(roleOf(mount('<div role="  switch checkbox ">x</div>'))).toBe('switch');
  });

  it('falls back to the implicit role when the role attribute is blank', () => {
    expect(roleOf(mount('<button role="  ">Go</button>'))).toBe('button');
  });
});

describe('accessibleName', () => {
  it('uses aria-labelledby first, joining several referenced elements in order', () => {
    const el = mount(`
      <span id="first">Delivery</span><span id="second">options</span>
      <button data-probe aria-labelledby="first second" aria-label="Ignored" title="Ignored too">Content</button>`);
    expect(accessibleName(el)).toBe('Delivery options');
  });

  it('skips missing ids in aria-labelledby and falls back when none resolve', () => {
    const partial = mount('<span id="real">Real label</span><button data-probe aria-labelledby="missing real">Content</button>');
    expect(accessibleName(partial)).toBe('Real label');
    const none = mount('<button aria-labelledby="missing" aria-label="From aria-label">Content</button>');
    expect(accessibleName(none)).toBe('From aria-label');
  });

  it('resolves aria-labelledby inside the element’s own shadow root', () => {
    const host = mount('<div id="host"></div>');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span id="inner-label">Close dialog</span><button aria-labelledby="inner-label">×</button>';
    expect(accessibleName(shadow.querySelector('button')!)).toBe('Close dialog');
  });

  it('uses aria-label before the label element, placeholder, title and content', () => {
    const input = mount('<label for="q">Label text</label><input data-probe id="q" aria-label="Search products" placeholder="Type here" title="Title">');
    expect(accessibleName(input)).toBe('Search products');
    expect(accessibleName(mount('<button aria-label="Close" title="t">X</button>'))).toBe('Close');
  });

  it('ignores a blank aria-label', () => {
    expect(accessibleName(mount('<button aria-label="   ">Checkout</button>'))).toBe('Checkout');
  });

  it('names a field from its label (for=, or wrapping) before placeholder and title', () => {
    expect(accessibleName(mount('<label for="city">City</label><input data-probe id="city" placeholder="Paris" title="Your city">'))).toBe('City');
    expect(accessibleName(mount('<label>Quantity <input data-probe type="number" placeholder="1"></label>'))).toBe('Quantity');
  });

  it('does not put the text of controls inside a label into the name', () => {
    const select = mount('<label>Size <select data-probe><option>Small</option><option>Large</option></select></label>');
    expect(accessibleName(select)).toBe('Size');
  });

  it('names an unlabelled field from its placeholder, then from its title', () => {
    expect(accessibleName(mount('<input placeholder="Postal code" title="ZIP">'))).toBe('Postal code');
    expect(accessibleName(mount('<input title="ZIP">'))).toBe('ZIP');
    expect(accessibleName(mount('<textarea placeholder="Your message"></textarea>'))).toBe('Your message');
  });

  it('gives an unlabelled field no name', () => {
    expect(accessibleName(mount('<input>'))).toBeNull();
  });

  it('never takes the value a tester typed as the name of a text field', () => {
    const input = mount('<input id="n">') as HTMLInputElement;
    input.value = 'typed secret';
    expect(accessibleName(input)).toBeNull();
  });

  it('names submit, reset and button inputs from their value, with Submit and Reset as defaults', () => {
    expect(accessibleName(mount('<input type="submit" value="Place order">'))).toBe('Place order');
    expect(accessibleName(mount('<input type="submit">'))).toBe('Submit');
    expect(accessibleName(mount('<input type="reset">'))).toBe('Reset');
    expect(accessibleName(mount('<input type="button">'))).toBeNull();
    expect(accessibleName(mount('<input type="button" value="More">'))).toBe('More');
  });

  it('names an image input and an image from alt, an image without alt from title', () => {
    expect(accessibleName(mount('<input type="image" src="go.png" alt="Search">'))).toBe('Search');
    expect(accessibleName(mount('<img src="a.png" alt="Red sneakers" title="Product">'))).toBe('Red sneakers');
    expect(accessibleName(mount('<img src="a.png" title="Product photo">'))).toBe('Product photo');
    expect(accessibleName(mount('<img src="a.png">'))).toBeNull();
  });

  it('names buttons and links from their content, with whitespace collapsed', () => {
    expect(accessibleName(mount('<button>\n   Add   to\n cart  </button>'))).toBe('Add to cart');
    expect(accessibleName(mount('<a href="/shoes"><span>All</span> <b>shoes</b></a>'))).toBe('All shoes');
  });

  it('includes image alternatives and leaves out aria-hidden, script and style content', () => {
    const link = mount('<a href="/"><img src="logo.png" alt="Parcours shop"><span aria-hidden="true">★</span><style>.x{}</style><script>var a;</script></a>');
    expect(accessibleName(link)).toBe('Parcours shop');
  });

  it('uses the title of a button whose content is only an unlabelled icon', () => {
    expect(accessibleName(mount('<button title="Open menu"><svg></svg></button>'))).toBe('Open menu');
  });

  it('names elements with an explicit name-from-content role from their content', () => {
    expect(accessibleName(mount('<div role="tab">Reviews</div>'))).toBe('Reviews');
    expect(accessibleName(mount('<li role="menuitem">Sign out</li>'))).toBe('Sign out');
    expect(accessibleName(mount('<h2>Shipping</h2>'))).toBe('Shipping');
  });

  it('does not name a div, a span or a landmark from its content, only from title', () => {
    expect(accessibleName(mount('<div>Lots of text in a container</div>'))).toBeNull();
    expect(accessibleName(mount('<span>Inline text</span>'))).toBeNull();
    expect(accessibleName(mount('<nav>Home Shop Cart</nav>'))).toBeNull();
    expect(accessibleName(mount('<div title="Promo banner">Lots of text</div>'))).toBe('Promo banner');
  });

  it('names a shadow host from its shadow content when it has no light content', () => {
    const host = mount('<div role="button" id="fancy"></div>');
    host.attachShadow({ mode: 'open' }).innerHTML = '<span>Fancy button</span>';
    expect(accessibleName(host)).toBe('Fancy button');
  });

  it('masks e-mail addresses and card numbers in every source of a name', () => {
    expect(accessibleName(mount('<button>Send to jane@example.com</button>'))).toBe('Send to [email]');
    expect(accessibleName(mount('<a href="/c" aria-label="Card 4111 1111 1111 1111">x</a>'))).toBe('Card [card]');
    expect(accessibleName(mount('<label for="e">Email (john@example.com)</label><input data-probe id="e">'))).toBe('Email ([email])');
    expect(accessibleName(mount('<input placeholder="e.g. jane@example.com">'))).toBe('e.g. [email]');
    expect(accessibleName(mount('<input type="submit" value="Pay with 5500-0000-0000-0004">'))).toBe('Pay with [card]');
    expect(accessibleName(mount('<img src="a.png" alt="Photo of bob@example.org">'))).toBe('Photo of [email]');
  });

  it('caps a very long name', () => {
    const name = accessibleName(mount(`<button>${'word '.repeat(100)}</button>`));
    expect(name).not.toBeNull();
    expect(name!.length).toBeLessThanOrEqual(160);
    expect(name!.endsWith('…')).toBe(true);
  });
});

describe('labelText', () => {
  it('joins the text of every label of a field', () => {
    const input = mount('<label for="z">Postal</label><label for="z">code</label><input data-probe id="z">') as HTMLInputElement;
    expect(labelText(input)).toBe('Postal code');
  });

  it('returns null for a field without a label', () => {
    expect(labelText(mount('<input>') as HTMLInputElement)).toBeNull();
  });
});

describe('contentText', () => {
  it('separates block elements with spaces', () => {
    const text = contentText(mount('<div><p>One</p><p>Two</p><div>Three</div></div>'));
    expect(text.replace(/\s+/g, ' ').trim()).toBe('One Two Three');
  });

  it('stops collecting text of a large container once past the limit', () => {
    const el = mount(`<div>${'<p>abcdefghij</p>'.repeat(200)}</div>`);
    const text = contentText(el, 50);
    expect(text.length).toBeGreaterThan(50);
    expect(text.length).toBeLessThan(100);
  });
});
