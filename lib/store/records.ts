import type { CapturedEvent } from '../capture/events';

export type SessionStatus = 'recording' | 'paused' | 'interrupted' | 'ended';

export interface SessionSetup {
  title: string;
  persona: string;
  scenario: string;
  goal: string;
}

export interface BrowserInfo {
  name: string;
  version: string;
}

/** One recorded walk. Everything the background needs to carry on after a restart lives here. */
export interface SessionRecord extends SessionSetup {
  id: string;
  status: SessionStatus;
  startedAt: string;
  /** Epoch ms of the start, the zero of every event's `t`. */
  startEpochMs: number;
  endedAt: string | null;
  startUrl: string;
  /** Tabs that belong to the walk: the one it started in and those opened from it. */
  tabIds: number[];
  /** The next event's `seq`. */
  nextSeq: number;
  /** `t` of the tester's latest action, for idle-gap detection. */
  lastActionT: number | null;
  browser: BrowserInfo;
  viewport: { width: number; height: number; deviceScaleFactor: number } | null;
  eventCount: number;
  screenshotCount: number;
  /** Bytes of screenshots stored, for the storage figure on the sessions page. */
  screenshotBytes: number;
}

/** A screenshot image. Which step it shows is said by a `screenshot` event (append-only). */
export interface ScreenshotRecord {
  id: string;
  sessionId: string;
  tabId: number;
  t: number;
  blob: Blob;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

/** The tester's layer: annotations on steps (filled by the annotation feature). */
export interface AnnotationRecord {
  id: string;
  sessionId: string;
  /** The event the annotation is attached to, or null for the session start. */
  eventId: string | null;
  t: number;
  at: string;
  kind: string;
  author: 'tester' | 'observer';
  data: unknown;
}

export type EventRecord = CapturedEvent;
