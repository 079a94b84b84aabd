import { describe, expect, it } from 'vitest';
import type { AnnotationPayload, Author } from '@/lib/annotations/types';
import type { CapturedEvent } from '@/lib/capture/events';
import { type GroupedStep, groupSteps } from '@/lib/journey/group';
import { NOTE_LANES, type TesterLanes, testerLayers } from '@/lib/journey/layer';
import { LiveSteps } from '@/lib/journey/live-steps';
import { defaultStages, type Stage } from '@/lib/journey/stages';
import type { AnnotationRecord } from '@/lib/store/records';
import { EventFixture, START_EPOCH_MS } from '../fixtures/events';

const STAGES = defaultStages('en');

/** A human step with its layer, to read both at once. */
type LayeredStep = GroupedStep & TesterLanes;

/**
 * A walk: start (t 0), click c1 (1000), a scroll (2500), navigation n1 (3000, too late to be the click's) with
 * its page-load (3300), click c2 (6000) with its screenshot, a checklist photo (no step's), field change f1
 * (8000), stop (10000). Human steps: start, c1, n1, c2, f1 ("Fill in 'Email'").
 */
function walk(): CapturedEvent[] {
  const fixture = new EventFixture();
  fixture.start('start', 0);
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.scroll('sc1', 2500);
  fixture.navigation('n1', 3000, 'https://shop.example/mugs');
  fixture.pageLoad('l1', 3300, 'All mugs');
  fixture.click('c2', 6000, { name: 'Blue mug' });
  fixture.screenshot('c2', 6050, { screenshotId: 'img' });
  fixture.screenshot('photo', 6080, { screenshotId: 'evidence' });
  fixture.fieldChange('f1', 8000, { label: 'Email' });
  fixture.stop('stop', 10_000);
  return fixture.events;
}

let count = 0;

/** An annotation record as the tester layer stores it. */
function record(
  eventId: string | null,
  t: number,
  payload: AnnotationPayload,
  extra: Partial<{ id: string; author: Author; removed: boolean }> = {},
): AnnotationRecord {
  count += 1;
  return {
    ...payload,
    id: extra.id ?? `a${count}`,
    sessionId: 's1',
    eventId,
    t,
    at: new Date(START_EPOCH_MS + t).toISOString(),
    author: extra.author ?? 'tester',
    updatedAt: null,
    removed: extra.removed ?? false,
  } as AnnotationRecord;
}

const emotion = (valence: -2 | -1 | 0 | 1 | 2, label: string | null = null): AnnotationPayload => ({ kind: 'emotion', data: { valence, label } });
const note = (noteKind: 'thought' | 'pain' | 'opportunity' | 'expectation' | 'note', text: string): AnnotationPayload => ({
  kind: 'note',
  data: { noteKind, text },
});
const stage = (stageId: string): AnnotationPayload => ({ kind: 'stage', data: { stageId } });
const moment = (on = true): AnnotationPayload => ({ kind: 'moment-of-truth', data: { on } });

function layered(annotations: AnnotationRecord[], stages: readonly Stage[] = STAGES, events = walk()): LayeredStep[] {
  const steps = groupSteps(events, 'en');
  const layers = testerLayers(steps, annotations, stages, new Map(events.map((event) => [event.id, event.t])));
  return steps.map((step, index) => ({ ...step, ...(layers[index] as TesterLanes) }));
}

function byId(steps: LayeredStep[]): Map<string, LayeredStep> {
  return new Map(steps.map((step) => [step.id, step]));
}

describe('testerLayers', () => {
  it('without annotations: every step in the first stage, no emotion, empty lanes, no moment of truth', () => {
    const steps = layered([]);
    expect(steps.map((step) => step.id)).toEqual(['start', 'c1', 'n1', 'c2', 'f1']);
    for (const step of steps) {
      expect(step).toMatchObject({
        stageId: 'awareness',
        emotion: null,
        thoughts: [],
        painPoints: [],
        opportunities: [],
        expectations: [],
        notes: [],
        annotations: [],
        momentOfTruth: false,
      });
    }
  });

  it('gives one layer per step, in the steps’ order', () => {
    const events = walk();
    const steps = groupSteps(events, 'en');
    expect(testerLayers(steps, [record('f1', 8100, emotion(1))], STAGES, new Map()).map((layer) => layer.emotion?.valence ?? null)).toEqual([
      null,
      null,
      null,
      null,
      1,
    ]);
  });

  it('finds steps as the live steps know them, when told: the same layers', () => {
    const events = walk();
    const live = new LiveSteps('en');
    live.add(events);
    const annotations = [
      record('sc1', 2600, note('thought', 'Long page')),
      record('photo:screenshot', 6100, emotion(-1)),
      record('c2', 7000, stage('decision')),
    ];
    const told = testerLayers(live.steps, annotations, STAGES, { get: (id) => live.timeOf(id) }, (id) => live.stepOf(id)?.index);
    expect(told).toEqual(testerLayers(groupSteps(events, 'en'), annotations, STAGES, new Map(events.map((event) => [event.id, event.t]))));
  });

  it('gives each step the stage current at its time: switches apply from their moment on', () => {
    const steps = byId(layered([record('c1', 2000, stage('decision')), record('n1', 6000, stage('purchase'))]));
    expect(steps.get('start')?.stageId).toBe('awareness');
    expect(steps.get('c1')?.stageId).toBe('awareness');
    expect(steps.get('n1')?.stageId).toBe('decision');
    // A switch at the very time of a step applies to it.
    expect(steps.get('c2')?.stageId).toBe('purchase');
    expect(steps.get('f1')?.stageId).toBe('purchase');
  });

  it('orders switches by time, whatever order they come in', () => {
    const steps = byId(layered([record('n1', 7000, stage('purchase')), record('c1', 2000, stage('decision'))]));
    expect(steps.get('n1')?.stageId).toBe('decision');
    expect(steps.get('f1')?.stageId).toBe('purchase');
  });

  it('ignores removed switches and switches to stages the walk no longer has', () => {
    const steps = byId(
      layered([record('c1', 2000, stage('decision')), record('n1', 4000, stage('purchase'), { removed: true }), record('n1', 5000, stage('deleted-stage'))]),
    );
    expect(steps.get('c2')?.stageId).toBe('decision');
    expect(steps.get('f1')?.stageId).toBe('decision');
  });

  it('gives steps no stage when the walk has none', () => {
    expect(layered([record('c1', 2000, stage('decision'))], []).every((step) => step.stageId === null)).toBe(true);
  });

  it('puts the latest emotion of a step on it, with its author and id', () => {
    const steps = byId(
      layered([
        record('c1', 1200, emotion(-2, 'frustrated'), { id: 'early' }),
        record('c1', 1800, emotion(1, 'reassured'), { id: 'late', author: 'observer' }),
        record('n1', 3500, emotion(0)),
      ]),
    );
    expect(steps.get('c1')?.emotion).toEqual({ valence: 1, label: 'reassured', author: 'observer', annotationId: 'late' });
    expect(steps.get('n1')?.emotion).toMatchObject({ valence: 0, label: null, author: 'tester' });
    expect(steps.get('c2')?.emotion).toBeNull();
  });

  it('decides the latest emotion by time, not by the order of the list', () => {
    const steps = byId(layered([record('c1', 1800, emotion(2), { id: 'late' }), record('c1', 1200, emotion(-2), { id: 'early' })]));
    expect(steps.get('c1')?.emotion?.annotationId).toBe('late');
  });

  it('ignores removed annotations: a removed emotion gives way to the one before', () => {
    const steps = byId(layered([record('c1', 1200, emotion(-1), { id: 'kept' }), record('c1', 1800, emotion(2), { id: 'undone', removed: true })]));
    expect(steps.get('c1')?.emotion?.annotationId).toBe('kept');
    expect(byId(layered([record('c1', 1200, emotion(-1), { removed: true })])).get('c1')?.emotion).toBeNull();
  });

  it('fills the lane of each kind of note, and lists every note with its kind and author in the order written', () => {
    const steps = byId(
      layered([
        record('c2', 6100, note('thought', 'Which one is dishwasher safe?'), { id: 'n-1' }),
        record('c2', 6200, note('pain', 'No size guide'), { id: 'n-2', author: 'observer' }),
        record('c2', 6300, note('opportunity', 'Show capacity in ml'), { id: 'n-3' }),
        record('c2', 6400, note('expectation', 'Free delivery'), { id: 'n-4' }),
        record('c2', 6500, note('note', 'Hesitated 20 s'), { id: 'n-5', author: 'observer' }),
        record('c2', 6600, note('pain', 'Photo too small'), { id: 'n-6' }),
      ]),
    );
    const c2 = steps.get('c2')!;
    expect(c2).toMatchObject({
      thoughts: ['Which one is dishwasher safe?'],
      painPoints: ['No size guide', 'Photo too small'],
      opportunities: ['Show capacity in ml'],
      expectations: ['Free delivery'],
      notes: ['Hesitated 20 s'],
    });
    expect(c2.annotations).toEqual([
      { id: 'n-1', noteKind: 'thought', text: 'Which one is dishwasher safe?', author: 'tester', at: new Date(START_EPOCH_MS + 6100).toISOString() },
      { id: 'n-2', noteKind: 'pain', text: 'No size guide', author: 'observer', at: new Date(START_EPOCH_MS + 6200).toISOString() },
      { id: 'n-3', noteKind: 'opportunity', text: 'Show capacity in ml', author: 'tester', at: expect.any(String) },
      { id: 'n-4', noteKind: 'expectation', text: 'Free delivery', author: 'tester', at: expect.any(String) },
      { id: 'n-5', noteKind: 'note', text: 'Hesitated 20 s', author: 'observer', at: expect.any(String) },
      { id: 'n-6', noteKind: 'pain', text: 'Photo too small', author: 'tester', at: expect.any(String) },
    ]);
    expect(steps.get('f1')?.annotations).toEqual([]);
  });

  it('names the lanes as journey.json does', () => {
    expect(NOTE_LANES).toEqual({ thought: 'thoughts', pain: 'painPoints', opportunity: 'opportunities', expectation: 'expectations', note: 'notes' });
  });

  it('ignores a removed note', () => {
    const c1 = byId(layered([record('c1', 1100, note('pain', 'Gone'), { removed: true }), record('c1', 1200, note('pain', 'Kept'))])).get('c1')!;
    expect(c1.painPoints).toEqual(['Kept']);
    expect(c1.annotations.map((item) => item.text)).toEqual(['Kept']);
  });

  it('puts an annotation anchored to any event of a step on that step: a scroll, a page-load, a screenshot', () => {
    const steps = byId(
      layered([
        record('sc1', 2600, note('thought', 'Long page')), // the scroll at 2500 folds into c1
        record('l1', 3400, emotion(-1)), // the page-load at 3300 is n1's
        record('c2:screenshot', 6100, note('note', 'See the picture')),
      ]),
    );
    expect(steps.get('c1')?.thoughts).toEqual(['Long page']);
    expect(steps.get('n1')?.emotion?.valence).toBe(-1);
    expect(steps.get('c2')?.notes).toEqual(['See the picture']);
  });

  it('puts an annotation anchored to an event of no step (a checklist photo) on the latest step before it', () => {
    expect(byId(layered([record('photo:screenshot', 9000, note('note', 'Evidence'))])).get('c2')?.notes).toEqual(['Evidence']);
  });

  it('puts an annotation anchored to the session start (null) on the first step', () => {
    const steps = layered([record(null, 5000, note('expectation', 'Quick checkout')), record(null, 5001, moment())]);
    expect(steps[0]).toMatchObject({ id: 'start', expectations: ['Quick checkout'], momentOfTruth: true });
  });

  it('puts an annotation anchored to an event it does not know on the first step', () => {
    expect(layered([record('unknown-event', 9000, note('note', 'Lost anchor'))])[0]?.notes).toEqual(['Lost anchor']);
  });

  it('marks moments of truth, the latest tag of a step winning', () => {
    const steps = byId(layered([record('c2', 6100, moment()), record('f1', 8100, moment()), record('f1', 8200, moment(false))]));
    expect(steps.get('c2')?.momentOfTruth).toBe(true);
    expect(steps.get('f1')?.momentOfTruth).toBe(false);
    expect(steps.get('c1')?.momentOfTruth).toBe(false);
  });

  it('gives nothing for a walk without steps, whatever the annotations', () => {
    expect(testerLayers([], [record(null, 0, note('note', 'Alone'))], STAGES, new Map())).toEqual([]);
  });

  it('does not change the steps or annotations it was given', () => {
    const events = walk();
    const steps = groupSteps(events, 'en');
    const snapshot = structuredClone(steps);
    const annotations = [record('c1', 1100, note('pain', 'x')), record('c1', 2000, stage('decision'))];
    const before = structuredClone(annotations);
    testerLayers(steps, annotations, STAGES, new Map(events.map((event) => [event.id, event.t])));
    expect(steps).toEqual(snapshot);
    expect(annotations).toEqual(before);
  });
});
