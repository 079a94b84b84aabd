import { epochNow } from '../capture/clock';
import { isOwnUiNode, type PartEvent } from './context';

/**
 * How long after a click its page may still answer. Longer than any dead-click threshold a tester would set
 * (2.5 s by default), so the review page can judge with the threshold in force.
 */
export const REACTION_WATCH_MS = 10_000;

/** Watches for the page's first DOM change after each click. */
export interface DomReactionWatcher {
  /** A press began on `element`: changes from now on may be the click's doing (menus that open on press). */
  pressed(element: Element): void;
  /** The click was recorded: its first change (or the one since the press) is reported as `dom-change`. */
  clicked(clickId: string, clickEpochMs: number, element: Element): void;
  stop(): void;
}

const OBSERVED: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true };
/**
 * A script setting a field's value (a quantity stepper) changes no DOM node: values are compared in memory
 * at these times after the click. They are never stored or sent, only whether they changed.
 */
const VALUE_CHECKS_MS = [50, 300, 1000, 2500];
/** Pages with huge forms: beyond this many fields, values are not compared. */
const MAX_FIELDS = 500;

type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function fieldsIn(roots: readonly Node[]): FieldElement[] {
  const fields: FieldElement[] = [];
  for (const root of roots) {
    for (const field of Array.from((root as ParentNode).querySelectorAll<FieldElement>('input, select, textarea'))) {
      if (fields.length >= MAX_FIELDS) return fields;
      fields.push(field);
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

/**
 * A click that only changes the page (a counter, an opened menu, a message, a stepper's value) is not dead,
 * but nothing in the other recorded events shows it. The observer runs from a press until the page's first
 * change, or until REACTION_WATCH_MS after the click, so a page pays nothing while the tester reads; field
 * values are compared a few times in the first seconds. Changes to Parcours' own UI (the overlay hidden for
 * a capture) never count. Only the latest click is answered: when clicks come in a series, the change is the
 * doing of the last one.
 */
export function watchDomReactions(window: Window, emit: (event: PartEvent) => void, now: () => number = epochNow): DomReactionWatcher {
  let click: { id: string; epochMs: number; fields: FieldElement[]; values: string[] } | null = null;
  /** A change seen between a press and its click. */
  let changedEarly: { epochMs: number; mutations: number } | null = null;
  let pressRoots: Node[] = [];
  let pressValues: { fields: FieldElement[]; values: string[] } | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let observing = false;

  const quiet = () => {
    observer.disconnect();
    observing = false;
    for (const timer of timers.splice(0)) clearTimeout(timer);
  };
  const forget = () => {
    quiet();
    click = null;
    changedEarly = null;
    pressValues = null;
  };

  const answer = (mutations: number, valuesChanged: number) => {
    const at = now();
    const answered = click;
    forget();
    if (answered)
      emit({ kind: 'dom-change', epochMs: at, forEventId: answered.id, delayMs: Math.max(0, Math.round(at - answered.epochMs)), mutations, valuesChanged });
  };

  const observer = new MutationObserver((records) => {
    const mutations = records.filter((record) => !isOwnUiRecord(record)).length;
    if (mutations === 0) return;
    if (click) answer(mutations, 0);
    else {
      changedEarly = { epochMs: now(), mutations };
      observer.disconnect();
      observing = false;
    }
  });

  const observe = (roots: readonly Node[]) => {
    if (observing) return;
    for (const root of roots) observer.observe(root, OBSERVED);
    observing = true;
  };

  const checkValues = () => {
    if (!click) return;
    const { fields, values } = click;
    const changed = fields.filter((field, index) => stateOf(field) !== values[index]).length;
    if (changed > 0) answer(0, changed);
  };

  return {
    pressed(element) {
      forget();
      pressRoots = rootsOf(element, window.document);
      const fields = fieldsIn(pressRoots);
      pressValues = { fields, values: fields.map(stateOf) };
      observe(pressRoots);
      timers.push(setTimeout(forget, REACTION_WATCH_MS));
    },
    clicked(clickId, clickEpochMs, element) {
      const early = changedEarly;
      const before = pressValues;
      quiet();
      changedEarly = null;
      pressValues = null;
      if (early) {
        // The page answered the press already; reported at the click so it never comes before it.
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
      // A keyboard click has no press: its roots and values are taken now.
      const roots = before ? pressRoots : rootsOf(element, window.document);
      const fields = before?.fields ?? fieldsIn(roots);
      click = { id: clickId, epochMs: clickEpochMs, fields, values: before?.values ?? fields.map(stateOf) };
      observe(roots);
      for (const delay of VALUE_CHECKS_MS) timers.push(setTimeout(checkValues, delay));
      timers.push(setTimeout(forget, REACTION_WATCH_MS));
    },
    stop: forget,
  };
}

function isOwnUiRecord(record: MutationRecord): boolean {
  if (isOwnUiNode(record.target)) return true;
  if (record.type !== 'childList') return false;
  const touched = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return touched.length > 0 && touched.every(isOwnUiNode);
}
