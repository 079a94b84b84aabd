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
/** Past this many characters of remembered texts (a few MB) the memory starts again. */
const MEMO_MAX_TOTAL_CHARS = 2_000_000;
/** The clock is looked at every this many nodes. */
const CHECK_EVERY = 256;

/** A text test that remembers its answers (until `clear`). */
export interface MemoTest {
  (text: string): boolean;
  clear(): void;
}

export function memoTest(test: (text: string) => boolean): MemoTest {
  const verdicts = new Map<string, boolean>();
  let chars = 0;
  const memo = ((text: string) => {
    if (text.length > MEMO_MAX_CHARS) return test(text);
    const known = verdicts.get(text);
    if (known !== undefined) return known;
    const verdict = test(text);
    if (chars + text.length > MEMO_MAX_TOTAL_CHARS) memo.clear();
    verdicts.set(text, verdict);
    chars += text.length;
    return verdict;
  }) as MemoTest;
  memo.clear = () => {
    verdicts.clear();
    chars = 0;
  };
  return memo;
}

function cut(text: string): string {
  return text.endsWith(SEPARATOR) ? text : text + SEPARATOR;
}

/** What each block (or a root's top) says to hide of its own line: its text nodes and inline elements, itself. */
type Findings = Map<Node, PrivateTexts>;

/** The top a root's texts are walked from: a document's body (its element when it has none), a shadow root itself. */
function topOf(root: Root): Node | null {
  if (root.nodeType !== 9) return root;
  const doc = root as Document;
  return doc.body ?? doc.documentElement;
}

/**
 * Walks `scope` (a block, or a root's top) and every block in it, and notes in `findings` what each says to
 * hide. `check` is called now and then (it throws when the time is up).
 */
function walkScope(scope: Node, findings: Findings, test: (text: string) => boolean, check: () => void): void {
  check();
  let seen = 0;
  // An element's text as drawn together (`flat`), and the same with what is already hidden cut out (`rest`).
  const walk = (parent: Node, own: PrivateTexts): { flat: string; rest: string } => {
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
          own.texts.push(child as Text);
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
      if (BLOCKS.has(tag)) {
        block(element);
        flat = cut(flat);
        rest = cut(rest);
        continue;
      }
      const inner = walk(element, own);
      if (inner.rest !== '' && test(inner.rest)) own.elements.push(element);
      flat += inner.flat;
      // A part holding a match was dealt with inside it.
      if (inner.flat !== '' && test(inner.flat)) rest = cut(rest);
      else rest += inner.flat;
    }
    return { flat, rest };
  };
  const block = (element: Node) => {
    const own: PrivateTexts = { texts: [], elements: [] };
    const { rest } = walk(element, own);
    if (rest !== '' && test(rest)) {
      if (element.nodeType === 1) own.elements.push(element as Element);
      // A shadow root is no element: what it draws directly is hidden piece by piece.
      else
        for (let child = element.firstChild; child; child = child.nextSibling) {
          if (child.nodeType === 1) own.elements.push(child as Element);
          else if (child.nodeType === 3) own.texts.push(child as Text);
        }
    }
    if (own.texts.length > 0 || own.elements.length > 0) findings.set(element, own);
  };
  block(scope);
}

function union(findings: Findings): PrivateTexts {
  const all: PrivateTexts = { texts: [], elements: [] };
  for (const own of findings.values()) {
    all.texts.push(...own.texts);
    all.elements.push(...own.elements);
  }
  return all;
}

/**
 * Walks a root's texts (a document's body, a shadow root) and says what to hide. Elements holding their own
 * shadow root are walked as the document has them (their light children); the shadow root is a root of its own.
 */
export function scanTexts(root: Root, test: (text: string) => boolean, check: () => void): PrivateTexts {
  const findings: Findings = new Map();
  const top = topOf(root);
  if (top) walkScope(top, findings, test, check);
  return union(findings);
}

/**
 * The block (or the top) whose line a change at `node` touches; `undrawn` when the node is in an element whose
 * text is not walked (a script, Parcours' own UI), `outside` when it is not under the top.
 */
function scopeOf(node: Node | null, top: Node): Node | 'undrawn' | 'outside' {
  let scope: Node | null = null;
  for (let current = node; current; current = current.parentNode) {
    if (current === top) return scope ?? top;
    if (current.nodeType !== 1) continue;
    const element = current as Element;
    if (NO_TEXT.has(element.localName) || element.hasAttribute(OWN_UI_ATTRIBUTE)) return 'undrawn';
    if (!scope && BLOCKS.has(element.localName)) scope = element;
  }
  return 'outside';
}

/** Whether a change may change what a selector finds: an element came or went, or a watched attribute changed (a text set is neither). */
function changesLists(record: MutationRecord): boolean {
  if (record.type === 'attributes') return record.attributeName !== OWN_UI_ATTRIBUTE;
  if (record.type !== 'childList') return false;
  for (const node of record.addedNodes) if (node.nodeType === 1) return true;
  for (const node of record.removedNodes) if (node.nodeType === 1) return true;
  return false;
}

/** Which changed blocks a look walks: those that may show in the image. */
export interface ReachTest {
  /**
   * What to do with a changed block now: walk it (its content may show in the image), let it wait (off screen,
   * looked at again next time), or set it aside (far from the screen: `park`).
   */
  place(block: Node): 'walk' | 'wait' | 'far';
  /**
   * Whether the blocks set aside must all be looked at again: the page may have moved further than the measure
   * that set them aside can vouch for. `moved`: elements were added to or removed from the root since the last look.
   */
  unsteady(moved: boolean): boolean;
  /** Sets a far block aside until `wake` is called (the browser measured it near). */
  park(block: Node, wake: () => void): void;
  /** Blocks no longer waiting: walked, gone, or walked with the whole root. */
  done(blocks: Iterable<Node>): void;
}

/** Past this many changes between two looks, the root is walked whole (cheaper than sorting them out). */
const MAX_PENDING = 1000;
const MAX_SCOPES = 300;
/** Past this many changed blocks waiting off screen, or set aside far from it, the root is walked whole. */
const MAX_DIRTY = 5000;
const MAX_PARKED = 20_000;

/** The blocks of `scopes` that are inside none of the others. */
function outermost(scopes: Set<Node>, top: Node): Node[] {
  return [...scopes].filter((scope) => {
    for (let parent = scope.parentNode; parent && parent !== top; parent = parent.parentNode) if (scopes.has(parent)) return false;
    return true;
  });
}

interface RootEntry {
  key: string;
  observer: MutationObserver;
  /** Not watching (after a storm of changes): whatever is kept is walked or looked up again. */
  off: boolean;
  /** Walk the whole root at the next look (nothing kept yet, too many changes, a walk given up on). */
  full: boolean;
  pending: MutationRecord[];
  /**
   * Blocks changed since they were last walked and not yet walked again, because they were out of reach (off
   * screen): walked when a look finds them in reach. What they said to hide before stays meanwhile.
   */
  dirty: Set<Node>;
  /** Changed blocks far from the screen, set aside until the browser measures them near (ReachTest.park). */
  parked: Set<Node>;
  /** Elements were added or removed (or a watched attribute changed) since the last look. */
  moved: boolean;
  /** The top walked, and what each of its blocks says to hide. */
  top: Node | null;
  findings: Findings;
  /** What the selector engine found in the root (fields, marked elements, iframes), until children or their attributes change. */
  lists: unknown;
}

/**
 * The blocks to walk again for the changes seen (none of them inside another), or null when the whole root is
 * to be walked (a change above the top, too many blocks).
 */
function scopesToWalk(records: readonly MutationRecord[], top: Node): Node[] | null {
  const scopes = new Set<Node>();
  for (const record of records) {
    // Parcours' mark on an element changes whether its parent's line holds it; other attributes do not touch texts.
    if (record.type === 'attributes' && record.attributeName !== OWN_UI_ATTRIBUTE) continue;
    const at = record.type === 'attributes' ? record.target.parentNode : record.target;
    const scope = scopeOf(at, top);
    if (scope === top) return null;
    if (scope === 'outside') {
      // The document's head, or a change above the body: then it is walked whole.
      if (record.target.contains(top)) return null;
    } else if (scope !== 'undrawn') scopes.add(scope);
    if (scopes.size > MAX_SCOPES) return null;
  }
  // A block inside another one to walk is walked with it.
  return outermost(scopes, top);
}

/**
 * What each root says to hide, kept between screenshots: a root's blocks touched by a change (text, children,
 * Parcours' own UI marked or unmarked) are walked again, the rest is kept; the whole root is walked again when
 * what counts as private changed (`key`: the mode, the echoes known). Verdicts are remembered by text across
 * walks (`memo`).
 */
export interface PrivateTextCache {
  /** `test`, remembering its verdicts while `key` stays the same (the caller says by the key that its answers do). */
  memo(name: string, key: string, test: (text: string) => boolean): (text: string) => boolean;
  /** `reach`: which changed blocks to walk now; the others wait for a later look. Without it, every one is walked. */
  find(root: Root, key: string, test: (text: string) => boolean, check: () => void, reach?: ReachTest): PrivateTexts;
  /**
   * What `look` finds in a root by the selector engine, kept until an element is added or removed in it or one
   * of the attributes the cache was made to watch changes (what the selectors name: `contenteditable`, `role`…).
   */
  lists<T>(root: Root, look: () => T): T;
  /** Stops watching every root (until the next look, which starts afresh). */
  stop(): void;
}

/** `attributes`: those the selectors given to `lists` depend on. */
export function createPrivateTextCache(attributes: readonly string[] = []): PrivateTextCache {
  const entries = new WeakMap<Root, RootEntry>();
  const watched = new Set<RootEntry>();
  interface Memo {
    key: string;
    current: (text: string) => boolean;
    test: MemoTest;
  }
  const memos = new Map<string, Memo>();
  const observed: MutationObserverInit = {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [OWN_UI_ATTRIBUTE, ...attributes],
  };
  const watch = (root: Root, entry: RootEntry) => {
    entry.observer.observe(root, observed);
    entry.off = false;
    watched.add(entry);
  };
  const note = (entry: RootEntry, records: MutationRecord[]) => {
    if (entry.off || records.length === 0) return;
    // Tested once per batch, for both uses: the lists looked up again, and the layout that may have moved far.
    if ((entry.lists != null || !entry.moved) && records.some(changesLists)) {
      entry.lists = null;
      entry.moved = true;
    }
    if (entry.full) return;
    entry.pending.push(...records);
    if (entry.pending.length > MAX_PENDING) {
      // A storm of changes: nothing is watched until the next look, which walks the root whole.
      entry.full = true;
      entry.lists = null;
      entry.pending = [];
      entry.off = true;
      entry.observer.disconnect();
      watched.delete(entry);
    }
  };
  const entryOf = (root: Root): RootEntry => {
    let entry = entries.get(root);
    if (!entry) {
      const View = (root.ownerDocument ?? (root as Document)).defaultView?.MutationObserver ?? MutationObserver;
      const created: RootEntry = {
        key: '',
        observer: new View((records) => note(created, records)),
        off: true,
        full: true,
        pending: [],
        dirty: new Set(),
        parked: new Set(),
        moved: false,
        top: null,
        findings: new Map(),
        lists: null,
      };
      entries.set(root, created);
      entry = created;
    }
    // Changes made in this very task are not delivered yet: taken here.
    note(entry, entry.observer.takeRecords());
    return entry;
  };
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
    lists(root, look) {
      const entry = entryOf(root);
      if (entry.lists != null && !entry.off) return entry.lists as ReturnType<typeof look>;
      // Watched from before the look: a change made after it is seen.
      if (entry.off) {
        entry.full = true;
        watch(root, entry);
      }
      const found = look();
      entry.lists = found;
      return found;
    },
    find(root, key, test, check, reach) {
      const entry = entryOf(root);
      if (entry.off) {
        entry.full = true;
        entry.lists = null;
        watch(root, entry);
      }
      const top = topOf(root);
      const whole = entry.full || entry.key !== key || top !== entry.top || !top || entry.parked.size > MAX_PARKED;
      const changed = whole || !top ? null : scopesToWalk(entry.pending, top);
      const waiting = entry.dirty;
      if (changed) {
        for (const scope of changed) {
          entry.parked.delete(scope);
          waiting.add(scope);
        }
        // The page may have moved past what set the far ones aside: each is looked at again.
        if (reach?.unsteady(entry.moved)) {
          for (const scope of entry.parked) waiting.add(scope);
          entry.parked.clear();
        }
      }
      const gone: Node[] = [];
      const kept: Node[] = [];
      if (changed && top) for (const scope of waiting) (scope.isConnected && scope.getRootNode() === root ? kept : gone).push(scope);
      const dirty = changed && top && kept.length <= MAX_DIRTY ? outermost(new Set(kept), top) : null;
      const findings = entry.findings;
      // Until the walk is done, the next look walks the root whole: one given up on (over time) leaves nothing half done.
      entry.full = true;
      entry.pending = [];
      entry.moved = false;
      const forgetAll = () => {
        const all = [...waiting, ...entry.parked];
        entry.dirty = new Set();
        entry.parked = new Set();
        if (reach && all.length > 0) reach.done(all);
      };
      try {
        if (!dirty) {
          findings.clear();
          forgetAll();
          if (top) walkScope(top, findings, test, check);
        } else {
          const scopes: Node[] = [];
          const still = new Set<Node>();
          for (const scope of dirty) {
            const place = !reach || scope === top ? 'walk' : reach.place(scope);
            if (place === 'walk') scopes.push(scope);
            else if (place === 'wait') still.add(scope);
            else {
              entry.parked.add(scope);
              reach?.park(scope, () => {
                if (entry.parked.delete(scope)) entry.dirty.add(scope);
              });
            }
          }
          for (const [node] of findings) {
            // Gone from the root (removed, moved elsewhere) or about to be walked again.
            if (node.getRootNode() !== root || scopes.some((scope) => scope === node || scope.contains(node))) findings.delete(node);
          }
          for (const scope of scopes) walkScope(scope, findings, test, check);
          // Still waiting: the outermost blocks not walked nor set aside (a block inside one of them is walked with it).
          entry.dirty = still;
          if (reach) {
            const walked = new Set(scopes);
            const left = [...gone, ...scopes];
            for (const scope of kept) if (!still.has(scope) && !entry.parked.has(scope) && !walked.has(scope)) left.push(scope);
            if (left.length > 0) reach.done(left);
          }
        }
      } catch (error) {
        findings.clear();
        forgetAll();
        throw error;
      }
      entry.full = false;
      entry.key = key;
      entry.top = top;
      return union(findings);
    },
    stop() {
      for (const entry of watched) {
        entry.observer.disconnect();
        entry.off = true;
        entry.full = true;
        entry.lists = null;
        entry.pending = [];
        entry.dirty.clear();
        entry.parked.clear();
      }
      watched.clear();
    },
  };
}
