import type { AnswerValue, Checklist } from '../annotations/checklist';
import type { AnnotationPayload, Author, NoteKind, WalkSetup } from '../annotations/types';
import type { FrameLocation, FullPageMissingReason, PageEventDraft, Point, Rect } from '../capture/events';
import type { UnrecordableReason } from '../capture/recordable';
import type { MessageKey } from '../i18n';
import type { Stage } from '../journey/stages';
import type { MaskingMode } from '../privacy/masking-mode';
import type { PrivateBoxes, PrivateBoxesRequest } from '../privacy/private-boxes';
import type { PageMetrics } from '../recorder/full-page-plan';
import type { Anchor, StageRemoval } from '../recorder/tester-layer';
import type {
  AnnotationRecord,
  AnswerRecord,
  EditRecord,
  RedactionBox,
  SessionRecord,
  SessionSetup,
  SessionStatus,
  StepEdit,
  TemplateRecord,
} from '../store/records';
import type { SettingWrite } from '../store/settings';
import type { ComposedFrame, OverlayCover } from '../tab-stream/frames';

/** What a content script needs to know about its tab. */
export interface RecorderState {
  recording: boolean;
  sessionId: string | null;
  status: SessionStatus | null;
  /** The walk's masking mode (null when the tab is not recorded). */
  masking: MaskingMode | null;
  /** The tab joined a walk after its page had loaded (a tab opened from a recorded one). */
  joined?: boolean;
  /** Paused because the disk refused a write of the walk (status `paused`): free space, then resume. */
  storageFull?: boolean;
  /**
   * This frame's document is in the walk already (its arrival was recorded by the recorder the extension had
   * before a reload or an update): the recorder put back into it does not report it again.
   */
  documentRecorded?: boolean;
  /**
   * The walk's echoes (lib/privacy/echoes.ts): the salt its pages hash typed values with, and the hashes sent
   * so far, so a value typed on an earlier page is found on this one. Given with the answer to `hello`.
   */
  echoes?: { salt: string; hashes: string[] } | null;
}

/** What the in-page overlay shows: the walk, its stages, where a tag would land, and who is tagging. */
export interface OverlayState {
  sessionId: string;
  title: string;
  status: SessionStatus;
  stages: Stage[];
  currentStageId: string | null;
  /** Where an annotation made now lands: the selected step, else the latest one. */
  target: Anchor;
  selected: boolean;
  emotionLabels: string[];
  author: Author;
  /** Paused because the disk is full (`status` says `paused`). */
  storageFull?: boolean;
}

/** How the overlay's note frame ended: the note saved (and the step it went to, null for the walk's start), or given up. */
export interface NoteClosed {
  noteKind: NoteKind;
  saved: boolean;
  landed: string | null;
}

/** How a full-page screenshot went, for the tester's confirmation in the overlay. */
export interface FullPageAnswer {
  /** `busy`: one is being taken in this tab already; `not-recording`: the walk is paused or stopped. */
  outcome: 'stored' | 'missing' | 'not-recording' | 'busy';
  /** The step it went to, in plain language (null when it went nowhere). */
  step: string | null;
  viewports: number;
  /** The page's height and the part of it the image covers, CSS px. */
  pageHeight: number;
  coveredHeight: number;
  truncated: boolean;
  missingReason: FullPageMissingReason | null;
}

export interface SessionView {
  session: SessionRecord | null;
}

/** One iframe of a frame's document, as the background needs it to place a child frame. */
export interface ChildFrameInfo {
  src: string;
  selectors: string[];
  rect: Rect;
  /** The frame's content box offset within the iframe element (borders, padding). */
  inset: Point;
  index: number;
  contentWidth: number;
  contentHeight: number;
}

/** Refusals a tester can meet in normal use, each with its message in lib/i18n. */
export type ReachableRefusal = Extract<
  MessageKey,
  | 'errorWalkChanged'
  | 'errorNoVisibleTab'
  | 'errorStopBeforeComplete'
  | 'errorLastStage'
  | 'errorEmptyNote'
  | 'errorEmptyTitle'
  | 'errorOriginalDestroyed'
  | 'errorDeleteActive'
>;

/** Errors that cross the message boundary keep a code the UI can translate. */
export interface ProtocolError {
  /**
   * `forbidden`: the sender may not send this message, or not about that walk (lib/recorder/access.ts);
   * `invalid-request`: the request does not have its message's shape (lib/messaging/requests.ts).
   */
  code:
    | 'unrecordable'
    | 'already-recording'
    | 'no-session'
    | 'no-tab'
    | 'invalid-state'
    | 'storage-full'
    | 'checklist-incomplete'
    | 'forbidden'
    | 'invalid-request'
    | 'internal';
  /** What to tell the tester, as an i18n key, when the refusal is one a tester can meet (`message` is for logs). */
  reason?: UnrecordableReason | ReachableRefusal;
  message: string;
  /** For checklist-incomplete: the required questions still unanswered. */
  missing?: string[];
}

/** The background's answer about one event of a `recorder/events` batch. */
export type EventAck = { id: string; seq: number; duplicate: boolean } | { id: string; dropped: 'not-recording' };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/**
 * The one message protocol: each message name maps to its request and response. Messages to the
 * background are answered by a handler in lib/recorder/handlers.ts; `tab/*` messages go to content scripts.
 */
export interface Protocol {
  /** A content script starts in a frame and asks whether its tab is being recorded. */
  'recorder/hello': {
    /**
     * `documentSince`: the document's `performance.timeOrigin`, by which the background knows a document the walk
     * has already (a recorder put back into it after the extension was reloaded or updated). `documentId`: the
     * recorder's own id for its document and frame, whose tab the background notes (lib/recorder/orphans.ts).
     */
    request: { top: boolean; documentSince?: number; documentId?: string };
    /** `alwaysBlur`: the tester's "always blur" selectors by site (a press finds its private boxes with them). */
    response: RecorderState & { sender: { tabId: number; frameId: number } | null; alwaysBlur?: Record<string, string[]> };
  };
  /**
   * Hashes of values the tester typed (never the values: lib/privacy/echoes.ts), so the background masks
   * them wherever the site shows them back. Answered with how many were new.
   */
  'recorder/echoes': { request: { hashes: string[] }; response: { added: number } };
  /**
   * A content script reports events, in the order they happened, in one message (lib/page-recorder/outbox.ts).
   * The background commits them in that order and answers once they are committed, one ack per event id:
   * committed (`seq`, `duplicate` for a re-sent one) or dropped (not the walk's). It stops at the first event
   * it fails to commit: the events after it have no ack, and the page sends them again.
   */
  /**
   * `unowned`: sent by a page that has no safety copy of its own (it does not know its tab yet); `documentId`
   * names the copy it leaves as it goes away, for the background to place (lib/recorder/orphans.ts).
   */
  'recorder/events': {
    request: { events: PageEventDraft[]; unowned?: boolean; documentId?: string };
    response: { acks: EventAck[] } | { dropped: 'not-recording' };
  };
  /**
   * Take the screenshot of an event (a click at pointer-down, a navigation once settled). Answered once the
   * screenshot is stored or known to be missing, so a page re-sends it if the service worker was stopped.
   */
  'recorder/screenshot': {
    /** `changedAtEpochMs`: when the page last looked different before the request (an older frame shows another moment). */
    request: {
      eventId: string;
      point: Point | null;
      epochMs: number;
      priority: 'click' | 'navigation';
      changedAtEpochMs?: number | null;
      /** For a press: what must not be readable in the asking frame as it was at the press, before the page reacted. */
      boxes?: PrivateBoxes | null;
      /**
       * The page is going away and will not wait: the screenshot is not to be taken now (it would show
       * another moment); unless it is being taken or stored already, it is recorded as missing.
       */
      lost?: boolean;
    };
    response: { outcome: 'stored' | 'missing' | 'not-recording' };
  };
  /**
   * Take a full-page screenshot of the sender's tab for the current step (the selected one, else the latest).
   * Answered once it is stored or known to be missing; idempotent by `id`, so a page re-sends it after a worker restart.
   */
  'recorder/full-page': { request: { id: string; epochMs: number }; response: FullPageAnswer };
  'session/current': { request: Record<string, never>; response: SessionView };
  /** Changes one setting (the masking mode new walks start with, the annotator, emotion labels, thresholds). */
  'settings/set': { request: SettingWrite; response: SettingWrite['value'] };
  /** Saves a setup or checklist template (replacing the one of the same id); answers it as stored. */
  'template/save': { request: { template: TemplateRecord }; response: TemplateRecord };
  'template/delete': { request: { id: string }; response: null };
  /** Deletes a walk with everything it holds; refused while it is recorded or paused. */
  'session/delete': { request: { sessionId: string }; response: null };
  /**
   * "Always blur this" on a site: the element the tester picked (its selector) is hidden in every screenshot of
   * the site from now on. From a page, only for its own tab's site. Answers the site's list.
   */
  'privacy/always-blur-add': { request: { origin: string; selector: string }; response: string[] };
  'privacy/always-blur-remove': { request: { origin: string; selector: string }; response: string[] };
  'session/start': { request: { tabId: number; setup: SessionSetup }; response: SessionRecord };
  'session/pause': { request: Record<string, never>; response: SessionRecord };
  'session/resume': { request: Record<string, never>; response: SessionRecord };
  'session/stop': { request: Record<string, never>; response: SessionRecord };
  /** Continue an interrupted session in the given tab. */
  'session/continue': { request: { sessionId: string; tabId: number }; response: SessionRecord };
  /** Close an interrupted session without recording more. */
  'session/finish': { request: { sessionId: string }; response: SessionRecord };
  /** The overlay of a recorded tab asks what to show (null: this tab is not recorded). */
  'overlay/state': { request: Record<string, never>; response: OverlayState | null };
  /** Adds an annotation to a step (emotion, note, moment of truth); see TesterLayer.annotate. */
  'annotation/add': {
    request: { id: string; sessionId?: string | null; eventId?: string | null; author: Author; payload: AnnotationPayload };
    /** Earlier tags of the same kind, author and step that this one replaced (marked removed). */
    response: { annotation: AnnotationRecord; anchor: Anchor; replaced: string[] };
  };
  'annotation/edit-note': { request: { id: string; text: string }; response: AnnotationRecord };
  'annotation/set-removed': { request: { id: string; removed: boolean }; response: AnnotationRecord };
  'stage/switch': {
    request: { id: string; sessionId?: string | null; to: { stageId: string } | { delta: -1 | 1 }; author: Author };
    response: { stageId: string };
  };
  'stage/move': { request: { sessionId: string; stageId: string; delta: -1 | 1 }; response: SessionRecord };
  'stage/remove': { request: { sessionId: string; stageId: string }; response: StageRemoval };
  'stage/undo-remove': { request: { sessionId: string; undo: StageRemoval }; response: SessionRecord };
  'session/update-setup': { request: { sessionId: string; changes: Partial<WalkSetup> }; response: SessionRecord };
  'step/select': { request: { sessionId: string; eventId: string | null }; response: null };
  'checklist/set': { request: { sessionId: string; checklist: Checklist | null }; response: SessionRecord };
  /** Answers a question; `photo` also takes a screenshot of the walk's visible tab as evidence. */
  'checklist/answer': {
    request: { sessionId: string; questionId: string; value: AnswerValue | null; author: Author; photo?: boolean };
    response: AnswerRecord;
  };
  'session/complete': { request: { sessionId: string }; response: SessionRecord };
  /** Records one edit of the map (idempotent by id); see MapEditor.edit. */
  'map/edit': { request: { id: string; sessionId: string; author: Author; edit: StepEdit }; response: EditRecord };
  /** Takes back the latest edit of the map that applies; null when there is none. */
  'map/undo': { request: { sessionId: string }; response: EditRecord | null };
  /** Brings back the edit undone last, unless an edit was made since; null when there is none. */
  'map/redo': { request: { sessionId: string }; response: EditRecord | null };
  /**
   * Saves the redaction of a screenshot: its boxes and the blurred image, made by the review page. The image
   * travels as a JPEG data URL: Chrome's runtime.sendMessage serializes to JSON, where a Blob arrives as `{}`;
   * the background turns it back into a Blob and checks it has the original's size (lib/recorder/map-edits.ts).
   */
  'redaction/save': {
    request: { sessionId: string; screenshotId: string; boxes: RedactionBox[]; redactedImage: string | null };
    response: { id: string; originalDestroyed: boolean };
  };
  'redaction/clear': { request: { sessionId: string; screenshotId: string }; response: null };
  /** Replaces the original screenshot by its blurred image, for good. */
  'redaction/destroy-original': { request: { sessionId: string; screenshotId: string }; response: { id: string; originalDestroyed: boolean } };
  /** From a subframe: open the note field in the tab's overlay. */
  'overlay/open-note': { request: { noteKind: NoteKind }; response: null };
  /**
   * From the overlay's note frame (an extension page inside the tab, where the note is typed out of the page's
   * reach): it is done; the tab's overlay closes it. Relayed, so nothing of it passes through the page.
   */
  'overlay/note-closed': { request: NoteClosed; response: null };
  /** From a subframe: the full-page shortcut, run by the tab's top frame (where the overlay reports it). */
  'overlay/full-page': { request: Record<string, never>; response: null };
  'tab/state': { request: RecorderState; response: null };
  /**
   * Before a screenshot: the overlay hides and answers, once the page has been painted without it, where it
   * was (null: no overlay to hide).
   */
  'tab/overlay-hide': { request: Record<string, never>; response: OverlayCover | null };
  'tab/overlay-show': { request: Record<string, never>; response: null };
  /** Something the overlay shows changed (a stage, a tag made elsewhere). */
  'tab/overlay-refresh': { request: Record<string, never>; response: null };
  /** A note shortcut pressed in a subframe opens the note field of the top frame's overlay. */
  'tab/overlay-open-note': { request: { noteKind: NoteKind }; response: null };
  /** The note frame is done: the overlay closes it, says where a saved note went, and gives the focus back. */
  'tab/overlay-note-closed': { request: NoteClosed; response: null };
  /** The full-page shortcut pressed in a subframe: the top frame takes the full page. */
  'tab/overlay-full-page': { request: Record<string, never>; response: null };
  'tab/describe-child-frames': { request: Record<string, never>; response: ChildFrameInfo[] };
  /**
   * Before a screenshot of the tab is stored, every frame says what must not be readable in its viewport in the
   * walk's mode, and where its iframes are (lib/page-recorder/private-boxes.ts).
   */
  'tab/private-boxes': { request: PrivateBoxesRequest; response: PrivateBoxes };
  /** The tester's "always blur" selectors by site changed (a press finds its private boxes with them). */
  'tab/always-blur': { request: { alwaysBlur: Record<string, string[]> }; response: null };
  /** Full-page capture, page side (top frame): measure the page and set it up (sticky elements laid in place). */
  'tab/full-page-prepare': { request: Record<string, never>; response: PageMetrics };
  /** Scroll to `y` for frame `index` of `total` (fixed elements hidden from the second), answer where the page is. */
  'tab/full-page-scroll': { request: { y: number; index: number; total: number; hideFixed: boolean }; response: { scrollY: number } };
  /** The capture is over: the page's styles and scroll position come back. */
  'tab/full-page-restore': { request: Record<string, never>; response: null };
  /** Whether the content script runs in the top frame of a tab (before injecting it by hand). */
  'tab/ping': { request: Record<string, never>; response: 'pong' };
  /** The top frame's viewport, in CSS pixels, and its device pixel ratio (a tab stream is sized by it). */
  'tab/viewport': { request: Record<string, never>; response: { width: number; height: number; devicePixelRatio: number } };
  // The offscreen document that holds the tabs' video streams (lib/tab-stream/player.ts), asked by the background.
  /** Plays a tab's stream (an id from tabCapture.getMediaStreamId) at the tab's size. */
  'offscreen/play': { request: { tabId: number; streamId: string; width: number; height: number }; response: { width: number; height: number } };
  'offscreen/stop': { request: { tabId: number }; response: null };
  /** The tab's page has another size now (a resized window, another zoom): frames follow it. */
  'offscreen/resize': { request: { tabId: number; width: number; height: number }; response: { width: number; height: number } | null };
  /** The tabs whose streams the document holds (a restarted worker asks). */
  'offscreen/held': { request: Record<string, never>; response: number[] };
  /** Pins the frames that may show a moment; false when the tab has no stream. */
  'offscreen/hold': { request: { tabId: number; requestId: string; atEpochMs: number; changedAtEpochMs: number | null }; response: boolean };
  /**
   * Composes the held moment, the overlay's box from a frame painted without it, and posts the ImageBitmap to
   * the service worker (`StreamFrameMessage`). False when nothing was held.
   */
  'offscreen/compose': { request: { tabId: number; requestId: string; cover: OverlayCover | null }; response: boolean };
}

/** What the offscreen document posts to the service worker with a composed frame (the bitmap is transferred). */
export type StreamFrameMessage = ComposedFrame & { parcours: 'stream-frame'; requestId: string };

export function isStreamFrameMessage(data: unknown): data is StreamFrameMessage {
  return typeof data === 'object' && data !== null && (data as { parcours?: unknown }).parcours === 'stream-frame';
}

export type MessageName = keyof Protocol;
export type BackgroundMessageName = Exclude<MessageName, `tab/${string}` | `offscreen/${string}`>;
export type TabMessageName = Extract<MessageName, `tab/${string}`>;
export type OffscreenMessageName = Extract<MessageName, `offscreen/${string}`>;
export type RequestOf<N extends MessageName> = Protocol[N]['request'];
export type ResponseOf<N extends MessageName> = Protocol[N]['response'];

/** The messages a content script may send to the background; every other one is for extension pages only. */
export type ContentScriptMessageName =
  | 'recorder/hello'
  | 'recorder/echoes'
  // The overlay's "Always blur…" picker, for the page's own site only (checked by its handler).
  | 'privacy/always-blur-add'
  | 'recorder/events'
  | 'recorder/screenshot'
  | 'recorder/full-page'
  | 'overlay/state'
  | 'annotation/add'
  | 'stage/switch'
  | 'overlay/open-note'
  | 'overlay/full-page'
  // The overlay's Pause / Resume button: only ever the walk of the sender's own tab (the one being recorded).
  | 'session/pause'
  | 'session/resume';

/**
 * What a content script of a tab outside the walk gets for each message it may send: `handled` (the handler
 * answers, and only says the tab is not recorded), an answer given without the handler (the not-recording
 * answer pages already know, so nothing is read or changed and nothing is retried), or `refused` (forbidden).
 */
export type OutsideWalk<N extends ContentScriptMessageName> = 'handled' | 'refused' | { answer: ResponseOf<N> };

const NOT_RECORDING_FULL_PAGE: FullPageAnswer = {
  outcome: 'not-recording',
  step: null,
  viewports: 0,
  pageHeight: 0,
  coveredHeight: 0,
  truncated: false,
  missingReason: null,
};

/** Who may send what: the content scripts' messages, each with what a tab outside the walk gets. */
export const CONTENT_SCRIPT_MESSAGES: { readonly [N in ContentScriptMessageName]: OutsideWalk<N> } = {
  // Also how a tab opened from the walk while no worker ran joins it (SessionController.stateForTab).
  'recorder/hello': 'handled',
  'recorder/events': { answer: { dropped: 'not-recording' } },
  'recorder/screenshot': { answer: { outcome: 'not-recording' } },
  'recorder/full-page': { answer: NOT_RECORDING_FULL_PAGE },
  'overlay/state': { answer: null },
  'overlay/open-note': { answer: null },
  'overlay/full-page': { answer: null },
  'recorder/echoes': { answer: { added: 0 } },
  'privacy/always-blur-add': 'refused',
  'annotation/add': 'refused',
  'stage/switch': 'refused',
  'session/pause': 'refused',
  'session/resume': 'refused',
};

export function isContentScriptMessage(name: string): name is ContentScriptMessageName {
  return Object.hasOwn(CONTENT_SCRIPT_MESSAGES, name);
}

export interface Envelope<N extends MessageName = MessageName> {
  parcours: 1;
  name: N;
  request: RequestOf<N>;
}

export function envelope<N extends MessageName>(name: N, request: RequestOf<N>): Envelope<N> {
  return { parcours: 1, name, request };
}

export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { parcours?: unknown }).parcours === 1 &&
    typeof (message as { name?: unknown }).name === 'string'
  );
}

export function protocolError(code: ProtocolError['code'], message: string, reason?: UnrecordableReason): ProtocolError {
  return reason ? { code, message, reason } : { code, message };
}

/** Thrown by handlers to answer with a typed error instead of a crash. */
export class ProtocolFailure extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
    this.name = 'ProtocolFailure';
  }
}

export type { FrameLocation };

/**
 * Importing a bundle goes through a port, not a message: it lasts seconds, reports progress as it goes, and the
 * page cancels it by saying so or by going away (lib/recorder/import-port.ts). The bundle's bytes do not travel
 * in messages (Chrome's are JSON: a Blob does not survive them): the page hands an object URL of the file, which
 * the background, of the same extension origin, fetches.
 */
export const IMPORT_PORT = 'parcours/import';

export type ImportPortRequest = { type: 'start'; url: string; fileName: string } | { type: 'cancel' };

export type ImportPortReply = { type: 'progress'; phase: 'read' | 'check' | 'store'; done: number; total: number } | { type: 'done'; outcome: ImportOutcome };

export type ImportOutcome =
  | { ok: true; sessionId: string; title: string }
  | { ok: false; problem: import('../bundle/import/check-bundle').ImportProblem | { code: 'exists'; title: string } | { code: 'failed'; detail: string } };
