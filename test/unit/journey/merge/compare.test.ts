import { describe, expect, it } from 'vitest';
import { compareWalks } from '@/lib/journey/compare/compare';
import { comparisonText, signedDuration } from '@/lib/journey/compare/compare-text';
import { walk } from './walks';

const PRODUCT = 'https://shop.test/product/42';

const a = walk('a', [
  { stage: 'awareness', url: 'https://shop.test/', kind: 'navigate', valence: 1, ms: 2000 },
  { stage: 'consideration', url: PRODUCT, name: 'Wishlist', ms: 1000 },
  { stage: 'consideration', url: PRODUCT, name: 'Add to cart', valence: 1, ms: 3000 },
  { stage: 'purchase', url: 'https://shop.test/cart', name: 'Pay', valence: -2, ms: 9000, pain: ['Hidden fees'], signals: [{ type: 'rage-click' }] },
]);
const b = walk('b', [
  { stage: 'awareness', url: 'https://shop.test/?utm=x', kind: 'navigate', valence: 2, ms: 1000 },
  {
    stage: 'consideration',
    url: PRODUCT,
    name: 'Add to cart',
    valence: -1,
    ms: 2500,
    signals: [{ type: 'dead-click' }, { type: 'rage-click', dismissed: true }],
  },
  { stage: 'consideration', url: PRODUCT, name: 'Size guide', ms: 500 },
  { stage: 'purchase', url: 'https://shop.test/cart', name: 'Pay', valence: 1, ms: 4000 },
]);

describe('compareWalks', () => {
  it('matches steps by stage, page and action (LCS), lists those only in one walk where they fall', () => {
    const comparison = compareWalks(a, b);
    expect(comparison.steps.map((step) => [step.status, (step.a ?? step.b)!.action])).toEqual([
      ['matched', 'Open https://shop.test/'],
      ['only-a', 'Click “Wishlist”'],
      ['matched', 'Click “Add to cart”'],
      ['only-b', 'Click “Size guide”'],
      ['matched', 'Click “Pay”'],
    ]);
    expect(comparison.totals).toEqual({ matched: 3, onlyA: 1, onlyB: 1, durationDeltaMs: 8000 - 15000, emotionDelta: 0.67 - 0 });
  });

  it('gives time and emotion differences per step and per stage, b − a', () => {
    const comparison = compareWalks(a, b);
    const pay = comparison.steps.at(-1)!;
    expect(pay).toMatchObject({ durationDeltaMs: -5000, valenceDelta: 3, stageKey: 'purchase', page: 'https://shop.test/cart' });
    expect(comparison.steps[1]).toMatchObject({ durationDeltaMs: null, valenceDelta: null, b: null });
    const consideration = comparison.stages.find((stage) => stage.key === 'consideration')!;
    expect(consideration).toMatchObject({ a: { steps: 2, durationMs: 4000 }, b: { steps: 2, durationMs: 3000 }, durationDeltaMs: -1000, emotionDelta: -2 });
  });

  it('counts signals (dismissed left out) and pain points on each side', () => {
    const comparison = compareWalks(a, b);
    expect(comparison.signals).toEqual([
      { type: 'rage-click', a: 1, b: 0, delta: -1 },
      { type: 'dead-click', a: 0, b: 1, delta: 1 },
    ]);
    expect(comparison.painPoints).toEqual([{ text: 'Hidden fees', a: 1, b: 0 }]);
  });

  it('a walk compared with itself matches every step with no difference; an empty walk matches nothing', () => {
    const same = compareWalks(a, a);
    expect(same.totals).toMatchObject({ matched: 4, onlyA: 0, onlyB: 0, durationDeltaMs: 0, emotionDelta: 0 });
    const empty = compareWalks(a, walk('e', []));
    expect(empty.totals).toMatchObject({ matched: 0, onlyA: 4, onlyB: 0, emotionDelta: null });
  });

  it('reads as text in English and French', () => {
    const lines = comparisonText(compareWalks(a, b), 'en');
    expect(lines[0]).toBe('A: Walk a (Persona a, 2026-11-01)');
    expect(lines).toContain('Steps: 4 / 4; 3 matched, 1 only in A, 1 only in B.');
    expect(lines).toContain('Time: 15 s / 8 s (−7 s).');
    expect(lines).toContain('  = Click “Pay”  9 s → 4 s (−5 s)  emotion -2 → +1');
    expect(lines).toContain('  A Click “Wishlist”  1 s  (only in A)');
    expect(lines).toContain('  rage-click: 1 / 0 (−1)');
    expect(comparisonText(compareWalks(a, b), 'fr')).toContain('Étapes : 4 / 4 ; 3 appariées, 1 seulement dans A, 1 seulement dans B.');
    expect(signedDuration(0)).toBe('±0');
    expect(signedDuration(1500)).toBe('+2 s');
  });
});
