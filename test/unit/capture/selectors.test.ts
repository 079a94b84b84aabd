// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { recorderSelectors, shadowChain, uniqueCss, xpathFor } from '@/lib/capture/selectors';

const PREFIXES = ['aria/', 'text/', 'xpath/', 'pierce/'];

function isCssAlternative(alternative: string[]): boolean {
  return !PREFIXES.some((prefix) => alternative[0]?.startsWith(prefix));
}

/** Follows a CSS chain as a replay would: the document first, then each host's open shadow root. */
function resolveChain(chain: string[]): Element | null {
  let scope: Document | ShadowRoot | null = document;
  let found: Element | null = null;
  for (const selector of chain) {
    if (!scope) return null;
    found = scope.querySelector(selector);
    scope = found?.shadowRoot ?? null;
  }
  return found;
}

/** Asserts that every plain CSS alternative of `el` finds exactly `el`, and returns those alternatives. */
function expectCssResolves(el: Element): string[][] {
  const css = recorderSelectors(el).filter(isCssAlternative);
  expect(css.length).toBeGreaterThan(0);
  for (const chain of css) expect(resolveChain(chain), `chain ${JSON.stringify(chain)}`).toBe(el);
  return css;
}

function resolveXpath(expression: string): Node | null {
  return document.evaluate(expression, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
}

function byPrefix(el: Element, prefix: string): string[][] {
  return recorderSelectors(el).filter((alternative) => alternative[0]?.startsWith(prefix));
}

function shadowHost(id: string, html: string, parent: ParentNode = document.body): { host: HTMLElement; shadow: ShadowRoot } {
  const host = document.createElement('div');
  host.id = id;
  parent.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = html;
  return { host, shadow };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('uniqueCss', () => {
  it('uses a unique, readable id', () => {
    document.body.innerHTML = '<div><button id="checkout">Checkout</button></div>';
    const button = document.getElementById('checkout')!;
    expect(uniqueCss(button, document)).toBe('#checkout');
  });

  it('escapes special characters in an id so the selector still resolves', () => {
    document.body.innerHTML = '<button id="cart.total">A</button><button id="step:2">B</button>';
    for (const id of ['cart.total', 'step:2']) {
      const el = document.getElementById(id)!;
      const selector = uniqueCss(el, document);
      expect(selector.startsWith('#')).toBe(true);
      expect(document.querySelector(selector)).toBe(el);
    }
  });

  it.each(['ember1234', 'a1b2c3d4e5f6', 'css-1q2w3e', 'sc-AxjAm', 'jsx-3591', 'r-Xy12Ab', 'field--7'])('skips the generated-looking id %s', (id) => {
    document.body.innerHTML = `<section><button id="${id}">Go</button></section>`;
    const button = document.getElementById(id)!;
    const selector = uniqueCss(button, document);
    expect(selector).not.toContain('#');
    expect(document.querySelector(selector)).toBe(button);
  });

  it('does not use an id that is not unique on the page', () => {
    document.body.innerHTML = '<p><span id="dup">A</span></p><p><span id="dup">B</span></p>';
    const second = document.querySelectorAll('span')[1]!;
    const selector = uniqueCss(second, document);
    expect(selector).not.toBe('#dup');
    expect(document.querySelectorAll(selector)).toHaveLength(1);
    expect(document.querySelector(selector)).toBe(second);
  });

  it('prefers data-testid to name, aria-label and position', () => {
    document.body.innerHTML = `
      <button name="add" aria-label="Add">One</button>
      <button data-testid="add-to-cart" name="add" aria-label="Add">Two</button>`;
    const button = document.querySelector('[data-testid]')!;
    expect(uniqueCss(button, document)).toBe('button[data-testid="add-to-cart"]');
  });

  it('prefers data-testid to a generated id', () => {
    document.body.innerHTML = '<button id="css-9f8e7d" data-testid="pay">Pay</button>';
    expect(uniqueCss(document.querySelector('button')!, document)).toBe('button[data-testid="pay"]');
  });

  it('uses the other test attributes in order: data-test, data-qa, data-cy', () => {
    document.body.innerHTML = '<a data-test="t1" data-qa="q1" href="#">A</a><a data-qa="q2" href="#">B</a><a data-cy="c3" href="#">C</a>';
    const [a, b, c] = Array.from(document.querySelectorAll('a'));
    expect(uniqueCss(a!, document)).toBe('a[data-test="t1"]');
    expect(uniqueCss(b!, document)).toBe('a[data-qa="q2"]');
    expect(uniqueCss(c!, document)).toBe('a[data-cy="c3"]');
  });

  it('skips a test attribute that is not unique and uses the next attribute that is', () => {
    document.body.innerHTML = '<input data-testid="field" name="city"><input data-testid="field" name="zip">';
    const zip = document.querySelector('[name="zip"]')!;
    expect(uniqueCss(zip, document)).toBe('input[name="zip"]');
  });

  it('escapes quotes and backslashes in attribute values', () => {
    document.body.innerHTML = '<button aria-label="Say &quot;hi&quot; \\ now">x</button><button>y</button>';
    const button = document.querySelector('button')!;
    const selector = uniqueCss(button, document);
    expect(selector).toBe('button[aria-label="Say \\"hi\\" \\\\ now"]');
    expect(document.querySelector(selector)).toBe(button);
  });

  it('ignores attribute values longer than 80 characters', () => {
    const long = 'x'.repeat(81);
    document.body.innerHTML = `<div><span aria-label="${long}">A</span></div>`;
    const span = document.querySelector('span')!;
    const selector = uniqueCss(span, document);
    expect(selector).not.toContain('aria-label');
    expect(document.querySelector(selector)).toBe(span);
  });

  it('builds an nth-of-type path that is unique for every one of many look-alike siblings', () => {
    document.body.innerHTML = `<ul>${'<li class="item"><a href="#">Item</a></li>'.repeat(5)}</ul><ul>${'<li class="item"><a href="#">Item</a></li>'.repeat(3)}</ul>`;
    const links = Array.from(document.querySelectorAll('a'));
    const selectors = links.map((link) => uniqueCss(link, document));
    expect(new Set(selectors).size).toBe(links.length);
    for (const [index, link] of links.entries()) {
      const selector = selectors[index]!;
      expect(document.querySelectorAll(selector)).toHaveLength(1);
      expect(document.querySelector(selector)).toBe(link);
    }
    expect(selectors[1]).toContain(':nth-of-type(2)');
  });

  it('anchors the path at the nearest ancestor with a unique id', () => {
    // The same markup again without an id: the path must climb to #filters to be unique.
    const group = '<label><input type="checkbox"></label><label><input type="checkbox"></label>';
    document.body.innerHTML = `<div id="filters">${group}</div><div>${group}</div>`;
    const second = document.querySelectorAll('input')[1]!;
    const selector = uniqueCss(second, document);
    expect(selector.startsWith('#filters > ')).toBe(true);
    expect(document.querySelector(selector)).toBe(second);
  });

  it('keeps readable classes and drops generated ones', () => {
    document.body.innerHTML = '<div><span class="css-1x2y3z badge">1</span><span class="sc-bdVaJa price">2</span></div>';
    const badge = document.querySelector('.badge')!;
    const selector = uniqueCss(badge, document);
    expect(selector).toContain('.badge');
    expect(selector).not.toContain('css-');
    expect(document.querySelector(selector)).toBe(badge);
  });

  it('is unique within a shadow root, where the page’s selectors cannot reach', () => {
    document.body.innerHTML = '<button>Outside</button>';
    const { shadow } = shadowHost('widget', '<button>Inside</button>');
    const inner = shadow.querySelector('button')!;
    const selector = uniqueCss(inner, shadow);
    expect(shadow.querySelector(selector)).toBe(inner);
  });

  it('tells apart look-alike siblings at the top level of a shadow root', () => {
    const { shadow } = shadowHost('toolbar', '<button>One</button><button>Two</button><button>Three</button>');
    for (const button of Array.from(shadow.querySelectorAll('button'))) {
      const selector = uniqueCss(button, shadow);
      expect(shadow.querySelectorAll(selector)).toHaveLength(1);
      expect(shadow.querySelector(selector)).toBe(button);
    }
  });
});

describe('shadowChain', () => {
  it('is the element itself, scoped to the document, in the light DOM', () => {
    document.body.innerHTML = '<p><b>x</b></p>';
    const b = document.querySelector('b')!;
    expect(shadowChain(b)).toEqual([{ element: b, root: document }]);
  });

  it('lists each host from the outermost down to the element, each with its own root', () => {
    const outer = shadowHost('outer', '<div class="wrap"></div>');
    const inner = shadowHost('inner', '<button>Deep</button>', outer.shadow.querySelector('.wrap')!);
    const button = inner.shadow.querySelector('button')!;
    expect(shadowChain(button)).toEqual([
      { element: outer.host, root: document },
      { element: inner.host, root: outer.shadow },
      { element: button, root: inner.shadow },
    ]);
  });
});

describe('xpathFor', () => {
  it('starts at the document root when no ancestor has an id, and resolves to the element', () => {
    document.body.innerHTML = '<ul><li>a</li><li>b</li></ul>';
    const second = document.querySelectorAll('li')[1]!;
    expect(xpathFor(second)).toBe('/html/body/ul/li[2]');
    expect(resolveXpath(xpathFor(second))).toBe(second);
  });

  it('starts at the nearest ancestor with a readable id', () => {
    document.body.innerHTML = '<div id="menu"><a href="#">1</a><a href="#">2</a></div>';
    const link = document.querySelectorAll('a')[1]!;
    expect(xpathFor(link)).toBe('//*[@id="menu"]/a[2]');
    expect(resolveXpath(xpathFor(link))).toBe(link);
  });

  it('does not start at a generated id', () => {
    document.body.innerHTML = '<div id="ember12345"><span>x</span></div>';
    const span = document.querySelector('span')!;
    expect(xpathFor(span)).toBe('/html/body/div/span');
    expect(resolveXpath(xpathFor(span))).toBe(span);
  });
});

describe('recorderSelectors', () => {
  it('lists the alternatives most robust first: aria, css, xpath, pierce, text', () => {
    document.body.innerHTML = '<main><button id="buy">Buy now</button></main>';
    const button = document.getElementById('buy')!;
    expect(recorderSelectors(button)).toEqual([['aria/Buy now[role="button"]'], ['#buy'], ['xpath///*[@id="buy"]'], ['pierce/#buy'], ['text/Buy now']]);
  });

  it('writes the aria alternative as aria/Name[role="role"], or aria/Name for an element without a role', () => {
    document.body.innerHTML = '<a href="/cart">Cart (2)</a><div title="Promo banner"></div>';
    expect(byPrefix(document.querySelector('a')!, 'aria/')).toEqual([['aria/Cart (2)[role="link"]']]);
    expect(byPrefix(document.querySelector('div')!, 'aria/')).toEqual([['aria/Promo banner']]);
  });

  it('has no aria alternative for an element without a name or with a name over 80 characters', () => {
    document.body.innerHTML = `<div><span>plain</span></div><button>${'long '.repeat(20)}</button>`;
    expect(byPrefix(document.querySelector('span')!, 'aria/')).toEqual([]);
    expect(byPrefix(document.querySelector('button')!, 'aria/')).toEqual([]);
  });

  it('every CSS alternative of a light-DOM element resolves to it', () => {
    document.body.innerHTML = `<form><fieldset>${'<label><input type="radio" name="ship"></label>'.repeat(3)}</fieldset></form>`;
    for (const radio of Array.from(document.querySelectorAll('input'))) {
      const css = expectCssResolves(radio);
      expect(css.every((chain) => chain.length === 1)).toBe(true);
    }
  });

  it('gives a light-DOM element an xpath alternative that resolves to it', () => {
    document.body.innerHTML = '<section><p>one</p><p>two <em>here</em></p></section>';
    const em = document.querySelector('em')!;
    const xpath = byPrefix(em, 'xpath/');
    expect(xpath).toHaveLength(1);
    expect(resolveXpath(xpath[0]![0]!.slice('xpath/'.length))).toBe(em);
  });

  it('chains through an open shadow root: the host selector, then the inner selector', () => {
    document.body.innerHTML = '<button>Page button</button>';
    const { shadow } = shadowHost('cart-widget', '<div class="panel"><button>Remove</button><button>Checkout</button></div>');
    const checkout = shadow.querySelectorAll('button')[1]!;
    const css = expectCssResolves(checkout);
    expect(css).toHaveLength(1);
    expect(css[0]).toHaveLength(2);
    expect(css[0]![0]).toBe('#cart-widget');
    expect(shadow.querySelector(css[0]![1]!)).toBe(checkout);
  });

  it('chains through nested shadow roots, one selector per scope', () => {
    const outer = shadowHost('app', '<section><span>before</span></section>');
    const inner = shadowHost('dialog', '<p>Sure?</p><button>Yes</button><button>No</button>', outer.shadow.querySelector('section')!);
    const no = inner.shadow.querySelectorAll('button')[1]!;
    const css = expectCssResolves(no);
    expect(css[0]).toHaveLength(3);
    expect(css[0]![0]).toBe('#app');
  });

  it('resolves the second of two look-alike top-level buttons in a shadow root to that button', () => {
    const { shadow } = shadowHost('pager', '<button>Previous</button><button>Next</button>');
    const next = shadow.querySelectorAll('button')[1]!;
    expectCssResolves(next);
    const pierce = byPrefix(next, 'pierce/')[0]![0]!.slice('pierce/'.length);
    expect(shadow.querySelector(pierce)).toBe(next);
  });

  it('gives no xpath alternative to an element inside a shadow root', () => {
    const { shadow } = shadowHost('w', '<a href="/help">Help</a>');
    expect(byPrefix(shadow.querySelector('a')!, 'xpath/')).toEqual([]);
  });

  it('gives a pierce alternative with the innermost selector alone, resolving inside the shadow root', () => {
    const { shadow } = shadowHost('search-box', '<form><input name="q" placeholder="Search"></form>');
    const input = shadow.querySelector('input')!;
    const pierce = byPrefix(input, 'pierce/');
    expect(pierce).toEqual([['pierce/input[name="q"]']]);
    expect(shadow.querySelector(pierce[0]![0]!.slice('pierce/'.length))).toBe(input);
  });

  it('gives a text alternative for short text, none when masking would change it (no partial selector)', () => {
    document.body.innerHTML = '<button>Send to the shop</button><a href="/c">Send to jane@example.com</a>';
    expect(byPrefix(document.querySelector('button')!, 'text/')).toEqual([['text/Send to the shop']]);
    expect(byPrefix(document.querySelector('a')!, 'text/')).toEqual([]);
  });

  it('gives no text alternative for long text, for containers with many children, or for no text', () => {
    document.body.innerHTML = `
      <p id="long">${'a very long paragraph '.repeat(10)}</p>
      <div id="many"><span>a</span><span>b</span><span>c</span></div>
      <button id="empty"></button>`;
    expect(byPrefix(document.getElementById('long')!, 'text/')).toEqual([]);
    expect(byPrefix(document.getElementById('many')!, 'text/')).toEqual([]);
    expect(byPrefix(document.getElementById('empty')!, 'text/')).toEqual([]);
  });

  it('gives no aria alternative whose name masking would change, and still a CSS one', () => {
    document.body.innerHTML = '<button aria-label="Card 4111 1111 1111 1111">Pay</button>';
    const button = document.querySelector('button')!;
    expect(byPrefix(button, 'aria/')).toEqual([]);
    expect(JSON.stringify(recorderSelectors(button))).not.toMatch(/4111|\[card\]/);
    expectCssResolves(button);
  });

  it('every alternative is a non-empty array of non-empty strings', () => {
    const { shadow } = shadowHost('x-el', '<ul><li><a href="#">A</a></li><li><a href="#">B</a></li></ul>');
    document.body.insertAdjacentHTML('beforeend', '<table><tr><td>1</td><td>2</td></tr></table>');
    for (const el of [...Array.from(shadow.querySelectorAll('a')), ...Array.from(document.querySelectorAll('td'))]) {
      for (const alternative of recorderSelectors(el)) {
        expect(alternative.length).toBeGreaterThan(0);
        for (const part of alternative) expect(part.length).toBeGreaterThan(0);
      }
      expectCssResolves(el);
    }
  });
});
