import type { EventToCommit } from '../store/events';

/**
 * A walk paused because the disk refused one of its writes. The database cannot say so (it takes no write),
 * so the pause lives in `storage.session` (memory only, never the disk) until the disk takes writes again:
 * then the pause, what it kept back and the resume are written in one transaction (the controller's
 * `resume`). Extension pages read the same key to say why the walk paused (components/common/useStorageFull).
 */
export const STORAGE_FULL_KEY = 'storageFull';

export interface StorageFullRecord {
  sessionId: string;
  /** When the first write was refused (the worker's clock): the pause's start. */
  sinceEpochMs: number;
  /**
   * Page events stamped inside the pause, answered "dropped": nothing is recorded while paused, and these are
   * the ones a page sent before it learned of the pause. Their number is written on the resume event.
   */
  lostEvents: number;
  /**
   * Events the background wrote for moments before the pause and the disk refused (screenshot events saying
   * `storage-full`): written first once the disk takes writes again, so no step is left without its reason.
   */
  unwritten: EventToCommit[];
}

/** Where the record lives: `storage.session` in the browser, a variable in unit tests. */
export interface StorageFullMemory {
  read(): Promise<unknown>;
  write(value: StorageFullRecord | null): Promise<void>;
}

/** At most this many kept-back events: each is a small row without an image; a longer outage says `lostEvents`. */
export const MAX_UNWRITTEN = 500;

export function isStorageFullRecord(value: unknown): value is StorageFullRecord {
  const record = value as Partial<StorageFullRecord> | null;
  return (
    typeof record?.sessionId === 'string' && typeof record.sinceEpochMs === 'number' && typeof record.lostEvents === 'number' && Array.isArray(record.unwritten)
  );
}

/** Whether a page's moment came before the pause: its event is the walk's, kept by the page until it commits. */
export function beforeStorageFull(record: StorageFullRecord, epochMs: number): boolean {
  return epochMs < record.sinceEpochMs;
}

/**
 * The worker's view of the record: read once from memory (a restarted worker finds the pause it was in),
 * then kept here, every change written through in order.
 */
export class StorageFullPause {
  private current: StorageFullRecord | null = null;
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly memory: StorageFullMemory) {}

  private load(): Promise<void> {
    this.loaded ??= this.memory
      .read()
      .then((stored) => {
        if (!this.current && isStorageFullRecord(stored)) this.current = stored;
      })
      .catch(() => undefined);
    return this.loaded;
  }

  private persist(): Promise<void> {
    const value = this.current ? structuredClone(this.current) : null;
    this.writing = this.writing.then(() => this.memory.write(value)).catch(() => undefined);
    return this.writing;
  }

  /** The pause of this walk, if it is paused for storage (any walk when `sessionId` is omitted). */
  async of(sessionId?: string): Promise<StorageFullRecord | null> {
    await this.load();
    if (!this.current) return null;
    return sessionId == null || this.current.sessionId === sessionId ? this.current : null;
  }

  /** Pauses the walk for storage at `epochMs`; true when it was not already (the first refusal starts the pause). */
  async begin(sessionId: string, epochMs: number): Promise<boolean> {
    await this.load();
    if (this.current?.sessionId === sessionId) return false;
    this.current = { sessionId, sinceEpochMs: epochMs, lostEvents: 0, unwritten: [] };
    await this.persist();
    return true;
  }

  /** Keeps an event the disk refused until it takes writes again (one per id); false when no room is left. */
  async keep(event: EventToCommit): Promise<boolean> {
    await this.load();
    const current = this.current;
    if (current?.sessionId !== event.sessionId) return false;
    if (current.unwritten.some((kept) => kept.id === event.id)) return true;
    if (current.unwritten.length >= MAX_UNWRITTEN) {
      current.lostEvents++;
      await this.persist();
      return false;
    }
    current.unwritten.push(event);
    await this.persist();
    return true;
  }

  /** Counts a page event of the pause that was not kept. */
  async lost(sessionId: string): Promise<void> {
    await this.load();
    if (this.current?.sessionId !== sessionId) return;
    this.current.lostEvents++;
    await this.persist();
  }

  /** The pause is over (written to the database, or its walk is gone). */
  async clear(): Promise<void> {
    await this.load();
    this.current = null;
    await this.persist();
  }
}
