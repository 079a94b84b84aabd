import type { RedactionBox } from '../store/records';

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * A box as the tester drew it, made a valid redaction box: corners put in order (a box drawn right-to-left
 * or bottom-to-top has a negative width or height), clamped to the image, rounded outwards to whole pixels
 * so the blur covers at least what was drawn. Null for a box with nothing left inside the image, or with a
 * number that is not finite.
 */
export function normalizeBox(box: RedactionBox, imageSize: ImageSize): RedactionBox | null {
  const values = [box.x, box.y, box.width, box.height, imageSize.width, imageSize.height];
  if (!values.every((value) => typeof value === 'number' && Number.isFinite(value))) return null;
  const left = Math.max(0, Math.floor(Math.min(box.x, box.x + box.width)));
  const right = Math.min(Math.floor(imageSize.width), Math.ceil(Math.max(box.x, box.x + box.width)));
  const top = Math.max(0, Math.floor(Math.min(box.y, box.y + box.height)));
  const bottom = Math.min(Math.floor(imageSize.height), Math.ceil(Math.max(box.y, box.y + box.height)));
  if (right <= left || bottom <= top) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Every box normalized, empty ones dropped, in the order drawn. */
export function normalizeBoxes(boxes: readonly RedactionBox[], imageSize: ImageSize): RedactionBox[] {
  return boxes.flatMap((box) => normalizeBox(box, imageSize) ?? []);
}

/** True for a box with a positive area that lies inside the image (as normalizeBox makes them). */
export function isBoxInside(box: RedactionBox, imageSize: ImageSize): boolean {
  if (typeof box !== 'object' || box === null) return false;
  const { x, y, width, height } = box;
  if (![x, y, width, height].every((value) => typeof value === 'number' && Number.isFinite(value))) return false;
  return x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= imageSize.width && y + height <= imageSize.height;
}
