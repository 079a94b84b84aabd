/**
 * The journey map of a walk, derived from the raw capture and the tester's layer by one pure function:
 * events → human steps (group.ts) → the tester's stages, emotions, notes and moments of truth → friction
 * signals (signals.ts) → metrics (metrics.ts). Nothing here is stored: the map is recomputed whenever its
 * inputs change. O(n log n) in events, steps and annotations.
 */
import type { CapturedEvent } from '../capture/events';
import type { Locale } from '../i18n';
import type { AnnotationRecord } from '../store/records';
import { fullPageScreenshotIds, fullPagesByEvent } from './full-page';
import { recordingGaps } from './gaps';
import { type GroupingOptions, groupSteps } from './group';
import { type TesterLanes, testerLayers } from './layer';
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

/** The journey map of a walk: steps with the tester's layer and friction signals, and the metrics. */
export function assembleJourney(input: AssembleInput): JourneyMap {
  const { events, stages, locale } = input;
  const grouped = groupSteps(events, locale, input.grouping);
  const eventTimes = new Map(events.map((event) => [event.id, event.t] as const));
  const layers = testerLayers(grouped, input.annotations ?? [], stages, eventTimes);
  const signals = signalsByStep(detectSignals(events, grouped, input.thresholds, { locale }));

  // Time to first action goes on the step holding that action (the first visit's, if a step holds two).
  const stepOfEvent = new Map<string, string>();
  for (const step of grouped) for (const id of step.eventIds) stepOfEvent.set(id, step.id);
  const firstAction = new Map<string, number>();
  for (const first of timeToFirstActions(events)) {
    const stepId = stepOfEvent.get(first.actionId);
    if (stepId != null && !firstAction.has(stepId)) firstAction.set(stepId, first.ms);
  }

  const fullPages = fullPagesByEvent(events);
  const steps: MapStep[] = grouped.map((step, index) => {
    const layer = layers[index] as TesterLanes;
    return {
      ...step,
      fullPageScreenshotIds: fullPageScreenshotIds(step.eventIds, fullPages),
      titled: false,
      ...layer,
      signals: signals.get(step.id) ?? ([] as FrictionSignal[]),
      timeToFirstActionMs: firstAction.get(step.id) ?? null,
      hidden: false,
    };
  });
  return { stages: [...stages], steps, metrics: journeyMetrics(steps, events, stages), gaps: recordingGaps(events) };
}
