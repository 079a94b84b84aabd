/**
 * Pixels, the pure part: where in a screenshot the private parts of a tab's page are, from what each frame's
 * content script reported (lib/page-recorder/private-boxes.ts). Placing each frame's boxes in the tab,
 * scaling them to the image's pixels, clamping and merging them. Fails closed: a frame that did not answer,
 * or that cannot be placed, has its whole iframe hidden; without the top frame's answer there is no plan at
 * all, and the image is not stored (`private-unverified`).
 */
import type { Rect } from '../capture/events';
import type { MaskingMode } from './masking-mode';

/** One iframe of a frame's document: where its content shows, as the frame that holds it sees it. */
export interface FrameSlot {
  /** The iframe's `src` as the element has it (a frame's URL matches it until the frame navigates). */
  src: string;
  /** The iframe's content box in the holding frame's viewport, CSS px, as drawn (scaling transforms included). */
  box: Rect;
  /** The content box's size in the child frame's own CSS px (its viewport), before any transform. */
  viewportWidth: number;
  viewportHeight: number;
  /** Drawn rotated or skewed: the child's boxes cannot be placed, so the whole iframe is hidden. */
  skewed: boolean;
}

/** A frame's answer: what must not be readable in its viewport, and where its iframes are. */
export interface PrivateBoxes {
  /** The frame's viewport (innerWidth × innerHeight), CSS px. */
  viewport: { width: number; height: number };
  /** Boxes to hide, CSS px of the frame's viewport, only those that meet it. */
  boxes: Rect[];
  slots: FrameSlot[];
  /** How long the frame took to find them (ms). */
  tookMs: number;
}

/** What the background asks each frame (`tab/private-boxes`). */
export interface PrivateBoxesRequest {
  mode: MaskingMode;
  /** The tester's "always blur" selectors by origin; a frame takes those of its own origin. */
  alwaysBlur: Record<string, string[]>;
  /**
   * The image may show the page as it was since this moment (a stream frame held at a press): boxes are hidden
   * also where the page's scrolls since then had them. Null: the image is being taken now.
   */
  sinceEpochMs?: number | null;
}

/** A frame of the tab (webNavigation) with its answer, null when it gave none in time. */
export interface FrameReport {
  frameId: number;
  parentFrameId: number;
  url: string;
  answer: PrivateBoxes | null;
}

/** Where to hide in the tab's top viewport (CSS px), or why it cannot be known. */
export type PrivacyPlan =
  | {
      ok: true;
      viewport: { width: number; height: number };
      boxes: Rect[];
      /** Frames that answered, and iframes hidden whole (no answer, or no place for it). */
      frames: number;
      hiddenFrames: number;
      /** The most time a frame spent finding its boxes (ms; a pressed frame's, at the press and when asked). */
      pageMs: number;
    }
  | { ok: false; detail: string };

/** What a stored screenshot says of its privacy check (kept on the screenshot record). */
export interface PrivacyStamp {
  mode: MaskingMode;
  /** Boxes filled in the image, iframes hidden whole. */
  boxes: number;
  hiddenFrames: number;
  /** ms spent asking the frames, and drawing the boxes; the most a frame spent finding its boxes. */
  collectMs: number;
  obscureMs: number;
  pageMs: number;
  /**
   * ms the screenshot waited for the frames' answers beyond what it waits for anyway (a stream frame: the
   * overlay stepping aside; captureVisibleTab: the capture itself). With obscureMs, what the check adds.
   */
  waitedMs: number;
}

function isRect(value: unknown): value is Rect {
  const rect = value as Rect | null;
  return typeof rect === 'object' && rect !== null && [rect.x, rect.y, rect.width, rect.height].every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** A frame's answer as a page sent it (with a screenshot request): checked before it is used. */
export function isPrivateBoxes(value: unknown): value is PrivateBoxes {
  const answer = value as PrivateBoxes | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.viewport?.width === 'number' &&
    typeof answer.viewport?.height === 'number' &&
    Array.isArray(answer.boxes) &&
    answer.boxes.every(isRect) &&
    Array.isArray(answer.slots) &&
    answer.slots.every(
      (slot) =>
        typeof slot?.src === 'string' &&
        isRect(slot.box) &&
        typeof slot.viewportWidth === 'number' &&
        typeof slot.viewportHeight === 'number' &&
        typeof slot.skewed === 'boolean',
    )
  );
}

/**
 * A frame's answers of two moments as one (the press, and when the image was taken): everything either says
 * to hide, its iframes where either saw them (a child is then drawn at both places). Either may be missing.
 */
export function bothMoments(early: PrivateBoxes | null, late: PrivateBoxes | null): PrivateBoxes | null {
  if (!early || !late) return early ?? late;
  return { viewport: early.viewport, boxes: [...early.boxes, ...late.boxes], slots: [...early.slots, ...late.slots], tookMs: early.tookMs + late.tookMs };
}

/** Nested iframes deeper than this are hidden whole. */
const MAX_DEPTH = 16;
/** A child frame whose viewport is this close to an iframe's content box may be that iframe's. */
const SIZE_TOLERANCE_PX = 2;

interface Scale {
  x: number;
  y: number;
}

function finite(rect: Rect): boolean {
  return [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite);
}

/** The part of `rect` inside `clip`, null when nothing is. */
export function intersect(rect: Rect, clip: Rect): Rect | null {
  if (!finite(rect) || !finite(clip)) return null;
  const x = Math.max(rect.x, clip.x);
  const y = Math.max(rect.y, clip.y);
  const right = Math.min(rect.x + rect.width, clip.x + clip.width);
  const bottom = Math.min(rect.y + rect.height, clip.y + clip.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
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
 * The iframes a child frame may be shown in (indices into `slots`): those with its URL, else those of its
 * origin, else every one (a frame that navigated, an about:blank one); narrowed by its viewport's size when
 * that leaves any. More than one is kept on purpose: its boxes are then drawn in each (see planPrivateBoxes).
 */
export function frameCandidates(slots: readonly FrameSlot[], url: string, viewport: { width: number; height: number } | null): number[] {
  const all = slots.map((_slot, index) => index);
  let found = all.filter((index) => slots[index]?.src === url);
  if (found.length === 0) {
    const origin = originOf(url);
    if (origin) found = all.filter((index) => originOf(slots[index]?.src ?? '') === origin);
  }
  if (found.length === 0) found = all;
  if (viewport && found.length > 1) {
    const sized = found.filter((index) => {
      const slot = slots[index] as FrameSlot;
      return Math.abs(slot.viewportWidth - viewport.width) <= SIZE_TOLERANCE_PX && Math.abs(slot.viewportHeight - viewport.height) <= SIZE_TOLERANCE_PX;
    });
    if (sized.length > 0) found = sized;
  }
  return found;
}

/** Whether a frame and all frames under it answered with nothing to hide (then it needs no place). */
function clean(report: FrameReport, children: Map<number, FrameReport[]>, depth = 0): boolean {
  if (!report.answer || report.answer.boxes.length > 0 || depth > MAX_DEPTH) return false;
  return (children.get(report.frameId) ?? []).every((child) => clean(child, children, depth + 1));
}

/**
 * Places every frame's boxes in the tab's top viewport. Each child frame is matched to the iframe(s) of its
 * parent that may show it (frameCandidates) and drawn in each; an iframe is trusted only when every frame that
 * may be in it answered. Hidden whole: an iframe no answering frame claims (a frame that did not answer, one
 * where no content script runs), a rotated one, one past MAX_DEPTH. A frame that answered with boxes but has
 * no iframe to be placed in hides its parent's whole viewport.
 */
export function planPrivateBoxes(reports: readonly FrameReport[]): PrivacyPlan {
  const top = reports.find((report) => report.frameId === 0);
  if (!top?.answer) return { ok: false, detail: 'The page did not say in time what to hide in it' };
  const viewport = top.answer.viewport;
  if (!(viewport.width > 0 && viewport.height > 0)) return { ok: false, detail: 'The page has no viewport' };
  const children = new Map<number, FrameReport[]>();
  for (const report of reports) {
    if (report.frameId === 0) continue;
    const list = children.get(report.parentFrameId) ?? [];
    list.push(report);
    children.set(report.parentFrameId, list);
  }
  const boxes: Rect[] = [];
  let hiddenFrames = 0;
  const hide = (rect: Rect | null) => {
    if (rect) boxes.push(rect);
  };

  const visit = (report: FrameReport, origin: { x: number; y: number }, scale: Scale, clip: Rect, depth: number) => {
    const answer = report.answer as PrivateBoxes;
    const place = (rect: Rect): Rect => ({
      x: origin.x + rect.x * scale.x,
      y: origin.y + rect.y * scale.y,
      width: rect.width * scale.x,
      height: rect.height * scale.y,
    });
    for (const box of answer.boxes) hide(intersect(place(box), clip));
    const kids = children.get(report.frameId) ?? [];
    const slots = answer.slots;
    const candidates = kids.map((kid) => frameCandidates(slots, kid.url, kid.answer?.viewport ?? null));
    for (const [index, kid] of kids.entries()) {
      if ((candidates[index] as number[]).length === 0 && !clean(kid, children)) {
        // Somewhere in this frame, but nowhere it can be placed: the frame is hidden whole.
        hide(clip);
        hiddenFrames++;
      }
    }
    for (const [index, slot] of slots.entries()) {
      const shown = intersect(place(slot.box), clip);
      if (!shown) continue;
      const claimants = kids.filter((_kid, kidIndex) => (candidates[kidIndex] as number[]).includes(index));
      const placeable = !slot.skewed && slot.viewportWidth > 0 && slot.viewportHeight > 0 && depth < MAX_DEPTH;
      if (claimants.length === 0 || !placeable || claimants.some((kid) => !kid.answer)) {
        hide(shown);
        hiddenFrames++;
        continue;
      }
      const childScale = { x: (scale.x * slot.box.width) / slot.viewportWidth, y: (scale.y * slot.box.height) / slot.viewportHeight };
      const childOrigin = { x: origin.x + slot.box.x * scale.x, y: origin.y + slot.box.y * scale.y };
      for (const kid of claimants) visit(kid, childOrigin, childScale, shown, depth + 1);
    }
  };
  visit(top, { x: 0, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 0, width: viewport.width, height: viewport.height }, 0);
  const answered = reports.flatMap((report) => (report.answer ? [report.answer.tookMs] : []));
  return { ok: true, viewport, boxes, frames: answered.length, hiddenFrames, pageMs: Math.max(0, ...answered) };
}

/** Boxes are grown by this much (CSS px) each side: a line's glyphs reach past its box, the layout moves a little. */
export const BOX_PADDING_CSS_PX = 2;
/** An image whose aspect differs from the page's by more than this is not the page as measured. */
const ASPECT_TOLERANCE = 0.03;

/**
 * The plan's boxes in an image of the top viewport (`width` × `height` device pixels: stream frames and
 * captureVisibleTab images both are): padded, scaled, snapped outwards to whole pixels, clamped, merged.
 * Null when the image cannot be the page as measured (another aspect: the boxes would not land right).
 */
export function boxesInImage(plan: Extract<PrivacyPlan, { ok: true }>, width: number, height: number, padding = BOX_PADDING_CSS_PX): Rect[] | null {
  const sx = width / plan.viewport.width;
  const sy = height / plan.viewport.height;
  if (!(sx > 0 && sy > 0) || !Number.isFinite(sx) || !Number.isFinite(sy)) return null;
  if (Math.abs(sx - sy) > ASPECT_TOLERANCE * Math.max(sx, sy)) return null;
  const bounds = { x: 0, y: 0, width, height };
  const rects: Rect[] = [];
  for (const box of plan.boxes) {
    const x = Math.floor((box.x - padding) * sx);
    const y = Math.floor((box.y - padding) * sy);
    const right = Math.ceil((box.x + box.width + padding) * sx);
    const bottom = Math.ceil((box.y + box.height + padding) * sy);
    const clamped = intersect({ x, y, width: right - x, height: bottom - y }, bounds);
    if (clamped) rects.push(clamped);
  }
  return mergeBoxes(rects);
}

/** More boxes than this are drawn as the one box that holds them all. */
export const MAX_BOXES = 1000;

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Joins boxes of one row (same top and height) or one column (same left and width) that meet. */
function joinLines(rects: Rect[], row: boolean): Rect[] {
  const key = (rect: Rect) => (row ? `${rect.y}:${rect.height}` : `${rect.x}:${rect.width}`);
  const start = (rect: Rect) => (row ? rect.x : rect.y);
  const end = (rect: Rect) => (row ? rect.x + rect.width : rect.y + rect.height);
  const lines = new Map<string, Rect[]>();
  for (const rect of rects) lines.set(key(rect), [...(lines.get(key(rect)) ?? []), rect]);
  const out: Rect[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => start(a) - start(b));
    let current = line[0] as Rect;
    for (const rect of line.slice(1)) {
      if (start(rect) <= end(current)) current = union(current, rect);
      else {
        out.push(current);
        current = rect;
      }
    }
    out.push(current);
  }
  return out;
}

/**
 * Fewer boxes covering the same pixels: boxes meeting along a whole side (the lines of a text, a field and
 * its padding) become one, boxes inside others go. Past MAX_BOXES, one box holds them all (it covers more,
 * never less).
 */
export function mergeBoxes(rects: readonly Rect[]): Rect[] {
  const sized = rects.filter((rect) => rect.width > 0 && rect.height > 0);
  if (sized.length === 0) return [];
  if (sized.length > MAX_BOXES) return [sized.reduce(union)];
  const joined = joinLines(joinLines(sized, true), false);
  const kept = joined.filter(
    (rect, index) => !joined.some((other, otherIndex) => otherIndex !== index && contains(other, rect) && (!contains(rect, other) || otherIndex < index)),
  );
  return kept.sort((a, b) => a.y - b.y || a.x - b.x);
}
