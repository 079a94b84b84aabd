import type { Rect } from '../capture/events';
import { sendToOffscreen } from '../messaging/client';
import { isStreamFrameMessage, type StreamFrameMessage } from '../messaging/protocol';
import type { OverlayCover } from '../tab-stream/frames';
import { drawHidden } from './obscure-canvas';

const OFFSCREEN_URL = 'offscreen.html';
/** A composed frame reaches the worker in ~30 ms; past this it is lost (the document went away). */
const FRAME_ARRIVAL_TIMEOUT_MS = 3000;
const JPEG_QUALITY = 0.8;

/** A moment of a tab's stream, encoded. */
export interface StreamShot {
  blob: Blob;
  width: number;
  height: number;
  /** Signed ms from the moment asked for to what the image shows. */
  delayMs: number;
  frameEpochMs: number;
  /** Private boxes covered in it, and the ms it took to draw them (and the frame under them). */
  boxes: number;
  obscureMs: number;
}

export type StreamStart = { ok: true } | { ok: false; reason: string };

/** Chrome's tabCapture and offscreen APIs, absent from Firefox and from webextension-polyfill's types. */
interface ChromeStreamApis {
  tabCapture?: { getMediaStreamId(options: { targetTabId: number }, callback: (id: string) => void): void };
  offscreen?: {
    createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  };
  runtime: { getContexts?(filter: { contextTypes: string[] }): Promise<unknown[]>; lastError?: { message?: string } };
}

function chromeApis(): ChromeStreamApis | null {
  const api = (globalThis as { chrome?: ChromeStreamApis }).chrome;
  return api?.tabCapture && api.offscreen && api.runtime?.getContexts ? api : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The background's side of the tab streams: starts a tab's stream in the offscreen document (Chrome's
 * `tabCapture`, allowed once the tester acted on the tab), asks it for the frame of a moment, and encodes the
 * ImageBitmap it posts back. Where the browser has no such API (Firefox), every call says so and the
 * controller takes `captureVisibleTab` instead.
 */
export class TabStreams {
  private readonly pending = new Map<string, (message: StreamFrameMessage) => void>();
  /** Tabs with a playing stream, as far as this worker knows; asked again of the document after a restart. */
  private known: Promise<Set<number>> | null = null;
  private creating: Promise<void> | null = null;
  /** The frame size of each stream, as far as this worker knows (a restarted one resizes once to be sure). */
  private readonly sizes = new Map<number, { width: number; height: number }>();

  /** Registered synchronously by the background: composed frames arrive as worker messages. */
  receive(data: unknown): boolean {
    if (!isStreamFrameMessage(data)) return false;
    const resolve = this.pending.get(data.requestId);
    if (resolve) resolve(data);
    else data.bitmap.close();
    return true;
  }

  async start(tabId: number, size: { width: number; height: number }): Promise<StreamStart> {
    const api = chromeApis();
    if (!api?.tabCapture) return { ok: false, reason: 'This browser has no tab stream (tabCapture)' };
    try {
      await this.ensureDocument(api);
      const streamId = await this.streamId(api, tabId);
      const actual = await sendToOffscreen('offscreen/play', { tabId, streamId, width: Math.round(size.width), height: Math.round(size.height) });
      this.sizes.set(tabId, actual);
      (await this.tabs()).add(tabId);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: messageOf(error).slice(0, 300) };
    }
  }

  async stop(tabId: number): Promise<void> {
    if (!(await this.tabs()).delete(tabId)) return;
    await sendToOffscreen('offscreen/stop', { tabId }).catch(() => undefined);
  }

  /** Frames in a new size (the page's viewport in device pixels) from now on; nothing for a tab without a stream. */
  async resize(tabId: number, size: { width: number; height: number }): Promise<void> {
    const width = Math.round(size.width);
    const height = Math.round(size.height);
    const known = this.sizes.get(tabId);
    if (!(await this.has(tabId)) || (known?.width === width && known.height === height)) return;
    const actual = await sendToOffscreen('offscreen/resize', { tabId, width, height }).catch(() => null);
    if (actual) this.sizes.set(tabId, actual);
  }

  async has(tabId: number): Promise<boolean> {
    return (await this.tabs()).has(tabId);
  }

  async hold(tabId: number, requestId: string, atEpochMs: number, changedAtEpochMs: number | null): Promise<boolean> {
    if (!(await this.has(tabId))) return false;
    try {
      return await sendToOffscreen('offscreen/hold', { tabId, requestId, atEpochMs, changedAtEpochMs });
    } catch {
      // The document is gone (closed by the browser): forget what this worker believed.
      this.known = null;
      return false;
    }
  }

  /**
   * The held moment as a JPEG, with `hide(width, height)`'s boxes covered before it is ever encoded (it may
   * throw: the frame is then let go and the error goes to the caller).
   */
  async compose(tabId: number, requestId: string, cover: OverlayCover | null, hide: (width: number, height: number) => Rect[]): Promise<StreamShot | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arrived = new Promise<StreamFrameMessage | null>((resolve) => {
      this.pending.set(requestId, resolve);
      timer = setTimeout(() => resolve(null), FRAME_ARRIVAL_TIMEOUT_MS);
    });
    try {
      const sent = await sendToOffscreen('offscreen/compose', { tabId, requestId, cover }).catch(() => false);
      if (!sent) return null;
      const frame = await arrived;
      if (!frame) return null;
      let boxes: Rect[];
      try {
        boxes = hide(frame.width, frame.height);
      } catch (error) {
        frame.bitmap.close();
        throw error;
      }
      // Encoded here: the worker does it in ~8 ms where the offscreen document takes a second.
      const canvas = new OffscreenCanvas(frame.width, frame.height);
      const drawStarted = performance.now();
      if (boxes.length > 0) {
        const context = canvas.getContext('2d');
        if (!context) {
          frame.bitmap.close();
          return null;
        }
        context.drawImage(frame.bitmap, 0, 0);
        frame.bitmap.close();
        drawHidden(context, boxes);
      } else {
        // Nothing to cover: the bitmap becomes the canvas as it is (a bitmap renderer takes it over), not drawn again.
        const context = canvas.getContext('bitmaprenderer');
        if (!context) {
          frame.bitmap.close();
          return null;
        }
        context.transferFromImageBitmap(frame.bitmap);
      }
      const obscureMs = boxes.length > 0 ? performance.now() - drawStarted : 0;
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
      return { obscureMs, blob, width: frame.width, height: frame.height, delayMs: frame.delayMs, frameEpochMs: frame.frameEpochMs, boxes: boxes.length };
    } finally {
      clearTimeout(timer);
      this.pending.delete(requestId);
    }
  }

  private tabs(): Promise<Set<number>> {
    this.known ??= (async () => {
      const api = chromeApis();
      if (!api?.runtime.getContexts) return new Set<number>();
      const documents = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] }).catch(() => []);
      if (documents.length === 0) return new Set<number>();
      return new Set(await sendToOffscreen('offscreen/held', {}).catch(() => []));
    })();
    return this.known;
  }

  private ensureDocument(api: ChromeStreamApis): Promise<void> {
    this.creating ??= (async () => {
      const documents = (await api.runtime.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'] })) ?? [];
      if (documents.length > 0) return;
      await api.offscreen?.createDocument({
        url: OFFSCREEN_URL,
        reasons: ['USER_MEDIA'],
        justification: 'Holds the recorded tab’s video stream, so each step’s screenshot shows the moment of its click.',
      });
    })().finally(() => {
      this.creating = null;
    });
    return this.creating;
  }

  private async streamId(api: ChromeStreamApis, tabId: number): Promise<string> {
    const capture = api.tabCapture;
    if (!capture) throw new Error('No tabCapture');
    return new Promise<string>((resolve, reject) => {
      // The callback form: the promise form is missing from some Chromium builds.
      capture.getMediaStreamId({ targetTabId: tabId }, (id) => {
        const failure = api.runtime.lastError?.message;
        if (failure || !id) reject(new Error(failure ?? 'No stream id'));
        else resolve(id);
      });
    });
  }
}
