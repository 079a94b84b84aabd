import type { CapturedEvent, EventOf } from '../capture/events';
import type { Locale } from '../i18n';
import type { AnnotationRecord, EditRecord, StepEdit } from '../store/records';
import { actionFor, chronological, navigationTitles, screenshotsByEvent } from './event-facts';
import { fullPageScreenshotIds, fullPagesByEvent } from './full-page';
import { NOTE_LANES } from './layer';
import type { FrictionSignal, JourneyMap, MapStep, MapStepKind } from './map-types';
import { journeyMetrics } from './metrics';
import { PageChanges, stepScreenshot } from './moment';
import { touchpointOf } from './timeline';

/** What applying edits needs besides the map and the edits. */
export interface EditContext {
  /**
   * The session's raw events, the ones the map was assembled from. Required because an edited map is
   * recounted by the assembler's own `journeyMetrics` (raw clicks, page visits and back-tracks come from the
   * events), and a split's second part takes its time, action, page and screenshot from the event it starts at.
   * With none (`[]`), every edit still applies, a split keeps on its first part what it cannot place, and the
   * figures drawn from events count nothing.
   */
  events: readonly CapturedEvent[];
  /** The session's annotations: a split moves each note, the emotion and the moment of truth to the part holding their event. */
  annotations?: readonly AnnotationRecord[];
  /** The language of the actions a split names. */
  locale?: Locale;
}

export interface EditOutcome {
  map: JourneyMap;
  /** Ids of the edits applied, in the order applied. */
  applied: string[];
  /** Ids of the edits that no longer apply (a step merged away, a stage removed…), for the history to say so. */
  skipped: string[];
}

type Lane = (typeof NOTE_LANES)[keyof typeof NOTE_LANES];
const LANES: readonly Lane[] = [...new Set(Object.values(NOTE_LANES))];

/**
 * The map with the tester's edits on it: the non-undone edits, in the order of `at`. Pure: the map given is
 * not changed. Edits that no longer apply are skipped, never thrown. Steps are re-indexed; hidden steps stay
 * in the list (marked) and the metrics leave them out.
 */
export function applyEdits(map: JourneyMap, edits: readonly EditRecord[], context: EditContext): JourneyMap {
  return applyEditsWithOutcome(map, edits, context).map;
}

/** As applyEdits, also saying which edits applied and which were skipped. */
export function applyEditsWithOutcome(map: JourneyMap, edits: readonly EditRecord[], context: EditContext): EditOutcome {
  const steps: MapStep[] = structuredClone(map.steps);
  const known = new Known(context);
  const stageIds = new Set(map.stages.map((stage) => stage.id));
  const applied: string[] = [];
  const skipped: string[] = [];
  const ordered = editOrder(edits).filter((record) => !record.undone);
  let reshaped = false;
  for (const record of ordered) {
    if (applyEdit(steps, record.edit, stageIds, known)) {
      applied.push(record.id);
      if (record.edit.kind !== 'title') reshaped = true;
    } else skipped.push(record.id);
  }
  for (const [index, step] of steps.entries()) step.index = index;
  // Full-page screenshots follow the events they were taken for through merges and splits.
  if (reshaped && context.events.length > 0) {
    const fullPages = fullPagesByEvent(context.events);
    for (const step of steps) step.fullPageScreenshotIds = fullPageScreenshotIds(step.eventIds, fullPages);
  }
  const edited: JourneyMap = { stages: structuredClone(map.stages), steps, metrics: structuredClone(map.metrics), gaps: structuredClone(map.gaps) };
  // Titles change no figure: the assembled metrics stand until a step is hidden, moved, merged or split, or a
  // signal decided. Then the assembler's own function recounts them, so an edited map counts as an assembled one.
  if (reshaped) edited.metrics = journeyMetrics(steps, context.events, edited.stages);
  return { map: edited, applied, skipped };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Applies one edit in place; false when it no longer applies. */
function applyEdit(steps: MapStep[], edit: StepEdit, stageIds: ReadonlySet<string>, known: Known): boolean {
  switch (edit?.kind) {
    case 'title': {
      const step = steps.find((item) => item.id === edit.stepId);
      if (!step || typeof edit.title !== 'string' || edit.title.trim() === '') return false;
      step.action = edit.title;
      step.titled = true;
      return true;
    }
    case 'stage': {
      const step = steps.find((item) => item.id === edit.stepId);
      if (!step || !stageIds.has(edit.stageId)) return false;
      step.stageId = edit.stageId;
      return true;
    }
    case 'hide': {
      const step = steps.find((item) => item.id === edit.stepId);
      if (!step || typeof edit.hidden !== 'boolean') return false;
      step.hidden = edit.hidden;
      return true;
    }
    case 'signal': {
      const signal = steps.flatMap((step) => step.signals).find((item) => item.id === edit.signalId);
      if (!signal || !(edit.decision === null || edit.decision === 'accepted' || edit.decision === 'dismissed')) return false;
      signal.decision = edit.decision;
      return true;
    }
    case 'merge':
      return merge(steps, edit.stepIds);
    case 'split':
      return split(steps, edit.stepId, edit.atEventId, known);
    default:
      return false;
  }
}

/**
 * Merges adjacent steps into the first: its identity, action, page, screenshot and stage; the events,
 * lanes, notes and signals of all, in order; their durations summed; the latest emotion; a moment of truth
 * if any was one. Hidden only if all were.
 */
function merge(steps: MapStep[], stepIds: readonly string[]): boolean {
  if (!Array.isArray(stepIds)) return false;
  const positions = [...new Set(stepIds)].map((id) => steps.findIndex((step) => step.id === id)).sort((a, b) => a - b);
  if (positions.length < 2 || positions[0] === -1) return false;
  if (positions.some((position, i) => i > 0 && position !== (positions[i - 1] as number) + 1)) return false;
  const parts = positions.map((position) => steps[position] as MapStep);
  const [first] = parts as [MapStep, ...MapStep[]];
  const merged: MapStep = {
    ...first,
    durationMs: parts.reduce((sum, step) => sum + step.durationMs, 0),
    eventIds: [...new Set(parts.flatMap((step) => step.eventIds))],
    emotion: parts.findLast((step) => step.emotion != null)?.emotion ?? null,
    annotations: parts.flatMap((step) => step.annotations),
    momentOfTruth: parts.some((step) => step.momentOfTruth),
    signals: uniqueSignals(parts.flatMap((step) => step.signals)),
    fullPageScreenshotIds: parts.flatMap((step) => step.fullPageScreenshotIds),
    timeToFirstActionMs: parts.find((step) => step.timeToFirstActionMs != null)?.timeToFirstActionMs ?? null,
    hidden: parts.every((step) => step.hidden),
  };
  for (const lane of LANES) merged[lane] = parts.flatMap((step) => step[lane]);
  steps.splice(positions[0] as number, parts.length, merged);
  return true;
}

/** Signals without repeats (the same signal on two merged steps), the first of each kept. */
function uniqueSignals(signals: readonly FrictionSignal[]): FrictionSignal[] {
  const byId = new Map<string, FrictionSignal>();
  for (const signal of signals) if (!byId.has(signal.id)) byId.set(signal.id, signal);
  return [...byId.values()];
}

/**
 * Cuts a step in two before one of its events (not its first). The first part keeps the step's identity,
 * title, screenshot and time to first action; the second is named after the event it starts at (its id,
 * action, page, time and screenshot, when the events are known). Notes, the emotion, the moment of truth and
 * signals go to the part holding the event they are anchored to, when known; otherwise they stay on the first.
 */
function split(steps: MapStep[], stepId: string, atEventId: string, known: Known): boolean {
  const position = steps.findIndex((step) => step.id === stepId);
  const step = steps[position];
  if (!step) return false;
  const cut = step.eventIds.indexOf(atEventId);
  if (cut <= 0 || steps.some((other) => other.id === atEventId)) return false;
  const firstIds = new Set(step.eventIds.slice(0, cut));
  const secondIds = new Set(step.eventIds.slice(cut));
  const event = known.event(atEventId);
  const end = step.t + step.durationMs;
  const startT = event ? Math.min(Math.max(event.t, step.t), end) : null;
  /** Whether something anchored to this event belongs to the second part: by membership, else by time. */
  const inSecond = (eventId: string | null | undefined): boolean => {
    if (eventId == null || firstIds.has(eventId)) return false;
    if (secondIds.has(eventId)) return true;
    const t = known.event(eventId)?.t;
    return startT != null && t != null && t >= startT;
  };

  const first: MapStep = { ...step, eventIds: [...firstIds] };
  const second: MapStep = {
    ...step,
    id: atEventId,
    titled: false,
    eventIds: [...secondIds],
    screenshotId: null,
    // Unless its events say otherwise (below), no screenshot is known for the second part.
    screenshotMissing: 'not-captured',
    screenshotSource: null,
    screenshotDelayMs: null,
    lateScreenshotId: null,
    fullPageScreenshotIds: [],
    timeToFirstActionMs: null,
    emotion: null,
    momentOfTruth: false,
  };
  if (event && startT != null) {
    first.durationMs = startT - step.t;
    Object.assign(second, known.describe(event, startT, end - startT));
    const secondEvents = chronological([...secondIds].flatMap((id) => known.event(id) ?? []));
    const { shot, ...picture } = stepScreenshot(secondEvents, known.evidenceMap, known.changes);
    Object.assign(second, picture);
    second.point = shot?.point ?? second.point;
  } else {
    // Nothing known of the event: the second part starts where the step did and lasts nothing, rather than invent a time.
    second.durationMs = 0;
  }

  // Notes follow their anchor; the lanes are rebuilt from the notes (a lane text without a note stays first).
  const moved = new Set(step.annotations.filter((note) => inSecond(known.anchor(note.id))).map((note) => note.id));
  first.annotations = step.annotations.filter((note) => !moved.has(note.id));
  second.annotations = step.annotations.filter((note) => moved.has(note.id));
  for (const lane of LANES) {
    const notes = step.annotations.filter((note) => NOTE_LANES[note.noteKind] === lane);
    let next = 0;
    first[lane] = [];
    second[lane] = [];
    for (const text of step[lane]) {
      const note = notes[next]?.text === text ? notes[next++] : undefined;
      (note && moved.has(note.id) ? second[lane] : first[lane]).push(text);
    }
  }
  if (step.emotion && inSecond(known.anchor(step.emotion.annotationId))) {
    second.emotion = step.emotion;
    first.emotion = null;
  }
  if (step.momentOfTruth && inSecond(known.latestMomentOfTruth([...firstIds, ...secondIds])?.eventId)) {
    second.momentOfTruth = true;
    first.momentOfTruth = false;
  }
  first.signals = step.signals.filter((signal) => !inSecond(signal.eventIds[0]));
  second.signals = step.signals.filter((signal) => inSecond(signal.eventIds[0]));
  steps.splice(position, 1, first, second);
  return true;
}

const EVENT_STEP_KIND: Partial<Record<CapturedEvent['kind'], MapStepKind>> = {
  'session-start': 'start',
  click: 'click',
  navigation: 'navigation',
  'field-focus': 'form',
  'field-change': 'form',
  submit: 'form',
  key: 'form',
  invalid: 'form',
  'tab-opened': 'new-tab',
};

/** What the context knows of events and annotations, indexed once. */
class Known {
  private readonly events = new Map<string, CapturedEvent>();
  private readonly annotations = new Map<string, AnnotationRecord>();
  private readonly shots: ReturnType<typeof screenshotsByEvent>;
  readonly changes: PageChanges;
  private readonly titles: Map<string, string>;
  private readonly marks: AnnotationRecord[];

  private readonly locale: Locale | undefined;

  constructor(context: EditContext) {
    this.locale = context.locale;
    const ordered = chronological(context.events);
    for (const event of ordered) this.events.set(event.id, event);
    for (const annotation of context.annotations ?? []) this.annotations.set(annotation.id, annotation);
    this.shots = screenshotsByEvent(ordered);
    this.changes = new PageChanges(ordered);
    this.titles = navigationTitles(ordered);
    this.marks = (context.annotations ?? []).filter((annotation) => annotation.kind === 'moment-of-truth' && !annotation.removed).sort((a, b) => a.t - b.t);
  }

  event(id: string): CapturedEvent | undefined {
    return this.events.get(id);
  }

  /** The event an annotation is anchored to (undefined when the annotation is not known). */
  anchor(annotationId: string): string | null | undefined {
    return this.annotations.get(annotationId)?.eventId;
  }

  /** The screenshot event of each event it shows. */
  get evidenceMap(): ReadonlyMap<string, EventOf<'screenshot'>> {
    return this.shots;
  }

  latestMomentOfTruth(eventIds: readonly string[]): AnnotationRecord | undefined {
    const mine = new Set(eventIds);
    return this.marks.findLast((mark) => mark.eventId != null && mine.has(mark.eventId));
  }

  /** The fields of a step that starts at this event. */
  describe(event: CapturedEvent, t: number, durationMs: number): Partial<MapStep> {
    const title = this.titles.get(event.id);
    const pageTitle = title ?? event.pageTitle;
    const click = event.kind === 'click' ? event : null;
    const action = actionFor(event, title, this.locale);
    return {
      kind: EVENT_STEP_KIND[event.kind] ?? 'other',
      t,
      at: event.at,
      durationMs,
      ...(action != null ? { action } : {}),
      url: event.url,
      pageTitle,
      tabId: event.tabId,
      frameUrl: event.frameUrl,
      touchpoint: touchpointOf(event.url, pageTitle),
      target: click?.target ?? null,
      frame: click?.frame ?? null,
      point: click?.point ?? null,
      devicePixelRatio: click?.devicePixelRatio ?? null,
    };
  }
}

/** Edits in the order they apply: by `at`, then as given. */
export function editOrder(edits: readonly EditRecord[]): EditRecord[] {
  return edits
    .map((record, order) => ({ record, order }))
    .sort((a, b) => compareText(a.record.at, b.record.at) || a.order - b.order)
    .map(({ record }) => record);
}

/** The edit undo takes back: the latest one that applies. */
export function undoTarget(edits: readonly EditRecord[]): EditRecord | null {
  return editOrder(edits).findLast((record) => !record.undone) ?? null;
}

/**
 * The edit redo brings back: the one undone most recently among those no applying edit was made after (an
 * edit made after an undo discards what that undo could redo, as in any editor). Null when there is none.
 */
export function redoTarget(edits: readonly EditRecord[]): EditRecord | null {
  const ordered = editOrder(edits);
  const lastLive = ordered.findLastIndex((record) => !record.undone);
  const candidates = ordered.slice(lastLive + 1);
  let best: EditRecord | null = null;
  for (const record of candidates) if (best == null || compareText(record.undoneAt ?? '', best.undoneAt ?? '') > 0) best = record;
  return best;
}
