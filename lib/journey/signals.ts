/**
 * Friction signals: pain points the recorder finds by itself in the raw capture, for any site (no script of
 * the site owner needed). Each is a suggestion the tester accepts or dismisses on the map.
 *
 * - rage click: `rageClickCount` clicks or more within `rageClickWindowMs`, within `rageClickRadiusPx` of the
 *   first, in one frame (PostHog's definition);
 * - dead click: a click (or a quick series on one spot) after which nothing recorded happens in its tab for
 *   `deadClickWindowMs`: no DOM change reported for it, and nothing else recorded in its tab (navigation,
 *   page load, field focus or change, submit, `invalid`, alert, new or closed tab, visibility change, scroll
 *   started by it);
 * - quick back: back to the previous page (a back/forward move, or a navigation to the previous URL) within
 *   `quickBackMs` of the page's arrival;
 * - form error: the page refusing a try at sending a form, one signal per try: fields found `invalid` by the
 *   browser or marked `aria-invalid` by the page's script within `pageAnswerMs` of a submit (or already
 *   marked when a page a submit brought arrives), an alert that goes with them, or one shown in the form
 *   itself; or the same form sent again without any navigation in between (the page refused the first try
 *   in its own way);
 * - slow load: a page that loaded during the walk in more than `slowLoadMs` (Navigation Timing's load end,
 *   else DOMContentLoaded, else the first byte, else the time from the navigation to its page-load);
 * - hesitation: `hesitationMs` or more without any activity before an action (a click, a field focus or
 *   change, a submit), and every `idle` gap the recorder wrote (paused time never counts);
 * - excessive scrolling: `excessiveScrollRuns` scroll runs or more on one page visit, or
 *   `excessiveScrollReversals` changes of direction or more.
 *
 * Ids are stable across recomputation: `${type}:${first evidence event id}`. Pure, O(n log n).
 */
import type { CapturedEvent, EventOf, TargetDescriptor } from '../capture/events';
import { type Locale, t } from '../i18n';
import { chronological, navigationTitles } from './event-facts';
import { capitalized, formName, formPhrase } from './form-names';
import type { FrictionSignal, SignalType } from './map-types';
import { gapStart } from './recorder-gaps';
import { ACTION_KINDS, type PageVisit, PausedSpans, pageKey, pageName, pageVisits, seconds, walkEnd } from './timeline';

export interface SignalThresholds {
  rageClickCount: number;
  rageClickWindowMs: number;
  rageClickRadiusPx: number;
  deadClickWindowMs: number;
  /**
   * The page recorder reports a scroll run this long after the run stopped (lib/page-recorder/scroll.ts),
   * so a scroll event says the page moved until `t - scrollSettleMs`.
   */
  scrollSettleMs: number;
  /**
   * A scroll run that stopped no later than this after a click was already under way when the tester clicked
   * (an element scrolled into view, a flick then a click): not the click's effect.
   */
  scrollLeadMs: number;
  quickBackMs: number;
  slowLoadMs: number;
  hesitationMs: number;
  excessiveScrollRuns: number;
  excessiveScrollReversals: number;
  /** `invalid` events this close together are one validation pass, which belongs to a submit this close before it. */
  invalidPassMs: number;
  /**
   * What the page says this soon after a submit (fields marked `aria-invalid`, an alert) is its answer to it;
   * the page recorder watches that long (lib/page-recorder/form-feedback.ts).
   */
  pageAnswerMs: number;
}

export const DEFAULT_THRESHOLDS: Readonly<SignalThresholds> = {
  rageClickCount: 3,
  rageClickWindowMs: 1000,
  rageClickRadiusPx: 30,
  deadClickWindowMs: 2500,
  scrollSettleMs: 400,
  scrollLeadMs: 100,
  quickBackMs: 5000,
  slowLoadMs: 1000,
  hesitationMs: 10_000,
  excessiveScrollRuns: 8,
  excessiveScrollReversals: 3,
  invalidPassMs: 1000,
  pageAnswerMs: 3000,
};

export interface SignalOptions {
  locale?: Locale;
}

/** A signal and the step it belongs to: the step holding its first evidence event. */
export interface DetectedSignal {
  stepId: string | null;
  signal: FrictionSignal;
}

/** What signals need of a step: its id, its events and (to place an unknown event by time) its start. */
export interface StepRef {
  id: string;
  t?: number;
  eventIds: readonly string[];
}

type Click = EventOf<'click'>;
type Navigation = EventOf<'navigation'>;

/** Targets that take typing or a choice: clicking one that is already focused changes nothing visible. */
const QUIET_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'file', 'color', 'range']);
function isTextEntry(target: TargetDescriptor): boolean {
  const tag = target.tag.toLowerCase();
  if (tag === 'input') return !QUIET_INPUT_TYPES.has((target.inputType ?? 'text').toLowerCase());
  if (tag === 'textarea' || tag === 'select') return true;
  return target.role === 'textbox' || target.role === 'searchbox' || target.role === 'combobox';
}

function targetName(target: TargetDescriptor): string {
  return target.name ?? target.text ?? target.tag;
}

function distance(a: Click, b: Click): number {
  return Math.hypot(a.point.x - b.point.x, a.point.y - b.point.y);
}

/** Index of the first item whose key is greater than `value`, in a list sorted by key. */
function upperBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid] as T) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Detects the friction signals of a walk and says which step each belongs to. `steps` are the map's steps
 * (or any grouping): a signal goes to the step holding its first evidence event.
 */
export function detectSignals(
  events: readonly CapturedEvent[],
  steps: readonly StepRef[],
  thresholds: Partial<SignalThresholds> = DEFAULT_THRESHOLDS,
  options: SignalOptions = {},
): DetectedSignal[] {
  const limits: SignalThresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const locale = options.locale;
  const ordered = chronological(events);
  const end = walkEnd(ordered);
  const paused = new PausedSpans(ordered, end);
  const visits = pageVisits(ordered);
  const titles = navigationTitles(ordered);
  const byId = new Map(ordered.map((event) => [event.id, event] as const));

  const found: FrictionSignal[] = [];
  const add = (type: SignalType, eventIds: string[], value: number, description: string) => {
    found.push({ id: `${type}:${eventIds[0]}`, type, description, eventIds, value: Math.round(value), decision: null });
  };

  const chains = clickChains(ordered, limits);
  rageClicks(chains, limits, locale, add);
  deadClicks(ordered, chains, limits, end, locale, add);
  quickBacks(visits, titles, paused, limits, locale, add);
  formErrors(ordered, limits, locale, add);
  slowLoads(ordered, titles, limits, locale, add);
  hesitations(ordered, paused, limits, locale, add);
  excessiveScrolls(visits, limits, locale, add);

  // One signal per id (two rules may point at the same first event), in the order of their first evidence.
  const unique = [...new Map(found.map((signal) => [signal.id, signal] as const)).values()];
  const order = new Map(ordered.map((event, index) => [event.id, index] as const));
  unique.sort((a, b) => (order.get(a.eventIds[0] as string) ?? 0) - (order.get(b.eventIds[0] as string) ?? 0) || a.type.localeCompare(b.type));

  const stepOfEvent = new Map<string, string>();
  for (const step of steps) for (const id of step.eventIds) stepOfEvent.set(id, step.id);
  const timed = steps.filter((step) => step.t != null);
  return unique.map((signal) => {
    const first = signal.eventIds[0] as string;
    let stepId = stepOfEvent.get(first) ?? null;
    if (stepId == null) {
      const at = byId.get(first)?.t;
      const index = at == null ? 0 : upperBound(timed, at, (step) => step.t as number);
      stepId = (timed[Math.max(0, index - 1)] ?? steps[0])?.id ?? null;
    }
    return { stepId, signal };
  });
}

/** The detected signals of each step, by step id. */
export function signalsByStep(detected: readonly DetectedSignal[]): Map<string, FrictionSignal[]> {
  const byStep = new Map<string, FrictionSignal[]>();
  for (const { stepId, signal } of detected) {
    if (stepId == null) continue;
    const list = byStep.get(stepId);
    if (list) list.push(signal);
    else byStep.set(stepId, [signal]);
  }
  return byStep;
}

type Add = (type: SignalType, eventIds: string[], value: number, description: string) => void;

/** Clicks in quick series on one spot of one frame (a lone click is a series of one). */
function clickChains(ordered: readonly CapturedEvent[], limits: SignalThresholds): Click[][] {
  const chains: Click[][] = [];
  const open = new Map<string, Click[]>();
  for (const event of ordered) {
    if (event.kind !== 'click') continue;
    const key = `${event.tabId}|${event.frameId}`;
    const chain = open.get(key);
    const last = chain?.[chain.length - 1];
    if (chain && last && event.t - last.t <= limits.rageClickWindowMs && distance(chain[0] as Click, event) <= limits.rageClickRadiusPx) {
      chain.push(event);
      continue;
    }
    const next = [event];
    chains.push(next);
    open.set(key, next);
  }
  return chains;
}

function rageClicks(chains: readonly Click[][], limits: SignalThresholds, locale: Locale | undefined, add: Add): void {
  const span = Math.max(1, limits.rageClickCount) - 1;
  for (const chain of chains) {
    if (chain.length < limits.rageClickCount) continue;
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i + span < chain.length; i++) fastest = Math.min(fastest, (chain[i + span] as Click).t - (chain[i] as Click).t);
    if (fastest > limits.rageClickWindowMs) continue;
    const first = chain[0] as Click;
    const last = chain[chain.length - 1] as Click;
    add(
      'rage-click',
      chain.map((click) => click.id),
      chain.length,
      t('signalRageClick', { target: targetName(first.target), count: chain.length, seconds: seconds(last.t - first.t, locale) }, locale),
    );
  }
}

/** What shows a page reacted: recorded events of its tab (a scroll at the time it stopped). */
interface Reaction {
  t: number;
  scroll: boolean;
}

const REACTION_KINDS: ReadonlySet<CapturedEvent['kind']> = new Set([
  'navigation',
  'page-load',
  'field-focus',
  'field-change',
  'submit',
  'invalid',
  'form-alert',
  'tab-opened',
  'tab-closed',
  'visibility',
  'scroll',
]);
/**
 * Events after which nothing can be observed any more. A restarted extension was blind from the start of its
 * gap (gapStart), before the event itself is written.
 */
const BLIND_KINDS: ReadonlySet<CapturedEvent['kind']> = new Set(['pause', 'interrupted', 'session-stop', 'extension-restarted']);

function deadClicks(
  ordered: readonly CapturedEvent[],
  chains: readonly Click[][],
  limits: SignalThresholds,
  end: number,
  locale: Locale | undefined,
  add: Add,
): void {
  const reactions = new Map<number | null, Reaction[]>();
  const push = (tabId: number | null, reaction: Reaction) => {
    const list = reactions.get(tabId);
    if (list) list.push(reaction);
    else reactions.set(tabId, [reaction]);
  };
  const blind: number[] = [];
  // A DOM change names the click it followed: it answers that click alone (a change after the next click
  // is that click's doing, even when it comes within the window of the one before).
  const domChangeOf = new Map<string, number>();
  for (const event of ordered) {
    if (event.kind === 'dom-change' && !domChangeOf.has(event.forEventId)) domChangeOf.set(event.forEventId, event.t);
    if (BLIND_KINDS.has(event.kind)) blind.push(event.kind === 'extension-restarted' ? gapStart(event) : event.t);
    if (!REACTION_KINDS.has(event.kind)) continue;
    // A new tab is reported by the background on the tab that opened it.
    const tabId = event.kind === 'tab-opened' ? (event.openerTabId ?? event.tabId) : event.tabId;
    push(tabId, event.kind === 'scroll' ? { t: event.t - limits.scrollSettleMs, scroll: true } : { t: event.t, scroll: false });
  }
  for (const list of reactions.values()) list.sort((a, b) => a.t - b.t);
  // A gap's blind moment is its start, before its event: in time order again.
  blind.sort((a, b) => a - b);

  for (const chain of chains) {
    const first = chain[0] as Click;
    const last = chain[chain.length - 1] as Click;
    if (isTextEntry(first.target)) continue;
    const deadline = last.t + limits.deadClickWindowMs;
    // Unknown when the walk stopped, paused or was cut before the page had time to react.
    if (end < deadline) continue;
    const blindAt = upperBound(blind, first.t, (at) => at);
    if (blindAt < blind.length && (blind[blindAt] as number) <= deadline) continue;
    const list = reactions.get(first.tabId) ?? [];
    const changed = Math.min(...chain.map((click) => domChangeOf.get(click.id) ?? Number.POSITIVE_INFINITY));
    if (changed <= deadline) continue;
    let answered = false;
    let next = Math.min(end, changed);
    for (let i = upperBound(list, first.t, (reaction) => reaction.t); i < list.length; i++) {
      const reaction = list[i] as Reaction;
      if (reaction.scroll) {
        // A scroll that stopped right after a click was under way before it.
        const before = chain[upperBound(chain, reaction.t, (click) => click.t) - 1] ?? first;
        if (reaction.t <= before.t + limits.scrollLeadMs) continue;
      }
      next = Math.min(next, reaction.t);
      answered = reaction.t <= deadline;
      break;
    }
    if (answered) continue;
    const quiet = Math.max(limits.deadClickWindowMs, Math.min(next, end) - last.t);
    add(
      'dead-click',
      chain.map((click) => click.id),
      quiet,
      t('signalDeadClick', { target: targetName(first.target), seconds: seconds(quiet, locale) }, locale),
    );
  }
}

function visitTitle(visit: PageVisit, titles: ReadonlyMap<string, string>): string {
  const title = visit.pageLoad?.title || (visit.navigation ? titles.get(visit.navigation.id) : null) || visit.navigation?.pageTitle || null;
  return pageName(visit.url, title);
}

function quickBacks(
  visits: readonly PageVisit[],
  titles: ReadonlyMap<string, string>,
  paused: PausedSpans,
  limits: SignalThresholds,
  locale: Locale | undefined,
  add: Add,
): void {
  for (const visit of visits) {
    const back = visit.navigation;
    const left = visit.previous;
    if (!back || back.navigationType === 'reload' || !left?.navigation) continue;
    const before = left.previous?.url ?? left.navigation.fromUrl;
    const returned = back.navigationType === 'back-forward' || (before != null && pageKey(before) === visit.key);
    if (!returned) continue;
    const shownAt = left.pageLoad && left.pageLoad.t <= back.t ? left.pageLoad.t : left.startT;
    const stayed = paused.active(shownAt, back.t);
    if (stayed > limits.quickBackMs) continue;
    add(
      'quick-back',
      [left.navigation.id, back.id],
      stayed,
      t('signalQuickBack', { page: visitTitle(left, titles), seconds: seconds(stayed, locale) }, locale),
    );
  }
}

/** A validation pass: what the page said about one try at sending a form. */
interface RefusalPass {
  key: string;
  submit: EventOf<'submit'> | null;
  evidence: (EventOf<'invalid'> | EventOf<'form-alert'>)[];
  lastT: number;
}

function formErrors(ordered: readonly CapturedEvent[], limits: SignalThresholds, locale: Locale | undefined, add: Add): void {
  const frameKey = (event: CapturedEvent) => `${event.tabId}|${event.frameId}`;
  const lastSubmit = new Map<string, EventOf<'submit'>>();
  const lastActionOfTab = new Map<number | null, CapturedEvent>();
  /** Per tab, the submits since its last navigation, by form. */
  const pending = new Map<number | null, Map<string, EventOf<'submit'>>>();
  const refused = new Set<string>();
  const passes: RefusalPass[] = [];
  // In an object: `join` changes it, so the compiler must not narrow it.
  const current: { pass: RefusalPass | null } = { pass: null };

  /** Adds evidence to its submit's pass, else to the frame's pass still open, else starts one when it may. */
  const join = (event: EventOf<'invalid'> | EventOf<'form-alert'>, owner: EventOf<'submit'> | null, openWithin: number, mayStart: boolean) => {
    const earlier = owner ? passes.find((candidate) => candidate.submit === owner) : undefined;
    const open = current.pass && current.pass.key === frameKey(event) && event.t - current.pass.lastT <= openWithin ? current.pass : null;
    const target = earlier ?? open;
    if (target) {
      target.evidence.push(event);
      target.lastT = event.t;
      if (target.submit) refused.add(target.submit.id);
      return;
    }
    if (!mayStart) return;
    if (owner) refused.add(owner.id);
    current.pass = { key: frameKey(event), submit: owner, evidence: [event], lastT: event.t };
    passes.push(current.pass);
  };
  const ownerWithin = (event: CapturedEvent, ms: number) => {
    const submit = lastSubmit.get(frameKey(event));
    return submit && event.t - submit.t <= ms ? submit : null;
  };

  for (const event of ordered) {
    switch (event.kind) {
      case 'invalid': {
        if (event.onArrival) {
          // Marked when the page arrived: a refusal only when the tester's last act in the tab was sending a form.
          const last = lastActionOfTab.get(event.tabId);
          if (last?.kind === 'submit') join(event, last, limits.invalidPassMs, true);
          break;
        }
        // The browser refuses at once; a page's script (or its server) takes longer to mark fields.
        const window = event.source === 'aria-invalid' ? limits.pageAnswerMs : limits.invalidPassMs;
        join(event, ownerWithin(event, window), limits.invalidPassMs, true);
        break;
      }
      case 'form-alert':
        // An alert alone is a refusal only when shown in the form or for one of its fields (a success toast
        // in an alert region is not); with a refusal under way it is part of it.
        join(event, ownerWithin(event, limits.pageAnswerMs), limits.pageAnswerMs, event.inForm);
        break;
      case 'submit': {
        lastSubmit.set(frameKey(event), event);
        current.pass = null;
        const form = `${event.frameId}|${event.form.name ?? event.form.selectors[0]?.join(' ') ?? ''}`;
        let forms = pending.get(event.tabId);
        if (!forms) {
          forms = new Map();
          pending.set(event.tabId, forms);
        }
        const previous = forms.get(form);
        forms.set(form, event);
        if (!previous || refused.has(previous.id)) break;
        // The same form sent again and the page never moved: the first try was refused.
        const waited = event.t - previous.t;
        const named = capitalized(formPhrase(formName(event.form), locale), locale);
        add('form-error', [previous.id, event.id], 1, t('signalFormResubmit', { form: named, seconds: seconds(waited, locale) }, locale));
        refused.add(previous.id);
        break;
      }
      case 'navigation':
      case 'page-load':
        if (event.frameId == null || event.frameId === 0) pending.delete(event.tabId);
        break;
      default:
    }
    if (ACTION_KINDS.has(event.kind)) lastActionOfTab.set(event.tabId, event);
  }

  for (const refusal of passes) {
    const invalids = refusal.evidence.filter((event): event is EventOf<'invalid'> => event.kind === 'invalid');
    const fields = invalids.map((invalid) => {
      const label = t('quoted', { text: invalid.field.label ?? invalid.field.name ?? '?' }, locale);
      return invalid.validationMessage ? `${label} (${invalid.validationMessage})` : label;
    });
    const distinct = [...new Set(fields)];
    const alert = refusal.evidence.find((event): event is EventOf<'form-alert'> => event.kind === 'form-alert');
    const ids = [...(refusal.submit ? [refusal.submit.id] : []), ...refusal.evidence.map((event) => event.id)];
    const description =
      distinct.length > 0 ? t('signalFormInvalid', { fields: distinct.join(', ') }, locale) : t('signalFormAlert', { message: alert?.text ?? '' }, locale);
    add('form-error', ids, Math.max(1, distinct.length), description);
  }
}

function slowLoads(
  ordered: readonly CapturedEvent[],
  titles: ReadonlyMap<string, string>,
  limits: SignalThresholds,
  locale: Locale | undefined,
  add: Add,
): void {
  const waiting = new Map<number | null, Navigation>();
  for (const event of ordered) {
    if (event.frameId != null && event.frameId !== 0) continue;
    if (event.kind === 'navigation') {
      if (!event.sameDocument) waiting.set(event.tabId, event);
      continue;
    }
    if (event.kind !== 'page-load') continue;
    const navigation = waiting.get(event.tabId);
    waiting.delete(event.tabId);
    // The page the walk started on loaded before it; a page restored from the back/forward cache did not load.
    if (!navigation || event.restoredFromCache) continue;
    const timing = event.timing;
    const took = timing.loadMs ?? timing.domContentLoadedMs ?? timing.responseStartMs ?? event.t - navigation.t;
    if (took <= limits.slowLoadMs) continue;
    const page = pageName(event.url, event.title || titles.get(navigation.id) || null);
    add('slow-load', [navigation.id, event.id], took, t('signalSlowLoad', { page, seconds: seconds(took, locale) }, locale));
  }
}

/** Events that show nothing of the tester or the page: they do not end a quiet spell. */
const PASSIVE_KINDS: ReadonlySet<CapturedEvent['kind']> = new Set(['screenshot', 'full-page', 'idle', 'pause', 'session-stop']);

function hesitations(ordered: readonly CapturedEvent[], paused: PausedSpans, limits: SignalThresholds, locale: Locale | undefined, add: Add): void {
  let lastActivity: number | null = null;
  const idleBefore = new Map<string, EventOf<'idle'>>();
  for (const event of ordered) if (event.kind === 'idle' && event.id.endsWith(':idle')) idleBefore.set(event.id.slice(0, -':idle'.length), event);
  const noted = new Set<string>();

  for (const event of ordered) {
    if (ACTION_KINDS.has(event.kind) && lastActivity != null) {
      const quiet = paused.active(lastActivity, event.t);
      const idle = idleBefore.get(event.id);
      const idleQuiet = idle ? paused.active(idle.sinceT, idle.sinceT + idle.gapMs) : 0;
      if (quiet >= limits.hesitationMs || idleQuiet >= limits.hesitationMs) {
        const value = idle && idleQuiet >= limits.hesitationMs ? idleQuiet : quiet;
        add('hesitation', idle ? [idle.id, event.id] : [event.id], value, t('signalHesitation', { seconds: seconds(value, locale) }, locale));
        if (idle) noted.add(idle.id);
      }
    }
    if (!PASSIVE_KINDS.has(event.kind)) lastActivity = Math.max(lastActivity ?? event.t, event.t);
  }

  // Every idle gap the recorder wrote is a hesitation too (before a scroll, say), paused time left out.
  for (const event of ordered) {
    if (event.kind !== 'idle' || noted.has(event.id)) continue;
    const quiet = paused.active(event.sinceT, event.sinceT + event.gapMs);
    if (quiet < limits.hesitationMs) continue;
    const action = event.id.endsWith(':idle') ? event.id.slice(0, -':idle'.length) : null;
    add('hesitation', action ? [event.id, action] : [event.id], quiet, t('signalHesitation', { seconds: seconds(quiet, locale) }, locale));
  }
}

function excessiveScrolls(visits: readonly PageVisit[], limits: SignalThresholds, locale: Locale | undefined, add: Add): void {
  for (const visit of visits) {
    const runs = visit.scrolls;
    if (runs.length === 0) continue;
    let reversals = 0;
    let direction = 0;
    let y = 0;
    for (const run of runs) {
      const delta = run.scrollY - y;
      y = run.scrollY;
      if (delta === 0) continue;
      const sign = Math.sign(delta);
      if (direction !== 0 && sign !== direction) reversals += 1;
      direction = sign;
    }
    if (runs.length < limits.excessiveScrollRuns && reversals < limits.excessiveScrollReversals) continue;
    const first = runs[0] as EventOf<'scroll'>;
    add(
      'excessive-scroll',
      runs.map((run) => run.id),
      runs.length,
      t('signalExcessiveScroll', { count: runs.length, page: pageName(visit.url, first.pageTitle), reversals }, locale),
    );
  }
}
