import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '@/lib/journey/signals';
import { EDITABLE_THRESHOLDS, mergeThresholds } from '@/lib/journey/thresholds';

describe('mergeThresholds', () => {
  it('gives the defaults for nothing stored or something that is not an object', () => {
    expect(mergeThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    expect(mergeThresholds('slow')).toEqual(DEFAULT_THRESHOLDS);
  });

  it('takes stored positive numbers, rounding counts, and ignores the rest', () => {
    const merged = mergeThresholds({
      slowLoadMs: 2500,
      rageClickCount: 4.4,
      hesitationMs: -1,
      deadClickWindowMs: 'soon',
      quickBackMs: Number.NaN,
      excessiveScrollRuns: 1,
    });
    expect(merged.slowLoadMs).toBe(2500);
    expect(merged.rageClickCount).toBe(4);
    expect(merged.hesitationMs).toBe(DEFAULT_THRESHOLDS.hesitationMs);
    expect(merged.deadClickWindowMs).toBe(DEFAULT_THRESHOLDS.deadClickWindowMs);
    expect(merged.quickBackMs).toBe(DEFAULT_THRESHOLDS.quickBackMs);
    // A "series" needs at least two of something.
    expect(merged.excessiveScrollRuns).toBe(2);
  });

  it('never lets a stored value change an internal threshold', () => {
    const merged = mergeThresholds({ scrollSettleMs: 5, invalidPassMs: 5 });
    expect(merged.scrollSettleMs).toBe(DEFAULT_THRESHOLDS.scrollSettleMs);
    expect(merged.invalidPassMs).toBe(DEFAULT_THRESHOLDS.invalidPassMs);
    expect(EDITABLE_THRESHOLDS).not.toContain('scrollSettleMs');
  });
});
