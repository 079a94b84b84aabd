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
 *   page's arrival to the step that brought it); a screenshot or a DOM change to the step of the event it
 *   follows; an idle gap to the step of the action that ended it.
 */
import type { CapturedEvent, EventOf, FieldDescriptor, SelectorAlternatives, TargetDescriptor } from '../capture/events';
import { type Locale, t } from '../i18n';
import { formName, formPhrase } from './form-names';
import type { MapStep, MapStepKind } from './map-types';
import { PageChanges, stepScreenshot } from './moment';
import { actionFor, changeAction, chronological, fieldName, fieldTarget, navigationTitles, screenshotsByEvent } from './steps';
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

/** A step being built. */
interface Draft {
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
  dissolved: boolean;
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
  const drafts = buildDrafts(ordered, settings);
  return finish(drafts, ordered, locale, settings);
}

function buildDrafts(ordered: readonly CapturedEvent[], settings: GroupingOptions): Draft[] {
  const drafts: Draft[] = [];
  const owner = new Map<string, Draft>();
  const latestInTab = new Map<number | null, Draft>();
  const navigationDraftOfTab = new Map<number | null, Draft>();
  const firstNavigationDraftOfTab = new Map<number, Draft>();
  const lastClickOfTab = new Map<number | null, { draft: Draft; t: number }>();
  const newTabWaiting = new Map<number, Draft>();
  const deferred: CapturedEvent[] = [];
  const orphans: CapturedEvent[] = [];
  // Held in an object: the closures below change them, so the compiler must not narrow them.
  const state: { last: Draft | null; openForm: Draft | null } = { last: null, openForm: null };

  const attach = (draft: Draft, event: CapturedEvent) => {
    draft.events.push(event);
    owner.set(event.id, draft);
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
      dissolved: false,
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
  const submitFollows = (index: number, click: Click) => submitFollowsClick(ordered, index, click, settings);
  const sentAhead = formSentAhead(ordered, settings);
  const openFormGroup = (event: CapturedEvent): Draft => {
    const draft = create('form', event);
    draft.open = true;
    state.openForm = draft;
    return draft;
  };
  /** A label clicked just before the box it names (the browser clicks the box for it): the tick starts there. */
  const labelOfTick = (index: number, click: Click): boolean => {
    if (click.target.tag.toLowerCase() !== 'label') return false;
    for (let j = index + 1; j < ordered.length; j++) {
      const next = ordered[j] as CapturedEvent;
      if (next.t > click.t + LABEL_TO_CONTROL_MS) return false;
      if (next.tabId !== click.tabId || next.frameId !== click.frameId) continue;
      if (next.kind === 'click') return isToggleTarget(next.target) && !sentAhead[j];
    }
    return false;
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

  for (const [index, event] of ordered.entries()) {
    switch (event.kind) {
      case 'session-start':
        create('start', event);
        break;

      case 'click': {
        if ((isToggleTarget(event.target) && !sentAhead[index]) || labelOfTick(index, event)) {
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
        if (event.kind === 'field-change' && isToggleField(event.field) && !sentAhead[index]) {
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
      case 'session-stop':
        if (state.last) attach(state.last, event);
        else orphans.push(event);
        break;

      default:
        // scroll, visibility, tab-closed: part of the step before them in their tab.
        foldIntoContext(event);
    }
  }

  // A form group where nothing was typed is a click when it has one (a button that posts a form, a field
  // clicked into); without a click or a submit it is no step at all (tabbing through): it joins the step before.
  let kept: Draft | null = null;
  const carried: CapturedEvent[] = [];
  for (const draft of drafts) {
    if (draft.kind === 'form' && draft.changes.length === 0 && draft.keys.length === 0) {
      if (draft.clicks.length > 0) draft.kind = 'click';
      else if (draft.submits.length === 0 && draft.invalids.length === 0) {
        draft.dissolved = true;
        if (kept) for (const event of draft.events) attach(kept, event);
        else carried.push(...draft.events);
        continue;
      }
    }
    if (!kept && carried.length > 0) for (const event of carried.splice(0)) attach(draft, event);
    kept = draft;
  }
  const live = drafts.filter((draft) => !draft.dissolved);
  const firstLive = live[0];
  if (!firstLive) return [];
  for (const event of orphans) attach(firstLive, event);
  for (const event of carried) attach(firstLive, event);

  // Screenshots join the step of the event they show (checklist evidence photos show no event: no step);
  // an idle gap joins the step of the action that ended it.
  for (const event of deferred) {
    if (event.kind === 'screenshot' || event.kind === 'full-page') {
      const draft = owner.get(event.forEventId);
      if (draft) attach(draft, event);
      continue;
    }
    if (event.kind === 'dom-change') {
      attach(owner.get(event.forEventId) ?? draftAt(live, event.t) ?? firstLive, event);
      continue;
    }
    if (event.kind !== 'idle') continue;
    const actionId = event.id.endsWith(':idle') ? event.id.slice(0, -':idle'.length) : null;
    const draft = (actionId != null ? owner.get(actionId) : undefined) ?? draftAt(live, event.sinceT + event.gapMs) ?? firstLive;
    attach(draft, event);
  }
  return live;
}

/** A label's click and the click the browser then makes on its box come this close. */
const LABEL_TO_CONTROL_MS = 200;

/** Whether a submit (or an `invalid`) of the click's frame follows it, before another click of its tab. */
function submitFollowsClick(ordered: readonly CapturedEvent[], index: number, click: Click, settings: GroupingOptions): boolean {
  for (let j = index + 1; j < ordered.length; j++) {
    const next = ordered[j] as CapturedEvent;
    if (next.t > click.t + settings.submitWindowMs) return false;
    if (next.tabId !== click.tabId) continue;
    if (next.kind === 'click') return false;
    if ((next.kind === 'submit' || (next.kind === 'invalid' && !next.onArrival)) && next.frameId === click.frameId) return true;
  }
  return false;
}

/**
 * For each event, whether a submit (or a refusal) of its frame comes before the tester leaves the form: a
 * navigation of its page (a fragment or a replaced entry aside), a click that sends nothing, an Enter in a
 * field with no form. One pass from the end.
 */
function formSentAhead(ordered: readonly CapturedEvent[], settings: GroupingOptions): boolean[] {
  const ahead = new Map<number | null, Map<number | null, boolean>>();
  const result: boolean[] = new Array(ordered.length).fill(false);
  for (let i = ordered.length - 1; i >= 0; i--) {
    const event = ordered[i] as CapturedEvent;
    let inTab = ahead.get(event.tabId);
    if (!inTab) {
      inTab = new Map();
      ahead.set(event.tabId, inTab);
    }
    switch (event.kind) {
      case 'submit':
        inTab.set(event.frameId, true);
        break;
      case 'invalid':
        if (!event.onArrival) inTab.set(event.frameId, true);
        break;
      case 'key':
        inTab.delete(event.frameId);
        break;
      case 'click':
        if (!isFieldTarget(event.target) && !submitFollowsClick(ordered, i, event, settings)) inTab.delete(event.frameId);
        break;
      case 'navigation':
        if (event.sameDocument && (event.navigationType === 'hash' || event.navigationType === 'replace-state')) break;
        if (event.frameId == null || event.frameId === 0) inTab.clear();
        else inTab.delete(event.frameId);
        break;
      default:
    }
    result[i] = inTab.get(event.frameId) === true;
  }
  return result;
}

/** The latest draft that began at or before t (drafts are in time order). */
function draftAt(drafts: readonly Draft[], t: number): Draft | undefined {
  let lo = 0;
  let hi = drafts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((drafts[mid] as Draft).first.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? drafts[lo - 1] : undefined;
}

function compareEvents(a: CapturedEvent, b: CapturedEvent): number {
  return a.t - b.t || a.seq - b.seq;
}

function finish(drafts: readonly Draft[], ordered: readonly CapturedEvent[], locale: Locale | undefined, settings: GroupingOptions): GroupedStep[] {
  const titles = navigationTitles(ordered);
  const evidence = screenshotsByEvent(ordered);
  const changes = new PageChanges(ordered);
  const end = walkEnd(ordered);
  const paused = new PausedSpans(ordered, end);
  const failedForms = new Map<string, boolean>();
  const steps: GroupedStep[] = [];

  for (const draft of drafts) {
    const events = [...new Set(draft.events)].sort(compareEvents);
    const navigation = draft.navigations[0] ?? null;
    const namingClick = draft.submitClick ?? draft.clicks[0] ?? null;
    let action: string;
    let url: string | null;
    let pageTitle: string | null;
    let tabId = draft.first.tabId;
    url = draft.first.url;
    pageTitle = draft.first.pageTitle;

    switch (draft.kind) {
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
          const typed = enter.valueLength > 0 || draft.changes.some((change) => fieldKey(change.field) === fieldKey(enter.field));
          action = t(typed ? 'actionFillEnter' : 'actionPressEnter', { field: fieldName(enter.field) }, locale);
        } else if (draft.changes.length > 0 && submitted) {
          const again = key != null && failedForms.get(key) === true;
          action = t(again ? 'actionFillFormAgain' : 'actionFillForm', { form: form() }, locale);
        } else if (draft.changes.length > 0) {
          action = fillAction(draft.changes, locale);
        } else if (draft.submits.length > 0) {
          action = t('actionSubmit', { form: form() }, locale);
        } else {
          action = actionFor(draft.invalids[0] ?? draft.first, undefined, locale) ?? t('actionFillForm', { form: form() }, locale);
        }
        if (key != null) failedForms.set(key, draft.invalids.length > 0 || draft.navigations.length === 0);
      }
    }

    // The picture: the first screenshot among its events (the click's, the navigation's…) that shows its moment.
    const { shot, ...picture } = stepScreenshot(events, evidence, changes);
    const fieldEvent = draft.keys[0] ?? draft.changes[0] ?? draft.fields[0] ?? draft.invalids[0] ?? null;
    const target = namingClick?.target ?? (draft.kind === 'form' && fieldEvent ? fieldTarget(fieldEvent.field) : null);
    const main = draft.kind === 'click' ? (draft.clicks[0] ?? draft.first) : draft.kind === 'form' ? draft.first : (navigation ?? draft.first);

    steps.push({
      id: draft.first.id,
      index: steps.length,
      kind: draft.kind,
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
    });
  }

  for (const [i, step] of steps.entries()) {
    const next = steps[i + 1];
    const until = next ? next.t : Math.max(end, step.t);
    step.durationMs = paused.active(step.t, until);
  }
  return steps;
}
