/**
 * Screenshot requests a page left behind in extension storage (lib/page-recorder/outbox-entry.ts ShotEntry):
 * it went away, or gave up asking, before the background answered. A page cannot ask again for them, so
 * the background decides what each becomes, here: a screenshot is evidence, and a step without one says why.
 */
import type { ShotEntry } from '../page-recorder/outbox-entry';

/** What the background knows of one left-behind request. */
export interface LostShotFacts {
  /** This worker is taking it now (the request reached it): it settles it itself. */
  inFlight: boolean;
  /** A screenshot record exists for its event (stored, or missing with its reason). */
  settled: boolean;
  /** The session it was asked in still exists. */
  sessionExists: boolean;
  /** Its event (the click, the navigation) is committed. */
  eventCommitted: boolean;
  /** The session records (an event not committed yet may still come, from a page's outbox). */
  sessionRecording: boolean;
}

/**
 * `keep`: look again later; `forget`: nothing to write, drop the copy; `missing`: the request was lost with
 * a stopped worker (or never reached one): its event gets a screenshot record saying so.
 */
export type LostShotFate = 'keep' | 'forget' | 'missing';

export function lostShotFate(facts: LostShotFacts): LostShotFate {
  if (facts.inFlight) return 'keep';
  if (facts.settled || !facts.sessionExists) return 'forget';
  if (facts.eventCommitted) return 'missing';
  // Its event may still be on its way (a page's outbox, re-sent or recovered): wait for it while the walk
  // records; once it ended, nothing more comes.
  return facts.sessionRecording ? 'keep' : 'forget';
}

/** Said in the screenshot record of a request lost that way (the browser's words go in other records' detail). */
export const LOST_SHOT_DETAIL = 'The page went away, or stopped asking, before the screenshot was taken: the worker that had the request was stopped';

/** The entries of one tab (all when `tabId` is undefined), oldest request first. */
export function lostShotsOf(entries: readonly ShotEntry[], tabId?: number): ShotEntry[] {
  return entries.filter((entry) => tabId === undefined || entry.tabId === tabId).sort((a, b) => a.epochMs - b.epochMs);
}
