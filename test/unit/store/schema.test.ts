import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { currentLocale, setLocale } from '@/lib/i18n';
import { defaultStages } from '@/lib/journey/stages';
import { ParcoursDatabase } from '@/lib/store/db';
import { sessionEvents } from '@/lib/store/events';
import { upgradeSessionToV2 } from '@/lib/store/migrations';
import { activeSession } from '@/lib/store/sessions';
import { EventFixture, START_EPOCH_MS, sessionRecord } from '../fixtures/events';

/**
 * The schema's history, one `describe('version n')` per `this.version(n)` in lib/store/db.ts (a test below
 * checks none is missing). Each version block pins the schema as it was declared, as a frozen literal that
 * is never edited afterwards, and proves that a database written by that version opens with the current
 * class with its data intact. A future version n adds a block that creates the database at n - 1 from its
 * frozen schema, fills it with raw rows of that time, reopens it with `ParcoursDatabase` and checks the
 * upgrade's outcome.
 */

/** Each version's `stores()` as lib/store/db.ts declares it, frozen: never edited once released. */
const SCHEMA_V1 = {
  sessions: 'id, status, startedAt',
  events: 'id, sessionId, [sessionId+seq], [sessionId+kind]',
  screenshots: 'id, sessionId',
  annotations: 'id, sessionId, eventId, [sessionId+t]',
} as const;

const SCHEMA_V2 = {
  annotations: 'id, sessionId, eventId, [sessionId+t], [sessionId+kind]',
  answers: 'id, sessionId',
  templates: 'id, kind, name, updatedAt',
  settings: 'key',
} as const;

const SCHEMA_V3 = {
  edits: 'id, sessionId, [sessionId+at]',
  redactions: 'id, sessionId, screenshotId',
} as const;

const FROZEN_SCHEMAS: Record<number, Record<string, string>> = { 1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3 };

let databaseCount = 0;
const opened: Dexie[] = [];
const localeBefore = currentLocale();

function uniqueName(): string {
  databaseCount += 1;
  return `schema-test-${databaseCount}-${Math.random().toString(36).slice(2)}`;
}

function track<T extends Dexie>(db: T): T {
  opened.push(db);
  return db;
}

afterEach(async () => {
  setLocale(localeBefore);
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A Dexie declaring only the frozen schemas up to `version`: the database as that version of Parcours had it. */
function frozenDatabase(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (let v = 1; v <= version; v++) {
    const schema = FROZEN_SCHEMAS[v];
    if (!schema) throw new Error(`no frozen schema for version ${v}`);
    db.version(v).stores(schema);
  }
  return db;
}

/** Creates a database as an old version of Parcours wrote it, with raw rows, and closes it. */
async function createAtVersion(name: string, version: number, rows: Record<string, unknown[]>): Promise<void> {
  const old = frozenDatabase(name, version);
  await old.open();
  await old.transaction('rw', Object.keys(rows), async () => {
    for (const [table, tableRows] of Object.entries(rows)) await old.table(table).bulkAdd(tableRows);
  });
  old.close();
}

type IndexDescription = { name: string; keyPath: string | string[] | undefined; compound: boolean; unique: boolean };

function describeIndexes(db: Dexie): Record<string, { primKey: string; indexes: IndexDescription[] }> {
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

const plain = (name: string): IndexDescription => ({ name, keyPath: name, compound: false, unique: false });
const compound = (...keyPath: string[]): IndexDescription => ({ name: `[${keyPath.join('+')}]`, keyPath, compound: true, unique: false });

/** The tables and indexes of version 1, as declared. */
const INDEXES_V1 = {
  sessions: { primKey: 'id', indexes: [plain('status'), plain('startedAt')] },
  events: { primKey: 'id', indexes: [plain('sessionId'), compound('sessionId', 'seq'), compound('sessionId', 'kind')] },
  screenshots: { primKey: 'id', indexes: [plain('sessionId')] },
  annotations: { primKey: 'id', indexes: [plain('sessionId'), plain('eventId'), compound('sessionId', 't')] },
};

/** The tables and indexes of version 2: annotations by kind, and the answers, templates and settings tables. */
const INDEXES_V2 = {
  ...INDEXES_V1,
  annotations: { primKey: 'id', indexes: [plain('sessionId'), plain('eventId'), compound('sessionId', 't'), compound('sessionId', 'kind')] },
  answers: { primKey: 'id', indexes: [plain('sessionId')] },
  templates: { primKey: 'id', indexes: [plain('kind'), plain('name'), plain('updatedAt')] },
  settings: { primKey: 'key', indexes: [] },
};

/** The tables and indexes of version 3: the map's edits (in order per session) and the screenshots' redactions. */
const INDEXES_V3 = {
  ...INDEXES_V2,
  edits: { primKey: 'id', indexes: [plain('sessionId'), compound('sessionId', 'at')] },
  redactions: { primKey: 'id', indexes: [plain('sessionId'), plain('screenshotId')] },
};

/** Every table and index of `older` is still in `newer`, with the same primary key: a later version only adds. */
function expectKeptIn(newer: ReturnType<typeof describeIndexes>, older: ReturnType<typeof describeIndexes>): void {
  for (const [table, { primKey, indexes }] of Object.entries(older)) {
    expect(newer[table], table).toBeDefined();
    expect(newer[table]?.primKey, table).toBe(primKey);
    expect(newer[table]?.indexes, table).toEqual(expect.arrayContaining(indexes));
  }
}

/** A session row exactly as version 1 wrote it: persona a string, no stages, checklist, selection or completion. */
function v1SessionRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'old',
    title: 'Buy a mug',
    persona: 'Sandrine, busy team lead',
    scenario: 'Needs a gift by Friday',
    goal: 'Order and pay',
    status: 'recording',
    startedAt: '2026-03-14T09:30:00.000Z',
    startEpochMs: START_EPOCH_MS,
    endedAt: null,
    startUrl: 'https://shop.example/',
    tabIds: [4],
    nextSeq: 3,
    lastActionT: 1500,
    browser: { name: 'Chrome', version: '140.0.0.0' },
    viewport: { width: 1280, height: 720, deviceScaleFactor: 1 },
    eventCount: 3,
    screenshotCount: 1,
    screenshotBytes: 4,
    ...overrides,
  };
}

/** What version 2 adds to a version 1 session row (stages in the locale given). */
function v2Additions(locale: 'en' | 'fr' = 'en') {
  return {
    segment: '',
    expectations: '',
    stages: defaultStages(locale),
    checklist: null,
    currentStageId: 'awareness',
    selectedEventId: null,
    completedAt: null,
  };
}

describe('version 1', () => {
  it('declares the four tables of the raw capture and the annotations, all kept by the current class', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 1));
    await frozen.open();
    expect(frozen.tables.map((table) => table.name).sort()).toEqual(['annotations', 'events', 'screenshots', 'sessions']);
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(1);
    expect(db.tables.map((table) => table.name)).toEqual(expect.arrayContaining(['annotations', 'events', 'screenshots', 'sessions']));
  });

  it('declares the indexes of version 1, keyed by id', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 1));
    await frozen.open();
    expect(describeIndexes(frozen)).toEqual(INDEXES_V1);
  });

  it('has primary keys given by the application, never auto-incremented', async () => {
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    for (const table of db.tables) expect(table.schema.primKey.auto, table.name).toBeFalsy();
  });

  it('keeps every table and index of the frozen version 1 schema in the current class (later versions only add)', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 1));
    await frozen.open();
    const current = track(new ParcoursDatabase(uniqueName()));
    await current.open();
    expectKeptIn(describeIndexes(current), describeIndexes(frozen));
  });

  it('opens a database written by version 1 with the current class, data intact', async () => {
    const name = uniqueName();
    const session = v1SessionRow();
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
    await createAtVersion(name, 1, {
      sessions: [session],
      events: fixture.events,
      screenshots: [screenshot],
      annotations: [annotation],
    });

    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
    // Every field version 1 wrote is still there (the persona only changes shape, see version 2).
    const { persona: _persona, ...unchanged } = session;
    expect(await db.sessions.get('old')).toMatchObject(unchanged);
    expect(await activeSession(db)).toMatchObject({ id: 'old', status: 'recording' });
    expect(await sessionEvents(db, 'old')).toEqual(fixture.events);
    const storedShot = await db.screenshots.get('shot-1');
    expect(storedShot).toMatchObject({ ...screenshot, blob: expect.any(Blob) });
    expect(new Uint8Array(await storedShot!.blob.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    expect(await db.annotations.where('[sessionId+t]').between(['old', 0], ['old', Infinity]).toArray()).toEqual([annotation]);
    expect(await db.events.where('[sessionId+kind]').equals(['old', 'click']).primaryKeys()).toEqual(['e1']);
  });
});

describe('version 2', () => {
  it('declares seven tables: the four of version 1, answers, templates and settings', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 2));
    await frozen.open();
    expect(frozen.tables.map((table) => table.name).sort()).toEqual(['annotations', 'answers', 'events', 'screenshots', 'sessions', 'settings', 'templates']);
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(2);
    expect(db.tables.map((table) => table.name)).toEqual(expect.arrayContaining(['answers', 'settings', 'templates']));
  });

  it('declares the indexes of version 2: annotations gain [sessionId+kind], settings are keyed by key', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 2));
    await frozen.open();
    expect(describeIndexes(frozen)).toEqual(INDEXES_V2);
  });

  it('keeps every table and index of the frozen version 2 schema in the current class', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 2));
    await frozen.open();
    const current = track(new ParcoursDatabase(uniqueName()));
    await current.open();
    expectKeptIn(describeIndexes(current), describeIndexes(frozen));
  });

  it('upgrades the session rows of a version 1 database with upgradeSessionToV2, everything else intact', async () => {
    setLocale('en');
    const name = uniqueName();
    const recording = v1SessionRow();
    const nameless = v1SessionRow({ id: 'nameless', persona: '', status: 'ended', endedAt: '2026-03-14T10:00:00.000Z', startedAt: '2026-03-13T09:00:00.000Z' });
    const missing = v1SessionRow({ id: 'missing', status: 'interrupted', startedAt: '2026-03-12T09:00:00.000Z' });
    delete missing.persona;
    const fixture = new EventFixture('old');
    fixture.start('e0', 0);
    fixture.click('e1', 1500, { name: 'Add to cart' });
    const annotations = [
      { id: 'a1', sessionId: 'old', eventId: 'e1', t: 1600, at: '2026-03-14T09:30:01.600Z', kind: 'emotion', author: 'tester', data: { valence: -1 } },
      {
        id: 'a2',
        sessionId: 'old',
        eventId: 'e1',
        t: 1700,
        at: '2026-03-14T09:30:01.700Z',
        kind: 'note',
        author: 'tester',
        data: { noteKind: 'pain', text: 'Slow' },
      },
    ];
    await createAtVersion(name, 1, { sessions: [recording, nameless, missing], events: fixture.events, annotations });

    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
    expect(await db.sessions.get('old')).toEqual({ ...recording, persona: { name: 'Sandrine, busy team lead', description: '' }, ...v2Additions() });
    expect(await db.sessions.get('nameless')).toEqual({ ...nameless, persona: { name: '', description: '' }, ...v2Additions() });
    expect(await db.sessions.get('missing')).toEqual({ ...missing, persona: { name: '', description: '' }, ...v2Additions() });
    // The upgraded rows are still found by the indexes of version 1.
    expect((await db.sessions.orderBy('startedAt').toArray()).map((row) => row.id)).toEqual(['missing', 'nameless', 'old']);
    expect(await activeSession(db)).toMatchObject({ id: 'old', stages: defaultStages('en') });
    // Events and annotations are untouched; the new index finds the old annotations by kind.
    expect(await sessionEvents(db, 'old')).toEqual(fixture.events);
    expect(await db.annotations.orderBy('id').toArray()).toEqual(annotations);
    expect(await db.annotations.where('[sessionId+kind]').equals(['old', 'note']).primaryKeys()).toEqual(['a2']);
    // The new tables start empty.
    expect(await db.answers.count()).toBe(0);
    expect(await db.templates.count()).toBe(0);
    expect(await db.settings.count()).toBe(0);
  });

  it('names the default stages of upgraded sessions in the browser language', async () => {
    setLocale('fr');
    const name = uniqueName();
    await createAtVersion(name, 1, { sessions: [v1SessionRow()] });
    const db = track(new ParcoursDatabase(name));
    await db.open();
    const upgraded = await db.sessions.get('old');
    expect(upgraded?.stages).toEqual(defaultStages('fr'));
    expect(upgraded?.stages[1]?.name).toBe('Réflexion');
    expect(upgraded?.currentStageId).toBe('awareness');
  });

  it('leaves a database already at version 2 as it is when opened again', async () => {
    const name = uniqueName();
    const first = new ParcoursDatabase(name);
    await first.open();
    const session = sessionRecord({
      id: 'v2',
      persona: { name: 'Ana', description: 'Student' },
      stages: [{ id: 'x', name: 'Look', order: 0 }],
      currentStageId: 'x',
    });
    await first.sessions.add(session);
    await first.settings.put({ key: 'annotator', value: 'observer' });
    first.close();
    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(await db.sessions.get('v2')).toEqual(session);
    expect(await db.settings.get('annotator')).toEqual({ key: 'annotator', value: 'observer' });
  });
});

describe('version 3', () => {
  it('declares nine tables: the seven of version 2, edits and redactions', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 3));
    await frozen.open();
    expect(frozen.tables.map((table) => table.name).sort()).toEqual([
      'annotations',
      'answers',
      'edits',
      'events',
      'redactions',
      'screenshots',
      'sessions',
      'settings',
      'templates',
    ]);
    const db = track(new ParcoursDatabase(uniqueName()));
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(db.tables.map((table) => table.name)).toEqual(expect.arrayContaining(['edits', 'redactions']));
  });

  it('declares the indexes of version 3: edits by session and in order of time, redactions by session and by screenshot', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 3));
    await frozen.open();
    expect(describeIndexes(frozen)).toEqual(INDEXES_V3);
  });

  it('keeps every table and index of the frozen version 3 schema in the current class', async () => {
    const frozen = track(frozenDatabase(uniqueName(), 3));
    await frozen.open();
    const current = track(new ParcoursDatabase(uniqueName()));
    await current.open();
    expectKeptIn(describeIndexes(current), describeIndexes(frozen));
  });

  it('opens a database written by version 2 with its data intact, and the new tables empty and usable', async () => {
    const name = uniqueName();
    const session = sessionRecord({ id: 'v2', persona: { name: 'Ana', description: 'Student' } });
    const fixture = new EventFixture('v2');
    fixture.start('e0', 0);
    fixture.click('e1', 1500, { name: 'Add to cart' });
    fixture.screenshot('e1', 1520, { screenshotId: 'shot-1' });
    const image = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    const screenshot = { id: 'shot-1', sessionId: 'v2', tabId: 4, t: 1520, blob: image, mime: 'image/jpeg', width: 800, height: 600, bytes: 4 };
    const annotation = {
      id: 'a1',
      sessionId: 'v2',
      eventId: 'e1',
      t: 1600,
      at: '2026-03-14T09:30:01.600Z',
      kind: 'note',
      author: 'tester',
      data: { noteKind: 'pain', text: 'Slow' },
      updatedAt: null,
      removed: false,
    };
    const answer = { id: 'v2:q1', sessionId: 'v2', questionId: 'q1', value: true, photoScreenshotId: null, author: 'tester', at: '2026-03-14T09:31:00.000Z' };
    const template = { id: 't1', kind: 'setup', name: 'Students', updatedAt: '2026-03-01T00:00:00.000Z', setup: {} };
    await createAtVersion(name, 2, {
      sessions: [session],
      events: fixture.events,
      screenshots: [screenshot],
      annotations: [annotation],
      answers: [answer],
      templates: [template],
      settings: [{ key: 'annotator', value: 'observer' }],
    });

    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
    expect(await db.sessions.get('v2')).toEqual(session);
    expect(await sessionEvents(db, 'v2')).toEqual(fixture.events);
    const storedShot = await db.screenshots.get('shot-1');
    expect(storedShot).toMatchObject({ ...screenshot, blob: expect.any(Blob) });
    expect(new Uint8Array(await storedShot!.blob.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    expect(await db.annotations.where('[sessionId+kind]').equals(['v2', 'note']).toArray()).toEqual([annotation]);
    expect(await db.answers.toArray()).toEqual([answer]);
    expect(await db.templates.toArray()).toEqual([template]);
    expect(await db.settings.get('annotator')).toEqual({ key: 'annotator', value: 'observer' });
    // The new tables start empty, and their indexes answer.
    expect(await db.edits.count()).toBe(0);
    expect(await db.redactions.count()).toBe(0);
    await db.edits.bulkAdd([
      {
        id: 'x2',
        sessionId: 'v2',
        at: '2026-03-14T10:00:02.000Z',
        author: 'tester',
        undone: false,
        undoneAt: null,
        edit: { kind: 'hide', stepId: 'e1', hidden: true },
      },
      {
        id: 'x1',
        sessionId: 'v2',
        at: '2026-03-14T10:00:01.000Z',
        author: 'tester',
        undone: false,
        undoneAt: null,
        edit: { kind: 'title', stepId: 'e1', title: 'Add' },
      },
    ]);
    expect(await db.edits.where('[sessionId+at]').between(['v2', Dexie.minKey], ['v2', Dexie.maxKey]).primaryKeys()).toEqual(['x1', 'x2']);
    await db.redactions.add({
      id: 'v2:shot-1',
      sessionId: 'v2',
      screenshotId: 'shot-1',
      boxes: [{ x: 0, y: 0, width: 10, height: 10 }],
      redactedBlob: image,
      originalDestroyed: false,
      at: '2026-03-14T10:00:03.000Z',
    });
    expect(await db.redactions.where('screenshotId').equals('shot-1').primaryKeys()).toEqual(['v2:shot-1']);
  });

  it('upgrades a version 1 database through version 2 to version 3 in one open', async () => {
    setLocale('en');
    const name = uniqueName();
    await createAtVersion(name, 1, { sessions: [v1SessionRow()] });
    const db = track(new ParcoursDatabase(name));
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions()));
    expect(await db.sessions.get('old')).toEqual({ ...v1SessionRow(), persona: { name: 'Sandrine, busy team lead', description: '' }, ...v2Additions() });
    expect(await db.edits.count()).toBe(0);
    expect(await db.redactions.count()).toBe(0);
  });
});

describe('upgradeSessionToV2', () => {
  it('turns a v1 persona string into the persona name, with an empty description', () => {
    const row: Record<string, unknown> = v1SessionRow({ persona: 'Marc, retired' });
    upgradeSessionToV2(row);
    expect(row.persona).toEqual({ name: 'Marc, retired', description: '' });
  });

  it('keeps what a row already has (a persona object, stages, a checklist, a completion), so running it twice changes nothing', () => {
    const stages = [
      { id: 'look', name: 'Look', order: 0 },
      { id: 'buy', name: 'Buy', order: 1 },
    ];
    const checklist = { id: 'cl', name: 'Visit', questions: [] };
    const row: Record<string, unknown> = v1SessionRow({
      persona: { name: 'Ana', description: 'Student' },
      segment: 'Students',
      expectations: 'Cheap',
      stages,
      checklist,
      currentStageId: 'buy',
      selectedEventId: 'e1',
      completedAt: '2026-03-15T00:00:00.000Z',
    });
    const before = structuredClone(row);
    upgradeSessionToV2(row);
    expect(row).toEqual(before);
    upgradeSessionToV2(row);
    expect(row).toEqual(before);
  });

  it('makes the first stage current, or none when a row has an empty stage list', () => {
    const empty: Record<string, unknown> = v1SessionRow({ stages: [] });
    upgradeSessionToV2(empty);
    expect(empty).toMatchObject({ stages: [], currentStageId: null });
    const withStages: Record<string, unknown> = v1SessionRow({ stages: [{ id: 'only', name: 'Only', order: 0 }] });
    upgradeSessionToV2(withStages);
    expect(withStages.currentStageId).toBe('only');
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

  it('has a frozen schema for every declared version, and the current class matches the newest one exactly', async () => {
    const versions = declaredVersions();
    expect(versions.filter((version) => !FROZEN_SCHEMAS[version])).toEqual([]);
    const frozen = track(frozenDatabase(uniqueName(), Math.max(...versions)));
    await frozen.open();
    const current = track(new ParcoursDatabase(uniqueName()));
    await current.open();
    expect(describeIndexes(current)).toEqual(describeIndexes(frozen));
  });
});
