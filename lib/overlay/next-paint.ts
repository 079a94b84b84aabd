/** Waiting for a page to paint a change: the overlay stepping aside, a full page's scroll. */
import { epochNow } from '../capture/clock';

/**
 * How long a visible page may take to paint a change. Two animation frames take some 35 ms on an idle
 * machine, but a loaded one (a HiDPI tab, a busy page, a CI runner) can take a few hundred: resolving sooner
 * let captures show the overlay it had just made transparent.
 */
export const PAINT_WAIT_MS = 900;
/** A hidden tab runs no animation frames: nothing is painted, so there is nothing to wait for. */
const HIDDEN_PAINT_WAIT_MS = 80;

/**
 * Resolves once the page has been painted after a style change, with the epoch ms of the first animation
 * frame after it: the rendering update that carries the change starts there, so any frame captured later
 * shows it. Two animation frames: the change is applied, then painted. Capped (see PAINT_WAIT_MS).
 */
export function nextPaint(win: Window): Promise<number> {
  return new Promise((resolve) => {
    let changedAt = epochNow();
    const cap = win.document.visibilityState === 'hidden' ? HIDDEN_PAINT_WAIT_MS : PAINT_WAIT_MS;
    const timer = setTimeout(() => resolve(changedAt), cap);
    win.requestAnimationFrame(() => {
      changedAt = epochNow();
      win.requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve(changedAt);
      });
    });
  });
}
