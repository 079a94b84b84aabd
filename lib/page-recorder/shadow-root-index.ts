/**
 * The shadow roots of a document, kept from one private-box scan to the next (lib/page-recorder/private-boxes.ts).
 * Finding them means a look at every element (`shadowRoot`, or the extension's view into a closed root): on a
 * 20,000-element page about 3 ms, which at two scans a click was the recorder's largest cost (docs/benchmarks.md).
 *
 * So the document is walked whole once, then only what is added: an observer of child lists on the document and
 * on every root found notes each element that comes, and the next scan walks those subtrees alone. A root whose
 * host left the document is dropped. An element given a shadow root by a script without any change to the DOM
 * (a custom element upgraded late, `attachShadow` on an element already there) makes no record: such roots are
 * looked for again at the first scan a second or more after the last look (ROOTS_FRESH_MS), so one is missed
 * only by the scans within a second of the previous look. That look does not walk every element: only the
 * elements a shadow root can be attached to are (custom elements, kept from the walks; the few standard tags
 * the DOM allows, found by the browser's own selector matching), which on a page of tables and lists is a
 * small part of it (a whole walk was 3 ms a second on a 20,000-element table).
 */
import { OWN_UI_ATTRIBUTE } from './context';
import type { Root } from './private-texts';

/** How long a whole walk of the document is trusted to have found every root no DOM change announced. */
export const ROOTS_FRESH_MS = 1000;
/** Past this many added elements between two scans, the document is walked whole (a storm, a page rebuilt). */
const MAX_ADDED = 2000;

/** The standard elements `attachShadow` accepts (DOM standard, "valid shadow host name"); custom elements besides. */
export const STANDARD_SHADOW_HOSTS = 'article,aside,blockquote,body,div,footer,h1,h2,h3,h4,h5,h6,header,main,nav,p,section,span';

export type ClosedShadowRoot = (element: Element) => ShadowRoot | null;

export interface ShadowRootIndex {
  /** The document and every shadow root in it (nested ones too), Parcours' own UI left out. */
  roots(doc: Document, closed?: ClosedShadowRoot): Root[];
  /** Stops watching; the next look walks the document whole. */
  stop(): void;
}

/** The extension's view into a closed root; a host the call refuses has none. */
export function safeClosed(closed: ClosedShadowRoot, element: Element): ShadowRoot | null {
  try {
    return closed(element);
  } catch {
    return null;
  }
}

function shadowOf(element: Element, closed: ClosedShadowRoot | undefined): ShadowRoot | null {
  // Only custom elements are looked into for a closed root: the extension call costs more than a property read.
  const shadow = element.shadowRoot ?? (closed && element.localName.includes('-') ? safeClosed(closed, element) : null);
  return shadow && !element.hasAttribute(OWN_UI_ATTRIBUTE) ? shadow : null;
}

/**
 * The shadow roots in `start`'s subtree (`start` included), and in theirs, that `known` does not hold yet; the
 * custom elements met go into `customs` (one may be given a root later, when its definition comes).
 */
function rootsUnder(doc: Document, start: Node, closed: ClosedShadowRoot | undefined, known: Set<Root>, customs: Set<Element>): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const look = (element: Element) => {
    if (element.localName.includes('-')) customs.add(element);
    const shadow = shadowOf(element, closed);
    if (shadow && !known.has(shadow)) {
      known.add(shadow);
      found.push(shadow);
    }
  };
  const visit = (top: Node) => {
    if (top.nodeType === 1) look(top as Element);
    const walker = doc.createTreeWalker(top, 1);
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) look(node);
  };
  visit(start);
  // A root found is walked too: its own elements may hold roots.
  for (let index = 0; index < found.length; index++) visit(found[index] as ShadowRoot);
  return found;
}

/**
 * Roots given to elements already indexed, without a DOM change: looked for on the custom elements met and on
 * the standard elements that can hold one, in the document and each root known.
 */
function rootsAttachedSince(roots: readonly Root[], closed: ClosedShadowRoot | undefined, known: Set<Root>, customs: Set<Element>): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const look = (element: Element) => {
    const shadow = shadowOf(element, closed);
    if (shadow && !known.has(shadow)) {
      known.add(shadow);
      found.push(shadow);
    }
  };
  for (const element of customs) {
    if (element.isConnected) look(element);
    else customs.delete(element);
  }
  for (const root of roots) for (const element of Array.from(root.querySelectorAll(STANDARD_SHADOW_HOSTS))) look(element);
  return found;
}

export function createShadowRootIndex(now: () => number = () => performance.now()): ShadowRootIndex {
  let indexed: { doc: Document; closed: ClosedShadowRoot | undefined; observer: MutationObserver } | null = null;
  let roots: Root[] = [];
  let known = new Set<Root>();
  let customs = new Set<Element>();
  let added: Node[] = [];
  let overflow = false;
  let walkedAt = Number.NEGATIVE_INFINITY;

  const note = (records: MutationRecord[]) => {
    if (overflow) return;
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === 1) added.push(node);
      if (added.length > MAX_ADDED) {
        overflow = true;
        added = [];
        return;
      }
    }
  };
  const observe = (observer: MutationObserver, root: Root) => observer.observe(root, { childList: true, subtree: true });
  const stop = () => {
    indexed?.observer.disconnect();
    indexed = null;
    roots = [];
    known = new Set();
    customs = new Set();
    added = [];
    overflow = false;
    walkedAt = Number.NEGATIVE_INFINITY;
  };
  const walkWhole = (doc: Document, closed: ClosedShadowRoot | undefined) => {
    stop();
    const View = doc.defaultView?.MutationObserver ?? MutationObserver;
    const observer = new View(note);
    indexed = { doc, closed, observer };
    known = new Set<Root>([doc]);
    // Watched from before the walk: an element added while it runs is seen.
    observe(observer, doc);
    const start = doc.documentElement;
    const found = start ? rootsUnder(doc, start, closed, known, customs) : [];
    for (const root of found) observe(observer, root);
    roots = [doc, ...found];
    walkedAt = now();
  };

  return {
    roots(doc, closed) {
      const current = indexed;
      if (!current || current.doc !== doc || current.closed !== closed) {
        walkWhole(doc, closed);
        return roots;
      }
      // Changes made in this very task are not delivered yet: taken here.
      note(current.observer.takeRecords());
      if (overflow) {
        walkWhole(doc, closed);
        return roots;
      }
      const left = roots.filter((root) => root === doc || (root as ShadowRoot).host.isConnected);
      if (left.length !== roots.length) {
        known = new Set(left);
        roots = left;
      }
      const pending = added;
      added = [];
      for (const node of pending) {
        if (!node.isConnected) continue;
        for (const root of rootsUnder(doc, node, closed, known, customs)) {
          observe(current.observer, root);
          roots.push(root);
        }
      }
      if (now() - walkedAt >= ROOTS_FRESH_MS) {
        walkedAt = now();
        // Each root found is walked whole: what is inside it was never indexed.
        for (let index = 0, late = rootsAttachedSince(roots, closed, known, customs); index < late.length; index++) {
          const root = late[index] as ShadowRoot;
          observe(current.observer, root);
          roots.push(root);
          late.push(...rootsUnder(doc, root, closed, known, customs));
        }
      }
      return roots;
    },
    stop,
  };
}
