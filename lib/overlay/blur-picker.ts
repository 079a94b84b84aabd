import { shadowChain, uniqueCss } from '../capture/selectors';
import { OWN_UI_ATTRIBUTE } from '../page-recorder/context';
import { SHADOW_STEP } from '../page-recorder/private-boxes';

/**
 * "Always blur this", the page's part (top frame): the tester points at an element, it is outlined, and a
 * trusted click chooses it; Escape cancels. While picking, a transparent sheet of Parcours' own covers the
 * page, so neither the page nor its iframes get the pointer; and listeners registered before the page's own
 * (installed at document_start, before the recorder's) stop the sheet's events in the capture phase, so the
 * choosing click is neither recorded as a step nor seen by any listener of the page.
 */
export interface BlurPicker {
  readonly active: boolean;
  start(): void;
  cancel(): void;
  /** Removes the listeners (the content script ends). */
  uninstall(): void;
}

export interface BlurPickerDeps {
  onPick(selector: string, element: Element): void;
  onCancel(): void;
}

/** Every event a press or a click makes: none may reach the page while picking. */
const STOPPED = [
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'touchstart',
  'touchend',
  'pointermove',
  'mousemove',
  'pointerover',
  'pointerout',
  'mouseover',
  'mouseout',
  'wheel',
];

const SHEET_Z = '2147483646';

/** The selector of an element, through the shadow roots that hold it (`host >>> inner`). */
export function blurSelectorOf(element: Element): string {
  return shadowChain(element)
    .map(({ element: step, root }) => uniqueCss(step, root))
    .join(SHADOW_STEP);
}

/** The page's element under a point, inside open shadow roots, Parcours' own UI left out. */
export function elementAt(doc: Document, x: number, y: number): Element | null {
  let scope: Document | ShadowRoot = doc;
  let found: Element | null = null;
  for (let depth = 0; depth < 32; depth++) {
    const next: Element | undefined = scope.elementsFromPoint(x, y).find((element) => element.closest(`[${OWN_UI_ATTRIBUTE}]`) == null && element !== found);
    if (!next) break;
    found = next;
    if (!next.shadowRoot) break;
    scope = next.shadowRoot;
  }
  return found;
}

function styled(element: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
}

export function installBlurPicker(win: Window, deps: BlurPickerDeps): BlurPicker {
  const doc = win.document;
  let sheet: HTMLElement | null = null;
  let outline: HTMLElement | null = null;
  let hovered: Element | null = null;

  const end = () => {
    sheet?.remove();
    outline?.remove();
    sheet = null;
    outline = null;
    hovered = null;
  };

  const show = (element: Element | null) => {
    hovered = element;
    if (!outline) return;
    if (!element) {
      outline.style.setProperty('display', 'none', 'important');
      return;
    }
    const box = element.getBoundingClientRect();
    styled(outline, { display: 'block', left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
  };

  const onEvent = (event: Event) => {
    if (!sheet) return;
    if (event.type === 'keydown') {
      if ((event as KeyboardEvent).key !== 'Escape' || !event.isTrusted) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      end();
      deps.onCancel();
      return;
    }
    // Only what lands on the sheet: the overlay's own buttons keep working.
    if (event.target !== sheet) return;
    event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
    if (!event.isTrusted) return;
    const point = event as MouseEvent;
    if (event.type === 'pointermove' || event.type === 'mousemove') show(elementAt(doc, point.clientX, point.clientY));
    else if (event.type === 'click' && point.button === 0) {
      const element = elementAt(doc, point.clientX, point.clientY) ?? hovered;
      end();
      if (element) deps.onPick(blurSelectorOf(element), element);
      else deps.onCancel();
    }
  };
  const options = { capture: true, passive: false };
  for (const type of [...STOPPED, 'keydown']) win.addEventListener(type, onEvent, options);

  return {
    get active() {
      return sheet != null;
    },
    start() {
      if (sheet || !doc.documentElement) return;
      sheet = doc.createElement('parcours-blur-picker');
      sheet.setAttribute(OWN_UI_ATTRIBUTE, '');
      styled(sheet, { all: 'initial', position: 'fixed', inset: '0', 'z-index': SHEET_Z, cursor: 'crosshair', background: 'transparent', display: 'block' });
      outline = doc.createElement('parcours-blur-outline');
      outline.setAttribute(OWN_UI_ATTRIBUTE, '');
      styled(outline, {
        all: 'initial',
        position: 'fixed',
        display: 'none',
        'z-index': SHEET_Z,
        'pointer-events': 'none',
        'box-sizing': 'border-box',
        border: '2px dashed #1a73e8',
        background: 'rgba(26, 115, 232, 0.12)',
      });
      doc.documentElement.append(outline, sheet);
    },
    cancel() {
      if (!sheet) return;
      end();
      deps.onCancel();
    },
    uninstall() {
      end();
      for (const type of [...STOPPED, 'keydown']) win.removeEventListener(type, onEvent, options);
    },
  };
}
