// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createPrivateTextCache, memoTest, SEPARATOR, scanTexts } from '@/lib/page-recorder/private-texts';
import { isPrivateText } from '@/lib/privacy/private-text';

const personal = (text: string) => isPrivateText(text, 'balanced');
const never = () => undefined;

/** What a scan says to hide, by the text of each node and the tag of each element. */
function scan(test: (text: string) => boolean = personal): { texts: string[]; elements: string[] } {
  const found = scanTexts(document, test, never);
  return { texts: found.texts.map((node) => node.data), elements: found.elements.map((element) => element.id || element.localName) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('scanTexts', () => {
  it('never joins the cells of a table: rows of short ids are no token', () => {
    const rows = Array.from({ length: 5 }, (_, r) => `<tr>${Array.from({ length: 9 }, (_, c) => `<td>r${r}c${c}</td>`).join('')}</tr>`).join('');
    document.body.innerHTML = `<table><tbody>${rows}</tbody></table>`;
    // Joined without a break, a row reads as a token.
    expect(personal('r0c0r0c1r0c2r0c3r0c4r0c5r0c6r0c7r0c8')).toBe(true);
    const asked: string[] = [];
    expect(
      scan((text) => {
        asked.push(text);
        return personal(text);
      }),
    ).toEqual({ texts: [], elements: [] });
    expect(asked.some((text) => text.includes('r0c0r0c1'))).toBe(false);
  });

  it('hides the cell holding an e-mail, and that cell only', () => {
    document.body.innerHTML = '<table><tr><td>Sandrine</td><td id="mail">s.martin@example.org</td><td>Lyon</td></tr></table>';
    expect(scan()).toEqual({ texts: ['s.martin@example.org'], elements: [] });
  });

  it('finds a card number in a cell beside a number cell (a joined text of 20 digits hid it)', () => {
    expect(personal('12344242424242424242')).toBe(false);
    document.body.innerHTML = '<table><tr><td>1234</td><td>4242424242424242</td></tr></table>';
    expect(scan().texts).toEqual(['4242424242424242']);
    document.body.innerHTML = '<div><div>1234</div><div>4242424242424242</div></div>';
    expect(scan().texts).toEqual(['4242424242424242']);
  });

  it('hides the smallest element holding a text split across nodes', () => {
    document.body.innerHTML = `
      <p id="card">Card <b>4242 4242</b> 4242 <i>4242</i></p>
      <p id="line">Write to <span id="mail">sandrine<b>@</b>example.org</span> today</p>`;
    expect(scan()).toEqual({ texts: [], elements: ['card', 'mail'] });
  });

  it('hides a text node on its own, and its element too when the rest still holds a match', () => {
    document.body.innerHTML = '<p id="two">From <b>a@shop.example</b> to b@shop.example</p><p id="one">From <b>a@shop.example</b> to you</p>';
    expect(scan()).toEqual({ texts: ['a@shop.example', ' to b@shop.example', 'a@shop.example'], elements: [] });
    document.body.innerHTML = '<p id="two">From <b>a@shop.example</b> to 4242 <i>4242 4242</i> 4242</p>';
    expect(scan()).toEqual({ texts: ['a@shop.example'], elements: ['two'] });
  });

  it('breaks texts at blocks, also inside inline elements, and leaves out what is not drawn', () => {
    document.body.innerHTML = `
      <a href="/"><div>4242 4242</div><div>4242 4242</div></a>
      <p>4242 4242 <script>"4242 4242"</script></p>
      <p>4242 4242<br>4242 4242</p>
      <div data-parcours-ui><p>a@shop.example</p></div>
      <p>4242 4242 <textarea>4242 4242</textarea></p>`;
    expect(scan()).toEqual({ texts: [], elements: [] });
  });

  it('looks into a shadow root as a root of its own', () => {
    document.body.innerHTML = '<shop-box>Light text</shop-box>';
    const shadow = (document.querySelector('shop-box') as Element).attachShadow({ mode: 'open' });
    shadow.innerHTML = 'Mail <b>a@shop</b>.example <p>ok</p>';
    const found = scanTexts(shadow, personal, never);
    // Across the root's own texts: everything it draws directly is hidden.
    expect(found.elements.map((element) => element.localName)).toEqual(['b', 'p']);
    expect(found.texts.map((node) => node.data)).toEqual(['Mail ', '.example ']);
  });

  it('calls the clock as it goes, and stops when it throws', () => {
    document.body.innerHTML = '<p>x</p>'.repeat(2000);
    let looks = 0;
    expect(() =>
      scanTexts(document, personal, () => {
        if (++looks === 3) throw new Error('over');
      }),
    ).toThrow('over');
  });
});

describe('memoTest', () => {
  it('asks once per text, long texts every time', () => {
    const asked: string[] = [];
    const test = memoTest((text) => {
      asked.push(text);
      return text.includes('@');
    });
    expect([test('a@b'), test('a@b'), test('none'), test('none')]).toEqual([true, true, false, false]);
    const long = 'x'.repeat(5000);
    test(long);
    test(long);
    expect(asked).toEqual(['a@b', 'none', long, long]);
    test.clear();
    test('a@b');
    expect(asked).toHaveLength(5);
  });
});

describe('createPrivateTextCache', () => {
  const counting = () => {
    const asked: string[] = [];
    return {
      asked,
      test: (text: string) => {
        asked.push(text);
        return personal(text);
      },
    };
  };

  it('walks a root again only when it changed, the change made in this very task included', async () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<p id="a">Hello</p><p id="b">Mail a@shop.example</p>';
      const first = counting();
      expect(cache.find(document, 'k', first.test, never).texts.map((node) => node.data)).toEqual(['Mail a@shop.example']);
      const again = counting();
      expect(cache.find(document, 'k', again.test, never).texts).toHaveLength(1);
      expect(again.asked).toEqual([]);
      // Changed now, no microtask since: the observer's records are taken at the call.
      ((document.getElementById('a') as Element).firstChild as Text).data = 'Call 06 12 34 56 78';
      expect(
        cache
          .find(document, 'k', personal, never)
          .texts.map((node) => node.data)
          .sort(),
      ).toEqual(['Call 06 12 34 56 78', 'Mail a@shop.example']);
      // Changed, and the change delivered to the observer before the call.
      (document.getElementById('b') as Element).remove();
      await Promise.resolve();
      expect(cache.find(document, 'k', personal, never).texts.map((node) => node.data)).toEqual(['Call 06 12 34 56 78']);
      // Marked as Parcours' own: left out.
      (document.getElementById('a') as Element).setAttribute('data-parcours-ui', '');
      expect(cache.find(document, 'k', personal, never).texts).toEqual([]);
    } finally {
      cache.stop();
    }
  });

  it('walks again only the blocks a change touched', () => {
    const cache = createPrivateTextCache();
    try {
      const rows = Array.from({ length: 20 }, (_, r) => `<tr>${Array.from({ length: 5 }, (_, c) => `<td id="c${r}-${c}">r${r}c${c}</td>`).join('')}</tr>`);
      document.body.innerHTML = `<h1>Orders</h1><table><tbody>${rows.join('')}</tbody></table><p id="status">Ready</p>`;
      cache.find(document, 'k', personal, never);
      const later = counting();
      (document.getElementById('c3-2') as Element).textContent = 'a@shop.example';
      ((document.getElementById('status') as Element).firstChild as Text).data = 'Saved <b>now</b>';
      document.title = 'Orders (1)';
      expect(cache.find(document, 'k', later.test, never).texts.map((node) => node.data)).toEqual(['a@shop.example']);
      expect(later.asked.filter((text) => /r\d+c\d+/.test(text))).toEqual([]);
      expect(later.asked).toContain('Saved <b>now</b>');
      // A cell removed with what it said to hide; a row added with a card number.
      (document.getElementById('c3-2') as Element).remove();
      (document.querySelector('tbody') as Element).insertAdjacentHTML('beforeend', '<tr><td>4242 4242 4242 4242</td></tr>');
      expect(cache.find(document, 'k', personal, never).texts.map((node) => node.data)).toEqual(['4242 4242 4242 4242']);
      // The body replaced: walked whole.
      const body = document.createElement('body');
      body.innerHTML = '<p>b@shop.example</p>';
      document.documentElement.replaceChild(body, document.body);
      expect(cache.find(document, 'k', personal, never).texts.map((node) => node.data)).toEqual(['b@shop.example']);
    } finally {
      cache.stop();
    }
  });

  it('leaves out a change in what is not drawn as text (Parcours’ own UI, a script), and sees one that unmarks it', () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<div data-parcours-ui id="own"><p id="note">Note</p></div><script id="code"></script>';
      cache.find(document, 'k', personal, never);
      ((document.getElementById('note') as Element).firstChild as Text).data = 'a@shop.example';
      (document.getElementById('code') as Element).textContent = '"b@shop.example"';
      expect(cache.find(document, 'k', personal, never).texts).toEqual([]);
      (document.getElementById('own') as Element).removeAttribute('data-parcours-ui');
      expect(cache.find(document, 'k', personal, never).texts.map((node) => node.data)).toEqual(['a@shop.example']);
    } finally {
      cache.stop();
    }
  });

  it('walks the root whole after a storm of changes, and after a walk given up on', () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<p id="a">Hello</p><ul></ul>';
      cache.find(document, 'k', personal, never);
      const list = document.querySelector('ul') as Element;
      for (let i = 0; i < 1500; i++) list.append(Object.assign(document.createElement('li'), { textContent: `item ${i}` }));
      (list.lastChild as Element).textContent = 'c@shop.example';
      expect(cache.find(document, 'k', personal, never).texts.map((node) => node.data)).toEqual(['c@shop.example']);
      // Watched again after the storm.
      ((document.getElementById('a') as Element).firstChild as Text).data = 'd@shop.example';
      expect(
        cache
          .find(document, 'k', personal, never)
          .texts.map((node) => node.data)
          .sort(),
      ).toEqual(['c@shop.example', 'd@shop.example']);
      (list.firstChild as Element).textContent = 'e@shop.example';
      expect(() =>
        cache.find(document, 'k', personal, () => {
          throw new Error('over');
        }),
      ).toThrow('over');
      expect(cache.find(document, 'k', personal, never).texts).toHaveLength(3);
    } finally {
      cache.stop();
    }
  });

  it('starts afresh after stop: a change made while not watching is seen', async () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<p id="a">Hello</p>';
      expect(cache.find(document, 'k', personal, never).texts).toEqual([]);
      cache.stop();
      ((document.getElementById('a') as Element).firstChild as Text).data = 'a@shop.example';
      await Promise.resolve();
      expect(cache.find(document, 'k', personal, never).texts).toHaveLength(1);
      // Watched again.
      ((document.getElementById('a') as Element).firstChild as Text).data = 'Hello again';
      expect(cache.find(document, 'k', personal, never).texts).toEqual([]);
    } finally {
      cache.stop();
    }
  });

  it('walks again when the key changes, and watches each shadow root', () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<shop-box></shop-box>';
      const shadow = (document.querySelector('shop-box') as Element).attachShadow({ mode: 'open' });
      shadow.innerHTML = '<p>Hello</p>';
      expect(cache.find(shadow, 'k', personal, never).texts).toEqual([]);
      ((shadow.querySelector('p') as Element).firstChild as Text).data = 'a@shop.example';
      expect(cache.find(shadow, 'k', personal, never).texts).toHaveLength(1);
      const later = counting();
      expect(cache.find(shadow, 'other', later.test, never).texts).toHaveLength(1);
      expect(later.asked).toContain('a@shop.example');
    } finally {
      cache.stop();
    }
  });

  it('keeps a memo while its key stays, and starts it again when the key changes', () => {
    const cache = createPrivateTextCache();
    const asked: string[] = [];
    const echo = (text: string) => {
      asked.push(text);
      return text === 'Sandrine';
    };
    const first = cache.memo('echoes', '1:1', echo);
    expect([first('Sandrine'), first('Sandrine'), first('Lyon')]).toEqual([true, true, false]);
    expect(cache.memo('echoes', '1:1', echo)('Lyon')).toBe(false);
    expect(asked).toEqual(['Sandrine', 'Lyon']);
    expect(cache.memo('echoes', '1:2', echo)('Lyon')).toBe(false);
    expect(asked).toEqual(['Sandrine', 'Lyon', 'Lyon']);
    // Another name's memo is its own.
    expect(cache.memo('personal', 'balanced', personal)('a@shop.example')).toBe(true);
  });
});

it('SEPARATOR breaks every pattern of personal data', () => {
  for (const [left, right] of [
    ['4242 4242', '4242 4242'],
    ['sandrine', '@example.org'],
    ['06 12 34', '56 78'],
    ['12 rue', 'de la Paix'],
    ['75011', 'Paris'],
    ['GB82 WEST', ' 1234 5698'],
    ['aB3dE5gH7jK9', 'mN1pQ3rS5tU7'],
  ] as const) {
    expect([personal(left), personal(right)], `${left}|${right}`).toEqual([false, false]);
    expect(personal(`${left}${right}`) || personal(`${left} ${right}`), `${left}|${right}`).toBe(true);
    expect(personal(`${left}${SEPARATOR}${right}`), `${left}|${right}`).toBe(false);
  }
});

describe('createPrivateTextCache: changed blocks out of reach', () => {
  /** A reach the test decides: where each block is, whether the page is steady, and the wakes it holds. */
  function fakeReach() {
    const places = new Map<Node, 'walk' | 'wait' | 'far'>();
    const wakes = new Map<Node, () => void>();
    const done: Node[] = [];
    let steady = true;
    return {
      places,
      wakes,
      done,
      shake: () => {
        steady = false;
      },
      reach: {
        place: (block: Node) => places.get(block) ?? 'walk',
        unsteady: (moved: boolean) => moved || !steady,
        park: (block: Node, wake: () => void) => wakes.set(block, wake),
        done: (blocks: Iterable<Node>) => done.push(...blocks),
      },
    };
  }

  it('walks a changed block in reach, lets one off screen wait, sets a far one aside until woken', () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<p id="near">Hello</p><p id="off">Hello</p><p id="far">Hello</p>';
      const fake = fakeReach();
      const find = () => cache.find(document, 'k', personal, never, fake.reach).texts.map((node) => node.data);
      expect(find()).toEqual([]);
      const [near, off, far] = ['near', 'off', 'far'].map((id) => document.getElementById(id) as Element) as [Element, Element, Element];
      fake.places.set(off, 'wait');
      fake.places.set(far, 'far');
      for (const block of [near, off, far]) block.textContent = 'Mail a@shop.example';
      expect(find()).toEqual(['Mail a@shop.example']);
      expect(fake.wakes.has(far)).toBe(true);
      // The waiting one is looked at again: now in reach.
      fake.places.set(off, 'walk');
      expect(find()).toHaveLength(2);
      // The far one stays aside, whatever its place now, until the browser says it is near.
      fake.places.set(far, 'walk');
      expect(find()).toHaveLength(2);
      fake.wakes.get(far)?.();
      expect(find()).toHaveLength(3);
      expect(fake.done).toEqual(expect.arrayContaining([near, off, far]));
    } finally {
      cache.stop();
    }
  });

  it('looks at every block set aside again once the page may have moved past the measure', () => {
    const cache = createPrivateTextCache();
    try {
      document.body.innerHTML = '<p id="far">Hello</p><p id="other">Hello</p>';
      const fake = fakeReach();
      const find = () => cache.find(document, 'k', personal, never, fake.reach).texts.map((node) => node.data);
      find();
      const far = document.getElementById('far') as Element;
      fake.places.set(far, 'far');
      far.textContent = 'Mail a@shop.example';
      expect(find()).toEqual([]);
      fake.places.set(far, 'walk');
      fake.shake();
      // A change elsewhere makes the look; the page being unsteady brings the far block back.
      (document.getElementById('other') as Element).textContent = 'Bye';
      expect(find()).toEqual(['Mail a@shop.example']);
    } finally {
      cache.stop();
    }
  });
});
