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
  /**
   * The pause's start (the worker's clock): when the walk's pages had been told of it. Until then (`told`
   * false) it is the time of the first refused write, and what a page sends was recorded before it knew: a
   * page records nothing once told, and it cannot be told before the disk refuses. So the pause starts at
   * the telling, not at the refusal: an event the page stamped between the two (the click right after a
   * refused scroll) is the walk's, kept by its page until the disk takes it, not a moment of the pause.
   */
  sinceEpochMs: number;
  /** Whether the pages have been told (the broadcast answered): from then on `sinceEpochMs` is final. */
  told: boolean;
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
    typeof record?.sessionId === 'string' &&
    typeof record.sinceEpochMs === 'number' &&
    // A record written before `told` existed was told (its start is the refusal).
    (record.told === undefined || typeof record.told === 'boolean') &&
    typeof record.lostEvents === 'number' &&
    Array.isArray(record.unwritten)
  );
}

/**
 * Whether a page's moment came before the pause: its event is the walk's, kept by the page until it commits.
 * While the pages are being told, every moment is (none of them knew yet).
 */
export function beforeStorageFull(record: StorageFullRecord, epochMs: number): boolean {
  return !record.told || epochMs < record.sinceEpochMs;
}

/**
 * The worker's view of the record: read once from memory (a restarted worker finds the pause it was in),
 * then kept here, every change written through in order.
 */
export class StorageFullPause {
  private current: StorageFullRecord | null = null;
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  /** `now`: the worker's clock, for a record a stopped worker left untold. */
  constructor(
    private readonly memory: StorageFullMemory,
    private readonly now: () => number,
  ) {}

  private load(): Promise<void> {
    this.loaded ??= this.memory
      .read()
      .then((stored) => {
        if (this.current || !isStorageFullRecord(stored)) return;
        // A worker stopped while it told the pages: they are told by now (or record on, their overlay saying
        // so), so what they stamped until this worker found the pause is the walk's.
        this.current = stored.told === false ? { ...stored, sinceEpochMs: Math.max(stored.sinceEpochMs, this.now()), told: true } : { ...stored, told: true };
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

  /**
   * Pauses the walk for storage, the disk having refused a write at `epochMs`; true when it was not already
   * (the first refusal begins the pause; its caller then tells the pages, and says so with `markTold`).
   */
  async begin(sessionId: string, epochMs: number): Promise<boolean> {
    await this.load();
    if (this.current?.sessionId === sessionId) return false;
    this.current = { sessionId, sinceEpochMs: epochMs, told: false, lostEvents: 0, unwritten: [] };
    await this.persist();
    return true;
  }

  /** The walk's pages have been told of the pause at `epochMs`: it starts there (never before the refusal). */
  async markTold(sessionId: string, epochMs: number): Promise<void> {
    await this.load();
    const current = this.current;
    if (current?.sessionId !== sessionId || current.told) return;
    current.sinceEpochMs = Math.max(current.sinceEpochMs, epochMs);
    current.told = true;
    await this.persist();
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
