/**
 * Which items of a long vertical list to draw: those overlapping the viewport, plus `overscan` pixels above
 * and below so a fast scroll never shows blanks. Items are given by height (measured once drawn, estimated
 * before); the space of the items left out is kept as padding before and after, so the scrollbar and
 * every item's position stay true.
 */
export function listWindow(
  heights: readonly number[],
  /** The viewport's top, in pixels from the top of the list (negative while the list is below it). */
  viewTop: number,
  viewHeight: number,
  overscan = 600,
): { first: number; last: number; before: number; after: number } {
  const top = viewTop - overscan;
  const bottom = viewTop + viewHeight + overscan;
  let offset = 0;
  let first = heights.length;
  let before = 0;
  for (let i = 0; i < heights.length; i++) {
    const height = heights[i] ?? 0;
    if (offset + height > top) {
      first = i;
      before = offset;
      break;
    }
    offset += height;
  }
  if (first === heights.length) before = offset;
  let last = first;
  offset = before;
  while (last < heights.length && offset < bottom) {
    offset += heights[last] ?? 0;
    last++;
  }
  let after = 0;
  for (let i = last; i < heights.length; i++) after += heights[i] ?? 0;
  return { first, last, before, after };
}
