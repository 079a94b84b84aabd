import { epochNow } from '../capture/clock';
import type { PageEventDraft, Point } from '../capture/events';
import type { ChildFrameInfo, RecorderState } from '../messaging/protocol';
import { createEchoMatcher, type EchoMatcher, typedValueHashes } from '../privacy/echoes';
import { maskEvent } from '../privacy/event-masking';
import { BALANCED, createMasker, type Masker } from '../privacy/masker';
import { DEFAULT_MASKING_MODE } from '../privacy/masking-mode';
import type { PrivateBoxes } from '../privacy/private-boxes';
import { describeChildFrames } from './child-frames';
import { recordClicks } from './clicks';
import type { PartEvent, RecorderContext, RecorderPart } from './context';
import { recordFormFeedback } from './form-feedback';
import { recordForms } from './forms';
import { watchGestures } from './gesture';
import { recordNavigation } from './navigation';
import { Outbox, type SendOutcome } from './outbox';
import type { OrphanEntry } from './outbox-entry';
import { recordPageLoad } from './page-load';
import { withRetry } from './retry';
import { recordScroll } from './scroll';
import { recordVisibility } from './visibility';

/** Events after which the page looks different (a scroll is noted as it happens, by the scroll part). */
const CHANGES_THE_PAGE = new Set<PageEventDraft['kind']>(['dom-change', 'navigation', 'page-load', 'field-change', 'field-focus']);

/** Events of a page that left before it knew the walk's mode are masked in the strictest. */
const STRICT = createMasker('strict');

/** Every recorder part, started together. A new capture concern is one more entry here. */
const PARTS: RecorderPart[] = [recordClicks, recordForms, recordFormFeedback, recordScroll, recordVisibility];

export interface PageRecorderDeps {
  window: Window;
  isTop: boolean;
  /** `documentId`: this recorder's id (its document and frame), which the background notes with the sender. */
  hello(documentId: string): Promise<RecorderState & { sender?: { tabId: number; frameId: number } | null }>;
  /** Sends events in one message, in the order they happened (see Outbox); answers which ids were acknowledged. */
  /**
   * Sends a batch. `unowned`: the page does not know its tab and frame yet (no hello answered), so it keeps no
   * safety copy of its own: the background writes one before committing.
   */
  sendEvents(events: readonly PageEventDraft[], unowned?: { documentId: string }): Promise<SendOutcome>;
  /**
   * Keeps in extension storage, in one write, what a page that never learnt its tab recorded, as it goes away:
   * the message carrying it may die with a worker being stopped, and the page cannot send it again.
   */
  keepOrphan?(entry: OrphanEntry): void;
  /**
   * Keeps events in extension storage until the background has committed them, in one write (see Outbox:
   * only events not answered quickly, or unanswered when the page is hidden or unloads).
   */
  persist(events: PageEventDraft[], owner: { sessionId: string; tabId: number; frameId: number }): void;
  /**
   * Keeps screenshot requests the page can no longer see through (it is going away, or gave up asking) in
   * extension storage, in one write: the background settles each (lib/recorder/lost-screenshots.ts).
   */
  persistShots?(requests: { eventId: string; epochMs: number }[], owner: { sessionId: string; tabId: number; frameId: number }): void;
  /**
   * Tells the background, as the page goes away before it ever answered `hello`, of screenshots it could not
   * ask for (their clicks are sent with them): it records them as missing, with the reason.
   */
  reportLostShots?(requests: { eventId: string; epochMs: number }[]): void;
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
  /** This recorder's id for its document and frame (a random UUID unless given). */
  documentId?: string;
  /** Hands the background hashes of typed values (never the values). Retried; optional where nothing needs them. */
  sendEchoes?(hashes: string[]): Promise<unknown>;
  /** Told of every state the frame learns (the overlay follows it). */
  onState?(state: RecorderState): void;
}

export interface PageRecorder {
  setState(state: RecorderState): void;
  describeChildFrames(): ChildFrameInfo[];
  /** The walk's echoes as this frame knows them (what the tester typed, as hashes), null before the salt came. */
  echoes(): EchoMatcher | null;
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
  // Names this document to the background, which tells its tab from the messages carrying it.
  const documentId = deps.documentId ?? crypto.randomUUID();
  // The document's arrival is its first change.
  let lastChangeEpochMs: number | null = epochNow();
  const early: PageEventDraft[] = [];
  // Screenshots asked for before the background answered `hello`: sent once it says the tab is recorded.
  const earlyShots: { eventId: string; epochMs: number; send: () => void }[] = [];
  // Screenshot requests sent and not yet answered: a page leaving hands them over (`handOverShots`).
  const pendingShots = new Map<string, { eventId: string; epochMs: number }>();
  // Screenshot requests handed over while the page knew no tab: they go with its own copy (`keepOwnCopy`).
  const unownedShots: { eventId: string; epochMs: number }[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let sender: { tabId: number; frameId: number } | null = null;
  // Safety copies wait until the frame knows who it is (its tab and frame ids come with `hello`).
  const unpersisted: PageEventDraft[] = [];
  const learnSender = (known: { tabId: number; frameId: number } | null | undefined) => {
    if (!known) return;
    sender = known;
    const sessionId = state?.sessionId;
    const waiting = unpersisted.splice(0);
    const shots = unownedShots.splice(0);
    try {
      if (sessionId && waiting.length > 0) deps.persist(waiting, { ...known, sessionId });
      if (sessionId && shots.length > 0) deps.persistShots?.(shots, { ...known, sessionId });
    } catch {
      // A safety copy is a fallback; the events themselves are on their way.
    }
  };
  const outbox = new Outbox({
    send: (events) => deps.sendEvents(events, sender === null ? { documentId } : undefined),
    persist: (events) => {
      if (sender && state?.sessionId) deps.persist(events, { ...sender, sessionId: state.sessionId });
      else unpersisted.push(...events);
    },
    sleep,
    isDead: deps.isDead,
  });
  const frameUrl = () => deps.window.location.href;
  // Before the parts: a gesture is noted before the part that reads it sees the submit it leads to.
  const gestures = watchGestures(deps.window);

  // Echoes: the walk's salt and hashes (from hello), values typed before the salt came (memory only), and
  // the masker every description uses.
  let echoes: EchoMatcher | null = null;
  let echoSalt: string | null = null;
  /** The walk the salt is of (a state without echoes, told by a broadcast, keeps it). */
  let echoSession: string | null = null;
  let masker: Masker = BALANCED;
  const waitingValues: string[] = [];
  const MAX_WAITING_VALUES = 200;
  const learnEchoes = (next: RecorderState) => {
    if (!next.sessionId || next.sessionId !== echoSession) {
      echoes = null;
      echoSalt = null;
      echoSession = null;
      if (!next.sessionId) waitingValues.length = 0;
    }
    if (next.sessionId && next.echoes && next.echoes.salt !== echoSalt) {
      echoSalt = next.echoes.salt;
      echoSession = next.sessionId;
      echoes = createEchoMatcher(next.echoes.salt, next.echoes.hashes);
    } else if (next.echoes) echoes?.add(next.echoes.hashes);
    masker = createMasker(next.masking ?? DEFAULT_MASKING_MODE, echoes);
    if (echoSalt) handOver(waitingValues.splice(0));
  };
  const handOver = (values: readonly string[]) => {
    if (!echoes || !echoSalt) return;
    const salt = echoSalt;
    const matcher = echoes;
    const fresh = [...new Set(values.flatMap((value) => typedValueHashes(salt, value)))].filter((hash) => !matcher.has(hash));
    // Added here at once: what this frame describes next is masked, whatever the background's answer.
    if (fresh.length === 0 || !echoes.add(fresh) || !deps.sendEchoes) return;
    void withRetry(() => (deps.sendEchoes as (hashes: string[]) => Promise<unknown>)(fresh), { sleep, isDead: deps.isDead });
  };
  const typed = (values: readonly string[]) => {
    const filled = values.filter((value) => value.trim() !== '');
    if (filled.length === 0 || (state !== null && !state.sessionId)) return;
    if (echoSalt) handOver(filled);
    else waitingValues.push(...filled.slice(0, Math.max(0, MAX_WAITING_VALUES - waitingValues.length)));
  };
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
      else {
        outbox.push(maskEvent(draft, masker));
        // A hidden page may be unloading (pagehide comes after it): its events leave now, not in the next task.
        if (deps.window.document.visibilityState === 'hidden') outbox.postWaiting();
      }
    },
    requestScreenshot: (eventId, point, epochMs, priority) => {
      const changedAt = lastChangeEpochMs;
      const boxes = priority === 'click' ? boxesNow() : null;
      const send = () => {
        pendingShots.set(eventId, { eventId, epochMs });
        void withRetry(
          async () => {
            await deps.requestScreenshot(eventId, point, epochMs, priority, changedAt, boxes);
            return true;
          },
          { sleep, isDead: deps.isDead },
        ).then((answered) => {
          if (answered || !pendingShots.has(eventId)) pendingShots.delete(eventId);
          // Given up (a worker that kept failing): the background settles it from the copy.
          else handOverShots([eventId]);
        });
      };
      if (state === null) earlyShots.push({ eventId, epochMs, send });
      else send();
    },
    testerActed: gestures.recent,
    pageChanged: () => {
      lastChangeEpochMs = epochNow();
    },
    newId: deps.newId,
    masker: () => masker,
    typed,
  };

  const stops = PARTS.map((part) => part(context));
  // A page that does not know its tab (no hello answered: it may know the walk from a broadcast all the same)
  // cannot have its events or screenshot requests found by their tab: what is still unacknowledged, with the
  // screenshots it can no longer ask for, is kept under its document's id, which its messages carry and the
  // background notes with their sender. The batches carrying those events may die with a worker being
  // stopped, and a page gone cannot send them again.
  const keepOwnCopy = (lost: readonly { eventId: string; epochMs: number }[]) => {
    if (sender) return;
    // Kept for the copies after this one too (the page is hidden after pagehide): each replaces the last.
    unownedShots.push(...lost.filter((shot) => !unownedShots.some((kept) => kept.eventId === shot.eventId)));
    const events = outbox.unacknowledgedEvents();
    const shots = [...unownedShots];
    if (events.length === 0 && shots.length === 0) return;
    try {
      deps.keepOrphan?.({ documentId, events, shots, epochMs: epochNow() });
    } catch {
      // The messages posted just before are the first way; this copy is the fallback.
    }
  };
  // A page going away (or hidden, which may be the last chance) writes the copy of what is still unanswered.
  const handOverShots = (eventIds: readonly string[]) => {
    const requests = eventIds.flatMap((id) => {
      const request = pendingShots.get(id);
      pendingShots.delete(id);
      return request ? [request] : [];
    });
    if (requests.length === 0) return;
    // Not knowing its tab, the page cannot say whose they are.
    if (!sender) return void unownedShots.push(...requests);
    if (!state?.sessionId) return;
    try {
      deps.persistShots?.(requests, { ...sender, sessionId: state.sessionId });
    } catch {
      // A fallback for the page's own asking, which failed anyway.
    }
  };
  // Leaving before the background ever answered `hello` (a worker starting, stopped again): what the page
  // recorded meanwhile is sent now (a message posted survives the page), masked in the strictest mode as
  // the walk's is not known yet (the background masks it in the walk's mode again, and drops it if the tab is
  // not recorded). Its screenshots cannot be taken any more: the background is told so, once their events
  // are posted (`flushOutbox`). Answers those screenshots.
  const leavingUnanswered = () => {
    navigation.documentJoined();
    for (const draft of early.splice(0)) outbox.push(maskEvent(draft, STRICT));
    return earlyShots.splice(0).map(({ eventId, epochMs }) => ({ eventId, epochMs }));
  };
  // A page unloading cannot ask again for what it is still waiting for: the background settles it.
  const flushOutbox = () => {
    const lost = state === null ? leavingUnanswered() : [];
    outbox.flush();
    handOverShots([...pendingShots.keys()]);
    keepOwnCopy(lost);
    // After the events' batch is posted: the background records a lost screenshot of a committed event (one
    // still on its way is awaited), and a lost message ahead of its events found nothing to say it of.
    try {
      if (lost.length > 0) deps.reportLostShots?.(lost);
    } catch {
      // Their steps then say, by the map, that the recorder lost them.
    }
  };
  const onHidden = () => {
    if (deps.window.document.visibilityState !== 'hidden') return;
    outbox.flush();
    keepOwnCopy([]);
  };
  deps.window.addEventListener('pagehide', flushOutbox, { capture: true });
  deps.window.document.addEventListener('visibilitychange', onHidden, { capture: true });
  const pageLoad = recordPageLoad(context);
  const navigation = recordNavigation(context);

  const setState = (next: RecorderState, fromHello = false) => {
    const wasRecording = state?.recording ?? false;
    state = next;
    learnEchoes(next);
    deps.onState?.(next);
    if (next.recording) {
      // A document that loads while its tab is recorded (or whose tab joins the walk) is a navigation.
      // A document the walk has already (a recorder put back after an extension restart) is not reported again.
      if ((fromHello || next.joined) && !next.documentRecorded) navigation.documentJoined();
      // Described before the walk's mode was known: masked in it now, before anything leaves the frame.
      for (const draft of early.splice(0)) outbox.push(maskEvent(draft, masker));
      for (const shot of earlyShots.splice(0)) shot.send();
      if (!wasRecording && !next.documentRecorded) pageLoad.recordingStarted();
    } else {
      early.length = 0;
      earlyShots.length = 0;
    }
    // Told of a walk without having asked (it started here, or a broadcast came first): ask once to learn this
    // frame's ids and the walk's echoes (its salt, what was typed before).
    const unknownEchoes = next.sessionId != null && echoSession !== next.sessionId;
    if (!fromHello && ((next.recording && !sender) || unknownEchoes))
      void hello().then(
        (answer) => {
          learnSender(answer?.sender);
          if (answer?.echoes && state?.sessionId != null && answer.sessionId === state.sessionId) learnEchoes({ ...state, echoes: answer.echoes });
        },
        () => undefined,
      );
  };

  // A worker stopped at the moment a page loads fails the first hello: ask again before concluding
  // the tab is not recorded, or the whole page would be missing from the walk.
  function hello() {
    return withRetry(() => deps.hello(documentId), { sleep, isDead: deps.isDead, attempts: 6 });
  }
  hello()
    .then((answer) => {
      if (!answer) throw new Error('No answer to hello');
      // Its ids, and the copies of what it sent knowing the walk (from a broadcast) but not its tab.
      learnSender(answer.sender);
      setState(answer, true);
    })
    .catch(() => setState({ recording: false, sessionId: null, status: null, masking: null }));

  return {
    setState,
    describeChildFrames: () => describeChildFrames(deps.window.document, masker),
    echoes: () => echoes,
    stop: () => {
      for (const stop of stops) stop();
      deps.window.removeEventListener('pagehide', flushOutbox, { capture: true });
      deps.window.document.removeEventListener('visibilitychange', onHidden, { capture: true });
      gestures.stop();
      pageLoad.stop();
      navigation.stop();
    },
    unacknowledged: () => outbox.unacknowledged + early.length,
  };
}
