import type { Summary } from './stats';

export const MERGED_FORMAT = 'parcours.merged-journey';
export const MERGED_VERSION = 1;

/** Where a walk of the merge came from, when it was read from a bundle (the command line knows). */
export interface WalkSource {
  /** The bundle's file name as given. */
  file: string;
  /** SHA-256 of the bundle's journey.json bytes, and the head of its event chain (its manifest's). */
  journeySha256: string;
  eventChainHead: string | null;
}

/** One walk the aggregate came from; `index` is its position in every per-walk array of the document. */
export interface MergedWalk {
  index: number;
  id: string;
  title: string;
  persona: string;
  startedAt: string;
  endedAt: string | null;
  steps: number;
  durationMs: number;
  source: WalkSource | null;
}

/** A text (pain point) or signal type, and how many walks met it, and how many times in all. */
export interface Tally {
  /** The pain point as first written, or the signal's type. */
  text: string;
  walks: number;
  occurrences: number;
}

/** Steps of different walks recognised as the same step (stage, page, action): one row of the aggregate map. */
export interface AlignedStep {
  /** 1-based, in the aggregate's order across all stages. */
  order: number;
  key: string;
  /** The page identity (origin and path, lib/journey/merge/keys.ts). */
  page: string;
  /** The action as the first walk that has the step titled it. */
  action: string;
  kind: string;
  /** How many walks have this step. */
  walks: number;
  /** The walk steps it aligns: walk index, step id and 0-based step index in that walk. */
  members: { walk: number; stepId: string; stepIndex: number }[];
  /** Over the members' valences (−2..+2; members without an emotion left out). */
  emotion: Summary;
  durationMs: Summary;
  painPoints: Tally[];
  signals: Tally[];
  /** The representative screenshot in the merged bundle (the first walk's that has one), or null. */
  screenshot: string | null;
  /** Which walk step the screenshot is of. */
  screenshotOf: { walk: number; stepId: string } | null;
}

export interface MergedStage {
  /** Stage identity (keys.ts): a default stage's id, `name:<folded name>`, or "" for steps without a stage. */
  key: string;
  /** The stage's name in the first walk that has it; "" for steps without a stage. */
  name: string;
  /** How many walks have a step in it. */
  walks: number;
  /** Over every valence of every step of the stage in every walk (each step counts once). */
  emotion: Summary;
  /** Over the walks that have the stage, each walk's time in it (the sum of its steps' durations). */
  durationMs: Summary;
  painPoints: Tally[];
  signals: Tally[];
  steps: AlignedStep[];
}

export interface MergedChecklist {
  /** The checklist's name in each walk (null: that walk had none). */
  names: (string | null)[];
  /** Overall score 0..100 per walk (null: none, or nothing scored). */
  overall: (number | null)[];
  perStage: { stageKey: string; name: string; scores: (number | null)[] }[];
  /** Questions matched by stage and folded text; the answer of each walk (null: not asked or not answered). */
  questions: { text: string; stageKey: string; type: string; answers: (boolean | number | string | null)[] }[];
}

/** `merged.json`: the aggregate map of several walks of one journey. */
export interface MergedJourney {
  format: typeof MERGED_FORMAT;
  version: typeof MERGED_VERSION;
  generator: { name: 'parcours'; version: string };
  createdAt: string;
  /** The site every walk starts on (origin of its start URL), or several when the merge was forced. */
  sites: string[];
  title: string;
  walks: MergedWalk[];
  stages: MergedStage[];
  totals: {
    alignedSteps: number;
    /** Over walks: each walk's steps and its duration. */
    steps: Summary;
    durationMs: Summary;
    emotion: Summary;
  };
  checklist: MergedChecklist | null;
}
