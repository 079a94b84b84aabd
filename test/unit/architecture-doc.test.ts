import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_EVENT_KINDS } from '@/lib/capture/events';

/** docs/architecture.md lists the event kinds for people reading events.json: it must list what a page sends. */
const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

describe('docs/architecture.md', () => {
  it('lists every kind of event a page sends under "Event kinds", the key action included', () => {
    const start = doc.indexOf('## Event kinds');
    const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
    const named = new Set([...section.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((match) => match[1] as string));
    expect(start).toBeGreaterThan(0);
    expect(PAGE_EVENT_KINDS.filter((kind) => !named.has(kind))).toEqual([]);
    expect(named.has('key')).toBe(true);
  });
});
