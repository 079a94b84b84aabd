import type { Point } from '../capture/events';

/**
 * Where a click falls on its screenshot, as fractions (0–1) of the image's width and height. The click is
 * in CSS pixels of the page and the screenshot in device pixels, so the click's own device pixel ratio
 * (screen density times browser zoom, when it happened) converts one to the other: the reviewer's screen
 * has nothing to do with it. Null when there is nothing to mark or the click lies outside the image
 * (a screenshot shared with a click made after a scroll or a resize).
 */
export function clickMarkOnImage(
  point: Point | null,
  image: { width: number; height: number } | null,
  devicePixelRatio: number | null,
): { x: number; y: number } | null {
  if (!point || !image || image.width <= 0 || image.height <= 0) return null;
  // Events recorded before the ratio was kept: a ratio of 1 is the common case and never worse than a guess.
  const ratio = devicePixelRatio != null && Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const x = (point.x * ratio) / image.width;
  const y = (point.y * ratio) / image.height;
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
  return { x, y };
}
