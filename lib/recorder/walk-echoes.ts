import { createEchoMatcher, type EchoMatcher } from '../privacy/echoes';

/** The echoes of the walk being recorded as the worker keeps them: in memory and in `storage.session`. */
export interface StoredEchoes {
  sessionId: string;
  salt: string;
  hashes: string[];
}

/** Where the echoes outlive a stopped worker: `chrome.storage.session` (memory only, never written to disk). */
export interface EchoMemory {
  read(): Promise<unknown>;
  write(value: StoredEchoes): Promise<void>;
}

/** A walk's hashes, at most: a page sending more is sending noise. */
const MAX_HASHES = 5_000;

function isStoredEchoes(value: unknown): value is StoredEchoes {
  const stored = value as StoredEchoes | null;
  return typeof stored?.sessionId === 'string' && typeof stored.salt === 'string' && Array.isArray(stored.hashes);
}

/**
 * The background's side of echoes (lib/privacy/echoes.ts) for the walk being recorded: its salt, drawn when
 * it starts, and the hashes its pages send. Kept in memory and in `storage.session`, so a restarted worker
 * still masks what was typed before it stopped, and nothing of it reaches the disk. One walk at a time (a new
 * one replaces the last); a browser that closes takes them with it.
 */
export class WalkEchoes {
  private current: { sessionId: string; salt: string; matcher: EchoMatcher } | null = null;
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly memory: EchoMemory,
    private readonly newSalt: () => string,
  ) {}

  private load(): Promise<void> {
    this.loaded ??= this.memory
      .read()
      .then((stored) => {
        if (!this.current && isStoredEchoes(stored))
          this.current = { sessionId: stored.sessionId, salt: stored.salt, matcher: createEchoMatcher(stored.salt, stored.hashes) };
      })
      .catch(() => undefined);
    return this.loaded;
  }

  private persist(): Promise<void> {
    const current = this.current;
    if (!current) return this.writing;
    const value = { sessionId: current.sessionId, salt: current.salt, hashes: current.matcher.hashes() };
    this.writing = this.writing.then(() => this.memory.write(value)).catch(() => undefined);
    return this.writing;
  }

  /** Makes sure the walk has a salt (drawn once: a walk picked up again in the same browser run keeps its own). */
  async begin(sessionId: string): Promise<void> {
    await this.load();
    if (this.current?.sessionId === sessionId) return;
    const salt = this.newSalt();
    this.current = { sessionId, salt, matcher: createEchoMatcher(salt) };
    await this.persist();
  }

  /** The walk's matcher, or null when the worker knows none for it (a walk from before this browser run). */
  async matcher(sessionId: string): Promise<EchoMatcher | null> {
    await this.load();
    return this.current?.sessionId === sessionId ? this.current.matcher : null;
  }

  /** What a page of the walk is told with its state: the salt, and the hashes so far. */
  async state(sessionId: string): Promise<{ salt: string; hashes: string[] } | null> {
    await this.load();
    const current = this.current;
    return current?.sessionId === sessionId ? { salt: current.salt, hashes: current.matcher.hashes() } : null;
  }

  /** Adds hashes a page of the walk sent; how many were new. Anything that is no hash is ignored. */
  async add(sessionId: string, hashes: readonly unknown[]): Promise<number> {
    await this.load();
    const current = this.current;
    if (current?.sessionId !== sessionId) return 0;
    const before = current.matcher.size;
    const room = Math.max(0, MAX_HASHES - before);
    const strings = hashes.filter((hash): hash is string => typeof hash === 'string').slice(0, room);
    if (!current.matcher.add(strings)) return 0;
    await this.persist();
    return current.matcher.size - before;
  }
}
