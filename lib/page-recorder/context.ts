import type { EventPayloads, PageEventKind, Point } from '../capture/events';
import type { Masker } from '../privacy/masker';

/** An event as a recorder part produces it; the recorder adds id, time and frame URL. */
export type PartEvent = { [K in PageEventKind]: { kind: K; id?: string; epochMs?: number } & EventPayloads[K] }[PageEventKind];

/** What each recorder part gets: the page, and a way to report what happened. */
export interface RecorderContext {
  window: Window;
  isTop: boolean;
  /** True while the tab is being recorded (not paused, not stopped). */
  isRecording(): boolean;
  emit(event: PartEvent): void;
  /** Asks for the screenshot of an event; retried until the background has stored it or said why not. */
  requestScreenshot(eventId: string, point: Point | null, epochMs: number, priority: 'click' | 'navigation'): void;
  /** Whether the tester pressed, clicked or typed a key in this frame just now (see gesture.ts). */
  testerActed(): boolean;
  /** Notes that the page looks different from now on (a scroll): a screenshot from before it shows another moment. */
  pageChanged(): void;
  newId(): string;
  /**
   * The walk's masking as this frame knows it: its mode and its echoes (balanced and none until the background
   * has answered; what is sent before is masked again once it has).
   */
  masker(): Masker;
  /**
   * Values the tester typed in the page, while the tab is in a walk (paused too): kept in memory only, and
   * handed to the background as salted hashes (lib/privacy/echoes.ts), so the site showing them back is masked.
   */
  typed(values: readonly string[]): void;
}

/** A recorder part starts listening and returns the function that stops it. */
export type RecorderPart = (context: RecorderContext) => () => void;

/** The attribute that marks Parcours' own UI in a page; events from it are never recorded. */
export const OWN_UI_ATTRIBUTE = 'data-parcours-ui';

export function fromOwnUi(event: Event): boolean {
  return event.composedPath().some((node) => (node as Element).getAttribute?.(OWN_UI_ATTRIBUTE) != null);
}

/** Whether a node is Parcours' own UI or inside it (as seen from the page: the overlay's host element). */
export function isOwnUiNode(node: Node): boolean {
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  return element?.closest(`[${OWN_UI_ATTRIBUTE}]`) != null;
}

/** Wraps an observer, timer or listener callback: a recorder bug is logged (it costs one event), never thrown into the page. */
export function safely<A extends unknown[]>(callback: (...args: A) => void, what = 'callback'): (...args: A) => void {
  return (...args: A) => {
    try {
      callback(...args);
    } catch (error) {
      console.debug(`[parcours] recorder ${what} failed`, error);
    }
  };
}

/** A listener wrapped by `safely`: nothing the recorder does can break the page's behaviour. */
export function guarded<E extends Event>(listener: (event: E) => void): (event: E) => void {
  return safely(listener, 'listener');
}

/**
 * Only the browser's own events count: one a page's script dispatches (`dispatchEvent`, `element.click()`) is
 * `isTrusted: false`, and never makes a step, a screenshot, a shortcut or an overlay action. Some events the
 * browser fires on a script's call are trusted all the same (`requestSubmit()`, `focus()`, `checkValidity()`,
 * `scrollTo()`): see `recentGesture` for submits, and docs/architecture.md for the rest.
 */
export function trustedOnly<E extends Event>(listener: (event: E) => void): (event: E) => void {
  return (event: E) => {
    if (event.isTrusted) listener(event);
  };
}

/**
 * Adds listeners in the capture phase on the window (before any page listener can stop propagation). Events
 * a script dispatched are ignored (`trustedOnly`).
 */
export function listen(target: EventTarget, types: string[], listener: (event: Event) => void, options: AddEventListenerOptions = {}): () => void {
  const wrapped = guarded(trustedOnly(listener));
  const opts = { capture: true, passive: true, ...options };
  for (const type of types) target.addEventListener(type, wrapped, opts);
  return () => {
    for (const type of types) target.removeEventListener(type, wrapped, opts);
  };
}
