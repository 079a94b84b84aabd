import type { CapturedEvent } from '../capture/events';
import { USER_ACTION_KINDS } from '../capture/events';
import type { EchoMatcher } from '../privacy/echoes';
import { maskEvent } from '../privacy/event-masking';
import { createMasker } from '../privacy/masker';
import { maskingOf } from '../privacy/masking-mode';
import type { ParcoursDatabase } from './db';
import type { ReadDatabase } from './reads';
import type { SessionRecord } from './records';

/** A gap without any tester action longer than this becomes an `idle` event. */
export const IDLE_GAP_MS = 30_000;

export type EventToCommit = { [K in CapturedEvent['kind']]: Omit<Extract<CapturedEvent, { kind: K }>, 'seq'> }[CapturedEvent['kind']];

export interface CommitResult {
  seq: number;
  /** True when the event was already stored (a re-send after a restart): nothing was written. */
  duplicate: boolean;
}

export class SessionNotFoundError extends Error {
  constructor(sessionId: string) {
    super(`No session ${sessionId}`);
    this.name = 'SessionNotFoundError';
  }
}

/**
 * Commits one event in its own transaction, idempotent by event id: the background assigns `seq`, counts
 * the event on the session and, before a tester action that follows a long quiet spell, records the idle gap.
 * Every string of the event is masked first, in the session's mode and with the walk's `echoes` (what the
 * tester typed): the last pass, whoever wrote the event (lib/privacy/event-masking.ts).
 */
export async function commitEvent(
  db: ParcoursDatabase,
  unmasked: EventToCommit,
  idleGapMs = IDLE_GAP_MS,
  echoes: EchoMatcher | null = null,
): Promise<CommitResult> {
  return db.transaction('rw', db.sessions, db.events, async () => {
    const existing = await db.events.get(unmasked.id);
    if (existing) return { seq: existing.seq, duplicate: true };
    const session = await db.sessions.get(unmasked.sessionId);
    if (!session) throw new SessionNotFoundError(unmasked.sessionId);
    const event = maskEvent(unmasked, createMasker(maskingOf(session), echoes));
    let seq = session.nextSeq;
    const changes: Partial<SessionRecord> = {};
    let added = 0;
    if (USER_ACTION_KINDS.has(event.kind)) {
      const last = session.lastActionT;
      if (last != null && event.t - last >= idleGapMs) {
        const idle = {
          id: `${event.id}:idle`,
          sessionId: event.sessionId,
          seq: seq++,
          kind: 'idle',
          t: last,
          at: new Date(session.startEpochMs + last).toISOString(),
          tabId: event.tabId,
          frameId: event.frameId,
          url: event.url,
          frameUrl: event.frameUrl,
          pageTitle: event.pageTitle,
          gapMs: event.t - last,
          sinceT: last,
        } satisfies CapturedEvent;
        await db.events.add(idle);
        added++;
      }
      changes.lastActionT = Math.max(event.t, last ?? 0);
    }
    const stored = { ...event, seq: seq++ } as CapturedEvent;
    await db.events.add(stored);
    added++;
    await db.sessions.update(session.id, { ...changes, nextSeq: seq, eventCount: session.eventCount + added });
    return { seq: stored.seq, duplicate: false };
  });
}

/** The session's events in commit order. */
export async function sessionEvents(db: Pick<ReadDatabase, 'events'>, sessionId: string): Promise<CapturedEvent[]> {
  return db.events.where('[sessionId+seq]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

/** The session's events committed after `seq`, in commit order: what a view following the walk has not read yet. */
export async function eventsSince(db: Pick<ReadDatabase, 'events'>, sessionId: string, seq: number): Promise<CapturedEvent[]> {
  return db.events.where('[sessionId+seq]').between([sessionId, seq], [sessionId, Infinity], false, true).toArray();
}
