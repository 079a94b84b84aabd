import { describe, expect, it } from 'vitest';
import { assembleJourney } from '@/lib/journey/assemble';
import { describeGap, recordingGaps } from '@/lib/journey/gaps';
import { defaultStages } from '@/lib/journey/stages';
import { EventFixture } from '../fixtures/events';

const background = { tabId: null, frameId: null, url: null, pageTitle: null } as const;

describe('recordingGaps', () => {
  it('pairs each pause with its resume, with the reason and what was lost', () => {
    const walk = new EventFixture();
    walk.start();
    walk.click('c1', 1000);
    walk.add('pause', 'p1', 2000, { ...background, reason: 'tester' });
    walk.add('resume', 'r1', 5000, { ...background, afterInterruption: false });
    walk.click('c2', 6000);
    walk.add('pause', 'p2', 7000, { ...background, reason: 'storage-full' });
    walk.add('resume', 'r2', 40_000, { ...background, afterInterruption: false, lostEvents: 3 });
    walk.click('c3', 41_000);
    expect(recordingGaps(walk.events)).toEqual([
      { fromT: 2000, toT: 5000, reason: 'tester', lostEvents: 0 },
      { fromT: 7000, toT: 40_000, reason: 'storage-full', lostEvents: 3 },
    ]);
  });

  it('reads a pause without a reason (walks recorded before reasons) as the tester’s', () => {
    const walk = new EventFixture();
    walk.start();
    walk.add('pause', 'p1', 2000, { ...background });
    expect(recordingGaps(walk.events)).toEqual([{ fromT: 2000, toT: null, reason: 'tester', lostEvents: 0 }]);
  });

  it('an interruption is a gap until the walk is continued; a second pause inside a gap opens none', () => {
    const walk = new EventFixture();
    walk.start();
    walk.add('interrupted', 'i1', 3000, { ...background, reason: 'tab-closed' });
    walk.add('pause', 'p1', 3500, { ...background, reason: 'storage-full' });
    walk.add('resume', 'r1', 9000, { ...background, afterInterruption: true });
    expect(recordingGaps(walk.events)).toEqual([{ fromT: 3000, toT: 9000, reason: 'interrupted', lostEvents: 0 }]);
  });

  it('a resume with no pause before it makes no gap; events out of commit order are read by time', () => {
    const walk = new EventFixture();
    walk.start();
    walk.add('resume', 'r0', 500, { ...background, afterInterruption: false });
    // A storage-full pause is written once the disk takes writes again: after events of later moments.
    walk.click('c1', 9000);
    walk.add('pause', 'p1', 2000, { ...background, reason: 'storage-full' });
    walk.add('resume', 'r1', 8000, { ...background, afterInterruption: false, lostEvents: 0 });
    expect(recordingGaps(walk.events)).toEqual([{ fromT: 2000, toT: 8000, reason: 'storage-full', lostEvents: 0 }]);
  });

  it('is on the assembled map', () => {
    const walk = new EventFixture();
    walk.start();
    walk.click('c1', 1000);
    walk.add('pause', 'p1', 2000, { ...background, reason: 'storage-full' });
    walk.add('resume', 'r1', 4000, { ...background, afterInterruption: false, lostEvents: 0 });
    walk.stop();
    expect(assembleJourney({ events: walk.events, stages: defaultStages('en') }).gaps).toEqual([
      { fromT: 2000, toT: 4000, reason: 'storage-full', lostEvents: 0 },
    ]);
  });
});

describe('describeGap', () => {
  it('says why, in both languages', () => {
    const full = { fromT: 65_000, toT: 125_000, reason: 'storage-full' as const, lostEvents: 0 };
    expect(describeGap(full, 'en')).toBe('Paused from 1 m 05 s to 2 m 05 s: the disk was full. Nothing was recorded meanwhile.');
    expect(describeGap({ ...full, lostEvents: 2 }, 'en')).toContain('2 page events of that time were not kept');
    expect(describeGap(full, 'fr')).toBe('En pause de 1 min 05 s à 2 min 05 s : le disque était plein. Rien n’a été enregistré entre-temps.');
    expect(describeGap({ ...full, toT: null }, 'en')).toMatch(/ended before it was resumed/);
    expect(describeGap({ fromT: 1000, toT: 3000, reason: 'tester', lostEvents: 0 }, 'en')).toBe('Paused by the tester from 1 s to 3 s.');
    expect(describeGap({ fromT: 1000, toT: null, reason: 'interrupted', lostEvents: 0 }, 'fr')).toMatch(/^Interrompu depuis 1 s/);
  });
});
