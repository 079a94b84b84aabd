/**
 * The page recorder on the jsdom page, with fake deps that collect everything it hands over: shared by the
 * page-recorder tests. Tests use fake timers; `stopRecorders` stops what a test started.
 */
import { vi } from 'vitest';
import type { PageEventDraft, Point } from '@/lib/capture/events';
import type { RecorderState } from '@/lib/messaging/protocol';
import type { SendOutcome } from '@/lib/page-recorder/outbox';
import { type PageRecorder, type PageRecorderDeps, startPageRecorder } from '@/lib/page-recorder/recorder';
import type { PrivateBoxes } from '@/lib/privacy/private-boxes';

export type HelloAnswer = Awaited<ReturnType<PageRecorderDeps['hello']>>;

export const RECORDING: HelloAnswer = { recording: true, sessionId: 's1', status: 'recording', masking: 'balanced', sender: { tabId: 1, frameId: 0 } };
export const NOT_RECORDING: HelloAnswer = { recording: false, sessionId: null, status: null, masking: null, sender: { tabId: 1, frameId: 0 } };
export const RESUMED: RecorderState = { recording: true, sessionId: 's1', status: 'recording', masking: 'balanced' };

interface ScreenshotCall {
  eventId: string;
  point: Point | null;
  epochMs: number;
  priority: 'click' | 'navigation';
  changedAtEpochMs: number | null;
  boxes: PrivateBoxes | null;
}

/** Recorders started by a test, stopped after it (see `stopRecorders`). */
const running: PageRecorder[] = [];

/** Starts a recorder on the jsdom page with fake deps that collect everything the recorder hands over. */
export function start(
  options: {
    hello?: () => Promise<HelloAnswer>;
    sendEvents?: PageRecorderDeps['sendEvents'];
    persist?: PageRecorderDeps['persist'];
    newId?: () => string;
    documentId?: string;
    privateBoxesNow?: PageRecorderDeps['privateBoxesNow'];
    /** Instead of answering each screenshot request at once (it is still collected in `screenshots`). */
    requestScreenshot?: () => Promise<void>;
  } = {},
) {
  const sent: PageEventDraft[] = [];
  /** Hashes of typed values handed to the background (lib/privacy/echoes.ts), in order. */
  const echoes: string[][] = [];
  const screenshots: ScreenshotCall[] = [];
  const persisted: { event: PageEventDraft; owner: { sessionId: string; tabId: number; frameId: number } }[] = [];
  let counter = 0;
  const deps: PageRecorderDeps = {
    window,
    isTop: true,
    hello: vi.fn(options.hello ?? (() => Promise.resolve(RECORDING))),
    sendEvents: vi.fn(
      options.sendEvents ??
        (async (events: readonly PageEventDraft[]): Promise<SendOutcome> => {
          sent.push(...events);
          return { acknowledged: events.map((event) => event.id) };
        }),
    ),
    persist: vi.fn(options.persist ?? ((events, owner) => void persisted.push(...events.map((event) => ({ event, owner }))))),
    requestScreenshot: vi.fn(
      async (
        eventId: string,
        point: Point | null,
        epochMs: number,
        priority: 'click' | 'navigation',
        changedAtEpochMs: number | null,
        boxes: PrivateBoxes | null,
      ) => {
        screenshots.push({ eventId, point, epochMs, priority, changedAtEpochMs, boxes });
        if (options.requestScreenshot) await options.requestScreenshot();
      },
    ),
    persistShots: vi.fn(),
    reportLostShots: vi.fn(),
    keepOrphan: vi.fn(),
    privateBoxesNow: options.privateBoxesNow,
    isDead: () => false,
    newId: options.newId ?? (() => `e${++counter}`),
    documentId: options.documentId,
    sendEchoes: vi.fn(async (hashes: string[]) => {
      echoes.push(hashes);
    }),
  };
  const recorder = startPageRecorder(deps);
  running.push(recorder);
  const ofKind = <K extends PageEventDraft['kind']>(kind: K) => sent.filter((draft): draft is Extract<PageEventDraft, { kind: K }> => draft.kind === kind);
  const clickShots = () => screenshots.filter((call) => call.priority === 'click');
  return { deps, recorder, sent, screenshots, persisted, echoes, ofKind, clickShots };
}

/** Lets the hello answer (and anything else already due) arrive. */
export async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** A primary mouse press. jsdom has no PointerEvent, so a MouseEvent carries the pointer fields. */
export function press(target: Element, init: MouseEventInit & { isPrimary?: boolean; pointerType?: string } = {}): MouseEvent {
  const { isPrimary = true, pointerType = 'mouse', ...mouse } = init;
  const event = new MouseEvent('pointerdown', { bubbles: true, composed: true, cancelable: true, button: 0, clientX: 40, clientY: 25, ...mouse });
  Object.defineProperty(event, 'isPrimary', { value: isPrimary });
  Object.defineProperty(event, 'pointerType', { value: pointerType });
  return dispatchTrusted(target, event);
}

/** A click, trusted as the browser's own. */
export function click(target: Element, init: MouseEventInit = {}): MouseEvent {
  return dispatchTrusted(
    target,
    new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, detail: 1, clientX: 41, clientY: 26, ...init }),
  );
}

/** A field's change, trusted as the browser's own. */
export function change(target: Element): void {
  // Like the browser's: bubbles, but is not composed.
  dispatchTrusted(target, new Event('change', { bubbles: true }));
}

/**
 * What a page's own script can do: the same events, dispatched (`isTrusted` false). `submit` too: a trusted
 * one without the tester's gesture is tested with `dispatchTrusted`.
 */
export function forged(target: EventTarget, event: Event): Event {
  target.dispatchEvent(event);
  return event;
}

export function openShadow(id: string, html: string, attributes: Record<string, string> = {}): { host: HTMLElement; shadow: ShadowRoot } {
  const host = document.createElement('div');
  host.id = id;
  for (const [name, value] of Object.entries(attributes)) host.setAttribute(name, value);
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = html;
  return { host, shadow };
}

export function stopRecorders(): void {
  for (const recorder of running.splice(0)) recorder.stop();
}

/**
 * Dispatches an event as the browser's own (`isTrusted` true). jsdom, like a browser, marks every event a
 * script dispatches untrusted, and the recorder counts only the tester's own key presses and typing; jsdom's
 * internal dispatch (its implementation objects, under the `impl` symbol) is what it uses for the events it
 * fires itself (focus, `invalid`).
 */
export function dispatchTrusted<E extends Event>(target: EventTarget, event: E): E {
  const impl = (wrapper: object) => {
    const symbol = Object.getOwnPropertySymbols(wrapper).find((candidate) => candidate.description === 'impl');
    if (!symbol) throw new Error('Not a jsdom object: cannot dispatch a trusted event');
    return (wrapper as Record<symbol, { isTrusted?: boolean; _dispatch(event: unknown): boolean }>)[symbol] as {
      isTrusted?: boolean;
      _dispatch(event: unknown): boolean;
    };
  };
  const eventImpl = impl(event);
  eventImpl.isTrusted = true;
  impl(target)._dispatch(eventImpl);
  return event;
}

/** The tester pressing a key (trusted unless told otherwise): keydown is composed, like the browser's. */
export function keydown(target: Element, key: string, init: KeyboardEventInit & { trusted?: boolean } = {}): KeyboardEvent {
  const { trusted = true, ...rest } = init;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...rest });
  if (trusted) return dispatchTrusted(target, event);
  target.dispatchEvent(event);
  return event;
}

/** The tester typing into a field: the browser's `input` event (trusted unless told otherwise, composed). */
export function typed(target: Element, trusted = true): void {
  const event = new Event('input', { bubbles: true, composed: true });
  if (trusted) dispatchTrusted(target, event);
  else target.dispatchEvent(event);
}

/**
 * The tester sending a form: a key press of theirs (Chromium counts a submit only right after the tester's
 * gesture, see gesture.ts), then the browser's trusted `submit`.
 */
export function submitted(form: HTMLFormElement, submitter: HTMLElement | null = null): void {
  keydown(submitter ?? form, 'Enter');
  dispatchTrusted(form, new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter }));
}

/** Nests open shadow roots: the host of each is an element of the one before. Returns the roots, outermost first. */
export function nestedShadows(ids: string[], innerHtml: string): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  let parent: ParentNode = document.body;
  for (const [index, id] of ids.entries()) {
    const host = document.createElement(`x-level-${index}`);
    host.id = id;
    parent.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    roots.push(root);
    parent = root;
  }
  (roots[roots.length - 1] as ShadowRoot).innerHTML = innerHtml;
  return roots;
}
