import { describe, expect, it } from 'vitest';
import { actionKey, fold, pageKey, stageKeyOf, startSite } from '@/lib/journey/merge/keys';
import { lcsPairs } from '@/lib/journey/merge/lcs';
import { summarize } from '@/lib/journey/merge/stats';
import { walk } from './walks';

describe('step identity', () => {
  it('a page is its origin and path: no query, no hash, no trailing slash, host lowercased', () => {
    expect(pageKey('https://Shop.Test/cart/?step=2#top')).toBe('https://shop.test/cart');
    expect(pageKey('https://shop.test/')).toBe('https://shop.test/');
    expect(pageKey('https://shop.test')).toBe('https://shop.test/');
    expect(pageKey('https://shop.test//')).toBe('https://shop.test/');
    expect(pageKey('http://shop.test/cart')).not.toBe(pageKey('https://shop.test/cart'));
    expect(pageKey('file:///home/a/shop.html?x')).toBe('file:/home/a/shop.html');
    expect(pageKey(null)).toBe('');
    expect(pageKey('not a url?x=1')).toBe('not a url');
  });

  it('a default stage is its id in any language; a tester’s stage its folded name', () => {
    expect(stageKeyOf({ id: 'purchase', name: 'Achat' })).toBe('purchase');
    expect(stageKeyOf({ id: 'purchase', name: 'Purchase' })).toBe('purchase');
    expect(stageKeyOf({ id: 'x1', name: '  Paiement  Sécurisé ' })).toBe(stageKeyOf({ id: 'y2', name: 'paiement sécurisé' }));
    expect(stageKeyOf(null)).toBe('');
  });

  it('an action is kind, role and folded name; a target-less step its kind', () => {
    expect(actionKey({ kind: 'click', target: { tag: 'button', role: 'button', name: 'Add to  Cart', text: null, selectors: [] } })).toBe(
      'click|button|add to cart',
    );
    expect(actionKey({ kind: 'click', target: { tag: 'a', role: null, name: null, text: 'Élan', selectors: [] } })).toBe('click|a|elan');
    expect(actionKey({ kind: 'navigate', target: null })).toBe('navigate');
    expect(fold(' É\tà ')).toBe('e a');
  });

  it('the start site is the start URL’s origin', () => {
    expect(startSite(walk('a', [], { startUrl: 'https://shop.test/p?q=1' }))).toBe('https://shop.test');
    expect(startSite(walk('a', [], { startUrl: 'garbage' }))).toBe('garbage');
  });
});

describe('lcsPairs', () => {
  it('matches the longest common subsequence, in order', () => {
    expect(lcsPairs(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toEqual([
      [0, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(lcsPairs(['x', 'y'], ['y', 'x'])).toHaveLength(1);
    expect(lcsPairs([], ['a'])).toEqual([]);
    expect(lcsPairs(['a'], [])).toEqual([]);
  });

  it('of repeated keys, the first is matched with the first', () => {
    expect(lcsPairs(['n', 'n', 'n'], ['n'])).toEqual([[0, 0]]);
    expect(lcsPairs(['n'], ['n', 'n'])).toEqual([[0, 0]]);
  });
});

describe('summarize', () => {
  it('gives count, mean, median (mean of the middle two of an even count), min and max', () => {
    expect(summarize([2, -1, 1])).toEqual({ count: 3, mean: 0.67, median: 1, min: -1, max: 2 });
    expect(summarize([1, 2, 3, 4])).toEqual({ count: 4, mean: 2.5, median: 2.5, min: 1, max: 4 });
    expect(summarize([-2])).toEqual({ count: 1, mean: -2, median: -2, min: -2, max: -2 });
  });

  it('is all null when there is nothing (never a made-up 0), and ignores non-finite values', () => {
    expect(summarize([])).toEqual({ count: 0, mean: null, median: null, min: null, max: null });
    expect(summarize([Number.NaN, 3])).toEqual({ count: 1, mean: 3, median: 3, min: 3, max: 3 });
  });
});
