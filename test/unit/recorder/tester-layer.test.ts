import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist } from '@/lib/annotations/checklist';
import { MAX_NOTE_LENGTH } from '@/lib/annotations/text';
import type { AnnotationPayload } from '@/lib/annotations/types';
import { type GroupedStep, groupSteps } from '@/lib/journey/group';
import { ProtocolFailure } from '@/lib/messaging/protocol';
import { TesterLayer } from '@/lib/recorder/tester-layer';
import { ParcoursDatabase } from '@/lib/store/db';
import type { AnnotationRecord, SessionRecord } from '@/lib/store/records';
import { EventFixture, field, START_EPOCH_MS, sessionRecord } from '../fixtures/events';
import { demoEvents } from '../journey/journey-fixtures';

/**
 * The writer of the tester's layer on a real (fake-indexeddb) database. Sessions and events are written
 * directly, as the session controller would have left them; no controller is involved.
 */

let db: ParcoursDatabase;
let time = START_EPOCH_MS;
let layer: TesterLayer;
let databaseCount = 0;

beforeEach(async () => {
  databaseCount += 1;
  db = new ParcoursDatabase(`tester-layer-test-${databaseCount}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  time = START_EPOCH_MS;
  layer = new TesterLayer(db, { now: () => time });
});

afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const CHECKLIST: Checklist = {
  id: 'visit',
  name: 'Store visit',
  questions: [
    { id: 'greeted', stageId: 'awareness', text: 'Were you greeted?', type: 'yes-no', required: true, photo: false },
    { id: 'ease', stageId: 'purchase', text: 'How easy was paying?', type: 'score', required: true, photo: true },
    { id: 'comment', stageId: null, text: 'Anything else?', type: 'text', required: false, photo: false },
  ],
};

/** A walk being recorded (s1 unless said otherwise), with the default stages. */
async function addSession(overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
  const session = sessionRecord({ status: 'recording', endedAt: null, ...overrides });
  await db.sessions.add(session);
  return session;
}

/** Stores the events a fixture built, as committed events. */
async function store(fixture: EventFixture): Promise<void> {
  await db.events.bulkAdd(fixture.events);
}

async function session(id = 's1'): Promise<SessionRecord> {
  const stored = await db.sessions.get(id);
  if (!stored) throw new Error(`no session ${id}`);
  return stored;
}

async function annotation(id: string): Promise<AnnotationRecord> {
  const stored = await db.annotations.get(id);
  if (!stored) throw new Error(`no annotation ${id}`);
  return stored;
}

async function failureOf(promise: Promise<unknown>): Promise<ProtocolFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProtocolFailure)) throw new Error(`expected a ProtocolFailure, got ${String(error)}`);
  return error;
}

const emotion = (valence: -2 | -1 | 0 | 1 | 2, label: string | null = null): AnnotationPayload => ({ kind: 'emotion', data: { valence, label } });
const note = (text: string, noteKind: 'thought' | 'pain' | 'opportunity' | 'expectation' | 'note' = 'thought'): AnnotationPayload => ({
  kind: 'note',
  data: { noteKind, text },
});

/** A walk on the shop: start, a click, a scroll and a page-load (which make no step). */
async function walkWithClick(): Promise<EventFixture> {
  await addSession();
  const fixture = new EventFixture();
  fixture.start('start', 0);
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.scroll('sc1', 1500);
  fixture.pageLoad('l1', 1600, 'Mugs');
  await store(fixture);
  return fixture;
}

describe('annotate: where an annotation lands', () => {
  it('lands on the latest human step, not on a later scroll or page-load', async () => {
    await walkWithClick();
    const { annotation: stored, anchor } = await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(-1) });
    expect(stored.eventId).toBe('c1');
    expect(anchor).toEqual({ eventId: 'c1', action: 'Click "Mugs"' });
  });

  it.each([
    [
      'a navigation the click caused: the click’s step',
      (fixture: EventFixture) => fixture.navigation('n', 1800, 'https://shop.example/cart'),
      'c1',
      'Click "Mugs"',
    ],
    ['a navigation nothing caused: its own step', (fixture: EventFixture) => fixture.navigation('n', 4000, 'https://shop.example/cart'), 'n', 'Go to /cart'],
    ['a submit right after the click: the click sent a form', (fixture: EventFixture) => fixture.submit('s', 1400, 'Checkout'), 'c1', 'Click "Mugs"'],
    ['a field changed: a form step', (fixture: EventFixture) => fixture.fieldChange('f', 4000, { label: 'Email' }), 'f', 'Fill in "Email"'],
    [
      'a field refused on its own: a form step',
      (fixture: EventFixture) => fixture.invalid('i', 4000, { label: 'Email' }, 'Required'),
      'i',
      'Form error on "Email": Required',
    ],
    [
      'a tab the click opened: the click’s step',
      (fixture: EventFixture) => fixture.tabOpened('tab', 1500, 2, 'https://shop.example/help'),
      'c1',
      'Click "Mugs"',
    ],
  ])('after %s', async (_what, make, eventId, action) => {
    await addSession();
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    make(fixture);
    fixture.scroll('after', 4500);
    await store(fixture);
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(0) })).anchor).toEqual({ eventId, action });
  });

  it('names a form being filled as the map does: the form, not its last field', async () => {
    await addSession();
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.add('field-focus', 'fo1', 1000, { field: field({ label: 'Full name', selectors: [['#name']] }) });
    fixture.fieldChange('ch1', 1500, { label: 'Full name', selectors: [['#name']] });
    fixture.add('field-focus', 'fo2', 1600, { field: field({ label: 'CVC', selectors: [['#cvc']] }) });
    fixture.fieldChange('ch2', 2000, { label: 'CVC', selectors: [['#cvc']] });
    fixture.click('pay', 2500, { name: 'Continue to payment', selectors: [['#pay']] });
    fixture.add('submit', 'sent', 2520, { form: { name: 'shipping-form', selectors: [['form#shipping-form']], method: 'post', action: null, fieldCount: 2 } });
    await store(fixture);
    const { anchor } = await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(-1) });
    expect(anchor).toEqual({ eventId: 'fo1', action: 'Fill in the shipping form' });
    // The step selected by one of its events is named the same way.
    await layer.select('s1', 'ch2');
    expect((await layer.annotate({ id: 'a2', author: 'tester', payload: emotion(1) })).anchor).toEqual({ eventId: 'ch2', action: 'Fill in the shipping form' });
  });

  it('lands on the map’s last step of the recorded demo walk, read as it was committed', async () => {
    await addSession();
    const events = demoEvents().map((event) => ({ ...event, sessionId: 's1' }));
    const steps = groupSteps(events, 'en');
    const last = steps[steps.length - 1] as GroupedStep;
    // Committed in two goes: the second read adds only the events after the first.
    const half = Math.floor(events.length / 2);
    await db.events.bulkAdd(events.filter((event) => event.seq < half));
    await layer.latestStep('s1');
    await db.events.bulkAdd(events.filter((event) => event.seq >= half));
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(1) })).anchor).toEqual({ eventId: last.id, action: last.action });
    expect((await layer.latestStep('s1'))?.id).toBe(last.id);
  });

  it('finds the latest step however many events follow it', async () => {
    await addSession();
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000);
    for (let i = 0; i < 450; i++) fixture.scroll(`scroll-${i}`, 2000 + i);
    await store(fixture);
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(1) })).annotation.eventId).toBe('c1');
  });

  it('lands on the session start when there is only the start', async () => {
    await addSession();
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.pageLoad('l1', 300, 'Mug shop');
    await store(fixture);
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(1) })).anchor.eventId).toBe('start');
  });

  it('lands on null (the session start) when there is no step yet', async () => {
    await addSession();
    const { annotation: stored, anchor } = await layer.annotate({ id: 'a1', author: 'tester', payload: note('First impression') });
    expect(stored.eventId).toBeNull();
    expect(anchor).toEqual({ eventId: null, action: null });
    const fixture = new EventFixture();
    fixture.scroll('sc', 100);
    fixture.pageLoad('l1', 200, 'Mugs');
    await store(fixture);
    expect((await layer.annotate({ id: 'a2', author: 'tester', payload: note('Still nothing') })).annotation.eventId).toBeNull();
  });

  it('lands on the step selected in the side panel rather than the latest one', async () => {
    const fixture = await walkWithClick();
    fixture.click('c2', 3000, { name: 'Blue mug' });
    await db.events.add(fixture.events.at(-1)!);
    await layer.select('s1', 'start');
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(2) })).anchor).toEqual({
      eventId: 'start',
      action: expect.stringMatching(/^Start/),
    });
    await layer.select('s1', null);
    expect((await layer.annotate({ id: 'a2', author: 'tester', payload: emotion(2) })).annotation.eventId).toBe('c2');
  });

  it('lands on the step named in the request, or on the session start for null', async () => {
    await walkWithClick();
    expect((await layer.annotate({ id: 'a1', eventId: 'start', author: 'tester', payload: note('x') })).annotation.eventId).toBe('start');
    expect((await layer.annotate({ id: 'a2', eventId: null, author: 'tester', payload: note('y') })).annotation.eventId).toBeNull();
  });

  it('refuses a step of another walk, or one that does not exist', async () => {
    await walkWithClick();
    await addSession({ id: 's2', status: 'ended' });
    const other = new EventFixture('s2');
    other.click('elsewhere', 10);
    await store(other);
    expect((await failureOf(layer.annotate({ id: 'a1', eventId: 'elsewhere', author: 'tester', payload: note('x') }))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.annotate({ id: 'a2', eventId: 'ghost', author: 'tester', payload: note('x') }))).error.code).toBe('invalid-state');
    expect(await db.annotations.count()).toBe(0);
  });

  it('annotates the walk being recorded, or the session named (a finished one too)', async () => {
    await walkWithClick();
    await addSession({ id: 'old', status: 'ended' });
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: note('Live') })).annotation.sessionId).toBe('s1');
    expect((await layer.annotate({ id: 'a2', sessionId: 'old', author: 'observer', payload: note('Afterwards') })).annotation).toMatchObject({
      sessionId: 'old',
      eventId: null,
    });
  });

  it('says no-session when nothing is recorded and no session is named, or the one named does not exist', async () => {
    expect((await failureOf(layer.annotate({ id: 'a1', author: 'tester', payload: note('x') }))).error.code).toBe('no-session');
    expect((await failureOf(layer.annotate({ id: 'a1', sessionId: 'ghost', author: 'tester', payload: note('x') }))).error.code).toBe('no-session');
  });

  it('stamps the annotation with the time since the start, the author, and as live', async () => {
    await walkWithClick();
    time = START_EPOCH_MS + 4321;
    const { annotation: stored } = await layer.annotate({ id: 'a1', author: 'observer', payload: emotion(-2, 'frustrated') });
    expect(stored).toEqual({
      id: 'a1',
      sessionId: 's1',
      eventId: 'c1',
      kind: 'emotion',
      data: { valence: -2, label: 'frustrated' },
      t: 4321,
      at: new Date(START_EPOCH_MS + 4321).toISOString(),
      author: 'observer',
      updatedAt: null,
      removed: false,
    });
    expect(await annotation('a1')).toEqual(stored);
  });

  it('counts any author other than an observer as the tester', async () => {
    await walkWithClick();
    const { annotation: stored } = await layer.annotate({ id: 'a1', author: 'admin' as never, payload: note('x') });
    expect(stored.author).toBe('tester');
  });
});

describe('annotate: emotions and moments of truth', () => {
  it('replaces the emotion of a step tagged again by the same author: the old one is marked removed, not deleted', async () => {
    await walkWithClick();
    expect((await layer.annotate({ id: 'first', author: 'tester', payload: emotion(-1) })).replaced).toEqual([]);
    time += 2000;
    const answer = await layer.annotate({ id: 'second', author: 'tester', payload: emotion(1) });
    expect(await annotation('first')).toMatchObject({ removed: true, updatedAt: new Date(time).toISOString() });
    expect(await annotation('second')).toMatchObject({ removed: false, data: { valence: 1 } });
    // Named in the answer, so an undo can bring it back.
    expect(answer.replaced).toEqual(['first']);
  });

  it('names what it replaced again when the same request is sent again, and nothing removed for another reason', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'first', author: 'tester', payload: emotion(-1) });
    time += 1000;
    await layer.annotate({ id: 'second', author: 'tester', payload: emotion(0) });
    time += 1000;
    await layer.annotate({ id: 'third', author: 'tester', payload: emotion(1) });
    expect((await layer.annotate({ id: 'third', author: 'tester', payload: emotion(1) })).replaced).toEqual(['second']);
    expect((await layer.annotate({ id: 'second', author: 'tester', payload: emotion(0) })).replaced).toEqual(['first']);
    await layer.setRemoved('third', true);
    expect((await layer.annotate({ id: 'third', author: 'tester', payload: emotion(1) })).replaced).toEqual(['second']);
  });

  it('keeps the tester emotion when an observer tags the same step', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'mine', author: 'tester', payload: emotion(-1) });
    expect((await layer.annotate({ id: 'theirs', author: 'observer', payload: emotion(2) })).replaced).toEqual([]);
    expect((await annotation('mine')).removed).toBe(false);
    expect((await annotation('theirs')).removed).toBe(false);
  });

  it('keeps the emotion of another step', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'on-start', eventId: 'start', author: 'tester', payload: emotion(1) });
    await layer.annotate({ id: 'on-click', eventId: 'c1', author: 'tester', payload: emotion(-1) });
    expect((await annotation('on-start')).removed).toBe(false);
  });

  it('does not let a note replace an emotion', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'feel', author: 'tester', payload: emotion(-1) });
    await layer.annotate({ id: 'say', author: 'tester', payload: note('Why so slow') });
    expect((await annotation('feel')).removed).toBe(false);
  });

  it('replaces a moment of truth of the same step and author the same way', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'm1', author: 'tester', payload: { kind: 'moment-of-truth', data: { on: true } } });
    await layer.annotate({ id: 'm2', author: 'tester', payload: { kind: 'moment-of-truth', data: { on: false } } });
    expect((await annotation('m1')).removed).toBe(true);
    expect(await annotation('m2')).toMatchObject({ removed: false, data: { on: false } });
  });

  it('takes a moment of truth without data as on', async () => {
    await walkWithClick();
    const { annotation: stored } = await layer.annotate({ id: 'm1', author: 'tester', payload: { kind: 'moment-of-truth' } as never });
    expect(stored.data).toEqual({ on: true });
  });

  it('cleans the emotion label to one short line, and stores a blank label as none', async () => {
    await walkWithClick();
    expect((await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(0, `  very\n${'x'.repeat(60)} `) })).annotation.data).toEqual({
      valence: 0,
      label: `very ${'x'.repeat(35)}`,
    });
    expect((await layer.annotate({ id: 'a2', author: 'tester', payload: emotion(0, '   ') })).annotation.data).toEqual({ valence: 0, label: null });
  });

  it('refuses a valence outside -2..+2 or not a whole number', async () => {
    await walkWithClick();
    for (const valence of [3, -3, 0.5, '1', null, undefined]) {
      const payload = { kind: 'emotion', data: { valence, label: null } } as unknown as AnnotationPayload;
      expect((await failureOf(layer.annotate({ id: `bad-${String(valence)}`, author: 'tester', payload }))).error.code, String(valence)).toBe('invalid-state');
    }
    expect(await db.annotations.count()).toBe(0);
  });

  it('is idempotent by id: a request re-sent after a restart changes nothing and answers the same', async () => {
    await walkWithClick();
    const first = await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(-1) });
    time += 5000;
    const again = await layer.annotate({ id: 'a1', author: 'tester', payload: emotion(-1) });
    expect(again).toEqual(first);
    // Even a re-send with other content keeps what was stored first.
    const different = await layer.annotate({ id: 'a1', author: 'observer', payload: emotion(2) });
    expect(different.annotation).toEqual(first.annotation);
    expect(await db.annotations.count()).toBe(1);
    expect((await annotation('a1')).removed).toBe(false);
  });
});

describe('annotate: notes', () => {
  it('stores a note cleaned: trimmed, control characters removed', async () => {
    await walkWithClick();
    const { annotation: stored } = await layer.annotate({ id: 'n1', author: 'tester', payload: note('  Shipping\u0000 cost\r\nat the end  ', 'pain') });
    expect(stored.data).toEqual({ noteKind: 'pain', text: 'Shipping cost\nat the end' });
  });

  it('cuts a note of 10,000+ characters with a marker', async () => {
    await walkWithClick();
    const { annotation: stored } = await layer.annotate({ id: 'n1', author: 'tester', payload: note('z'.repeat(12_345)) });
    const text = stored.kind === 'note' ? stored.data.text : '';
    expect(text).toHaveLength(MAX_NOTE_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it('keeps markup as plain text', async () => {
    await walkWithClick();
    const markup = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    const { annotation: stored } = await layer.annotate({ id: 'n1', author: 'tester', payload: note(markup, 'opportunity') });
    expect(stored.data).toEqual({ noteKind: 'opportunity', text: markup });
  });

  it('refuses an empty note and stores nothing', async () => {
    await walkWithClick();
    for (const text of ['', '   \n ', '\u0000']) {
      expect((await failureOf(layer.annotate({ id: 'n1', author: 'tester', payload: note(text) }))).error).toMatchObject({ code: 'invalid-state' });
    }
    expect(
      (await failureOf(layer.annotate({ id: 'n2', author: 'tester', payload: { kind: 'note', data: { noteKind: 'thought' } } as never }))).error.code,
    ).toBe('invalid-state');
    expect(await db.annotations.count()).toBe(0);
  });

  it('refuses an unknown kind of note, and an unknown kind of annotation (stages switch through switchStage)', async () => {
    await walkWithClick();
    const badNote = { kind: 'note', data: { noteKind: 'rant', text: 'x' } } as unknown as AnnotationPayload;
    expect((await failureOf(layer.annotate({ id: 'n1', author: 'tester', payload: badNote }))).error.message).toMatch(/kind of note/);
    expect((await failureOf(layer.annotate({ id: 'n2', author: 'tester', payload: { kind: 'stage', data: { stageId: 'purchase' } } }))).error.message).toMatch(
      /Unknown annotation/,
    );
    expect((await failureOf(layer.annotate({ id: 'n3', author: 'tester', payload: null as never }))).error.code).toBe('invalid-state');
    expect(await db.annotations.count()).toBe(0);
  });

  it('keeps several notes on one step', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'n1', author: 'tester', payload: note('One') });
    await layer.annotate({ id: 'n2', author: 'tester', payload: note('Two') });
    expect((await db.annotations.toArray()).map((item) => item.removed)).toEqual([false, false]);
  });
});

describe('editNote, setRemoved', () => {
  it('edits the text of a note, cleaned, and stamps updatedAt', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'n1', author: 'tester', payload: note('Frist') });
    time = START_EPOCH_MS + 9000;
    const edited = await layer.editNote('n1', '  First\u0007 ');
    expect(edited).toMatchObject({ data: { noteKind: 'thought', text: 'First' }, updatedAt: new Date(START_EPOCH_MS + 9000).toISOString() });
    expect(await annotation('n1')).toEqual(edited);
  });

  it('refuses an empty text, an emotion and an unknown annotation', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'n1', author: 'tester', payload: note('Keep me') });
    await layer.annotate({ id: 'e1', author: 'tester', payload: emotion(1) });
    expect((await failureOf(layer.editNote('n1', '  '))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.editNote('e1', 'text'))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.editNote('ghost', 'text'))).error.code).toBe('invalid-state');
    expect((await annotation('n1')).data).toEqual({ noteKind: 'thought', text: 'Keep me' });
  });

  it('marks an annotation removed, keeping it, and restores it', async () => {
    await walkWithClick();
    await layer.annotate({ id: 'n1', author: 'tester', payload: note('Oops') });
    time += 100;
    expect(await layer.setRemoved('n1', true)).toMatchObject({ removed: true, updatedAt: new Date(time).toISOString(), data: { text: 'Oops' } });
    expect(await db.annotations.count()).toBe(1);
    expect(await layer.setRemoved('n1', false)).toMatchObject({ removed: false, data: { text: 'Oops' } });
  });

  it('refuses to remove an annotation that does not exist', async () => {
    expect((await failureOf(layer.setRemoved('ghost', true))).error.code).toBe('invalid-state');
  });
});

describe('switchStage', () => {
  it('switches by stage id: writes a stage annotation on the latest step and makes the stage current', async () => {
    await walkWithClick();
    time = START_EPOCH_MS + 2500;
    expect(await layer.switchStage({ id: 'w1', to: { stageId: 'purchase' }, author: 'tester' })).toEqual({ stageId: 'purchase' });
    expect(await annotation('w1')).toEqual({
      id: 'w1',
      sessionId: 's1',
      eventId: 'c1',
      kind: 'stage',
      data: { stageId: 'purchase' },
      t: 2500,
      at: new Date(START_EPOCH_MS + 2500).toISOString(),
      author: 'tester',
      updatedAt: null,
      removed: false,
    });
    expect((await session()).currentStageId).toBe('purchase');
  });

  it('switches by the stage name as shown, ignoring case', async () => {
    await walkWithClick();
    expect(await layer.switchStage({ id: 'w1', to: { stageId: 'PURCHASE' }, author: 'tester' })).toEqual({ stageId: 'purchase' });
    await layer.updateSetup('s1', { stages: (await session()).stages.map((stage) => (stage.id === 'decision' ? { ...stage, name: 'Choix final' } : stage)) });
    expect(await layer.switchStage({ id: 'w2', to: { stageId: 'choix FINAL' }, author: 'tester' })).toEqual({ stageId: 'decision' });
  });

  it('steps to the next or previous stage, and stays at the ends without writing anything', async () => {
    await walkWithClick();
    expect(await layer.switchStage({ id: 'w1', to: { delta: 1 }, author: 'tester' })).toEqual({ stageId: 'consideration' });
    expect(await layer.switchStage({ id: 'w2', to: { delta: -1 }, author: 'tester' })).toEqual({ stageId: 'awareness' });
    expect(await layer.switchStage({ id: 'w3', to: { delta: -1 }, author: 'tester' })).toEqual({ stageId: 'awareness' });
    expect(await db.annotations.get('w3')).toBeUndefined();
    await layer.switchStage({ id: 'w4', to: { stageId: 'advocacy' }, author: 'tester' });
    expect(await layer.switchStage({ id: 'w5', to: { delta: 1 }, author: 'tester' })).toEqual({ stageId: 'advocacy' });
    expect(await db.annotations.get('w5')).toBeUndefined();
    expect(await db.annotations.count()).toBe(3);
  });

  it('refuses a stage the walk does not have', async () => {
    await walkWithClick();
    expect((await failureOf(layer.switchStage({ id: 'w1', to: { stageId: 'nirvana' }, author: 'tester' }))).error.code).toBe('invalid-state');
    expect(await db.annotations.count()).toBe(0);
    expect((await session()).currentStageId).toBe('awareness');
  });

  it('is idempotent by id', async () => {
    await walkWithClick();
    await layer.switchStage({ id: 'w1', to: { stageId: 'decision' }, author: 'tester' });
    expect(await layer.switchStage({ id: 'w1', to: { stageId: 'decision' }, author: 'tester' })).toEqual({ stageId: 'decision' });
    // A re-sent step forward must not step twice.
    await layer.switchStage({ id: 'w2', to: { delta: 1 }, author: 'tester' });
    expect(await layer.switchStage({ id: 'w2', to: { delta: 1 }, author: 'tester' })).toEqual({ stageId: 'purchase' });
    expect(await db.annotations.count()).toBe(2);
    expect((await session()).currentStageId).toBe('purchase');
  });

  it('anchors a switch before any step at the session start', async () => {
    await addSession();
    await layer.switchStage({ id: 'w1', to: { stageId: 'decision' }, author: 'observer' });
    expect(await annotation('w1')).toMatchObject({ eventId: null, author: 'observer' });
  });
});

describe('updateSetup, moveStage', () => {
  it('changes the setup, cleaned, and keeps the current stage', async () => {
    await addSession({ currentStageId: 'decision' });
    const updated = await layer.updateSetup('s1', { persona: { name: ' Ana ', description: 'Student\n' }, segment: ' Students ', goal: ' Pay ' });
    expect(updated).toMatchObject({ persona: { name: 'Ana', description: 'Student' }, segment: 'Students', goal: 'Pay', currentStageId: 'decision' });
    expect(await session()).toEqual(updated);
  });

  it('renames, adds and reorders stages', async () => {
    const { stages } = await addSession();
    const next = [{ id: 'new', name: 'Research', order: 0 }, ...stages.map((stage) => (stage.id === 'awareness' ? { ...stage, name: 'Discover' } : stage))];
    const updated = await layer.updateSetup('s1', { stages: next });
    expect(updated.stages.slice(0, 2)).toEqual([
      { id: 'new', name: 'Research', order: 0 },
      { id: 'awareness', name: 'Discover', order: 1 },
    ]);
    expect(updated.stages).toHaveLength(8);
  });

  it('refuses to drop stages (stage removal moves their steps, and goes through removeStage)', async () => {
    const { stages } = await addSession();
    const failure = await failureOf(layer.updateSetup('s1', { stages: stages.slice(1) }));
    expect(failure.error.code).toBe('invalid-state');
    expect((await session()).stages).toEqual(stages);
  });

  it('moves a stage later or earlier', async () => {
    await addSession();
    const moved = await layer.moveStage('s1', 'awareness', 1);
    expect(moved.stages.slice(0, 2).map((stage) => [stage.id, stage.order])).toEqual([
      ['consideration', 0],
      ['awareness', 1],
    ]);
    expect((await layer.moveStage('s1', 'consideration', -1)).stages[0]?.id).toBe('consideration');
  });
});

describe('removeStage, undoStageRemoval', () => {
  async function walkThroughStages(): Promise<void> {
    await walkWithClick();
    await layer.switchStage({ id: 'to-decision', to: { stageId: 'decision' }, author: 'tester' });
    await layer.switchStage({ id: 'to-purchase', to: { stageId: 'purchase' }, author: 'tester' });
    await layer.switchStage({ id: 'back-to-decision', to: { stageId: 'decision' }, author: 'tester' });
  }

  it('redirects the switches to the removed stage to the stage before it, and moves the current stage', async () => {
    await walkThroughStages();
    const undo = await layer.removeStage('s1', 'decision');
    const after = await session();
    expect(after.stages.map((stage) => stage.id)).toEqual(['awareness', 'consideration', 'comparison', 'purchase', 'retention', 'advocacy']);
    expect(after.currentStageId).toBe('comparison');
    expect((await annotation('to-decision')).data).toEqual({ stageId: 'comparison' });
    expect((await annotation('back-to-decision')).data).toEqual({ stageId: 'comparison' });
    expect((await annotation('to-purchase')).data).toEqual({ stageId: 'purchase' });
    expect(undo.switches).toHaveLength(2);
    expect(undo.switches).toEqual(
      expect.arrayContaining([
        { id: 'to-decision', stageId: 'decision' },
        { id: 'back-to-decision', stageId: 'decision' },
      ]),
    );
    expect(undo.currentStageId).toBe('decision');
  });

  it('redirects to the next stage when the first one is removed', async () => {
    await walkWithClick();
    await layer.switchStage({ id: 'again', to: { stageId: 'awareness' }, author: 'tester' });
    await layer.removeStage('s1', 'awareness');
    expect((await annotation('again')).data).toEqual({ stageId: 'consideration' });
    expect((await session()).currentStageId).toBe('consideration');
  });

  it('keeps the current stage when another one is removed', async () => {
    await walkThroughStages();
    await layer.removeStage('s1', 'retention');
    expect((await session()).currentStageId).toBe('decision');
  });

  it('undoes a removal: the stages, the switches and the current stage as they were', async () => {
    await walkThroughStages();
    const before = await session();
    const undo = await layer.removeStage('s1', 'decision');
    const restored = await layer.undoStageRemoval('s1', undo);
    expect(restored.stages).toEqual(before.stages);
    expect(restored.currentStageId).toBe('decision');
    expect((await annotation('to-decision')).data).toEqual({ stageId: 'decision' });
    expect((await annotation('back-to-decision')).data).toEqual({ stageId: 'decision' });
    expect((await annotation('to-purchase')).data).toEqual({ stageId: 'purchase' });
  });

  it('refuses to remove the last remaining stage, or a stage the walk does not have', async () => {
    await addSession({ stages: [{ id: 'only', name: 'Only', order: 0 }], currentStageId: 'only' });
    expect((await failureOf(layer.removeStage('s1', 'only'))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.removeStage('s1', 'ghost'))).error.code).toBe('invalid-state');
    expect((await session()).stages).toEqual([{ id: 'only', name: 'Only', order: 0 }]);
  });
});

describe('select', () => {
  it('selects a step of the walk, and clears the selection with null', async () => {
    await walkWithClick();
    expect(await layer.select('s1', 'c1')).toBeNull();
    expect((await session()).selectedEventId).toBe('c1');
    await layer.select('s1', null);
    expect((await session()).selectedEventId).toBeNull();
  });

  it('refuses an event of another walk or one that does not exist, keeping the selection', async () => {
    await walkWithClick();
    await addSession({ id: 's2', status: 'ended' });
    const other = new EventFixture('s2');
    other.click('elsewhere', 10);
    await store(other);
    await layer.select('s1', 'c1');
    expect((await failureOf(layer.select('s1', 'elsewhere'))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.select('s1', 'ghost'))).error.code).toBe('invalid-state');
    expect((await session()).selectedEventId).toBe('c1');
  });
});

describe('checklist answers and completion', () => {
  async function walkWithChecklist(overrides: Partial<SessionRecord> = {}): Promise<void> {
    await addSession({ checklist: CHECKLIST, ...overrides });
  }

  it('sets and clears the checklist of a walk, which is then no longer complete', async () => {
    await addSession({ status: 'ended', completedAt: '2026-03-14T10:00:00.000Z' });
    expect(await layer.setChecklist('s1', CHECKLIST)).toMatchObject({ checklist: CHECKLIST, completedAt: null });
    expect((await layer.setChecklist('s1', null)).checklist).toBeNull();
  });

  it('stores an answer by session and question, with its author and time', async () => {
    await walkWithChecklist();
    time = START_EPOCH_MS + 777;
    expect(await layer.answer({ sessionId: 's1', questionId: 'greeted', value: true, author: 'observer' })).toEqual({
      id: 's1:greeted',
      sessionId: 's1',
      questionId: 'greeted',
      value: true,
      photoScreenshotId: null,
      author: 'observer',
      at: new Date(START_EPOCH_MS + 777).toISOString(),
    });
    await layer.answer({ sessionId: 's1', questionId: 'greeted', value: false, author: 'tester' });
    expect(await db.answers.where('sessionId').equals('s1').toArray()).toEqual([expect.objectContaining({ id: 's1:greeted', value: false, author: 'tester' })]);
  });

  it('checks the value against the question type', async () => {
    await walkWithChecklist();
    expect((await failureOf(layer.answer({ sessionId: 's1', questionId: 'greeted', value: 'yes', author: 'tester' }))).error.message).toMatch(/yes-no/);
    expect((await failureOf(layer.answer({ sessionId: 's1', questionId: 'ease', value: 6, author: 'tester' }))).error.message).toMatch(/score/);
    expect((await failureOf(layer.answer({ sessionId: 's1', questionId: 'ease', value: true, author: 'tester' }))).error.code).toBe('invalid-state');
    expect((await failureOf(layer.answer({ sessionId: 's1', questionId: 'comment', value: 3, author: 'tester' }))).error.code).toBe('invalid-state');
    expect(await db.answers.count()).toBe(0);
    expect((await layer.answer({ sessionId: 's1', questionId: 'ease', value: 5, author: 'tester' })).value).toBe(5);
  });

  it('cleans a text answer, and takes a blank one as cleared', async () => {
    await walkWithChecklist();
    expect((await layer.answer({ sessionId: 's1', questionId: 'comment', value: '  <b>Nice</b>\u0000 ', author: 'tester' })).value).toBe('<b>Nice</b>');
    expect((await layer.answer({ sessionId: 's1', questionId: 'comment', value: '   ', author: 'tester' })).value).toBeNull();
  });

  it('refuses a question the checklist does not have, or a walk without a checklist', async () => {
    await walkWithChecklist();
    expect((await failureOf(layer.answer({ sessionId: 's1', questionId: 'ghost', value: true, author: 'tester' }))).error.code).toBe('invalid-state');
    await addSession({ id: 's2' });
    expect((await failureOf(layer.answer({ sessionId: 's2', questionId: 'greeted', value: true, author: 'tester' }))).error.code).toBe('invalid-state');
  });

  it('keeps the photo of an answer when a later answer does not say, and replaces or drops it when it does', async () => {
    await walkWithChecklist();
    await layer.answer({ sessionId: 's1', questionId: 'ease', value: 2, author: 'tester', photoScreenshotId: 'photo-1' });
    expect((await layer.answer({ sessionId: 's1', questionId: 'ease', value: 3, author: 'tester' })).photoScreenshotId).toBe('photo-1');
    expect((await layer.answer({ sessionId: 's1', questionId: 'ease', value: 3, author: 'tester', photoScreenshotId: 'photo-2' })).photoScreenshotId).toBe(
      'photo-2',
    );
    expect((await layer.answer({ sessionId: 's1', questionId: 'ease', value: 3, author: 'tester', photoScreenshotId: null })).photoScreenshotId).toBeNull();
  });

  it('refuses to complete a walk still recording or paused', async () => {
    await walkWithChecklist();
    expect((await failureOf(layer.complete('s1'))).error.code).toBe('invalid-state');
    await db.sessions.update('s1', { status: 'paused' });
    expect((await failureOf(layer.complete('s1'))).error.code).toBe('invalid-state');
    expect((await session()).completedAt).toBeNull();
  });

  it('refuses to complete with checklist-incomplete and the unanswered required questions, then completes once they are answered', async () => {
    await walkWithChecklist({ status: 'ended' });
    await layer.answer({ sessionId: 's1', questionId: 'greeted', value: false, author: 'tester' });
    const failure = await failureOf(layer.complete('s1'));
    expect(failure.error).toEqual({ code: 'checklist-incomplete', message: 'How easy was paying?', missing: ['ease'] });
    expect((await session()).completedAt).toBeNull();

    await layer.answer({ sessionId: 's1', questionId: 'ease', value: 4, author: 'tester' });
    time = START_EPOCH_MS + 120_000;
    const completed = await layer.complete('s1');
    expect(completed.completedAt).toBe(new Date(START_EPOCH_MS + 120_000).toISOString());
  });

  it('lists every unanswered required question, one per line', async () => {
    await walkWithChecklist({ status: 'interrupted' });
    const failure = await failureOf(layer.complete('s1'));
    expect(failure.error).toMatchObject({ code: 'checklist-incomplete', missing: ['greeted', 'ease'], message: 'Were you greeted?\nHow easy was paying?' });
  });

  it('completes a finished walk without a checklist at once', async () => {
    await addSession({ status: 'ended' });
    expect((await layer.complete('s1')).completedAt).toEqual(expect.any(String));
  });

  it('makes a complete walk incomplete again when a required answer is cleared, not an optional one', async () => {
    await walkWithChecklist({ status: 'ended' });
    await layer.answer({ sessionId: 's1', questionId: 'greeted', value: true, author: 'tester' });
    await layer.answer({ sessionId: 's1', questionId: 'ease', value: 3, author: 'tester' });
    await layer.answer({ sessionId: 's1', questionId: 'comment', value: 'Fine', author: 'tester' });
    await layer.complete('s1');
    await layer.answer({ sessionId: 's1', questionId: 'comment', value: null, author: 'tester' });
    expect((await session()).completedAt).not.toBeNull();
    await layer.answer({ sessionId: 's1', questionId: 'greeted', value: false, author: 'tester' });
    expect((await session()).completedAt).not.toBeNull();
    await layer.answer({ sessionId: 's1', questionId: 'ease', value: null, author: 'tester' });
    expect((await session()).completedAt).toBeNull();
  });
});
