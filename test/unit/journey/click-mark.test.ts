import { describe, expect, it } from 'vitest';
import { clickMarkOnImage } from '@/lib/journey/click-mark';

describe('clickMarkOnImage', () => {
  const image = { width: 1280, height: 800 };

  it('places a click of a page at ratio 1 by its CSS pixels', () => {
    expect(clickMarkOnImage({ x: 640, y: 200 }, image, 1)).toEqual({ x: 0.5, y: 0.25 });
  });

  it('scales by the ratio the click was made at, not by the screen it is reviewed on', () => {
    // A 2x screen: a 640 × 400 CSS viewport captured as 1280 × 800 device pixels.
    expect(clickMarkOnImage({ x: 320, y: 100 }, image, 2)).toEqual({ x: 0.5, y: 0.25 });
    // Browser zoom at 125 %: a 1024 × 640 CSS viewport in the same image.
    expect(clickMarkOnImage({ x: 512, y: 320 }, image, 1.25)).toEqual({ x: 0.5, y: 0.5 });
  });

  it('marks the very edges of the image', () => {
    expect(clickMarkOnImage({ x: 0, y: 0 }, image, 1)).toEqual({ x: 0, y: 0 });
    expect(clickMarkOnImage({ x: 1280, y: 800 }, image, 1)).toEqual({ x: 1, y: 1 });
  });

  it('marks nothing outside the image (a shared screenshot taken before a scroll or a resize)', () => {
    expect(clickMarkOnImage({ x: 1300, y: 10 }, image, 1)).toBeNull();
    expect(clickMarkOnImage({ x: 10, y: -4 }, image, 1)).toBeNull();
    expect(clickMarkOnImage({ x: 700, y: 10 }, image, 2)).toBeNull();
  });

  it('falls back to a ratio of 1 for clicks recorded without one, or with a nonsensical one', () => {
    expect(clickMarkOnImage({ x: 640, y: 400 }, image, null)).toEqual({ x: 0.5, y: 0.5 });
    expect(clickMarkOnImage({ x: 640, y: 400 }, image, 0)).toEqual({ x: 0.5, y: 0.5 });
    expect(clickMarkOnImage({ x: 640, y: 400 }, image, Number.NaN)).toEqual({ x: 0.5, y: 0.5 });
  });

  it('marks nothing without a point or a usable image', () => {
    expect(clickMarkOnImage(null, image, 1)).toBeNull();
    expect(clickMarkOnImage({ x: 1, y: 1 }, null, 1)).toBeNull();
    expect(clickMarkOnImage({ x: 1, y: 1 }, { width: 0, height: 800 }, 1)).toBeNull();
    expect(clickMarkOnImage({ x: Number.NaN, y: 1 }, image, 1)).toBeNull();
  });
});
