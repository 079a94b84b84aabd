import type { PageEventDraft } from '../capture/events';

/** What the background answered to a batch: the ids of its events it has done with (committed, or dropped for good). */
export interface SendOutcome {
  acknowledged: readonly string[];
}

/**
 * An event answered within this is never copied to extension storage: the background commits in a few
 * milliseconds, and the copy (a `storage.local.set` per event) was a fifth of the recorder's time on the
 * click path. A worker stopped mid-answer makes the answer fail or come late: the copy is written then.
 */
export const PERSIST_AFTER_MS = 300;

/** The most events one message carries (a mutation storm's backlog after a worker restart goes in several). */
export const MAX_BATCH = 100;

export interface OutboxDeps {
  /** Sends events in one message, in the order they happened; the background commits them in that order. */
  send(events: readonly PageEventDraft[]): Promise<SendOutcome>;
  /**
   * Writes events where the background finds them after a restart (extension storage), in one write. Called
   * for events still unanswered PERSIST_AFTER_MS after they were sent, and for every unanswered event when
   * the page may be going away (`flush`), so an event survives both a page that unloads and a worker
   * stopped before it committed.
   */
  persist(events: PageEventDraft[]): void;
  sleep(ms: number): Promise<void>;
  /** True once the extension was reloaded or removed: nothing can be delivered any more. */
  isDead(error: unknown): boolean;
  /** Runs `callback` after `ms` (a timer; injectable for tests). */
  later?(callback: () => void, ms: number): void;
  /** A clock in ms (injectable for tests). */
  now?(): number;
}

/**
 * Keeps every event in memory until the background acknowledges its commit. Events go in batches, one
 * `runtime.sendMessage` each (a message was a sixth of the recorder's time on a click; a click and the page's
 * answer to it come in the same task): a batch leaves in the task after its first event, so what the same
 * task emitted travels together, without waiting for the answer to the batch before (the background commits
 * a frame's events in the order they arrive, a batch in its own order). A message already posted survives the
 * page unloading; a page hidden or unloading posts what waits at once (`flush`). What a failed answer (the
 * service worker stopped mid-answer) left unacknowledged is sent again, at once when the background
 * acknowledged some of its batch, else after a backoff. The safety copy in storage is written only for
 * events not answered quickly, or when the page is hidden or unloads. The background commits idempotently by
 * event id, so a re-send (or a recovered copy) of a committed event stores nothing.
 */
export class Outbox {
  /** Unacknowledged events, in the order they happened (a Map keeps insertion order). */
  private readonly pending = new Map<string, PageEventDraft>();
  /** When each pending event was pushed: only those unanswered for PERSIST_AFTER_MS are copied by the timer. */
  private readonly pushedAt = new Map<string, number>();
  private readonly persisted = new Set<string>();
  /** Events in a message whose answer has not come yet. */
  private readonly inFlight = new Set<string>();
  /** Events waiting out a backoff before they are sent again. */
  private readonly cooling = new Set<string>();
  private persistArmed = false;
  private sendArmed = false;
  private attempt = 0;
  private dead = false;
  retries = 0;

  constructor(private readonly deps: OutboxDeps) {}

  get unacknowledged(): number {
    return this.pending.size;
  }

  /** The events not acknowledged yet, in the order they happened (what a page leaving keeps a copy of). */
  unacknowledgedEvents(): PageEventDraft[] {
    return [...this.pending.values()];
  }

  push(event: PageEventDraft): void {
    if (this.dead) return;
    this.pending.set(event.id, event);
    this.pushedAt.set(event.id, this.now());
    this.armPersist();
    this.armSend();
  }

  /** The page is being hidden or unloaded: posts what waits now, and writes the safety copy of every unanswered event. */
  flush(): void {
    if (this.dead) return;
    this.postWaiting(true);
    this.writeCopies();
  }

  /**
   * Posts at once every event not in a message in flight (`all`: those waiting out a backoff too), so a page
   * that unloads leaves no event only in its safety copy (which the background reads at its next start only),
   * nor waiting for a timer that will not fire.
   */
  postWaiting(all = false): void {
    if (this.dead) return;
    const waiting = [...this.pending.values()].filter((event) => !this.inFlight.has(event.id) && (all || !this.cooling.has(event.id)));
    for (let i = 0; i < waiting.length; i += MAX_BATCH) void this.sendBatch(waiting.slice(i, i + MAX_BATCH));
  }

  private async sendBatch(batch: readonly PageEventDraft[]): Promise<void> {
    for (const event of batch) this.inFlight.add(event.id);
    let acknowledged = 0;
    try {
      acknowledged = await this.post(batch);
    } catch (error) {
      if (this.deps.isDead(error)) return this.die();
    }
    for (const event of batch) this.inFlight.delete(event.id);
    if (this.dead) return;
    const left = batch.filter((event) => this.pending.has(event.id));
    if (acknowledged > 0) this.attempt = 0;
    if (left.length === 0) return;
    // Some of it acknowledged: the background stopped at an event it failed to commit; the rest goes again now.
    if (acknowledged > 0) return this.postWaiting();
    this.attempt++;
    this.retries++;
    for (const event of left) this.cooling.add(event.id);
    await this.deps.sleep(Math.min(2_000, 50 * 2 ** Math.min(this.attempt, 6)));
    for (const event of left) this.cooling.delete(event.id);
    this.postWaiting();
  }

  /** Sends one batch and forgets the events it acknowledges; answers how many. */
  private async post(batch: readonly PageEventDraft[]): Promise<number> {
    const outcome = await this.deps.send(batch);
    const sent = new Set(batch.map((event) => event.id));
    let acknowledged = 0;
    for (const id of outcome.acknowledged) {
      if (!sent.has(id) || !this.pending.delete(id)) continue;
      this.pushedAt.delete(id);
      this.persisted.delete(id);
      this.cooling.delete(id);
      acknowledged++;
    }
    return acknowledged;
  }

  /** The extension was reloaded or removed: nothing can be delivered any more. */
  private die(): void {
    this.dead = true;
    this.pending.clear();
    this.pushedAt.clear();
    this.persisted.clear();
    this.inFlight.clear();
    this.cooling.clear();
  }

  private later(callback: () => void, ms: number): void {
    if (this.deps.later) this.deps.later(callback, ms);
    else setTimeout(callback, ms);
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** The oldest pending event not yet copied (pending keeps the order they were pushed in). */
  private oldestUncopied(): number | null {
    for (const id of this.pending.keys()) if (!this.persisted.has(id)) return this.pushedAt.get(id) ?? 0;
    return null;
  }

  /**
   * One timer at a time, due when the oldest uncopied event has waited PERSIST_AFTER_MS: whatever has waited
   * that long by then is written in one go (an event pushed meanwhile waits for its own turn).
   */
  private armPersist(): void {
    if (this.persistArmed || this.dead) return;
    const oldest = this.oldestUncopied();
    if (oldest === null) return;
    this.persistArmed = true;
    this.later(
      () => {
        this.persistArmed = false;
        const due = this.now() - PERSIST_AFTER_MS;
        this.writeCopies((id) => (this.pushedAt.get(id) ?? 0) <= due);
        this.armPersist();
      },
      Math.max(0, oldest + PERSIST_AFTER_MS - this.now()),
    );
  }

  /** Writes the safety copy of every unanswered event not yet copied (of those `which` takes), in one write. */
  private writeCopies(which: (id: string) => boolean = () => true): void {
    if (this.dead) return;
    const unsaved = [...this.pending.values()].filter((event) => !this.persisted.has(event.id) && which(event.id));
    if (unsaved.length === 0) return;
    for (const event of unsaved) this.persisted.add(event.id);
    try {
      this.deps.persist(unsaved);
    } catch {
      // Persisting is the fallback for a restart; failing to persist must not stop the send itself.
    }
  }

  /** The next batch leaves in the next task (a timer of 0): what this task emits goes with it. */
  private armSend(): void {
    if (this.sendArmed) return;
    this.sendArmed = true;
    setTimeout(() => {
      this.sendArmed = false;
      this.postWaiting();
    }, 0);
  }
}
