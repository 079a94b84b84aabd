/**
 * Which of a page's texts must not be readable in a screenshot (lib/page-recorder/private-boxes.ts measures
 * them). A text is tested as it is drawn together: the text nodes of one block (a `<p>`, a `<td>`, a `<div>`),
 * inline elements included, with every nested block, and every element whose text is not drawn, as a break
 * no pattern runs across. So cells are never joined (`r5c0r5c1…` is no token), the cost is the length of the
 * page's texts, not that times its depth, and every block is tested: no pre-test over a joined text lets a
 * match through (a card number in a cell beside a "1234" cell was missed when the whole text was a 20-digit run).
 *
 * What is hidden: a text node that holds a match on its own; an element whose texts hold a match only together
 * (`<b>4242</b> 4242 4242 4242`), the smallest such, with what is already hidden cut out of its text.
 *
 * Verdicts are remembered by text (a table's 9,000 cells are tested once, then when they change), and what a
 * root says to hide is kept until its DOM changes (a MutationObserver per root): a press and the capture after
 * it on a page that did not change cost a look at the observer.
 */
import { OWN_UI_ATTRIBUTE } from './context';

/** Elements whose text is not drawn as page text (or is a field's, found as a field). */
export const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'option', 'head', 'title']);
/** Elements between which a line breaks: texts of two of them do not run together. */
export const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
/**
 * What stands for a part already hidden, a block, or an undrawn element when texts are joined: no pattern of
 * lib/privacy/pii.ts, masker.ts or echoes.ts' words runs across it.
 */
export const SEPARATOR = '\n\u2029\n';

export type Root = Document | ShadowRoot;

/** What a root's texts say to hide. */
export interface PrivateTexts {
  /** Text nodes holding a match on their own. */
  texts: Text[];
  /** Elements whose texts hold a match only together: the element and everything drawn in it is hidden. */
  elements: Element[];
}

/** Texts longer than this are tested each time (a whole page's run of inline text): remembering them would cost memory for nothing. */
const MEMO_MAX_CHARS = 2000;
/** Past this many remembered verdicts the memory starts again. */
const MEMO_MAX_ENTRIES = 50_000;
/** The clock is looked at every this many nodes. */
const CHECK_EVERY = 256;

/** A text test that remembers its answers (until `clear`). */
export interface MemoTest {
  (text: string): boolean;
  clear(): void;
}

export function memoTest(test: (text: string) => boolean): MemoTest {
  const verdicts = new Map<string, boolean>();
  const memo = ((text: string) => {
    if (text.length > MEMO_MAX_CHARS) return test(text);
    const known = verdicts.get(text);
    if (known !== undefined) return known;
    const verdict = test(text);
    if (verdicts.size >= MEMO_MAX_ENTRIES) verdicts.clear();
    verdicts.set(text, verdict);
    return verdict;
  }) as MemoTest;
  memo.clear = () => verdicts.clear();
  return memo;
}

function cut(text: string): string {
  return text.endsWith(SEPARATOR) ? text : text + SEPARATOR;
}

/**
 * Walks a root's texts (a document's body, a shadow root) and says what to hide. `check` is called now and
 * then (it throws when the time is up). Elements holding their own shadow root are walked as the document
 * has them (their light children); the shadow root is a root of its own.
 */
export function scanTexts(root: Root, test: (text: string) => boolean, check: () => void): PrivateTexts {
  const found: PrivateTexts = { texts: [], elements: [] };
  let seen = 0;
  // An element's text as drawn together (`flat`), and the same with what is already hidden cut out (`rest`).
  const walk = (parent: Node): { flat: string; rest: string } => {
    let flat = '';
    let rest = '';
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (++seen % CHECK_EVERY === 0) check();
      const type = child.nodeType;
      if (type === 3) {
        const data = (child as Text).data;
        if (data === '') continue;
        flat += data;
        if (test(data)) {
          found.texts.push(child as Text);
          rest = cut(rest);
        } else rest += data;
        continue;
      }
      if (type !== 1) continue;
      const element = child as Element;
      const tag = element.localName;
      if (NO_TEXT.has(tag) || element.hasAttribute(OWN_UI_ATTRIBUTE)) {
        flat = cut(flat);
        rest = cut(rest);
        continue;
      }
      const inner = walk(element);
      if (inner.rest !== '' && test(inner.rest)) found.elements.push(element);
      if (BLOCKS.has(tag)) {
        flat = cut(flat);
        rest = cut(rest);
      } else {
        flat += inner.flat;
        // A part holding a match was dealt with inside it.
        if (inner.flat !== '' && test(inner.flat)) rest = cut(rest);
        else rest += inner.flat;
      }
    }
    return { flat, rest };
  };
  if (root.nodeType === 9) {
    const doc = root as Document;
    const top = doc.body ?? doc.documentElement;
    if (top) {
      const { rest } = walk(top);
      if (rest !== '' && test(rest)) found.elements.push(top);
    }
  } else {
    const { rest } = walk(root);
    if (rest !== '' && test(rest)) {
      // A shadow root is no element: what it draws directly is hidden piece by piece.
      for (let child = root.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 1) found.elements.push(child as Element);
        else if (child.nodeType === 3) found.texts.push(child as Text);
      }
    }
  }
  return found;
}

interface RootEntry {
  key: string;
  observer: MutationObserver;
  dirty: boolean;
  found: PrivateTexts | null;
}

/**
 * What each root says to hide, kept between screenshots: a root is walked again when its DOM changed (text,
 * children, Parcours' own UI marked or unmarked) or when what counts as private did (`key`: the mode, the
 * echoes known). Verdicts are remembered by text across walks (`memo`).
 */
export interface PrivateTextCache {
  /** `test`, remembering its verdicts while `key` stays the same (the caller says by the key that its answers do). */
  memo(name: string, key: string, test: (text: string) => boolean): (text: string) => boolean;
  find(root: Root, key: string, test: (text: string) => boolean, check: () => void): PrivateTexts;
  /** Stops watching every root. */
  stop(): void;
}

export function createPrivateTextCache(): PrivateTextCache {
  const entries = new WeakMap<Root, RootEntry>();
  const observers = new Set<MutationObserver>();
  interface Memo {
    key: string;
    current: (text: string) => boolean;
    test: MemoTest;
  }
  const memos = new Map<string, Memo>();
  return {
    memo(name, key, test) {
      let memo = memos.get(name);
      if (!memo || memo.key !== key) {
        const created: Memo = { key, current: test, test: memoTest((text: string): boolean => created.current(text)) };
        memos.set(name, created);
        memo = created;
      }
      memo.current = test;
      return memo.test;
    },
    find(root, key, test, check) {
      let entry = entries.get(root);
      if (!entry) {
        const View = (root.ownerDocument ?? (root as Document)).defaultView?.MutationObserver ?? MutationObserver;
        const created: RootEntry = { key, observer: new View(() => (created.dirty = true)), dirty: true, found: null };
        created.observer.observe(root, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: [OWN_UI_ATTRIBUTE],
        });
        observers.add(created.observer);
        entries.set(root, created);
        entry = created;
      }
      // Changes made in this very task are not delivered yet: taken here.
      if (entry.observer.takeRecords().length > 0) entry.dirty = true;
      if (entry.found && !entry.dirty && entry.key === key) return entry.found;
      // Forgotten before the walk: one given up on (over time) leaves nothing kept.
      entry.found = null;
      const found = scanTexts(root, test, check);
      entry.found = found;
      entry.key = key;
      entry.dirty = false;
      return found;
    },
    stop() {
      for (const observer of observers) observer.disconnect();
      observers.clear();
    },
  };
}
