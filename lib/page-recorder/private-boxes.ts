/**
 * Pixels, the page's part: before a screenshot of its tab is stored, every frame says where in its viewport
 * something must not be readable, in the walk's masking mode (lib/privacy/masking-mode.ts):
 * - strict: every form field, filled or not, and every text that looks like personal data;
 * - balanced: every field holding a value (typed or prefilled), and every text that looks like personal data;
 * - relaxed: password and payment fields (and fields the masking rules call sensitive);
 * - every mode: `[data-parcours-mask]` elements and the tester's "always blur" elements of the site.
 * Runs at each press and each screenshot. Fields, marked elements and iframes are found by the browser's
 * selector engine; a page's texts are tested block by block (lib/page-recorder/private-texts.ts), and what
 * they say to hide is kept until the page changes. Only what is to be hidden is measured. Open shadow roots
 * (and closed ones, where the browser lets an extension see them) are looked into. Nothing read here leaves
 * the page but boxes.
 */
import type { Rect } from '../capture/events';
import { isSensitiveField } from '../capture/masking';
import type { MaskingMode } from '../privacy/masking-mode';
import { type FrameSlot, mergeBoxes, type PrivateBoxes } from '../privacy/private-boxes';
import { isPrivateText } from '../privacy/private-text';
import { OWN_UI_ATTRIBUTE } from './context';
import { type NearViewport, STEADY_SCROLL_VIEWPORTS, trackNearViewport } from './near-viewport';
import { createPrivateTextCache, type PrivateTextCache, type ReachTest, type Root } from './private-texts';
import { createShadowRootIndex, type ShadowRootIndex, safeClosed } from './shadow-root-index';

/** The attribute a site (or a tester's test page) puts on what must never show in a screenshot. */
export const MASK_ATTRIBUTE = 'data-parcours-mask';
/** An "always blur" selector reaching into shadow roots: the host's selector, this, the selector inside. */
export const SHADOW_STEP = ' >>> ';

const FIELDS = 'input, textarea, select, [contenteditable], [role="textbox"], [role="combobox"], [role="searchbox"]';
/** The attributes the selectors above name: a change of one is a change of what they find. */
const SELECTOR_ATTRIBUTES = ['contenteditable', 'role', MASK_ATTRIBUTE];

/** What a frame keeps from one call of `findPrivateBoxes` to the next: see PrivateBoxesOptions.cache. */
export interface PrivateBoxesCache {
  texts: PrivateTextCache;
  roots: ShadowRootIndex;
  /** The changed blocks found off screen, as the browser measures them (made at the first look). */
  near: NearViewport | null;
  /** Stops watching the page; the next call starts afresh. */
  stop(): void;
}

export function createPrivateBoxesCache(): PrivateBoxesCache {
  const texts = createPrivateTextCache(SELECTOR_ATTRIBUTES);
  const roots = createShadowRootIndex();
  const cache: PrivateBoxesCache = {
    texts,
    roots,
    near: null,
    stop() {
      texts.stop();
      roots.stop();
      cache.near?.stop();
      cache.near = null;
    },
  };
  return cache;
}
const NOT_FIELDS = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
/** Input types whose value is always set by the page, never typed (balanced mode leaves them). */
const ALWAYS_VALUED = new Set(['range', 'color', 'checkbox', 'radio']);
/**
 * Past this, the page is given up on: its whole viewport is hidden (it never takes this long but on a huge page,
 * or on a machine so loaded that a few ms of work take hundreds).
 */
export const PRIVATE_BOXES_BUDGET_MS = 400;

export interface PrivateBoxesOptions {
  mode: MaskingMode;
  /** The tester's "always blur" selectors for this frame's site. */
  alwaysBlur: readonly string[];
  /** Whether a page text holds personal data (lib/privacy/private-text.ts without echoes, unless a test says otherwise). */
  isPrivateText?: (text: string, mode: MaskingMode) => boolean;
  /** Whether a page text shows what the tester typed back (the walk's echoes). */
  echo?: (text: string) => boolean;
  /** Changes whenever `echo`'s answers may (another walk's echoes, a value typed): `echoesKey`. */
  echoKey?: string;
  /**
   * Kept from one call to the next (`createPrivateBoxesCache`): the shadow roots (lib/page-recorder/shadow-root-index.ts),
   * verdicts, what each root's texts say to hide and the fields, marked elements and iframes each root holds are
   * reused while the page (and the key) stay the same. Without it, every call starts afresh.
   */
  cache?: PrivateBoxesCache;
  /** A closed shadow root, where the browser lets an extension see it (`chrome.dom.openOrClosedShadowRoot`). */
  closedShadowRoot?: (element: Element) => ShadowRoot | null;
  /**
   * Where the page was scrolled while the image may have been painted (a held stream frame can show the page a
   * little before the press, as it was before a scroll that came just before it): each box is hidden at each
   * of those places too (ScrollHistory).
   */
  pastScrolls?: readonly { x: number; y: number }[];
  now?: () => number;
}

const echoIds = new WeakMap<object, number>();
let nextEchoId = 1;

/** A key for what an echo matcher answers: it changes with the matcher (another walk) and with each hash it learns. */
export function echoesKey(echoes: { readonly size: number } | null | undefined): string {
  if (!echoes) return 'none';
  let id = echoIds.get(echoes);
  if (id === undefined) {
    id = nextEchoId++;
    echoIds.set(echoes, id);
  }
  return `${id}:${echoes.size}`;
}

/** Scroll positions are kept this long: the oldest a held frame can be, with room to spare. */
const SCROLL_HISTORY_MS = 1500;
/** Past this many places a box would be, it is hidden over the whole stretch between them instead. */
const MAX_PLACES = 6;

/** Where a window was scrolled lately (document scrolls, from their events; a pending one is seen at the press). */
export interface ScrollHistory {
  /** The positions held at any moment since `epochMs`. */
  since(epochMs: number): { x: number; y: number }[];
  stop(): void;
}

export function trackScrolls(win: Window, now: () => number = Date.now): ScrollHistory {
  const seen: { at: number; x: number; y: number }[] = [{ at: now(), x: win.scrollX, y: win.scrollY }];
  const onScroll = () => {
    const at = now();
    seen.push({ at, x: win.scrollX, y: win.scrollY });
    // The position held at the start of the kept span stays.
    while (seen.length > 2 && (seen[1] as { at: number }).at < at - SCROLL_HISTORY_MS) seen.shift();
  };
  win.addEventListener('scroll', onScroll, { passive: true });
  return {
    since(epochMs) {
      const from = Math.max(
        0,
        seen.findLastIndex((entry) => entry.at <= epochMs),
      );
      return seen.slice(from).map(({ x, y }) => ({ x, y }));
    },
    stop: () => win.removeEventListener('scroll', onScroll),
  };
}

/** How far each box moves to where it was at each past scroll position (never none: the present is 0, 0). */
function placesOf(win: Window, past: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const places = new Map<string, { x: number; y: number }>([['0:0', { x: 0, y: 0 }]]);
  for (const position of past) {
    const shift = { x: Math.round(win.scrollX - position.x), y: Math.round(win.scrollY - position.y) };
    places.set(`${shift.x}:${shift.y}`, shift);
  }
  return [...places.values()];
}

function moved(rect: Rect, shift: { x: number; y: number }): Rect {
  return { x: rect.x + shift.x, y: rect.y + shift.y, width: rect.width, height: rect.height };
}

/** A box over every place `rect` takes between the extreme shifts. */
function swept(rect: Rect, shifts: readonly { x: number; y: number }[]): Rect {
  const xs = shifts.map((shift) => shift.x);
  const ys = shifts.map((shift) => shift.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  return { x: rect.x + minX, y: rect.y + minY, width: rect.width + Math.max(...xs) - minX, height: rect.height + Math.max(...ys) - minY };
}

class OverBudget extends Error {}

/** Finds what must not be readable in this frame's viewport, and where its iframes are. */
export function findPrivateBoxes(win: Window, options: PrivateBoxesOptions): PrivateBoxes {
  if (options.cache) return findWith(win, options, options.cache);
  // A cache of one call: its observers stop with it.
  const cache = createPrivateBoxesCache();
  try {
    return findWith(win, options, cache);
  } finally {
    cache.stop();
  }
}

function findWith(win: Window, options: PrivateBoxesOptions, boxesCache: PrivateBoxesCache): PrivateBoxes {
  const { texts: cache, roots: rootIndex } = boxesCache;
  const now = options.now ?? (() => win.performance.now());
  const started = now();
  const doc = win.document;
  const viewport = { width: win.innerWidth, height: win.innerHeight };
  const view: Rect = { x: 0, y: 0, width: viewport.width, height: viewport.height };
  const textTest = options.isPrivateText ?? isPrivateText;
  const mode = options.mode;
  const shifts = placesOf(win, options.pastScrolls ?? []);
  // Boxes are kept where they meet the viewport now or at one of the past places.
  const reach = swept(
    view,
    shifts.map((shift) => ({ x: -shift.x, y: -shift.y })),
  );
  const found: Rect[] = [];
  const slots: FrameSlot[] = [];
  const add = (rects: Iterable<DOMRect | Rect>) => {
    for (const rect of rects) {
      const kept = meet(rect, reach);
      if (kept) found.push(kept);
    }
  };
  const check = () => {
    if (now() - started > PRIVATE_BOXES_BUDGET_MS) throw new OverBudget();
  };
  try {
    const roots = rootIndex.roots(doc, options.closedShadowRoot);
    check();
    for (const root of roots) {
      // Looked up again when elements come or go, or one of SELECTOR_ATTRIBUTES changes; values are read each time.
      const lists = cache.lists(root, () => ({
        fields: Array.from(root.querySelectorAll(FIELDS)),
        masked: Array.from(root.querySelectorAll(`[${MASK_ATTRIBUTE}]`)),
        frames: Array.from(root.querySelectorAll('iframe, frame')),
      }));
      for (const element of lists.fields) {
        if (isOwnUi(element) || !isField(element)) continue;
        if (fieldIsPrivate(element, mode)) add(fieldRects(element));
      }
      for (const element of lists.masked) if (!isOwnUi(element)) add(contentRects(element));
      for (const frame of lists.frames) if (!isOwnUi(frame)) slots.push(slotOf(frame as HTMLIFrameElement, view));
      check();
    }
    if (doc.designMode === 'on' && mode !== 'relaxed' && doc.body) add([doc.body.getBoundingClientRect()]);
    for (const element of matchAll(doc, options.alwaysBlur, options.closedShadowRoot)) if (!isOwnUi(element)) add(contentRects(element));
    if (mode !== 'relaxed') {
      // Personal data by shape, and echoes, remembered apart: a value typed renews the echoes' verdicts only.
      const personal = cache.memo('personal', mode, (text) => textTest(text, mode));
      const echo = options.echo;
      const echoes = echo ? cache.memo('echoes', options.echoKey ?? '', echo) : null;
      const test = (text: string) => personal(text) || (echoes !== null && text.length >= 3 && echoes(text));
      const key = `${mode}|${echo ? (options.echoKey ?? '') : '-'}`;
      // A changed block whose content is off screen (at every place the image may show) waits, walked once in
      // reach; one the browser measures far from the screen (near-viewport.ts) is set aside until it measures it
      // near, unless the page may have moved further than that measure's margin since (a long scroll in the
      // image's reach, elements added or removed).
      boxesCache.near ??= trackNearViewport(win);
      const near = boxesCache.near;
      const steady = shifts.every(
        (shift) => Math.abs(shift.x) <= viewport.width * STEADY_SCROLL_VIEWPORTS && Math.abs(shift.y) <= viewport.height * STEADY_SCROLL_VIEWPORTS,
      );
      const reachTest: ReachTest = {
        place(block) {
          const element = block.nodeType === 1 ? (block as Element) : null;
          if (element && steady && !near.mayBeNear(element)) return 'far';
          try {
            if (!Array.from(rangeOver(block).getClientRects()).some((rect) => meet(rect, reach) != null)) {
              if (element) near.watch(element);
              return 'wait';
            }
          } catch {
            // Not measurable: walked.
          }
          return 'walk';
        },
        unsteady: (moved) => moved || !steady,
        park(block, wake) {
          if (block.nodeType === 1) near.onNear(block as Element, wake);
          else wake();
        },
        done(blocks) {
          for (const block of blocks) if (block.nodeType === 1) near.forget(block as Element);
        },
      };
      for (const root of roots) {
        const texts = cache.find(root, key, test, check, reachTest);
        for (const node of texts.texts) {
          if (node.isConnected) add(textRects(node));
          check();
        }
        for (const element of texts.elements) {
          if (element.isConnected) add(contentRects(element));
          check();
        }
      }
    }
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error;
    // Given up on: nothing of this frame can be trusted to show.
    return { viewport, boxes: [view], slots: [], tookMs: Math.round((now() - started) * 10) / 10 };
  }
  const boxes: Rect[] = [];
  const show = (rect: Rect) => {
    const shown = meet(rect, view);
    if (shown) boxes.push(shown);
  };
  if (shifts.length > MAX_PLACES) for (const rect of found) show(swept(rect, shifts));
  else for (const rect of found) for (const shift of shifts) show(moved(rect, shift));
  // An iframe is where it was at each place too; past MAX_PLACES, the stretch it swept is hidden whole.
  const placed: FrameSlot[] = [];
  for (const slot of slots) {
    if (shifts.length > MAX_PLACES) {
      placed.push(slot);
      if (shifts.some((shift) => shift.x !== 0 || shift.y !== 0)) show(swept(slot.box, shifts));
    } else for (const shift of shifts) placed.push({ ...slot, box: moved(slot.box, shift) });
  }
  return { viewport, boxes: mergeBoxes(boxes), slots: placed, tookMs: Math.round((now() - started) * 10) / 10 };
}

function meet(rect: DOMRect | Rect, view: Rect): Rect | null {
  const x = Math.max(rect.x, view.x);
  const y = Math.max(rect.y, view.y);
  const right = Math.min(rect.x + rect.width, view.x + view.width);
  const bottom = Math.min(rect.y + rect.height, view.y + view.height);
  if (!(right > x && bottom > y)) return null;
  return { x, y, width: right - x, height: bottom - y };
}

function isOwnUi(element: Element): boolean {
  return element.closest(`[${OWN_UI_ATTRIBUTE}]`) != null;
}

const FIELD_ROLES = new Set(['textbox', 'combobox', 'searchbox']);

function isField(element: Element): boolean {
  const tag = element.localName;
  if (tag === 'input') return !NOT_FIELDS.has(inputType(element as HTMLInputElement));
  if (tag === 'textarea' || tag === 'select') return true;
  const role = element.getAttribute('role')?.trim().split(/\s+/)[0]?.toLowerCase();
  if (role && FIELD_ROLES.has(role)) return true;
  const editable = element.getAttribute('contenteditable');
  if (editable == null || editable.toLowerCase() === 'false') return false;
  // An editing host: an editable region inside another one is part of it.
  const outer = element.parentElement?.closest('[contenteditable]');
  return !outer || outer.getAttribute('contenteditable')?.toLowerCase() === 'false';
}

function inputType(input: HTMLInputElement): string {
  return (input.getAttribute('type') ?? 'text').toLowerCase();
}

function labelOf(element: Element): string | null {
  const labels = (element as HTMLInputElement).labels;
  const text = labels && labels.length > 0 ? Array.from(labels, (label) => label.textContent ?? '').join(' ') : null;
  return text?.trim() || element.getAttribute('aria-label') || element.getAttribute('placeholder');
}

/** A password, a payment field, or a field the masking rules call sensitive (its type, autocomplete, name, id, label). */
function isSecretField(element: Element): boolean {
  const tag = element.localName;
  const type = tag === 'input' ? inputType(element as HTMLInputElement) : tag === 'select' || tag === 'textarea' ? tag : null;
  if (type === 'password') return true;
  const autocomplete = element.getAttribute('autocomplete');
  if (autocomplete && /(^|\s)cc-/i.test(autocomplete)) return true;
  return isSensitiveField({ inputType: type, name: element.getAttribute('name'), id: element.getAttribute('id'), autocomplete, label: labelOf(element) });
}

function holdsValue(element: Element): boolean {
  const tag = element.localName;
  if (tag === 'input') {
    const input = element as HTMLInputElement;
    if (ALWAYS_VALUED.has(inputType(input))) return false;
    return input.value !== '';
  }
  if (tag === 'textarea') return (element as HTMLTextAreaElement).value !== '';
  if (tag === 'select') return Array.from((element as HTMLSelectElement).selectedOptions).some((option) => option.text.trim() !== '');
  // An editable region, a custom text box or combobox: what it shows.
  return (element.textContent ?? '').trim() !== '' || (element.getAttribute('aria-valuetext') ?? '') !== '';
}

function fieldIsPrivate(element: Element, mode: MaskingMode): boolean {
  if (mode === 'strict') return true;
  if (isSecretField(element)) return true;
  if (mode === 'relaxed') return false;
  const tag = element.localName;
  // A checked box or radio says something only where the field itself is sensitive (handled above).
  return holdsValue(element) || (tag === 'input' && inputType(element as HTMLInputElement) === 'file');
}

function fieldRects(element: Element): Rect[] {
  const rects: Rect[] = [element.getBoundingClientRect()];
  // An editable region's text may run past its box.
  if (element.localName !== 'input' && element.localName !== 'select' && element.localName !== 'textarea') rects.push(...contentRects(element));
  return rects;
}

/**
 * One Range per document, moved from node to node: the browser updates every live Range at each change of the
 * page's DOM, so a Range made per measure would cost the page at each of its changes until collected.
 */
const measuringRanges = new WeakMap<Document, Range>();

function rangeOver(node: Node): Range {
  const doc = node.ownerDocument ?? (node as Document);
  let range = measuringRanges.get(doc);
  if (!range) {
    range = doc.createRange();
    measuringRanges.set(doc, range);
  }
  range.selectNodeContents(node);
  return range;
}

/** An element's boxes and those of everything drawn inside it (text running past its box included). */
function contentRects(element: Element): Rect[] {
  const rects: Rect[] = Array.from(element.getClientRects());
  rects.push(...Array.from(rangeOver(element).getClientRects()));
  return rects;
}

function textRects(node: Text): DOMRect[] {
  return Array.from(rangeOver(node).getClientRects());
}

/** The elements an "always blur" selector names, through shadow roots for a chain (`host >>> inner`). */
function matchAll(doc: Document, selectors: readonly string[], closed: PrivateBoxesOptions['closedShadowRoot']): Element[] {
  const found: Element[] = [];
  for (const selector of selectors) {
    const steps = selector.split(SHADOW_STEP).map((step) => step.trim());
    let scopes: Root[] = [doc];
    for (const [index, step] of steps.entries()) {
      let matched: Element[] = [];
      try {
        matched = scopes.flatMap((scope) => Array.from(scope.querySelectorAll(step)));
      } catch {
        matched = [];
      }
      if (index === steps.length - 1) found.push(...matched);
      else
        scopes = matched.flatMap((host) => {
          const shadow = host.shadowRoot ?? (closed ? safeClosed(closed, host) : null);
          return shadow ? [shadow] : [];
        });
    }
  }
  return found;
}

/** An iframe: where its content shows in this frame's viewport, and its own viewport's size. */
function slotOf(frame: HTMLIFrameElement, view: Rect): FrameSlot {
  const rect = frame.getBoundingClientRect();
  const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
  const px = (value: string | undefined) => Number.parseFloat(value ?? '0') || 0;
  const padLeft = px(style?.paddingLeft);
  const padTop = px(style?.paddingTop);
  const viewportWidth = Math.max(0, frame.clientWidth - padLeft - px(style?.paddingRight));
  const viewportHeight = Math.max(0, frame.clientHeight - padTop - px(style?.paddingBottom));
  const sx = frame.offsetWidth > 0 ? rect.width / frame.offsetWidth : 1;
  const sy = frame.offsetHeight > 0 ? rect.height / frame.offsetHeight : 1;
  const box = {
    x: rect.x + (frame.clientLeft + padLeft) * sx,
    y: rect.y + (frame.clientTop + padTop) * sy,
    width: viewportWidth * sx,
    height: viewportHeight * sy,
  };
  // Only an iframe in view is worth the look up its ancestors for a rotation.
  const skewed = meet(box, view) != null && isSkewed(frame);
  return { src: frame.src || frame.getAttribute('src') || 'about:blank', box, viewportWidth, viewportHeight, skewed };
}

/** Whether an element or one of its ancestors (through shadow hosts) is drawn rotated, skewed or in 3D. */
function isSkewed(element: Element): boolean {
  const win = element.ownerDocument.defaultView;
  let current: Element | null = element;
  while (current && win) {
    const style = win.getComputedStyle(current);
    const transform = style.transform;
    if (transform && transform !== 'none') {
      if (transform.startsWith('matrix3d')) return true;
      const values = /matrix\(([^)]*)\)/.exec(transform)?.[1]?.split(',').map(Number);
      if (!values || Math.abs(values[1] ?? 0) > 1e-6 || Math.abs(values[2] ?? 0) > 1e-6) return true;
    }
    const rotate = (style as CSSStyleDeclaration & { rotate?: string }).rotate;
    if (rotate && rotate !== 'none' && !/^0(deg|rad|turn)?$/.test(rotate)) return true;
    const parent: Element | null = current.parentElement;
    current = parent ?? ((current.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
  }
  return false;
}
