import type { ParcoursDatabase } from './db';
import type { ReadDatabase } from './reads';
import type { SessionRecord, SessionStatus } from './records';

const ACTIVE: SessionStatus[] = ['recording', 'paused'];

/** The session being recorded or paused, if any. Parcours records one walk at a time. */
export async function activeSession(db: Pick<ReadDatabase, 'sessions'>): Promise<SessionRecord | undefined> {
  return db.sessions.where('status').anyOf(ACTIVE).first();
}

/** Sessions left recording when the browser went away: they become interrupted. */
export async function markActiveAsInterrupted(db: ParcoursDatabase): Promise<SessionRecord[]> {
  return db.transaction('rw', db.sessions, async () => {
    const active = await db.sessions.where('status').anyOf(ACTIVE).toArray();
    for (const session of active) await db.sessions.update(session.id, { status: 'interrupted', tabIds: [] });
    return active;
  });
}

export async function listSessions(db: Pick<ReadDatabase, 'sessions'>): Promise<SessionRecord[]> {
  const all = await db.sessions.orderBy('startedAt').reverse().toArray();
  return all;
}

/**
 * Deletes a session with its events, screenshots, annotations, checklist answers, map edits and redactions,
 * in one transaction (a redacted copy must not outlive the walk it came from).
 */
export async function deleteSession(db: ParcoursDatabase, sessionId: string): Promise<void> {
  await db.transaction('rw', [db.sessions, db.events, db.screenshots, db.annotations, db.answers, db.edits, db.redactions], async () => {
    await db.events.where('sessionId').equals(sessionId).delete();
    await db.screenshots.where('sessionId').equals(sessionId).delete();
    await db.annotations.where('sessionId').equals(sessionId).delete();
    await db.answers.where('sessionId').equals(sessionId).delete();
    await db.edits.where('sessionId').equals(sessionId).delete();
    await db.redactions.where('sessionId').equals(sessionId).delete();
    await db.sessions.delete(sessionId);
  });
}
