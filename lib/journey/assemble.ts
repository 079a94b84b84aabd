/**
 * The journey map of a walk, derived from the raw capture and the tester's layer by one pure function:
 * events → human steps (group.ts) → the tester's stages, emotions, notes and moments of truth → friction
 * signals (signals.ts) → metrics (metrics.ts). Nothing here is stored: the map is recomputed whenever its
 * inputs change. O(n log n) in events, steps and annotations.
 */
import { type StageSwitch, stageAt } from '../annotations/stages';
import type { CapturedEvent } from '../capture/events';
import type { Locale } from '../i18n';
import type { AnnotationRecord } from '../store/records';
import { type GroupedStep, type GroupingOptions, groupSteps } from './group';
import { NOTE_LANES, type StepNote, type TesterLanes } from './layer';
import type { FrictionSignal, JourneyMap, MapStep } from './map-types';
import { journeyMetrics, timeToFirstActions } from './metrics';
import { detectSignals, type SignalThresholds, signalsByStep } from './signals';
import type { Stage } from './stages';

export interface AssembleInput {
  events: readonly CapturedEvent[];
  annotations?: readonly AnnotationRecord[];
  stages: readonly Stage[];
  locale?: Locale;
  /** Friction signal thresholds; the defaults (DEFAULT_THRESHOLDS) for any left out. */
  thresholds?: Partial<SignalThresholds>;
  /** Grouping windows; the defaults (DEFAULT_GROUPING) for any left out. */
  grouping?: Partial<GroupingOptions>;
}

/** The tester's layer of one step. */
type Layer = TesterLanes;

/** Index of the latest step that began at or before t (steps are in time order); -1 when none did. */
function stepAtOrBefore(steps: readonly GroupedStep[], t: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] as GroupedStep).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Puts the tester's layer on the steps, as applyTesterLayer (layer.ts) does on raw steps: removed
 * annotations are ignored; each step takes the stage current at its time (the first stage before any
 * switch); an annotation anchored to any event of a step lands on that step (an unknown event: the latest
 * step before its time; no event: the first step); the latest emotion of a step wins; notes fill their lane
 * in the order written; the latest moment-of-truth mark decides.
 */
export function applyLayer(
  steps: readonly GroupedStep[],
  annotations: readonly AnnotationRecord[],
  stages: readonly Stage[],
  eventTimes: ReadonlyMap<string, number>,
): Layer[] {
  const live = annotations.filter((annotation) => !annotation.removed).sort((a, b) => a.t - b.t || a.at.localeCompare(b.at));
  const switches: StageSwitch[] = live.flatMap((annotation) => (annotation.kind === 'stage' ? [{ t: annotation.t, stageId: annotation.data.stageId }] : []));
  const known = new Set(stages.map((stage) => stage.id));

  // Stages by one sweep: steps and switches are both in time order.
  let current: string | null = stageAt(Number.NEGATIVE_INFINITY, [], stages);
  let next = 0;
  const layers: Layer[] = steps.map((step) => {
    while (next < switches.length && (switches[next] as StageSwitch).t <= step.t) {
      const change = switches[next++] as StageSwitch;
      if (known.has(change.stageId)) current = change.stageId;
    }
    return {
      stageId: current,
      emotion: null,
      thoughts: [],
      painPoints: [],
      opportunities: [],
      expectations: [],
      notes: [],
      annotations: [],
      momentOfTruth: false,
    };
  });

  const stepOfEvent = new Map<string, number>();
  for (const [index, step] of steps.entries()) for (const id of step.eventIds) stepOfEvent.set(id, index);
  const anchor = (eventId: string | null): number => {
    if (eventId == null) return 0;
    const direct = stepOfEvent.get(eventId);
    if (direct != null) return direct;
    const t = eventTimes.get(eventId);
    return t == null ? 0 : Math.max(0, stepAtOrBefore(steps, t));
  };

  for (const annotation of live) {
    const layer = layers[anchor(annotation.eventId)];
    if (!layer) continue;
    switch (annotation.kind) {
      case 'emotion':
        layer.emotion = { ...annotation.data, author: annotation.author, annotationId: annotation.id };
        break;
      case 'note': {
        const note: StepNote = {
          id: annotation.id,
          noteKind: annotation.data.noteKind,
          text: annotation.data.text,
          author: annotation.author,
          at: annotation.at,
        };
        layer[NOTE_LANES[note.noteKind]].push(note.text);
        layer.annotations.push(note);
        break;
      }
      case 'moment-of-truth':
        layer.momentOfTruth = annotation.data.on;
        break;
      case 'stage':
        break;
    }
  }
  return layers;
}

/** The journey map of a walk: steps with the tester's layer and friction signals, and the metrics. */
export function assembleJourney(input: AssembleInput): JourneyMap {
  const { events, stages, locale } = input;
  const grouped = groupSteps(events, locale, input.grouping);
  const eventTimes = new Map(events.map((event) => [event.id, event.t] as const));
  const layers = applyLayer(grouped, input.annotations ?? [], stages, eventTimes);
  const signals = signalsByStep(detectSignals(events, grouped, input.thresholds, { locale }));

  // Time to first action goes on the step holding that action (the first visit's, if a step holds two).
  const stepOfEvent = new Map<string, string>();
  for (const step of grouped) for (const id of step.eventIds) stepOfEvent.set(id, step.id);
  const firstAction = new Map<string, number>();
  for (const first of timeToFirstActions(events)) {
    const stepId = stepOfEvent.get(first.actionId);
    if (stepId != null && !firstAction.has(stepId)) firstAction.set(stepId, first.ms);
  }

  const steps: MapStep[] = grouped.map((step, index) => {
    const layer = layers[index] as Layer;
    return {
      id: step.id,
      index: step.index,
      kind: step.kind,
      t: step.t,
      at: step.at,
      durationMs: step.durationMs,
      action: step.action,
      titled: false,
      url: step.url,
      pageTitle: step.pageTitle,
      tabId: step.tabId,
      frameUrl: step.frameUrl,
      touchpoint: step.touchpoint,
      target: step.target,
      frame: step.frame,
      point: step.point,
      screenshotId: step.screenshotId,
      screenshotMissing: step.screenshotMissing,
      ...layer,
      signals: signals.get(step.id) ?? ([] as FrictionSignal[]),
      timeToFirstActionMs: firstAction.get(step.id) ?? null,
      hidden: false,
      eventIds: step.eventIds,
    };
  });
  return { stages: [...stages], steps, metrics: journeyMetrics(steps, events, stages) };
}
