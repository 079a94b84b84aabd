import type { AnswerValue, Checklist } from '../annotations/checklist';
import type { AnnotationPayload, Author, Persona, WalkSetup } from '../annotations/types';
import type { CapturedEvent } from '../capture/events';
import type { Stage } from '../journey/stages';

export type SessionStatus = 'recording' | 'paused' | 'interrupted' | 'ended';

/** What a walk starts with: its setup, and optionally the stages and checklist it uses. */
export interface SessionSetup {
  title: string;
  persona: Persona;
  scenario: string;
  goal: string;
  segment?: string;
  expectations?: string;
  stages?: Stage[];
  checklist?: Checklist | null;
}

export interface BrowserInfo {
  name: string;
  version: string;
}

/** One recorded walk. Everything the background needs to carry on after a restart lives here. */
export interface SessionRecord extends WalkSetup {
  id: string;
  /** The mystery-shopping checklist of this walk (a copy of the template it started with). */
  checklist: Checklist | null;
  /** The stage steps belong to from now on. */
  currentStageId: string | null;
  /** The step the side panel has selected: annotations land there instead of on the latest step. */
  selectedEventId: string | null;
  /** Set when the tester marks the walk complete (every required checklist question answered). */
  completedAt: string | null;
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

/** The tester's layer: one annotation on a step. Edits change it; removal marks it removed (kept for undo). */
export type AnnotationRecord = AnnotationPayload & {
  id: string;
  sessionId: string;
  /** The event of the step it is attached to, or null for the session start. */
  eventId: string | null;
  t: number;
  at: string;
  author: Author;
  updatedAt: string | null;
  removed: boolean;
};

/** The answer to one checklist question of a session. Id: `${sessionId}:${questionId}`. */
export interface AnswerRecord {
  id: string;
  sessionId: string;
  questionId: string;
  value: AnswerValue | null;
  photoScreenshotId: string | null;
  author: Author;
  at: string;
}

/** A reusable setup (persona, scenario, stages…) or checklist. */
export type TemplateRecord = { id: string; name: string; updatedAt: string } & (
  | { kind: 'setup'; setup: Omit<WalkSetup, 'title'> }
  | { kind: 'checklist'; checklist: Checklist }
);

/** Small preferences, by key (the tester's own emotion labels…). */
export interface SettingRecord {
  key: string;
  value: unknown;
}

export type EventRecord = CapturedEvent;
