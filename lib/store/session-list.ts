import type { SessionRecord } from './records';

export type SessionOrder = 'newest' | 'oldest' | 'title' | 'duration' | 'size';

function durationOf(session: SessionRecord): number {
  const end = session.endedAt ? Date.parse(session.endedAt) : Number.NaN;
  return Number.isNaN(end) ? -1 : end - Date.parse(session.startedAt);
}

/** Sessions whose title, persona, scenario, goal or start URL contain every word of the query (any case, any accent). */
export function filterSessions(sessions: readonly SessionRecord[], query: string): SessionRecord[] {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...sessions];
  return sessions.filter((session) => {
    const haystack = fold([session.title, session.persona.name, session.persona.description, session.scenario, session.goal, session.startUrl].join(' '));
    return words.every((word) => haystack.includes(word));
  });
}

export function sortSessions(sessions: readonly SessionRecord[], order: SessionOrder): SessionRecord[] {
  const sorted = [...sessions];
  switch (order) {
    case 'oldest':
      return sorted.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    case 'title':
      return sorted.sort((a, b) => a.title.localeCompare(b.title) || b.startedAt.localeCompare(a.startedAt));
    case 'duration':
      return sorted.sort((a, b) => durationOf(b) - durationOf(a));
    case 'size':
      return sorted.sort((a, b) => b.screenshotBytes - a.screenshotBytes);
    default:
      return sorted.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }
}
