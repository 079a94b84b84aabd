import { describe, expect, it } from 'vitest';
import { rankHurts } from '@/lib/journey/hurts';
import type { FrictionSignal, JourneyMap, MapStep } from '@/lib/journey/map-types';
import { mapStep } from '../fixtures/map';

/** A map step at position `index` (the shared fixture, placed and named by its position). */
function step(index: number, overrides: Partial<MapStep> = {}): MapStep {
  return mapStep(`s${index}`, { index, t: index * 1000, action: `Step ${index}`, ...overrides });
}

function signal(decision: FrictionSignal['decision']): FrictionSignal {
  return { id: `dead-click:${decision}`, type: 'dead-click', description: 'Nothing happened', eventIds: [], value: 2500, decision };
}

function map(steps: MapStep[]): JourneyMap {
  return {
    stages: [],
    steps,
    metrics: { durationMs: 0, steps: steps.length, clicks: 0, pages: 0, backtracks: 0, hesitations: 0, screenshots: 0, perStage: [], timeToFirstAction: [] },
    gaps: [],
  };
}

describe('rankHurts', () => {
  it('ranks by pain points, open or accepted signals and negative emotion, leaving painless steps out', () => {
    const hurts = rankHurts(
      map([
        step(0),
        step(1, { painPoints: ['slow'], emotion: { valence: -2, label: null, author: 'tester', annotationId: 'a' } }),
        step(2, { signals: [signal(null)] }),
        step(3, { signals: [signal('accepted')], emotion: { valence: 1, label: null, author: 'tester', annotationId: 'b' } }),
      ]),
    );
    expect(hurts.map((hurt) => [hurt.index, hurt.score])).toEqual([
      [1, 4],
      [3, 2],
      [2, 1],
    ]);
  });

  it('ignores dismissed signals and hidden steps, and doubles a moment of truth', () => {
    const hurts = rankHurts(
      map([step(0, { signals: [signal('dismissed')] }), step(1, { painPoints: ['x'], hidden: true }), step(2, { painPoints: ['y'], momentOfTruth: true })]),
    );
    expect(hurts.map((hurt) => [hurt.index, hurt.score])).toEqual([[2, 4]]);
    // Numbered as on the map: the hidden step before it is not counted.
    expect(hurts[0]?.number).toBe(2);
  });

  it('returns nothing for a walk without pain, and at most the limit', () => {
    expect(rankHurts(map([step(0), step(1)]))).toEqual([]);
    expect(rankHurts(map(Array.from({ length: 20 }, (_, i) => step(i, { painPoints: ['p'] }))), 5)).toHaveLength(5);
  });
});
