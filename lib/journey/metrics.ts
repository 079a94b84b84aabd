/**
 * The figures of a journey map, from its steps and the raw capture. Pure, O(n log n).
 *
 * Every figure counts what the given steps hold: hidden steps (`hidden: true`) count for nothing, so an
 * edited map can be recounted with the same function (pass the edited steps and the walk's events).
 */
import type { CapturedEvent } from '../capture/events';
import { chronological } from './event-facts';
import type { JourneyMetrics, MapStep } from './map-types';
import type { Stage } from './stages';
import { type PageVisit, PausedSpans, pageVisits, walkEnd } from './timeline';

/** What the metrics need of a step. */
export type MetricStep = Pick<MapStep, 'id' | 'durationMs' | 'stageId' | 'screenshotId' | 'eventIds' | 'signals'> & { hidden?: boolean };

/** The time from a page's arrival to the first action on it, for one visit. */
export interface FirstAction {
  visit: PageVisit;
  url: string;
  /** The event of the first action (a click, a field focus or change, a submit). */
  actionId: string;
  ms: number;
}

/**
 * Time to first action on each page visit, in visit order: from the page's arrival (its page-load for a
 * full load, else its navigation or the walk's start) to the first click, field focus or change, or submit
 * in its tab, paused time left out. Visits without an action have none.
 */
export function timeToFirstActions(events: readonly CapturedEvent[]): FirstAction[] {
  const ordered = chronological(events);
  const paused = new PausedSpans(ordered, walkEnd(ordered));
  return pageVisits(ordered).flatMap((visit) =>
    visit.firstAction && visit.url != null
      ? [{ visit, url: visit.url, actionId: visit.firstAction.id, ms: paused.active(visit.arrivalT, visit.firstAction.t) }]
      : [],
  );
}

/**
 * The metrics of a map: its duration (the sum of its steps', pauses left out), steps, clicks (raw clicks, a
 * click repeated 4 times counts 4), distinct pages (host, path and query), backtracks (back/forward moves and
 * returns to a page already seen, reloads aside), hesitations (hesitation signals not dismissed), distinct
 * screenshots, time and steps per stage (every stage, zeros included) and time to first action per page.
 */
export function journeyMetrics(steps: readonly MetricStep[], events: readonly CapturedEvent[], stages: readonly Stage[]): JourneyMetrics {
  const visible = steps.filter((step) => !step.hidden);
  const counted = new Set(visible.flatMap((step) => step.eventIds));
  const ordered = chronological(events);
  const paused = new PausedSpans(ordered, walkEnd(ordered));
  // A page counts when the step that brought it is counted (for the first page, the start).
  const visits = pageVisits(ordered).filter((visit) => counted.has(visit.startEventId));

  const seen = new Set<string | null>();
  let backtracks = 0;
  for (const visit of visits) {
    const navigation = visit.navigation;
    if (navigation && navigation.navigationType !== 'reload' && (navigation.navigationType === 'back-forward' || seen.has(visit.key))) backtracks += 1;
    seen.add(visit.key);
  }
  seen.delete(null);

  const perStage = new Map<string, JourneyMetrics['perStage'][number]>(stages.map((stage) => [stage.id, { stageId: stage.id, durationMs: 0, steps: 0 }]));
  for (const step of visible) {
    const row = step.stageId != null ? perStage.get(step.stageId) : undefined;
    if (!row) continue;
    row.durationMs += step.durationMs;
    row.steps += 1;
  }

  return {
    durationMs: visible.reduce((sum, step) => sum + step.durationMs, 0),
    steps: visible.length,
    clicks: ordered.filter((event) => event.kind === 'click' && counted.has(event.id)).length,
    pages: seen.size,
    backtracks,
    hesitations: visible.flatMap((step) => step.signals).filter((signal) => signal.type === 'hesitation' && signal.decision !== 'dismissed').length,
    screenshots: new Set(visible.flatMap((step) => (step.screenshotId ? [step.screenshotId] : []))).size,
    perStage: [...perStage.values()],
    timeToFirstAction: visits.flatMap((visit) =>
      visit.firstAction && visit.url != null && counted.has(visit.firstAction.id)
        ? [{ url: visit.url, ms: paused.active(visit.arrivalT, visit.firstAction.t) }]
        : [],
    ),
  };
}
