import { describe, expect, it } from 'vitest';
import { type LostShotFacts, lostShotFate, lostShotsOf } from '@/lib/recorder/lost-screenshots';

const LOST: LostShotFacts = { inFlight: false, settled: false, sessionExists: true, eventCommitted: true, sessionRecording: true };

describe('lostShotFate', () => {
  it('records a committed event’s request nobody has as missing', () => {
    expect(lostShotFate(LOST)).toBe('missing');
    // Whatever the walk’s state now: the request belongs to the session it was made in.
    expect(lostShotFate({ ...LOST, sessionRecording: false })).toBe('missing');
  });

  it('leaves a request this worker is taking to it, even of an event not committed yet', () => {
    expect(lostShotFate({ ...LOST, inFlight: true })).toBe('keep');
    expect(lostShotFate({ ...LOST, inFlight: true, eventCommitted: false })).toBe('keep');
  });

  it('forgets what is settled already or belongs to a deleted session', () => {
    expect(lostShotFate({ ...LOST, settled: true })).toBe('forget');
    expect(lostShotFate({ ...LOST, sessionExists: false, eventCommitted: false })).toBe('forget');
  });

  it('waits for an event still on its way while the walk records, and forgets it once the walk ended', () => {
    expect(lostShotFate({ ...LOST, eventCommitted: false })).toBe('keep');
    expect(lostShotFate({ ...LOST, eventCommitted: false, sessionRecording: false })).toBe('forget');
  });
});

describe('lostShotsOf', () => {
  const entry = (eventId: string, tabId: number, epochMs: number) => ({ eventId, tabId, epochMs, sessionId: 's', frameId: 0 });

  it('keeps one tab’s entries (all without a tab), oldest request first', () => {
    const entries = [entry('b', 1, 20), entry('c', 2, 5), entry('a', 1, 10)];
    expect(lostShotsOf(entries, 1).map((item) => item.eventId)).toEqual(['a', 'b']);
    expect(lostShotsOf(entries).map((item) => item.eventId)).toEqual(['c', 'a', 'b']);
    expect(lostShotsOf([], 3)).toEqual([]);
  });
});
