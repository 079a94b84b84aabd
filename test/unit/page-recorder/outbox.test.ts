import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageEventDraft } from '@/lib/capture/events';
import { Outbox, type OutboxDeps, PERSIST_AFTER_MS, type SendOutcome } from '@/lib/page-recorder/outbox';

class ExtensionGone extends Error {}

function draft(id: string): PageEventDraft {
  return { id, kind: 'visibility', epochMs: 1_700_000_000_000, frameUrl: 'https://shop.test/', state: 'hidden' };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Deps whose `send` answers are controlled by the test: every call gets its own deferred answer, and a log
 * keeps the order of persist and send calls.
 */
function harness(isDead: (error: unknown) => boolean = (error) => error instanceof ExtensionGone) {
  const log: string[] = [];
  const answers: Deferred<SendOutcome>[] = [];
  const waits: number[] = [];
  /** The persist timer's callbacks, fired by the test (`fireTimers`). */
  const timers: { callback: () => void; ms: number }[] = [];
  const deps: OutboxDeps = {
    persist: vi.fn((events: PageEventDraft[]) => void log.push(`persist ${events.map((event) => event.id).join(' ')}`)),
    send: vi.fn((event: PageEventDraft) => {
      log.push(`send ${event.id}`);
      const answer = deferred<SendOutcome>();
      answers.push(answer);
      return answer.promise;
    }),
    sleep: vi.fn(async (ms: number) => void waits.push(ms)),
    isDead: vi.fn(isDead),
    later: (callback, ms) => void timers.push({ callback, ms }),
  };
  const fireTimers = () => {
    for (const timer of timers.splice(0)) timer.callback();
  };
  return { deps, log, answers, waits, timers, fireTimers, outbox: new Outbox(deps) };
}

/** Lets pending promise callbacks (the outbox's delivery loop) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox', () => {
  it('sends an event at once, and copies it to storage only if still unanswered after PERSIST_AFTER_MS', async () => {
    const { outbox, log, timers, fireTimers, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    expect(log).toEqual(['send e1', 'send e2']);
    // One timer for the events in flight.
    expect(timers.map((timer) => timer.ms)).toEqual([PERSIST_AFTER_MS]);
    answers[0]!.resolve('committed');
    await settle();
    fireTimers();
    // Only the unanswered one, in one write; the timer is armed again while something is in flight.
    expect(log).toEqual(['send e1', 'send e2', 'persist e2']);
    expect(timers).toHaveLength(1);
    answers[1]!.resolve('committed');
    await settle();
    fireTimers();
    expect(log).toEqual(['send e1', 'send e2', 'persist e2']);
    expect(timers).toHaveLength(0);
  });

  it('writes every unanswered event in one go when flushed (the page is hidden or unloads)', async () => {
    const { outbox, log, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    outbox.push(draft('e3'));
    answers[1]!.resolve('committed');
    await settle();
    outbox.flush();
    outbox.flush();
    expect(log).toEqual(['send e1', 'send e2', 'send e3', 'persist e1 e3']);
  });

  it('never copies an event answered in time', async () => {
    const { outbox, answers, deps, fireTimers } = harness();
    outbox.push(draft('e1'));
    answers[0]!.resolve('committed');
    await settle();
    fireTimers();
    outbox.flush();
    expect(deps.persist).not.toHaveBeenCalled();
  });

  it('counts an event as unacknowledged until the background answers', async () => {
    const { outbox, answers } = harness();
    expect(outbox.unacknowledged).toBe(0);
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    expect(outbox.unacknowledged).toBe(2);
    answers[0]!.resolve('committed');
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[1]!.resolve('committed');
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('treats a "dropped" answer (not recording) as acknowledged, without retrying', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    answers[0]!.resolve('dropped');
    await settle();
    expect(outbox.unacknowledged).toBe(0);
    expect(deps.send).toHaveBeenCalledTimes(1);
  });

  it('re-sends the same event after failed answers until it is acknowledged', async () => {
    const { outbox, answers, deps, waits } = harness();
    const event = draft('e1');
    outbox.push(event);
    answers[0]!.reject(new Error('The message port closed before a response was received.'));
    await settle();
    answers[1]!.reject(new Error('Could not establish connection.'));
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[2]!.resolve('committed');
    await settle();
    expect(deps.send).toHaveBeenCalledTimes(3);
    for (const call of vi.mocked(deps.send).mock.calls) expect(call[0]).toBe(event);
    expect(outbox.unacknowledged).toBe(0);
    expect(outbox.retries).toBe(2);
    expect(waits).toEqual([100, 200]);
  });

  it('persists an event once, however many times it is re-sent', async () => {
    const { outbox, answers, deps, fireTimers } = harness();
    outbox.push(draft('e1'));
    answers[0]!.reject(new Error('worker stopped'));
    await settle();
    fireTimers();
    outbox.flush();
    fireTimers();
    answers[1]!.resolve('committed');
    await settle();
    expect(deps.persist).toHaveBeenCalledTimes(1);
  });

  it('backs off exponentially, capped at two seconds', async () => {
    const { outbox, answers, waits } = harness();
    outbox.push(draft('e1'));
    for (let i = 0; i < 8; i++) {
      answers[i]!.reject(new Error('worker stopped'));
      await settle();
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(outbox.unacknowledged).toBe(1);
  });

  it('does not re-send before the backoff has elapsed (fake clock)', async () => {
    vi.useFakeTimers();
    const send = vi.fn<(event: PageEventDraft) => Promise<SendOutcome>>().mockRejectedValueOnce(new Error('worker stopped')).mockResolvedValue('committed');
    const outbox = new Outbox({
      send,
      persist: () => undefined,
      later: () => undefined,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      isDead: () => false,
    });
    outbox.push(draft('e1'));
    await vi.advanceTimersByTimeAsync(99);
    expect(send).toHaveBeenCalledTimes(1);
    expect(outbox.unacknowledged).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(outbox.unacknowledged).toBe(0);
  });

  it('keeps delivering other events while one is being retried', async () => {
    const { outbox, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    answers[0]!.reject(new Error('worker stopped'));
    answers[1]!.resolve('committed');
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[2]!.resolve('committed');
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('stops every delivery and forgets pending events once the extension is gone', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    answers[0]!.reject(new ExtensionGone('Extension context invalidated.'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
    // e2's answer fails too: it is not re-sent, the outbox is dead.
    answers[1]!.reject(new Error('worker stopped'));
    await settle();
    await settle();
    expect(deps.send).toHaveBeenCalledTimes(2);
    expect(outbox.unacknowledged).toBe(0);
  });

  it('ignores events pushed after the extension is gone: neither persisted nor sent', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    answers[0]!.reject(new ExtensionGone('gone'));
    await settle();
    outbox.push(draft('e2'));
    outbox.flush();
    expect(deps.persist).not.toHaveBeenCalled();
    expect(deps.send).toHaveBeenCalledTimes(1);
    expect(outbox.unacknowledged).toBe(0);
  });

  it('still sends an event whose persisting throws, and tracks it until acknowledged', async () => {
    const { outbox, answers, deps } = harness();
    vi.mocked(deps.persist).mockImplementationOnce(() => {
      throw new Error('Extension context invalidated.');
    });
    outbox.push(draft('e1'));
    expect(() => outbox.flush()).not.toThrow();
    expect(deps.send).toHaveBeenCalledTimes(1);
    expect(outbox.unacknowledged).toBe(1);
    answers[0]!.resolve('committed');
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('asks isDead about each failure and keeps retrying while it says no', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    const failure = new Error('worker stopped');
    answers[0]!.reject(failure);
    await settle();
    expect(deps.isDead).toHaveBeenCalledWith(failure);
    expect(deps.send).toHaveBeenCalledTimes(2);
  });
});
