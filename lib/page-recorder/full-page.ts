import { nextPaint } from '../overlay/next-paint';
import type { PageMetrics } from '../recorder/full-page-plan';
import { isOwnUiNode } from './context';
import { beginOwnScroll, endOwnScroll } from './own-scroll';

/**
 * The page's part of a full-page capture (top frame of a recorded tab): measure the page, scroll it where the
 * background asks, one viewport at a time, and put everything back. Elements that stay in view while the page
 * scrolls would be in every frame, so for the capture:
 * - `position: sticky` elements are laid out where they sit in the page (`relative`, no offset): a sticky
 *   header shows once at the top, a sticky table head once above its table, exactly where a page tall enough
 *   to need no scrolling would show them;
 * - `position: fixed` elements (a fixed header, a chat button, a cookie bar) show in the first frame only.
 * The changes are rules in a constructed stylesheet adopted by the document (allowed under a strict CSP, and
 * no DOM mutation the page or the click recorder would see); elements inside shadow roots get inline styles,
 * put back as they were. The page's scroll position is restored, and the scroll recorder records none of it.
 */
export interface FullPagePage {
  prepare(): PageMetrics;
  scrollTo(y: number, hideFixed: boolean): Promise<{ scrollY: number }>;
  restore(): Promise<void>;
  /** True between prepare and restore. */
  readonly active: boolean;
}

/** If the background goes quiet this long mid-capture (a stopped service worker), the page puts itself back. */
export const FULL_PAGE_SAFETY_MS = 8_000;
/** After a scroll, images coming into view get this long to finish loading (lazy images start on scroll). */
const IMAGE_WAIT_MS = 600;

const UNSTICK = 'position: relative !important; inset: auto !important;';
const HIDE = 'visibility: hidden !important; opacity: 0 !important;';

/** Elements that stay in view while the page scrolls, in the document and its open shadow roots; Parcours' UI left out. */
export function viewportBoundElements(doc: Document): { fixed: Element[]; sticky: Element[] } {
  const win = doc.defaultView;
  const fixed: Element[] = [];
  const sticky: Element[] = [];
  if (!win || !doc.documentElement) return { fixed, sticky };
  const stack: Element[] = [doc.documentElement];
  while (stack.length > 0) {
    const element = stack.pop() as Element;
    if (isOwnUiNode(element)) continue;
    const style = win.getComputedStyle(element);
    // Nothing inside a display:none element is drawn.
    if (style.display === 'none') continue;
    if (style.position === 'fixed') {
      // Hiding it hides what is inside it.
      fixed.push(element);
      continue;
    }
    if (style.position === 'sticky' || style.position === '-webkit-sticky') sticky.push(element);
    const children = element.shadowRoot ? [...Array.from(element.shadowRoot.children), ...Array.from(element.children)] : Array.from(element.children);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Element);
  }
  return { fixed, sticky };
}

/** A selector for exactly this element of the document (`:root > :nth-child(2) > …`); null inside a shadow root. */
export function documentPath(element: Element): string | null {
  const doc = element.ownerDocument;
  const parts: string[] = [];
  for (let node: Element = element; node !== doc.documentElement; ) {
    const parent = node.parentElement;
    if (!parent) return null; // in a shadow root, or detached
    parts.push(`:nth-child(${Array.prototype.indexOf.call(parent.children, node) + 1})`);
    node = parent;
  }
  return [':root', ...parts.reverse()].join(' > ');
}

/** Styles applied for a capture and taken back after: a constructed stylesheet, inline styles where it cannot reach. */
class CaptureStyles {
  private sheet: CSSStyleSheet | null = null;
  private readonly rules: string[] = [];
  private readonly inline: { element: HTMLElement; property: string; value: string; priority: string }[] = [];

  constructor(private readonly doc: Document) {}

  apply(elements: readonly Element[], declarations: string): void {
    if (elements.length === 0) return;
    const reachable: string[] = [];
    for (const element of elements) {
      const path = this.sheetUsable() ? documentPath(element) : null;
      if (path) reachable.push(path);
      else this.applyInline(element, declarations);
    }
    if (reachable.length === 0) return;
    this.rules.push(`${reachable.join(',\n')} { ${declarations} }`);
    try {
      this.ensureSheet().replaceSync(this.rules.join('\n'));
    } catch {
      // A stylesheet this document refuses: fall back to inline styles for these elements.
      this.rules.pop();
      for (const element of elements) if (documentPath(element)) this.applyInline(element, declarations);
    }
  }

  undo(): void {
    if (this.sheet) {
      const sheet = this.sheet;
      try {
        this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
      } catch {
        // The document is gone.
      }
      this.sheet = null;
    }
    this.rules.length = 0;
    for (const { element, property, value, priority } of this.inline.splice(0).reverse()) {
      if (value) element.style.setProperty(property, value, priority);
      else element.style.removeProperty(property);
    }
  }

  private usable: boolean | null = null;

  private sheetUsable(): boolean {
    if (this.usable == null) {
      try {
        this.ensureSheet();
        this.usable = true;
      } catch {
        this.usable = false;
      }
    }
    return this.usable;
  }

  private ensureSheet(): CSSStyleSheet {
    if (this.sheet) return this.sheet;
    const win = this.doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
    if (!win || !('adoptedStyleSheets' in this.doc)) throw new Error('No constructed stylesheets here');
    // Made by the page's own window, as the overlay's sheet is: a content script's sheet may not be adoptable.
    const sheet = new win.CSSStyleSheet();
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, sheet];
    this.sheet = sheet;
    return sheet;
  }

  private applyInline(element: Element, declarations: string): void {
    const style = (element as HTMLElement).style;
    if (!style) return;
    for (const declaration of declarations.split(';')) {
      const [property, raw] = declaration.split(':').map((part) => part.trim());
      if (!property || !raw) continue;
      this.inline.push({ element: element as HTMLElement, property, value: style.getPropertyValue(property), priority: style.getPropertyPriority(property) });
      style.setProperty(property, raw.replace(/\s*!important$/, ''), 'important');
    }
  }
}

/** Lets the images in view finish loading (or fail), for at most `ms`. */
function imagesInView(win: Window, ms: number): Promise<void> {
  const pending = Array.from(win.document.images).filter((image) => {
    if (image.complete) return false;
    const rect = image.getBoundingClientRect();
    return rect.bottom > 0 && rect.top < win.innerHeight && rect.width > 0;
  });
  if (pending.length === 0) return Promise.resolve();
  const settled = pending.map(
    (image) =>
      new Promise<void>((resolve) => {
        image.addEventListener('load', () => resolve(), { once: true });
        image.addEventListener('error', () => resolve(), { once: true });
      }),
  );
  return Promise.race([Promise.all(settled).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, ms))]);
}

interface Capture {
  scrollX: number;
  scrollY: number;
  fixed: Element[];
  styles: CaptureStyles;
  fixedHidden: boolean;
  safety: ReturnType<typeof setTimeout> | undefined;
}

/** The page side of full-page captures for one window (the top frame). */
export function fullPagePage(win: Window, options: { safetyMs?: number; imageWaitMs?: number } = {}): FullPagePage {
  const safetyMs = options.safetyMs ?? FULL_PAGE_SAFETY_MS;
  const imageWaitMs = options.imageWaitMs ?? IMAGE_WAIT_MS;
  let capture: Capture | null = null;

  const armSafety = (current: Capture) => {
    clearTimeout(current.safety);
    current.safety = setTimeout(() => void restore(), safetyMs);
  };

  const measure = (): PageMetrics => {
    const doc = win.document;
    const root = doc.scrollingElement ?? doc.documentElement;
    return {
      scrollHeight: Math.max(root?.scrollHeight ?? 0, doc.documentElement?.scrollHeight ?? 0, doc.body?.scrollHeight ?? 0),
      viewportWidth: win.innerWidth,
      viewportHeight: win.innerHeight,
      devicePixelRatio: win.devicePixelRatio || 1,
    };
  };

  /** The capture under way; set up on first use. Asked again (the worker restarted and the page re-sent its
   * request), the page is already set up and the scroll position to come back to is still the first one. */
  const ensure = (): Capture => {
    if (!capture) {
      const styles = new CaptureStyles(win.document);
      const { fixed, sticky } = viewportBoundElements(win.document);
      styles.apply(sticky, UNSTICK);
      beginOwnScroll(win);
      capture = { scrollX: win.scrollX, scrollY: win.scrollY, fixed, styles, fixedHidden: false, safety: undefined };
    }
    armSafety(capture);
    return capture;
  };

  const prepare = (): PageMetrics => {
    ensure();
    return measure();
  };

  const scrollTo = async (y: number, hideFixed: boolean): Promise<{ scrollY: number }> => {
    const current = ensure();
    if (hideFixed && !current.fixedHidden) {
      current.styles.apply(current.fixed, HIDE);
      current.fixedHidden = true;
    }
    win.scrollTo({ top: y, left: 0, behavior: 'instant' });
    await nextPaint(win);
    await imagesInView(win, imageWaitMs);
    armSafety(current);
    return { scrollY: win.scrollY };
  };

  async function restore(): Promise<void> {
    const current = capture;
    if (!current) return;
    capture = null;
    clearTimeout(current.safety);
    current.styles.undo();
    win.scrollTo({ top: current.scrollY, left: current.scrollX, behavior: 'instant' });
    // The scroll event of this last move is dispatched before the next frame: still ours.
    await nextPaint(win);
    endOwnScroll(win);
  }

  return {
    prepare,
    scrollTo,
    restore,
    get active() {
      return capture != null;
    },
  };
}
