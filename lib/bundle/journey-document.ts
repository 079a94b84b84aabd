import { type Checklist, checklistScores, type StageScore } from '../annotations/checklist';
import type { Author, Persona } from '../annotations/types';
import type { CapturedEvent, EventOf, EventPayloads } from '../capture/events';
import type { Locale } from '../i18n';
import { assembleJourney } from '../journey/assemble';
import { applyEdits } from '../journey/edits';
import type { RecordingGap } from '../journey/gaps';
import type { StepNote } from '../journey/layer';
import type { JourneyMetrics, MapStep } from '../journey/map-types';
import { describeGap, recorderGaps } from '../journey/recorder-gaps';
import type { SignalThresholds } from '../journey/signals';
import type { Stage } from '../journey/stages';
import type { AnnotationRecord, AnswerRecord, EditRecord, SessionRecord } from '../store/records';

export const JOURNEY_FORMAT = 'parcours.journey';
export const JOURNEY_VERSION = 1;

/** A step as `journey.json` carries it (DESIGN.md, fixed contract 1, plus extra fields). */
export interface JourneyStep {
  id: string;
  index: number;
  kind: string;
  t: number;
  at: string;
  durationMs: number;
  url: string | null;
  pageTitle: string | null;
  tab: number | null;
  frameUrl: string | null;
  target: { tag: string; role: string | null; name: string | null; text: string | null; selectors: string[][] } | null;
  frame: { indexPath: number[]; iframeSelectors: string[][] } | null;
  point: { x: number; y: number } | null;
  /** Screenshot pixels per CSS pixel of `point` when the click happened (screen density × browser zoom). */
  devicePixelRatio: number | null;
  screenshot: string | null;
  /** Present exactly when `screenshot` is null. */
  screenshotMissing?: NonNullable<MapStep['screenshotMissing']>;
  /** `tab-stream` (a frame of the tab's video) or `visible-tab` (`captureVisibleTab`); null: unknown or no image. */
  screenshotSource: MapStep['screenshotSource'];
  /** Signed ms from the step's pointer-down (or request) to the moment its image shows; null: unknown. */
  screenshotDelayMs: number | null;
  /** With `screenshotMissing: "late"`: the image taken too late for the step's moment (what came after it). */
  lateScreenshot?: string;
  /** Full-page screenshots the tester took for the step, in the order taken. */
  fullPages: JourneyFullPage[];
  stageId: string | null;
  action: string;
  touchpoint: { site: string | null; page: string | null; channel: 'web' };
  /** Valence −2..+2 and label; `score5` is the same on the 1..5 scale other tools use. */
  emotion: { valence: number; label: string | null; score5: number; author: Author } | null;
  thoughts: string[];
  painPoints: string[];
  opportunities: string[];
  expectations: string[];
  notes: string[];
  signals: { id: string; type: string; description: string; value: number; decision: 'accepted' | 'dismissed' | null; eventIds: string[] }[];
  /** Time from the page's arrival to the first action on it (ms). */
  timeToFirstActionMs: number | null;
  /** True when the tester retitled the step. */
  titled: boolean;
  momentOfTruth: boolean;
  /** Every note with its kind and author (tester or observer). */
  annotations: StepNote[];
  eventIds: string[];
}

/** A full-page screenshot of a step: the image in the zip, its size (device px) and the page it covers (CSS px). */
export interface JourneyFullPage {
  screenshot: string;
  width: number;
  height: number;
  /** Viewport frames stitched into it. */
  viewports: number;
  pageHeight: number;
  coveredHeight: number;
  /** True when the page was too long: the image shows its top `coveredHeight` px. */
  truncated: boolean;
}

export interface JourneyChecklist {
  id: string;
  name: string;
  questions: (Checklist['questions'][number] & {
    answer: { value: boolean | number | string | null; photo: string | null; author: Author; at: string } | null;
  })[];
  scores: { perStage: StageScore[]; overall: number | null };
  complete: boolean;
}

export interface JourneyDocument {
  format: typeof JOURNEY_FORMAT;
  version: typeof JOURNEY_VERSION;
  generator: { name: 'parcours'; version: string };
  session: {
    id: string;
    title: string;
    startedAt: string;
    endedAt: string | null;
    startUrl: string;
    persona: Persona;
    scenario: string;
    goal: string;
    segment: string;
    expectations: string;
    status: string;
    completedAt: string | null;
    browser: { name: string; version: string };
    viewport: { width: number; height: number; deviceScaleFactor: number } | null;
    /** The language the export wrote the map's words in (actions, descriptions, index.html): its locale. */
    language: Locale;
  };
  stages: Stage[];
  steps: JourneyStep[];
  checklist: JourneyChecklist | null;
  metrics: JourneyMetrics;
  /** Where the recording paused or was cut, and why (lib/journey/gaps.ts). */
  gaps: RecordingGap[];
  /** Spans Parcours was away for (its extension reloaded or updated mid-walk): nothing was recorded in them. */
  recorderGaps: (Omit<EventPayloads['extension-restarted'], 'tabsBack'> & { eventId: string; description: string })[];
  events: { count: number; file: 'events.json' };
}

/** A screenshot the bundle must contain, and the path the map refers to it by. */
export interface ScreenshotFile {
  screenshotId: string;
  path: string;
}

/**
 * Builds `journey.json` from a session and its raw events, and lists the screenshot files it refers to
 * (one file per image, named after the first step that shows it).
 */
export function buildJourneyDocument(
  session: SessionRecord,
  events: readonly CapturedEvent[],
  options: {
    locale?: Locale;
    generatorVersion?: string;
    annotations?: readonly AnnotationRecord[];
    answers?: readonly AnswerRecord[];
    edits?: readonly EditRecord[];
    thresholds?: Partial<SignalThresholds>;
  } = {},
): { document: JourneyDocument; screenshots: ScreenshotFile[] } {
  const annotations = options.annotations ?? [];
  const assembled = assembleJourney({ events, annotations, stages: session.stages, locale: options.locale, thresholds: options.thresholds });
  const map = applyEdits(assembled, options.edits ?? [], { events, annotations, locale: options.locale });
  // Hidden steps are the tester's choice to leave them off the map; their events stay in events.json.
  const steps = map.steps.filter((step) => !step.hidden).map((step, index) => ({ ...step, index }));
  const files = new Map<string, string>();
  let evidenceFiles = 0;
  let fullPageFiles = 0;
  const fullPageEvents = new Map(
    events
      .filter((event): event is EventOf<'full-page'> => event.kind === 'full-page' && event.screenshotId != null)
      .map((event) => [event.screenshotId, event]),
  );
  const fullPagesOf = (step: MapStep): JourneyFullPage[] =>
    step.fullPageScreenshotIds.flatMap((screenshotId) => {
      const event = fullPageEvents.get(screenshotId);
      if (!event) return [];
      const path = files.get(screenshotId) ?? `screenshots/full-page-${String(++fullPageFiles).padStart(4, '0')}.jpg`;
      files.set(screenshotId, path);
      const { width, height, viewports, pageHeight, coveredHeight, truncated } = event;
      return [{ screenshot: path, width, height, viewports, pageHeight, coveredHeight, truncated }];
    });
  const journeySteps = steps.map((step: MapStep): JourneyStep => {
    let screenshot: string | null = null;
    if (step.screenshotId) {
      screenshot = files.get(step.screenshotId) ?? `screenshots/${String(step.index + 1).padStart(4, '0')}.jpg`;
      files.set(step.screenshotId, screenshot);
    }
    const late = step.lateScreenshotId ? (files.get(step.lateScreenshotId) ?? `screenshots/${String(step.index + 1).padStart(4, '0')}-late.jpg`) : null;
    if (step.lateScreenshotId && late) files.set(step.lateScreenshotId, late);
    const out: JourneyStep = {
      id: step.id,
      index: step.index,
      kind: step.kind,
      t: step.t,
      at: step.at,
      durationMs: step.durationMs,
      url: step.url,
      pageTitle: step.pageTitle,
      tab: step.tabId,
      frameUrl: step.frameUrl,
      target: step.target
        ? {
            tag: step.target.tag,
            role: step.target.role,
            name: step.target.name,
            text: step.target.text,
            selectors: step.frame ? step.target.selectors.map((alternative) => [...step.frame!.iframeSelectors.flat(), ...alternative]) : step.target.selectors,
          }
        : null,
      frame: step.frame ? { indexPath: step.frame.indexPath, iframeSelectors: step.frame.iframeSelectors } : null,
      point: step.point,
      devicePixelRatio: step.devicePixelRatio,
      screenshot,
      screenshotSource: step.screenshotSource,
      screenshotDelayMs: step.screenshotDelayMs,
      fullPages: fullPagesOf(step),
      stageId: step.stageId,
      action: step.action,
      touchpoint: step.touchpoint,
      emotion: step.emotion
        ? { valence: step.emotion.valence, label: step.emotion.label, score5: step.emotion.valence + 3, author: step.emotion.author }
        : null,
      thoughts: step.thoughts,
      painPoints: step.painPoints,
      opportunities: step.opportunities,
      expectations: step.expectations,
      notes: step.notes,
      signals: step.signals.map((signal) => ({
        id: signal.id,
        type: signal.type,
        description: signal.description,
        value: signal.value,
        decision: signal.decision,
        eventIds: signal.eventIds,
      })),
      timeToFirstActionMs: step.timeToFirstActionMs,
      titled: step.titled,
      momentOfTruth: step.momentOfTruth,
      annotations: step.annotations,
      eventIds: step.eventIds,
    };
    // The contract: a step without a screenshot always says why (the map gives every such step a reason).
    if (!screenshot) out.screenshotMissing = step.screenshotMissing ?? 'not-captured';
    if (late) out.lateScreenshot = late;
    return out;
  });
  const document: JourneyDocument = {
    format: JOURNEY_FORMAT,
    version: JOURNEY_VERSION,
    generator: { name: 'parcours', version: options.generatorVersion ?? '0.1.0' },
    session: {
      id: session.id,
      title: session.title,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      startUrl: session.startUrl,
      persona: session.persona,
      scenario: session.scenario,
      goal: session.goal,
      segment: session.segment,
      expectations: session.expectations,
      status: session.status,
      completedAt: session.completedAt,
      browser: session.browser,
      viewport: session.viewport,
      language: options.locale ?? 'en',
    },
    stages: session.stages,
    steps: journeySteps,
    checklist: journeyChecklist(session, options.answers ?? [], (screenshotId) => {
      const path = files.get(screenshotId) ?? `screenshots/evidence-${String(++evidenceFiles).padStart(4, '0')}.jpg`;
      files.set(screenshotId, path);
      return path;
    }),
    // Counted by the assembler's journeyMetrics on the visible steps, edits included (step screenshots only:
    // checklist evidence photos are counted with their answers).
    metrics: map.metrics,
    gaps: map.gaps,
    recorderGaps: recorderGaps(events).map((gap) => ({
      eventId: gap.id,
      reason: gap.reason,
      version: gap.version,
      previousVersion: gap.previousVersion,
      fromT: gap.fromT,
      toT: gap.toT,
      lastRecordedT: gap.lastRecordedT,
      tabsMissed: gap.tabsMissed,
      description: describeGap(gap, options.locale),
    })),
    events: { count: events.length, file: 'events.json' },
  };
  return { document, screenshots: [...files].map(([screenshotId, path]) => ({ screenshotId, path })) };
}

/** The checklist with its answers; a photo answer refers to its image in the zip (`pathOf` adds it). */
function journeyChecklist(session: SessionRecord, answers: readonly AnswerRecord[], pathOf: (screenshotId: string) => string): JourneyChecklist | null {
  const checklist = session.checklist;
  if (!checklist) return null;
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  return {
    id: checklist.id,
    name: checklist.name,
    questions: checklist.questions.map((question) => {
      const answer = byQuestion.get(question.id);
      const photo = answer?.photoScreenshotId ? pathOf(answer.photoScreenshotId) : null;
      return { ...question, answer: answer ? { value: answer.value, photo, author: answer.author, at: answer.at } : null };
    }),
    scores: checklistScores(checklist, answers, session.stages),
    complete: session.completedAt != null,
  };
}
