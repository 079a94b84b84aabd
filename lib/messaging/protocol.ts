import type { FrameLocation, PageEventDraft, Point, Rect } from '../capture/events';
import type { UnrecordableReason } from '../capture/recordable';
import type { SessionRecord, SessionSetup, SessionStatus } from '../store/records';

/** What a content script needs to know about its tab. */
export interface RecorderState {
  recording: boolean;
  sessionId: string | null;
  status: SessionStatus | null;
  /** The tab joined a walk after its page had loaded (a tab opened from a recorded one). */
  joined?: boolean;
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

/** Errors that cross the message boundary keep a code the UI can translate. */
export interface ProtocolError {
  code: 'unrecordable' | 'already-recording' | 'no-session' | 'no-tab' | 'invalid-state' | 'storage-full' | 'internal';
  reason?: UnrecordableReason;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/**
 * The one message protocol: each message name maps to its request and response. Messages to the
 * background are answered by a handler in lib/recorder/handlers.ts; `tab/*` messages go to content scripts.
 */
export interface Protocol {
  /** A content script starts in a frame and asks whether its tab is being recorded. */
  'recorder/hello': { request: { top: boolean }; response: RecorderState & { sender: { tabId: number; frameId: number } | null } };
  /** A content script reports one event. Answered once the event is committed. */
  'recorder/event': { request: { event: PageEventDraft }; response: { seq: number; duplicate: boolean } | { dropped: 'not-recording' } };
  /**
   * Take the screenshot of an event (a click at pointer-down, a navigation once settled). Answered once the
   * screenshot is stored or known to be missing, so a page re-sends it if the service worker was stopped.
   */
  'recorder/screenshot': {
    request: { eventId: string; point: Point | null; epochMs: number; priority: 'click' | 'navigation' };
    response: { outcome: 'stored' | 'missing' | 'not-recording' };
  };
  'session/current': { request: Record<string, never>; response: SessionView };
  'session/start': { request: { tabId: number; setup: SessionSetup }; response: SessionRecord };
  'session/pause': { request: Record<string, never>; response: SessionRecord };
  'session/resume': { request: Record<string, never>; response: SessionRecord };
  'session/stop': { request: Record<string, never>; response: SessionRecord };
  /** Continue an interrupted session in the given tab. */
  'session/continue': { request: { sessionId: string; tabId: number }; response: SessionRecord };
  /** Close an interrupted session without recording more. */
  'session/finish': { request: { sessionId: string }; response: SessionRecord };
  'tab/state': { request: RecorderState; response: null };
  'tab/describe-child-frames': { request: Record<string, never>; response: ChildFrameInfo[] };
  /** Whether the content script runs in the top frame of a tab (before injecting it by hand). */
  'tab/ping': { request: Record<string, never>; response: 'pong' };
}

export type MessageName = keyof Protocol;
export type BackgroundMessageName = Exclude<MessageName, `tab/${string}`>;
export type TabMessageName = Extract<MessageName, `tab/${string}`>;
export type RequestOf<N extends MessageName> = Protocol[N]['request'];
export type ResponseOf<N extends MessageName> = Protocol[N]['response'];

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
