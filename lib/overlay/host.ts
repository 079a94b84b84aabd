import type { Rect } from '../capture/events';
import { OWN_UI_ATTRIBUTE } from '../page-recorder/context';
import type { OverlayCover } from '../tab-stream/frames';
import { nextPaint } from './next-paint';

/** Events that must not leave the overlay: the page never sees the tester typing or clicking in it. */
const CONTAINED_EVENTS = [
  'click',
  'dblclick',
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'keydown',
  'keyup',
  'keypress',
  'input',
  'change',
  'submit',
  'wheel',
  'contextmenu',
];

/**
 * On the host while a capture is taken: a rule of the overlay's own stylesheet then paints it transparent.
 * An attribute, not the host's inline style: that style holds `all: initial`, every CSS property written
 * out, so each change of it rewrote them all (hide and show were 15-20 ms of a traced walk). Important in
 * the shadow root's own stylesheet, the rule wins over the host's inline `all: initial !important` and over
 * any important rule of the page (the inner tree wins among important declarations).
 */
export const CAPTURING_ATTRIBUTE = 'data-parcours-capturing';
const CAPTURING_RULE = `:host([${CAPTURING_ATTRIBUTE}]) { opacity: 0 !important; }`;

/** The longest the overlay stays hidden for a capture, whatever happens to the worker meanwhile. */
const SAFETY_SHOW_MS = 1500;

export interface OverlayHost {
  host: HTMLElement;
  root: ShadowRoot;
  mount: HTMLElement;
  /**
   * Makes the overlay transparent and resolves, once the page has been painted without it, with where it was
   * (null: not shown).
   */
  hideForCapture(): Promise<OverlayCover | null>;
  showAfterCapture(): void;
  remove(): void;
}

/** The overlay's shadow reaches this far past its boxes (`box-shadow: 0 6px 24px` in overlay.css). */
const SHADOW_REACH_PX = 32;

/** Everything the overlay draws, shadows included, in CSS pixels of the viewport; null when it draws nothing. */
function drawnBox(root: ShadowRoot): Rect | null {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const element of Array.from(root.querySelectorAll('*'))) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    left = Math.min(left, box.left);
    top = Math.min(top, box.top);
    right = Math.max(right, box.right);
    bottom = Math.max(bottom, box.bottom);
  }
  if (!Number.isFinite(left)) return null;
  return { x: left - SHADOW_REACH_PX, y: top - SHADOW_REACH_PX, width: right - left + 2 * SHADOW_REACH_PX, height: bottom - top + 2 * SHADOW_REACH_PX };
}

/**
 * The overlay's drawn box, read once after it changes rather than at each capture: a read at the capture
 * came at the press, while the page had pending changes, and forced their layout there (and so on the click
 * path). Any change inside the shadow root (a move, a collapse, a feedback text) or of the viewport marks it
 * stale; it is read again after the next frame has been rendered, when the layout is already clean. A
 * capture while it is stale reads it on the spot, as before.
 */
function watchDrawnBox(win: Window, root: ShadowRoot): { current(): Rect | null; stop(): void } {
  let known: { rect: Rect | null } | null = null;
  let scheduled = false;
  const read = () => {
    scheduled = false;
    if (!known) known = { rect: drawnBox(root) };
  };
  const stale = () => {
    known = null;
    if (scheduled) return;
    scheduled = true;
    // After the frame: the callback of a timer set in an animation frame runs once that frame is rendered.
    win.requestAnimationFrame(() => win.setTimeout(read, 0));
  };
  const Observer = (win as Window & { MutationObserver: typeof MutationObserver }).MutationObserver;
  const observer = new Observer(stale);
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  win.addEventListener('resize', stale);
  return {
    current() {
      if (!known) known = { rect: drawnBox(root) };
      return known.rect;
    },
    stop() {
      observer.disconnect();
      win.removeEventListener('resize', stale);
    },
  };
}

/**
 * The overlay's home in the page: a custom element with its own closed shadow root (the page reads null for
 * `host.shadowRoot`: not the walk's title, not where tags go), styles adopted as a constructed stylesheet
 * (allowed under a strict CSP, unlike a `<style>` element), marked as Parcours' UI so the recorder ignores
 * it, and stopping the bubbling of its events at its edge. The page's capture listeners still see the events
 * of the toolbar's buttons, retargeted to the host (no text: what the tester types is in the note frame).
 * The content script runs in its own world: a page that wraps `attachShadow` does not see this call.
 */
export function createOverlayHost(doc: Document, css: string): OverlayHost {
  const host = doc.createElement('parcours-overlay');
  host.setAttribute(OWN_UI_ATTRIBUTE, '');
  // Inline on the host so the page's styles cannot move, hide or restyle it.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  host.style.setProperty('inset', 'auto', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const win = doc.defaultView as Window;
  try {
    const sheet = new (win as Window & { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
    sheet.replaceSync(`${css}\n${CAPTURING_RULE}`);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = `${css}\n${CAPTURING_RULE}`;
    root.append(style);
  }
  const mount = doc.createElement('div');
  root.append(mount);
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, (event) => event.stopPropagation());
  doc.documentElement.append(host);
  const drawn = watchDrawnBox(win, root);
  let hiddenForCapture = 0;
  let safety: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    hiddenForCapture = 0;
    host.removeAttribute(CAPTURING_ATTRIBUTE);
  };
  return {
    host,
    root,
    mount,
    async hideForCapture() {
      if (!host.isConnected || host.style.display === 'none') return null;
      // Its box as drawn: a frame of the tab's stream taken before the hide shows it there.
      const rect = drawn.current();
      if (!rect) return null;
      hiddenForCapture++;
      // Transparent, not hidden: the capture shows the page, while the toolbar stays where the pointer meets
      // it. A click on the toolbar during a capture (a person's or a script's) reaches the toolbar, never the
      // page beneath it, which would take it as a click of its own.
      host.setAttribute(CAPTURING_ATTRIBUTE, '');
      // If the worker is stopped between capture and "show", the overlay must not stay hidden.
      clearTimeout(safety);
      safety = setTimeout(show, SAFETY_SHOW_MS);
      const hiddenAtEpochMs = await nextPaint(win);
      return { rect, viewportWidth: win.innerWidth, hiddenAtEpochMs };
    },
    showAfterCapture() {
      hiddenForCapture = Math.max(0, hiddenForCapture - 1);
      if (hiddenForCapture === 0) {
        clearTimeout(safety);
        show();
      }
    },
    remove() {
      drawn.stop();
      host.remove();
    },
  };
}
