import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEdits } from '@/lib/journey/edits';
import { ProtocolFailure } from '@/lib/messaging/protocol';
import { MAX_STEP_TITLE_LENGTH, MapEditor, redactionId } from '@/lib/recorder/map-edits';
import { ParcoursDatabase } from '@/lib/store/db';
import type { EditRecord, ScreenshotRecord, StepEdit } from '@/lib/store/records';
import { deleteSession } from '@/lib/store/sessions';
import { EventFixture, START_EPOCH_MS, sessionRecord } from '../fixtures/events';
import { journeyMap, mapStep } from '../fixtures/map';

/**
 * The writer of the review page's layer on a real (fake-indexeddb) database, one database per test. Sessions,
 * events and screenshots are written directly, as the session controller would have left them.
 */

let db: ParcoursDatabase;
let time: number;
let editor: MapEditor;
let databaseCount = 0;

beforeEach(async () => {
  databaseCount += 1;
  db = new ParcoursDatabase(`map-edits-test-${databaseCount}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  time = START_EPOCH_MS + 3_600_000;
  editor = new MapEditor(db, { now: () => time });
  await db.sessions.add(sessionRecord({ id: 's1', screenshotCount: 2, screenshotBytes: 3000 }));
  await db.sessions.add(sessionRecord({ id: 's2' }));
  const fixture = new EventFixture('s1');
  fixture.start('start', 0);
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.click('c2', 2000, { name: 'Add to cart' });
  fixture.click('c3', 3000, { name: 'Pay' });
  await db.events.bulkAdd(fixture.events);
  const other = new EventFixture('s2');
  other.click('o1', 500);
  await db.events.bulkAdd(other.events);
  await db.screenshots.bulkAdd([shot('shot-1', 's1'), shot('shot-2', 's1', { width: 0, height: 0 }), shot('shot-o', 's2')]);
});

afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** A stored screenshot of 800 x 600 image pixels, 1500 bytes. */
function shot(id: string, sessionId: string, overrides: Partial<ScreenshotRecord> = {}): ScreenshotRecord {
  return {
    id,
    sessionId,
    tabId: 1,
    t: 1000,
    blob: new Blob([new Uint8Array(1500).fill(7)], { type: 'image/jpeg' }),
    mime: 'image/jpeg',
    width: 800,
    height: 600,
    bytes: 1500,
    ...overrides,
  };
}

/** The smallest JPEG header jpegSize reads: SOI, then a SOF0 segment of the given size. */
function jpeg(width: number, height: number, padding = 0): Blob {
  const bytes = [0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, ...new Array(12 + padding).fill(0)];
  return new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
}

async function bytesOf(blob: Blob | null | undefined): Promise<number[]> {
  if (!blob) throw new Error('no blob');
  return [...new Uint8Array(await blob.arrayBuffer())];
}

const hide = (stepId: string, hidden = true): StepEdit => ({ kind: 'hide', stepId, hidden });

async function edit(id: string, change: StepEdit, sessionId = 's1'): Promise<EditRecord> {
  time += 1000;
  return editor.edit({ id, sessionId, author: 'tester', edit: change });
}

async function refusal(promise: Promise<unknown>): Promise<ProtocolFailure['error']> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ProtocolFailure)) throw new Error(`expected a ProtocolFailure, got ${String(error)}`);
  return error.error;
}

describe('MapEditor.edit', () => {
  it('stores an edit with its time and author, applying', async () => {
    const record = await edit('x1', { kind: 'title', stepId: 'c1', title: 'Browse the mugs' });
    expect(record).toEqual({
      id: 'x1',
      sessionId: 's1',
      at: new Date(time).toISOString(),
      author: 'tester',
      undone: false,
      undoneAt: null,
      edit: { kind: 'title', stepId: 'c1', title: 'Browse the mugs' },
    });
    expect(await db.edits.get('x1')).toEqual(record);
    const observer = await editor.edit({ id: 'x2', sessionId: 's1', author: 'observer', edit: hide('c2') });
    expect(observer.author).toBe('observer');
  });

  it('is idempotent by id: a request sent again changes nothing and answers the first record', async () => {
    const first = await edit('x1', hide('c1'));
    time += 60_000;
    expect(await editor.edit({ id: 'x1', sessionId: 's1', author: 'observer', edit: hide('c2', false) })).toEqual(first);
    expect(await db.edits.count()).toBe(1);
    expect((await refusal(editor.edit({ id: 'x1', sessionId: 's2', author: 'tester', edit: hide('o1') }))).code).toBe('invalid-state');
  });

  it('keeps the times of a session’s edits strictly increasing, even within a millisecond or with a clock set back', async () => {
    const a = await editor.edit({ id: 'a', sessionId: 's1', author: 'tester', edit: hide('c1') });
    const b = await editor.edit({ id: 'b', sessionId: 's1', author: 'tester', edit: hide('c2') });
    time -= 10_000;
    const c = await editor.edit({ id: 'c', sessionId: 's1', author: 'tester', edit: hide('c3') });
    expect(Date.parse(b.at) - Date.parse(a.at)).toBe(1);
    expect(Date.parse(c.at) - Date.parse(b.at)).toBe(1);
    expect((await editor.edits('s1')).map((record) => record.id)).toEqual(['a', 'b', 'c']);
    // Another session's edits have their own order.
    const other = await editor.edit({ id: 'o', sessionId: 's2', author: 'tester', edit: hide('o1') });
    expect(other.at).toBe(new Date(time).toISOString());
  });

  it('cleans titles: one line, trimmed, at most 200 characters; refuses an empty one', async () => {
    expect((await edit('x1', { kind: 'title', stepId: 'c1', title: '  Add\n the   mug ' })).edit).toEqual({
      kind: 'title',
      stepId: 'c1',
      title: 'Add the mug',
    });
    const long = await edit('x2', { kind: 'title', stepId: 'c1', title: 'x'.repeat(500) });
    expect(long.edit.kind === 'title' && long.edit.title.length).toBe(MAX_STEP_TITLE_LENGTH);
    expect(await refusal(edit('x3', { kind: 'title', stepId: 'c1', title: ' \n ' }))).toMatchObject({ code: 'invalid-state', reason: 'errorEmptyTitle' });
    expect(await db.edits.get('x3')).toBeUndefined();
  });

  it('stores a clean copy of the edit, without fields it does not know', async () => {
    const record = await edit('x1', { kind: 'hide', stepId: 'c1', hidden: true, extra: 'junk' } as unknown as StepEdit);
    expect(record.edit).toEqual({ kind: 'hide', stepId: 'c1', hidden: true });
    const merge = await edit('x2', { kind: 'merge', stepIds: ['c1', 'c2', 'c1'] });
    expect(merge.edit).toEqual({ kind: 'merge', stepIds: ['c1', 'c2'] });
  });

  it('accepts every kind of edit of steps of the walk', async () => {
    await edit('t', { kind: 'title', stepId: 'c1', title: 'Mugs' });
    await edit('s', { kind: 'stage', stepId: 'c1', stageId: 'purchase' });
    await edit('m', { kind: 'merge', stepIds: ['c1', 'c2'] });
    await edit('p', { kind: 'split', stepId: 'c1', atEventId: 'c2' });
    await edit('h', hide('c3'));
    await edit('g', { kind: 'signal', signalId: 'rage-click:c1', decision: 'dismissed' });
    await edit('u', { kind: 'signal', signalId: 'rage-click:c1', decision: null });
    expect((await editor.edits('s1')).map((record) => record.edit.kind)).toEqual(['title', 'stage', 'merge', 'split', 'hide', 'signal', 'signal']);
  });

  it('refuses edits of another walk’s steps, unknown steps, stages or shapes', async () => {
    const cases: StepEdit[] = [
      { kind: 'title', stepId: 'o1', title: 'Not mine' },
      { kind: 'hide', stepId: 'nowhere', hidden: true },
      { kind: 'stage', stepId: 'c1', stageId: 'no-such-stage' },
      { kind: 'merge', stepIds: ['c1'] },
      { kind: 'merge', stepIds: ['c1', 'o1'] },
      { kind: 'merge', stepIds: 'c1' as unknown as string[] },
      { kind: 'split', stepId: 'c1', atEventId: 'c1' },
      { kind: 'split', stepId: 'c1', atEventId: 'gone' },
      { kind: 'hide', stepId: 'c1', hidden: 'yes' as unknown as boolean },
      { kind: 'signal', signalId: '', decision: 'accepted' },
      { kind: 'signal', signalId: 'rage-click:c1', decision: 'maybe' as unknown as null },
      { kind: 'rotate', stepId: 'c1' } as unknown as StepEdit,
      null as unknown as StepEdit,
    ];
    for (const [index, change] of cases.entries()) {
      expect(await refusal(edit(`bad-${index}`, change)), JSON.stringify(change)).toMatchObject({ code: 'invalid-state' });
    }
    expect(await db.edits.count()).toBe(0);
  });

  it('refuses an edit of an unknown walk, or without an id', async () => {
    expect(await refusal(edit('x1', hide('c1'), 'ghost'))).toMatchObject({ code: 'no-session' });
    expect(await refusal(editor.edit({ id: '', sessionId: 's1', author: 'tester', edit: hide('c1') }))).toMatchObject({ code: 'invalid-state' });
  });
});

describe('MapEditor.undo, redo and setUndone', () => {
  it('undo marks the latest applying edit undone and answers it; nothing left answers null', async () => {
    await edit('a', hide('c1'));
    await edit('b', hide('c2'));
    time += 1000;
    const undone = await editor.undo('s1');
    expect(undone).toMatchObject({ id: 'b', undone: true, undoneAt: new Date(time).toISOString() });
    expect(await db.edits.get('b')).toEqual(undone);
    expect((await editor.undo('s1'))?.id).toBe('a');
    expect(await editor.undo('s1')).toBeNull();
  });

  it('redo brings back edits in the reverse order of their undo', async () => {
    await edit('a', hide('c1'));
    await edit('b', hide('c2'));
    await edit('c', hide('c3'));
    await editor.undo('s1');
    await editor.undo('s1');
    expect(await editor.redo('s1')).toMatchObject({ id: 'b', undone: false, undoneAt: null });
    expect((await editor.redo('s1'))?.id).toBe('c');
    expect(await editor.redo('s1')).toBeNull();
    expect((await db.edits.toArray()).every((record) => !record.undone)).toBe(true);
  });

  it('redo answers null once an edit was made after the undo, and takes back the newer edit instead when it is undone', async () => {
    await edit('a', hide('c1'));
    await edit('b', hide('c2'));
    await editor.undo('s1');
    await edit('d', hide('c3'));
    expect(await editor.redo('s1')).toBeNull();
    expect((await editor.undo('s1'))?.id).toBe('d');
    expect((await editor.redo('s1'))?.id).toBe('d');
    expect(await editor.redo('s1')).toBeNull();
    expect((await db.edits.get('b'))?.undone).toBe(true);
  });

  it('keeps the undo order within one millisecond', async () => {
    await edit('a', hide('c1'));
    await edit('b', hide('c2'));
    await editor.undo('s1');
    await editor.undo('s1');
    const records = await editor.edits('s1');
    expect(Date.parse(records[0]?.undoneAt ?? '') - Date.parse(records[1]?.undoneAt ?? '')).toBe(1);
    expect((await editor.redo('s1'))?.id).toBe('a');
  });

  it('undoes only the walk asked for', async () => {
    await edit('a', hide('c1'));
    await edit('o', hide('o1'), 's2');
    expect((await editor.undo('s1'))?.id).toBe('a');
    expect((await db.edits.get('o'))?.undone).toBe(false);
    expect(await refusal(editor.undo('ghost'))).toMatchObject({ code: 'no-session' });
    expect(await refusal(editor.redo('ghost'))).toMatchObject({ code: 'no-session' });
  });

  it('setUndone switches one edit anywhere in the history; setting the same state again changes nothing', async () => {
    await edit('a', hide('c1'));
    await edit('b', hide('c2'));
    const undone = await editor.setUndone('a', true);
    expect(undone).toMatchObject({ id: 'a', undone: true });
    time += 5000;
    expect(await editor.setUndone('a', true)).toEqual(undone);
    expect(await editor.setUndone('a', false)).toMatchObject({ undone: false, undoneAt: null });
    expect(await refusal(editor.setUndone('nope', true))).toMatchObject({ code: 'invalid-state' });
  });

  it('the stored history derives the map the tester sees: an undone hide shows the step again', async () => {
    const map = journeyMap([mapStep('start'), mapStep('c1'), mapStep('c2')]);
    await edit('a', hide('c1'));
    await edit('b', { kind: 'title', stepId: 'c2', title: 'Add to cart' });
    expect(applyEdits(map, await editor.edits('s1'), { events: [] }).steps.map((item) => [item.hidden, item.action])).toEqual([
      [false, 'Click "start"'],
      [true, 'Click "c1"'],
      [false, 'Add to cart'],
    ]);
    await editor.setUndone('a', true);
    expect(applyEdits(map, await editor.edits('s1'), { events: [] }).steps.map((item) => item.hidden)).toEqual([false, false, false]);
  });
});

describe('MapEditor: redactions', () => {
  const box = { x: 10, y: 20, width: 100, height: 50 };

  it('saves the redaction of a screenshot: the boxes, the blurred image, the original kept', async () => {
    const blurred = jpeg(800, 600);
    const record = await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: blurred });
    expect(record).toEqual({
      id: redactionId('s1', 'shot-1'),
      sessionId: 's1',
      screenshotId: 'shot-1',
      boxes: [box],
      redactedBlob: blurred,
      originalDestroyed: false,
      at: new Date(time).toISOString(),
    });
    const stored = await db.redactions.get(record.id);
    expect(await bytesOf(stored?.redactedBlob)).toEqual(await bytesOf(blurred));
    expect((await db.screenshots.get('shot-1'))?.bytes).toBe(1500);
    expect(await bytesOf((await db.screenshots.get('shot-1'))?.blob)).toEqual(new Array(1500).fill(7));
  });

  it('replaces the redaction a screenshot had, and keeps only the box fields', async () => {
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: null });
    const second = { x: 0, y: 0, width: 800, height: 600, label: 'all' };
    const record = await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [second], redactedBlob: jpeg(800, 600) });
    expect(record.boxes).toEqual([{ x: 0, y: 0, width: 800, height: 600 }]);
    expect(await db.redactions.where('screenshotId').equals('shot-1').count()).toBe(1);
  });

  it('refuses boxes outside the image, empty, or not numbers, and an empty list', async () => {
    const bad = [
      { x: -1, y: 0, width: 10, height: 10 },
      { x: 790, y: 0, width: 11, height: 10 },
      { x: 0, y: 0, width: 0, height: 10 },
      { x: 0, y: 595, width: 10, height: 6 },
      { x: 0, y: 0, width: Number.NaN, height: 10 },
      { x: '0', y: 0, width: 10, height: 10 },
    ];
    for (const item of bad) {
      const saving = editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box, item as typeof box], redactedBlob: null });
      expect(await refusal(saving), JSON.stringify(item)).toMatchObject({ code: 'invalid-state' });
    }
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [], redactedBlob: null }))).toMatchObject({ code: 'invalid-state' });
    expect(await db.redactions.count()).toBe(0);
  });

  it('checks only the shape of boxes on an image whose size the recorder could not read', async () => {
    const record = await editor.redact({ sessionId: 's1', screenshotId: 'shot-2', boxes: [{ x: 5000, y: 5000, width: 10, height: 10 }], redactedBlob: null });
    expect(record.boxes).toHaveLength(1);
    expect(
      await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-2', boxes: [{ x: -5, y: 0, width: 10, height: 10 }], redactedBlob: null })),
    ).toMatchObject({
      code: 'invalid-state',
    });
  });

  it('refuses a blurred image of another size than the original, or that is not a Blob', async () => {
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: jpeg(400, 300) }))).toMatchObject({
      code: 'invalid-state',
    });
    const notBlob = { size: 3 } as unknown as Blob;
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: notBlob }))).toMatchObject({
      code: 'invalid-state',
    });
  });

  it('refuses screenshots of another walk, unknown ones and unknown walks', async () => {
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-o', boxes: [box], redactedBlob: null }))).toMatchObject({
      code: 'invalid-state',
    });
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'nope', boxes: [box], redactedBlob: null }))).toMatchObject({ code: 'invalid-state' });
    expect(await refusal(editor.redact({ sessionId: 'ghost', screenshotId: 'shot-1', boxes: [box], redactedBlob: null }))).toMatchObject({
      code: 'no-session',
    });
  });

  it('clears a redaction while the original exists; clearing nothing changes nothing', async () => {
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: jpeg(800, 600) });
    await editor.clearRedaction('s1', 'shot-1');
    expect(await db.redactions.count()).toBe(0);
    await editor.clearRedaction('s1', 'shot-1');
    expect(await refusal(editor.clearRedaction('ghost', 'shot-1'))).toMatchObject({ code: 'no-session' });
  });

  it('destroys the original: the stored image becomes the blurred one, for good, and the walk’s storage figure follows', async () => {
    const blurred = jpeg(800, 600, 100);
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: blurred });
    const record = await editor.destroyOriginal('s1', 'shot-1');
    expect(record).toMatchObject({ originalDestroyed: true, boxes: [box] });
    expect(await db.redactions.get(record.id)).toMatchObject({ originalDestroyed: true });
    const stored = await db.screenshots.get('shot-1');
    expect(await bytesOf(stored?.blob)).toEqual(await bytesOf(blurred));
    expect(stored).toMatchObject({ bytes: blurred.size, mime: 'image/jpeg', width: 800, height: 600 });
    expect((await db.sessions.get('s1'))?.screenshotBytes).toBe(3000 - 1500 + blurred.size);
    // Destroying again changes nothing; clearing is refused from now on.
    expect(await editor.destroyOriginal('s1', 'shot-1')).toMatchObject({ originalDestroyed: true });
    expect((await db.sessions.get('s1'))?.screenshotBytes).toBe(3000 - 1500 + blurred.size);
    expect(await refusal(editor.clearRedaction('s1', 'shot-1'))).toMatchObject({ code: 'invalid-state' });
    expect(await db.redactions.count()).toBe(1);
  });

  it('refuses to destroy an original without a redaction, or before its blurred image exists', async () => {
    expect(await refusal(editor.destroyOriginal('s1', 'shot-1'))).toMatchObject({ code: 'invalid-state' });
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: null });
    expect(await refusal(editor.destroyOriginal('s1', 'shot-1'))).toMatchObject({ code: 'invalid-state' });
    expect(await bytesOf((await db.screenshots.get('shot-1'))?.blob)).toEqual(new Array(1500).fill(7));
  });

  it('after destruction, a new redaction must bring its image, which replaces the stored one too', async () => {
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: jpeg(800, 600) });
    await editor.destroyOriginal('s1', 'shot-1');
    expect(await refusal(editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: null }))).toMatchObject({
      code: 'invalid-state',
    });
    const more = jpeg(800, 600, 40);
    const record = await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box, { x: 0, y: 0, width: 5, height: 5 }], redactedBlob: more });
    expect(record.originalDestroyed).toBe(true);
    expect(await bytesOf((await db.screenshots.get('shot-1'))?.blob)).toEqual(await bytesOf(more));
    expect((await db.screenshots.get('shot-1'))?.bytes).toBe(more.size);
  });

  it('leaves nothing of a deleted walk behind: its edits and redactions go with it', async () => {
    await edit('a', hide('c1'));
    await editor.redact({ sessionId: 's1', screenshotId: 'shot-1', boxes: [box], redactedBlob: jpeg(800, 600) });
    await deleteSession(db, 's1');
    expect(await db.edits.count()).toBe(0);
    expect(await db.redactions.count()).toBe(0);
  });
});
