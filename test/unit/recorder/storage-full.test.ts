import { describe, expect, it } from 'vitest';
import { badgeFor } from '@/lib/recorder/badge';
import { beforeStorageFull, isStorageFullRecord, MAX_UNWRITTEN, StorageFullPause, type StorageFullRecord } from '@/lib/recorder/storage-full';
import type { EventToCommit } from '@/lib/store/events';

/** storage.session as the worker sees it: one value, written through. */
function memory(initial: unknown = undefined) {
  const box = { value: initial, writes: 0 };
  return {
    box,
    read: async () => box.value,
    write: async (value: StorageFullRecord | null) => {
      box.writes++;
      box.value = value ?? undefined;
    },
  };
}

/** The worker's clock, moved by the tests. */
let time = 0;
const clock = () => time;

function shot(id: string, sessionId = 's1'): EventToCommit {
  return {
    id,
    sessionId,
    kind: 'screenshot',
    t: 10,
    at: new Date(10).toISOString(),
    tabId: 1,
    frameId: null,
    url: null,
    frameUrl: null,
    pageTitle: null,
    forEventId: id.replace(':screenshot', ''),
    screenshotId: null,
    missingReason: 'storage-full',
    point: null,
    delayMs: null,
    shared: false,
  };
}

describe('StorageFullPause', () => {
  it('starts the pause at the first refusal only, and says so', async () => {
    const store = memory();
    const pause = new StorageFullPause(store, clock);
    expect(await pause.of('s1')).toBeNull();
    expect(await pause.begin('s1', 1000)).toBe(true);
    expect(await pause.begin('s1', 2000)).toBe(false);
    expect(await pause.of('s1')).toMatchObject({ sessionId: 's1', sinceEpochMs: 1000, told: false, lostEvents: 0, unwritten: [] });
    expect(await pause.of()).toMatchObject({ sessionId: 's1' });
    expect(await pause.of('other')).toBeNull();
    expect(store.box.value).toMatchObject({ sinceEpochMs: 1000 });
  });

  it('is found again by a restarted worker, from memory', async () => {
    const store = memory();
    await new StorageFullPause(store, clock).begin('s1', 1000);
    const restarted = new StorageFullPause(store, clock);
    expect(await restarted.of('s1')).toMatchObject({ sinceEpochMs: 1000 });
  });

  it('ignores what is not a record (a corrupted or foreign value)', async () => {
    expect(await new StorageFullPause(memory({ sessionId: 's1' }), clock).of()).toBeNull();
    expect(await new StorageFullPause(memory('full'), clock).of()).toBeNull();
    expect(isStorageFullRecord({ sessionId: 's1', sinceEpochMs: 1, lostEvents: 0, unwritten: [] })).toBe(true);
    expect(isStorageFullRecord(null)).toBe(false);
  });

  it('a memory that cannot be read counts as no pause, and does not throw', async () => {
    const pause = new StorageFullPause({ read: () => Promise.reject(new Error('gone')), write: async () => undefined }, clock);
    expect(await pause.of()).toBeNull();
  });

  it('keeps each refused event once, of its own walk only, and counts the lost', async () => {
    const store = memory();
    const pause = new StorageFullPause(store, clock);
    expect(await pause.keep(shot('a:screenshot'))).toBe(false); // no pause yet
    await pause.begin('s1', 1000);
    expect(await pause.keep(shot('a:screenshot'))).toBe(true);
    expect(await pause.keep(shot('a:screenshot'))).toBe(true);
    expect(await pause.keep(shot('b:screenshot', 'other-walk'))).toBe(false);
    await pause.lost('s1');
    await pause.lost('other-walk');
    const record = await pause.of('s1');
    expect(record?.unwritten.map((event) => event.id)).toEqual(['a:screenshot']);
    expect(record?.lostEvents).toBe(1);
    expect((store.box.value as StorageFullRecord).unwritten).toHaveLength(1);
  });

  it('past MAX_UNWRITTEN, counts further events as lost rather than growing without end', async () => {
    const pause = new StorageFullPause(memory(), clock);
    await pause.begin('s1', 1000);
    for (let i = 0; i < MAX_UNWRITTEN; i++) expect(await pause.keep(shot(`e${i}:screenshot`))).toBe(true);
    expect(await pause.keep(shot('one-more:screenshot'))).toBe(false);
    expect(await pause.of('s1')).toMatchObject({ lostEvents: 1 });
    expect((await pause.of('s1'))?.unwritten).toHaveLength(MAX_UNWRITTEN);
  });

  it('clears: the pause is over, in memory too', async () => {
    const store = memory();
    const pause = new StorageFullPause(store, clock);
    await pause.begin('s1', 1000);
    await pause.clear();
    expect(await pause.of()).toBeNull();
    expect(store.box.value).toBeUndefined();
    expect(await new StorageFullPause(store, clock).of()).toBeNull();
  });
});

describe('StorageFullPause.markTold', () => {
  it('starts the pause when the pages were told, once, never before the refusal', async () => {
    const store = memory();
    const pause = new StorageFullPause(store, clock);
    await pause.markTold('s1', 1200); // no pause: nothing to do
    expect(await pause.of()).toBeNull();
    await pause.begin('s1', 1000);
    await pause.markTold('other-walk', 1100);
    expect(await pause.of('s1')).toMatchObject({ sinceEpochMs: 1000, told: false });
    await pause.markTold('s1', 1030);
    expect(await pause.of('s1')).toMatchObject({ sinceEpochMs: 1030, told: true });
    expect(store.box.value).toMatchObject({ sinceEpochMs: 1030, told: true });
    // Told again (a second broadcast): the start stays.
    await pause.markTold('s1', 4000);
    expect(await pause.of('s1')).toMatchObject({ sinceEpochMs: 1030 });
    // A clock a little behind the refusal's does not move the start before it.
    const other = new StorageFullPause(memory(), clock);
    await other.begin('s2', 1000);
    await other.markTold('s2', 999);
    expect(await other.of('s2')).toMatchObject({ sinceEpochMs: 1000, told: true });
  });

  it('a record a stopped worker left untold counts as told when the next one finds it', async () => {
    const store = memory();
    time = 1000;
    await new StorageFullPause(store, clock).begin('s1', 1000);
    time = 2500;
    expect(await new StorageFullPause(store, clock).of('s1')).toMatchObject({ sinceEpochMs: 2500, told: true });
    // One written before `told` existed was told at its refusal.
    const older = memory({ sessionId: 's1', sinceEpochMs: 1000, lostEvents: 0, unwritten: [] });
    expect(await new StorageFullPause(older, clock).of('s1')).toMatchObject({ sinceEpochMs: 1000, told: true });
    expect(isStorageFullRecord({ sessionId: 's1', sinceEpochMs: 1, told: 'yes', lostEvents: 0, unwritten: [] })).toBe(false);
  });
});

describe('beforeStorageFull', () => {
  const record: StorageFullRecord = { sessionId: 's1', sinceEpochMs: 1000, told: true, lostEvents: 0, unwritten: [] };
  it('keeps a moment before the pause, not one at or after its start', () => {
    expect(beforeStorageFull(record, 999)).toBe(true);
    expect(beforeStorageFull(record, 1000)).toBe(false);
    expect(beforeStorageFull(record, 5000)).toBe(false);
  });

  it('keeps every moment while the pages are being told (none of them knew yet)', () => {
    expect(beforeStorageFull({ ...record, told: false }, 1000)).toBe(true);
    expect(beforeStorageFull({ ...record, told: false }, 1015)).toBe(true);
  });
});

describe('badgeFor storage-full', () => {
  it('reads FULL, red, with a tooltip of its own', () => {
    expect(badgeFor('storage-full')).toEqual({ text: 'FULL', color: '#c62828', titleKey: 'badgeStorageFull' });
    expect(badgeFor('paused').titleKey).toBe('badgePaused');
  });
});
