import type { Rect } from '../capture/events';
import { type AlwaysBlurMap, forOrigins, isAlwaysBlurMap } from '../privacy/always-blur';
import { DEFAULT_MASKING_MODE, type MaskingMode, maskingOf } from '../privacy/masking-mode';
import {
  bothMoments,
  boxesInImage,
  type FrameReport,
  type PrivacyPlan,
  type PrivacyStamp,
  type PrivateBoxes,
  type PrivateBoxesRequest,
  planPrivateBoxes,
} from '../privacy/private-boxes';
import type { ParcoursDatabase } from '../store/db';
import { activeSession } from '../store/sessions';
import { ALWAYS_BLUR, readSetting } from '../store/settings';
import type { FrameNode } from './frame-path';

/**
 * A frame that does not say what to hide within this time is taken as unknown: its iframe is hidden whole, and
 * without the top frame's answer the image is not stored. A frame answers in a few ms (bench: `npm run
 * bench:privacy`); a page whose main thread is held longer than this by its own scripts is not waited for.
 * A second, not less: on a loaded machine (a CI runner, a laptop compiling) a healthy frame can take a few
 * hundred ms to answer, and a frame not waited for loses its pixels (or the step its screenshot).
 */
export const PRIVATE_BOXES_TIMEOUT_MS = 1000;
/** A held stream frame shows the page at most this long before its press (on a still page, older ones show the same). */
export const HELD_FRAME_REACH_MS = 1000;

/** The browser as the privacy check needs it (the service worker wires it to webNavigation and tab messages). */
export interface PrivatePixelsPorts {
  frames(tabId: number): Promise<FrameNode[]>;
  /** A frame's answer to `tab/private-boxes`, null when it gave none within PRIVATE_BOXES_TIMEOUT_MS. */
  privateBoxes(tabId: number, frameId: number, request: PrivateBoxesRequest): Promise<PrivateBoxes | null>;
  now(): number;
}

/** Where to hide in a tab's image, once its frames answered; `stamp` says it for the screenshot record. */
export type PrivacyCheck =
  | (PrivacyPlan & { ok: true; mode: MaskingMode; collectMs: number })
  | { ok: false; detail: string; mode: MaskingMode; collectMs: number };

/** The image was not what the frames measured, or they could not say: nothing is stored. */
export class PrivacyUnverified extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'PrivacyUnverified';
  }
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Pixels, the background's part: asks every frame of a tab, in parallel, what must not be readable in it
 * (lib/page-recorder/private-boxes.ts) and places the answers in the tab (lib/privacy/private-boxes.ts). The
 * screenshot paths then draw the boxes over the image before it is encoded or stored. Fails closed.
 */
export class PrivatePixels {
  constructor(
    private readonly db: ParcoursDatabase,
    private readonly ports: PrivatePixelsPorts,
  ) {}

  /**
   * Asks the tab's frames now (the layout the image shows); never rejects. `early`: what a frame found itself
   * at a press (sent with its screenshot request), taken together with its answer now; `sinceEpochMs`: the image
   * may show the page as it was since then (a held stream frame).
   */
  async check(
    tabId: number,
    { early, sinceEpochMs = null }: { early?: { frameId: number; boxes: PrivateBoxes }; sinceEpochMs?: number | null } = {},
  ): Promise<PrivacyCheck> {
    const started = this.ports.now();
    let mode: MaskingMode = DEFAULT_MASKING_MODE;
    try {
      const [session, frames, alwaysBlur] = await Promise.all([
        activeSession(this.db),
        // Without the tab's frames, only the top frame is asked: every iframe it reports is then hidden whole.
        this.ports.frames(tabId).catch((): FrameNode[] => []),
        readSetting<AlwaysBlurMap>(this.db, ALWAYS_BLUR, {}, isAlwaysBlurMap),
      ]);
      // No walk (it just ended): the strictest rule.
      mode = session ? maskingOf(session) : 'strict';
      const nodes = frames.some((frame) => frame.frameId === 0) ? frames : [{ frameId: 0, parentFrameId: -1, url: '' }, ...frames];
      // Each frame takes its own site's selectors; without the frames' URLs, all are sent.
      const sites =
        frames.length > 0
          ? forOrigins(
              alwaysBlur,
              nodes.map((frame) => originOf(frame.url)),
            )
          : alwaysBlur;
      const request: PrivateBoxesRequest = { mode, alwaysBlur: sites, sinceEpochMs };
      const reports: FrameReport[] = await Promise.all(
        nodes.map(async (frame) => {
          const fresh = await this.ports.privateBoxes(tabId, frame.frameId, request).catch(() => null);
          return {
            frameId: frame.frameId,
            parentFrameId: frame.parentFrameId,
            url: frame.url,
            answer: early?.frameId === frame.frameId ? bothMoments(early.boxes, fresh) : fresh,
          };
        }),
      );
      const plan = planPrivateBoxes(reports);
      return { ...plan, mode, collectMs: Math.round(this.ports.now() - started) };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error), mode, collectMs: Math.round(this.ports.now() - started) };
    }
  }
}

/** The check's boxes in an image of `width` × `height` pixels; throws PrivacyUnverified when there are none to trust. */
export function imageBoxes(check: PrivacyCheck, width: number, height: number): Rect[] {
  if (!check.ok) throw new PrivacyUnverified(check.detail);
  const rects = boxesInImage(check, width, height);
  if (!rects) throw new PrivacyUnverified(`The image (${width}×${height}) is not the page as measured (${check.viewport.width}×${check.viewport.height})`);
  return rects;
}

/** What the screenshot record keeps of its check. */
export function stampOf(check: PrivacyCheck & { ok: true }, boxes: number, obscureMs: number, waitedMs: number): PrivacyStamp {
  return {
    mode: check.mode,
    boxes,
    hiddenFrames: check.hiddenFrames,
    collectMs: check.collectMs,
    obscureMs: Math.round(obscureMs),
    pageMs: check.pageMs,
    waitedMs: Math.round(waitedMs),
  };
}
