import type { CapturedEvent } from '../capture/events';
import type { Locale } from '../i18n';
import { defaultStages, type Stage } from '../journey/stages';
import { buildSteps, type Step } from '../journey/steps';
import type { SessionRecord } from '../store/records';

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
  screenshot: string | null;
  screenshotMissing?: string;
  stageId: string | null;
  action: string;
  touchpoint: { site: string | null; page: string | null; channel: 'web' };
  emotion: { valence: number; label: string | null } | null;
  thoughts: string[];
  painPoints: string[];
  opportunities: string[];
  expectations: string[];
  notes: string[];
  signals: { type: string }[];
  eventIds: string[];
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
    persona: string;
    scenario: string;
    goal: string;
    status: string;
    browser: { name: string; version: string };
    viewport: { width: number; height: number; deviceScaleFactor: number } | null;
  };
  stages: Stage[];
  steps: JourneyStep[];
  metrics: {
    durationMs: number;
    steps: number;
    clicks: number;
    pages: number;
    screenshots: number;
    perStage: { stageId: string; durationMs: number; steps: number }[];
  };
  events: { count: number; file: 'events.json' };
}

/** A screenshot the bundle must contain, and the path the map refers to it by. */
export interface ScreenshotFile {
  screenshotId: string;
  path: string;
}

function touchpointOf(step: Step): JourneyStep['touchpoint'] {
  if (!step.url) return { site: null, page: step.pageTitle, channel: 'web' };
  try {
    const url = new URL(step.url);
    return { site: url.host, page: step.pageTitle ?? url.pathname, channel: 'web' };
  } catch {
    return { site: null, page: step.pageTitle, channel: 'web' };
  }
}

function pageKey(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Builds `journey.json` from a session and its raw events, and lists the screenshot files it refers to
 * (one file per image, named after the first step that shows it).
 */
export function buildJourneyDocument(
  session: SessionRecord,
  events: readonly CapturedEvent[],
  options: { locale?: Locale; generatorVersion?: string } = {},
): { document: JourneyDocument; screenshots: ScreenshotFile[] } {
  const steps = buildSteps(events, options.locale);
  const files = new Map<string, string>();
  const journeySteps = steps.map((step): JourneyStep => {
    let screenshot: string | null = null;
    if (step.screenshotId) {
      screenshot = files.get(step.screenshotId) ?? `screenshots/${String(step.index + 1).padStart(4, '0')}.jpg`;
      files.set(step.screenshotId, screenshot);
    }
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
      screenshot,
      stageId: null,
      action: step.action,
      touchpoint: touchpointOf(step),
      emotion: null,
      thoughts: [],
      painPoints: [],
      opportunities: [],
      expectations: [],
      notes: [],
      signals: [],
      eventIds: step.eventIds,
    };
    if (!screenshot && step.screenshotMissing) out.screenshotMissing = step.screenshotMissing;
    return out;
  });
  const last = events.reduce((max, event) => Math.max(max, event.t), 0);
  const pages = new Set(steps.filter((step) => step.kind === 'navigation' || step.kind === 'start').map((step) => pageKey(step.url)));
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
      status: session.status,
      browser: session.browser,
      viewport: session.viewport,
    },
    stages: defaultStages(options.locale),
    steps: journeySteps,
    metrics: {
      durationMs: last,
      steps: journeySteps.length,
      clicks: steps.filter((step) => step.kind === 'click').length,
      pages: pages.size,
      screenshots: files.size,
      perStage: [],
    },
    events: { count: events.length, file: 'events.json' },
  };
  return { document, screenshots: [...files].map(([screenshotId, path]) => ({ screenshotId, path })) };
}
