import { describe, expect, it } from 'vitest';
import { BaselineComparer } from '@/lib/journey/compare/baseline';
import { compareWalks } from '@/lib/journey/compare/compare';
import { walk } from '../merge/walks';

const CART = 'https://shop.test/cart';

describe('BaselineComparer', () => {
  it('compares every walk after the first with the first, in walk order, as compareWalks does', () => {
    const a = walk('a', [{ url: CART, name: 'Pay', valence: 1, ms: 2000 }]);
    const b = walk('b', [
      { url: CART, name: 'Pay', valence: -1, ms: 5000 },
      { url: CART, name: 'Help' },
    ]);
    const c = walk('c', [{ url: CART, name: 'Help' }]);
    const comparer = new BaselineComparer();
    for (const journey of [a, b, c]) comparer.add(journey);
    const result = comparer.result();
    expect(result).toMatchObject({ format: 'parcours.merged-comparisons', version: 1, baseline: 0 });
    expect(result.comparisons.map((entry) => entry.walk)).toEqual([1, 2]);
    expect(result.comparisons[0]?.comparison).toEqual(compareWalks(a, b));
    expect(result.comparisons[1]?.comparison).toEqual(compareWalks(a, c));
    // Every difference reads "this walk − the baseline".
    expect(result.comparisons[0]?.comparison.totals).toMatchObject({ matched: 1, onlyA: 0, onlyB: 1, durationDeltaMs: 4000, emotionDelta: -2 });
    expect(result.comparisons[1]?.comparison.totals).toMatchObject({ matched: 0, onlyA: 1, onlyB: 1 });
  });

  it('has nothing to compare for a single walk, or none', () => {
    const comparer = new BaselineComparer();
    expect(comparer.result().comparisons).toEqual([]);
    comparer.add(walk('a', [{}]));
    expect(comparer.result().comparisons).toEqual([]);
  });

  it('gives a copy: adding after a result leaves that result as it was', () => {
    const comparer = new BaselineComparer();
    comparer.add(walk('a', [{}]));
    comparer.add(walk('b', [{}]));
    const first = comparer.result();
    comparer.add(walk('c', [{}]));
    expect(first.comparisons).toHaveLength(1);
    expect(comparer.result().comparisons).toHaveLength(2);
  });
});
