// A Chromium trace of one page, read back as the renderer main thread's JS samples and its tasks: the
// recorder benchmark attributes main-thread time to whose script is running (the page's, an extension's
// content script, an injected library) from the V8 sampling profiler the trace carries.
//
// Samples, not FunctionCall events: a content script's listeners and observers run in the page's renderer
// main thread (its isolated world shares the page's V8 isolate), and the sampler sees their stacks, with the
// native work they cause (a forced layout in getBoundingClientRect) counted to the JS frame that called it.

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  // Sample every 100 µs (DevTools' "advanced" setting) rather than every millisecond: events of a few ms.
  'disabled-by-default-v8.cpu_profiler.hires',
];

/**
 * Starts tracing on a page's CDP session; returns a function that stops it and resolves with the events.
 * @param {import('playwright').CDPSession} cdp
 */
export async function startTrace(cdp) {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { recordMode: 'recordContinuously', includedCategories: CATEGORIES, excludedCategories: ['*'] },
  });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const chunks = [];
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    const parsed = JSON.parse(chunks.join(''));
    return Array.isArray(parsed) ? parsed : parsed.traceEvents;
  };
}

/**
 * The main thread of the page the walk clicked: the thread that dispatched its clicks (EventDispatch of type
 * click), which is the renderer main thread of that page's process.
 */
export function clickThread(events) {
  const counts = new Map();
  for (const event of events) {
    if (event.name !== 'EventDispatch' || event.args?.data?.type !== 'click') continue;
    const key = `${event.pid}:${event.tid}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) return null;
  const [pid, tid] = best[0].split(':').map(Number);
  return { pid, tid };
}

/**
 * The JS samples of one thread: `{ ts, duration, stack }` (µs, trace clock; stack from the leaf up, each frame
 * `{ functionName, url, line, column }` 0-based), from its Profile/ProfileChunk events. A sample lasts until
 * the next one (capped, so a pause in sampling is not counted as work).
 */
export function threadSamples(events, { pid, tid }) {
  const profiles = new Map();
  for (const event of events) {
    if (event.pid !== pid) continue;
    if (event.name === 'Profile' && event.tid === tid)
      profiles.set(event.id, { startTime: event.args.data.startTime, nodes: new Map(), samples: [], deltas: [] });
  }
  for (const event of events) {
    if (event.name !== 'ProfileChunk' || event.pid !== pid) continue;
    const profile = profiles.get(event.id);
    if (!profile) continue;
    const { cpuProfile = {}, timeDeltas = [] } = event.args.data;
    for (const node of cpuProfile.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(cpuProfile.samples ?? []));
    profile.deltas.push(...timeDeltas);
  }
  const out = [];
  for (const profile of profiles.values()) {
    const stackOf = new Map();
    const stack = (id) => {
      if (stackOf.has(id)) return stackOf.get(id);
      const node = profile.nodes.get(id);
      if (!node) return [];
      const frame = {
        functionName: node.callFrame.functionName,
        url: node.callFrame.url ?? '',
        line: node.callFrame.lineNumber,
        column: node.callFrame.columnNumber,
      };
      const frames = [frame, ...(node.parent ? stack(node.parent) : [])];
      stackOf.set(id, frames);
      return frames;
    };
    let ts = profile.startTime;
    const times = profile.deltas.map((delta) => (ts += delta));
    for (let i = 0; i < profile.samples.length; i++) {
      const next = times[i + 1] ?? times[i];
      out.push({ ts: times[i], duration: Math.min(Math.max(0, next - times[i]), 2_000), stack: stack(profile.samples[i]) });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Idle and bookkeeping entries of the profile: not work of any script. */
const NOT_WORK = new Set(['(idle)', '(program)', '(root)', '(garbage collector)']);

/** Whether a sample is work done while a script matching `owns(url)` is on the stack. */
export function sampleOwnedBy(sample, owns) {
  const leaf = sample.stack[0];
  if (!leaf || NOT_WORK.has(leaf.functionName)) return false;
  return sample.stack.some((frame) => frame.url && owns(frame.url));
}

/** The main-thread tasks (RunTask) of a thread, `{ ts, dur }` in µs. */
export function threadTasks(events, { pid, tid }) {
  return events
    .filter((event) => event.pid === pid && event.tid === tid && event.name === 'RunTask' && event.ph === 'X')
    .map((event) => ({ ts: event.ts, dur: event.dur }));
}

/** The trace-clock times of the clicks the thread dispatched, in order. */
export function clickTimes(events, { pid, tid }) {
  return events
    .filter((event) => event.pid === pid && event.tid === tid && event.name === 'EventDispatch' && event.args?.data?.type === 'click')
    .map((event) => event.ts)
    .sort((a, b) => a - b);
}

/** How long before a click's dispatch its step's window opens (its pointer-down and mouse-down come first). */
const STEP_LEAD_US = 20_000;

/**
 * The main-thread time of one script owner (`owns(url)`) in a trace of a walk, in ms:
 * - `perStep`: its time in each click's step (from just before that click to just before the next; the last
 *   step lasts `lastStepUs`), which counts work it deferred to later in the step;
 * - `perTask`: its time in each main-thread task it ran in;
 * - `total`, and the long tasks (over 50 ms) it had a share in, with that share;
 * - `frames`: its time by the innermost of its own frames on the stack (self time, with the native calls
 *   it made), `{ url, line, column, functionName, ms, natives }`, largest first; `natives` splits it by the
 *   leaf of the stack (its own code, or the built-in or DOM call it was in).
 * @param {any[]} events
 * @param {(url: string) => boolean} owns
 */
export function ownerTime(events, owns, { lastStepUs = 250_000 } = {}) {
  const thread = clickThread(events);
  if (!thread) return null;
  const samples = threadSamples(events, thread).filter((sample) => sampleOwnedBy(sample, owns));
  const clicks = clickTimes(events, thread);
  const steps = clicks.map((ts, index) => ({
    from: ts - STEP_LEAD_US,
    to: clicks[index + 1] != null ? clicks[index + 1] - STEP_LEAD_US : ts + lastStepUs,
    us: 0,
  }));
  const tasks = threadTasks(events, thread)
    .map((task) => ({ ...task, us: 0 }))
    .sort((a, b) => a.ts - b.ts);
  const frames = new Map();
  let total = 0;
  let step = 0;
  let task = 0;
  for (const sample of samples) {
    total += sample.duration;
    while (step < steps.length && steps[step].to <= sample.ts) step++;
    if (step < steps.length && steps[step].from <= sample.ts) steps[step].us += sample.duration;
    while (task < tasks.length && tasks[task].ts + tasks[task].dur < sample.ts) task++;
    if (task < tasks.length && tasks[task].ts <= sample.ts) tasks[task].us += sample.duration;
    const own = sample.stack.find((frame) => frame.url && owns(frame.url));
    const key = `${own.url}:${own.line}:${own.column}`;
    const entry = frames.get(key) ?? { url: own.url, line: own.line, column: own.column, functionName: own.functionName, us: 0, natives: new Map() };
    entry.us += sample.duration;
    // The built-in or DOM call it was in (getBoundingClientRect, sendMessage…), when the leaf is not its own code.
    const leaf = sample.stack[0];
    const native = leaf === own ? '(own code)' : leaf.functionName || '(anonymous)';
    entry.natives.set(native, (entry.natives.get(native) ?? 0) + sample.duration);
    frames.set(key, entry);
  }
  const ms = (us) => us / 1000;
  const ran = tasks.filter((t) => t.us > 0);
  return {
    clicks: clicks.length,
    samples: samples.length,
    total: ms(total),
    perStep: steps.map((s) => ms(s.us)),
    perTask: ran.map((t) => ms(t.us)),
    longTasks: ran.filter((t) => t.dur > 50_000).map((t) => ({ durationMs: ms(t.dur), ownMs: ms(t.us) })),
    frames: [...frames.values()]
      .sort((a, b) => b.us - a.us)
      .map(({ us, natives, ...frame }) => ({
        ...frame,
        ms: ms(us),
        natives: [...natives].sort((a, b) => b[1] - a[1]).map(([name, time]) => ({ name, ms: ms(time) })),
      })),
  };
}
