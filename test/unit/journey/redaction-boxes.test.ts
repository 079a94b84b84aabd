import { describe, expect, it } from 'vitest';
import { isBoxInside, normalizeBox, normalizeBoxes } from '@/lib/journey/redaction-boxes';

/** Boxes as the tester draws them on a screenshot of 800 x 600 image pixels. */
const image = { width: 800, height: 600 };

describe('normalizeBox', () => {
  it('keeps a box drawn inside the image as it is', () => {
    expect(normalizeBox({ x: 10, y: 20, width: 100, height: 50 }, image)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
  });

  it('accepts boxes drawn right-to-left or bottom-to-top (negative width or height)', () => {
    expect(normalizeBox({ x: 110, y: 70, width: -100, height: -50 }, image)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
    expect(normalizeBox({ x: 110, y: 20, width: -100, height: 50 }, image)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
  });

  it('clamps a box that goes past an edge to the image', () => {
    expect(normalizeBox({ x: -30, y: -10, width: 100, height: 50 }, image)).toEqual({ x: 0, y: 0, width: 70, height: 40 });
    expect(normalizeBox({ x: 750, y: 580, width: 100, height: 100 }, image)).toEqual({ x: 750, y: 580, width: 50, height: 20 });
    expect(normalizeBox({ x: -10, y: -10, width: 2000, height: 2000 }, image)).toEqual({ x: 0, y: 0, width: 800, height: 600 });
  });

  it('rounds outwards to whole pixels, so the blur covers all that was drawn', () => {
    expect(normalizeBox({ x: 10.6, y: 20.2, width: 10.1, height: 5.5 }, image)).toEqual({ x: 10, y: 20, width: 11, height: 6 });
  });

  it('drops empty boxes: a click without a drag, a line, a box entirely outside the image', () => {
    expect(normalizeBox({ x: 10, y: 10, width: 0, height: 0 }, image)).toBeNull();
    expect(normalizeBox({ x: 10, y: 10, width: 50, height: 0 }, image)).toBeNull();
    expect(normalizeBox({ x: 900, y: 10, width: 50, height: 50 }, image)).toBeNull();
    expect(normalizeBox({ x: -100, y: 10, width: 100, height: 50 }, image)).toBeNull();
    expect(normalizeBox({ x: 10, y: 10, width: 50, height: 50 }, { width: 0, height: 0 })).toBeNull();
  });

  it('drops boxes with numbers that are not finite', () => {
    expect(normalizeBox({ x: Number.NaN, y: 10, width: 50, height: 50 }, image)).toBeNull();
    expect(normalizeBox({ x: 0, y: 10, width: Number.POSITIVE_INFINITY, height: 50 }, image)).toBeNull();
  });

  it('makes boxes isBoxInside accepts', () => {
    for (const box of [
      { x: -30, y: -10, width: 100, height: 50 },
      { x: 799.5, y: 599.5, width: 10, height: 10 },
      { x: 400, y: 300, width: -1000, height: -1000 },
    ]) {
      const normalized = normalizeBox(box, image);
      expect(normalized).not.toBeNull();
      expect(isBoxInside(normalized!, image)).toBe(true);
    }
  });
});

describe('normalizeBoxes', () => {
  it('normalizes every box in the order drawn and drops the empty ones', () => {
    expect(
      normalizeBoxes(
        [
          { x: 110, y: 70, width: -100, height: -50 },
          { x: 5, y: 5, width: 0, height: 10 },
          { x: 790, y: 0, width: 20, height: 10 },
        ],
        image,
      ),
    ).toEqual([
      { x: 10, y: 20, width: 100, height: 50 },
      { x: 790, y: 0, width: 10, height: 10 },
    ]);
  });
});

describe('isBoxInside', () => {
  it('accepts a box with a positive area inside the image, edges included', () => {
    expect(isBoxInside({ x: 0, y: 0, width: 800, height: 600 }, image)).toBe(true);
  });

  it('refuses boxes past an edge, empty, negative or not numbers', () => {
    for (const box of [
      { x: -1, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: 801, height: 10 },
      { x: 0, y: 1, width: 10, height: 600 },
      { x: 0, y: 0, width: 0, height: 10 },
      { x: 20, y: 0, width: -10, height: 10 },
      { x: Number.NaN, y: 0, width: 10, height: 10 },
      { x: '1', y: 0, width: 10, height: 10 },
      null,
    ]) {
      expect(isBoxInside(box as never, image), JSON.stringify(box)).toBe(false);
    }
  });
});
