import { describe, expect, it } from 'vitest';
import { FULL_PAGE_LIMITS, maxCoveredHeight, planFullPage, type Slice, stitchedHeight, stitchSlices } from '@/lib/recorder/full-page-plan';

const DESKTOP = { viewportWidth: 1280, viewportHeight: 800, devicePixelRatio: 1 };

/** The image rows each slice fills, checked to meet end to end from row 0 to `height`. */
function rowsCovered(slices: readonly Slice[], height: number): void {
  let next = 0;
  for (const slice of slices) {
    expect(slice.destY, `slice of frame ${slice.frame}`).toBe(next);
    expect(slice.height).toBeGreaterThan(0);
    next = slice.destY + slice.height;
  }
  expect(next).toBe(height);
}

describe('planFullPage', () => {
  it('takes one frame of a page no taller than its viewport', () => {
    expect(planFullPage({ ...DESKTOP, scrollHeight: 800 })).toEqual({ positions: [0], height: 800, pageHeight: 800, truncated: false });
    // A page shorter than the viewport is as tall as the viewport (the frame shows it all).
    expect(planFullPage({ ...DESKTOP, scrollHeight: 300 })).toEqual({ positions: [0], height: 800, pageHeight: 800, truncated: false });
  });

  it('scrolls one viewport at a time, the last frame ending at the page’s end (the delivery page: 2,554 px)', () => {
    expect(planFullPage({ ...DESKTOP, scrollHeight: 2554 })).toEqual({ positions: [0, 800, 1600, 1754], height: 2554, pageHeight: 2554, truncated: false });
  });

  it('needs no overlapping frame when the page is an exact number of viewports', () => {
    expect(planFullPage({ ...DESKTOP, scrollHeight: 2400 }).positions).toEqual([0, 800, 1600]);
  });

  it('rounds a fractional page height up, so the last row is captured (by a third frame if need be)', () => {
    expect(planFullPage({ ...DESKTOP, scrollHeight: 1599.6 })).toMatchObject({ positions: [0, 800], height: 1600 });
    expect(planFullPage({ ...DESKTOP, scrollHeight: 1600.4 })).toMatchObject({ positions: [0, 800, 801], height: 1601 });
  });

  it('caps a page taller than the image may be, and says so', () => {
    const plan = planFullPage({ ...DESKTOP, scrollHeight: 50_000 });
    expect(plan).toMatchObject({ height: 16_384, pageHeight: 50_000, truncated: true });
    expect(plan.positions).toHaveLength(21);
    expect(plan.positions.at(-1)).toBe(16_384 - 800);
  });

  it('caps by device pixels: at ratio 2 the same screen covers half as many CSS pixels', () => {
    const plan = planFullPage({ ...DESKTOP, viewportWidth: 800, devicePixelRatio: 2, scrollHeight: 50_000 });
    expect(plan).toMatchObject({ height: 8192, truncated: true });
    expect(plan.positions.at(-1)).toBe(8192 - 800);
    // 2,560 device px wide: the pixel count caps first (40 million / 2,560 = 15,625 rows).
    expect(planFullPage({ ...DESKTOP, devicePixelRatio: 2, scrollHeight: 50_000 }).height).toBe(7812);
  });

  it('caps by pixel count on a very wide screen, as the height cap does on a tall page', () => {
    // 3,840 device px wide: 40 million pixels are 10,416 rows.
    expect(maxCoveredHeight({ ...DESKTOP, viewportWidth: 1920, devicePixelRatio: 2, scrollHeight: 0 })).toBe(Math.floor(Math.floor(40_000_000 / 3840) / 2));
    expect(planFullPage({ ...DESKTOP, viewportWidth: 1920, devicePixelRatio: 2, scrollHeight: 20_000 }).height).toBe(5208);
  });

  it('takes one frame, cut at the cap, when even the viewport is taller than the cap', () => {
    const limits = { ...FULL_PAGE_LIMITS, maxHeightPx: 500 };
    expect(planFullPage({ ...DESKTOP, scrollHeight: 3000 }, limits)).toEqual({ positions: [0], height: 500, pageHeight: 3000, truncated: true });
  });

  it('reads nonsense measurements (a detached page) as one viewport rather than failing', () => {
    expect(planFullPage({ scrollHeight: Number.NaN, viewportWidth: 0, viewportHeight: 0, devicePixelRatio: 0 })).toEqual({
      positions: [0],
      height: 1,
      pageHeight: 1,
      truncated: false,
    });
  });
});

describe('stitchSlices', () => {
  it('takes whole frames, then only the new rows of the last one (the overlap is trimmed)', () => {
    const slices = stitchSlices([0, 800, 1600, 1754], 800, 2554, 800);
    expect(slices).toEqual([
      { frame: 0, sourceY: 0, destY: 0, height: 800 },
      { frame: 1, sourceY: 0, destY: 800, height: 800 },
      { frame: 2, sourceY: 0, destY: 1600, height: 800 },
      { frame: 3, sourceY: 646, destY: 2400, height: 154 },
    ]);
    rowsCovered(slices, stitchedHeight(800, 2554, 800));
  });

  it('works in device pixels: at ratio 2 every band is twice as tall', () => {
    const slices = stitchSlices([0, 800, 1600, 1754], 800, 2554, 1600);
    expect(slices.at(-1)).toEqual({ frame: 3, sourceY: 1292, destY: 4800, height: 308 });
    expect(stitchedHeight(800, 2554, 1600)).toBe(5108);
    rowsCovered(slices, 5108);
  });

  it('rounds bands to whole pixels without a seam or a row read below a frame (ratio 1.25, zoom)', () => {
    // A 1280×800 CSS viewport at 125 %: frames of 1000 device rows; a page of 2,333 CSS px.
    const plan = planFullPage({ ...DESKTOP, devicePixelRatio: 1.25, scrollHeight: 2333 });
    const slices = stitchSlices(plan.positions, 800, plan.height, 1000);
    rowsCovered(slices, stitchedHeight(800, plan.height, 1000));
    for (const slice of slices) expect(slice.sourceY + slice.height).toBeLessThanOrEqual(1000);
  });

  it('places a frame where the page really scrolled (a page that got shorter stops early)', () => {
    // Asked for 1754, the page could only go to 1700: its frame starts 54 px higher, and only new rows are kept.
    const slices = stitchSlices([0, 800, 1600, 1700], 800, 2554, 800);
    expect(slices.at(-1)).toEqual({ frame: 3, sourceY: 700, destY: 2400, height: 100 });
  });

  it('skips a frame that shows nothing new, and leaves rows no frame showed blank', () => {
    // The page snapped back to 0 for the second frame, then jumped to 1754 (rows 800..954 never shown).
    const slices = stitchSlices([0, 0, 954], 800, 1754, 800);
    expect(slices).toEqual([
      { frame: 0, sourceY: 0, destY: 0, height: 800 },
      { frame: 2, sourceY: 0, destY: 954, height: 800 },
    ]);
  });

  it('stops at the covered height of a truncated page', () => {
    const slices = stitchSlices([0, 800, 1200], 800, 2000, 800);
    expect(slices.at(-1)).toEqual({ frame: 2, sourceY: 400, destY: 1600, height: 400 });
    rowsCovered(slices, 2000);
  });
});
