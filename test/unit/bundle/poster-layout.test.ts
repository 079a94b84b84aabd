import { describe, expect, it } from 'vitest';
import { POSTER_MAX_PIXELS, POSTER_MAX_SIDE, posterPixels, posterScale, posterWidth } from '@/lib/bundle/html/layout';

describe('the poster’s size (map.png)', () => {
  it('is as wide as its rows of at most 20 columns, with the lane names and the padding', () => {
    expect(posterWidth(1)).toBe(2 * 24 + 120 + 190);
    expect(posterWidth(14)).toBe(2828);
    expect(posterWidth(20)).toBe(3968);
    expect(posterWidth(500)).toBe(3968);
    // A walk without steps still has a poster of one column.
    expect(posterWidth(0)).toBe(posterWidth(1));
  });

  it('draws a small map at full scale', () => {
    expect(posterPixels(2828, 1084)).toEqual({ width: 2828, height: 1084, scale: 1 });
  });

  it('draws a 500-step map smaller, within 16 M pixels, never cut', () => {
    const size = posterPixels(3968, 22_500);
    expect(size.scale).toBeLessThan(0.5);
    expect(size.width * size.height).toBeLessThanOrEqual(POSTER_MAX_PIXELS);
    expect(size.width).toBe(Math.floor(3968 * size.scale));
    expect(size.height).toBe(Math.floor(22_500 * size.scale));
  });

  it('keeps each side within 16,384 px, even for a thin, very long map', () => {
    const size = posterPixels(400, 200_000);
    expect(size.height).toBeLessThanOrEqual(POSTER_MAX_SIDE);
    expect(size.width * size.height).toBeLessThanOrEqual(POSTER_MAX_PIXELS);
    expect(posterScale(0, 100)).toBe(1);
    expect(posterScale(Number.NaN, 100)).toBe(1);
  });
});
