import type { CapturedEvent } from '../../capture/events';
import { canonicalJson } from './canonical-json';
import { sha256Hex } from './sha256';

/** The "previous hash" of the first event: 64 zeros. */
export const CHAIN_GENESIS = '0'.repeat(64);

/** An entry of `events.json`: the event as captured, plus its link in the chain. */
export type ChainedEvent = CapturedEvent & { hash: string };

export interface EventChain {
  entries: ChainedEvent[];
  /** The last event's hash (the genesis when there is no event): what the manifest names as the chain's head. */
  head: string;
}

/**
 * hash(i) = hex(SHA-256(UTF-8(hash(i-1) + JCS(event i)))), hash(-1) = 64 zeros; JCS is RFC 8785, the event
 * being the entry without its `hash` member. Each event thus vouches for every event before it: editing,
 * removing, inserting or reordering one breaks the link of the entry at that place.
 */
export function eventLink(previous: string, event: unknown): Promise<string> {
  return sha256Hex(previous + canonicalJson(event));
}

// The events format and the manifest both need the chain of one export's events: computed once.
const chains = new WeakMap<readonly CapturedEvent[], Promise<EventChain>>();

/** Chains a session's events, in their order (commit order). The events themselves are not changed. */
export function chainEvents(events: readonly CapturedEvent[]): Promise<EventChain> {
  let chain = chains.get(events);
  if (!chain) {
    chain = buildChain(events);
    chains.set(events, chain);
  }
  return chain;
}

async function buildChain(events: readonly CapturedEvent[]): Promise<EventChain> {
  const entries: ChainedEvent[] = [];
  let previous = CHAIN_GENESIS;
  for (const event of events) {
    // Hashed as it will read back from events.json (no undefined members), so a verifier finds the same text.
    const plain = JSON.parse(JSON.stringify(event)) as CapturedEvent;
    previous = await eventLink(previous, plain);
    entries.push({ ...plain, hash: previous });
  }
  return { entries, head: previous };
}

/** One entry whose hash does not follow from the entry before it and its own content. */
export interface ChainBreak {
  index: number;
  /** The event's id and kind, when the entry has them. */
  eventId: string | null;
  kind: string | null;
  reason: 'hash-mismatch' | 'no-hash' | 'not-an-event';
}

export interface ChainCheck {
  count: number;
  /** The last entry's stored hash (the genesis when empty). */
  head: string;
  /** Every entry whose link is broken, in order (empty: the chain holds). */
  breaks: ChainBreak[];
}

/**
 * Checks each entry against the entry before it as stored, so that one edited event is reported alone and
 * the events after it, still linked to its original hash, are not.
 */
export async function checkChain(entries: readonly unknown[]): Promise<ChainCheck> {
  const breaks: ChainBreak[] = [];
  let previous = CHAIN_GENESIS;
  for (const [index, entry] of entries.entries()) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      breaks.push({ index, eventId: null, kind: null, reason: 'not-an-event' });
      continue;
    }
    const { hash, ...event } = entry as Record<string, unknown>;
    const eventId = typeof event.id === 'string' ? event.id : null;
    const kind = typeof event.kind === 'string' ? event.kind : null;
    if (typeof hash !== 'string') {
      breaks.push({ index, eventId, kind, reason: 'no-hash' });
      continue;
    }
    let expected: string | null;
    try {
      expected = await eventLink(previous, event);
    } catch {
      expected = null;
    }
    if (expected !== hash) breaks.push({ index, eventId, kind, reason: 'hash-mismatch' });
    previous = hash;
  }
  return { count: entries.length, head: previous, breaks };
}

/** The events of `events.json` as captured: each entry without its `hash`. */
export function unchainEvents(entries: readonly ChainedEvent[]): CapturedEvent[] {
  return entries.map(({ hash: _hash, ...event }) => event as CapturedEvent);
}
