import type { FrameLocation, Point, ScreenshotMissingReason, ScreenshotSource, TargetDescriptor } from '../capture/events';
import type { RecordingGap } from './gaps';
import type { TesterLanes } from './layer';
import type { Stage } from './stages';

/** The friction signals Parcours detects by itself, for any site. */
export type SignalType = 'rage-click' | 'dead-click' | 'quick-back' | 'form-error' | 'slow-load' | 'hesitation' | 'excessive-scroll';

/** A detected signal on a step: a suggested pain point the tester accepts or dismisses. */
export interface FrictionSignal {
  /** Stable across recomputation: `${type}:${first event id}`. */
  id: string;
  type: SignalType;
  /** Plain-language explanation (already localized). */
  description: string;
  /** The raw events that are the evidence. */
  eventIds: string[];
  /** Measured value behind the signal (ms, clicks, px, %), for thresholds and charts. */
  value: number;
  /** Tester's decision; null until decided. */
  decision: 'accepted' | 'dismissed' | null;
}

/** Kinds of human steps on the map. */
export type MapStepKind = 'start' | 'click' | 'navigation' | 'form' | 'new-tab' | 'other';

/** One human step of the map: one or more raw events the tester would call one action. */
export interface MapStep extends TesterLanes {
  /** The id of its first event: stable as long as the grouping is. */
  id: string;
  index: number;
  kind: MapStepKind;
  t: number;
  at: string;
  durationMs: number;
  /** Action in plain language (already localized), or the tester's title when edited. */
  action: string;
  /** True when the tester retitled the step. */
  titled: boolean;
  url: string | null;
  pageTitle: string | null;
  tabId: number | null;
  frameUrl: string | null;
  touchpoint: { site: string | null; page: string | null; channel: 'web' };
  target: TargetDescriptor | null;
  frame: FrameLocation | null;
  /** The click, CSS pixels of the top-level viewport (the screenshot is in device pixels). */
  point: Point | null;
  /** Device pixels per CSS pixel when the click happened (zoom and screen): screenshot pixels = point × this. */
  devicePixelRatio: number | null;
  screenshotId: string | null;
  screenshotMissing: ScreenshotMissingReason | 'deleted' | null;
  /** Where the image came from: the tab's video stream or `captureVisibleTab` (null: unknown or none). */
  screenshotSource: ScreenshotSource | null;
  /** Signed ms from the step's pointer-down (or request) to the moment its image shows (null: unknown). */
  screenshotDelayMs: number | null;
  /** With `screenshotMissing: 'late'`: the image taken too late, which shows the page after the step's moment. */
  lateScreenshotId: string | null;
  /** Full-page screenshots the tester took for this step (shortcut or overlay button), in the order taken. */
  fullPageScreenshotIds: string[];
  signals: FrictionSignal[];
  /** Time from the page's arrival to the first action on it (ms), on the first step acting on a page. */
  timeToFirstActionMs: number | null;
  hidden: boolean;
  eventIds: string[];
}

export interface JourneyMetrics {
  durationMs: number;
  steps: number;
  clicks: number;
  pages: number;
  backtracks: number;
  hesitations: number;
  screenshots: number;
  perStage: { stageId: string; durationMs: number; steps: number }[];
  /** Time to first action on each page, in visit order. */
  timeToFirstAction: { url: string; ms: number }[];
}

export interface JourneyMap {
  stages: Stage[];
  steps: MapStep[];
  metrics: JourneyMetrics;
  /** Where the recording paused or was cut, and why (lib/journey/gaps.ts). */
  gaps: RecordingGap[];
}
