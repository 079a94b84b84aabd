import { describe, expect, it } from 'vitest';
import { CAPTURE_WINDOW_MS, CAPTURES_PER_WINDOW, type CaptureAttempt, CaptureQueue, type CaptureRequest } from '@/lib/recorder/capture-queue';

/** A captured image as the queue passes it on (its type names the capture, for the tests to tell them apart). */
function image(name: string) {
  return {
    blob: new Blob([], { type: `image/jpeg;${name}` }),
    width: 1280,
    height: 720,
    privacy: { mode: 'balanced' as const, boxes: 0, hiddenFrames: 0, collectMs: 0, obscureMs: 0, pageMs: 0, waitedMs: 0 },
  };
}

/**
 * A virtual clock: `sleep` registers a timer, and time only moves when every pending piece of work is
 * blocked on a timer, jumping straight to the next one. Tests run in microseconds and timing is exact.
 */
class VirtualClock {
  time = 0;
  private timers: { at: number; order: number; resolve: () => void }[] = [];
  private order = 0;

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), order: this.order++, resolve });
    });

  /** Lets every promise chain that can progress without time passing do so. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs until `done` settles, advancing time from timer to timer. */
  async run<T>(done: Promise<T>): Promise<T> {
    let finished = false;
    const result = done.finally(() => {
      finished = true;
    });
    for (let steps = 0; steps < 10_000; steps++) {
      await this.settle();
      if (finished) return result;
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers.shift();
      if (!next) throw new Error('Deadlock: nothing is scheduled but the awaited work is not done');
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    throw new Error('Too many steps');
  }
}

interface CaptureCall {
  tabId: number;
  at: number;
}

/** A queue wired to a virtual clock, a scripted `capture` and a `deliver` that records what it gets. */
function setup(
  options: {
    /** What each call answers, in call order; defaults to a successful capture. */
    script?: ((tabId: number, call: number) => CaptureAttempt | Promise<CaptureAttempt>)[];
    /** How long a capture takes, in virtual ms. */
    captureMs?: number;
    deliver?: (group: CaptureRequest[], attempt: CaptureAttempt) => Promise<void>;
  } = {},
) {
  const clock = new VirtualClock();
  const calls: CaptureCall[] = [];
  const delivered: { ids: string[]; attempt: CaptureAttempt; at: number }[] = [];
  const queue = new CaptureQueue({
    now: clock.now,
    sleep: clock.sleep,
    async capture(tabId) {
      const call = calls.length;
      calls.push({ tabId, at: clock.time });
      if (options.captureMs) await clock.sleep(options.captureMs);
      const scripted = options.script?.[call];
      if (scripted) return scripted(tabId, call);
      return { ok: true, source: 'visible-tab', ...image(`tab${tabId}call${call}`), capturedAtEpochMs: clock.time };
    },
    async deliver(group, attempt) {
      delivered.push({ ids: group.map((request) => request.forEventId), attempt, at: clock.time });
      await options.deliver?.(group, attempt);
    },
  });
  let next = 0;
  const request = (tabId: number, priority: CaptureRequest['priority'], forEventId = `e${next++}`): CaptureRequest => {
    const item: CaptureRequest = { sessionId: 's1', tabId, forEventId, requestedAtEpochMs: clock.time, point: null, priority };
    queue.request(item);
    return item;
  };
  return { clock, calls, delivered, queue, request };
}

/**
 * Chrome's rule as measured: the first call opens a window of CAPTURE_WINDOW_MS holding CAPTURES_PER_WINDOW
 * calls; the first call after it closes opens the next one. Returns the calls counted in each window.
 */
function windowsOf(times: number[]): number[][] {
  const windows: number[][] = [];
  let start = Number.NEGATIVE_INFINITY;
  for (const time of times) {
    if (time >= start + CAPTURE_WINDOW_MS) {
      start = time;
      windows.push([]);
    }
    windows[windows.length - 1]?.push(time);
  }
  return windows;
}

function expectWithinRateLimit(calls: CaptureCall[]): void {
  for (const window of windowsOf(calls.map((call) => call.at))) expect(window.length).toBeLessThanOrEqual(CAPTURES_PER_WINDOW);
}

describe('CaptureQueue', () => {
  it('makes at most two captures in any window of one second, opened by the first call', async () => {
    const { clock, calls, delivered, queue, request } = setup();
    for (let tab = 1; tab <= 5; tab++) request(tab, 'navigation');
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([1, 2, 3, 4, 5]);
    expectWithinRateLimit(calls);
    const times = calls.map((call) => call.at);
    expect(times.slice(0, 2)).toEqual([0, 0]);
    // The third waits for the window to close, and not much longer.
    expect(times[2]).toBeGreaterThanOrEqual(CAPTURE_WINDOW_MS);
    expect(times[2]).toBeLessThan(CAPTURE_WINDOW_MS + 100);
    expect(times[3]).toBe(times[2]);
    expect(times[4]).toBeGreaterThanOrEqual((times[2] ?? 0) + CAPTURE_WINDOW_MS);
    expect(delivered).toHaveLength(5);
  });

  it('opens the window at the first call, not on a whole second', async () => {
    const { clock, calls, queue, request } = setup();
    clock.time = 1500;
    request(1, 'navigation');
    await clock.run(queue.drain());
    clock.time = 2400; // still inside the window opened at 1500
    request(2, 'click');
    await clock.run(queue.drain());
    request(3, 'click');
    await clock.run(queue.drain());

    expect(calls.map((call) => call.at).slice(0, 2)).toEqual([1500, 2400]);
    expect(calls[2]?.at).toBeGreaterThanOrEqual(2500);
    expectWithinRateLimit(calls);
  });

  it('lets a click right after a navigation capture go at once when the window has room', async () => {
    const { clock, calls, delivered, queue, request } = setup();
    request(1, 'navigation', 'nav');
    await clock.run(queue.drain());
    clock.time = 300;
    request(1, 'click', 'click');
    await clock.run(queue.drain());

    expect(calls).toEqual([
      { tabId: 1, at: 0 },
      { tabId: 1, at: 300 },
    ]);
    expect(delivered.map((item) => [item.ids, item.at])).toEqual([
      [['nav'], 0],
      [['click'], 300],
    ]);
  });

  it('makes a click wait when the window is full, and lets it go as soon as the next one opens', async () => {
    const { clock, calls, queue, request } = setup();
    request(1, 'navigation');
    request(2, 'navigation');
    await clock.run(queue.drain());
    clock.time = 400;
    request(1, 'click');
    await clock.run(queue.drain());
    expect(calls[2]?.at).toBeGreaterThanOrEqual(CAPTURE_WINDOW_MS);
    expect(calls[2]?.at).toBeLessThan(CAPTURE_WINDOW_MS + 100);
    expectWithinRateLimit(calls);
  });

  it('takes waiting clicks before waiting navigations, clicks in their own order', async () => {
    const { clock, calls, queue, request } = setup({ captureMs: 50 });
    request(9, 'navigation', 'busy');
    await clock.settle(); // tab 9 is being captured: what follows waits
    expect(calls).toHaveLength(1);
    request(1, 'navigation', 'nav-1');
    request(2, 'navigation', 'nav-2');
    request(3, 'click', 'click-3');
    request(4, 'click', 'click-4');
    expect(queue.pending).toBe(4);
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([9, 3, 4, 1, 2]);
    expectWithinRateLimit(calls);
    expect(queue.pending).toBe(0);
  });

  it('shares one capture between requests for the same tab that wait together, owner first', async () => {
    const { clock, calls, delivered, queue, request } = setup({ captureMs: 50 });
    request(1, 'navigation', 'first');
    await clock.settle();
    request(1, 'click', 'click-a');
    request(2, 'click', 'other-tab');
    request(1, 'navigation', 'nav-b');
    expect(queue.pending).toBe(3);
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([1, 1, 2]);
    expect(delivered.map((item) => item.ids)).toEqual([['first'], ['click-a', 'nav-b'], ['other-tab']]);
    // Both requests of the group got the same image.
    expect(delivered[1]?.attempt).toMatchObject({ ok: true, blob: { type: 'image/jpeg;tab1call1' } });
  });

  it('promotes a waiting navigation group that a click joins ahead of other navigations', async () => {
    const { clock, calls, delivered, queue, request } = setup({ captureMs: 50 });
    request(9, 'navigation', 'busy');
    await clock.settle();
    request(1, 'navigation', 'nav-1');
    request(2, 'navigation', 'nav-2');
    request(2, 'click', 'click-2');
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([9, 2, 1]);
    expect(delivered.map((item) => item.ids)).toEqual([['busy'], ['nav-2', 'click-2'], ['nav-1']]);
  });

  it('retries a rate-limited capture once, in a new window', async () => {
    const { clock, calls, delivered, queue, request } = setup({
      script: [() => ({ ok: false, reason: 'rate-limited' })],
    });
    request(1, 'click', 'click');
    await clock.run(queue.drain());

    expect(calls).toHaveLength(2);
    expect(calls[0]?.at).toBe(0);
    expect(calls[1]?.at).toBeGreaterThanOrEqual(CAPTURE_WINDOW_MS);
    expect(calls[1]?.at).toBeLessThan(CAPTURE_WINDOW_MS + 100);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ ids: ['click'], attempt: { ok: true } });
  });

  it('retries a rate-limited capture twice, each in a fresh window, then delivers the failure', async () => {
    const { clock, calls, delivered, queue, request } = setup({
      script: [() => ({ ok: false, reason: 'rate-limited' }), () => ({ ok: false, reason: 'rate-limited' }), () => ({ ok: false, reason: 'rate-limited' })],
    });
    request(1, 'click', 'click');
    request(2, 'click', 'next');
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([1, 1, 1, 2]);
    expect(delivered.map((item) => [item.ids, item.attempt])).toEqual([
      [['click'], { ok: false, reason: 'rate-limited' }],
      [['next'], expect.objectContaining({ ok: true })],
    ]);
    expectWithinRateLimit(calls);
  });

  it('turns an exception of capture into a capture-failed outcome, with the browser words, and carries on', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    const { clock, delivered, queue, request } = setup({ script: [boom, boom] });
    request(1, 'click', 'broken');
    request(2, 'click', 'fine');
    await clock.run(queue.drain());

    expect(delivered.map((item) => [item.ids, item.attempt])).toEqual([
      [['broken'], { ok: false, reason: 'capture-failed', detail: 'boom' }],
      [['fine'], expect.objectContaining({ ok: true })],
    ]);
  });

  it('tries a refused capture once more after a short pause, and keeps the second answer', async () => {
    const { clock, calls, delivered, queue, request } = setup({ script: [() => ({ ok: false, reason: 'capture-failed', detail: 'mid-paint' })] });
    request(1, 'click', 'retried');
    await clock.run(queue.drain());
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(150);
    expect(delivered[0]?.attempt).toMatchObject({ ok: true });
  });

  it('does not count calls refused before the browser was asked (tab not visible, page not capturable)', async () => {
    const { clock, calls, delivered, queue, request } = setup({
      script: [() => ({ ok: false, reason: 'tab-not-visible' }), () => ({ ok: false, reason: 'page-not-capturable' })],
    });
    for (let tab = 1; tab <= 4; tab++) request(tab, 'navigation');
    await clock.run(queue.drain());

    // Two refusals and two real captures all fit in the first window.
    expect(calls.map((call) => call.at)).toEqual([0, 0, 0, 0]);
    expect(delivered.map((item) => (item.attempt.ok ? 'ok' : item.attempt.reason))).toEqual(['tab-not-visible', 'page-not-capturable', 'ok', 'ok']);
  });

  it('counts a capture-failed call against the window (the browser was asked)', async () => {
    const { clock, calls, queue, request } = setup({ script: [() => ({ ok: false, reason: 'capture-failed' })] });
    for (let tab = 1; tab <= 3; tab++) request(tab, 'navigation');
    await clock.run(queue.drain());
    expect(calls[2]?.at).toBeGreaterThanOrEqual(CAPTURE_WINDOW_MS);
  });

  it('drain() resolves only after everything queued was delivered', async () => {
    const { clock, delivered, queue, request } = setup({ captureMs: 120 });
    for (let tab = 1; tab <= 5; tab++) request(tab, tab % 2 ? 'navigation' : 'click');
    let deliveredAtDrain = -1;
    await clock.run(queue.drain().then(() => (deliveredAtDrain = delivered.length)));
    expect(deliveredAtDrain).toBe(5);
    expect(queue.pending).toBe(0);
  });

  it('drain() resolves at once when nothing is queued', async () => {
    const { clock, queue } = setup();
    await clock.run(queue.drain());
    expect(clock.time).toBe(0);
  });

  it('keeps going when a delivery fails', async () => {
    const { clock, calls, delivered, queue, request } = setup({
      deliver: async (group) => {
        if (group[0]?.forEventId === 'bad') throw new Error('disk full');
      },
    });
    request(1, 'click', 'bad');
    request(2, 'click', 'good');
    await clock.run(queue.drain());
    request(3, 'click', 'later');
    await clock.run(queue.drain());

    expect(calls.map((call) => call.tabId)).toEqual([1, 2, 3]);
    expect(delivered.map((item) => item.ids)).toEqual([['bad'], ['good'], ['later']]);
  });

  it('accepts a custom window and count', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const queue = new CaptureQueue({
      now: clock.now,
      sleep: clock.sleep,
      windowMs: 200,
      perWindow: 1,
      capture: async () => {
        times.push(clock.time);
        return { ok: true, source: 'visible-tab', ...image('any'), capturedAtEpochMs: clock.time };
      },
      deliver: async () => undefined,
    });
    for (let tab = 1; tab <= 3; tab++)
      queue.request({ sessionId: 's', tabId: tab, forEventId: `e${tab}`, requestedAtEpochMs: 0, point: null, priority: 'click' });
    await clock.run(queue.drain());
    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThanOrEqual(200);
    expect(times[2]).toBeGreaterThanOrEqual((times[1] ?? 0) + 200);
  });
});
