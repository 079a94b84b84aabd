import { describe, expect, it } from 'vitest';
import { applyEdits, applyEditsWithOutcome, type EditContext, editOrder, redoTarget, undoTarget } from '@/lib/journey/edits';
import type { JourneyMap, MapStep } from '@/lib/journey/map-types';
import type { AnnotationRecord, EditRecord, StepEdit } from '@/lib/store/records';
import { EventFixture, SHOP, START_EPOCH_MS } from '../fixtures/events';
import { editRecord, journeyMap, mapStep, note, signal, withNotes } from '../fixtures/map';

/**
 * The edit layer on hand-built maps: each test builds the map it needs with the fixtures' builder, applies
 * edit records and checks the derived map. applyEdits never changes the map it is given.
 */

/** What a hand-built map is edited with: no raw events (figures drawn from events count nothing). */
const ALONE: EditContext = { events: [] };

const ids = (map: JourneyMap) => map.steps.map((step) => step.id);
const step = (map: JourneyMap, id: string): MapStep => {
  const found = map.steps.find((item) => item.id === id);
  if (!found) throw new Error(`no step ${id} in ${ids(map).join(', ')}`);
  return found;
};

/** Four clicks of one second each, on four screenshots, all in Awareness. */
function fourSteps(): JourneyMap {
  return journeyMap([mapStep('a'), mapStep('b'), mapStep('c'), mapStep('d')]);
}

function edits(...list: [string, StepEdit, Partial<EditRecord>?][]): EditRecord[] {
  return list.map(([id, edit, overrides]) => editRecord(id, edit, overrides));
}

/** A live annotation record of session s1, anchored to an event. */
function annotation(id: string, eventId: string | null, payload: Pick<AnnotationRecord, 'kind' | 'data'>, t = 0): AnnotationRecord {
  return {
    ...payload,
    id,
    sessionId: 's1',
    eventId,
    t,
    at: new Date(START_EPOCH_MS + t).toISOString(),
    author: 'tester',
    updatedAt: null,
    removed: false,
  } as AnnotationRecord;
}

describe('applyEdits: the basics', () => {
  it('returns an equal map, not the same one, when there is nothing to apply', () => {
    const map = fourSteps();
    const before = structuredClone(map);
    const edited = applyEdits(map, [], ALONE);
    expect(edited).toEqual(map);
    expect(edited).not.toBe(map);
    expect(edited.steps[0]).not.toBe(map.steps[0]);
    expect(map).toEqual(before);
  });

  it('never changes the map it is given, whatever it applies', () => {
    const map = journeyMap([
      mapStep('a', { signals: [signal('rage-click', 'a')] }),
      mapStep('b', { eventIds: ['b', 'b2'], ...withNotes(note('n1', 'pain', 'Slow')) }),
      mapStep('c'),
    ]);
    const before = structuredClone(map);
    applyEdits(
      map,
      edits(
        ['x1', { kind: 'title', stepId: 'a', title: 'Open the shop' }],
        ['x2', { kind: 'signal', signalId: 'rage-click:a', decision: 'accepted' }],
        ['x3', { kind: 'split', stepId: 'b', atEventId: 'b2' }],
        ['x4', { kind: 'merge', stepIds: ['a', 'b'] }],
        ['x5', { kind: 'hide', stepId: 'c', hidden: true }],
        ['x6', { kind: 'stage', stepId: 'c', stageId: 'purchase' }],
      ),
      ALONE,
    );
    expect(map).toEqual(before);
  });

  it('applies edits in the order of `at`, not the order given', () => {
    const map = fourSteps();
    const list = edits(
      ['late', { kind: 'title', stepId: 'a', title: 'Second title' }, { at: '2026-03-14T11:00:02.000Z' }],
      ['early', { kind: 'title', stepId: 'a', title: 'First title' }, { at: '2026-03-14T11:00:01.000Z' }],
    );
    expect(step(applyEdits(map, list, ALONE), 'a').action).toBe('Second title');
    expect(step(applyEdits(map, [...list].reverse(), ALONE), 'a').action).toBe('Second title');
  });

  it('keeps the order given between edits made at the same time', () => {
    const at = '2026-03-14T11:00:00.000Z';
    const list = edits(['x1', { kind: 'title', stepId: 'a', title: 'One' }, { at }], ['x2', { kind: 'title', stepId: 'a', title: 'Two' }, { at }]);
    expect(step(applyEdits(fourSteps(), list, ALONE), 'a').action).toBe('Two');
    expect(editOrder(list).map((record) => record.id)).toEqual(['x1', 'x2']);
  });

  it('leaves undone edits out', () => {
    const list = edits(
      ['x1', { kind: 'title', stepId: 'a', title: 'Kept' }],
      ['x2', { kind: 'title', stepId: 'a', title: 'Undone' }, { undone: true, undoneAt: '2026-03-14T12:00:00.000Z' }],
      ['x3', { kind: 'hide', stepId: 'b', hidden: true }, { undone: true, undoneAt: '2026-03-14T12:00:01.000Z' }],
    );
    const edited = applyEdits(fourSteps(), list, ALONE);
    expect(step(edited, 'a').action).toBe('Kept');
    expect(step(edited, 'b').hidden).toBe(false);
  });

  it('skips edits that no longer apply, and says which, without throwing', () => {
    const list = edits(
      ['gone', { kind: 'title', stepId: 'nowhere', title: 'Lost' }],
      ['stage', { kind: 'stage', stepId: 'a', stageId: 'removed-stage' }],
      ['signal', { kind: 'signal', signalId: 'rage-click:zzz', decision: 'accepted' }],
      ['far', { kind: 'merge', stepIds: ['a', 'c'] }],
      ['first', { kind: 'split', stepId: 'b', atEventId: 'b' }],
      ['ok', { kind: 'hide', stepId: 'd', hidden: true }],
    );
    const outcome = applyEditsWithOutcome(fourSteps(), list, ALONE);
    expect(outcome.applied).toEqual(['ok']);
    expect(outcome.skipped).toEqual(['gone', 'stage', 'signal', 'far', 'first']);
    expect(ids(outcome.map)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips edits of unknown kinds or broken shapes (a record from a newer version, a damaged row)', () => {
    const broken = [
      editRecord('k', { kind: 'rotate', stepId: 'a' } as unknown as StepEdit),
      editRecord('m', { kind: 'merge', stepIds: 'a,b' } as unknown as StepEdit),
      editRecord('t', { kind: 'title', stepId: 'a', title: 42 } as unknown as StepEdit),
      editRecord('h', { kind: 'hide', stepId: 'a', hidden: 'yes' } as unknown as StepEdit),
      editRecord('s', { kind: 'signal', signalId: 'x', decision: 'maybe' } as unknown as StepEdit),
      editRecord('n', null as unknown as StepEdit),
    ];
    const outcome = applyEditsWithOutcome(fourSteps(), broken, ALONE);
    expect(outcome.applied).toEqual([]);
    expect(outcome.skipped).toHaveLength(6);
    expect(outcome.map).toEqual(fourSteps());
  });
});

describe('applyEdits: titles', () => {
  it('sets the action to the title and marks the step titled', () => {
    const edited = applyEdits(fourSteps(), edits(['x1', { kind: 'title', stepId: 'b', title: 'Add the mug to the cart' }]), ALONE);
    expect(step(edited, 'b')).toMatchObject({ action: 'Add the mug to the cart', titled: true });
    expect(step(edited, 'a')).toMatchObject({ action: 'Click "a"', titled: false });
  });

  it('skips an empty title', () => {
    const outcome = applyEditsWithOutcome(fourSteps(), edits(['x1', { kind: 'title', stepId: 'b', title: '   ' }]), ALONE);
    expect(outcome.skipped).toEqual(['x1']);
    expect(step(outcome.map, 'b').titled).toBe(false);
  });
});

describe('applyEdits: stages', () => {
  it('moves this step, and only it, to the stage', () => {
    const edited = applyEdits(fourSteps(), edits(['x1', { kind: 'stage', stepId: 'b', stageId: 'purchase' }]), ALONE);
    expect(edited.steps.map((item) => item.stageId)).toEqual(['awareness', 'purchase', 'awareness', 'awareness']);
    expect(edited.metrics.perStage.find((stage) => stage.stageId === 'purchase')).toEqual({ stageId: 'purchase', durationMs: 1000, steps: 1 });
    expect(edited.metrics.perStage.find((stage) => stage.stageId === 'awareness')).toEqual({ stageId: 'awareness', durationMs: 3000, steps: 3 });
  });

  it('skips a stage the walk no longer has', () => {
    const map = journeyMap([mapStep('a'), mapStep('b')], { stages: [{ id: 'awareness', name: 'Awareness', order: 0 }] });
    const outcome = applyEditsWithOutcome(map, edits(['x1', { kind: 'stage', stepId: 'b', stageId: 'purchase' }]), ALONE);
    expect(outcome.skipped).toEqual(['x1']);
    expect(step(outcome.map, 'b').stageId).toBe('awareness');
  });
});

describe('applyEdits: hidden steps', () => {
  it('keeps a hidden step in the list, marked, and leaves it out of the metrics', () => {
    const map = journeyMap([
      mapStep('start', { kind: 'start', screenshotId: 'shot-1' }),
      mapStep('b', { durationMs: 5000 }),
      mapStep('c', { durationMs: 2000, stageId: 'purchase' }),
    ]);
    const edited = applyEdits(map, edits(['x1', { kind: 'hide', stepId: 'b', hidden: true }]), ALONE);
    expect(ids(edited)).toEqual(['start', 'b', 'c']);
    expect(step(edited, 'b').hidden).toBe(true);
    expect(edited.metrics).toMatchObject({ durationMs: map.metrics.durationMs - 5000, steps: 2, screenshots: 2 });
    expect(edited.metrics.perStage.filter((stage) => stage.steps > 0)).toEqual([
      { stageId: 'awareness', durationMs: 1000, steps: 1 },
      { stageId: 'purchase', durationMs: 2000, steps: 1 },
    ]);
  });

  it('shows a step again when a later edit says so', () => {
    const map = fourSteps();
    const edited = applyEdits(map, edits(['x1', { kind: 'hide', stepId: 'b', hidden: true }], ['x2', { kind: 'hide', stepId: 'b', hidden: false }]), ALONE);
    expect(step(edited, 'b').hidden).toBe(false);
    expect(edited.metrics.steps).toBe(4);
    expect(edited.metrics.durationMs).toBe(map.metrics.durationMs);
  });
});

describe('applyEdits: signal decisions', () => {
  it('records the decision on the signal, wherever it is, and a later null makes it undecided again', () => {
    const map = journeyMap([mapStep('a'), mapStep('b', { signals: [signal('dead-click', 'b'), signal('hesitation', 'b')] })]);
    const accepted = applyEdits(map, edits(['x1', { kind: 'signal', signalId: 'dead-click:b', decision: 'accepted' }]), ALONE);
    expect(step(accepted, 'b').signals.map((item) => item.decision)).toEqual(['accepted', null]);
    const undecided = applyEdits(
      map,
      edits(['x1', { kind: 'signal', signalId: 'dead-click:b', decision: 'accepted' }], ['x2', { kind: 'signal', signalId: 'dead-click:b', decision: null }]),
      ALONE,
    );
    expect(step(undecided, 'b').signals[0]?.decision).toBeNull();
  });

  it('does not count a dismissed hesitation', () => {
    const map = journeyMap([mapStep('a', { signals: [signal('hesitation', 'a')] }), mapStep('b', { signals: [signal('hesitation', 'b')] })]);
    const edited = applyEdits(map, edits(['x1', { kind: 'signal', signalId: 'hesitation:a', decision: 'dismissed' }]), ALONE);
    expect(edited.metrics.hesitations).toBe(1);
  });
});

describe('applyEdits: merges', () => {
  function rich(): JourneyMap {
    return journeyMap([
      mapStep('a'),
      mapStep('b', {
        eventIds: ['b', 'b2'],
        durationMs: 2000,
        emotion: { valence: -1, label: 'confused', author: 'tester', annotationId: 'em-b' },
        signals: [signal('rage-click', 'b')],
        timeToFirstActionMs: 800,
        ...withNotes(note('n1', 'thought', 'Where is the cart?'), note('n2', 'pain', 'Tiny button')),
      }),
      mapStep('c', {
        durationMs: 3000,
        emotion: { valence: 1, label: 'reassured', author: 'observer', annotationId: 'em-c' },
        signals: [signal('rage-click', 'b'), signal('dead-click', 'c')],
        momentOfTruth: true,
        screenshotId: null,
        screenshotMissing: 'rate-limited',
        stageId: 'decision',
        ...withNotes(note('n3', 'thought', 'Found it'), note('n4', 'opportunity', 'Bigger button')),
      }),
      mapStep('d', { emotion: { valence: 2, label: null, author: 'tester', annotationId: 'em-d' } }),
      mapStep('e'),
    ]);
  }

  it('merges adjacent steps into the first: events united, lanes concatenated, durations summed, the latest emotion', () => {
    const edited = applyEdits(rich(), edits(['x1', { kind: 'merge', stepIds: ['b', 'c'] }]), ALONE);
    expect(ids(edited)).toEqual(['a', 'b', 'd', 'e']);
    expect(edited.steps.map((item) => item.index)).toEqual([0, 1, 2, 3]);
    const merged = step(edited, 'b');
    expect(merged).toMatchObject({
      action: 'Click "b"',
      eventIds: ['b', 'b2', 'c'],
      durationMs: 5000,
      t: 1000,
      thoughts: ['Where is the cart?', 'Found it'],
      painPoints: ['Tiny button'],
      opportunities: ['Bigger button'],
      emotion: { valence: 1, label: 'reassured', author: 'observer', annotationId: 'em-c' },
      screenshotId: 'shot-b',
      screenshotMissing: null,
      stageId: 'awareness',
      momentOfTruth: true,
      timeToFirstActionMs: 800,
    });
    expect(merged.annotations.map((item) => item.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(merged.signals.map((item) => item.id)).toEqual(['rage-click:b', 'dead-click:c']);
    expect(edited.metrics.steps).toBe(4);
  });

  it('keeps the emotion of an earlier step when the later ones have none', () => {
    const map = journeyMap([mapStep('a', { emotion: { valence: -2, label: null, author: 'tester', annotationId: 'em-a' } }), mapStep('b')]);
    expect(step(applyEdits(map, edits(['x1', { kind: 'merge', stepIds: ['a', 'b'] }]), ALONE), 'a').emotion?.annotationId).toBe('em-a');
  });

  it('merges three steps at once, named in any order', () => {
    const edited = applyEdits(rich(), edits(['x1', { kind: 'merge', stepIds: ['d', 'b', 'c'] }]), ALONE);
    expect(ids(edited)).toEqual(['a', 'b', 'e']);
    expect(step(edited, 'b')).toMatchObject({ eventIds: ['b', 'b2', 'c', 'd'], durationMs: 6000, emotion: { annotationId: 'em-d' } });
  });

  it('takes the first step’s screenshot, even when it has none', () => {
    const edited = applyEdits(rich(), edits(['x1', { kind: 'merge', stepIds: ['c', 'd'] }]), ALONE);
    expect(step(edited, 'c')).toMatchObject({ screenshotId: null, screenshotMissing: 'rate-limited', stageId: 'decision' });
  });

  it('skips merges of steps that are not adjacent, unknown, or fewer than two', () => {
    const outcome = applyEditsWithOutcome(
      rich(),
      edits(
        ['far', { kind: 'merge', stepIds: ['a', 'c'] }],
        ['unknown', { kind: 'merge', stepIds: ['a', 'zz'] }],
        ['alone', { kind: 'merge', stepIds: ['a'] }],
        ['twice', { kind: 'merge', stepIds: ['a', 'a'] }],
        ['none', { kind: 'merge', stepIds: [] }],
      ),
      ALONE,
    );
    expect(outcome.applied).toEqual([]);
    expect(ids(outcome.map)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('counts a step hidden in between as a step: merging across it is not adjacent', () => {
    const outcome = applyEditsWithOutcome(
      rich(),
      edits(['h', { kind: 'hide', stepId: 'b', hidden: true }], ['m', { kind: 'merge', stepIds: ['a', 'c'] }]),
      ALONE,
    );
    expect(outcome.skipped).toEqual(['m']);
  });

  it('hides the merged step only if every part was hidden', () => {
    const someHidden = applyEdits(rich(), edits(['h', { kind: 'hide', stepId: 'c', hidden: true }], ['m', { kind: 'merge', stepIds: ['b', 'c'] }]), ALONE);
    expect(step(someHidden, 'b').hidden).toBe(false);
    const allHidden = applyEdits(
      rich(),
      edits(
        ['h1', { kind: 'hide', stepId: 'b', hidden: true }],
        ['h2', { kind: 'hide', stepId: 'c', hidden: true }],
        ['m', { kind: 'merge', stepIds: ['b', 'c'] }],
      ),
      ALONE,
    );
    expect(step(allHidden, 'b').hidden).toBe(true);
  });

  it('skips later edits of a step merged away, and applies those of the merged step', () => {
    const outcome = applyEditsWithOutcome(
      rich(),
      edits(
        ['m', { kind: 'merge', stepIds: ['b', 'c'] }],
        ['lost', { kind: 'title', stepId: 'c', title: 'About c' }],
        ['kept', { kind: 'title', stepId: 'b', title: 'Find the cart' }],
        ['signal', { kind: 'signal', signalId: 'dead-click:c', decision: 'dismissed' }],
      ),
      ALONE,
    );
    expect(outcome.skipped).toEqual(['lost']);
    expect(step(outcome.map, 'b').action).toBe('Find the cart');
    expect(step(outcome.map, 'b').signals.find((item) => item.id === 'dead-click:c')?.decision).toBe('dismissed');
  });

  it('applies the edits of a step merged away again once the merge is undone', () => {
    const list = edits(
      ['m', { kind: 'merge', stepIds: ['b', 'c'] }, { undone: true, undoneAt: '2026-03-14T12:00:00.000Z' }],
      ['t', { kind: 'title', stepId: 'c', title: 'About c' }],
    );
    expect(step(applyEdits(rich(), list, ALONE), 'c').action).toBe('About c');
  });
});

describe('applyEdits: splits, from the map alone', () => {
  function formStep(): JourneyMap {
    return journeyMap([
      mapStep('a'),
      mapStep('f1', {
        kind: 'form',
        action: 'Fill in the delivery form',
        eventIds: ['f1', 'f2', 'f3', 'sub'],
        durationMs: 8000,
        emotion: { valence: -1, label: 'anxious', author: 'tester', annotationId: 'em' },
        signals: [signal('form-error', 'f2'), signal('hesitation', 'sub')],
        momentOfTruth: true,
        timeToFirstActionMs: 1200,
        ...withNotes(note('n1', 'pain', 'Postcode refused'), note('n2', 'thought', 'Finally')),
      }),
      mapStep('z'),
    ]);
  }

  it('cuts the step in two before the event, re-indexing the steps', () => {
    const edited = applyEdits(formStep(), edits(['x1', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), ALONE);
    expect(ids(edited)).toEqual(['a', 'f1', 'sub', 'z']);
    expect(edited.steps.map((item) => item.index)).toEqual([0, 1, 2, 3]);
    expect(step(edited, 'f1').eventIds).toEqual(['f1', 'f2', 'f3']);
    expect(step(edited, 'sub').eventIds).toEqual(['sub']);
    expect(edited.metrics.steps).toBe(4);
  });

  it('keeps on the first part what it cannot place: notes, lanes, emotion, moment of truth, time, screenshot', () => {
    const edited = applyEdits(formStep(), edits(['x1', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), ALONE);
    const first = step(edited, 'f1');
    const second = step(edited, 'sub');
    expect(first).toMatchObject({
      durationMs: 8000,
      painPoints: ['Postcode refused'],
      thoughts: ['Finally'],
      emotion: { annotationId: 'em' },
      momentOfTruth: true,
      screenshotId: 'shot-f1',
      timeToFirstActionMs: 1200,
    });
    expect(second).toMatchObject({
      t: first.t,
      at: first.at,
      durationMs: 0,
      kind: 'form',
      action: 'Fill in the delivery form',
      titled: false,
      painPoints: [],
      thoughts: [],
      annotations: [],
      emotion: null,
      momentOfTruth: false,
      screenshotId: null,
      screenshotMissing: 'not-captured',
      timeToFirstActionMs: null,
      stageId: 'awareness',
      hidden: false,
    });
  });

  it('sends each signal to the part holding the event its evidence starts at', () => {
    const edited = applyEdits(formStep(), edits(['x1', { kind: 'split', stepId: 'f1', atEventId: 'f3' }]), ALONE);
    expect(step(edited, 'f1').signals.map((item) => item.id)).toEqual(['form-error:f2']);
    expect(step(edited, 'f3').signals.map((item) => item.id)).toEqual(['hesitation:sub']);
  });

  it('keeps the title on the first part; the second is not titled', () => {
    const edited = applyEdits(
      formStep(),
      edits(['t', { kind: 'title', stepId: 'f1', title: 'Give the address' }], ['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]),
      ALONE,
    );
    expect(step(edited, 'f1')).toMatchObject({ action: 'Give the address', titled: true });
    expect(step(edited, 'sub').titled).toBe(false);
  });

  it('both parts keep the step’s stage and hidden mark', () => {
    const edited = applyEdits(
      formStep(),
      edits(
        ['st', { kind: 'stage', stepId: 'f1', stageId: 'purchase' }],
        ['h', { kind: 'hide', stepId: 'f1', hidden: true }],
        ['s', { kind: 'split', stepId: 'f1', atEventId: 'f2' }],
      ),
      ALONE,
    );
    expect([step(edited, 'f1'), step(edited, 'f2')].map((item) => [item.stageId, item.hidden])).toEqual([
      ['purchase', true],
      ['purchase', true],
    ]);
  });

  it('skips a split before the first event, at an event of another step, or of an unknown step', () => {
    const outcome = applyEditsWithOutcome(
      formStep(),
      edits(
        ['first', { kind: 'split', stepId: 'f1', atEventId: 'f1' }],
        ['other', { kind: 'split', stepId: 'f1', atEventId: 'z' }],
        ['nowhere', { kind: 'split', stepId: 'gone', atEventId: 'f2' }],
      ),
      ALONE,
    );
    expect(outcome.skipped).toEqual(['first', 'other', 'nowhere']);
    expect(ids(outcome.map)).toEqual(['a', 'f1', 'z']);
  });

  it('splits a part again, and a merge puts the parts back together', () => {
    const twice = applyEdits(
      formStep(),
      edits(['s1', { kind: 'split', stepId: 'f1', atEventId: 'f3' }], ['s2', { kind: 'split', stepId: 'f1', atEventId: 'f2' }]),
      ALONE,
    );
    expect(ids(twice)).toEqual(['a', 'f1', 'f2', 'f3', 'z']);
    const back = applyEdits(formStep(), edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'f3' }], ['m', { kind: 'merge', stepIds: ['f1', 'f3'] }]), ALONE);
    expect(step(back, 'f1')).toMatchObject({ eventIds: ['f1', 'f2', 'f3', 'sub'], durationMs: 8000 });
    expect(step(back, 'f1').signals.map((item) => item.id)).toEqual(['form-error:f2', 'hesitation:sub']);
  });

  it('lets later edits name the new part by its first event', () => {
    const edited = applyEdits(
      formStep(),
      edits(
        ['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }],
        ['t', { kind: 'title', stepId: 'sub', title: 'Pay' }],
        ['h', { kind: 'hide', stepId: 'f1', hidden: true }],
      ),
      ALONE,
    );
    expect(step(edited, 'sub')).toMatchObject({ action: 'Pay', titled: true, hidden: false });
    expect(step(edited, 'f1').hidden).toBe(true);
  });
});

describe('applyEdits: splits, with the events and annotations known', () => {
  /** A form step on the checkout page: two fields, a submit (with its screenshot) and a scroll after it. */
  function checkout() {
    const fixture = new EventFixture('s1').on(`${SHOP}/checkout`, 'Checkout');
    fixture.start('start', 0);
    fixture.fieldChange('f1', 1000, { label: 'Postcode' });
    fixture.fieldChange('f2', 2000, { label: 'City' });
    fixture.scroll('scroll', 2500);
    fixture.submit('sub', 4000, 'Delivery');
    fixture.screenshot('sub', 4010, { screenshotId: 'shot-sub' }, { point: { x: 5, y: 6 } });
    fixture.click('next', 7000, { name: 'Continue' });
    const map = journeyMap(
      [
        mapStep('start', { kind: 'start', t: 0, durationMs: 1000 }),
        mapStep('f1', {
          kind: 'form',
          t: 1000,
          durationMs: 6000,
          action: 'Fill in "Postcode"',
          url: `${SHOP}/checkout`,
          eventIds: ['f1', 'f2', 'sub'],
          emotion: { valence: 2, label: 'relieved', author: 'tester', annotationId: 'em-sub' },
          momentOfTruth: true,
          ...withNotes(
            note('n-f1', 'pain', 'Postcode refused'),
            note('n-scroll', 'thought', 'Long form'),
            note('n-sub', 'thought', 'Done'),
            note('n-unknown', 'note', 'Kept on the first'),
          ),
        }),
        mapStep('next', { t: 7000, durationMs: 1000 }),
      ],
      { keepTimes: true },
    );
    const annotations = [
      annotation('n-f1', 'f1', { kind: 'note', data: { noteKind: 'pain', text: 'Postcode refused' } }, 1100),
      annotation('n-scroll', 'scroll', { kind: 'note', data: { noteKind: 'thought', text: 'Long form' } }, 2600),
      annotation('n-sub', 'sub', { kind: 'note', data: { noteKind: 'thought', text: 'Done' } }, 4100),
      annotation('em-sub', 'sub', { kind: 'emotion', data: { valence: 2, label: 'relieved' } }, 4200),
      annotation('mot', 'sub', { kind: 'moment-of-truth', data: { on: true } }, 4300),
    ];
    return { map, events: fixture.events, annotations };
  }

  it('gives the second part the time, action, kind, page and screenshot of the event it starts at', () => {
    const { map, events, annotations } = checkout();
    const edited = applyEdits(map, edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), { events, annotations, locale: 'en' });
    expect(step(edited, 'f1')).toMatchObject({ t: 1000, durationMs: 3000, screenshotId: 'shot-f1' });
    expect(step(edited, 'sub')).toMatchObject({
      t: 4000,
      at: new Date(START_EPOCH_MS + 4000).toISOString(),
      durationMs: 3000,
      kind: 'form',
      action: 'Submit the delivery form',
      url: `${SHOP}/checkout`,
      pageTitle: 'Checkout',
      touchpoint: { site: 'shop.example', page: 'Checkout', channel: 'web' },
      screenshotId: 'shot-sub',
      screenshotMissing: null,
      point: { x: 5, y: 6 },
      target: null,
    });
  });

  it('names the second part in the locale asked for', () => {
    const { map, events } = checkout();
    const edited = applyEdits(map, edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), { events, locale: 'fr' });
    expect(step(edited, 'sub').action).toBe('Envoyer le formulaire « delivery »');
  });

  it('sends notes, their lanes, the emotion and the moment of truth to the part of their anchor event', () => {
    const { map, events, annotations } = checkout();
    const edited = applyEdits(map, edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'f2' }]), { events, annotations, locale: 'en' });
    const first = step(edited, 'f1');
    const second = step(edited, 'f2');
    expect(first.annotations.map((item) => item.id)).toEqual(['n-f1', 'n-unknown']);
    expect(first).toMatchObject({ painPoints: ['Postcode refused'], thoughts: [], notes: ['Kept on the first'], emotion: null, momentOfTruth: false });
    // The scroll is not one of the step's events: it goes by its time, after the cut.
    expect(second.annotations.map((item) => item.id)).toEqual(['n-scroll', 'n-sub']);
    expect(second).toMatchObject({ thoughts: ['Long form', 'Done'], painPoints: [], emotion: { annotationId: 'em-sub' }, momentOfTruth: true });
    expect(second).toMatchObject({ action: 'Fill in "City"', kind: 'form', t: 2000, durationMs: 5000 });
    expect(first.durationMs).toBe(1000);
  });

  it('keeps a lane text no note accounts for on the first part', () => {
    const { map, events, annotations } = checkout();
    const f1 = map.steps[1] as MapStep;
    f1.thoughts = ['Typed by hand', ...f1.thoughts];
    const edited = applyEdits(map, edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), { events, annotations, locale: 'en' });
    expect(step(edited, 'f1').thoughts).toEqual(['Typed by hand', 'Long form']);
    expect(step(edited, 'sub').thoughts).toEqual(['Done']);
  });

  it('recounts the metrics of the two parts', () => {
    const { map, events } = checkout();
    const edited = applyEdits(map, edits(['s', { kind: 'split', stepId: 'f1', atEventId: 'sub' }]), { events, locale: 'en' });
    expect(edited.metrics).toMatchObject({ steps: 4, screenshots: 4 });
    expect(edited.metrics.perStage[0]).toEqual({ stageId: 'awareness', durationMs: 8000, steps: 4 });
  });
});

describe('undo and redo targets', () => {
  const at = (second: number) => new Date(START_EPOCH_MS + second * 1000).toISOString();
  const hide = (stepId: string): StepEdit => ({ kind: 'hide', stepId, hidden: true });

  it('undo takes the latest edit that applies; nothing when all are undone', () => {
    const list = [editRecord('a', hide('a'), { at: at(1) }), editRecord('b', hide('b'), { at: at(2), undone: true, undoneAt: at(3) })];
    expect(undoTarget(list)?.id).toBe('a');
    expect(undoTarget([{ ...(list[0] as EditRecord), undone: true }])).toBeNull();
    expect(undoTarget([])).toBeNull();
  });

  it('redo brings back the edit undone last, and nothing once an edit was made after it', () => {
    // a, b, c made; c then b undone: redo gives b, then c.
    const stack = [
      editRecord('a', hide('a'), { at: at(1) }),
      editRecord('b', hide('b'), { at: at(2), undone: true, undoneAt: at(11) }),
      editRecord('c', hide('c'), { at: at(3), undone: true, undoneAt: at(10) }),
    ];
    expect(redoTarget(stack)?.id).toBe('b');
    expect(redoTarget(stack.map((record) => (record.id === 'b' ? { ...record, undone: false, undoneAt: null } : record)))?.id).toBe('c');
    // b undone, then d made: b cannot come back.
    const discarded = [
      editRecord('a', hide('a'), { at: at(1) }),
      editRecord('b', hide('b'), { at: at(2), undone: true, undoneAt: at(5) }),
      editRecord('d', hide('d'), { at: at(6) }),
    ];
    expect(redoTarget(discarded)).toBeNull();
  });

  it('redo gives the edit made after an undo, not the older undone one it discarded', () => {
    // b undone, d made, d undone: redo gives d; then b stays behind d.
    const list = [
      editRecord('a', hide('a'), { at: at(1) }),
      editRecord('b', hide('b'), { at: at(2), undone: true, undoneAt: at(5) }),
      editRecord('d', hide('d'), { at: at(6), undone: true, undoneAt: at(7) }),
    ];
    expect(redoTarget(list)?.id).toBe('d');
    expect(redoTarget(list.map((record) => (record.id === 'd' ? { ...record, undone: false, undoneAt: null } : record)))).toBeNull();
  });

  it('redo has nothing when no edit is undone', () => {
    expect(redoTarget([editRecord('a', hide('a'))])).toBeNull();
    expect(redoTarget([])).toBeNull();
  });
});
