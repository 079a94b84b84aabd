import { describe, expect, it } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import { assembleJourney } from '@/lib/journey/assemble';
import { groupSteps } from '@/lib/journey/group';
import { testerLayers } from '@/lib/journey/layer';
import type { MapStep } from '@/lib/journey/map-types';
import { defaultStages, type Stage } from '@/lib/journey/stages';
import { EventFixture, SHOP, START_EPOCH_MS } from '../fixtures/events';
import { annotation, demoEvents, emotion, moment, note, recordedEvent, stage } from './journey-fixtures';

const STAGES = defaultStages('en');

/** Start (0), click c1 that navigates (1000, n1 1010, l1 1300), click c2 (6000) with a screenshot, stop (10000). */
function walk(): CapturedEvent[] {
  const fixture = new EventFixture();
  fixture.start('start', 0);
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.navigation('n1', 1010, `${SHOP}/mugs`);
  fixture.pageLoad('l1', 1300, 'All mugs');
  fixture.click('c2', 6000, { name: 'Blue mug', selectors: [['#blue']] }, { point: { x: 700, y: 400 } });
  fixture.screenshot('c2', 6050, { screenshotId: 'img' });
  fixture.screenshot('evidence:photo', 7000, { screenshotId: 'photo' });
  fixture.stop('stop', 10_000);
  return fixture.events;
}

const byId = (steps: readonly MapStep[], id: string) => steps.find((step) => step.id === id) as MapStep;

describe('assembleJourney: edge cases', () => {
  it('makes an empty map of no events, with every stage at zero', () => {
    expect(assembleJourney({ events: [], annotations: [], stages: STAGES, locale: 'en' })).toEqual({
      stages: STAGES,
      steps: [],
      metrics: {
        durationMs: 0,
        steps: 0,
        clicks: 0,
        pages: 0,
        backtracks: 0,
        hesitations: 0,
        screenshots: 0,
        perStage: STAGES.map((item) => ({ stageId: item.id, durationMs: 0, steps: 0 })),
        timeToFirstAction: [],
      },
      gaps: [],
    });
  });

  it('keeps annotations of a walk without steps out of the way, and works without stages', () => {
    const map = assembleJourney({ events: [], annotations: [annotation(null, 0, emotion(1))], stages: [], locale: 'en' });
    expect(map).toMatchObject({ stages: [], steps: [], metrics: { perStage: [] } });
  });

  it('makes a map of one step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.stop('stop', 5000);
    const map = assembleJourney({ events: fixture.events, annotations: [], stages: STAGES, locale: 'en' });
    expect(map.steps).toEqual([
      {
        id: 'start',
        index: 0,
        kind: 'start',
        t: 0,
        at: new Date(START_EPOCH_MS).toISOString(),
        durationMs: 5000,
        action: 'Start on "Mug shop"',
        titled: false,
        url: `${SHOP}/`,
        pageTitle: 'Mug shop',
        tabId: 1,
        frameUrl: null,
        touchpoint: { site: 'shop.example', page: 'Mug shop', channel: 'web' },
        target: null,
        frame: null,
        point: null,
        devicePixelRatio: null,
        screenshotId: null,
        screenshotMissing: 'recorder-restarted',
        screenshotSource: null,
        screenshotDelayMs: null,
        lateScreenshotId: null,
        fullPageScreenshotIds: [],
        stageId: 'awareness',
        emotion: null,
        thoughts: [],
        painPoints: [],
        opportunities: [],
        expectations: [],
        notes: [],
        annotations: [],
        momentOfTruth: false,
        signals: [],
        timeToFirstActionMs: null,
        hidden: false,
        eventIds: ['start', 'stop'],
      },
    ]);
    expect(map.metrics).toMatchObject({ durationMs: 5000, steps: 1, pages: 1, screenshots: 0 });
  });

  it('handles steps without screenshots and never invents an emotion', () => {
    const map = assembleJourney({ events: walk(), annotations: [annotation('c2', 6100, emotion(1, 'reassured'))], stages: STAGES, locale: 'en' });
    expect(map.steps.map((step) => [step.id, step.screenshotId, step.screenshotMissing, step.emotion?.valence ?? null])).toEqual([
      ['start', null, 'recorder-restarted', null],
      ['c1', null, 'recorder-restarted', null],
      ['c2', 'img', null, 1],
    ]);
    expect(map.metrics.screenshots).toBe(1);
  });

  it('does not change its inputs', () => {
    const events = demoEvents();
    const annotations = [annotation(null, 0, note('thought', 'Let’s go')), annotation(events[5]?.id ?? null, 500, emotion(-1))];
    const stages = defaultStages('fr');
    const before = structuredClone({ events, annotations, stages });
    assembleJourney({ events: Object.freeze(events), annotations: Object.freeze(annotations), stages: Object.freeze(stages), locale: 'fr' });
    expect({ events, annotations, stages }).toEqual(before);
  });

  it('gives the same map every time (a pure function)', () => {
    const input = { events: demoEvents(), annotations: [annotation(null, 0, emotion(0))], stages: STAGES, locale: 'en' as const };
    expect(assembleJourney(input)).toEqual(assembleJourney(input));
  });
});

describe('assembleJourney: the tester’s layer', () => {
  it('puts an annotation on the step holding its event, whichever event of the step it is', () => {
    const annotations = [
      annotation('n1', 1100, note('pain', 'Slow to open')),
      annotation('l1', 1400, note('thought', 'Nice mugs')),
      annotation('c2:screenshot', 6100, note('opportunity', 'Bigger photos')),
      annotation('c1', 1000, note('expectation', 'A list of mugs')),
      annotation('stop', 10_000, note('note', 'Done')),
    ];
    const map = assembleJourney({ events: walk(), annotations, stages: STAGES, locale: 'en' });
    expect(byId(map.steps, 'c1')).toMatchObject({ painPoints: ['Slow to open'], thoughts: ['Nice mugs'], expectations: ['A list of mugs'] });
    expect(byId(map.steps, 'c2')).toMatchObject({ opportunities: ['Bigger photos'], notes: ['Done'] });
    expect(byId(map.steps, 'c1').annotations.map((item) => item.noteKind)).toEqual(['expectation', 'pain', 'thought']);
  });

  it('places an annotation by time when its event is in no step, and at the start without one', () => {
    const annotations = [
      annotation('evidence:photo:screenshot', 7000, note('note', 'Photo')),
      annotation('nowhere', 3000, note('thought', 'Lost')),
      annotation(null, 0, note('expectation', 'Buy a mug')),
    ];
    const map = assembleJourney({ events: walk(), annotations, stages: STAGES, locale: 'en' });
    expect(byId(map.steps, 'c2').notes).toEqual(['Photo']);
    expect(byId(map.steps, 'start')).toMatchObject({ thoughts: ['Lost'], expectations: ['Buy a mug'] });
  });

  it('keeps the latest emotion of a step, ignores removed annotations, and records notes with their authors in order', () => {
    const annotations = [
      annotation('c1', 1100, emotion(-1, 'confused'), { id: 'e1' }),
      annotation('n1', 1200, emotion(-2, 'frustrated'), { id: 'e2', author: 'observer' }),
      annotation('c1', 1300, emotion(2, 'delighted'), { id: 'e3', removed: true }),
      annotation('c1', 1400, note('pain', 'Hidden button'), { id: 'n1', author: 'observer' }),
      annotation('c1', 1500, note('pain', 'Removed'), { id: 'n2', removed: true }),
    ];
    const step = byId(assembleJourney({ events: walk(), annotations, stages: STAGES, locale: 'en' }).steps, 'c1');
    expect(step.emotion).toEqual({ valence: -2, label: 'frustrated', author: 'observer', annotationId: 'e2' });
    expect(step.painPoints).toEqual(['Hidden button']);
    expect(step.annotations).toEqual([
      { id: 'n1', noteKind: 'pain', text: 'Hidden button', author: 'observer', at: new Date(START_EPOCH_MS + 1400).toISOString() },
    ]);
  });

  it('orders annotations of the same time by when they were written', () => {
    const annotations = [
      annotation('c1', 1000, emotion(1), { id: 'later', at: '2026-03-14T09:31:00.000Z' }),
      annotation('c1', 1000, emotion(-1), { id: 'earlier', at: '2026-03-14T09:30:30.000Z' }),
    ];
    expect(byId(assembleJourney({ events: walk(), annotations, stages: STAGES }).steps, 'c1').emotion?.annotationId).toBe('later');
  });

  it('lets the latest moment-of-truth mark decide', () => {
    const on = [annotation('c1', 1100, moment(true))];
    const off = [...on, annotation('n1', 1200, moment(false))];
    expect(byId(assembleJourney({ events: walk(), annotations: on, stages: STAGES }).steps, 'c1').momentOfTruth).toBe(true);
    expect(byId(assembleJourney({ events: walk(), annotations: off, stages: STAGES }).steps, 'c1').momentOfTruth).toBe(false);
  });

  it('gives each step the stage current at its time, ignoring switches to stages that no longer exist', () => {
    const annotations = [
      annotation(null, 500, stage('consideration')),
      annotation(null, 3000, stage('removed-stage')),
      annotation(null, 5000, stage('purchase')),
    ];
    const map = assembleJourney({ events: walk(), annotations, stages: STAGES, locale: 'en' });
    expect(map.steps.map((step) => [step.id, step.stageId])).toEqual([
      ['start', 'awareness'],
      ['c1', 'consideration'],
      ['c2', 'purchase'],
    ]);
    expect(map.metrics.perStage.filter((row) => row.steps > 0)).toEqual([
      { stageId: 'awareness', durationMs: 1000, steps: 1 },
      { stageId: 'consideration', durationMs: 5000, steps: 1 },
      { stageId: 'purchase', durationMs: 4000, steps: 1 },
    ]);
    expect(map.metrics.perStage).toHaveLength(STAGES.length);
  });

  it('leaves steps without a stage when there are no stages', () => {
    const map = assembleJourney({ events: walk(), annotations: [annotation(null, 500, stage('consideration'))], stages: [] });
    expect(map.steps.map((step) => step.stageId)).toEqual([null, null, null]);
  });

  it('puts the tester’s layer on human steps: an annotation on any event of a step lands on it', () => {
    const events = walk();
    const stages: Stage[] = STAGES.slice(0, 3);
    const annotations = [annotation('c2', 6100, emotion(1)), annotation(null, 2000, stage('comparison')), annotation('l1', 1400, note('thought', 'Hmm'))];
    const layers = testerLayers(groupSteps(events), annotations, stages, new Map(events.map((event) => [event.id, event.t])));
    expect(layers.map((layer) => [layer.stageId, layer.emotion?.valence ?? null, layer.thoughts])).toEqual([
      ['awareness', null, []],
      ['awareness', null, ['Hmm']],
      ['comparison', 1, []],
    ]);
  });
});

describe('assembleJourney: signals, time to first action, options', () => {
  it('puts each signal on its step and the time to first action on the step that acted first on a page', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('dead', 2000, { name: 'Track my order' });
    fixture.click('c1', 8000, { name: 'Mugs', selectors: [['#mugs']] }, { point: { x: 900, y: 40 } });
    fixture.navigation('n1', 8010, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 9610, 'All mugs', { timing: { responseStartMs: 1500, domContentLoadedMs: 1580, loadMs: 1600, transferSize: 1 } });
    fixture.click('c2', 22_000, { name: 'Blue', selectors: [['#blue']] }, { point: { x: 300, y: 300 } });
    fixture.navigation('n2', 22_010, `${SHOP}/blue`, { sameDocument: true });
    fixture.stop('stop', 30_000);
    const map = assembleJourney({ events: fixture.events, annotations: [], stages: STAGES, locale: 'en' });
    expect(map.steps.map((step) => [step.id, step.signals.map((signal) => signal.type), step.timeToFirstActionMs])).toEqual([
      ['start', [], null],
      ['dead', ['dead-click'], 2000],
      ['c1', ['slow-load'], null],
      ['c2', ['hesitation'], 12_390],
    ]);
    expect(map.metrics).toMatchObject({
      hesitations: 1,
      timeToFirstAction: [
        { url: `${SHOP}/`, ms: 2000 },
        { url: `${SHOP}/mugs`, ms: 12_390 },
      ],
    });
  });

  it('takes thresholds and grouping windows from the caller', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('dead', 2000, { name: 'Add to cart' });
    fixture.stop('stop', 10_000);
    const base = { events: fixture.events, annotations: [], stages: STAGES, locale: 'en' as const };
    expect(assembleJourney(base).steps[1]?.signals.map((signal) => signal.type)).toEqual(['dead-click']);
    expect(assembleJourney({ ...base, thresholds: { deadClickWindowMs: 9000 } }).steps[1]?.signals).toEqual([]);
    expect(assembleJourney({ ...base, grouping: { repeatClickMs: 10 } }).steps).toHaveLength(2);
  });
});

describe('assembleJourney: the demo walk', () => {
  /** The tester's annotations of test/walks/demo-walk.mjs, anchored as the recorder anchors them (the latest step event). */
  function demoAnnotations(events: readonly CapturedEvent[]) {
    const track = recordedEvent(events, 'click', (click) => click.target.name === 'Track my order');
    const promo = events.filter((event) => event.kind === 'click' && event.target.name === 'Apply promo code');
    const search = recordedEvent(events, 'navigation', (event) => event.url?.includes('/search') ?? false);
    const reviews = recordedEvent(events, 'navigation', (event) => event.url?.includes('/reviews') ?? false);
    const cart = recordedEvent(events, 'navigation', (event) => event.url?.endsWith('/cart') ?? false);
    const invalid = recordedEvent(events, 'invalid');
    const confirmation = recordedEvent(events, 'navigation', (event) => event.url?.includes('/confirmation') ?? false);
    const last = promo[promo.length - 1] as CapturedEvent;
    return [
      annotation(null, 100, note('expectation', 'Order a gift mug in a few minutes')),
      annotation(track.id, track.t + 700, emotion(-1, 'confused')),
      annotation(track.id, track.t + 750, note('pain', 'Track my order does nothing')),
      annotation(last.id, last.t + 700, emotion(-2, 'frustrated')),
      annotation(last.id, last.t + 750, stage('consideration')),
      annotation(search.id, search.t + 700, stage('comparison')),
      annotation(reviews.id, reviews.t + 1500, emotion(1, 'reassured')),
      annotation(reviews.id, reviews.t + 1550, stage('decision')),
      annotation(cart.id, cart.t + 700, stage('purchase')),
      annotation(invalid.id, invalid.t + 900, emotion(-1, 'anxious')),
      annotation(invalid.id, invalid.t + 950, note('pain', 'The email error only shows after submitting')),
      annotation(confirmation.id, confirmation.t + 2900, emotion(2, 'satisfied')),
      annotation(confirmation.id, confirmation.t + 2950, note('thought', 'Done, but the confirmation took a while')),
      annotation(confirmation.id, confirmation.t + 3000, note('opportunity', 'Validate the email as it is typed')),
    ];
  }

  it('assembles the recorded walk into its map: steps, stages, emotions, notes, signals and metrics', () => {
    const events = demoEvents();
    const map = assembleJourney({ events, annotations: demoAnnotations(events), stages: STAGES, locale: 'en' });
    expect(
      map.steps.map((step) => [
        step.action,
        step.stageId,
        step.emotion ? `${step.emotion.valence} ${step.emotion.label}` : null,
        [...step.painPoints, ...step.thoughts, ...step.opportunities, ...step.expectations],
        step.signals.map((signal) => signal.type),
      ]),
    ).toEqual([
      ['Start on "Parcours Shop – Home"', 'awareness', null, ['Order a gift mug in a few minutes'], []],
      ['Click "Track my order"', 'awareness', '-1 confused', ['Track my order does nothing'], ['dead-click']],
      ['Click "Apply promo code" (4 times)', 'awareness', '-2 frustrated', [], ['rage-click']],
      ['Fill in the search form', 'consideration', null, [], []],
      ['Click "Stoneware Mug"', 'comparison', null, [], []],
      ['Click "Read reviews"', 'comparison', null, [], []],
      ['Go to Parcours Shop – Reviews of Stoneware Mug', 'comparison', '1 reassured', [], []],
      ['Click "Increase quantity"', 'decision', null, [], []],
      ['Click "Add to cart"', 'decision', null, [], []],
      ['Click "View cart"', 'decision', null, [], []],
      ['Click "Proceed to checkout"', 'purchase', null, [], []],
      ['Fill in the shipping form', 'purchase', '-1 anxious', ['The email error only shows after submitting'], ['form-error']],
      ['Fill in the shipping form again', 'purchase', null, [], []],
      ['Fill in the card form', 'purchase', '2 satisfied', ['Done, but the confirmation took a while', 'Validate the email as it is typed'], ['slow-load']],
    ]);
    expect(map.metrics).toMatchObject({ steps: 14, clicks: 16, pages: 8, backtracks: 0, hesitations: 0, screenshots: 14 });
    expect(map.metrics.perStage.map((row) => [row.stageId, row.steps])).toEqual([
      ['awareness', 3],
      ['consideration', 1],
      ['comparison', 3],
      ['decision', 3],
      ['purchase', 4],
      ['retention', 0],
      ['advocacy', 0],
    ]);
    expect(map.metrics.perStage.reduce((sum, row) => sum + row.durationMs, 0)).toBe(map.metrics.durationMs);
  });
});

describe('assembleJourney: a long walk', () => {
  it('assembles a 5,000-step walk correctly (the grouping, layer and signals stay O(n log n))', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const annotations = [];
    for (let i = 0; i < 5000; i++) {
      const t = 1000 + i * 3000;
      fixture.click(`c${i}`, t, { name: `Item ${i}`, selectors: [[`#item-${i}`]] }, { point: { x: i % 2 === 0 ? 100 : 900, y: 300 } });
      fixture.screenshot(`c${i}`, t + 60, { screenshotId: `img-${i % 1000}` });
      fixture.navigation(`n${i}`, t + 20, `${SHOP}/item/${i}`, { sameDocument: true });
      if (i % 100 === 0) annotations.push(annotation(`n${i}`, t + 500, emotion(i % 200 === 0 ? 1 : -1)));
      if (i % 1000 === 0) annotations.push(annotation(null, t - 10, stage(STAGES[i / 1000]?.id ?? 'awareness')));
    }
    fixture.stop('stop', 1000 + 5000 * 3000);
    const map = assembleJourney({ events: fixture.events, annotations, stages: STAGES, locale: 'en' });
    expect(map.steps).toHaveLength(5001);
    expect(map.steps.every((step, index) => step.index === index)).toBe(true);
    expect(map.steps[4001]).toMatchObject({ id: 'c4000', action: 'Click "Item 4000"', eventIds: ['c4000', 'n4000', 'c4000:screenshot'], durationMs: 3000 });
    expect(map.steps.filter((step) => step.emotion != null)).toHaveLength(50);
    expect(map.steps.flatMap((step) => step.signals)).toEqual([]);
    expect(map.metrics).toMatchObject({ steps: 5001, clicks: 5000, pages: 5001, screenshots: 1000, durationMs: 1000 + 5000 * 3000 });
    expect(map.metrics.perStage.map((row) => row.steps)).toEqual([1001, 1000, 1000, 1000, 1000, 0, 0]);
  });
});
