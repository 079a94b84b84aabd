import type { IndexableType } from 'dexie';
import { database } from './db';
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

/** Records of a query that can only be read: no `modify`, no `delete`. */
export interface ReadCollection<T> {
  toArray(): Promise<T[]>;
  first(): Promise<T | undefined>;
  last(): Promise<T | undefined>;
  count(): Promise<number>;
  reverse(): ReadCollection<T>;
  limit(count: number): ReadCollection<T>;
  filter(keep: (record: T) => boolean): ReadCollection<T>;
}

export interface ReadWhere<T> {
  equals(key: IndexableType): ReadCollection<T>;
  anyOf(...keys: IndexableType[]): ReadCollection<T>;
  between(lower: IndexableType, upper: IndexableType, includeLower?: boolean, includeUpper?: boolean): ReadCollection<T>;
}

/** A table that can only be read: no `put`, `add`, `update`, `delete` or `bulk*` writes. */
export interface ReadTable<T, Key> {
  get(key: Key): Promise<T | undefined>;
  bulkGet(keys: Key[]): Promise<(T | undefined)[]>;
  where(index: string): ReadWhere<T>;
  orderBy(index: string): ReadCollection<T>;
  toArray(): Promise<T[]>;
  count(): Promise<number>;
}

/**
 * The database as extension pages see it: read-only. Pages follow it live (useLiveQuery) and write only by
 * message to the background, the one writer; a Biome rule (biome.json) keeps components from importing
 * lib/store/db, which is where a writable handle comes from.
 */
export interface ReadDatabase {
  readonly sessions: ReadTable<SessionRecord, string>;
  readonly events: ReadTable<EventRecord, string>;
  readonly screenshots: ReadTable<ScreenshotRecord, string>;
  readonly annotations: ReadTable<AnnotationRecord, string>;
  readonly answers: ReadTable<AnswerRecord, string>;
  readonly templates: ReadTable<TemplateRecord, string>;
  readonly settings: ReadTable<SettingRecord, string>;
  readonly edits: ReadTable<EditRecord, string>;
  readonly redactions: ReadTable<RedactionRecord, string>;
  /** A read-only transaction: several reads that see one state of the database. */
  transaction<U>(mode: 'r', tables: TableName[], scope: () => Promise<U>): Promise<U>;
}

export type TableName = Exclude<keyof ReadDatabase, 'transaction'>;

/** The database of this extension page, to read. */
export function readDatabase(): ReadDatabase {
  return database();
}

export { loadScreenshotForExport } from '../bundle/redaction';
export { eventsSince, sessionEvents } from './events';
export { activeSession, listSessions } from './sessions';
