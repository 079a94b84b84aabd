import type { AnswerValue, Checklist } from '../annotations/checklist';
import type { AnnotationPayload, Author, Persona, WalkSetup } from '../annotations/types';
import type { CapturedEvent } from '../capture/events';
import type { Locale } from '../i18n';
import type { Stage } from '../journey/stages';
import type { MaskingMode } from '../privacy/masking-mode';
import type { PrivacyStamp } from '../privacy/private-boxes';

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
  /** The walk's masking mode; the default in settings when absent. */
  masking?: MaskingMode;
  /** The interface language the tester started in (the popup's); the background's when absent. */
  language?: Locale;
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
  /** What the walk masks and blurs (lib/privacy/masking-mode.ts). Absent from walks recorded before masking modes. */
  masking?: MaskingMode;
  /**
   * The walk's language: the interface's at its start. The map's words (default stage names, step actions,
   * emotion labels) and the export's index.html and README.txt are in it, whatever the interface later
   * switches to (lib/i18n/session-locale.ts). Absent from walks recorded before it was stored.
   */
  language?: Locale;
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
  /**
   * Whether each tab's screenshots come from its video stream, and the browser's reason where they cannot
   * (then `captureVisibleTab` takes them). Absent from walks recorded before tab streams.
   */
  tabStreams?: TabStreamState[];
  /** The walk's pauses, by the background's clock (see lib/recorder/pauses.ts). Absent from walks never paused. */
  pauses?: PauseSpan[];
  /** Set on a walk read back from a bundle (lib/bundle/import): the file it came from and when. Not indexed. */
  imported?: { fileName: string; at: string; originalSessionId: string };
}

/** From Pause to Resume, epoch ms; `toEpochMs` is null while the walk is paused. */
export interface PauseSpan {
  fromEpochMs: number;
  toEpochMs: number | null;
  /** Absent for the tester's own pauses (and every span written before storage-full pauses existed). */
  reason?: 'storage-full';
}

export interface TabStreamState {
  tabId: number;
  streaming: boolean;
  reason: string | null;
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
  /** How its private parts were covered before it was stored (absent: a full page, or an older walk). */
  privacy?: PrivacyStamp;
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

/**
 * One change the tester makes to the map, in the tester's layer: the raw capture is never rewritten, the map
 * is derived again with the edits on top (lib/journey/edits.ts). Step ids are MapStep ids: the id of the
 * step's first event. Discriminated on `kind`.
 */
export type StepEdit =
  /** A title of the tester's own for the step (its action on the map). */
  | { kind: 'title'; stepId: string; title: string }
  /** This step, and only it, goes to that stage (the stage switches of the walk are left as they are). */
  | { kind: 'stage'; stepId: string; stageId: string }
  /** Adjacent steps become one, merged into the first. */
  | { kind: 'merge'; stepIds: string[] }
  /** The step is cut in two before that event (one of its events, not its first). */
  | { kind: 'split'; stepId: string; atEventId: string }
  /** A hidden step stays in the map but is left out of its metrics and views. */
  | { kind: 'hide'; stepId: string; hidden: boolean }
  /** The tester's decision on a detected friction signal (null: undecided again). */
  | { kind: 'signal'; signalId: string; decision: 'accepted' | 'dismissed' | null };

export type StepEditKind = StepEdit['kind'];

/**
 * One edit of the map. Edits apply in the order of `at` (strictly increasing within a session); undo marks
 * an edit undone, never deletes it, so redo and the history survive a restart.
 */
export interface EditRecord {
  id: string;
  sessionId: string;
  /** ISO 8601; strictly increasing within a session, so the order of edits is total. */
  at: string;
  author: Author;
  undone: boolean;
  /** When it was last undone (ISO 8601, strictly increasing within a session), null while it applies: redo takes the latest. */
  undoneAt: string | null;
  edit: StepEdit;
}

/** A rectangle of a screenshot, in image pixels (not CSS pixels). */
export interface RedactionBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The redaction of one screenshot: the boxes the tester blurred and the blurred image. Exports use the
 * blurred image whenever a redaction exists (lib/bundle/redaction.ts). The original stays in `screenshots`
 * until the tester destroys it, which replaces it by the blurred image for good. Id: `${sessionId}:${screenshotId}`.
 */
export interface RedactionRecord {
  id: string;
  sessionId: string;
  screenshotId: string;
  boxes: RedactionBox[];
  /** The blurred image (made by the review page with a canvas); null until it has been rendered. */
  redactedBlob: Blob | null;
  /** True once the original has been replaced by the blurred image in `screenshots`: irreversible. */
  originalDestroyed: boolean;
  at: string;
}
