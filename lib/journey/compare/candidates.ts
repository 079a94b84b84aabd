import { siteOf } from '../merge/keys';

/** What the review page knows of a session to offer it for comparison (a SessionRecord has it all). */
export interface CandidateSession {
  id: string;
  title: string;
  startUrl: string;
  startedAt: string;
  status: string;
  persona: { name: string };
}

const BEING_RECORDED = new Set(['recording', 'paused']);

/**
 * The walks a walk can be compared with: the other sessions of the same journey, as Merge and Compare decide
 * it (the site the walk starts on, lib/journey/merge/keys.ts `startSite`), newest first. A walk still being
 * recorded is left out: its map is not finished, so a comparison with it would change under the tester's eyes.
 */
export function comparableWalks<T extends CandidateSession>(sessions: readonly T[], current: Pick<CandidateSession, 'id' | 'startUrl'>): T[] {
  const site = siteOf(current.startUrl);
  return sessions
    .filter((session) => session.id !== current.id && !BEING_RECORDED.has(session.status) && siteOf(session.startUrl) === site)
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}
