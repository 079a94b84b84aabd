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
