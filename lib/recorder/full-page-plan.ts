/**
 * Planning a full-page screenshot made of viewport frames: where to scroll, which part of each frame goes
 * where in the stitched image, and how tall the image may be. Pure: the page side measures, the background
 * captures and draws, this decides.
 */

/** What the page measured before the capture, CSS pixels. */
export interface PageMetrics {
  /** The document's full height (the scrolling element's scroll height). */
  scrollHeight: number;
  viewportWidth: number;
  viewportHeight: number;
  /** Device pixels per CSS pixel (screen density × zoom): the frames come in device pixels. */
  devicePixelRatio: number;
}

export interface FullPageLimits {
  /** The tallest image, in device pixels (canvas and JPEG limits, memory). */
  maxHeightPx: number;
  /** The most pixels in the image (width × height, device pixels): a 4-byte-per-pixel canvas of this size is drawn. */
  maxPixels: number;
}

/**
 * 16,384 px is the tallest canvas every browser draws and encodes; 40 million pixels is a 160 MB canvas, a
 * sensible ceiling in a service worker. A 1280 px wide viewport at ratio 1 fits 16,384 CSS px (20 screens).
 */
export const FULL_PAGE_LIMITS: Readonly<FullPageLimits> = { maxHeightPx: 16_384, maxPixels: 40_000_000 };

export interface FullPagePlan {
  /** Scroll positions of the frames, CSS px from the top, in order; the last one ends where the image ends. */
  positions: number[];
  /** The page height the image covers, CSS px (the page's, or less when `truncated`). */
  height: number;
  /** The page's full height, CSS px. */
  pageHeight: number;
  /** True when the page is taller than the limits allow: the image shows its top `height` px. */
  truncated: boolean;
}

function positive(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The CSS height an image of this page may cover at most. */
export function maxCoveredHeight(metrics: PageMetrics, limits: FullPageLimits = FULL_PAGE_LIMITS): number {
  const ratio = positive(metrics.devicePixelRatio, 1);
  const widthPx = Math.max(1, Math.ceil(positive(metrics.viewportWidth, 1) * ratio));
  const heightPx = Math.min(limits.maxHeightPx, Math.floor(limits.maxPixels / widthPx));
  return Math.max(1, Math.floor(heightPx / ratio));
}

/**
 * The frames of a full-page capture: one per viewport from the top, the last one scrolled to the page's end
 * (or the cap's) so it overlaps the one before rather than running past the page; `stitchSlices` trims the
 * overlap. A page no taller than its viewport is one frame.
 */
export function planFullPage(metrics: PageMetrics, limits: FullPageLimits = FULL_PAGE_LIMITS): FullPagePlan {
  const viewport = Math.max(1, Math.round(positive(metrics.viewportHeight, 1)));
  const pageHeight = Math.max(viewport, Math.ceil(positive(metrics.scrollHeight, viewport)));
  const cap = maxCoveredHeight(metrics, limits);
  const truncated = pageHeight > cap;
  // A viewport taller than the cap is one frame, cut at the cap.
  const height = Math.min(pageHeight, cap);
  const positions: number[] = [];
  const lastTop = Math.max(0, height - viewport);
  for (let top = 0; top < lastTop; top += viewport) positions.push(top);
  positions.push(lastTop);
  return { positions, height, pageHeight, truncated };
}

/** The stitched image's height in device pixels, at the frames' scale. */
export function stitchedHeight(viewportHeight: number, coveredHeight: number, frameHeightPx: number): number {
  return Math.round((coveredHeight * frameHeightPx) / viewportHeight);
}

/** One band of the stitched image: rows `sourceY…` of frame `frame` drawn at `destY`, device pixels. */
export interface Slice {
  frame: number;
  sourceY: number;
  destY: number;
  height: number;
}

/**
 * Where each frame goes in the image, from where the page really was scrolled for it (a page may refuse a
 * position: it got shorter, or snaps): each frame gives the rows below what the frames before it covered, so
 * the last frame's overlap is trimmed and nothing is drawn twice. Rows no frame showed (a page that jumped
 * past a position) stay blank. Rounded to whole device pixels so bands meet without a seam and never read
 * below a frame's last row.
 *
 * @param scrollYs the scroll position of each frame, CSS px, in capture order
 * @param frameHeightPx the frames' height in device pixels (the scale is this over the viewport's CSS height)
 */
export function stitchSlices(scrollYs: readonly number[], viewportHeight: number, coveredHeight: number, frameHeightPx: number): Slice[] {
  const slices: Slice[] = [];
  const px = (css: number) => Math.round((css * frameHeightPx) / viewportHeight);
  let covered = 0;
  for (const [frame, scrollY] of scrollYs.entries()) {
    const top = Math.max(0, scrollY);
    const bottom = Math.min(coveredHeight, top + viewportHeight);
    const start = Math.max(top, covered);
    if (bottom <= start) continue;
    const destY = px(start);
    const height = px(bottom) - destY;
    if (height > 0) slices.push({ frame, sourceY: destY - px(top), destY, height });
    covered = bottom;
  }
  return slices;
}
