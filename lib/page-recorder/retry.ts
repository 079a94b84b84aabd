export interface RetryOptions {
  sleep(ms: number): Promise<void>;
  /** True when retrying is pointless (the extension was reloaded or removed). */
  isDead(error: unknown): boolean;
  attempts?: number;
}

/**
 * Calls `send` until it succeeds: a message to a service worker that is stopped mid-answer fails, and the
 * next call starts a new worker. Gives up after `attempts` tries or when the extension is gone.
 */
export async function withRetry<T>(send: () => Promise<T>, options: RetryOptions): Promise<T | undefined> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (options.isDead(error) || attempt === attempts) return undefined;
      await options.sleep(Math.min(2_000, 50 * 2 ** attempt));
    }
  }
  return undefined;
}
