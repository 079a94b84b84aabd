import { afterEach, describe, expect, it, vi } from 'vitest';
import { withRetry } from '@/lib/page-recorder/retry';

class ExtensionGone extends Error {}

/** A sleep that returns at once and remembers how long it was asked to wait. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/** A send that fails `failures` times, then answers `value`. */
function flakySend<T>(failures: number, value: T) {
  return vi.fn(async () => {
    if (failures-- > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
    return value;
  });
}

const notDead = () => false;

afterEach(() => {
  vi.useRealTimers();
});

describe('withRetry', () => {
  it('returns the answer of a send that succeeds at once, without sleeping', async () => {
    const { waits, sleep } = recordingSleep();
    const send = flakySend(0, { outcome: 'stored' });
    await expect(withRetry(send, { sleep, isDead: notDead })).resolves.toEqual({ outcome: 'stored' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('retries after failures until the send succeeds, backing off between tries', async () => {
    const { waits, sleep } = recordingSleep();
    const send = flakySend(3, 'ok');
    await expect(withRetry(send, { sleep, isDead: notDead })).resolves.toBe('ok');
    expect(send).toHaveBeenCalledTimes(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('never waits more than two seconds between tries', async () => {
    const { waits, sleep } = recordingSleep();
    await withRetry(flakySend(7, 'ok'), { sleep, isDead: notDead });
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('gives up after 8 tries by default and resolves to undefined instead of rejecting', async () => {
    const { waits, sleep } = recordingSleep();
    const send = flakySend(100, 'never');
    await expect(withRetry(send, { sleep, isDead: notDead })).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledTimes(8);
    // No wait after the last try.
    expect(waits).toHaveLength(7);
  });

  it('honours a custom number of attempts', async () => {
    const { sleep } = recordingSleep();
    const send = flakySend(100, 'never');
    await expect(withRetry(send, { sleep, isDead: notDead, attempts: 3 })).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('succeeds on the very last allowed attempt', async () => {
    const { sleep } = recordingSleep();
    await expect(withRetry(flakySend(2, 'late'), { sleep, isDead: notDead, attempts: 3 })).resolves.toBe('late');
  });

  it('stops at once when the extension is gone, and asks isDead about the actual error', async () => {
    const { waits, sleep } = recordingSleep();
    const gone = new ExtensionGone('Extension context invalidated.');
    const send = vi.fn(async () => {
      throw gone;
    });
    const isDead = vi.fn((error: unknown) => error instanceof ExtensionGone);
    await expect(withRetry(send, { sleep, isDead })).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledTimes(1);
    expect(isDead).toHaveBeenCalledWith(gone);
    expect(waits).toEqual([]);
  });

  it('stops when the extension dies after some ordinary failures', async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    const send = vi.fn(async () => {
      calls++;
      throw calls < 3 ? new Error('worker stopped') : new ExtensionGone('gone');
    });
    await expect(withRetry(send, { sleep, isDead: (error) => error instanceof ExtensionGone })).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('waits for the backoff before trying again (real setTimeout, fake clock)', async () => {
    vi.useFakeTimers();
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const send = flakySend(1, 'ok');
    const result = withRetry(send, { sleep, isDead: notDead });
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await expect(result).resolves.toBe('ok');
  });
});
