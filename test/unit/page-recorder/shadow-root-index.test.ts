// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createShadowRootIndex, ROOTS_FRESH_MS } from '@/lib/page-recorder/shadow-root-index';

afterEach(() => {
  document.body.innerHTML = '';
});

function hostWith(tag: string, inner = '', mode: ShadowRootMode = 'open'): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode });
  root.innerHTML = inner;
  return { host, root };
}

/** A clock the test moves by hand. */
function clock(start = 0) {
  let at = start;
  return { now: () => at, pass: (ms: number) => (at += ms) };
}

describe('createShadowRootIndex', () => {
  it('finds the document and every open root, nested ones included, and closed ones through the extension view', () => {
    const outer = hostWith('shop-card', '<inner-price></inner-price>');
    const innerHost = outer.root.querySelector('inner-price') as HTMLElement;
    const inner = innerHost.attachShadow({ mode: 'open' });
    const closed = hostWith('secret-box', '<input>', 'closed');
    document.body.append(outer.host, closed.host);
    const index = createShadowRootIndex(clock().now);
    const view = (element: Element) => (element === closed.host ? closed.root : null);
    expect(index.roots(document, view)).toEqual([document, outer.root, closed.root, inner]);
    index.stop();
  });

  it('leaves Parcours’ own UI out', () => {
    const own = hostWith('parcours-overlay');
    own.host.setAttribute('data-parcours-ui', '');
    document.body.append(own.host);
    const index = createShadowRootIndex(clock().now);
    expect(index.roots(document)).toEqual([document]);
    index.stop();
  });

  it('finds a host added since the last look by walking what was added, not the document', () => {
    const time = clock();
    const index = createShadowRootIndex(time.now);
    expect(index.roots(document)).toEqual([document]);
    // Added in the same task as the look: taken from the observer's pending records.
    const card = hostWith('shop-card', '<nested-box></nested-box>');
    const nested = (card.root.querySelector('nested-box') as HTMLElement).attachShadow({ mode: 'open' });
    const wrapper = document.createElement('div');
    wrapper.append(card.host);
    document.body.append(wrapper);
    expect(index.roots(document)).toEqual([document, card.root, nested]);
    // An element added inside a root found: that root is watched too.
    const late = hostWith('late-box');
    card.root.append(late.host);
    expect(index.roots(document)).toEqual([document, card.root, nested, late.root]);
    index.stop();
  });

  it('drops a root whose host left the document, and finds it again when it comes back', () => {
    const card = hostWith('shop-card');
    document.body.append(card.host);
    const index = createShadowRootIndex(clock().now);
    expect(index.roots(document)).toEqual([document, card.root]);
    card.host.remove();
    expect(index.roots(document)).toEqual([document]);
    document.body.append(card.host);
    expect(index.roots(document)).toEqual([document, card.root]);
    index.stop();
  });

  it('sees a root attached without any DOM change at the first look once the last whole walk is a second old', () => {
    const time = clock();
    const plain = document.createElement('div');
    document.body.append(plain);
    const index = createShadowRootIndex(time.now);
    expect(index.roots(document)).toEqual([document]);
    const root = plain.attachShadow({ mode: 'open' });
    time.pass(ROOTS_FRESH_MS - 1);
    // No record announced it: within the second, the index still has what the whole walk found.
    expect(index.roots(document)).toEqual([document]);
    time.pass(1);
    expect(index.roots(document)).toEqual([document, root]);
    index.stop();
  });

  it('finds, a second on, a custom element upgraded late and a root attached in a root, without walking the document again', () => {
    const time = clock();
    const waiting = document.createElement('late-upgrade');
    const card = hostWith('shop-card', '<section></section>');
    document.body.append(waiting, card.host);
    const index = createShadowRootIndex(time.now);
    expect(index.roots(document)).toEqual([document, card.root]);
    let upgraded: ShadowRoot | null = null;
    customElements.define(
      'late-upgrade',
      class extends HTMLElement {
        constructor() {
          super();
          upgraded = this.attachShadow({ mode: 'open' });
          upgraded.innerHTML = '<div></div>';
        }
      },
    );
    const inCard = (card.root.querySelector('section') as HTMLElement).attachShadow({ mode: 'open' });
    // A root inside a root found late is found with it.
    const deeper = ((upgraded as unknown as ShadowRoot).querySelector('div') as HTMLElement).attachShadow({ mode: 'open' });
    const walkers: Node[] = [];
    const createTreeWalker = document.createTreeWalker.bind(document);
    document.createTreeWalker = ((root: Node, ...rest: [number?, NodeFilter?]) => {
      walkers.push(root);
      return createTreeWalker(root, ...rest);
    }) as typeof document.createTreeWalker;
    try {
      time.pass(ROOTS_FRESH_MS);
      expect(index.roots(document)).toEqual([document, card.root, upgraded, inCard, deeper]);
      // Only the roots found were walked, never the document.
      expect(walkers).not.toContain(document);
      expect(walkers).not.toContain(document.documentElement);
    } finally {
      document.createTreeWalker = createTreeWalker;
    }
    index.stop();
  });

  it('looks for late roots only on elements that can hold one: a table cell cannot', () => {
    const time = clock();
    document.body.innerHTML = '<table><tr><td>1</td></tr></table><p>text</p>';
    const index = createShadowRootIndex(time.now);
    expect(index.roots(document)).toEqual([document]);
    expect(() => (document.querySelector('td') as HTMLElement).attachShadow({ mode: 'open' })).toThrow();
    const root = (document.querySelector('p') as HTMLElement).attachShadow({ mode: 'open' });
    time.pass(ROOTS_FRESH_MS);
    expect(index.roots(document)).toEqual([document, root]);
    index.stop();
  });

  it('walks the document whole after a storm of additions, and after a stop', () => {
    const time = clock();
    const index = createShadowRootIndex(time.now);
    expect(index.roots(document)).toEqual([document]);
    const box = document.createElement('div');
    for (let i = 0; i < 2500; i++) box.append(document.createElement('span'));
    // Each span is its own record once the box is in: the overflow makes the look a whole walk.
    document.body.append(box);
    for (const span of Array.from(box.children)) {
      span.remove();
      box.append(span);
    }
    const host = box.firstElementChild as HTMLElement;
    const root = host.attachShadow({ mode: 'open' });
    expect(index.roots(document)).toEqual([document, root]);
    index.stop();
    const other = document.createElement('div');
    document.body.append(other);
    const second = other.attachShadow({ mode: 'open' });
    expect(index.roots(document)).toEqual([document, root, second]);
    index.stop();
  });

  it('starts afresh for another document or another view into closed roots', () => {
    const closed = hostWith('secret-box', '', 'closed');
    document.body.append(closed.host);
    const index = createShadowRootIndex(clock().now);
    expect(index.roots(document)).toEqual([document]);
    expect(index.roots(document, () => closed.root)).toEqual([document, closed.root]);
    const other = document.implementation.createHTMLDocument('other');
    expect(index.roots(other)).toEqual([other]);
    index.stop();
  });
});
