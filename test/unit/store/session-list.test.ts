import { describe, expect, it } from 'vitest';
import { filterSessions, sortSessions } from '@/lib/store/session-list';
import { sessionRecord } from '../fixtures/events';

const sessions = [
  sessionRecord({ id: 'a', title: 'Acheter une tasse', startedAt: '2026-01-02T10:00:00.000Z', endedAt: '2026-01-02T10:05:00.000Z', screenshotBytes: 300 }),
  sessionRecord({
    id: 'b',
    title: 'Buy a mug',
    startedAt: '2026-01-03T10:00:00.000Z',
    endedAt: '2026-01-03T10:01:00.000Z',
    screenshotBytes: 900,
    scenario: 'Gift for Friday',
  }),
  sessionRecord({ id: 'c', title: 'Café order', startedAt: '2026-01-01T10:00:00.000Z', endedAt: null, screenshotBytes: 100 }),
];

describe('filterSessions', () => {
  it('keeps everything for an empty query', () => {
    expect(filterSessions(sessions, '  ').map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('matches every word, in any case and without accents, across title, scenario and setup', () => {
    expect(filterSessions(sessions, 'CAFE').map((s) => s.id)).toEqual(['c']);
    expect(filterSessions(sessions, 'mug friday').map((s) => s.id)).toEqual(['b']);
    expect(filterSessions(sessions, 'mug tuesday')).toEqual([]);
  });
});

describe('sortSessions', () => {
  it('sorts newest first by default, and by the other orders', () => {
    expect(sortSessions(sessions, 'newest').map((s) => s.id)).toEqual(['b', 'a', 'c']);
    expect(sortSessions(sessions, 'oldest').map((s) => s.id)).toEqual(['c', 'a', 'b']);
    expect(sortSessions(sessions, 'title').map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(sortSessions(sessions, 'size').map((s) => s.id)).toEqual(['b', 'a', 'c']);
    // An unfinished walk has no duration: last.
    expect(sortSessions(sessions, 'duration').map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('never changes the list it was given', () => {
    const copy = [...sessions];
    sortSessions(sessions, 'title');
    expect(sessions).toEqual(copy);
  });
});
