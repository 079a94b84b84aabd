/** Small JourneyDocuments for the merge and compare tests: a walk is a list of (stage, url, kind, target name, …). */
import type { JourneyDocument, JourneyStep } from '@/lib/bundle/journey-document';
import { defaultStages } from '@/lib/journey/stages';

export interface StepSpec {
  stage?: string | null;
  url?: string;
  kind?: string;
  name?: string;
  valence?: number;
  ms?: number;
  pain?: string[];
  signals?: { type: string; dismissed?: boolean }[];
  shot?: boolean;
}

export function walk(
  id: string,
  specs: StepSpec[],
  options: { startUrl?: string; persona?: string; stages?: JourneyDocument['stages']; checklist?: JourneyDocument['checklist'] } = {},
): JourneyDocument {
  const steps = specs.map((spec, index): JourneyStep => {
    const kind = spec.kind ?? 'click';
    const url = spec.url ?? 'https://shop.test/';
    return {
      id: `${id}-s${index}`,
      index,
      kind,
      t: index * 1000,
      at: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
      durationMs: spec.ms ?? 1000,
      url,
      pageTitle: null,
      tab: 1,
      frameUrl: null,
      target: kind === 'navigate' ? null : { tag: 'button', role: 'button', name: spec.name ?? 'Go', text: null, selectors: [] },
      frame: null,
      point: null,
      devicePixelRatio: 1,
      screenshot: spec.shot === false ? null : `screenshots/${String(index + 1).padStart(4, '0')}.jpg`,
      ...(spec.shot === false ? { screenshotMissing: 'not-captured' as const } : {}),
      screenshotSource: null,
      screenshotDelayMs: null,
      fullPages: [],
      stageId: spec.stage === undefined ? 'consideration' : spec.stage,
      action: kind === 'navigate' ? `Open ${url}` : `Click “${spec.name ?? 'Go'}”`,
      touchpoint: { site: 'shop.test', page: null, channel: 'web' },
      emotion: spec.valence == null ? null : { valence: spec.valence, label: null, score5: spec.valence + 3, author: 'tester' },
      thoughts: [],
      painPoints: spec.pain ?? [],
      opportunities: [],
      expectations: [],
      notes: [],
      signals: (spec.signals ?? []).map((signal, n) => ({
        id: `${id}-sig${index}-${n}`,
        type: signal.type,
        description: signal.type,
        value: 1,
        decision: signal.dismissed ? ('dismissed' as const) : null,
        eventIds: [],
      })),
      timeToFirstActionMs: null,
      titled: false,
      momentOfTruth: false,
      annotations: [],
      eventIds: [],
    };
  });
  return {
    format: 'parcours.journey',
    version: 1,
    generator: { name: 'parcours', version: '0.1.0' },
    session: {
      id,
      title: `Walk ${id}`,
      startedAt: '2026-11-01T10:00:00.000Z',
      endedAt: '2026-11-01T10:10:00.000Z',
      startUrl: options.startUrl ?? 'https://shop.test/',
      persona: { name: options.persona ?? `Persona ${id}`, description: '' },
      scenario: '',
      goal: '',
      segment: '',
      expectations: '',
      status: 'ended',
      completedAt: null,
      browser: { name: 'Chromium', version: '1' },
      viewport: null,
      language: 'en',
    },
    stages: options.stages ?? defaultStages('en'),
    steps,
    checklist: options.checklist ?? null,
    metrics: { durationMs: 0, steps: steps.length, clicks: 0, pages: 0, backtracks: 0, hesitations: 0, screenshots: 0, perStage: [], timeToFirstAction: [] },
    gaps: [],
    recorderGaps: [],
    events: { count: 0, file: 'events.json' },
  };
}
