// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeClosedHost,
  describeField,
  describeForm,
  describeTarget,
  isFormField,
  isSingleLineText,
  resolveTarget,
  valueLength,
} from '@/lib/capture/describe';
import { recorderSelectors } from '@/lib/capture/selectors';

/** The composed path a listener on the window sees when `target` is clicked. */
function composedPathOf(target: Element): EventTarget[] {
  let path: EventTarget[] = [];
  const listener = (event: Event) => {
    path = event.composedPath();
  };
  window.addEventListener('click', listener, { capture: true });
  // Not a real click: jsdom would try to follow a link.
  target.dispatchEvent(new Event('click', { bubbles: true, composed: true }));
  window.removeEventListener('click', listener, { capture: true });
  return path;
}

/** The path by hand, from `el` up to the window, as a browser builds it (light DOM only). */
function pathUp(el: Element): EventTarget[] {
  const path: EventTarget[] = [];
  for (let node: Node | null = el; node; node = node.parentNode) path.push(node);
  path.push(window);
  return path;
}

function openShadow(hostHtml: string, innerHtml: string): { host: HTMLElement; shadow: ShadowRoot } {
  document.body.insertAdjacentHTML('beforeend', hostHtml);
  const host = document.body.lastElementChild as HTMLElement;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = innerHtml;
  return { host, shadow };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('resolveTarget', () => {
  it('returns the innermost element of a plain path', () => {
    document.body.innerHTML = '<main><p><span>hello</span></p></main>';
    const span = document.querySelector('span')!;
    expect(resolveTarget(composedPathOf(span))).toBe(span);
  });

  it('resolves a click on an icon inside a button to the button', () => {
    document.body.innerHTML = '<button id="cart"><svg><path d="M0 0"></path></svg><span class="badge">2</span></button>';
    const button = document.getElementById('cart')!;
    expect(resolveTarget(composedPathOf(document.querySelector('path')!))).toBe(button);
    expect(resolveTarget(composedPathOf(document.querySelector('.badge')!))).toBe(button);
  });

  it('resolves to a link with href, a label, or an element with an interactive role', () => {
    document.body.innerHTML = `
      <a id="link" href="/shoes"><img id="pic" alt="Shoes"></a>
      <label id="lbl"><b id="bold">Gift wrap</b></label>
      <div id="tab" role="tab"><i id="icon"></i></div>`;
    expect(resolveTarget(composedPathOf(document.getElementById('pic')!))).toBe(document.getElementById('link'));
    expect(resolveTarget(composedPathOf(document.getElementById('bold')!))).toBe(document.getElementById('lbl'));
    expect(resolveTarget(composedPathOf(document.getElementById('icon')!))).toBe(document.getElementById('tab'));
  });

  it('does not raise to an anchor without href, which is not interactive', () => {
    document.body.innerHTML = '<a name="top"><span>Top</span></a>';
    const span = document.querySelector('span')!;
    expect(resolveTarget(composedPathOf(span))).toBe(span);
  });

  it('looks no further than a few levels up, so a click deep in a big button-like container keeps the innermost element', () => {
    document.body.innerHTML = '<button><div><div><div><div><div><div><span id="deep">x</span></div></div></div></div></div></div></button>';
    const deep = document.getElementById('deep')!;
    expect(resolveTarget(composedPathOf(deep))).toBe(deep);
  });

  it('does not raise past the body to an interactive element outside it', () => {
    document.body.innerHTML = '<div><span>text</span></div>';
    const span = document.querySelector('span')!;
    const path = pathUp(span);
    // Even with an interactive element after <body> in the path, the search stops at the body.
    const decoy = document.createElement('button');
    path.splice(path.indexOf(document.body) + 1, 0, decoy);
    expect(resolveTarget(path)).toBe(span);
  });

  it('resolves a click inside an open shadow root to the inner element, not the host', () => {
    const { host, shadow } = openShadow('<div id="widget"></div>', '<div class="card"><button>Add</button></div>');
    const button = shadow.querySelector('button')!;
    const path = composedPathOf(button);
    expect(path[0]).toBe(button);
    expect(path).toContain(host);
    expect(resolveTarget(path)).toBe(button);
  });

  it('resolves an icon inside a button inside an open shadow root to that button', () => {
    const { shadow } = openShadow('<x-cart></x-cart>', '<button id="b"><svg id="icon"></svg></button>');
    expect(resolveTarget(composedPathOf(shadow.getElementById('icon')!))).toBe(shadow.getElementById('b'));
  });

  it('returns the host of a closed shadow root, where the path starts at the host', () => {
    document.body.innerHTML = '<section><div id="payment-widget"></div></section>';
    const host = document.getElementById('payment-widget')!;
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.innerHTML = '<button>Pay</button>';
    // Outside a closed root, the composed path hides everything inside it: it starts at the host.
    expect(resolveTarget(pathUp(host))).toBe(host);
  });

  it('returns an interactive host of a closed shadow root itself', () => {
    document.body.innerHTML = '<div role="button" id="fancy"></div>';
    const host = document.getElementById('fancy')!;
    host.attachShadow({ mode: 'closed' }).innerHTML = '<span>Go</span>';
    expect(resolveTarget(pathUp(host))).toBe(host);
  });

  it('ignores the document, the window and shadow roots in the path', () => {
    const { shadow } = openShadow('<div></div>', '<span>x</span>');
    const span = shadow.querySelector('span')!;
    const path = composedPathOf(span);
    expect(path).toContain(shadow);
    // ... then the document, then the window.
    expect(path.indexOf(document)).toBe(path.length - 2);
    expect(resolveTarget(path)).toBe(span);
  });

  it('returns null for an empty path or a path without elements', () => {
    expect(resolveTarget([])).toBeNull();
    expect(resolveTarget([document, window])).toBeNull();
  });
});

describe('describeTarget', () => {
  it('describes a button: tag, role, name, text, selectors, not in a shadow root', () => {
    document.body.innerHTML = '<button id="buy">  Add\n   to cart  </button>';
    const button = document.getElementById('buy')!;
    const descriptor = describeTarget(button);
    expect(descriptor).toMatchObject({ tag: 'button', role: 'button', name: 'Add to cart', text: 'Add to cart', inShadow: false });
    expect(descriptor.selectors).toEqual(recorderSelectors(button));
    expect(descriptor.href).toBeUndefined();
    expect(descriptor.inputType).toBeUndefined();
  });

  it('gives a rectangle of finite numbers', () => {
    document.body.innerHTML = '<button>Go</button>';
    const { rect } = describeTarget(document.querySelector('button')!);
    for (const value of [rect.x, rect.y, rect.width, rect.height]) expect(Number.isFinite(value)).toBe(true);
  });

  it('describes a link with its absolute href, masking sensitive query parameters', () => {
    document.body.innerHTML = '<a href="/account?email=jane@example.com&tab=orders">My account</a>';
    const descriptor = describeTarget(document.querySelector('a')!);
    expect(descriptor.role).toBe('link');
    const href = new URL(descriptor.href!);
    expect(href.pathname).toBe('/account');
    expect(href.searchParams.get('email')).toBe('[masked]');
    expect(href.searchParams.get('tab')).toBe('orders');
    expect(descriptor.href).not.toContain('jane');
  });

  it('gives no href to an anchor without one', () => {
    document.body.innerHTML = '<a>Placeholder</a>';
    expect(describeTarget(document.querySelector('a')!).href).toBeUndefined();
  });

  it('masks e-mails and card numbers in the text and the name', () => {
    document.body.innerHTML = '<button>Send receipt to jane@example.com for 4111 1111 1111 1111</button>';
    const descriptor = describeTarget(document.querySelector('button')!);
    expect(descriptor.text).toBe('Send receipt to [email] for [card]');
    expect(descriptor.name).toBe('Send receipt to [email] for [card]');
    expect(JSON.stringify(descriptor)).not.toContain('jane@example.com');
  });

  it('gives null text to an element without text', () => {
    document.body.innerHTML = '<div></div>';
    expect(describeTarget(document.querySelector('div')!).text).toBeNull();
  });

  it('records the input type in lower case, and the value of a submit input as its text', () => {
    document.body.innerHTML = '<input type="SUBMIT" value="Place order">';
    const descriptor = describeTarget(document.querySelector('input')!);
    expect(descriptor.inputType).toBe('submit');
    expect(descriptor.text).toBe('Place order');
    expect(descriptor.name).toBe('Place order');
  });

  it('defaults the input type to text and never takes a text field’s value as its text', () => {
    document.body.innerHTML = '<input id="q" placeholder="Search">';
    const input = document.querySelector('input')!;
    input.value = 'typed-secret-value';
    const descriptor = describeTarget(input);
    expect(descriptor.inputType).toBe('text');
    expect(descriptor.text).toBeNull();
    expect(JSON.stringify(descriptor)).not.toContain('typed-secret-value');
  });

  it('never takes the content of a textarea or a select as text', () => {
    document.body.innerHTML = '<textarea>Prefilled private note</textarea><select><option>Small</option></select>';
    expect(describeTarget(document.querySelector('textarea')!).text).toBeNull();
    expect(describeTarget(document.querySelector('select')!).text).toBeNull();
  });

  it('marks an element inside an open shadow root and chains its selector through the host', () => {
    const { shadow } = openShadow('<div id="chat"></div>', '<button>Send</button>');
    const descriptor = describeTarget(shadow.querySelector('button')!);
    expect(descriptor.inShadow).toBe(true);
    expect(descriptor.name).toBe('Send');
    expect(descriptor.selectors).toContainEqual(['#chat', 'button']);
  });
});

describe('describeTarget on editable regions', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('never records the text of a contenteditable region or of an element inside one', () => {
    document.body.innerHTML = '<div id="editor" contenteditable="true"><p id="line">My secret draft</p></div>';
    expect(describeTarget(document.getElementById('editor') as Element).text).toBeNull();
    expect(describeTarget(document.getElementById('line') as Element).text).toBeNull();
    expect(JSON.stringify(describeTarget(document.getElementById('line') as Element))).not.toContain('secret draft');
  });
});

describe('describeField', () => {
  const SECRET = 'Tr0ub4dor&3-very-secret';

  it('describes a labelled text input without its value', () => {
    document.body.innerHTML = '<label for="city">City</label><input id="city" name="city" autocomplete="address-level2" required>';
    const input = document.querySelector('input')!;
    input.value = SECRET;
    const descriptor = describeField(input);
    expect(descriptor).toMatchObject({
      tag: 'input',
      inputType: 'text',
      name: 'city',
      label: 'City',
      autocomplete: 'address-level2',
      required: true,
      sensitive: false,
    });
    expect(descriptor.selectors).toEqual(recorderSelectors(input));
    expect(JSON.stringify(descriptor)).not.toContain(SECRET);
  });

  it('never contains the value typed into a text input, a textarea or a password field', () => {
    document.body.innerHTML = `
      <form>
        <input id="nickname" name="nickname" placeholder="Nickname">
        <label>Message <textarea name="message"></textarea></label>
        <label for="pw">Password</label><input id="pw" type="password" name="password">
      </form>`;
    const fields = [document.querySelector('input[name="nickname"]'), document.querySelector('textarea'), document.querySelector('input[type="password"]')] as (
      | HTMLInputElement
      | HTMLTextAreaElement
    )[];
    for (const field of fields) {
      field.value = SECRET;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const json = JSON.stringify(describeField(field));
      expect(json).not.toContain(SECRET);
      expect(json).not.toContain('very-secret');
    }
  });

  it('never contains the default content of a textarea (its initial value)', () => {
    document.body.innerHTML = `<label for="bio">About you</label><textarea id="bio">${SECRET}</textarea>`;
    const textarea = document.querySelector('textarea')!;
    expect(JSON.stringify(describeField(textarea))).not.toContain(SECRET);
    expect(JSON.stringify(describeTarget(textarea))).not.toContain(SECRET);
  });

  it('flags a password field as sensitive', () => {
    document.body.innerHTML = '<input type="password" name="pw">';
    expect(describeField(document.querySelector('input')!)).toMatchObject({ inputType: 'password', sensitive: true });
  });

  it('flags a field as sensitive from its label or autocomplete hint', () => {
    document.body.innerHTML = '<label for="n">Card number</label><input id="n" name="f1"><input name="f2" autocomplete="cc-exp">';
    expect(describeField(document.getElementById('n') as HTMLInputElement).sensitive).toBe(true);
    expect(describeField(document.querySelector('[name="f2"]') as HTMLInputElement).sensitive).toBe(true);
  });

  it('takes the label from aria-label, then placeholder, when there is no label element', () => {
    document.body.innerHTML = '<input name="a" aria-label="Coupon code" placeholder="ABC"><input name="b" placeholder="Postal code">';
    expect(describeField(document.querySelector('[name="a"]') as HTMLInputElement).label).toBe('Coupon code');
    expect(describeField(document.querySelector('[name="b"]') as HTMLInputElement).label).toBe('Postal code');
  });

  it('falls back to the accessible name (title) and to null', () => {
    document.body.innerHTML = '<input name="a" title="Quantity"><input name="b">';
    expect(describeField(document.querySelector('[name="a"]') as HTMLInputElement).label).toBe('Quantity');
    expect(describeField(document.querySelector('[name="b"]') as HTMLInputElement).label).toBeNull();
  });

  it('describes selects and textareas with their own input types', () => {
    document.body.innerHTML = '<select name="size"><option>S</option></select><textarea name="note"></textarea>';
    expect(describeField(document.querySelector('select')!)).toMatchObject({ tag: 'select', inputType: 'select', required: false });
    expect(describeField(document.querySelector('textarea')!)).toMatchObject({ tag: 'textarea', inputType: 'textarea' });
  });

  it('masks an e-mail address that appears in a label', () => {
    document.body.innerHTML = '<label for="x">Send a copy to jane@example.com</label><input id="x" type="checkbox">';
    const descriptor = describeField(document.querySelector('input')!);
    expect(descriptor.label).toBe('Send a copy to [email]');
    expect(JSON.stringify(descriptor)).not.toContain('jane@example.com');
  });
});

describe('isFormField', () => {
  it.each(['text', 'email', 'password', 'checkbox', 'radio', 'number', 'date', 'range', 'file', 'search'])('accepts an input of type %s', (type) => {
    document.body.innerHTML = `<input type="${type}">`;
    expect(isFormField(document.querySelector('input'))).toBe(true);
  });

  it.each(['submit', 'button', 'reset', 'image', 'hidden', 'HIDDEN'])('rejects an input of type %s', (type) => {
    document.body.innerHTML = `<input type="${type}">`;
    expect(isFormField(document.querySelector('input'))).toBe(false);
  });

  it('accepts an input without type, a select and a textarea', () => {
    document.body.innerHTML = '<input><select></select><textarea></textarea>';
    for (const el of Array.from(document.body.children)) expect(isFormField(el)).toBe(true);
  });

  it('rejects buttons, other elements and null', () => {
    document.body.innerHTML = '<button>x</button><div contenteditable="true"></div><form></form>';
    for (const el of Array.from(document.body.children)) expect(isFormField(el)).toBe(false);
    expect(isFormField(null)).toBe(false);
  });
});

describe('valueLength', () => {
  it('counts the characters of an input and a textarea', () => {
    document.body.innerHTML = '<input><textarea></textarea>';
    const input = document.querySelector('input')!;
    const textarea = document.querySelector('textarea')!;
    expect(valueLength(input)).toBe(0);
    input.value = 'hello';
    textarea.value = 'two\nlines';
    expect(valueLength(input)).toBe(5);
    expect(valueLength(textarea)).toBe(9);
  });

  it('counts the options chosen in a select', () => {
    document.body.innerHTML = '<select multiple><option>a</option><option>b</option><option>c</option></select><select><option>x</option></select>';
    const [multiple, single] = Array.from(document.querySelectorAll('select'));
    expect(valueLength(multiple!)).toBe(0);
    multiple!.options[0]!.selected = true;
    multiple!.options[2]!.selected = true;
    expect(valueLength(multiple!)).toBe(2);
    expect(valueLength(single!)).toBe(1);
  });
});

describe('describeForm', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  const form = (html: string, selector = 'form'): HTMLFormElement => {
    document.body.innerHTML = html;
    return document.querySelector(selector) as HTMLFormElement;
  };

  it('keeps what the page’s code calls the form, its method, action and field count', () => {
    const described = describeForm(
      form('<form id="checkout" method="POST" action="/pay?token=abc"><input name="a"><input type="hidden" name="h"><button>Pay</button></form>'),
      null,
    );
    expect(described).toMatchObject({ name: 'checkout', method: 'post', action: '/pay?token=[masked]', fieldCount: 1 });
    expect(described.selectors).toContainEqual(['#checkout']);
  });

  it('reads its accessible name from aria-labelledby, aria-label or title', () => {
    expect(describeForm(form('<h2 id="t">Delivery address</h2><form aria-labelledby="t"><input></form>'), null).label).toBe('Delivery address');
    expect(describeForm(form('<form aria-label="Newsletter"><input></form>'), null).label).toBe('Newsletter');
    expect(describeForm(form('<form title="Contact us"><input></form>'), null).label).toBe('Contact us');
    expect(describeForm(form('<form id="f"><input></form>'), null).label).toBeNull();
  });

  it('takes the legend of a fieldset only when that fieldset holds every field', () => {
    const whole = form('<form><fieldset><legend>Livraison</legend><input name="a"><input name="b"></fieldset><button>OK</button></form>');
    expect(describeForm(whole, null).legend).toBe('Livraison');
    const part = form('<form><fieldset><legend>Billing</legend><input name="a"></fieldset><input name="b"></form>');
    expect(describeForm(part, null).legend).toBeNull();
  });

  it('finds the heading inside the form first, else the nearest before it in its section, never beyond it', () => {
    expect(describeForm(form('<h1>Shop</h1><form><h3>Sign in</h3><input></form>'), null).heading).toBe('Sign in');
    const checkout = form(
      '<main><h1>Checkout</h1><section><h1>Shipping</h1><p role="alert"></p><div class="box"><form id="s"><input></form></div></section></main>',
      '#s',
    );
    expect(describeForm(checkout, null).heading).toBe('Shipping');
    const nested = form('<section><div><h2>Outer</h2><div><h3>Payment</h3></div></div><form id="p"><input></form></section>', '#p');
    expect(describeForm(nested, null).heading).toBe('Payment');
    // The footer's form is not named by a heading of the page's main content.
    const footer = form('<main><h2>Featured products</h2></main><footer><div><form id="n"><input></form></div></footer>', '#n');
    expect(describeForm(footer, null).heading).toBeNull();
  });

  it('skips hidden headings', () => {
    const described = describeForm(
      form('<section><h2>Contact</h2><h2 hidden>Step 2</h2><div aria-hidden="true"><h2>Deco</h2></div><form><input></form></section>'),
      null,
    );
    expect(described.heading).toBe('Contact');
  });

  it('looks for the heading outside a shadow root, before its host', () => {
    document.body.innerHTML = '<section><h2>Contact</h2><contact-form></contact-form></section>';
    const host = document.querySelector('contact-form') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<form><input></form>';
    expect(describeForm(shadow.querySelector('form') as HTMLFormElement, null).heading).toBe('Contact');
  });

  it('takes the text of the button that sent it, else of its default button', () => {
    const twoButtons = form('<form><input><button type="button">Help</button><button name="save">Save draft</button><button>Publish</button></form>');
    const publish = twoButtons.querySelectorAll('button')[2] as Element;
    expect(describeForm(twoButtons, publish).submitText).toBe('Publish');
    expect(describeForm(twoButtons, null).submitText).toBe('Save draft');
    expect(describeForm(form('<form><input><input type="submit" value="Continue"></form>'), null).submitText).toBe('Continue');
    expect(describeForm(form('<form><input><input type="image" alt="Search" src="s.png"></form>'), null).submitText).toBe('Search');
    // An input without a value shows the browser's own word, in the browser's language: not known here.
    expect(describeForm(form('<form><input><input type="submit"></form>'), null).submitText).toBeNull();
    expect(describeForm(form('<form><input></form>'), null).submitText).toBeNull();
  });

  it('says a search form is one: its role, or a <search> element around it', () => {
    expect(describeForm(form('<form role="search"><input type="search"></form>'), null).role).toBe('search');
    expect(describeForm(form('<search><form><input type="search"></form></search>'), null).role).toBe('search');
    expect(describeForm(form('<form><input></form>'), null).role).toBeNull();
  });

  it('masks personal data in its texts and removes what was typed in the form from them', () => {
    const greeting = form(
      '<form aria-label="Account of jane@example.com"><h2>Welcome back, Jordan Smith</h2><input name="n"><button>Save 4111 1111 1111 1111</button></form>',
    );
    (greeting.querySelector('input') as HTMLInputElement).value = 'Jordan Smith';
    const described = describeForm(greeting, null);
    expect(described).toMatchObject({ label: 'Account of [email]', heading: 'Welcome back, [typed]', submitText: 'Save [card]' });
    expect(JSON.stringify(described)).not.toContain('Jordan');
  });
});

describe('describeClosedHost', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('describes the host as the field, marked closedRoot, without a type', () => {
    document.body.innerHTML = '<due-date id="due" name="due" aria-label="Due date" required></due-date>';
    const host = document.querySelector('due-date') as Element;
    expect(describeClosedHost(host)).toEqual({
      tag: 'due-date',
      inputType: null,
      name: 'due',
      label: 'Due date',
      autocomplete: null,
      required: true,
      sensitive: false,
      selectors: recorderSelectors(host),
      closedRoot: true,
    });
  });
});

describe('isSingleLineText', () => {
  it('is true for text-like inputs only', () => {
    document.body.innerHTML =
      '<input><input type="search"><input type="password"><input type="number"><input type="checkbox"><input type="date"><textarea></textarea><select></select>';
    const [text, search, password, number, checkbox, date, textarea, select] = Array.from(document.body.children);
    expect([text, search, password, number].map((el) => isSingleLineText(el as Element))).toEqual([true, true, true, true]);
    expect([checkbox, date, textarea, select].map((el) => isSingleLineText(el as Element))).toEqual([false, false, false, false]);
    expect(isSingleLineText(null)).toBe(false);
    document.body.innerHTML = '';
  });
});
