import type { PageEventDraft } from '../capture/events';

export type SendOutcome = 'committed' | 'dropped';

export interface OutboxDeps {
  send(event: PageEventDraft): Promise<SendOutcome>;
  sleep(ms: number): Promise<void>;
  /** True once the extension was reloaded or removed: nothing can be delivered any more. */
  isDead(error: unknown): boolean;
}

/**
 * Keeps every event until the background acknowledges its commit, and sends them one at a time so they
 * commit in the order they happened. A failed send (the service worker was stopped mid-answer) is retried
 * with backoff; the background is idempotent by event id, so a retry of a committed event stores nothing.
 */
export class Outbox {
  private readonly queue: PageEventDraft[] = [];
  private sending = false;
  private dead = false;
  retries = 0;

  constructor(private readonly deps: OutboxDeps) {}

  get unacknowledged(): number {
    return this.queue.length;
  }

  push(event: PageEventDraft): void {
    if (this.dead) return;
    this.queue.push(event);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    let attempt = 0;
    try {
      while (this.queue.length > 0 && !this.dead) {
        const next = this.queue[0] as PageEventDraft;
        try {
          await this.deps.send(next);
          this.queue.shift();
          attempt = 0;
        } catch (error) {
          if (this.deps.isDead(error)) {
            this.dead = true;
            this.queue.length = 0;
            return;
          }
          attempt++;
          this.retries++;
          await this.deps.sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)));
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
