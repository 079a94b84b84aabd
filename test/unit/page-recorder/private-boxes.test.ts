// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rect } from '@/lib/capture/events';
import {
  createPrivateBoxesCache,
  echoesKey,
  findPrivateBoxes,
  PRIVATE_BOXES_BUDGET_MS,
  type PrivateBoxesOptions,
  trackScrolls,
} from '@/lib/page-recorder/private-boxes';
import { createEchoMatcher, typedValueHashes } from '@/lib/privacy/echoes';
import type { MaskingMode } from '@/lib/privacy/masking-mode';

// jsdom lays nothing out: each element draws where its `data-box="x y width height"` says (else nowhere), and a
// text where its parent element draws.
function boxOf(node: Node | null): Rect {
  const element = node?.nodeType === 1 ? (node as Element) : null;
  const values = element?.getAttribute('data-box')?.split(' ').map(Number);
  if (values?.length !== 4) return { x: 0, y: 0, width: 0, height: 0 };
  const [x, y, width, height] = values as [number, number, number, number];
  return { x, y, width, height };
}
const domRect = ({ x, y, width, height }: Rect) =>
  ({ x, y, width, height, left: x, top: y, right: x + width, bottom: y + height, toJSON: () => ({}) }) as DOMRect;
const originals = {
  bounding: Element.prototype.getBoundingClientRect,
  rects: Element.prototype.getClientRects,
  range: Range.prototype.getClientRects,
};

beforeEach(() => {
  Element.prototype.getBoundingClientRect = function (this: Element) {
    return domRect(boxOf(this));
  };
  Element.prototype.getClientRects = function (this: Element) {
    const box = boxOf(this);
    return (box.width > 0 ? [domRect(box)] : []) as unknown as DOMRectList;
  };
  Range.prototype.getClientRects = function (this: Range) {
    const node = this.startContainer;
    const box = boxOf(node.nodeType === 3 ? node.parentElement : node);
    return (box.width > 0 ? [domRect(box)] : []) as unknown as DOMRectList;
  };
});

afterEach(() => {
  Element.prototype.getBoundingClientRect = originals.bounding;
  Element.prototype.getClientRects = originals.rects;
  Range.prototype.getClientRects = originals.range;
  document.body.innerHTML = '';
});

function boxes(mode: MaskingMode, options: Partial<PrivateBoxesOptions> = {}): string[] {
  // A still clock: jsdom's styles are slow, and only one test is about the time budget.
  return findPrivateBoxes(window, { mode, alwaysBlur: [], now: () => 0, ...options }).boxes.map((box) => `${box.x} ${box.y}`);
}

/** A checkout form: each field on a row of its own (y = 10, 20, 30…). */
const FORM = `
  <form>
    <input data-box="0 10 100 8" id="full-name" autocomplete="name" value="Sandrine Martin">
    <input data-box="0 20 100 8" id="nickname">
    <input data-box="0 30 100 8" type="email" value="s@example.org">
    <input data-box="0 40 100 8" type="password">
    <input data-box="0 50 100 8" name="cardnumber" autocomplete="cc-number" value="4242">
    <input data-box="0 60 100 8" name="cvc">
    <input data-box="0 70 100 8" type="checkbox" checked id="gift-wrap">
    <select data-box="0 80 100 8"><option>Standard</option></select>
    <textarea data-box="0 90 100 8">Ring twice</textarea>
    <input data-box="0 100 100 8" type="hidden" value="token">
    <input data-box="0 110 100 8" type="submit" value="Go">
    <div data-box="0 120 100 8" contenteditable="true">typed <b>here</b></div>
    <div data-box="0 130 100 8" role="textbox"></div>
  </form>`;

describe('findPrivateBoxes: fields', () => {
  it('strict: every field, filled or not (no hidden input, no button)', () => {
    document.body.innerHTML = FORM;
    expect(boxes('strict')).toEqual(['0 10', '0 20', '0 30', '0 40', '0 50', '0 60', '0 70', '0 80', '0 90', '0 120', '0 130']);
  });

  it('balanced: every field holding a value, and the sensitive ones', () => {
    document.body.innerHTML = FORM;
    // Not: the empty nickname, the unchecked-or-checked gift box, the empty custom text box.
    expect(boxes('balanced')).toEqual(['0 10', '0 30', '0 40', '0 50', '0 60', '0 80', '0 90', '0 120']);
  });

  it('relaxed: passwords, payment fields and sensitive ones only; a plain name stays readable', () => {
    document.body.innerHTML = FORM;
    expect(boxes('relaxed')).toEqual(['0 30', '0 40', '0 50', '0 60']);
  });

  it('looks into open shadow roots, and closed ones where the browser lets it', () => {
    document.body.innerHTML = '<shop-box data-box="0 0 200 50"></shop-box><secret-box></secret-box>';
    const open = (document.querySelector('shop-box') as Element).attachShadow({ mode: 'open' });
    open.innerHTML = '<input data-box="5 5 50 10" value="2">';
    const closed = (document.querySelector('secret-box') as Element).attachShadow({ mode: 'closed' });
    closed.innerHTML = '<input data-box="5 25 50 10" type="password">';
    expect(boxes('strict')).toEqual(['5 5']);
    expect(boxes('strict', { closedShadowRoot: (element) => (element.localName === 'secret-box' ? closed : null) })).toEqual(['5 5', '5 25']);
  });

  it('leaves Parcours’ own UI out, and what is out of view', () => {
    document.body.innerHTML = '<div data-parcours-ui><textarea data-box="0 0 10 10">note</textarea></div><input data-box="0 5000 10 10" value="x">';
    expect(boxes('strict')).toEqual([]);
  });
});

describe('findPrivateBoxes: texts', () => {
  it('hides a text that holds an e-mail or a card number in strict and balanced, none in relaxed', () => {
    document.body.innerHTML = `
      <p data-box="0 0 300 10">Welcome back</p>
      <p data-box="0 10 300 10">Receipt sent to <span data-box="100 10 120 10">sandrine.martin@example.org</span> today</p>
      <p data-box="0 20 300 10">Card 4242 4242 4242 4242</p>`;
    expect(boxes('balanced')).toEqual(['100 10', '0 20']);
    expect(boxes('strict')).toEqual(['100 10', '0 20']);
    expect(boxes('relaxed')).toEqual([]);
  });

  it('hides the element holding a number split across elements, but never joins the texts of two blocks', () => {
    document.body.innerHTML = `
      <p data-box="0 0 300 10"><b>4242</b> 4242 <i>4242</i> 4242</p>
      <div data-box="0 20 300 30"><div data-box="0 20 300 10">2024</div><div data-box="0 30 300 10">12345678</div></div>`;
    expect(boxes('balanced')).toEqual(['0 0']);
  });

  it('asks the echo seam about the texts it considers', () => {
    document.body.innerHTML = '<p data-box="0 0 300 10">Shipping to Sandrine Martin</p>';
    const echo = (text: string, mode: MaskingMode) => mode !== 'relaxed' && text.includes('Sandrine');
    expect(boxes('balanced', { isPrivateText: echo })).toEqual(['0 0']);
    expect(boxes('balanced')).toEqual([]);
  });

  it('gives up on a page that takes too long: the whole viewport is hidden', () => {
    document.body.innerHTML = '<p data-box="0 0 300 10">a@b.example</p>'.repeat(5);
    let time = 0;
    // Each look at the clock moves it by a fifth of the budget: the work is over budget before it ends.
    const answer = findPrivateBoxes(window, { mode: 'balanced', alwaysBlur: [], now: () => (time += PRIVATE_BOXES_BUDGET_MS / 5) });
    expect(answer.boxes).toEqual([{ x: 0, y: 0, width: window.innerWidth, height: window.innerHeight }]);
  });
});

describe('findPrivateBoxes: texts, wherever they are drawn', () => {
  // No ancestor's box decides whether a text is looked at: only the text's own boxes are measured.
  it('hides a text drawn in view whose ancestors are drawn out of it (position: fixed, sticky, a transform)', () => {
    document.body.innerHTML = `
      <div data-box="0 5000 300 10"><p data-box="0 5000 300 10">Far</p><p style="position: fixed" data-box="10 10 200 10">Call 06 12 34 56 78</p></div>
      <section data-box="-900 0 10 10"><span data-box="20 30 200 10">s.martin@example.org</span></section>`;
    expect(boxes('balanced')).toEqual(['10 10', '20 30']);
  });

  it('hides what a scrolled container shows, as far as it is in view, and nothing of what it scrolled away', () => {
    document.body.innerHTML = `
      <div style="overflow: auto" data-box="0 0 300 100">
        <p data-box="0 -40 300 10">Mail a@shop.example</p>
        <p data-box="0 95 300 10">Card 4242 4242 4242 4242</p>
      </div>`;
    const answer = findPrivateBoxes(window, { mode: 'balanced', alwaysBlur: [], now: () => 0 });
    expect(answer.boxes).toEqual([{ x: 0, y: 95, width: 300, height: 10 }]);
  });

  it('keeps the part in view of a text just inside an edge, nothing of one just outside', () => {
    const { innerWidth: width, innerHeight: height } = window;
    document.body.innerHTML = `
      <p data-box="0 ${height - 1} 300 10">a@shop.example</p>
      <p data-box="0 ${height} 300 10">b@shop.example</p>
      <p data-box="${width - 2} 10 300 10">c@shop.example</p>
      <p data-box="-300 20 300 10">d@shop.example</p>`;
    const answer = findPrivateBoxes(window, { mode: 'balanced', alwaysBlur: [], now: () => 0 });
    expect(answer.boxes).toEqual([
      { x: width - 2, y: 10, width: 2, height: 10 },
      { x: 0, y: height - 1, width: 300, height: 1 },
    ]);
  });

  it('finds an e-mail in a cell of a big table, and nothing in cells that only look like a token when joined', () => {
    const rows = Array.from(
      { length: 50 },
      (_, r) => `<tr>${Array.from({ length: 9 }, (_, c) => `<td data-box="${c * 30} ${r * 10} 30 10">r${r}c${c}</td>`).join('')}</tr>`,
    );
    rows[7] =
      '<tr><td data-box="0 70 30 10">Sandrine</td><td data-box="30 70 90 10">s.martin@example.org</td><td data-box="120 70 30 10">1234</td><td data-box="150 70 90 10">4242424242424242</td></tr>';
    document.body.innerHTML = `<table data-box="0 0 300 500"><tbody data-box="0 0 300 500">${rows.join('')}</tbody></table>`;
    expect(boxes('balanced')).toEqual(['30 70', '150 70']);
  });

  it('hides a text split across nodes by the smallest element holding it', () => {
    document.body.innerHTML = '<p data-box="0 0 300 10">Write to <span data-box="60 0 120 10">sandrine<b>@</b>example.org</span> today</p>';
    expect(boxes('balanced')).toEqual(['60 0']);
  });

  it('with a cache: finds what changed since, and the echoes of a value typed since', () => {
    const cache = createPrivateBoxesCache();
    try {
      document.body.innerHTML = '<p data-box="0 0 300 10">Hello</p><p data-box="0 20 300 10">Shipping to Sandrine</p>';
      const echoes = createEchoMatcher('salt');
      const find = () =>
        findPrivateBoxes(window, {
          mode: 'balanced',
          alwaysBlur: [],
          now: () => 0,
          cache,
          echo: (text) => echoes.findEchoes(text).length > 0,
          echoKey: echoesKey(echoes),
        }).boxes.map((box) => `${box.x} ${box.y}`);
      expect(find()).toEqual([]);
      echoes.add(typedValueHashes('salt', 'Sandrine Martin'));
      expect(find()).toEqual(['0 20']);
      (document.querySelector('p') as Element).textContent = 'Mail a@shop.example';
      expect(find()).toEqual(['0 0', '0 20']);
      expect(boxes('relaxed', { cache })).toEqual([]);
    } finally {
      cache.stop();
    }
  });
});

describe('findPrivateBoxes: with a cache, blocks changed off screen', () => {
  it('walks a changed block once it is in reach, not before, and hides it then', () => {
    const cache = createPrivateBoxesCache();
    try {
      // jsdom's viewport: 1024 × 768. The second row is far below it.
      document.body.innerHTML =
        '<table><tbody><tr><td data-box="0 0 100 10">r0</td></tr><tr><td id="far" data-box="0 5000 100 10">r1</td></tr></tbody></table>';
      const asked: string[] = [];
      const find = () =>
        findPrivateBoxes(window, {
          mode: 'balanced',
          alwaysBlur: [],
          now: () => 0,
          cache,
          isPrivateText: (text) => {
            asked.push(text);
            return text.includes('@');
          },
        }).boxes.map((box) => `${box.x} ${box.y}`);
      expect(find()).toEqual([]);
      const far = document.getElementById('far') as Element;
      far.textContent = 'Mail a@shop.example';
      asked.length = 0;
      // Off screen: not tested (and nothing of it would show).
      expect(find()).toEqual([]);
      expect(asked).toEqual([]);
      // Scrolled into view (a layout change, no DOM change): the block waiting is walked and hidden.
      far.setAttribute('data-box', '0 100 100 10');
      expect(find()).toEqual(['0 100']);
      expect(asked).toContain('Mail a@shop.example');
      // Walked: not again at the next look.
      asked.length = 0;
      expect(find()).toEqual(['0 100']);
      expect(asked).toEqual([]);
    } finally {
      cache.stop();
    }
  });

  it('a private block changed off screen to hold nothing private hides nothing once back in view', () => {
    const cache = createPrivateBoxesCache();
    try {
      document.body.innerHTML = '<div data-box="0 0 100 10">Top</div><p id="p" data-box="0 200 300 10"><span data-box="0 200 300 10">a@shop.example</span></p>';
      const find = () => boxes('balanced', { cache });
      expect(find()).toEqual(['0 200']);
      const p = document.getElementById('p') as Element;
      const span = p.querySelector('span') as Element;
      const place = (y: number) => {
        p.setAttribute('data-box', `0 ${y} 300 10`);
        span.setAttribute('data-box', `0 ${y} 300 10`);
      };
      place(5000);
      span.textContent = 'nothing private';
      expect(find()).toEqual([]);
      place(200);
      expect(find()).toEqual([]);
    } finally {
      cache.stop();
    }
  });
});

describe('findPrivateBoxes: with a cache, fields and marked elements', () => {
  it('sees a value typed since (no change of the DOM), and fields, marks and editable regions added since', () => {
    const cache = createPrivateBoxesCache();
    try {
      document.body.innerHTML = '<input data-box="0 0 100 8"><div data-box="0 20 100 8">Note</div><div id="slot"></div>';
      const find = () => boxes('balanced', { cache });
      expect(find()).toEqual([]);
      (document.querySelector('input') as HTMLInputElement).value = 'typed';
      expect(find()).toEqual(['0 0']);
      (document.querySelector('div') as Element).setAttribute('contenteditable', 'true');
      expect(find()).toEqual(['0 0', '0 20']);
      (document.getElementById('slot') as Element).innerHTML =
        '<span data-box="0 40 100 8" data-parcours-mask>Loyalty</span><textarea data-box="0 60 100 8">x</textarea>';
      expect(find()).toEqual(['0 0', '0 20', '0 40', '0 60']);
      (document.querySelector('textarea') as Element).remove();
      expect(find()).toEqual(['0 0', '0 20', '0 40']);
    } finally {
      cache.stop();
    }
  });
});

describe('findPrivateBoxes: marked and chosen elements', () => {
  it('hides [data-parcours-mask] and the tester’s always-blur elements in every mode, into shadow roots', () => {
    document.body.innerHTML = `
      <div data-box="0 0 100 10" data-parcours-mask>Loyalty number</div>
      <h2 data-box="0 20 100 10" id="promo">Hello Sandrine</h2>
      <shop-box data-box="0 40 100 30"></shop-box>`;
    const shadow = (document.querySelector('shop-box') as Element).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span data-box="0 50 20 10" class="qty">2</span>';
    for (const mode of ['strict', 'balanced', 'relaxed'] as const)
      expect(boxes(mode, { alwaysBlur: ['#promo', 'shop-box >>> .qty', 'p[', '#nowhere'] }), mode).toEqual(['0 0', '0 20', '0 50']);
  });
});

describe('findPrivateBoxes: iframes', () => {
  it('says where each iframe’s content shows (borders and padding inside), its viewport, and its source', () => {
    document.body.innerHTML = '<iframe data-box="100 200 406 206" src="https://pay.example/card"></iframe>';
    const frame = document.querySelector('iframe') as HTMLIFrameElement;
    frame.style.padding = '1px';
    for (const [name, value] of Object.entries({ clientWidth: 402, clientHeight: 202, clientLeft: 2, clientTop: 2, offsetWidth: 406, offsetHeight: 206 }))
      Object.defineProperty(frame, name, { value });
    const answer = findPrivateBoxes(window, { mode: 'relaxed', alwaysBlur: [], now: () => 0 });
    expect(answer.slots).toEqual([
      { src: 'https://pay.example/card', box: { x: 103, y: 203, width: 400, height: 200 }, viewportWidth: 400, viewportHeight: 200, skewed: false },
    ]);
    expect(answer.viewport).toEqual({ width: window.innerWidth, height: window.innerHeight });
  });

  it('calls an iframe drawn rotated skewed', () => {
    document.body.innerHTML = '<div style="transform: rotate(10deg)"><iframe data-box="0 0 100 100" src="https://pay.example/"></iframe></div>';
    const frame = document.querySelector('iframe') as HTMLIFrameElement;
    for (const [name, value] of Object.entries({ clientWidth: 100, clientHeight: 100, offsetWidth: 100, offsetHeight: 100 }))
      Object.defineProperty(frame, name, { value });
    const original = window.getComputedStyle;
    window.getComputedStyle = ((element: Element) => {
      const style = original(element);
      return element.localName === 'div' ? ({ ...style, transform: 'matrix(0.98, 0.17, -0.17, 0.98, 0, 0)', paddingLeft: '0' } as CSSStyleDeclaration) : style;
    }) as typeof window.getComputedStyle;
    try {
      expect(findPrivateBoxes(window, { mode: 'relaxed', alwaysBlur: [], now: () => 0 }).slots[0]?.skewed).toBe(true);
    } finally {
      window.getComputedStyle = original;
    }
  });
});

describe('findPrivateBoxes: a frame painted before a scroll', () => {
  it('hides each box also where it was at the scroll positions given, those now out of view included', () => {
    document.body.innerHTML = '<input data-box="0 10 100 8" value="a"><input data-box="0 -50 100 8" value="b">';
    Object.defineProperty(window, 'scrollY', { value: 200, configurable: true });
    try {
      // Scrolled down by 200 px just now: painted before, the fields were 200 px lower.
      expect(boxes('balanced', { pastScrolls: [{ x: 0, y: 0 }] })).toEqual(['0 10', '0 150', '0 210']);
      // Many places: the whole stretch.
      const many = Array.from({ length: 10 }, (_, i) => ({ x: 0, y: i * 20 }));
      const answer = findPrivateBoxes(window, { mode: 'balanced', alwaysBlur: [], pastScrolls: many, now: () => 0 });
      expect(answer.boxes).toEqual([{ x: 0, y: 0, width: 100, height: 218 }]);
    } finally {
      Object.defineProperty(window, 'scrollY', { value: 0, configurable: true });
    }
  });

  it('keeps where the window was scrolled lately, and the place held before', () => {
    let time = 1000;
    const history = trackScrolls(window, () => time);
    try {
      const scroll = (y: number) => {
        Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
        window.dispatchEvent(new Event('scroll'));
      };
      time = 2000;
      scroll(100);
      time = 2500;
      scroll(300);
      expect(history.since(2200)).toEqual([
        { x: 0, y: 100 },
        { x: 0, y: 300 },
      ]);
      expect(history.since(500)).toEqual([
        { x: 0, y: 0 },
        { x: 0, y: 100 },
        { x: 0, y: 300 },
      ]);
      expect(history.since(3000)).toEqual([{ x: 0, y: 300 }]);
    } finally {
      history.stop();
      Object.defineProperty(window, 'scrollY', { value: 0, configurable: true });
    }
  });
});
