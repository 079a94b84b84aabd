import Dexie, { type EntityTable } from 'dexie';
import { upgradeSessionToV2 } from './migrations';
import type {
  AnnotationRecord,
  AnswerRecord,
  EditRecord,
  EventRecord,
  RedactionRecord,
  ScreenshotRecord,
  SessionRecord,
  SettingRecord,
  TemplateRecord,
} from './records';

export const DATABASE_NAME = 'parcours';

/**
 * The one database. Every schema change is a new `version(n)` below, never an edit of an old one,
 * and comes with a migration test in test/unit/store.
 */
export class ParcoursDatabase extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  events!: EntityTable<EventRecord, 'id'>;
  screenshots!: EntityTable<ScreenshotRecord, 'id'>;
  annotations!: EntityTable<AnnotationRecord, 'id'>;
  answers!: EntityTable<AnswerRecord, 'id'>;
  templates!: EntityTable<TemplateRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  edits!: EntityTable<EditRecord, 'id'>;
  redactions!: EntityTable<RedactionRecord, 'id'>;

  constructor(name = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Version 1: the raw capture (sessions, events, screenshots) and a table ready for annotations.
    this.version(1).stores({
      sessions: 'id, status, startedAt',
      events: 'id, sessionId, [sessionId+seq], [sessionId+kind]',
      screenshots: 'id, sessionId',
      annotations: 'id, sessionId, eventId, [sessionId+t]',
    });
    // Version 2: the tester's layer. Annotations by kind, checklist answers, setup and checklist templates,
    // small settings; sessions gain persona, segment, expectations, stages, checklist (see migrations.ts).
    this.version(2)
      .stores({
        annotations: 'id, sessionId, eventId, [sessionId+t], [sessionId+kind]',
        answers: 'id, sessionId',
        templates: 'id, kind, name, updatedAt',
        settings: 'key',
      })
      .upgrade((tx) => tx.table('sessions').toCollection().modify(upgradeSessionToV2));
    // Version 3: the edit layer of the review page. Edits of the map (titles, stages, merges, splits, hidden
    // steps, signal decisions), in the order made; redactions of screenshots. Nothing to migrate: both start empty.
    this.version(3).stores({
      edits: 'id, sessionId, [sessionId+at]',
      redactions: 'id, sessionId, screenshotId',
    });
  }
}

let shared: ParcoursDatabase | null = null;

/** The database of this extension context, opened lazily. */
export function database(): ParcoursDatabase {
  shared ??= new ParcoursDatabase();
  return shared;
}
