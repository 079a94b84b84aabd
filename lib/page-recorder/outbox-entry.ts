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

/**
 * What a page that never learnt its tab left as it was hidden or went away (a worker starting, stopped again,
 * answered none of its hellos, though a broadcast may have told it of the walk): its unacknowledged events
 * (masked in the strictest mode when it never knew the walk's) and the screenshots it could not ask for or
 * see answered. The page cannot name its tab; the background can, from a message of that document it
 * received (`DocumentOwner`).
 */
export interface OrphanEntry {
  /** The recorder's own id for its document and frame, sent with its hellos and batches. */
  documentId: string;
  events: PageEventDraft[];
  shots: { eventId: string; epochMs: number }[];
  /** When the page left (epoch ms). */
  epochMs: number;
}

export const ORPHAN_PREFIX = 'orphan:';

export function orphanKey(documentId: string): string {
  return `${ORPHAN_PREFIX}${documentId}`;
}

export function isOrphanEntry(value: unknown): value is OrphanEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OrphanEntry>;
  return (
    typeof entry.documentId === 'string' &&
    typeof entry.epochMs === 'number' &&
    Array.isArray(entry.events) &&
    entry.events.every((event) => typeof event?.id === 'string' && typeof event.kind === 'string') &&
    Array.isArray(entry.shots) &&
    entry.shots.every((shot) => typeof shot?.eventId === 'string' && typeof shot.epochMs === 'number')
  );
}

/** The tab and frame a document's message came from, noted by the background as the message arrives. */
export interface DocumentOwner {
  documentId: string;
  tabId: number;
  frameId: number;
  openerTabId: number | null;
  epochMs: number;
}

export function isDocumentOwner(value: unknown): value is DocumentOwner {
  if (typeof value !== 'object' || value === null) return false;
  const owner = value as Partial<DocumentOwner>;
  return (
    typeof owner.documentId === 'string' &&
    typeof owner.tabId === 'number' &&
    typeof owner.frameId === 'number' &&
    (owner.openerTabId === null || typeof owner.openerTabId === 'number') &&
    typeof owner.epochMs === 'number'
  );
}
