import { epochNow } from '../capture/clock';
import { fromOwnUi, listen } from './context';

/**
 * How long after the tester's own press or key a submit still counts as their doing: the page's script may
 * check the form first and send it itself (`requestSubmit()`). Chrome's transient user activation lasts as long.
 */
export const GESTURE_WINDOW_MS = 5_000;

export interface GestureWatch {
  /** Whether the tester pressed, clicked or typed a key in the page (not in Parcours' own UI) within GESTURE_WINDOW_MS. */
  recent(): boolean;
  stop(): void;
}

/**
 * The tester's latest gesture in a frame. Chromium fires a trusted `submit` for a form sent by a script
 * (`requestSubmit()`, or `click()` on a submit button) with nobody touching the page: such a submit counts
 * only right after a gesture of the tester's, of which it is then the page's answer.
 */
export function watchGestures(win: Window, now: () => number = epochNow): GestureWatch {
  let last = Number.NEGATIVE_INFINITY;
  const stop = listen(win, ['pointerdown', 'keydown', 'click'], (event) => {
    if (!fromOwnUi(event)) last = now();
  });
  return { recent: () => now() - last <= GESTURE_WINDOW_MS, stop };
}
