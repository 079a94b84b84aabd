import type { Point, ScreenshotMissingReason } from '../capture/events';
import type { PrivacyStamp } from '../privacy/private-boxes';

/**
 * Chrome allows two `captureVisibleTab` calls a second, counted in fixed windows: the first call opens a
 * one-second window holding two calls, failed calls included (measured on Chromium 156). Modelling the
 * window rather than spacing calls 500 ms apart lets a click right after a page's screenshot go at once.
 */
export const CAPTURE_WINDOW_MS = 1000;
export const CAPTURES_PER_WINDOW = 2;
/** Our clock and the browser's differ by a few ms: open a new window only when the old one surely closed. */
const WINDOW_MARGIN_MS = 20;

export interface CaptureRequest {
  sessionId: string;
  tabId: number;
  /** The event the screenshot illustrates (a click, a navigation, the session start). */
  forEventId: string;
  requestedAtEpochMs: number;
  /** Resolved lazily: for a click in a subframe the frame offset is found while the capture runs. */
  point: Promise<Point | null> | Point | null;
  priority: 'click' | 'navigation';
  /**
   * A frame wanted as it is (a full-page capture's viewport): handed the attempt, never stored as a step's
   * screenshot. It takes a slot like any request, after the clicks.
   */
  onFrame?: (attempt: CaptureAttempt) => void;
}

/**
 * `calledAtEpochMs`: when the browser was actually asked (after the overlay stepped aside). The browser's
 * window opens then, not when the queue granted the slot. A successful attempt's image has been through the
 * privacy check already (its private parts covered, `privacy` says how): nothing else is ever stored.
 */
export type CaptureAttempt =
  | { ok: true; source: 'visible-tab'; blob: Blob; width: number; height: number; privacy: PrivacyStamp; capturedAtEpochMs: number; calledAtEpochMs?: number }
  /** A frame of the tab's video stream: `delayMs` from the moment asked for to what the frame shows. */
  | {
      ok: true;
      source: 'tab-stream';
      blob: Blob;
      width: number;
      height: number;
      privacy: PrivacyStamp;
      capturedAtEpochMs: number;
      delayMs: number;
      calledAtEpochMs?: number;
    }
  /** `detail`: the browser's own words, kept with the step so a reader knows what went wrong. */
  | { ok: false; reason: ScreenshotMissingReason; detail?: string; calledAtEpochMs?: number };

/** A refused capture is tried once more after this pause (a page mid-paint or mid-navigation refuses). */
const RETRY_FAILED_CAPTURE_MS = 150;

export interface CaptureQueueDeps {
  /** Takes the screenshot of a tab, or says why it could not. */
  capture(tabId: number): Promise<CaptureAttempt>;
  /** Receives the outcome for a group of requests that share one capture (first is the owner). */
  deliver(group: CaptureRequest[], attempt: CaptureAttempt): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  windowMs?: number;
  perWindow?: number;
}

/**
 * Absorbs the capture rate limit without losing a step: requests wait for the next free slot, clicks
 * before navigation settles, and requests for the same tab that are waiting together share one capture
 * (the tab shows the same thing to all of them). Lives in service-worker memory by design: a request lost to
 * a restart leaves its step with a "recorder restarted" reason, never a wrong image.
 */
export class CaptureQueue {
  private waiting: CaptureRequest[][] = [];
  private running = false;
  private windowStart = Number.NEGATIVE_INFINITY;
  private usedInWindow = 0;
  private readonly windowMs: number;
  private readonly perWindow: number;

  constructor(private readonly deps: CaptureQueueDeps) {
    this.windowMs = deps.windowMs ?? CAPTURE_WINDOW_MS;
    this.perWindow = deps.perWindow ?? CAPTURES_PER_WINDOW;
  }

  /** Waits until a call is allowed, then counts it. True when the call opens a new window. */
  private async takeSlot(): Promise<boolean> {
    let now = this.deps.now();
    const windowEnd = this.windowStart + this.windowMs + WINDOW_MARGIN_MS;
    if (now < windowEnd && this.usedInWindow >= this.perWindow) {
      await this.deps.sleep(windowEnd - now);
      now = this.deps.now();
    }
    let opened = false;
    if (now >= this.windowStart + this.windowMs + WINDOW_MARGIN_MS) {
      this.windowStart = now;
      this.usedInWindow = 0;
      opened = true;
    }
    this.usedInWindow++;
    return opened;
  }

  /** Calls capture in a granted slot, moving the window's start to when the browser was really asked. */
  private async captureInSlot(tabId: number, opened: boolean): Promise<CaptureAttempt> {
    const attempt = await this.safeCapture(tabId);
    if (opened && attempt.calledAtEpochMs != null) this.windowStart = Math.max(this.windowStart, attempt.calledAtEpochMs);
    return attempt;
  }

  get pending(): number {
    return this.waiting.reduce((sum, group) => sum + group.length, 0);
  }

  request(request: CaptureRequest): void {
    const sameTab = this.waiting.find((group) => group[0]?.tabId === request.tabId);
    if (sameTab) {
      sameTab.push(request);
      // A click joining a navigation group promotes the group to click priority.
      if (request.priority === 'click') this.promote(sameTab);
    } else if (request.priority === 'click') {
      const firstNavigation = this.waiting.findIndex((group) => group[0]?.priority !== 'click');
      if (firstNavigation === -1) this.waiting.push([request]);
      else this.waiting.splice(firstNavigation, 0, [request]);
    } else this.waiting.push([request]);
    void this.pump();
  }

  private promote(group: CaptureRequest[]): void {
    const index = this.waiting.indexOf(group);
    const firstNavigation = this.waiting.findIndex((g) => g[0]?.priority !== 'click' && !g.some((r) => r.priority === 'click'));
    if (firstNavigation !== -1 && firstNavigation < index) {
      this.waiting.splice(index, 1);
      this.waiting.splice(firstNavigation, 0, group);
    }
  }

  /** Resolves once every request queued so far has been delivered. */
  async drain(): Promise<void> {
    while (this.running || this.waiting.length > 0) await this.deps.sleep(20);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const opened = await this.takeSlot();
        const group = this.waiting.shift();
        const owner = group?.[0];
        if (!group || !owner) continue;
        let attempt = await this.captureInSlot(owner.tabId, opened);
        // Refused before the browser was asked: the call did not count against the limit.
        if (!attempt.ok && (attempt.reason === 'tab-not-visible' || attempt.reason === 'page-not-capturable')) this.usedInWindow--;
        // A refused capture is tried once more; a rate-limit refusal (a busy machine can make our clock and the
        // browser's disagree) up to twice, each time in a fresh window.
        let rateRetries = 0;
        let failedRetries = 0;
        // A page that could not say in time what to hide in it (busy) is asked again with the next capture.
        const retried = (reason: ScreenshotMissingReason) => reason === 'capture-failed' || reason === 'private-unverified';
        while (!attempt.ok && ((attempt.reason === 'rate-limited' && rateRetries < 2) || (retried(attempt.reason) && failedRetries < 1))) {
          if (attempt.reason === 'rate-limited') {
            rateRetries++;
            this.usedInWindow = this.perWindow;
            this.windowStart = this.deps.now();
          } else {
            failedRetries++;
            await this.deps.sleep(RETRY_FAILED_CAPTURE_MS);
          }
          attempt = await this.captureInSlot(owner.tabId, await this.takeSlot());
        }
        try {
          await this.deps.deliver(group, attempt);
        } catch {
          // Delivery failures are reported by the deliverer itself; the queue must keep going.
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async safeCapture(tabId: number): Promise<CaptureAttempt> {
    try {
      return await this.deps.capture(tabId);
    } catch (error) {
      return { ok: false, reason: 'capture-failed', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
