/**
 * The pure part of taking screenshots from a tab's video stream: when a frame was captured, which frame
 * shows a given moment, and where the overlay sits on it. Runs in the offscreen document and in Node tests.
 */
import type { Rect } from '../capture/events';

/**
 * `VideoFrame.timestamp` of a tab-capture track counts microseconds on the browser's monotonic clock, not
 * on the document's `performance.now()`. The two differ by a constant: the document's origin on that clock.
 * Each frame is read a little after it was captured, so `timestamp - readAt` under-estimates the offset by
 * the read delay; the largest value seen is the best estimate, and it only gets better.
 */
export class FrameClock {
  private offsetMs = Number.NEGATIVE_INFINITY;

  /** Learns from a frame read at `readAtMs` (performance.now()) with its `timestampUs`. */
  observe(timestampUs: number, readAtMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, timestampUs / 1000 - readAtMs);
  }

  get calibrated(): boolean {
    return Number.isFinite(this.offsetMs);
  }

  /** The performance.now() time a frame was captured at; its read time until the clock is calibrated. */
  capturedAt(timestampUs: number, readAtMs: number): number {
    return this.calibrated ? Math.min(readAtMs, timestampUs / 1000 - this.offsetMs) : readAtMs;
  }
}

export interface HeldFrame<F> {
  frame: F;
  /** Epoch ms the frame was captured at. */
  capturedAtEpochMs: number;
}

/**
 * The frame that shows the moment `atEpochMs`: the latest captured at or before it. A tab that has not
 * repainted since shows the same picture still, so an old frame is right. Only when every held frame is
 * younger than the moment (the stream had just started) is the oldest one taken: the caller reports how late.
 */
export function frameAt<F>(frames: readonly HeldFrame<F>[], atEpochMs: number): HeldFrame<F> | null {
  let best: HeldFrame<F> | null = null;
  let oldest: HeldFrame<F> | null = null;
  for (const held of frames) {
    if (!oldest || held.capturedAtEpochMs < oldest.capturedAtEpochMs) oldest = held;
    if (held.capturedAtEpochMs <= atEpochMs && (!best || held.capturedAtEpochMs > best.capturedAtEpochMs)) best = held;
  }
  return best ?? oldest;
}

/**
 * The signed delay from the moment asked for to what the image shows: negative for a frame captured before
 * it (the last the tab painted, as far as the stream saw), positive for one captured after.
 */
export function frameDelayMs(frameCapturedAtEpochMs: number, atEpochMs: number): number {
  return Math.round(frameCapturedAtEpochMs - atEpochMs);
}

/** Where the overlay was on the page, so its box can be filled from a frame painted without it. */
export interface OverlayCover {
  /** The overlay's box in CSS pixels of the top-level viewport. */
  rect: Rect;
  /** The page's viewport width in CSS pixels (frames are in device pixels). */
  viewportWidth: number;
  /** Epoch ms the page had been painted without the overlay. */
  hiddenAtEpochMs: number;
}

/** The overlay's box in a frame's pixels, grown by a pixel each side for the image's smoothing, clipped to the frame. */
export function coverInFrame(cover: OverlayCover, frameWidth: number, frameHeight: number): Rect | null {
  if (cover.viewportWidth <= 0 || frameWidth <= 0 || frameHeight <= 0) return null;
  const scale = frameWidth / cover.viewportWidth;
  const x = Math.max(0, Math.floor(cover.rect.x * scale) - 1);
  const y = Math.max(0, Math.floor(cover.rect.y * scale) - 1);
  const right = Math.min(frameWidth, Math.ceil((cover.rect.x + cover.rect.width) * scale) + 1);
  const bottom = Math.min(frameHeight, Math.ceil((cover.rect.y + cover.rect.height) * scale) + 1);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

/** A change is on screen at the earliest a frame after it: a frame captured this soon after may predate it. */
export const CHANGE_ON_SCREEN_MS = 20;

/** A moment composed by the offscreen document, as it goes to the service worker (the bitmap transferred). */
export interface ComposedFrame {
  bitmap: ImageBitmap;
  width: number;
  height: number;
  /** Signed ms from the moment asked for to what the image shows (negative: a frame painted before it). */
  delayMs: number;
  /** Epoch ms of the frame the image comes from. */
  frameEpochMs: number;
  /** Whether the overlay's box came from a frame painted without it (false: there was no overlay). */
  overlayRemoved: boolean;
}

/**
 * How long after the press an image may be and still show the press: a person holds a mouse button down for
 * 80-150 ms before the click fires, and a page reacts to the click, not to the press. Past this, a page may
 * already show the click's effect: the image is not that step's screenshot.
 */
export const MOMENT_TOLERANCE_MS = 100;
