/**
 * Which image is a step's screenshot: one that shows the step's moment, never one taken after the page
 * changed. The raw capture keeps the facts (when the request was made, how long after it the image shows,
 * where it came from); the judgment is made here, so it can be read and changed in one place.
 */
import type { CapturedEvent, EventOf, ScreenshotMissingReason, ScreenshotSource } from '../capture/events';
import { CHANGE_ON_SCREEN_MS, MOMENT_TOLERANCE_MS } from '../tab-stream/frames';
import { screenshotMissingReason } from './event-facts';

type Shot = EventOf<'screenshot'>;

/**
 * Events after which the page looks different: an image from before one of them no longer shows the page.
 * Not `scroll`: it is written when a scroll run has settled, long after the page moved (the page itself tells
 * the capture when it scrolled, `changedAtEpochMs`).
 */
const PAGE_CHANGES = new Set<CapturedEvent['kind']>(['dom-change', 'navigation', 'page-load', 'field-change', 'field-focus']);

/**
 * When each tab's page changed, as far as the raw capture knows, for telling an image from before a change.
 * Built from the walk at once, or event by event (`add`, in any order) as the side panel's live grouping does.
 */
export class PageChanges {
  private readonly byTab = new Map<number | null, number[]>();

  constructor(ordered: readonly CapturedEvent[] = []) {
    for (const event of ordered) {
      if (!PAGE_CHANGES.has(event.kind)) continue;
      const times = this.byTab.get(event.tabId) ?? [];
      times.push(event.t);
      this.byTab.set(event.tabId, times);
    }
    for (const times of this.byTab.values()) times.sort((a, b) => a - b);
  }

  /** Takes one more event in (at its place in time); true when it is a change of its page. */
  add(event: CapturedEvent): boolean {
    if (!PAGE_CHANGES.has(event.kind)) return false;
    const times = this.byTab.get(event.tabId) ?? [];
    this.byTab.set(event.tabId, times);
    times.splice(firstAfter(times, event.t), 0, event.t);
    return true;
  }

  /** Whether the tab's page changed after `from` and before `to` (session ms). */
  between(tabId: number | null, from: number, to: number): boolean {
    const times = this.byTab.get(tabId);
    if (!times) return false;
    const next = times[firstAfter(times, from)];
    return next != null && next < to;
  }
}

/** The index of the first time after `t` in sorted times (their length when none is). */
function firstAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether an image shows the page from before a change that came before the moment asked for: a frame the
 * tab's stream captured before a later repaint it never delivered (a busy machine slows the capture down).
 */
export function isStale(shot: Shot, changes: PageChanges): boolean {
  const span = staleSpan(shot);
  return span != null && changes.between(shot.tabId, span.from, span.to);
}

/**
 * When a change of its tab's page makes an image stale (isStale): after `from` and before `to` (session ms);
 * null for an image no change can make stale (not a frame from before the press, or no image).
 */
export function staleSpan(shot: Shot): { from: number; to: number } | null {
  if (shot.requestedT == null || shot.delayMs == null || shot.delayMs >= 0 || shot.screenshotId == null) return null;
  const frameT = shot.requestedT + shot.delayMs;
  return { from: frameT - CHANGE_ON_SCREEN_MS, to: shot.requestedT };
}

/** The screenshot lanes of a step. */
export interface StepScreenshot {
  /** The screenshot event the step's picture (or its missing reason) comes from. */
  shot: Shot | undefined;
  screenshotId: string | null;
  screenshotMissing: ScreenshotMissingReason | null;
  /** Where the step's image came from (null: no image, or a walk recorded before sources were kept). */
  screenshotSource: ScreenshotSource | null;
  /** Signed ms from the step's pointer-down (or request) to the moment its image shows. */
  screenshotDelayMs: number | null;
  /** An image taken too late to show the step's moment: it shows the page `screenshotDelayMs` after it. */
  lateScreenshotId: string | null;
}

/**
 * Whether an image shows what came after the moment it was asked for: later than a press lasts
 * (MOMENT_TOLERANCE_MS), or after the page changed in between (its tab navigated, or the page answered the
 * click). Walks recorded before moments were kept (no `requestedT`) are judged by nothing: they keep their
 * images as they were.
 */
export function isLate(shot: Shot, stepEvents: readonly CapturedEvent[]): boolean {
  if (shot.requestedT == null || shot.delayMs == null || shot.screenshotId == null) return false;
  if (shot.delayMs > MOMENT_TOLERANCE_MS) return true;
  if (shot.delayMs <= 0) return false;
  const from = shot.requestedT;
  const shows = shot.requestedT + shot.delayMs;
  return stepEvents.some(
    (event) =>
      event.t > from &&
      event.t <= shows &&
      ((event.kind === 'navigation' && event.tabId === shot.tabId && isTopFrame(event)) ||
        (event.kind === 'dom-change' && event.forEventId === shot.forEventId)),
  );
}

function isTopFrame(event: CapturedEvent): boolean {
  return event.frameId == null || event.frameId === 0;
}

/**
 * A step's screenshot from its events (in time order) and the screenshot events by the event they show:
 * the first image, before the page its tab went to (a click and the page it opened are one step, shown as
 * the click saw it), that shows its moment; without one, the first late image is kept as what came after, and
 * the step says `late`; an image from before a change the page made before the press is no picture of the
 * step (`stale`); without any image, the reason the first screenshot event gives.
 */
export function stepScreenshot(events: readonly CapturedEvent[], evidence: ReadonlyMap<string, Shot>, changes: PageChanges): StepScreenshot {
  let onTime: Shot | undefined;
  let late: Shot | undefined;
  let stale: Shot | undefined;
  let first: Shot | undefined;
  const opening = events.find((event) => event.kind !== 'screenshot');
  for (const event of events) {
    if (event.kind === 'screenshot') continue;
    // Past a page change of its own tab (the page a click opened), an image shows another page than the step's.
    if (event !== opening && event.kind === 'navigation' && isTopFrame(event) && event.tabId === opening?.tabId) break;
    const found = evidence.get(event.id);
    if (!found) continue;
    first ??= found;
    if (!found.screenshotId) continue;
    if (isLate(found, events)) late ??= found;
    else if (isStale(found, changes)) stale ??= found;
    else {
      onTime = found;
      break;
    }
  }
  if (onTime)
    return {
      shot: onTime,
      screenshotId: onTime.screenshotId,
      screenshotMissing: null,
      screenshotSource: onTime.source ?? null,
      screenshotDelayMs: onTime.requestedT != null ? onTime.delayMs : null,
      lateScreenshotId: null,
    };
  if (late)
    return {
      shot: late,
      screenshotId: null,
      screenshotMissing: 'late',
      screenshotSource: late.source ?? null,
      screenshotDelayMs: late.delayMs,
      lateScreenshotId: late.screenshotId,
    };
  if (stale)
    return {
      shot: stale,
      screenshotId: null,
      screenshotMissing: 'stale',
      screenshotSource: stale.source ?? null,
      screenshotDelayMs: stale.delayMs,
      lateScreenshotId: null,
    };
  return {
    shot: first,
    screenshotId: null,
    screenshotMissing: screenshotMissingReason(first, events),
    screenshotSource: null,
    screenshotDelayMs: null,
    lateScreenshotId: null,
  };
}
