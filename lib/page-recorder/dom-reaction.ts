import { epochNow } from '../capture/clock';
import { type FieldElement, fieldInputType } from '../capture/describe';
import { isSensitiveField } from '../capture/masking';
import { OWN_UI_ATTRIBUTE, type PartEvent, safely } from './context';
import { type NodeFlags, nodeFlagsMemo } from './node-flags';
import { isOwnScroll } from './own-scroll';

/**
 * How long after a click its page may still answer. Longer than any dead-click threshold a tester would set
 * (2.5 s by default), so the review page can judge with the threshold in force.
 */
export const REACTION_WATCH_MS = 10_000;

/** Watches for the page's first DOM change after each click. */
export interface DomReactionWatcher {
  /** A press began on `element`: changes from now on may be the click's doing (menus that open on press). */
  pressed(element: Element): void;
  /**
   * The click was recorded: its first change is reported as `dom-change`. A change since the press counts
   * only when the click came from that press (`fromPress`); otherwise the press is forgotten.
   */
  clicked(clickId: string, clickEpochMs: number, element: Element, fromPress: boolean): void;
  stop(): void;
}

const OBSERVED: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true };
/**
 * A script setting a field's value (a quantity stepper) changes no DOM node: values are compared in memory
 * at these times after the click. They are never stored or sent, only whether they changed.
 */
const VALUE_CHECKS_MS = [50, 300, 1000, 2500];
/** The click's watch: its value checks, then its end. */
const WATCH_STEPS_MS = [...VALUE_CHECKS_MS, REACTION_WATCH_MS];
/** Pages with huge forms: only the first this many fields are compared. */
const MAX_FIELDS = 500;

const FIELD_SELECTOR = 'input, select, textarea';

/**
 * The document's fields as live collections, made once per page: the browser keeps a tag collection's items
 * while the page changes only texts and attributes (a table rewriting its cells), and walks the document
 * again only after elements were added or removed, in its own code; `querySelectorAll` matched every element
 * of the document against the selector at each press (46 ms over the table benchmark's 60 presses).
 */
function documentFields(document: Document): () => FieldElement[] | null {
  let collections: HTMLCollectionOf<FieldElement>[] | null = null;
  return () => {
    collections ??= [
      document.getElementsByTagName('input'),
      document.getElementsByTagName('select'),
      document.getElementsByTagName('textarea'),
    ] as HTMLCollectionOf<FieldElement>[];
    let count = 0;
    for (const collection of collections) count += collection.length;
    // Past the cut-off, which fields are compared depends on their document order: the selector's.
    if (count > MAX_FIELDS) return null;
    const fields: FieldElement[] = [];
    for (const collection of collections) for (let i = 0; i < collection.length; i++) fields.push(collection[i] as FieldElement);
    return fields;
  };
}

/** Fields whose value a script may change, secrets left out (their values are not even held in memory). */
function fieldsIn(roots: readonly Node[], ofDocument: () => FieldElement[] | null): FieldElement[] {
  const fields: FieldElement[] = [];
  for (const root of roots) {
    // A shadow root (a component's few fields) has no tag collections: its own selector query is small.
    const candidates = (root.nodeType === 9 ? ofDocument() : null) ?? Array.from((root as ParentNode).querySelectorAll<FieldElement>(FIELD_SELECTOR));
    for (const field of candidates) {
      if (fields.length >= MAX_FIELDS) return fields;
      const inputType = fieldInputType(field);
      const traits = {
        inputType,
        name: field.getAttribute('name'),
        id: field.getAttribute('id'),
        autocomplete: field.getAttribute('autocomplete'),
        label: null,
      };
      if (inputType !== 'hidden' && !isSensitiveField(traits)) fields.push(field);
    }
  }
  return fields;
}

function stateOf(field: FieldElement): string {
  return field.localName === 'input' && ((field as HTMLInputElement).type === 'checkbox' || (field as HTMLInputElement).type === 'radio')
    ? String((field as HTMLInputElement).checked)
    : field.value;
}

/** The document and every shadow root between it and the element: a component may only change its own root. */
function rootsOf(element: Element, document: Document): Node[] {
  const roots: Node[] = [document];
  let root = element.getRootNode();
  while (root !== document && root.nodeType === 11 && 'host' in root) {
    roots.push(root);
    root = (root as ShadowRoot).host.getRootNode();
  }
  return roots;
}

/** The element and its ancestors, through shadow hosts: their own styling changes on press and focus. */
function styledChain(element: Element): Set<Node> {
  const chain = new Set<Node>();
  for (let node: Node | null = element; node; ) {
    chain.add(node);
    node = node.parentNode ?? (node.nodeType === 11 ? (node as ShadowRoot).host : null);
  }
  return chain;
}

/** Nodes that draw nothing: scripts, styles and the like that tag managers and widgets add on every click. */
const UNRENDERED = new Set(['script', 'style', 'link', 'meta', 'noscript', 'template', 'base', 'title']);

function isUnrendered(node: Node, flags: NodeFlags): boolean {
  if (node.nodeType === 8) return true; // a comment
  if (node.nodeType !== 1) return false;
  return UNRENDERED.has((node as Element).localName) || flags.inHead;
}

/**
 * Whether a mutation shows the page answering the click. Not counted: Parcours' own UI; the clicked element's
 * and its ancestors' classes, styles and data attributes (focus rings, pressed looks, ripples' bookkeeping);
 * elements without text added inside the clicked element (a ripple); nodes that draw nothing (scripts,
 * styles, the head) that tag managers add on every click. `flagsOf` is the batch's memo (node-flags.ts), so
 * a record costs a few lookups, not a walk of its ancestors.
 */
function isAnswer(record: MutationRecord, chain: ReadonlySet<Node>, clicked: Element | null, flagsOf: (node: Node) => NodeFlags): boolean {
  const target = record.target;
  // The cheapest test first: the clicked element's own look changing is the commonest record of a press.
  if (record.type === 'attributes') {
    const name = record.attributeName ?? '';
    if (chain.has(target) && (name === 'class' || name === 'style' || name.startsWith('data-'))) return false;
  }
  const flags = flagsOf(target);
  if (flags.ownUi || isUnrendered(target, flags)) return false;
  if (target.nodeType !== 1 && target.parentElement != null && isUnrendered(target.parentElement, flags)) return false;
  if (record.type === 'attributes') return true;
  if (record.type !== 'childList') return true;
  const touched: Node[] = [];
  for (const list of [record.addedNodes, record.removedNodes])
    for (let i = 0; i < list.length; i++) {
      const node = list[i] as Node;
      // A removed node is no longer under the target: its own ancestors are the target's.
      const nodeFlags = node.parentNode === target || node.parentNode == null ? flagsOfChild(node, flags) : flagsOf(node);
      if (!nodeFlags.ownUi && !isUnrendered(node, nodeFlags)) touched.push(node);
    }
  if (touched.length === 0) return false;
  if (clicked?.contains(target)) return touched.some((node) => (node.textContent ?? '').trim() !== '');
  return true;
}

/** A child's flags from its parent's, without a walk: only its own attribute and name can add to them. */
function flagsOfChild(node: Node, parent: NodeFlags): NodeFlags {
  if (node.nodeType !== 1) return parent;
  const element = node as Element;
  return { ownUi: parent.ownUi || element.hasAttribute(OWN_UI_ATTRIBUTE), inHead: parent.inHead || element.localName === 'head' };
}

/**
 * A click that only changes the page (a counter, an opened menu, a message, a stepper's value) is not dead,
 * but nothing in the other recorded events shows it. The observer runs from a press until the page's first
 * change, or until REACTION_WATCH_MS after the click, so a page pays nothing while the tester reads; field
 * values are compared a few times in the first seconds. What counts as a change is in `isAnswer`. Only the
 * latest click is answered: when clicks come in a series, the change is the doing of the last one.
 */
export function watchDomReactions(
  window: Window,
  emit: (event: PartEvent) => void,
  isRecording: () => boolean,
  now: () => number = epochNow,
): DomReactionWatcher {
  let click: { id: string; epochMs: number; fields: FieldElement[]; values: string[] } | null = null;
  /** A change seen between a press and its click. */
  let changedEarly: { epochMs: number; mutations: number } | null = null;
  let press: { roots: Node[]; fields: FieldElement[]; values: string[] } | null = null;
  let chain: ReadonlySet<Node> = new Set();
  let target: Element | null = null;
  /** When the press being watched began (no timer for it: see the observer). */
  let pressedAt = 0;
  /** The one timer of a click's watch: its next value check, then its end (see `watchStep`). */
  let timer: ReturnType<typeof setTimeout> | null = null;
  let observing = false;
  const ofDocument = documentFields(window.document);

  const quiet = () => {
    observer.disconnect();
    observing = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const forget = () => {
    quiet();
    click = null;
    changedEarly = null;
    press = null;
  };

  const answer = (mutations: number, valuesChanged: number) => {
    const at = now();
    const answered = click;
    forget();
    if (answered && isRecording())
      emit({ kind: 'dom-change', epochMs: at, forEventId: answered.id, delayMs: Math.max(0, Math.round(at - answered.epochMs)), mutations, valuesChanged });
  };

  const observer = new MutationObserver(
    safely((records: MutationRecord[]) => {
      // While Parcours scrolls the page for a full-page capture, what the page does (lazy content, scroll
      // effects, Parcours' own inline styles) answers the scrolling, not the click.
      if (isOwnScroll(window)) return;
      // A press without its click (a drag, a long press) stops being watched at the first change after the
      // watch window, rather than by a timer armed at every press.
      if (!click && now() - pressedAt > REACTION_WATCH_MS) return forget();
      const flagsOf = nodeFlagsMemo();
      // The first record that answers is enough: a table rewriting 200 cells is 400 records, each a test.
      if (!records.some((record) => isAnswer(record, chain, target, flagsOf))) return;
      const mutations = records.length;
      if (click) answer(mutations, 0);
      else {
        changedEarly = { epochMs: now(), mutations };
        observer.disconnect();
        observing = false;
      }
    }),
  );

  const observe = (roots: readonly Node[]) => {
    if (observing) return;
    for (const root of roots) observer.observe(root, OBSERVED);
    observing = true;
  };

  const checkValues = safely(() => {
    if (!click) return;
    const { fields, values } = click;
    const changed = fields.filter((field, index) => stateOf(field) !== values[index]).length;
    if (changed > 0) answer(0, changed);
  });

  /** One timer at a time, each armed when the one before fired: the value checks, then the end of the watch. */
  const watchStep = (index: number) => {
    const at = WATCH_STEPS_MS[index];
    if (at === undefined) return;
    timer = setTimeout(
      () => {
        timer = null;
        if (index === WATCH_STEPS_MS.length - 1) return forget();
        checkValues();
        if (click) watchStep(index + 1);
      },
      at - (WATCH_STEPS_MS[index - 1] ?? 0),
    );
  };

  return {
    pressed(element) {
      forget();
      const roots = rootsOf(element, window.document);
      const fields = fieldsIn(roots, ofDocument);
      press = { roots, fields, values: fields.map(stateOf) };
      chain = styledChain(element);
      target = element;
      pressedAt = now();
      observe(roots);
    },
    clicked(clickId, clickEpochMs, element, fromPress) {
      const early = fromPress ? changedEarly : null;
      const before = fromPress ? press : null;
      quiet();
      changedEarly = null;
      press = null;
      if (early) {
        // The page answered the press already; reported at the click so it never comes before it.
        if (isRecording())
          emit({
            kind: 'dom-change',
            epochMs: Math.max(early.epochMs, clickEpochMs),
            forEventId: clickId,
            delayMs: 0,
            mutations: early.mutations,
            valuesChanged: 0,
          });
        return;
      }
      // A click without its press (keyboard activation) is watched from now.
      const roots = before?.roots ?? rootsOf(element, window.document);
      const fields = before?.fields ?? fieldsIn(roots, ofDocument);
      if (!before) {
        chain = styledChain(element);
        target = element;
      }
      click = { id: clickId, epochMs: clickEpochMs, fields, values: before?.values ?? fields.map(stateOf) };
      observe(roots);
      watchStep(0);
    },
    stop: forget,
  };
}
