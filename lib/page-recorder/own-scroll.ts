/**
 * Scrolling Parcours does itself (a full-page capture walks the page viewport by viewport): while it lasts,
 * the scroll recorder records nothing, so the walk shows the tester's scrolling only.
 */
const scrolling = new WeakMap<Window, number>();

/** Parcours starts scrolling this window; every begin is matched by one end. */
export function beginOwnScroll(win: Window): void {
  scrolling.set(win, (scrolling.get(win) ?? 0) + 1);
}

export function endOwnScroll(win: Window): void {
  const depth = (scrolling.get(win) ?? 0) - 1;
  if (depth > 0) scrolling.set(win, depth);
  else scrolling.delete(win);
}

export function isOwnScroll(win: Window): boolean {
  return scrolling.has(win);
}
