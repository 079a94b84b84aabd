import type { PageEventDraft } from '../capture/events';

export type SendOutcome = 'committed' | 'dropped';

export interface OutboxDeps {
  send(event: PageEventDraft): Promise<SendOutcome>;
  /**
   * Writes the event where the background finds it after a restart (extension storage). Posted before the
   * message, so an event survives both a page that unloads and a worker stopped before it committed.
   */
  persist(event: PageEventDraft): void;
  sleep(ms: number): Promise<void>;
  /** True once the extension was reloaded or removed: nothing can be delivered any more. */
  isDead(error: unknown): boolean;
}

/**
 * Keeps every event until the background acknowledges its commit. Each event is sent the moment it happens
 * (a message already posted survives the page unloading, so a click that navigates away is not lost) and
 * re-sent with backoff when the answer fails, as it does when the service worker is stopped mid-answer.
 * The background commits idempotently by event id, so a re-send of a committed event stores nothing.
 */
export class Outbox {
  private readonly pending = new Set<string>();
  private dead = false;
  retries = 0;

  constructor(private readonly deps: OutboxDeps) {}

  get unacknowledged(): number {
    return this.pending.size;
  }

  push(event: PageEventDraft): void {
    if (this.dead) return;
    this.pending.add(event.id);
    try {
      this.deps.persist(event);
    } catch {
      // Persisting is the fallback for a restart; failing to persist must not stop the send itself.
    }
    void this.deliver(event);
  }

  private async deliver(event: PageEventDraft): Promise<void> {
    let attempt = 0;
    while (!this.dead) {
      try {
        await this.deps.send(event);
        this.pending.delete(event.id);
        return;
      } catch (error) {
        if (this.deps.isDead(error)) {
          this.dead = true;
          this.pending.clear();
          return;
        }
        attempt++;
        this.retries++;
        await this.deps.sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
}
