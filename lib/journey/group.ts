/**
 * Human steps from the raw capture: the unit a tester would name ("Click 'Add to cart'", "Fill in the
 * shipping form", "Go back to Cart"), each made of every raw event that belongs to it. Pure and O(n log n).
 *
 * The rules, in the order the events are read (chronologically):
 * - the session start is the first step;
 * - a click is a step; a navigation in its tab within `navigationWindowMs` of it (a link, a form post, a
 *   history push, a client redirect) belongs to it, as does the tab it opened (`tab-opened`). The page the
 *   click opened in a new tab is the next step, in that tab;
 * - quick repeated clicks on the same spot (same target, or within `repeatClickPx`, each within
 *   `repeatClickMs` of the previous) are one step: "Click 'X' (4 times)";
 * - field focus and changes in one frame, the clicks on its fields, then its submit (the click on the submit
 *   button, the submit, its `invalid` events, the navigation it caused) are one step "Fill in the X form"
 *   (the form named as form-names.ts says); fields filled without a submit are one step "Fill in 'A', 'B'";
 *   a field only focused is not a step;
 * - Enter pressed in a field that belongs to no form (`key`) ends the step of typing in it: "Fill in 'X' and
 *   press Enter" (the change the browser reports right after it included); each Enter is a step of its own;
 * - a checkbox, radio or switch ticked when no submit of its frame follows (before a navigation, another
 *   click or an Enter) is a step of its own: "Tick 'X'" (the click on its label, on the box, and its change);
 *   ticked in a form that is then sent, it is part of filling that form;
 * - a change of the very element the step before clicked (a field in a closed shadow root, seen as its host)
 *   makes that click the start of filling it;
 * - a navigation nothing on the page caused (typed, reload, back/forward, a page moving by itself, a new tab)
 *   is its own step;
 * - scrolls, page loads, alerts, visibility changes, closed tabs, pauses and the stop are no steps: they
 *   belong to the step before them (a page-load to the step that navigated there, fields found invalid on a
 *   page's arrival to the step that brought it); a screenshot, a full-page screenshot or a DOM change to the
 *   step of the event it follows; an idle gap to the step of the action that ended it.
 *
 * In passes, each written once and shared by the map and the side panel's live grouping (live-steps.ts):
 * `readDrafts` reads the events in order into drafts; what the rules remember from one event to the next is
 * a `GroupingState` (a few drafts per tab, whatever the walk's length), so a copy of it resumes a reading
 * anywhere. `settleDrafts` turns the drafts into the events of each step; `placeFollower` puts a screenshot,
 * a full-page screenshot, a DOM change or an idle gap with its step; `makeStep` makes one step from its events.
 */
import type { CapturedEvent, EventOf, FieldDescriptor, SelectorAlternatives, TargetDescriptor } from '../capture/events';
import { type Locale, t } from '../i18n';
import { actionFor, changeAction, chronological, compareEvents, fieldName, fieldTarget, navigationTitles, screenshotsByEvent } from './event-facts';
import { formName, formPhrase } from './form-names';
import type { MapStep, MapStepKind } from './map-types';
import { PageChanges, stepScreenshot } from './moment';
import { PausedSpans, pageName, touchpointOf, walkEnd } from './timeline';

/** A step of the map before the tester's layer, signals and metrics are put on it. */
export type GroupedStep = Pick<
  MapStep,
  | 'id'
  | 'index'
  | 'kind'
  | 't'
  | 'at'
  | 'durationMs'
  | 'action'
  | 'url'
  | 'pageTitle'
  | 'tabId'
  | 'frameUrl'
  | 'touchpoint'
  | 'target'
  | 'frame'
  | 'point'
  | 'devicePixelRatio'
  | 'screenshotId'
  | 'screenshotMissing'
  | 'screenshotSource'
  | 'screenshotDelayMs'
  | 'lateScreenshotId'
  | 'eventIds'
>;

export interface GroupingOptions {
  /** A navigation this soon after a click, a field change or a submit in its tab was caused by it. */
  navigationWindowMs: number;
  /** Clicks on the same spot each this soon after the previous are one step. */
  repeatClickMs: number;
  /** Clicks this close (CSS px, same frame) are on the same spot. */
  repeatClickPx: number;
  /** A click followed this soon by a submit (or `invalid`) of its frame is the submit button's click. */
  submitWindowMs: number;
  /** A tab opened this soon after a click in its opener tab was opened by that click. */
  newTabWindowMs: number;
}

export const DEFAULT_GROUPING: Readonly<GroupingOptions> = {
  navigationWindowMs: 1500,
  repeatClickMs: 1000,
  repeatClickPx: 30,
  submitWindowMs: 1000,
  newTabWindowMs: 2000,
};

type Click = EventOf<'click'>;
type Navigation = EventOf<'navigation'>;
type FieldEvent = EventOf<'field-focus'> | EventOf<'field-change'>;
type Key = EventOf<'key'>;

/** A step being built: its first event and the events the rules gave it so far, sorted by their part. */
export interface Draft {
  kind: MapStepKind;
  first: CapturedEvent;
  events: CapturedEvent[];
  tabId: number | null;
  frameId: number | null;
  /** Time of its latest action (click, field change, submit): navigations within the window follow it. */
  lastActionT: number;
  clicks: Click[];
  submitClick: Click | null;
  fields: FieldEvent[];
  changes: EventOf<'field-change'>[];
  submits: EventOf<'submit'>[];
  invalids: EventOf<'invalid'>[];
  navigations: Navigation[];
  tabOpened: EventOf<'tab-opened'> | null;
  /** Enter pressed in a field with no form: it ends the step (at most one). */
  keys: Key[];
  /** A box ticked outside a form that is sent: its label's click, its click and its change, nothing else. */
  tick: boolean;
  /** A form group still taking fields (false once something else happened). */
  open: boolean;
}

const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image']);
const FIELD_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'switch', 'spinbutton', 'slider', 'listbox', 'option']);

/** Whether a click target is a form field (typing, choosing, ticking), not a button or a link. */
export function isFieldTarget(target: TargetDescriptor): boolean {
  const tag = target.tag.toLowerCase();
  if (tag === 'input') return !BUTTON_INPUT_TYPES.has((target.inputType ?? 'text').toLowerCase());
  if (tag === 'textarea' || tag === 'select' || tag === 'option' || tag === 'label') return true;
  return target.role != null && FIELD_ROLES.has(target.role);
}

const TOGGLE_INPUT_TYPES = new Set(['checkbox', 'radio']);
const TOGGLE_ROLES = new Set(['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']);

/** Whether a click target is a box to tick: a checkbox, a radio button or a switch. */
export function isToggleTarget(target: TargetDescriptor): boolean {
  if (target.tag.toLowerCase() === 'input') return TOGGLE_INPUT_TYPES.has((target.inputType ?? '').toLowerCase());
  return target.role != null && TOGGLE_ROLES.has(target.role);
}

function isToggleField(field: FieldDescriptor): boolean {
  return TOGGLE_INPUT_TYPES.has((field.inputType ?? '').toLowerCase());
}

/** A label's click and the click the browser then makes on its box come this close. */
const LABEL_TO_CONTROL_MS = 200;

/** Navigations the browser's own controls make: never the effect of a click on the page. */
const BROWSER_NAVIGATIONS = new Set<Navigation['navigationType']>(['reload', 'back-forward', 'typed']);

function sameFrame(draft: Draft, event: CapturedEvent): boolean {
  return draft.tabId === event.tabId && draft.frameId === event.frameId;
}

function firstSelector(selectors: SelectorAlternatives): string | null {
  const first = selectors[0];
  return first && first.length > 0 ? first.join(' ') : null;
}

function sameSpot(a: Click, b: Click, px: number): boolean {
  const selector = firstSelector(a.target.selectors);
  if (selector != null && selector === firstSelector(b.target.selectors)) return true;
  return Math.hypot(a.point.x - b.point.x, a.point.y - b.point.y) <= px;
}

function fieldKey(field: { label: string | null; name: string | null; selectors: SelectorAlternatives }): string {
  return firstSelector(field.selectors) ?? field.name ?? field.label ?? '?';
}

function formKey(draft: Draft): string | null {
  const submit = draft.submits[0];
  if (!submit) return null;
  return `${draft.tabId}|${draft.frameId}|${submit.form.name ?? firstSelector(submit.form.selectors) ?? ''}`;
}

/** "Fill in 'Email'", "Choose 'Express' in 'Delivery'", "Check 'Gift wrap'", "Fill in 'A', 'B' and 2 more". */
function fillAction(changes: readonly EventOf<'field-change'>[], locale: Locale | undefined): string {
  const latest = new Map<string, EventOf<'field-change'>>();
  for (const change of changes) {
    const key = fieldKey(change.field);
    latest.delete(key); // keep the order of first change, the value of the last
    latest.set(key, change);
  }
  const order = [...new Set(changes.map((change) => fieldKey(change.field)))];
  const fields = order.map((key) => latest.get(key) as EventOf<'field-change'>);
  if (fields.length === 1) return changeAction(fields[0] as EventOf<'field-change'>, locale);
  const shown = fields.slice(0, 3).map((change) => t('quoted', { text: fieldName(change.field) }, locale));
  const more = fields.length - shown.length;
  const list = shown.join(', ');
  return more > 0 ? t('actionFillFieldsMore', { fields: list, count: more }, locale) : t('actionFillFields', { fields: list }, locale);
}

/**
 * Groups the raw capture into human steps (see the module comment for the rules). Durations run to the next
 * step (the last to the stop), paused time left out.
 */
export function groupSteps(events: readonly CapturedEvent[], locale?: Locale, options: Partial<GroupingOptions> = {}): GroupedStep[] {
  const settings: GroupingOptions = { ...DEFAULT_GROUPING, ...options };
  const ordered = chronological(events);
  const reading = startReading();
  readDrafts(ordered, 0, reading, settings);
  const { steps: grouped, carried } = settleDrafts(reading.drafts);
  const first = grouped[0];
  if (!first) return [];
  first.events.push(...reading.orphans, ...carried);

  // Followers in the order they happened, each with the step of its event (an earlier follower's included).
  const owner = new Map<string, StepEvents>();
  for (const step of grouped) for (const event of step.events) owner.set(event.id, step);
  for (const event of reading.deferred) {
    const step = placeFollower(
      event,
      (id) => owner.get(id),
      (t) => latestBeganBy(grouped, t, (item) => item.draft.first.t) ?? first,
    );
    if (!step) continue;
    step.events.push(event);
    owner.set(event.id, step);
  }

  const context: StepContext = {
    titles: navigationTitles(ordered),
    evidence: screenshotsByEvent(ordered),
    changes: new PageChanges(ordered),
    memory: new Map(),
    locale,
    settings,
  };
  const steps = grouped.map((step, index) => makeStep(step, index, context));
  const end = walkEnd(ordered);
  const paused = new PausedSpans(ordered, end);
  for (const [i, step] of steps.entries()) step.durationMs = durationOf(step, steps[i + 1], end, paused);
  return steps;
}

/**
 * What the rules remember from one event to the next: the latest draft, the form group still open, and per
 * tab the drafts a later event may join. A few drafts per tab, never the walk's history. Every memory of the
 * rules belongs here rather than in a local of `readDrafts`: the live grouping (live-steps.ts) resumes a
 * reading from a copy of this (`copyGroupingState`), and a memory kept elsewhere would be lost there.
 */
export interface GroupingState {
  // Held in an object: the closures of readDrafts change them, so the compiler must not narrow them.
  state: { last: Draft | null; openForm: Draft | null };
  latestInTab: Map<number | null, Draft>;
  navigationDraftOfTab: Map<number | null, Draft>;
  firstNavigationDraftOfTab: Map<number, Draft>;
  lastClickOfTab: Map<number | null, { draft: Draft; t: number }>;
  newTabWaiting: Map<number, Draft>;
}

/** What reading the events makes, and where it stands. */
export interface DraftReading {
  memory: GroupingState;
  /** The drafts, in the order they began. */
  drafts: Draft[];
  /** Screenshots, full-page screenshots, DOM changes and idle gaps: they join the step of the event they follow (placeFollower). */
  deferred: CapturedEvent[];
  /** Events read before any draft began: they join the first step. */
  orphans: CapturedEvent[];
  /**
   * The furthest event a rule looked at ahead of the event it decided on; `end` once one looked past the last
   * without saying what it waited for.
   */
  lookedAhead: CapturedEvent | 'end' | null;
  /**
   * The questions rules asked of events to come that no event so far answers (a look ahead past the last event
   * that says what it waits for), by `questionKey`: only a later event that `mayAnswer` one can change them.
   */
  unanswered: Map<string, OpenQuestion>;
}

/**
 * A question no event answered yet: whether a form of this frame is sent, from `since` on, before the tester
 * leaves it (see `sendVerdict`). Asked by the rule that makes a box ticked outside a sent form a step of its
 * own. Kept once per frame, with the latest `since` it was asked from.
 */
export interface OpenQuestion {
  tabId: number | null;
  frameId: number | null;
  since: CapturedEvent;
}

export function questionKey(question: Pick<OpenQuestion, 'tabId' | 'frameId'>): string {
  return `${question.tabId}|${question.frameId}`;
}

/**
 * Whether an event coming later could change what was decided on an open question: a submit or a refusal of
 * its frame. Unanswered, a question is decided as "not sent", which an event saying "left" (a click, an Enter,
 * a navigation) does not change; and when a look reached the last event unanswered, every click of the frame
 * it passed was on a field, whose verdict no other event changes: only a new event can answer it.
 */
export function mayAnswer(question: OpenQuestion, event: CapturedEvent): boolean {
  if (event.tabId !== question.tabId || event.frameId !== question.frameId) return false;
  return event.kind === 'submit' || (event.kind === 'invalid' && !event.onArrival);
}

/** A reading before the first event. */
export function startReading(): DraftReading {
  return {
    memory: {
      state: { last: null, openForm: null },
      latestInTab: new Map(),
      navigationDraftOfTab: new Map(),
      firstNavigationDraftOfTab: new Map(),
      lastClickOfTab: new Map(),
      newTabWaiting: new Map(),
    },
    drafts: [],
    deferred: [],
    orphans: [],
    lookedAhead: null,
    unanswered: new Map(),
  };
}

/**
 * A copy of what the rules remember, to resume a reading from. Whatever the rules keep there is copied
 * (maps, sets, lists, records, and the drafts, each once however many places hold it, with their own lists),
 * except events, which are shared: a memory added to GroupingState, or a field added to Draft, is copied too.
 * `copies` lists the drafts copied.
 */
export function copyGroupingState(memory: GroupingState): { memory: GroupingState; copies: Draft[] } {
  const copies = new Map<Draft, Draft>();
  const copy = (value: unknown): unknown => {
    if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, copy(item)]));
    if (value instanceof Set) return new Set([...value].map(copy));
    if (Array.isArray(value)) return value.map(copy);
    if (value == null || typeof value !== 'object' || isEvent(value)) return value;
    if (isDraft(value)) {
      let draft = copies.get(value);
      if (!draft) {
        draft = {} as Draft;
        copies.set(value, draft);
        Object.assign(draft, copyFields(value));
      }
      return draft;
    }
    return copyFields(value);
  };
  const copyFields = (value: object) => Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
  return { memory: copy(memory) as GroupingState, copies: [...copies.values()] };
}

/** A draft is the one record with a first event and events; an event has a kind and a commit number. */
function isDraft(value: object): value is Draft {
  return 'first' in value && 'events' in value;
}

function isEvent(value: object): value is CapturedEvent {
  return 'kind' in value && 'seq' in value && 'sessionId' in value;
}

/**
 * Reads `ordered[from..]` into `reading` by the rules (see the module comment). `before(index)` is called
 * before each event is read, so the live grouping can copy the state there. For the live grouping to stay
 * exact, a rule keeps what it remembers between events in `reading.memory`, and looks at later events only
 * through `ahead` (a look that may run past the last event names what would answer it: an `OpenQuestion`).
 */
export function readDrafts(
  ordered: readonly CapturedEvent[],
  from: number,
  reading: DraftReading,
  settings: GroupingOptions,
  before?: (index: number) => void,
): void {
  const { drafts, deferred, orphans } = reading;
  const { state, latestInTab, navigationDraftOfTab, firstNavigationDraftOfTab, lastClickOfTab, newTabWaiting } = reading.memory;

  const attach = (draft: Draft, event: CapturedEvent) => {
    draft.events.push(event);
  };
  const closeForm = () => {
    if (state.openForm) state.openForm.open = false;
    state.openForm = null;
  };
  const create = (kind: MapStepKind, event: CapturedEvent): Draft => {
    closeForm();
    const draft: Draft = {
      kind,
      first: event,
      events: [],
      tabId: event.tabId,
      frameId: event.frameId,
      lastActionT: event.t,
      clicks: [],
      submitClick: null,
      fields: [],
      changes: [],
      submits: [],
      invalids: [],
      navigations: [],
      tabOpened: null,
      keys: [],
      tick: false,
      open: false,
    };
    attach(draft, event);
    drafts.push(draft);
    state.last = draft;
    latestInTab.set(event.tabId, draft);
    return draft;
  };
  const addClick = (draft: Draft, click: Click) => {
    draft.clicks.push(click);
    draft.lastActionT = Math.max(draft.lastActionT, click.t);
    lastClickOfTab.set(click.tabId, { draft, t: click.t });
  };
  const foldIntoContext = (event: CapturedEvent) => {
    const draft = (event.tabId != null ? latestInTab.get(event.tabId) : undefined) ?? state.last;
    if (draft) attach(draft, event);
    else orphans.push(event);
  };
  /**
   * The event at `j`, for a rule looking ahead (undefined past the last). Every look ahead goes through here,
   * so a resumed reading knows which decisions a later event could change. A look past the last event that
   * says what it waits for (`question`) leaves that question open; one that does not could be changed by any
   * later event.
   */
  const ahead = (j: number, question?: OpenQuestion): CapturedEvent | undefined => {
    const next = ordered[j];
    const furthest = reading.lookedAhead;
    if (!next) {
      if (!question) reading.lookedAhead = 'end';
      else {
        const key = questionKey(question);
        const asked = reading.unanswered.get(key);
        if (!asked || compareEvents(question.since, asked.since) > 0) reading.unanswered.set(key, question);
      }
    } else if (furthest !== 'end' && (furthest == null || compareEvents(next, furthest) > 0)) reading.lookedAhead = next;
    return next;
  };
  /** Whether a submit (or an `invalid`) of the click's frame follows it, before another click of its tab. */
  const submitFollows = (index: number, click: Click): boolean => {
    for (let j = index + 1; ; j++) {
      const next = ahead(j);
      if (!next) return false;
      if (next.t > click.t + settings.submitWindowMs) return false;
      if (next.tabId !== click.tabId) continue;
      if (next.kind === 'click') return false;
      if ((next.kind === 'submit' || (next.kind === 'invalid' && !next.onArrival)) && next.frameId === click.frameId) return true;
    }
  };
  /**
   * What the event at `j` (of the tab) says of a form of frame `frameId`: sent (a submit, a refusal), left
   * (a navigation of its page, a fragment or a replaced entry aside; a click that sends nothing; an Enter in
   * a field with no form), or nothing (undefined).
   */
  const sendVerdict = (j: number, event: CapturedEvent, frameId: number | null): boolean | undefined => {
    switch (event.kind) {
      case 'submit':
        return event.frameId === frameId ? true : undefined;
      case 'invalid':
        return !event.onArrival && event.frameId === frameId ? true : undefined;
      case 'key':
        return event.frameId === frameId ? false : undefined;
      case 'click':
        return event.frameId === frameId && !isFieldTarget(event.target) && !submitFollows(j, event) ? false : undefined;
      case 'navigation':
        if (event.sameDocument && (event.navigationType === 'hash' || event.navigationType === 'replace-state')) return undefined;
        return event.frameId == null || event.frameId === 0 || event.frameId === frameId ? false : undefined;
      default:
        return undefined;
    }
  };
  // A cache of sentAhead's looks in this reading, by frame: what it found from `from` to `until` (the event
  // that said it, or the end). The answer of the events between is the same; ahead() still records the look.
  const sendLooks = new Map<string, { from: number; until: number; sent: boolean }>();
  /**
   * Whether a submit (or a refusal) of the event's frame comes, from the event itself on, before the tester
   * leaves the form (sendVerdict). It may look far ahead: to the event that says it, or past the last event,
   * leaving the question open until an event of that frame may answer it (mayAnswer).
   */
  const sentAhead = (index: number): boolean => {
    const event = ordered[index] as CapturedEvent;
    const question: OpenQuestion = { tabId: event.tabId, frameId: event.frameId, since: event };
    const key = questionKey(question);
    const known = sendLooks.get(key);
    if (known && known.from <= index && index < known.until) {
      ahead(known.until, question);
      return known.sent;
    }
    let look = { from: index, until: ordered.length, sent: false };
    for (let j = index; ; j++) {
      const next = j === index ? event : ahead(j, question);
      if (!next) break;
      if (next.tabId !== event.tabId) continue;
      const verdict = sendVerdict(j, next, event.frameId);
      if (verdict !== undefined) {
        look = { from: index, until: j, sent: verdict };
        break;
      }
    }
    sendLooks.set(key, look);
    return look.sent;
  };
  const openFormGroup = (event: CapturedEvent): Draft => {
    const draft = create('form', event);
    draft.open = true;
    state.openForm = draft;
    return draft;
  };
  /** A label clicked just before the box it names (the browser clicks the box for it): the tick starts there. */
  const labelOfTick = (index: number, click: Click): boolean => {
    if (click.target.tag.toLowerCase() !== 'label') return false;
    for (let j = index + 1; ; j++) {
      const next = ahead(j);
      if (!next) return false;
      if (next.t > click.t + LABEL_TO_CONTROL_MS) return false;
      if (next.tabId !== click.tabId || next.frameId !== click.frameId) continue;
      if (next.kind === 'click') return isToggleTarget(next.target) && !sentAhead(j);
    }
  };
  /** A box ticked outside a form that is sent: a step of its own, with its label's click, its click and its change. */
  const addTick = (event: Click | EventOf<'field-change'>) => {
    const last = state.last?.tick ? state.last : null;
    const joins =
      last != null &&
      sameFrame(last, event) &&
      last.changes.length === 0 &&
      event.t - last.lastActionT <= settings.submitWindowMs &&
      (event.kind === 'field-change' || last.clicks.every((click) => click.target.tag.toLowerCase() === 'label'));
    const draft = joins && last ? last : create('form', event);
    if (draft === last) attach(draft, event);
    draft.tick = true;
    if (event.kind === 'click') addClick(draft, event);
    else {
      draft.fields.push(event);
      draft.changes.push(event);
      draft.lastActionT = Math.max(draft.lastActionT, event.t);
    }
  };
  /** A field change that continues the step before: the change Enter makes the browser report, or a change of the element just clicked. */
  const continuesLast = (event: EventOf<'field-change'>): boolean => {
    const last = state.last;
    if (!last || !sameFrame(last, event)) return false;
    const key = last.keys[0];
    const ofKey = key != null && event.t - key.t <= settings.submitWindowMs && fieldKey(event.field) === fieldKey(key.field);
    // An element that is no field for the page (the host of a closed shadow root) clicked, then changed: filling it.
    const clicked = last.kind === 'click' && last.clicks.length === 1 && last.navigations.length === 0 && last.tabOpened == null;
    const selector = clicked ? firstSelector((last.clicks[0] as Click).target.selectors) : null;
    const ofClick = selector != null && selector === firstSelector(event.field.selectors);
    if (!ofKey && !ofClick) return false;
    if (ofClick) {
      last.kind = 'form';
      last.open = true;
      state.openForm = last;
    }
    attach(last, event);
    last.fields.push(event);
    last.changes.push(event);
    last.lastActionT = Math.max(last.lastActionT, event.t);
    return true;
  };

  for (let index = from; index < ordered.length; index++) {
    before?.(index);
    const event = ordered[index] as CapturedEvent;
    // A question left open before a resumed reading, answered now ("left": a "sent" would have stopped the
    // resuming, see mayAnswer): what was decided on it stands for good, and a later event no longer reopens it.
    for (const [key, question] of reading.unanswered) {
      if (question.tabId !== event.tabId || compareEvents(event, question.since) <= 0) continue;
      if (sendVerdict(index, event, question.frameId) !== undefined) reading.unanswered.delete(key);
    }
    switch (event.kind) {
      case 'session-start':
        create('start', event);
        break;

      case 'click': {
        if ((isToggleTarget(event.target) && !sentAhead(index)) || labelOfTick(index, event)) {
          addTick(event);
          break;
        }
        const fieldClick = isFieldTarget(event.target);
        const submitClick = !fieldClick && submitFollows(index, event);
        const form: Draft | null = state.openForm;
        if (form?.open && sameFrame(form, event) && form.submits.length === 0 && (fieldClick || submitClick)) {
          attach(form, event);
          addClick(form, event);
          if (submitClick) form.submitClick = event;
          break;
        }
        if (fieldClick || submitClick) {
          const draft = openFormGroup(event);
          addClick(draft, event);
          if (submitClick) draft.submitClick = event;
          break;
        }
        const previous: Draft | null = state.last;
        const lastClick = previous?.clicks[previous.clicks.length - 1];
        if (
          previous &&
          previous.kind === 'click' &&
          lastClick &&
          sameFrame(previous, event) &&
          previous.navigations.length === 0 &&
          previous.tabOpened == null &&
          event.t - lastClick.t <= settings.repeatClickMs &&
          sameSpot(previous.clicks[0] as Click, event, settings.repeatClickPx)
        ) {
          attach(previous, event);
          addClick(previous, event);
          break;
        }
        addClick(create('click', event), event);
        break;
      }

      case 'field-focus':
      case 'field-change': {
        if (event.kind === 'field-change' && isToggleField(event.field) && !sentAhead(index)) {
          addTick(event);
          break;
        }
        if (event.kind === 'field-change' && continuesLast(event)) break;
        const form: Draft | null = state.openForm;
        let draft: Draft;
        if (form?.open && sameFrame(form, event) && form.submits.length === 0 && form.invalids.length === 0) {
          draft = form;
          attach(draft, event);
        } else draft = openFormGroup(event);
        draft.fields.push(event);
        if (event.kind === 'field-change') {
          draft.changes.push(event);
          draft.lastActionT = Math.max(draft.lastActionT, event.t);
        }
        break;
      }

      case 'submit': {
        const form: Draft | null = state.openForm;
        let draft: Draft;
        if (form?.open && sameFrame(form, event) && form.submits.length === 0) {
          draft = form;
          attach(draft, event);
        } else draft = openFormGroup(event);
        draft.submits.push(event);
        draft.lastActionT = Math.max(draft.lastActionT, event.t);
        break;
      }

      case 'key': {
        // Enter in a field with no form ends the typing in it: one step, whatever comes next.
        const form: Draft | null = state.openForm;
        const sameField = form?.changes.every((change) => fieldKey(change.field) === fieldKey(event.field)) === true;
        let draft: Draft;
        if (form?.open && sameFrame(form, event) && form.submits.length === 0 && form.invalids.length === 0 && sameField) {
          draft = form;
          attach(draft, event);
          closeForm();
        } else draft = create('form', event);
        draft.keys.push(event);
        draft.lastActionT = Math.max(draft.lastActionT, event.t);
        break;
      }

      case 'invalid': {
        // Fields marked when their page arrived: evidence for the step that brought the page, never a step.
        if (event.onArrival) {
          foldIntoContext(event);
          break;
        }
        const form: Draft | null = state.openForm;
        const recent = latestInTab.get(event.tabId);
        let draft: Draft;
        if (form?.open && sameFrame(form, event)) draft = form;
        else if (recent && recent.kind === 'form' && sameFrame(recent, event) && event.t - recent.lastActionT <= settings.submitWindowMs) draft = recent;
        else draft = openFormGroup(event);
        if (draft.first !== event) attach(draft, event);
        draft.invalids.push(event);
        break;
      }

      case 'navigation': {
        if (event.frameId != null && event.frameId !== 0) {
          foldIntoContext(event);
          break;
        }
        const tabId = event.tabId;
        const waiting = tabId != null ? newTabWaiting.get(tabId) : undefined;
        if (waiting && tabId != null) {
          newTabWaiting.delete(tabId);
          attach(waiting, event);
          waiting.navigations.push(event);
          latestInTab.set(tabId, waiting);
          navigationDraftOfTab.set(tabId, waiting);
          if (!firstNavigationDraftOfTab.has(tabId)) firstNavigationDraftOfTab.set(tabId, waiting);
          break;
        }
        const previous = latestInTab.get(tabId);
        if (
          previous &&
          !BROWSER_NAVIGATIONS.has(event.navigationType) &&
          (previous.kind === 'click' || previous.kind === 'form') &&
          event.t - previous.lastActionT <= settings.navigationWindowMs
        ) {
          attach(previous, event);
          previous.navigations.push(event);
          navigationDraftOfTab.set(tabId, previous);
          if (state.openForm === previous) closeForm();
          break;
        }
        const draft = create('navigation', event);
        draft.navigations.push(event);
        navigationDraftOfTab.set(tabId, draft);
        if (tabId != null && !firstNavigationDraftOfTab.has(tabId)) firstNavigationDraftOfTab.set(tabId, draft);
        break;
      }

      case 'tab-opened': {
        const opener = event.openerTabId ?? event.tabId;
        const click = lastClickOfTab.get(opener);
        if (click && click.draft.tabOpened == null && event.t - click.t <= settings.newTabWindowMs) {
          attach(click.draft, event);
          click.draft.tabOpened = event;
          break;
        }
        // Opened by the page itself (window.open on a timer…): the new tab's first page is the step.
        const first = firstNavigationDraftOfTab.get(event.openedTabId);
        if (first && first.kind === 'navigation' && first.tabOpened == null) {
          attach(first, event);
          first.tabOpened = event;
          first.kind = 'new-tab';
          break;
        }
        const openerStep = latestInTab.get(event.tabId);
        const draft = create('new-tab', event);
        draft.tabOpened = event;
        // The step belongs to the new tab: what happens next in the opener tab stays with the opener's steps.
        if (openerStep) latestInTab.set(event.tabId, openerStep);
        latestInTab.set(event.openedTabId, draft);
        newTabWaiting.set(event.openedTabId, draft);
        break;
      }

      case 'page-load': {
        const draft = navigationDraftOfTab.get(event.tabId) ?? latestInTab.get(event.tabId) ?? state.last;
        if (draft) attach(draft, event);
        else orphans.push(event);
        break;
      }

      case 'screenshot':
      case 'full-page':
      case 'dom-change':
      case 'idle':
        deferred.push(event);
        break;

      case 'pause':
      case 'resume':
      case 'interrupted':
      case 'extension-restarted':
      case 'session-stop':
        if (state.last) attach(state.last, event);
        else orphans.push(event);
        break;

      default:
        // scroll, visibility, tab-closed: part of the step before them in their tab.
        foldIntoContext(event);
    }
  }
}

/** The events of one step: the draft that began it, the kind of step it settled into, every event it holds. */
export interface StepEvents {
  draft: Draft;
  kind: MapStepKind;
  events: CapturedEvent[];
}

/**
 * The kind of step a draft read to the end makes, null when it makes none. A form group where nothing was
 * typed is a click when it has one (a button that posts a form, a field clicked into); without a click or a
 * submit it is no step at all (tabbing through): its events join the step before.
 */
export function settledKind(draft: Draft): MapStepKind | null {
  if (draft.kind === 'form' && draft.changes.length === 0 && draft.keys.length === 0) {
    if (draft.clicks.length > 0) return 'click';
    if (draft.submits.length === 0 && draft.invalids.length === 0) return null;
  }
  return draft.kind;
}

/**
 * The steps drafts make, in their order, each with the events of the drafts after it that made none.
 * `carried`: the events of drafts before the first step that made none (they join the first step).
 */
export function settleDrafts(drafts: readonly Draft[]): { steps: StepEvents[]; carried: CapturedEvent[] } {
  const steps: StepEvents[] = [];
  const carried: CapturedEvent[] = [];
  for (const draft of drafts) {
    const kind = settledKind(draft);
    const kept = steps[steps.length - 1];
    if (kind != null) steps.push({ draft, kind, events: [...draft.events] });
    else if (kept) kept.events.push(...draft.events);
    else carried.push(...draft.events);
  }
  return { steps, carried };
}

/**
 * The step an event set aside by `readDrafts` joins: a screenshot or a full-page screenshot the step of the
 * event it shows (checklist evidence photos show no event: no step); a DOM change the step of the click it answers; an idle gap the
 * step of the action that ended it. A DOM change or an idle gap whose event is in no step joins the step at
 * its time. `stepOf` finds the step holding an event; `stepAt` the latest step begun by a time (else the first).
 */
export function placeFollower<S>(event: CapturedEvent, stepOf: (eventId: string) => S | undefined, stepAt: (t: number) => S): S | null {
  switch (event.kind) {
    case 'screenshot':
    case 'full-page':
      return stepOf(event.forEventId) ?? null;
    case 'dom-change':
      return stepOf(event.forEventId) ?? stepAt(event.t);
    case 'idle': {
      const actionId = event.id.endsWith(':idle') ? event.id.slice(0, -':idle'.length) : null;
      return (actionId != null ? stepOf(actionId) : undefined) ?? stepAt(event.sinceT + event.gapMs);
    }
    default:
      return null;
  }
}

/** The latest of `items` (in time order) that began at or before t. */
export function latestBeganBy<T>(items: readonly T[], t: number, began: (item: T) => number): T | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (began(items[mid] as T) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? items[lo - 1] : undefined;
}

/** What earlier steps leave for the naming of later ones, read and written in step order. */
export interface StepMemory {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** What making a step needs besides its events. */
export interface StepContext {
  /** The walk's navigationTitles. */
  titles: ReadonlyMap<string, string>;
  /** The walk's screenshotsByEvent. */
  evidence: ReadonlyMap<string, EventOf<'screenshot'>>;
  /** When the walk's pages changed (moment.ts): an image from before a change is no picture of a later step. */
  changes: PageChanges;
  /**
   * Whatever a step's name owes to the steps before it (a form refused before is filled in "again") goes
   * through here and nowhere else, so the live grouping can tell how far a changed step reaches.
   */
  memory: StepMemory;
  locale: Locale | undefined;
  settings: GroupingOptions;
}

/** How long a step lasted: until the next step began (the last one until the walk's end), paused time left out. */
export function durationOf(step: { t: number }, next: { t: number } | undefined, end: number, paused: PausedSpans): number {
  return paused.active(step.t, next ? next.t : Math.max(end, step.t));
}

/**
 * One step from its events: its action, page, target, screenshot and events, at `index` in the walk. Its
 * duration comes from the step after it (durationOf); it is 0 until then.
 */
export function makeStep(step: StepEvents, index: number, context: StepContext): GroupedStep {
  const { draft } = step;
  const { titles, evidence, changes, memory, locale, settings } = context;
  const events = [...new Set(step.events)].sort(compareEvents);
  const navigation = draft.navigations[0] ?? null;
  const namingClick = draft.submitClick ?? draft.clicks[0] ?? null;
  let action: string;
  let url: string | null;
  let pageTitle: string | null;
  let tabId = draft.first.tabId;
  url = draft.first.url;
  pageTitle = draft.first.pageTitle;

  switch (step.kind) {
    case 'start':
      action = actionFor(draft.first, undefined, locale) ?? '';
      break;
    case 'navigation': {
      const nav = navigation ?? (draft.first as Navigation);
      const title = titles.get(nav.id);
      url = nav.url;
      pageTitle = title ?? nav.pageTitle;
      action = actionFor(nav, title, locale) ?? '';
      break;
    }
    case 'new-tab': {
      const opened = draft.tabOpened;
      if (navigation) {
        const title = titles.get(navigation.id);
        url = navigation.url;
        pageTitle = title ?? navigation.pageTitle;
        tabId = navigation.tabId;
      } else {
        url = opened?.targetUrl ?? null;
        pageTitle = null;
        tabId = opened?.openedTabId ?? tabId;
      }
      action = t('actionOpenTab', { page: pageName(url, pageTitle) }, locale);
      break;
    }
    case 'click': {
      const click = namingClick ?? (draft.first as Click);
      const place = draft.clicks[0] ?? click;
      url = place.url;
      pageTitle = place.pageTitle;
      const base = actionFor(click, undefined, locale) ?? '';
      const repeated = draft.clicks.length > 1 && draft.clicks.every((other) => sameSpot(click, other, settings.repeatClickPx));
      action = repeated ? t('actionRepeated', { action: base, count: draft.clicks.length }, locale) : base;
      break;
    }
    default: {
      // A form group.
      const key = formKey(draft);
      const submitted = draft.submits.length > 0 || draft.invalids.length > 0;
      const form = () => formPhrase(formName(draft.submits[0]?.form ?? null, draft.submitClick?.target.name ?? null), locale);
      const enter = draft.keys[0];
      if (enter) {
        const typed = (enter.valueLength ?? 1) > 0 || draft.changes.some((change) => fieldKey(change.field) === fieldKey(enter.field));
        action = t(typed ? 'actionFillEnter' : 'actionPressEnter', { field: fieldName(enter.field) }, locale);
      } else if (draft.changes.length > 0 && submitted) {
        const again = key != null && memory.get(`refused:${key}`) === true;
        action = t(again ? 'actionFillFormAgain' : 'actionFillForm', { form: form() }, locale);
      } else if (draft.changes.length > 0) {
        action = fillAction(draft.changes, locale);
      } else if (draft.submits.length > 0) {
        action = t('actionSubmit', { form: form() }, locale);
      } else {
        action = actionFor(draft.invalids[0] ?? draft.first, undefined, locale) ?? t('actionFillForm', { form: form() }, locale);
      }
      if (key != null) memory.set(`refused:${key}`, draft.invalids.length > 0 || draft.navigations.length === 0);
    }
  }

  // The picture: the first screenshot among its events (the click's, the navigation's…) that shows its moment.
  const { shot, ...picture } = stepScreenshot(events, evidence, changes);
  const fieldEvent = draft.keys[0] ?? draft.changes[0] ?? draft.fields[0] ?? draft.invalids[0] ?? null;
  const target = namingClick?.target ?? (step.kind === 'form' && fieldEvent ? fieldTarget(fieldEvent.field) : null);
  const main = step.kind === 'click' ? (draft.clicks[0] ?? draft.first) : step.kind === 'form' ? draft.first : (navigation ?? draft.first);

  return {
    id: draft.first.id,
    index,
    kind: step.kind,
    t: draft.first.t,
    at: draft.first.at,
    durationMs: 0,
    action,
    url,
    pageTitle,
    tabId,
    frameUrl: main.frameUrl,
    touchpoint: touchpointOf(url, pageTitle),
    target,
    frame: namingClick?.frame ?? null,
    point: shot?.point ?? namingClick?.point ?? null,
    devicePixelRatio: namingClick?.devicePixelRatio ?? draft.keys[0]?.devicePixelRatio ?? null,
    ...picture,
    eventIds: events.map((event) => event.id),
  };
}
