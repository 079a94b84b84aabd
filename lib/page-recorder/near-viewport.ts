/**
 * Which changed blocks are far from the screen, as the browser measured them at its last frame: an
 * IntersectionObserver with a margin of a whole viewport on every side. A block the private-box scan found
 * off screen waits here (lib/page-recorder/private-texts.ts keeps it to walk later); each scan then tests
 * only the waiting blocks that may be near, instead of measuring every one at every press (a table whose
 * off-screen cells keep changing made that cost grow with every click).
 *
 * The browser's answer is as old as its last frame. It is not trusted when the page may have moved more than
 * the margin since: the scan says so (a scroll of more than half a viewport in the reach of the image, or
 * elements added or removed since the last scan), and every waiting block is measured then.
 */

/** The margin around the viewport within which a block counts as near: two viewports on every side. */
const MARGIN = '200%';
/**
 * How far the page may have scrolled in the image's reach while the browser's measure is still trusted: the
 * margin less the scroll since the measure (both at most a viewport) leaves a far block out of reach.
 */
export const STEADY_SCROLL_VIEWPORTS = 1;

export interface NearViewport {
  /** False only when the browser's last measure put the element more than a viewport away from the screen. */
  mayBeNear(element: Element): boolean;
  /** Starts measuring an element found off screen. */
  watch(element: Element): void;
  /** Calls `wake` once, when the browser next measures the element near (it is watched from now on). */
  onNear(element: Element, wake: () => void): void;
  /** Stops measuring it (walked, or gone). */
  forget(element: Element): void;
  stop(): void;
}

export function trackNearViewport(win: Window): NearViewport {
  const far = new WeakMap<Element, boolean>();
  const watched = new Set<Element>();
  const wakers = new Map<Element, () => void>();
  const View = (win as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  // Without the API (a test document), nothing is ever known to be far: every block is measured.
  const observer = View
    ? new View(
        (entries) => {
          for (const entry of entries) {
            far.set(entry.target, !entry.isIntersecting);
            const wake = entry.isIntersecting ? wakers.get(entry.target) : undefined;
            if (!wake) continue;
            wakers.delete(entry.target);
            wake();
          }
        },
        { rootMargin: MARGIN },
      )
    : null;
  return {
    mayBeNear: (element) => far.get(element) !== true,
    watch(element) {
      if (!observer || watched.has(element)) return;
      watched.add(element);
      observer.observe(element);
    },
    onNear(element, wake) {
      if (!observer) return wake();
      wakers.set(element, wake);
      if (!watched.has(element)) {
        watched.add(element);
        observer.observe(element);
      }
    },
    forget(element) {
      wakers.delete(element);
      if (!watched.delete(element)) return;
      observer?.unobserve(element);
      far.delete(element);
    },
    stop() {
      observer?.disconnect();
      watched.clear();
      wakers.clear();
    },
  };
}
