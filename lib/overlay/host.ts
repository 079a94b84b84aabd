import { OWN_UI_ATTRIBUTE } from '../page-recorder/context';

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

/** The longest the overlay stays hidden for a capture, whatever happens to the worker meanwhile. */
const SAFETY_SHOW_MS = 1500;

export interface OverlayHost {
  host: HTMLElement;
  root: ShadowRoot;
  mount: HTMLElement;
  /** Makes the overlay transparent and resolves once the page has been painted without it. */
  hideForCapture(): Promise<boolean>;
  showAfterCapture(): void;
  remove(): void;
}

function nextPaint(win: Window): Promise<void> {
  // Two animation frames: the style change is applied, then painted. A hidden tab has no frames: cap it.
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 80);
    win.requestAnimationFrame(() =>
      win.requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}

/**
 * The overlay's home in the page: a custom element with its own shadow root, styles adopted as a
 * constructed stylesheet (allowed under a strict CSP, unlike a `<style>` element), marked as Parcours' UI
 * so the recorder ignores it, and stopping the bubbling of its events at its edge.
 */
export function createOverlayHost(doc: Document, css: string): OverlayHost {
  const host = doc.createElement('parcours-overlay');
  host.setAttribute(OWN_UI_ATTRIBUTE, '');
  // Inline on the host so the page's styles cannot move, hide or restyle it.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  host.style.setProperty('inset', 'auto', 'important');
  const root = host.attachShadow({ mode: 'open' });
  const win = doc.defaultView as Window;
  try {
    const sheet = new (win as Window & { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  const mount = doc.createElement('div');
  root.append(mount);
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, (event) => event.stopPropagation());
  doc.documentElement.append(host);
  let hiddenForCapture = 0;
  let safety: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    hiddenForCapture = 0;
    host.style.removeProperty('opacity');
  };
  return {
    host,
    root,
    mount,
    async hideForCapture() {
      if (!host.isConnected || host.style.display === 'none') return false;
      hiddenForCapture++;
      // Transparent, not hidden: the capture shows the page, while the toolbar stays where the pointer meets
      // it. A click on the toolbar during a capture (a person's or a script's) reaches the toolbar, never the
      // page beneath it, which would take it as a click of its own.
      host.style.setProperty('opacity', '0', 'important');
      // If the worker is stopped between capture and "show", the overlay must not stay hidden.
      clearTimeout(safety);
      safety = setTimeout(show, SAFETY_SHOW_MS);
      await nextPaint(win);
      return true;
    },
    showAfterCapture() {
      hiddenForCapture = Math.max(0, hiddenForCapture - 1);
      if (hiddenForCapture === 0) {
        clearTimeout(safety);
        show();
      }
    },
    remove() {
      host.remove();
    },
  };
}
