import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import { ParcoursDatabase } from '@/lib/store/db';
import { isQuotaError } from '@/lib/store/errors';
import { commitEvent, type EventToCommit, IDLE_GAP_MS, SessionNotFoundError, sessionEvents } from '@/lib/store/events';
import type { SessionRecord } from '@/lib/store/records';
import { activeSession, deleteSession, listSessions, markActiveAsInterrupted } from '@/lib/store/sessions';
import { EventFixture, field, START_EPOCH_MS, sessionRecord } from '../fixtures/events';

let db: ParcoursDatabase;
let databaseCount = 0;

beforeEach(async () => {
  databaseCount += 1;
  db = new ParcoursDatabase(`events-test-${databaseCount}-${Math.random().toString(36).slice(2)}`);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** An event as the controller hands it to commitEvent: everything but seq. */
function toCommit(event: CapturedEvent): EventToCommit {
  const { seq: _seq, ...rest } = event;
  return rest as EventToCommit;
}

async function addSession(overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
  const session = sessionRecord({ status: 'recording', endedAt: null, ...overrides });
  await db.sessions.add(session);
  return session;
}

async function session(id = 's1'): Promise<SessionRecord> {
  const stored = await db.sessions.get(id);
  if (!stored) throw new Error(`no session ${id}`);
  return stored;
}

describe('commitEvent', () => {
  it('assigns seq in commit order, from 0, and counts the events on the session', async () => {
    await addSession();
    const fixture = new EventFixture();
    const events = [fixture.start('a', 0), fixture.navigation('b', 10, 'https://shop.example/mugs'), fixture.pageLoad('c', 400, 'Mugs')];
    const results = [];
    for (const event of events) results.push(await commitEvent(db, toCommit(event)));
    expect(results).toEqual([
      { seq: 0, duplicate: false },
      { seq: 1, duplicate: false },
      { seq: 2, duplicate: false },
    ]);
    expect((await db.events.get('b'))?.seq).toBe(1);
    expect(await session()).toMatchObject({ nextSeq: 3, eventCount: 3 });
  });

  it('assigns seq in commit order, not by the event time', async () => {
    await addSession();
    const fixture = new EventFixture();
    const late = fixture.pageLoad('late', 900, 'Mugs');
    const early = fixture.scroll('early', 100);
    await commitEvent(db, toCommit(late));
    await commitEvent(db, toCommit(early));
    expect((await sessionEvents(db, 's1')).map((event) => [event.id, event.seq])).toEqual([
      ['late', 0],
      ['early', 1],
    ]);
  });

  it('gives distinct, gapless seqs to commits that run at the same time', async () => {
    await addSession();
    const fixture = new EventFixture();
    const events = Array.from({ length: 8 }, (_, i) => fixture.pageLoad(`e${i}`, i * 10, `Page ${i}`));
    const results = await Promise.all(events.map((event) => commitEvent(db, toCommit(event))));
    expect(results.map((result) => result.seq).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await session()).toMatchObject({ nextSeq: 8, eventCount: 8 });
  });

  it('is idempotent by event id: a re-commit stores nothing and answers the first seq', async () => {
    await addSession();
    const fixture = new EventFixture();
    const first = fixture.click('click-1', 500, { name: 'Add to cart' });
    const other = fixture.scroll('scroll-1', 800);
    await commitEvent(db, toCommit(first));
    await commitEvent(db, toCommit(other));
    const before = await session();

    const again = await commitEvent(db, toCommit(first));
    expect(again).toEqual({ seq: 0, duplicate: true });
    expect(await db.events.count()).toBe(2);
    expect(await session()).toEqual(before);
  });

  it('keeps the first version of a re-sent event (append-only evidence)', async () => {
    await addSession();
    const fixture = new EventFixture();
    const original = fixture.click('click-1', 500, { name: 'Add to cart' });
    await commitEvent(db, toCommit(original));
    const altered = { ...toCommit(original), t: 9999, pageTitle: 'Changed' } as EventToCommit;
    expect(await commitEvent(db, altered)).toEqual({ seq: 0, duplicate: true });
    expect(await db.events.get('click-1')).toEqual(original);
  });

  it('throws SessionNotFoundError for an unknown session and stores nothing', async () => {
    await addSession({ id: 'other' });
    const fixture = new EventFixture('missing');
    const error = await commitEvent(db, toCommit(fixture.click('c', 10))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ name: 'SessionNotFoundError', message: 'No session missing' });
    expect(await db.events.count()).toBe(0);
    expect(await session('other')).toMatchObject({ nextSeq: 0, eventCount: 0 });
  });

  describe('idle gaps', () => {
    it('inserts an idle event before a tester action that follows a gap of at least the threshold', async () => {
      await addSession({ lastActionT: 2000, nextSeq: 5, eventCount: 5 });
      const fixture = new EventFixture().on('https://shop.example/cart', 'Cart', 3);
      const click = fixture.click('click-after', 2000 + IDLE_GAP_MS, { name: 'Checkout' });

      const result = await commitEvent(db, toCommit(click));

      expect(result).toEqual({ seq: 6, duplicate: false });
      const idle = await db.events.get('click-after:idle');
      expect(idle).toEqual({
        id: 'click-after:idle',
        sessionId: 's1',
        seq: 5,
        kind: 'idle',
        t: 2000,
        at: new Date(START_EPOCH_MS + 2000).toISOString(),
        tabId: 3,
        frameId: 0,
        url: 'https://shop.example/cart',
        frameUrl: null,
        pageTitle: 'Cart',
        gapMs: IDLE_GAP_MS,
        sinceT: 2000,
      });
      expect((await sessionEvents(db, 's1')).map((event) => event.id)).toEqual(['click-after:idle', 'click-after']);
      expect(await session()).toMatchObject({ nextSeq: 7, eventCount: 7, lastActionT: 2000 + IDLE_GAP_MS });
    });

    it('measures the gap from the last action, whatever happened in between', async () => {
      await addSession({ lastActionT: 1000 });
      const fixture = new EventFixture();
      await commitEvent(db, toCommit(fixture.pageLoad('load', 20_000, 'Mugs')));
      await commitEvent(db, toCommit(fixture.scroll('scroll', 46_000)));
      expect(await db.events.get('scroll:idle')).toMatchObject({ kind: 'idle', t: 1000, gapMs: 45_000, sinceT: 1000 });
    });

    it('does not insert an idle event for a gap just under the threshold', async () => {
      await addSession({ lastActionT: 2000 });
      const fixture = new EventFixture();
      await commitEvent(db, toCommit(fixture.click('click', 2000 + IDLE_GAP_MS - 1)));
      expect(await db.events.count()).toBe(1);
      expect(await session()).toMatchObject({ nextSeq: 1, eventCount: 1 });
    });

    it('counts every tester action kind (click, field focus and change, submit, scroll)', async () => {
      const fixture = new EventFixture();
      const actions = [
        fixture.click('click', 100_000),
        fixture.add('field-focus', 'focus', 200_000, { field: field({ label: 'Email' }) }),
        fixture.fieldChange('change', 300_000),
        fixture.submit('submit', 400_000, 'checkout'),
        fixture.scroll('scroll', 500_000),
      ];
      await addSession({ lastActionT: 0 });
      for (const action of actions) await commitEvent(db, toCommit(action));
      const idles = (await sessionEvents(db, 's1')).filter((event) => event.kind === 'idle').map((event) => event.id);
      expect(idles).toEqual(['click:idle', 'focus:idle', 'change:idle', 'submit:idle', 'scroll:idle']);
    });

    it('does not insert an idle event before kinds that are not tester actions, nor move lastActionT for them', async () => {
      await addSession({ lastActionT: 1000 });
      const fixture = new EventFixture();
      const notActions = [
        fixture.navigation('nav', 100_000, 'https://shop.example/cart'),
        fixture.pageLoad('load', 110_000, 'Cart'),
        fixture.add('visibility', 'hidden', 120_000, { state: 'hidden' }),
        fixture.invalid('invalid', 130_000, { label: 'Email' }, 'Fill in this field'),
        fixture.add('pause', 'pause', 140_000, { tabId: null, frameId: null, url: null, pageTitle: null }),
      ];
      for (const event of notActions) await commitEvent(db, toCommit(event));
      expect(await db.events.count()).toBe(notActions.length);
      expect((await session()).lastActionT).toBe(1000);
    });

    it('inserts no idle event before the first action and starts tracking there', async () => {
      await addSession({ lastActionT: null });
      const fixture = new EventFixture();
      await commitEvent(db, toCommit(fixture.click('first', 120_000)));
      expect(await db.events.count()).toBe(1);
      expect((await session()).lastActionT).toBe(120_000);
    });

    it('never moves lastActionT backwards for an action committed late', async () => {
      await addSession({ lastActionT: null });
      const fixture = new EventFixture();
      await commitEvent(db, toCommit(fixture.click('later', 5000)));
      await commitEvent(db, toCommit(fixture.scroll('earlier', 3000)));
      expect((await session()).lastActionT).toBe(5000);
    });

    it('honours a custom threshold', async () => {
      await addSession({ lastActionT: 0 });
      const fixture = new EventFixture();
      await commitEvent(db, toCommit(fixture.click('click', 500)), 500);
      expect(await db.events.get('click:idle')).toMatchObject({ gapMs: 500 });
    });

    it('does not write the idle event again when the action is re-sent', async () => {
      await addSession({ lastActionT: 0 });
      const fixture = new EventFixture();
      const click = fixture.click('click', 40_000);
      await commitEvent(db, toCommit(click));
      const before = await session();
      expect(await commitEvent(db, toCommit(click))).toEqual({ seq: 1, duplicate: true });
      expect(await db.events.count()).toBe(2);
      expect(await session()).toEqual(before);
    });
  });
});

describe('sessionEvents', () => {
  it('returns the events of one session in commit order', async () => {
    await addSession({ id: 's1' });
    await addSession({ id: 's2' });
    const one = new EventFixture('s1');
    const two = new EventFixture('s2');
    // Interleaved commits of two sessions, with ids that do not sort in commit order.
    await commitEvent(db, toCommit(one.start('z-start', 0)));
    await commitEvent(db, toCommit(two.start('y-start', 0)));
    await commitEvent(db, toCommit(one.click('b-click', 50)));
    await commitEvent(db, toCommit(two.click('x-click', 60)));
    await commitEvent(db, toCommit(one.scroll('a-scroll', 20)));
    expect((await sessionEvents(db, 's1')).map((event) => [event.id, event.seq])).toEqual([
      ['z-start', 0],
      ['b-click', 1],
      ['a-scroll', 2],
    ]);
    expect((await sessionEvents(db, 's2')).map((event) => event.id)).toEqual(['y-start', 'x-click']);
  });

  it('returns nothing for a session without events or an unknown one', async () => {
    await addSession();
    expect(await sessionEvents(db, 's1')).toEqual([]);
    expect(await sessionEvents(db, 'nope')).toEqual([]);
  });
});

describe('sessions', () => {
  it('activeSession finds the recording or paused session, and ignores ended and interrupted ones', async () => {
    expect(await activeSession(db)).toBeUndefined();
    await addSession({ id: 'ended', status: 'ended' });
    await addSession({ id: 'cut', status: 'interrupted' });
    expect(await activeSession(db)).toBeUndefined();
    await addSession({ id: 'live', status: 'paused' });
    expect((await activeSession(db))?.id).toBe('live');
    await db.sessions.update('live', { status: 'recording' });
    expect(await activeSession(db)).toMatchObject({ id: 'live', status: 'recording' });
  });

  it('markActiveAsInterrupted cuts recording and paused sessions, forgets their tabs and returns them as they were', async () => {
    await addSession({ id: 'rec', status: 'recording', tabIds: [1, 2] });
    await addSession({ id: 'paused', status: 'paused', tabIds: [3] });
    await addSession({ id: 'ended', status: 'ended', tabIds: [] });
    const cut = await markActiveAsInterrupted(db);
    expect(cut.map((item) => [item.id, item.status, item.tabIds]).sort()).toEqual([
      ['paused', 'paused', [3]],
      ['rec', 'recording', [1, 2]],
    ]);
    expect(await session('rec')).toMatchObject({ status: 'interrupted', tabIds: [] });
    expect(await session('paused')).toMatchObject({ status: 'interrupted', tabIds: [] });
    expect(await session('ended')).toMatchObject({ status: 'ended' });
    expect(await activeSession(db)).toBeUndefined();
  });

  it('markActiveAsInterrupted does nothing when nothing is active', async () => {
    await addSession({ id: 'ended', status: 'ended' });
    expect(await markActiveAsInterrupted(db)).toEqual([]);
    expect(await session('ended')).toMatchObject({ status: 'ended' });
  });

  it('listSessions returns every session, newest first', async () => {
    expect(await listSessions(db)).toEqual([]);
    await addSession({ id: 'middle', startedAt: '2026-03-02T10:00:00.000Z' });
    await addSession({ id: 'newest', startedAt: '2026-03-10T08:00:00.000Z', status: 'ended' });
    await addSession({ id: 'oldest', startedAt: '2026-01-31T23:59:59.000Z', status: 'interrupted' });
    expect((await listSessions(db)).map((item) => item.id)).toEqual(['newest', 'middle', 'oldest']);
  });

  it('deleteSession removes the session, its events, screenshots, annotations, checklist answers, edits and redactions, and nothing of the others', async () => {
    for (const id of ['keep', 'drop']) {
      await addSession({ id });
      const fixture = new EventFixture(id);
      await commitEvent(db, toCommit(fixture.start(`${id}-start`, 0)));
      await commitEvent(db, toCommit(fixture.click(`${id}-click`, 100)));
      await db.screenshots.add({
        id: `${id}-shot`,
        sessionId: id,
        tabId: 1,
        t: 100,
        blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
        mime: 'image/jpeg',
        width: 10,
        height: 10,
        bytes: 3,
      });
      await db.annotations.add({
        id: `${id}-note`,
        sessionId: id,
        eventId: `${id}-click`,
        t: 120,
        at: '',
        kind: 'note',
        author: 'tester',
        data: { noteKind: 'thought', text: 'hm' },
        updatedAt: null,
        removed: false,
      });
      await db.answers.add({ id: `${id}:q1`, sessionId: id, questionId: 'q1', value: true, photoScreenshotId: null, author: 'tester', at: '' });
      await db.edits.add({
        id: `${id}-edit`,
        sessionId: id,
        at: '',
        author: 'tester',
        undone: false,
        undoneAt: null,
        edit: { kind: 'hide', stepId: `${id}-click`, hidden: true },
      });
      await db.redactions.add({
        id: `${id}:${id}-shot`,
        sessionId: id,
        screenshotId: `${id}-shot`,
        boxes: [{ x: 0, y: 0, width: 5, height: 5 }],
        redactedBlob: new Blob([new Uint8Array([4])], { type: 'image/jpeg' }),
        originalDestroyed: false,
        at: '',
      });
    }

    await deleteSession(db, 'drop');

    expect(await db.sessions.get('drop')).toBeUndefined();
    expect(await db.events.where('sessionId').equals('drop').count()).toBe(0);
    expect(await db.screenshots.where('sessionId').equals('drop').count()).toBe(0);
    expect(await db.annotations.where('sessionId').equals('drop').count()).toBe(0);
    expect(await db.sessions.get('keep')).toBeDefined();
    expect((await sessionEvents(db, 'keep')).map((event) => event.id)).toEqual(['keep-start', 'keep-click']);
    expect(await db.screenshots.toCollection().primaryKeys()).toEqual(['keep-shot']);
    expect(await db.annotations.toCollection().primaryKeys()).toEqual(['keep-note']);
    expect(await db.answers.toCollection().primaryKeys()).toEqual(['keep:q1']);
    expect(await db.edits.toCollection().primaryKeys()).toEqual(['keep-edit']);
    expect(await db.redactions.toCollection().primaryKeys()).toEqual(['keep:keep-shot']);
  });

  it('deleteSession of an unknown session changes nothing', async () => {
    await addSession({ id: 'keep' });
    await deleteSession(db, 'ghost');
    expect(await db.sessions.count()).toBe(1);
  });
});

describe('isQuotaError', () => {
  it('recognises the QuotaExceededError of IndexedDB, by name', () => {
    expect(isQuotaError(new DOMException('The operation failed', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'QuotaExceededError' })).toBe(true);
    expect(isQuotaError({ name: 'QuotaExceeded' })).toBe(true);
  });

  it('does not loop on an error that wraps itself', () => {
    const looping: { name: string; message: string; inner?: unknown } = { name: 'AbortError', message: 'aborted' };
    looping.inner = looping;
    expect(isQuotaError(looping)).toBe(false);
  });

  it('recognises a quota error wrapped by Dexie in `inner`, however deep', () => {
    expect(isQuotaError({ name: 'AbortError', message: 'Transaction aborted', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'OpenFailedError', message: 'x', inner: { name: 'AbortError', message: 'y', inner: { name: 'QuotaExceededError' } } })).toBe(
      true,
    );
    const dexieWrapped = new Dexie.AbortError('Transaction aborted', new DOMException('disk', 'QuotaExceededError'));
    expect(dexieWrapped.inner).toMatchObject({ name: 'QuotaExceededError' });
    expect(isQuotaError(dexieWrapped)).toBe(true);
  });

  it('recognises a quota error by its message text', () => {
    expect(isQuotaError(new Error('The QUOTA has been exceeded.'))).toBe(true);
    expect(isQuotaError({ name: 'UnknownError', message: 'Storage quota reached' })).toBe(true);
  });

  it('says no to other errors and to non-errors', () => {
    expect(isQuotaError(new Error('Network down'))).toBe(false);
    expect(isQuotaError(new DOMException('Key already exists', 'ConstraintError'))).toBe(false);
    expect(isQuotaError({ name: 'AbortError', message: 'aborted', inner: null })).toBe(false);
    expect(isQuotaError({ name: 'AbortError', message: 'aborted', inner: new Error('constraint') })).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
    expect(isQuotaError(42)).toBe(false);
  });
});
