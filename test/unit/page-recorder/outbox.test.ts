import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageEventDraft } from '@/lib/capture/events';
import { MAX_BATCH, Outbox, type OutboxDeps, PERSIST_AFTER_MS, type SendOutcome } from '@/lib/page-recorder/outbox';

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
 * Deps whose `send` answers are controlled by the test: every batch gets its own deferred answer, and a log
 * keeps the order of persist and send calls. The batch timer is the real `setTimeout` (fake timers: `nextTask`).
 */
function harness(isDead: (error: unknown) => boolean = (error) => error instanceof ExtensionGone) {
  const log: string[] = [];
  const answers: Deferred<SendOutcome>[] = [];
  const waits: number[] = [];
  /** The persist timer's callbacks, fired by the test (`fireTimers`), on a clock of the test's own. */
  const timers: { callback: () => void; ms: number; due: number }[] = [];
  const clock = { ms: 0 };
  const deps: OutboxDeps = {
    persist: vi.fn((events: PageEventDraft[]) => void log.push(`persist ${events.map((event) => event.id).join(' ')}`)),
    send: vi.fn((events: readonly PageEventDraft[]) => {
      log.push(`send ${events.map((event) => event.id).join(' ')}`);
      const answer = deferred<SendOutcome>();
      answers.push(answer);
      return answer.promise;
    }),
    sleep: vi.fn(async (ms: number) => void waits.push(ms)),
    isDead: vi.fn(isDead),
    later: (callback, ms) => void timers.push({ callback, ms, due: clock.ms + ms }),
    now: () => clock.ms,
  };
  /** Fires the timers armed so far, the clock moving to when each is due. */
  const fireTimers = () => {
    for (const timer of timers.splice(0)) {
      clock.ms = Math.max(clock.ms, timer.due);
      timer.callback();
    }
  };
  return { deps, log, answers, waits, timers, clock, fireTimers, outbox: new Outbox(deps) };
}

/** Lets pending promise callbacks (the outbox's delivery loop) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** All of them acknowledged. */
const all = (...ids: string[]): SendOutcome => ({ acknowledged: ids });

/** Lets the batch timer (a timer of 0) fire and the delivery loop run. */
async function nextTask(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox', () => {
  it('sends what one task pushed in one message, in the next task, in order', async () => {
    const { outbox, log } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    expect(log).toEqual([]);
    await nextTask();
    expect(log).toEqual(['send e1 e2']);
  });

  it('copies events to storage only if still unanswered after PERSIST_AFTER_MS', async () => {
    const { outbox, log, timers, fireTimers, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    await nextTask();
    // One timer for the events in flight.
    expect(timers.map((timer) => timer.ms)).toEqual([PERSIST_AFTER_MS]);
    answers[0]!.resolve(all('e1'));
    await settle();
    fireTimers();
    // e2 is sent again at once (e1's ack was progress); only the unanswered one is copied, and no timer is
    // left while nothing waits to be copied.
    expect(log).toEqual(['send e1 e2', 'send e2', 'persist e2']);
    expect(timers).toHaveLength(0);
  });

  it('copies an event only once it has waited PERSIST_AFTER_MS itself, not with an older one', async () => {
    const { outbox, log, timers, clock, fireTimers } = harness();
    outbox.push(draft('e1'));
    clock.ms = 200;
    outbox.push(draft('e2'));
    await nextTask();
    fireTimers();
    expect(log).toEqual(['send e1 e2', 'persist e1']);
    // The next timer is due when e2 has waited as long.
    expect(timers.map((timer) => timer.due)).toEqual([200 + PERSIST_AFTER_MS]);
    fireTimers();
    expect(log).toEqual(['send e1 e2', 'persist e1', 'persist e2']);
    expect(timers).toHaveLength(0);
  });

  it('sends each task’s events without waiting for the answer to the batch before', async () => {
    const { outbox, log, answers } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    outbox.push(draft('e2'));
    outbox.push(draft('e3'));
    await nextTask();
    expect(log).toEqual(['send e1', 'send e2 e3']);
    answers[1]!.resolve(all('e2', 'e3'));
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('keeps sending new events while a failed batch waits out its backoff, then sends that one again', async () => {
    const { outbox, log, answers, deps } = harness();
    let release!: () => void;
    vi.mocked(deps.sleep).mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.reject(new Error('worker stopped'));
    await settle();
    outbox.push(draft('e2'));
    await nextTask();
    expect(log).toEqual(['send e1', 'send e2']);
    answers[1]!.resolve(all('e2'));
    await settle();
    release();
    await settle();
    expect(log).toEqual(['send e1', 'send e2', 'send e1']);
    answers[2]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('re-sends, first and in order, the events of a batch the background did not acknowledge', async () => {
    const { outbox, log, answers, waits } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    outbox.push(draft('e3'));
    await nextTask();
    outbox.push(draft('e4'));
    // The background stopped after e1 (it failed to commit e2).
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(log).toEqual(['send e1 e2 e3', 'send e2 e3 e4']);
    // Progress was made: no wait before the re-send.
    expect(waits).toEqual([]);
    answers[1]!.resolve(all('e2', 'e3', 'e4'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('backs off when a batch comes back with nothing acknowledged', async () => {
    const { outbox, answers, waits, log } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.resolve(all());
    await settle();
    expect(waits).toEqual([100]);
    expect(log).toEqual(['send e1', 'send e1']);
  });

  it('ignores acknowledgements of ids it did not send in that batch', async () => {
    const { outbox, answers } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    outbox.push(draft('e2'));
    answers[0]!.resolve(all('e1', 'e2'));
    await settle();
    // e2 was not in the batch: it is still waiting for its own answer.
    expect(outbox.unacknowledged).toBe(1);
  });

  it(`sends at most ${MAX_BATCH} events in one message`, async () => {
    const { outbox, answers, deps } = harness();
    for (let i = 0; i < MAX_BATCH + 5; i++) outbox.push(draft(`e${i}`));
    await nextTask();
    const first = vi.mocked(deps.send).mock.calls[0]![0];
    expect(first).toHaveLength(MAX_BATCH);
    answers[0]!.resolve(all(...first.map((event) => event.id)));
    await settle();
    expect(vi.mocked(deps.send).mock.calls[1]![0].map((event) => event.id)).toEqual(['e100', 'e101', 'e102', 'e103', 'e104']);
  });

  it('posts what waits at once and writes every unanswered event in one go when flushed (the page is hidden or unloads)', async () => {
    const { outbox, log, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    // No wait for the batch timer: the page may be gone by then.
    outbox.flush();
    expect(log).toEqual(['send e1 e2', 'persist e1 e2']);
    answers[0]!.resolve(all('e1', 'e2'));
    await nextTask();
    outbox.flush();
    expect(log).toEqual(['send e1 e2', 'persist e1 e2']);
  });

  it('posts at once what waits when flushed (the page is unloading): nothing is left only in storage', async () => {
    const { outbox, log, answers } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    outbox.push(draft('e2'));
    outbox.push(draft('e3'));
    outbox.flush();
    expect(log).toEqual(['send e1', 'send e2 e3', 'persist e1 e2 e3']);
    answers[1]!.resolve(all('e2', 'e3'));
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
    // Nothing is sent a third time.
    await nextTask();
    expect(log).toEqual(['send e1', 'send e2 e3', 'persist e1 e2 e3']);
  });

  it('posts what waits when flushed during a backoff, and a failure of that post loses nothing', async () => {
    const { outbox, log, answers, deps } = harness();
    // The retry waits until the test lets it go.
    let release!: () => void;
    vi.mocked(deps.sleep).mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.reject(new Error('worker stopped'));
    await settle();
    outbox.push(draft('e2'));
    outbox.flush();
    expect(log).toEqual(['send e1', 'send e1 e2', 'persist e1 e2']);
    answers[1]!.reject(new Error('page unloading'));
    await settle();
    expect(outbox.unacknowledged).toBe(2);
    release();
    await settle();
    expect(log.at(-1)).toBe('send e1 e2');
    answers[2]!.resolve(all('e1', 'e2'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('writes the copies of a batch in flight when flushed, and of what waits behind it', async () => {
    const { outbox, log, answers } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    await nextTask();
    outbox.push(draft('e3'));
    answers[0]!.resolve(all('e2'));
    await settle();
    outbox.flush();
    outbox.flush();
    expect(log).toEqual(['send e1 e2', 'send e1 e3', 'persist e1 e3']);
  });

  it('never copies an event answered in time', async () => {
    const { outbox, answers, deps, fireTimers } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.resolve(all('e1'));
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
    await nextTask();
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[1]!.resolve(all('e2'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('re-sends the same events after failed answers until they are acknowledged', async () => {
    const { outbox, answers, deps, waits } = harness();
    const event = draft('e1');
    outbox.push(event);
    await nextTask();
    answers[0]!.reject(new Error('The message port closed before a response was received.'));
    await settle();
    answers[1]!.reject(new Error('Could not establish connection.'));
    await settle();
    expect(outbox.unacknowledged).toBe(1);
    answers[2]!.resolve(all('e1'));
    await settle();
    expect(deps.send).toHaveBeenCalledTimes(3);
    for (const call of vi.mocked(deps.send).mock.calls) expect(call[0]).toEqual([event]);
    expect(outbox.unacknowledged).toBe(0);
    expect(outbox.retries).toBe(2);
    expect(waits).toEqual([100, 200]);
  });

  it('persists an event once, however many times it is re-sent', async () => {
    const { outbox, answers, deps, fireTimers } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.reject(new Error('worker stopped'));
    await settle();
    fireTimers();
    outbox.flush();
    fireTimers();
    answers[1]!.resolve(all('e1'));
    await settle();
    expect(deps.persist).toHaveBeenCalledTimes(1);
  });

  it('backs off exponentially, capped at two seconds, and starts again from the shortest wait after a success', async () => {
    const { outbox, answers, waits } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    for (let i = 0; i < 8; i++) {
      answers[i]!.reject(new Error('worker stopped'));
      await settle();
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(outbox.unacknowledged).toBe(1);
    answers[8]!.resolve(all('e1'));
    await settle();
    outbox.push(draft('e2'));
    await nextTask();
    answers[9]!.reject(new Error('worker stopped'));
    await settle();
    expect(waits.at(-1)).toBe(100);
  });

  it('does not re-send before the backoff has elapsed (fake clock)', async () => {
    const send = vi
      .fn<(events: readonly PageEventDraft[]) => Promise<SendOutcome>>()
      .mockRejectedValueOnce(new Error('worker stopped'))
      .mockImplementation(async (events) => all(...events.map((event) => event.id)));
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

  it('stops every delivery and forgets pending events once the extension is gone', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    outbox.push(draft('e2'));
    await nextTask();
    answers[0]!.reject(new ExtensionGone('Extension context invalidated.'));
    await settle();
    await nextTask();
    expect(outbox.unacknowledged).toBe(0);
    expect(deps.send).toHaveBeenCalledTimes(1);
  });

  it('ignores events pushed after the extension is gone: neither persisted nor sent', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    answers[0]!.reject(new ExtensionGone('gone'));
    await settle();
    outbox.push(draft('e2'));
    outbox.flush();
    await nextTask();
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
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('survives a send that throws synchronously, and retries', async () => {
    const { outbox, deps, answers } = harness();
    vi.mocked(deps.send).mockImplementationOnce(() => {
      throw new Error('Extension messaging broke');
    });
    outbox.push(draft('e1'));
    await nextTask();
    await settle();
    expect(deps.send).toHaveBeenCalledTimes(2);
    answers[0]!.resolve(all('e1'));
    await settle();
    expect(outbox.unacknowledged).toBe(0);
  });

  it('asks isDead about each failure and keeps retrying while it says no', async () => {
    const { outbox, answers, deps } = harness();
    outbox.push(draft('e1'));
    await nextTask();
    const failure = new Error('worker stopped');
    answers[0]!.reject(failure);
    await settle();
    expect(deps.isDead).toHaveBeenCalledWith(failure);
    expect(deps.send).toHaveBeenCalledTimes(2);
  });
});
