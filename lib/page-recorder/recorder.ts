import { epochNow } from '../capture/clock';
import type { PageEventDraft, Point } from '../capture/events';
import type { ChildFrameInfo, RecorderState } from '../messaging/protocol';
import type { PrivateBoxes } from '../privacy/private-boxes';
import { describeChildFrames } from './child-frames';
import { recordClicks } from './clicks';
import type { PartEvent, RecorderContext, RecorderPart } from './context';
import { recordFormFeedback } from './form-feedback';
import { recordForms } from './forms';
import { recordNavigation } from './navigation';
import { Outbox, type SendOutcome } from './outbox';
import { recordPageLoad } from './page-load';
import { withRetry } from './retry';
import { recordScroll } from './scroll';
import { recordVisibility } from './visibility';

/** Events after which the page looks different (a scroll is noted as it happens, by the scroll part). */
const CHANGES_THE_PAGE = new Set<PageEventDraft['kind']>(['dom-change', 'navigation', 'page-load', 'field-change', 'field-focus']);

/** Every recorder part, started together. A new capture concern is one more entry here. */
const PARTS: RecorderPart[] = [recordClicks, recordForms, recordFormFeedback, recordScroll, recordVisibility];

export interface PageRecorderDeps {
  window: Window;
  isTop: boolean;
  hello(): Promise<RecorderState & { sender?: { tabId: number; frameId: number } | null }>;
  sendEvent(event: PageEventDraft): Promise<SendOutcome>;
  /** Keeps an event in extension storage until the background has committed it (see Outbox). */
  persist(event: PageEventDraft, owner: { sessionId: string; tabId: number; frameId: number }): void;
  /**
   * `changedAtEpochMs`: when the page last looked different before the request, as far as the recorder knows;
   * `boxes`: what must not be readable in this frame as it was at a press (privateBoxesNow).
   */
  requestScreenshot(
    eventId: string,
    point: Point | null,
    epochMs: number,
    priority: 'click' | 'navigation',
    changedAtEpochMs: number | null,
    boxes: PrivateBoxes | null,
  ): Promise<void>;
  /**
   * What must not be readable in this frame now (lib/page-recorder/private-boxes.ts), found at a press before
   * the page reacts: the background asks again when it takes the image, by then the page may show another
   * layout (a click that opens the next step), and covers both.
   */
  privateBoxesNow?(): PrivateBoxes | null;
  isDead(error: unknown): boolean;
  newId(): string;
  /** Told of every state the frame learns (the overlay follows it). */
  onState?(state: RecorderState): void;
}

export interface PageRecorder {
  setState(state: RecorderState): void;
  describeChildFrames(): ChildFrameInfo[];
  stop(): void;
  /** Events not yet acknowledged by the background (for diagnostics and tests). */
  unacknowledged(): number;
}

/**
 * The recorder of one frame: listens from the start (document_start), and reports only while the tab is
 * being recorded. Events that happen before the background has answered `hello` wait in a small buffer.
 */
export function startPageRecorder(deps: PageRecorderDeps): PageRecorder {
  let state: RecorderState | null = null;
  // The document's arrival is its first change.
  let lastChangeEpochMs: number | null = epochNow();
  const early: PageEventDraft[] = [];
  // Screenshots asked for before the background answered `hello`: sent once it says the tab is recorded.
  const earlyShots: (() => void)[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let sender: { tabId: number; frameId: number } | null = null;
  // Safety copies wait until the frame knows who it is (its tab and frame ids come with `hello`).
  const unpersisted: PageEventDraft[] = [];
  const learnSender = (known: { tabId: number; frameId: number } | null | undefined) => {
    if (!known) return;
    sender = known;
    const sessionId = state?.sessionId;
    for (const event of unpersisted.splice(0)) {
      try {
        if (sessionId) deps.persist(event, { ...known, sessionId });
      } catch {
        // A safety copy is a fallback; the event itself is on its way.
      }
    }
  };
  const outbox = new Outbox({
    send: deps.sendEvent,
    persist: (event) => {
      if (sender && state?.sessionId) deps.persist(event, { ...sender, sessionId: state.sessionId });
      else unpersisted.push(event);
    },
    sleep,
    isDead: deps.isDead,
  });
  const frameUrl = () => deps.window.location.href;
  const boxesNow = () => {
    try {
      return deps.privateBoxesNow?.() ?? null;
    } catch {
      // The background asks again when it takes the image.
      return null;
    }
  };

  const context: RecorderContext = {
    window: deps.window,
    isTop: deps.isTop,
    // Until the background answers, assume recording and buffer; the buffer is dropped if it is not.
    isRecording: () => state === null || state.recording,
    emit: (event: PartEvent) => {
      const draft = { ...event, id: event.id ?? deps.newId(), epochMs: event.epochMs ?? epochNow(), frameUrl: frameUrl() } as PageEventDraft;
      if (CHANGES_THE_PAGE.has(draft.kind)) lastChangeEpochMs = Math.max(lastChangeEpochMs ?? 0, draft.epochMs);
      if (state === null) early.push(draft);
      else outbox.push(draft);
    },
    requestScreenshot: (eventId, point, epochMs, priority) => {
      const changedAt = lastChangeEpochMs;
      const boxes = priority === 'click' ? boxesNow() : null;
      const send = () => void withRetry(() => deps.requestScreenshot(eventId, point, epochMs, priority, changedAt, boxes), { sleep, isDead: deps.isDead });
      if (state === null) earlyShots.push(send);
      else send();
    },
    pageChanged: () => {
      lastChangeEpochMs = epochNow();
    },
    newId: deps.newId,
  };

  const stops = PARTS.map((part) => part(context));
  const pageLoad = recordPageLoad(context);
  const navigation = recordNavigation(context);

  const setState = (next: RecorderState, fromHello = false) => {
    const wasRecording = state?.recording ?? false;
    state = next;
    deps.onState?.(next);
    if (next.recording) {
      // A document that loads while its tab is recorded (or whose tab joins the walk) is a navigation.
      if (fromHello || next.joined) navigation.documentJoined();
      for (const draft of early.splice(0)) outbox.push(draft);
      for (const send of earlyShots.splice(0)) send();
      if (!wasRecording) pageLoad.recordingStarted();
      // Told to record without having asked (the walk started here): ask once to learn this frame's ids.
      if (!sender && !fromHello)
        void hello().then(
          (answer) => learnSender(answer?.sender),
          () => undefined,
        );
    } else {
      early.length = 0;
      earlyShots.length = 0;
    }
  };

  // A worker stopped at the moment a page loads fails the first hello: ask again before concluding
  // the tab is not recorded, or the whole page would be missing from the walk.
  function hello() {
    return withRetry(() => deps.hello(), { sleep, isDead: deps.isDead, attempts: 6 });
  }
  hello()
    .then((answer) => {
      if (!answer) throw new Error('No answer to hello');
      sender = answer.sender ?? null;
      setState(answer, true);
    })
    .catch(() => setState({ recording: false, sessionId: null, status: null, masking: null }));

  return {
    setState,
    describeChildFrames: () => describeChildFrames(deps.window.document),
    stop: () => {
      for (const stop of stops) stop();
      pageLoad.stop();
      navigation.stop();
    },
    unacknowledged: () => outbox.unacknowledged + early.length,
  };
}
