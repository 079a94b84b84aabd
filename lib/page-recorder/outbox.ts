import type { PageEventDraft } from '../capture/events';

export type SendOutcome = 'committed' | 'dropped';

/**
 * An event answered within this is never copied to extension storage: the background commits in a few
 * milliseconds, and the copy (a `storage.local.set` per event) was a fifth of the recorder's time on the
 * click path. A worker stopped mid-answer makes the answer fail or come late: the copy is written then.
 */
export const PERSIST_AFTER_MS = 300;

export interface OutboxDeps {
  send(event: PageEventDraft): Promise<SendOutcome>;
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
}

/**
 * Keeps every event in memory until the background acknowledges its commit. Each event is sent the moment it
 * happens (a message already posted survives the page unloading, so a click that navigates away is not lost)
 * and re-sent with backoff when the answer fails, as it does when the service worker is stopped mid-answer.
 * The safety copy in storage is written only for events not answered quickly, or when the page is hidden or
 * unloads (`flush`). The background commits idempotently by event id, so a re-send (or a recovered copy) of a
 * committed event stores nothing.
 */
export class Outbox {
  private readonly pending = new Map<string, PageEventDraft>();
  private readonly persisted = new Set<string>();
  private timerArmed = false;
  private dead = false;
  retries = 0;

  constructor(private readonly deps: OutboxDeps) {}

  get unacknowledged(): number {
    return this.pending.size;
  }

  push(event: PageEventDraft): void {
    if (this.dead) return;
    this.pending.set(event.id, event);
    this.armPersist();
    void this.deliver(event);
  }

  /** Writes the safety copy of every unanswered event now: the page is being hidden or unloaded. */
  flush(): void {
    if (this.dead) return;
    const unsaved = [...this.pending.values()].filter((event) => !this.persisted.has(event.id));
    if (unsaved.length === 0) return;
    for (const event of unsaved) this.persisted.add(event.id);
    try {
      this.deps.persist(unsaved);
    } catch {
      // Persisting is the fallback for a restart; failing to persist must not stop the send itself.
    }
  }

  /** One timer for all events in flight: whatever is still unanswered when it fires is written in one go. */
  private armPersist(): void {
    if (this.timerArmed) return;
    this.timerArmed = true;
    const later = this.deps.later ?? ((callback: () => void, ms: number) => void setTimeout(callback, ms));
    later(() => {
      this.timerArmed = false;
      this.flush();
      if (this.pending.size > 0 && !this.dead) this.armPersist();
    }, PERSIST_AFTER_MS);
  }

  private async deliver(event: PageEventDraft): Promise<void> {
    let attempt = 0;
    while (!this.dead) {
      try {
        await this.deps.send(event);
        this.pending.delete(event.id);
        this.persisted.delete(event.id);
        return;
      } catch (error) {
        if (this.deps.isDead(error)) {
          this.dead = true;
          this.pending.clear();
          this.persisted.clear();
          return;
        }
        attempt++;
        this.retries++;
        await this.deps.sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
}
