import { describe, expect, it } from 'vitest';
import { listWindow } from '@/lib/virtual-window';

const even = (count: number, height = 100) => Array.from({ length: count }, () => height);

describe('listWindow', () => {
  it('draws the items in view and the overscan around them, keeping the rest as padding', () => {
    // 500 items of 100 px, viewport 1000 px tall scrolled to 20,000 px, 300 px overscan.
    const window = listWindow(even(500), 20_000, 1000, 300);
    expect(window).toEqual({ first: 197, last: 213, before: 19_700, after: 28_700 });
    expect(window.before + (window.last - window.first) * 100 + window.after).toBe(50_000);
  });

  it('starts at the top when the list is scrolled to its start or is still below the viewport', () => {
    expect(listWindow(even(100), 0, 800, 200)).toMatchObject({ first: 0, last: 10, before: 0 });
    expect(listWindow(even(100), -500, 800, 0)).toMatchObject({ first: 0, last: 3, before: 0 });
  });

  it('ends at the bottom without padding after', () => {
    expect(listWindow(even(100), 9_500, 800, 0)).toEqual({ first: 95, last: 100, before: 9_500, after: 0 });
  });

  it('draws nothing when the list is far above the viewport, keeping its whole height before', () => {
    expect(listWindow(even(10), 5_000, 800, 100)).toEqual({ first: 10, last: 10, before: 1000, after: 0 });
  });

  it('follows items of different heights', () => {
    const heights = [50, 400, 50, 50, 300, 50];
    // 460–560 px: items 2 (450–500), 3 (500–550) and 4 (550–850).
    expect(listWindow(heights, 460, 100, 0)).toEqual({ first: 2, last: 5, before: 450, after: 50 });
    expect(listWindow(heights, 460, 80, 0)).toEqual({ first: 2, last: 4, before: 450, after: 350 });
  });

  it('handles an empty list', () => {
    expect(listWindow([], 0, 800)).toEqual({ first: 0, last: 0, before: 0, after: 0 });
  });
});
