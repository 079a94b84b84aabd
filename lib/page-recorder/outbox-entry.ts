import type { PageEventDraft } from '../capture/events';

/** An event a page has sent but the background may not have committed yet, kept in extension storage. */
export interface OutboxEntry {
  event: PageEventDraft;
  sessionId: string;
  tabId: number;
  frameId: number;
}

export const OUTBOX_PREFIX = 'outbox:';

export function outboxKey(eventId: string): string {
  return `${OUTBOX_PREFIX}${eventId}`;
}

export function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return (
    typeof entry.sessionId === 'string' &&
    typeof entry.tabId === 'number' &&
    typeof entry.frameId === 'number' &&
    typeof entry.event?.id === 'string' &&
    typeof entry.event.kind === 'string'
  );
}

/**
 * A screenshot a page asked for and was still waiting for when it went away (or gave up asking): the page
 * cannot ask again, so the background settles it, as stored if it was taken, else as missing with a reason.
 */
export interface ShotEntry {
  /** The event the screenshot is of. */
  eventId: string;
  /** The moment it was asked for (epoch ms): a press, a navigation settled. */
  epochMs: number;
  sessionId: string;
  tabId: number;
  frameId: number;
}

export const SHOT_PREFIX = 'shot:';

export function shotKey(eventId: string): string {
  return `${SHOT_PREFIX}${eventId}`;
}

export function isShotEntry(value: unknown): value is ShotEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<ShotEntry>;
  return (
    typeof entry.eventId === 'string' &&
    typeof entry.epochMs === 'number' &&
    typeof entry.sessionId === 'string' &&
    typeof entry.tabId === 'number' &&
    typeof entry.frameId === 'number'
  );
}
