import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ParcoursDatabase } from '@/lib/store/db';
import { sessionEvents } from '@/lib/store/events';
import { activeSession } from '@/lib/store/sessions';
import { EventFixture, sessionRecord } from '../fixtures/events';

/**
 * The schema's history, one `describe('version n')` per `this.version(n)` in lib/store/db.ts (a test below
 * checks none is missing). Each version block pins the schema as it was declared, as a frozen literal that
 * is never edited afterwards, and proves that a database written by that version opens with the current
 * class with its data intact. A future version n adds a block that creates the database at n - 1 from its
 * frozen schema, fills it with raw rows of that time, reopens it with `ParcoursDatabase` and checks the
 * upgrade's outcome.
 */

const SCHEMA_V1 = {
  sessions: 'id, status, startedAt',
  events: 'id, sessionId, [sessionId+seq], [sessionId+kind]',
  screenshots: 'id, sessionId',
  annotations: 'id, sessionId, eventId, [sessionId+t]',
} as const;

let databaseCount = 0;
const opened: Dexie[] = [];

function uniqueName(): string {
  databaseCount += 1;
  return `schema-test-${databaseCount}-${Math.random().toString(36).slice(2)}`;
}

function track<T extends Dexie>(db: T): T {
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** Creates a database as an old version of Parcours wrote it, with raw rows, and closes it. */
async function createAtVersion(name: string, version: number, schema: Record<string, string>, rows: Record<string, unknown[]>): Promise<void> {
  const old = new Dexie(name);
  old.version(version).stores(schema);
  await old.open();
  await old.transaction('rw', Object.keys(rows), async () => {
    for (const [table, tableRows] of Object.entries(rows)) await old.table(table).bulkAdd(tableRows);
  });
  old.close();
}

function describeIndexes(db: Dexie) {
  return Object.fromEntries(
    db.tables.map((table) => [
      table.name,
      {
        primKey: table.schema.primKey.name,
        indexes: table.schema.indexes.map((index) => ({ name: index.name, keyPath: index.keyPath, compound: !!index.compound, unique: !!index.unique })),
      },
    ]),
  );
}

describe('version 1', () => {
  it('declares the four tables of the raw capture and the annotations', async () => {
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(1);
    expect(db.tables.map((table) => table.name).sort()).toEqual(['annotations', 'events', 'screenshots', 'sessions']);
  });

  it('declares the indexes of version 1, keyed by id', async () => {
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(describeIndexes(db)).toEqual({
      sessions: {
        primKey: 'id',
        indexes: [
          { name: 'status', keyPath: 'status', compound: false, unique: false },
          { name: 'startedAt', keyPath: 'startedAt', compound: false, unique: false },
        ],
      },
      events: {
        primKey: 'id',
        indexes: [
          { name: 'sessionId', keyPath: 'sessionId', compound: false, unique: false },
          { name: '[sessionId+seq]', keyPath: ['sessionId', 'seq'], compound: true, unique: false },
          { name: '[sessionId+kind]', keyPath: ['sessionId', 'kind'], compound: true, unique: false },
        ],
      },
      screenshots: {
        primKey: 'id',
        indexes: [{ name: 'sessionId', keyPath: 'sessionId', compound: false, unique: false }],
      },
      annotations: {
        primKey: 'id',
        indexes: [
          { name: 'sessionId', keyPath: 'sessionId', compound: false, unique: false },
          { name: 'eventId', keyPath: 'eventId', compound: false, unique: false },
          { name: '[sessionId+t]', keyPath: ['sessionId', 't'], compound: true, unique: false },
        ],
      },
    });
  });

  it('has primary keys given by the application, never auto-incremented', async () => {
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    for (const table of db.tables) expect(table.schema.primKey.auto, table.name).toBeFalsy();
  });

  it('matches the frozen version 1 schema (a database created from it has the same tables and indexes)', async () => {
    const name = uniqueName();
    const frozen = track(new Dexie(name));
    frozen.version(1).stores(SCHEMA_V1);
    await frozen.open();
    const current = track(new ParcoursDatabase(uniqueName()));
    await current.open();
    expect(describeIndexes(current)).toEqual(describeIndexes(frozen));
  });

  it('opens a database written by version 1 with the current class, data intact', async () => {
    const name = uniqueName();
    const session = sessionRecord({ id: 'old', status: 'recording', tabIds: [4], nextSeq: 3, eventCount: 3 });
    const fixture = new EventFixture('old');
    fixture.start('e0', 0);
    fixture.click('e1', 1500, { name: 'Add to cart' });
    fixture.screenshot('e1', 1520, { screenshotId: 'shot-1' });
    const image = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    const screenshot = { id: 'shot-1', sessionId: 'old', tabId: 4, t: 1520, blob: image, mime: 'image/jpeg', width: 800, height: 600, bytes: 4 };
    const annotation = {
      id: 'a1',
      sessionId: 'old',
      eventId: 'e1',
      t: 1600,
      at: '2026-03-14T09:30:01.600Z',
      kind: 'emotion',
      author: 'tester',
      data: { valence: -1 },
    };
    await createAtVersion(name, 1, SCHEMA_V1, {
      sessions: [session],
      events: fixture.events,
      screenshots: [screenshot],
      annotations: [annotation],
    });

    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
    expect(await db.sessions.get('old')).toEqual(session);
    expect(await activeSession(db)).toEqual(session);
    expect(await sessionEvents(db, 'old')).toEqual(fixture.events);
    const storedShot = await db.screenshots.get('shot-1');
    expect(storedShot).toMatchObject({ ...screenshot, blob: expect.any(Blob) });
    expect(new Uint8Array(await storedShot!.blob.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    expect(await db.annotations.where('[sessionId+t]').between(['old', 0], ['old', Infinity]).toArray()).toEqual([annotation]);
    expect(await db.events.where('[sessionId+kind]').equals(['old', 'click']).primaryKeys()).toEqual(['e1']);
  });
});

const DB_SOURCE = new URL('../../../lib/store/db.ts', import.meta.url);

function declaredVersions(): number[] {
  const source = readFileSync(DB_SOURCE, 'utf8');
  return [...source.matchAll(/this\.version\(\s*(\d+)\s*\)/g)].map((match) => Number(match[1]));
}

describe('schema history', () => {
  it('declares at least version 1, each version once', () => {
    const versions = declaredVersions();
    expect(versions).toContain(1);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('has a describe block in this file for every version declared in db.ts', () => {
    const thisFile = readFileSync(new URL(import.meta.url), 'utf8');
    const missing = declaredVersions().filter((version) => !thisFile.includes(`describe('version ${version}'`));
    expect(missing).toEqual([]);
  });

  it('opens at the newest declared version', async () => {
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
  });
});
