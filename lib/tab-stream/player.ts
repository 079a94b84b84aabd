/**
 * The offscreen document's side of the tab streams: it holds each recorded tab's video stream, keeps the
 * last few frames it painted, and on request composes the frame of a moment (with the overlay's box taken
 * from a frame painted without it) into an ImageBitmap for the service worker to encode.
 */
import { CHANGE_ON_SCREEN_MS, type ComposedFrame, coverInFrame, FrameClock, frameAt, frameDelayMs, type HeldFrame, type OverlayCover } from './frames';

/** Chrome's MediaStreamTrackProcessor (not in TypeScript's DOM library yet). */
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack; maxBufferSize?: number });
  readonly readable: ReadableStream<VideoFrame>;
}

/** Frames kept per tab: enough to find the one painted just before a press, few enough not to starve capture. */
const RING_SIZE = 3;
/**
 * Frames arrive in the order they were captured, but late when the machine is busy: a moment's candidates
 * are complete once a frame captured after it has been read (the overlay stepping aside makes one), or after
 * this long.
 */
const CANDIDATES_WAIT_MS = 500;
/** How long a new stream may take to deliver its first frame (a tab paints one as soon as it is captured). */
const FIRST_FRAME_WAIT_MS = 1000;
/** Held frames are let go after this if nobody composed them. */
const HOLD_EXPIRY_MS = 5000;
/** The longest wait for a frame painted without the overlay. */
const CLEAN_FRAME_WAIT_MS = 500;
/**
 * A frame's capture time is an estimate, late by as much as the quickest read seen so far (FrameClock; a new
 * stream has seen few): a frame placed this soon after the overlay stepped aside may have been captured just
 * before, overlay and all (the press's own repaint makes one).
 */
const CLOCK_DOUBT_MS = 40;
/** How long to wait for a newer frame when the only one after the overlay stepped aside is in doubt. */
const DOUBT_WAIT_MS = 80;

export interface StreamSize {
  width: number;
  height: number;
}

interface Candidates {
  atEpochMs: number;
  /** When the page last looked different before the moment: a frame from before it shows another moment. */
  changedAtEpochMs: number | null;
  frames: HeldFrame<VideoFrame>[];
  /** Until a frame captured after the moment is read, frames read may have been captured before it. */
  complete: boolean;
  /** The first frame captured after the moment: the nearest to it when none before shows the page as it was. */
  firstAfter: HeldFrame<VideoFrame> | null;
  heldAtMs: number;
}

interface TabStream {
  stream: MediaStream;
  track: MediaStreamTrack;
  ring: HeldFrame<VideoFrame>[];
  clock: FrameClock;
  candidates: Map<string, Candidates>;
  frameWaiters: Set<() => void>;
  stopped: boolean;
}

const epoch = (performanceMs: number) => performance.timeOrigin + performanceMs;

function isBefore(held: HeldFrame<VideoFrame>, changedAtEpochMs: number | null): boolean {
  return changedAtEpochMs != null && held.capturedAtEpochMs < changedAtEpochMs + CHANGE_ON_SCREEN_MS;
}

function cloneHeld(held: HeldFrame<VideoFrame>): HeldFrame<VideoFrame> {
  return { frame: held.frame.clone(), capturedAtEpochMs: held.capturedAtEpochMs };
}

export class TabStreamPlayer {
  private readonly tabs = new Map<number, TabStream>();

  constructor(private readonly media: MediaDevices = navigator.mediaDevices) {}

  held(): number[] {
    return [...this.tabs.keys()];
  }

  /** Plays a tab's stream (from `tabCapture.getMediaStreamId`) and starts keeping its frames. */
  async play(tabId: number, streamId: string, size: StreamSize): Promise<StreamSize> {
    this.stop(tabId);
    const constraints = {
      audio: false,
      video: {
        mandatory: {
          chromeMediaSource: 'tab',
          chromeMediaSourceId: streamId,
          // The tab's own size, or frames come letterboxed.
          minWidth: Math.round(size.width),
          maxWidth: Math.round(size.width),
          minHeight: Math.round(size.height),
          maxHeight: Math.round(size.height),
          maxFrameRate: 30,
        },
      },
    } as unknown as MediaStreamConstraints;
    const stream = await this.media.getUserMedia(constraints);
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('The tab stream has no video track');
    const tab: TabStream = { stream, track, ring: [], clock: new FrameClock(), candidates: new Map(), frameWaiters: new Set(), stopped: false };
    this.tabs.set(tabId, tab);
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 1 }).readable.getReader();
    void this.read(tab, reader);
    // A click right after Start must find a frame of the page as it was.
    const deadline = performance.now() + FIRST_FRAME_WAIT_MS;
    while (tab.ring.length === 0 && !tab.stopped && performance.now() < deadline) await this.nextFrame(tab, deadline - performance.now());
    const settings = track.getSettings();
    return { width: settings.width ?? size.width, height: settings.height ?? size.height };
  }

  /** Frames in the page's new size from now on (frames of another size come letterboxed). Null without a stream. */
  async resize(tabId: number, size: StreamSize): Promise<StreamSize | null> {
    const tab = this.tabs.get(tabId);
    if (!tab) return null;
    const width = Math.round(size.width);
    const height = Math.round(size.height);
    await tab.track.applyConstraints({ width: { min: width, max: width }, height: { min: height, max: height } });
    const settings = tab.track.getSettings();
    return { width: settings.width ?? width, height: settings.height ?? height };
  }

  stop(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    tab.stopped = true;
    this.tabs.delete(tabId);
    for (const track of tab.stream.getTracks()) track.stop();
    for (const held of tab.ring) held.frame.close();
    for (const candidates of tab.candidates.values()) for (const held of candidates.frames) held.frame.close();
    tab.ring = [];
    tab.candidates.clear();
    for (const wake of tab.frameWaiters) wake();
  }

  /** Pins the frames that may show `atEpochMs` (asked at once, so later frames cannot push them out). */
  hold(tabId: number, requestId: string, atEpochMs: number, changedAtEpochMs: number | null = null): boolean {
    const tab = this.tabs.get(tabId);
    if (!tab) return false;
    this.release(tab, requestId);
    const frames = tab.ring.map((held) => ({ frame: held.frame.clone(), capturedAtEpochMs: held.capturedAtEpochMs }));
    const after = tab.ring.find((held) => held.capturedAtEpochMs > atEpochMs);
    const firstAfter = after ? (frames.find((copy) => copy.capturedAtEpochMs === after.capturedAtEpochMs) ?? null) : null;
    const candidates: Candidates = { atEpochMs, changedAtEpochMs, frames, complete: after != null, firstAfter, heldAtMs: performance.now() };
    tab.candidates.set(requestId, candidates);
    // A hold nobody composes (the worker stopped, the walk was paused) must not keep frames from the capturer.
    setTimeout(() => this.release(tab, requestId, candidates), HOLD_EXPIRY_MS);
    return true;
  }

  /** Lets go of a hold's frames (only that hold's: a later hold may have taken the same id). */
  private release(tab: TabStream, requestId: string, only?: Candidates): void {
    const candidates = tab.candidates.get(requestId);
    if (!candidates || (only && candidates !== only)) return;
    tab.candidates.delete(requestId);
    for (const held of candidates.frames) held.frame.close();
  }

  /**
   * Composes the frame of a held moment: the frame painted at it, and where the overlay was, the same box
   * from the first frame painted without the overlay. Null when the tab has no stream or nothing was held.
   */
  async compose(tabId: number, requestId: string, cover: OverlayCover | null): Promise<ComposedFrame | null> {
    const tab = this.tabs.get(tabId);
    const candidates = tab?.candidates.get(requestId);
    if (!tab || !candidates) return null;
    // Frames captured just before the moment may still be on their way.
    while (!candidates.complete && !tab.stopped) {
      const left = candidates.heldAtMs + CANDIDATES_WAIT_MS - performance.now();
      if (left <= 0) break;
      await this.nextFrame(tab, left);
    }
    tab.candidates.delete(requestId);
    try {
      const held = frameAt(candidates.frames, candidates.atEpochMs);
      const current = held && !isBefore(held, candidates.changedAtEpochMs) ? held : null;
      // No frame shows the page as it was at the moment (the stream missed a repaint after the page's last
      // change, or had none yet): the first frame painted after it is the nearest truth, with its delay.
      // Asked for a frame painted after a change made just before the request (a full-page capture's scroll):
      // only a fresh frame will do, or none (the caller then takes captureVisibleTab).
      const freshOnly = candidates.changedAtEpochMs != null && candidates.changedAtEpochMs >= candidates.atEpochMs;
      const found =
        current ?? candidates.firstAfter ?? (await this.frameAfter(tab, candidates.atEpochMs)) ?? (freshOnly ? null : (held ?? (await this.latestFrame(tab))));
      if (!found) return null;
      // A frame of the ring may be let go while the overlay's box is awaited: a clone is kept, closed with the others.
      const chosen = candidates.frames.includes(found) ? found : cloneHeld(found);
      if (chosen !== found) candidates.frames.push(chosen);
      const { frame } = chosen;
      const width = frame.displayWidth;
      const height = frame.displayHeight;
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) return null;
      context.drawImage(frame, 0, 0, width, height);
      let overlayRemoved = false;
      if (cover) {
        const box = coverInFrame(cover, width, height);
        const clean = box ? await this.cleanFrameAfter(tab, cover.hiddenAtEpochMs) : null;
        if (box && clean) {
          context.drawImage(clean.frame, box.x, box.y, box.width, box.height, box.x, box.y, box.width, box.height);
          overlayRemoved = true;
        } else if (box) {
          // No frame without the overlay came in time: its box is blanked, never shown.
          context.fillStyle = '#9aa0a6';
          context.fillRect(box.x, box.y, box.width, box.height);
          overlayRemoved = true;
        }
      }
      return {
        bitmap: canvas.transferToImageBitmap(),
        width,
        height,
        delayMs: frameDelayMs(chosen.capturedAtEpochMs, candidates.atEpochMs),
        frameEpochMs: Math.round(chosen.capturedAtEpochMs),
        overlayRemoved,
      };
    } finally {
      for (const held of candidates.frames) held.frame.close();
    }
  }

  private async read(tab: TabStream, reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    try {
      while (!tab.stopped) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        if (tab.stopped) {
          frame.close();
          break;
        }
        const readAt = performance.now();
        tab.clock.observe(frame.timestamp, readAt);
        const held = { frame, capturedAtEpochMs: epoch(tab.clock.capturedAt(frame.timestamp, readAt)) };
        for (const candidates of tab.candidates.values()) {
          if (candidates.complete) continue;
          // A frame captured before the moment but read after the hold, or the first one after it.
          const copy = cloneHeld(held);
          candidates.frames.push(copy);
          if (held.capturedAtEpochMs > candidates.atEpochMs) {
            candidates.firstAfter = copy;
            candidates.complete = true;
          }
        }
        tab.ring.push(held);
        while (tab.ring.length > RING_SIZE) tab.ring.shift()?.frame.close();
        for (const wake of [...tab.frameWaiters]) wake();
      }
    } catch (error) {
      console.debug('[parcours] tab stream ended', error);
    } finally {
      reader.releaseLock();
    }
  }

  /** Resolves on the next frame of a tab, or after `ms`. */
  private nextFrame(tab: TabStream, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        tab.frameWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      tab.frameWaiters.add(wake);
    });
  }

  private async latestFrame(tab: TabStream): Promise<HeldFrame<VideoFrame> | null> {
    if (tab.ring.length === 0) await this.nextFrame(tab, CLEAN_FRAME_WAIT_MS);
    return tab.ring[tab.ring.length - 1] ?? null;
  }

  /**
   * A frame painted with the overlay transparent: the latest captured after it stepped aside, or, when that
   * one is too close to the moment to be sure, a newer one if it comes soon. The overlay stays transparent
   * until the capture is composed, so a newer frame can only be cleaner.
   */
  private async cleanFrameAfter(tab: TabStream, hiddenAtEpochMs: number): Promise<HeldFrame<VideoFrame> | null> {
    const first = await this.frameAfter(tab, hiddenAtEpochMs);
    if (!first || first.capturedAtEpochMs >= hiddenAtEpochMs + CLOCK_DOUBT_MS) return first;
    const deadline = performance.now() + DOUBT_WAIT_MS;
    for (;;) {
      const latest: HeldFrame<VideoFrame> = tab.ring[tab.ring.length - 1] ?? first;
      const left = deadline - performance.now();
      if (latest !== first || left <= 0 || tab.stopped) return latest;
      await this.nextFrame(tab, left);
    }
  }

  /** The latest frame captured after `epochMs`, waiting for one if needed. */
  private async frameAfter(tab: TabStream, epochMs: number): Promise<HeldFrame<VideoFrame> | null> {
    const deadline = performance.now() + CLEAN_FRAME_WAIT_MS;
    for (;;) {
      const latest = tab.ring[tab.ring.length - 1];
      if (latest && latest.capturedAtEpochMs >= epochMs) return latest;
      const left = deadline - performance.now();
      if (left <= 0 || tab.stopped) return null;
      await this.nextFrame(tab, left);
    }
  }
}
