import { describe, expect, it } from 'vitest';
import { MergeBuilder, MergeError, mergeJourneys } from '@/lib/journey/merge/merge';
import { walk } from './walks';

const HOME = 'https://shop.test/';
const PRODUCT = 'https://shop.test/product/42';
const CART = 'https://shop.test/cart';

/** Three mystery shoppers on one purchase: C skips the wishlist, B clicks "Add to cart" twice. */
function threeWalks() {
  const a = walk('a', [
    { stage: 'awareness', url: HOME, kind: 'navigate', valence: 1, ms: 2000 },
    { stage: 'consideration', url: `${PRODUCT}?ref=home`, name: 'Wishlist', valence: 0, ms: 1000 },
    { stage: 'consideration', url: PRODUCT, name: 'Add to cart', valence: 1, ms: 3000 },
    { stage: 'purchase', url: CART, name: 'Pay', valence: -2, ms: 9000, pain: ['Shipping cost hidden'], signals: [{ type: 'rage-click' }] },
  ]);
  const b = walk('b', [
    { stage: 'awareness', url: HOME, kind: 'navigate', valence: 2, ms: 1000 },
    { stage: 'consideration', url: PRODUCT, name: 'Wishlist', ms: 1500 },
    { stage: 'consideration', url: `${PRODUCT}#reviews`, name: 'Add to cart', valence: -1, ms: 2000 },
    {
      stage: 'consideration',
      url: PRODUCT,
      name: 'Add to cart',
      valence: -1,
      ms: 2000,
      signals: [{ type: 'rage-click' }, { type: 'dead-click', dismissed: true }],
    },
    { stage: 'purchase', url: CART, name: 'Pay', valence: -1, ms: 5000, pain: ['shipping cost  hidden '] },
  ]);
  const c = walk('c', [
    { stage: 'awareness', url: HOME, kind: 'navigate', valence: 0, ms: 3000 },
    { stage: 'consideration', url: PRODUCT, name: 'Add to cart', valence: 2, ms: 1000, shot: false },
    { stage: 'purchase', url: CART, name: 'Pay', valence: 1, ms: 4000 },
  ]);
  return [a, b, c];
}

describe('mergeJourneys', () => {
  it('aligns steps by stage, page and action across three walks', () => {
    const merged = mergeJourneys(threeWalks(), { createdAt: '2026-12-01T00:00:00.000Z' });
    expect(merged).toMatchObject({ format: 'parcours.merged-journey', version: 1, sites: ['https://shop.test'] });
    expect(merged.stages.map((stage) => stage.key)).toEqual(['awareness', 'consideration', 'purchase']);
    const consideration = merged.stages[1]!;
    expect(consideration.steps.map((step) => [step.action, step.walks])).toEqual([
      ['Click “Wishlist”', 2],
      ['Click “Add to cart”', 3],
      ['Click “Add to cart”', 1],
    ]);
    expect(consideration.steps[1]!.members.map((item) => item.stepId)).toEqual(['a-s2', 'b-s2', 'c-s1']);
    expect(consideration.steps.map((step) => step.page)).toEqual([PRODUCT, PRODUCT, PRODUCT]);
    expect(merged.stages.flatMap((stage) => stage.steps.map((step) => step.order))).toEqual([1, 2, 3, 4, 5]);
    expect(merged.totals.alignedSteps).toBe(5);
  });

  it('gives each stage emotion mean, median, min and max over every step valence, and the median of the walks’ time in it', () => {
    const merged = mergeJourneys(threeWalks());
    const [awareness, consideration, purchase] = merged.stages;
    expect(awareness!.emotion).toEqual({ count: 3, mean: 1, median: 1, min: 0, max: 2 });
    // a: 0, 1; b: (none), −1, −1; c: 2. Pooled: −1, −1, 0, 1, 2.
    expect(consideration!.emotion).toEqual({ count: 5, mean: 0.2, median: 0, min: -1, max: 2 });
    // Time in the stage per walk: a 4000, b 5500, c 1000.
    expect(consideration!.durationMs).toMatchObject({ count: 3, median: 4000, min: 1000, max: 5500 });
    expect(purchase!.durationMs.median).toBe(5000);
    expect(consideration!.walks).toBe(3);
    expect(merged.totals.durationMs).toMatchObject({ median: 11500, min: 8000, max: 15000 });
  });

  it('counts pain points (folded) and signals (dismissed ones left out) by walks met', () => {
    const merged = mergeJourneys(threeWalks());
    const purchase = merged.stages[2]!;
    expect(purchase.painPoints).toEqual([{ text: 'Shipping cost hidden', walks: 2, occurrences: 2 }]);
    expect(purchase.signals).toEqual([{ text: 'rage-click', walks: 1, occurrences: 1 }]);
    expect(merged.stages[1]!.signals).toEqual([{ text: 'rage-click', walks: 1, occurrences: 1 }]);
    expect(purchase.steps[0]!.painPoints[0]).toMatchObject({ walks: 2 });
  });

  it('lists the walks it came from and picks the first walk’s screenshot that exists', () => {
    const merged = mergeJourneys(threeWalks().reverse());
    expect(merged.walks.map((item) => [item.index, item.id, item.title, item.persona, item.steps])).toEqual([
      [0, 'c', 'Walk c', 'Persona c', 3],
      [1, 'b', 'Walk b', 'Persona b', 5],
      [2, 'a', 'Walk a', 'Persona a', 4],
    ]);
    const add = merged.stages[1]!.steps.find((step) => step.walks === 3)!;
    // c has no image for it: the next walk's.
    expect(add.screenshotOf).toEqual({ walk: 1, stepId: 'b-s2' });
  });

  it('orders stages by where the walks have them, steps without a stage first', () => {
    const custom = [{ id: 'x', name: 'Delivery', order: 9 }];
    const one = walk('one', [{ stage: null }, { stage: 'purchase' }, { stage: 'x' }], { stages: [...walk('s', []).stages, ...custom] });
    const two = walk('two', [{ stage: 'y' }, { stage: 'purchase', valence: 1 }], {
      stages: [{ id: 'y', name: ' delivery ', order: 0 }, ...walk('s', []).stages],
    });
    const merged = mergeJourneys([one, two]);
    expect(merged.stages.map((stage) => [stage.key, stage.name, stage.walks])).toEqual([
      ['', '', 1],
      ['name:delivery', 'Delivery', 2],
      ['purchase', 'Purchase', 2],
    ]);
  });

  it('puts checklist scores and answers side by side, null where a walk has none', () => {
    const checklist = (overall: number | null, answer: boolean | null) => ({
      id: 'c1',
      name: 'Store audit',
      questions: [
        {
          id: 'q1',
          stageId: 'purchase',
          text: 'Price clear?',
          type: 'yes-no' as const,
          required: false,
          photo: false,
          answer: answer == null ? null : { value: answer, photo: null, author: 'tester' as const, at: '' },
        },
      ],
      scores: { perStage: [{ stageId: 'purchase', score: overall, answered: 1, total: 1 }], overall },
      complete: true,
    });
    const merged = mergeJourneys([walk('a', [], { checklist: checklist(100, true) }), walk('b', []), walk('c', [], { checklist: checklist(0, false) })]);
    expect(merged.checklist).toEqual({
      names: ['Store audit', null, 'Store audit'],
      overall: [100, null, 0],
      perStage: [{ stageKey: 'purchase', name: 'Purchase', scores: [100, null, 0] }],
      questions: [{ text: 'Price clear?', stageKey: 'purchase', type: 'yes-no', answers: [true, null, false] }],
    });
    expect(mergeJourneys([walk('a', []), walk('b', [])]).checklist).toBeNull();
  });

  it('refuses walks of different sites (unless anySite), one walk twice, and no walk', () => {
    const other = walk('z', [], { startUrl: 'https://other.test/' });
    expect(() => mergeJourneys([walk('a', []), other])).toThrow(MergeError);
    try {
      mergeJourneys([walk('a', []), other]);
    } catch (error) {
      expect((error as MergeError).code).toBe('different-sites');
    }
    expect(mergeJourneys([walk('a', []), other], { anySite: true }).sites).toEqual(['https://shop.test', 'https://other.test']);
    expect(() => mergeJourneys([walk('a', []), walk('a', [])])).toThrow(expect.objectContaining({ code: 'same-walk-twice' }));
    expect(() => new MergeBuilder().finish()).toThrow(expect.objectContaining({ code: 'no-walk' }));
  });

  it('a walk without emotions gives null statistics, not zeros', () => {
    const merged = mergeJourneys([walk('a', [{}]), walk('b', [{}])]);
    expect(merged.stages[0]!.emotion).toEqual({ count: 0, mean: null, median: null, min: null, max: null });
    expect(merged.stages[0]!.steps).toHaveLength(1);
  });

  it('aligns 50 walks of 200 steps (the builder keeps a slim state)', () => {
    const builder = new MergeBuilder();
    for (let n = 0; n < 50; n++) {
      builder.add(
        walk(
          `w${n}`,
          Array.from({ length: 200 }, (_, i) => ({
            stage: i < 100 ? 'consideration' : 'purchase',
            url: `https://shop.test/p/${i >> 3}`,
            name: `b${i % 8}`,
            valence: ((n + i) % 5) - 2,
          })),
        ),
      );
    }
    const merged = builder.finish();
    expect(merged.totals.alignedSteps).toBe(200);
    expect(merged.stages.every((stage) => stage.steps.every((step) => step.walks === 50))).toBe(true);
  });
});
