#!/usr/bin/env node
// npm run bench (bench:recorder): what recording costs the page, Parcours beside rrweb's record() in the same
// run (issue 11). Prints one table and writes bench/results.json (key "recorder"); asserts nothing.
//  - two pages: a table of ~20,000 nodes whose every click rewrites 200 cells, and a mutation storm (a timer
//    making thousands of DOM changes a second);
//  - the same walk (60 clicks 250 ms apart on the table, 20 on the storm; typing every tenth, a scroll every
//    fifteenth) with no recorder, with Parcours recording (overlay on) and with rrweb; ROUNDS rounds, medians;
//  - per configuration: the page's main-thread script and task time (CDP Performance.getMetrics), long tasks
//    and Event Timing (observers in the page), its JS heap after a GC, the wall time of Playwright's clicks;
//  - one traced walk per recorder: its own main-thread time per step from the V8 samples in the trace
//    (stacks holding the extension's chrome-extension:// scripts, or rrweb's), and where Parcours' goes;
//  - click to screenshot stored (clicks 0.6 s apart) beside bare captureVisibleTab calls from the service
//    worker, and the bytes stored per step;
//  - a control: the same work in the content script's isolated world and in the page's main world, as the
//    page's CDP metrics count it (do they see the content script's time?).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { machine, writeResults } from './lib/bench-results.mjs';
import { findChromium, launchWithExtension, ROOT, serviceWorker } from './lib/browser.mjs';
import { ensureSourceMappedBuild } from './lib/build.mjs';
import { ownerTime, startTrace } from './lib/cpu-trace.mjs';
import { pollUntil, readDatabase } from './lib/database.mjs';
import { observed, observePage, pageNow } from './lib/page-observers.mjs';
import { GAP_MS, nextPaint, RRWEB_URL, RRWEB_VERSION, spacedClicks, startRecorder, walk } from './lib/recorder-walk.mjs';
import { clickScreenshots } from './lib/screenshot-timings.mjs';
import { originalPosition } from './lib/source-names.mjs';
import { median, percentile } from './lib/stats.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGES = {
  table: { path: '/bench/table', clicks: Number(process.env.BENCH_TABLE_CLICKS ?? 60) },
  storm: { path: '/bench/storm', clicks: Number(process.env.BENCH_STORM_CLICKS ?? 20) },
};
const CONFIGS = ['none', 'parcours', 'rrweb'];
const SHOT_CLICKS = Number(process.env.BENCH_SHOT_CLICKS ?? 20);
const SHOT_GAP_MS = 600;
/** The control's fixed work: about 100 ms of one core on this machine kind. */
const BURN_LOOPS = 40_000_000;
const CONTROL_ROUNDS = 3;

const round1 = (value) => (value == null ? null : Math.round(value * 10) / 10);

/** The page's main-thread counters: CDP reports seconds and bytes. */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map(({ name, value }) => [name, value]));
  return {
    scriptMs: m.ScriptDuration * 1000,
    taskMs: m.TaskDuration * 1000,
    layoutMs: m.LayoutDuration * 1000,
    styleMs: m.RecalcStyleDuration * 1000,
    heap: m.JSHeapUsedSize,
  };
}

const delta = (after, before, key) => after[key] - before[key];

/** A browser with the extension, the bench page open and painted, its CDP session measuring. */
async function openPage(shop, extensionDir, pageName) {
  const browser = await launchWithExtension({ extensionDir });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(new URL(PAGES[pageName].path, shop.shopUrl).href);
  await page.locator('body[data-ready="true"]').waitFor();
  await nextPaint(page);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { ...browser, page, cdp };
}

/** Whether a script URL is the extension's (its content script in the page's isolated world). */
const extensionOwns = (extensionId) => (url) => url.startsWith(`chrome-extension://${extensionId}/`);

/** One walk of one page under one configuration; with `trace`, the walk is traced and attributed instead. */
async function runWalk(shop, extensionDir, pageName, config, { trace = false } = {}) {
  const { context, extensionId, close, page, cdp } = await openPage(shop, extensionDir, pageName);
  try {
    await observePage(page);
    const beforeStart = await metrics(cdp);
    const { tester } = await startRecorder(config, { context, extensionId, page });
    const afterStart = await metrics(cdp);
    const walkFrom = await pageNow(page);
    const stopTrace = trace ? await startTrace(cdp) : null;
    const { clickMs, walkMs } = await walk(page, PAGES[pageName].clicks);
    const afterWalk = await metrics(cdp);
    const events = stopTrace ? await stopTrace() : null;
    const seen = await observed(page);
    const startLongTasks = seen.longTasks.filter((task) => task.startTime < walkFrom);
    const walkLongTasks = seen.longTasks.filter((task) => task.startTime >= walkFrom);
    // The walk's clicks (a click into the field included), not the keys typed after some of them.
    const interactions = seen.interactions.filter((interaction) => /pointer|mouse|click/.test(interaction.kinds));
    await cdp.send('HeapProfiler.collectGarbage');
    const { heap } = await metrics(cdp);
    const rrwebEvents = config === 'rrweb' ? await page.evaluate(() => window.benchRrwebEvents.length) : null;
    let recordedClicks = null;
    if (tester) {
      // The walk is recorded: every click committed (Parcours' own work for them done).
      const clicks = await tester.waitForEvents((rows) => rows.filter((row) => row.kind === 'click').length >= PAGES[pageName].clicks && rows, {
        what: 'the walk’s clicks committed',
        timeout: 60_000,
      });
      recordedClicks = clicks.filter((row) => row.kind === 'click').length;
    }
    const owner = config === 'parcours' ? extensionOwns(extensionId) : (url) => url === RRWEB_URL;
    return {
      config,
      page: pageName,
      startScriptMs: delta(afterStart, beforeStart, 'scriptMs'),
      startTaskMs: delta(afterStart, beforeStart, 'taskMs'),
      walkScriptMs: delta(afterWalk, afterStart, 'scriptMs'),
      walkTaskMs: delta(afterWalk, afterStart, 'taskMs'),
      walkLayoutMs: delta(afterWalk, afterStart, 'layoutMs'),
      walkStyleMs: delta(afterWalk, afterStart, 'styleMs'),
      heapMB: heap / 2 ** 20,
      startLongTasks: startLongTasks.length,
      walkLongTasks: walkLongTasks.length,
      longestWalkTaskMs: Math.max(0, ...walkLongTasks.map((task) => task.duration)),
      interactionsReported: interactions.length,
      processing: interactions.map((i) => i.processing),
      presentationDelay: interactions.map((i) => i.presentationDelay),
      inputDelay: interactions.map((i) => i.inputDelay),
      clickWallMs: clickMs.reduce((sum, ms) => sum + ms, 0),
      walkMs,
      rrwebEvents,
      recordedClicks,
      attribution: events && config !== 'none' ? ownerTime(events, owner, { lastStepUs: GAP_MS * 1000 }) : null,
      extensionId,
    };
  } finally {
    await close();
  }
}

/**
 * Parcours recording the table page with clicks 0.6 s apart: pointer-down to each screenshot stored and the
 * bytes stored per step, then bare captureVisibleTab calls from the service worker on the same tab, then the
 * control (isolatedWorldControl).
 */
async function runScreenshots(shop, extensionDir) {
  const { context, extensionId, close, page, cdp } = await openPage(shop, extensionDir, 'table');
  try {
    const chromium = await cdp.send('Browser.getVersion').catch(() => null);
    const { tester } = await startRecorder('parcours', { context, extensionId, page });
    await spacedClicks(page, SHOT_CLICKS, SHOT_GAP_MS);
    const rows = await tester.waitForEvents(
      (events) => {
        const shots = clickScreenshots(events);
        return shots.length >= SHOT_CLICKS && shots.every((shot) => shot.shot) && events;
      },
      { what: 'every click and its screenshot committed', timeout: 60_000 },
    );
    const shots = clickScreenshots(rows);
    const reader = await tester.reader();
    const { screenshots = [] } = await readDatabase(reader, { stores: ['screenshots'], sessionId: tester.sessionId });
    const imageBytes = new Map(screenshots.map((row) => [row.id, row.blob?.blobSize ?? 0]));
    // A step's bytes: its click row, its screenshot row and the image (a shared image counted with each step).
    const stepBytes = shots.map(
      (shot) =>
        JSON.stringify(shot.click).length +
        (shot.shot ? JSON.stringify(shot.shot).length : 0) +
        (shot.screenshotId ? (imageBytes.get(shot.screenshotId) ?? 0) : 0),
    );
    const imageSize = screenshots[0] ? { width: screenshots[0].width ?? null, height: screenshots[0].height ?? null } : null;

    // Stopped first: the walk's own captures (a tab brought to the front is a moment too) would share the
    // browser's limit of captureVisibleTab calls a second with the bare ones, and fail them.
    await tester.stop();
    await tester.focusPage();
    const worker = await serviceWorker(context, extensionId);
    const bare = await worker.evaluate(
      async ({ tabId, count, gapMs }) => {
        const { windowId } = await chrome.tabs.get(tabId);
        const out = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          // The recorder's own call (lib/recorder/browser-ports.ts): JPEG at quality 80.
          const dataUrl = await chrome.tabs.captureVisibleTab(windowId, { format: 'jpeg', quality: 80 });
          out.push({ ms: performance.now() - started, bytes: Math.round(((dataUrl.length - dataUrl.indexOf(',') - 1) * 3) / 4) });
          // Two calls a second at most: the same pace as the clicks.
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + gapMs - performance.now())));
        }
        return out;
      },
      { tabId: tester.tabId, count: SHOT_CLICKS, gapMs: SHOT_GAP_MS },
    );

    const control = await isolatedWorldControl(cdp, extensionId);
    return {
      chromium: chromium?.product ?? null,
      clicks: shots.length,
      sources: Object.fromEntries(
        [...new Set(shots.map((shot) => String(shot.source)))].map((source) => [source, shots.filter((s) => String(s.source) === source).length]),
      ),
      withoutOwnImage: shots.filter((shot) => shot.shared || shot.missing).length,
      storedMs: shots.map((shot) => shot.storedMs).filter((ms) => ms != null),
      bareMs: bare.map((call) => call.ms),
      bareBytes: median(bare.map((call) => call.bytes)),
      stepBytes,
      imageSize,
      control,
    };
  } finally {
    await close();
  }
}

/**
 * The control: the same fixed work (BURN_LOOPS iterations, in a timer's task as a content script's listener
 * runs) in the content script's isolated world and in the page's main world, CONTROL_ROUNDS times each,
 * alternating, and what the page's CDP metrics counted for it (medians). Fixed work rather than a fixed
 * wall time: the metrics count the thread's CPU time, which a loaded machine gives out unevenly.
 */
async function isolatedWorldControl(cdp, extensionId) {
  const contexts = [];
  const listener = (event) => contexts.push(event.context);
  cdp.on('Runtime.executionContextCreated', listener);
  await cdp.send('Runtime.enable');
  const isolated = await pollUntil(async () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`), {
    what: 'the content script’s isolated world',
    timeout: 10_000,
  });
  const main = contexts.find((c) => c.auxData?.isDefault && c.auxData?.frameId === isolated.auxData?.frameId);
  cdp.off('Runtime.executionContextCreated', listener);
  // An evaluation by the inspector itself is not counted as a task's script by Performance.getMetrics in
  // either world: the work runs from a timer.
  const burn = `new Promise((resolve) => setTimeout(() => { let x = 0; for (let i = 0; i < ${BURN_LOOPS}; i++) x = (x + i * 7) % 1000003; resolve(x); }, 0))`;
  const measure = async (contextId) => {
    const before = await metrics(cdp);
    const wallFrom = performance.now();
    await cdp.send('Runtime.evaluate', { expression: burn, contextId, awaitPromise: true });
    const wallMs = performance.now() - wallFrom;
    const after = await metrics(cdp);
    return { scriptMs: delta(after, before, 'scriptMs'), taskMs: delta(after, before, 'taskMs'), wallMs };
  };
  const isolatedRuns = [];
  const mainRuns = [];
  for (let i = 0; i < CONTROL_ROUNDS; i++) {
    isolatedRuns.push(await measure(isolated.id));
    mainRuns.push(await measure(main.id));
  }
  await cdp.send('Runtime.disable');
  const med = (list) => ({
    scriptMs: round1(median(list.map((r) => r.scriptMs))),
    taskMs: round1(median(list.map((r) => r.taskMs))),
    wallMs: round1(median(list.map((r) => r.wallMs))),
  });
  return { loops: BURN_LOOPS, rounds: CONTROL_ROUNDS, isolatedWorld: med(isolatedRuns), mainWorld: med(mainRuns) };
}

/** The medians over rounds of one page and configuration. */
function summarise(runs) {
  const m = (pick) => round1(median(runs.map(pick)));
  const all = (key) => runs.flatMap((run) => run[key]);
  return {
    rounds: runs.length,
    startScriptMs: m((r) => r.startScriptMs),
    startTaskMs: m((r) => r.startTaskMs),
    walkScriptMs: m((r) => r.walkScriptMs),
    walkTaskMs: m((r) => r.walkTaskMs),
    walkLayoutMs: m((r) => r.walkLayoutMs),
    walkStyleMs: m((r) => r.walkStyleMs),
    heapMB: m((r) => r.heapMB),
    startLongTasks: m((r) => r.startLongTasks),
    walkLongTasks: m((r) => r.walkLongTasks),
    longestWalkTaskMs: m((r) => r.longestWalkTaskMs),
    clickWallMs: m((r) => r.clickWallMs),
    walkMs: m((r) => r.walkMs),
    interactionsReported: m((r) => r.interactionsReported),
    // Event Timing over every round's interactions (those of 16 ms or more: the only ones reported).
    processingP50: round1(percentile(all('processing'), 0.5)),
    processingP95: round1(percentile(all('processing'), 0.95)),
    presentationP50: round1(percentile(all('presentationDelay'), 0.5)),
    presentationP95: round1(percentile(all('presentationDelay'), 0.95)),
    inputDelayP95: round1(percentile(all('inputDelay'), 0.95)),
    rrwebEvents: m((r) => r.rrwebEvents),
    recordedClicks: m((r) => r.recordedClicks),
  };
}

/** The traced walk reduced to figures, and Parcours' frames named by their sources. */
function attributionFigures(attribution, extensionDir, extensionId) {
  if (!attribution) return null;
  const prefix = `chrome-extension://${extensionId}/`;
  return {
    clicks: attribution.clicks,
    totalMs: round1(attribution.total),
    perStepP50: round1(percentile(attribution.perStep, 0.5)),
    perStepP95: round1(percentile(attribution.perStep, 0.95)),
    perStepMax: round1(Math.max(0, ...attribution.perStep)),
    perTaskP50: round1(percentile(attribution.perTask, 0.5)),
    perTaskP95: round1(percentile(attribution.perTask, 0.95)),
    tasks: attribution.perTask.length,
    longTasks: attribution.longTasks.length,
    longTaskShareMs: round1(attribution.longTasks.reduce((sum, task) => sum + task.ownMs, 0)),
    // Long with the recorder's time alone: tasks it made long whatever the page did in them.
    longTasksAlone: attribution.longTasks.filter((task) => task.ownMs > 50).length,
    topFrames: attribution.frames.slice(0, 12).map((frame) => {
      const file = frame.url.startsWith(prefix) ? path.join(extensionDir, frame.url.slice(prefix.length)) : null;
      const source = file && frame.line != null ? originalPosition(file, frame.line, frame.column) : null;
      return {
        ms: round1(frame.ms),
        functionName: frame.functionName || '(anonymous)',
        built: `${frame.url.startsWith(prefix) ? frame.url.slice(prefix.length) : frame.url}:${frame.line + 1}:${frame.column + 1}`,
        source: source ? `${source.source}:${source.line}` : null,
        code: source ? sourceLine(source.source, source.line) : null,
        natives: frame.natives.slice(0, 3).map((native) => `${native.name} ${round1(native.ms)}`),
      };
    }),
  };
}

/** The source line a frame maps to, trimmed: it names the function better than a minified name does. */
function sourceLine(file, line) {
  try {
    return readFileSync(path.join(ROOT, file), 'utf8').split('\n')[line - 1].trim().slice(0, 90);
  } catch {
    return null;
  }
}

const chromiumVersion = () => {
  try {
    return execFileSync(findChromium(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};

const extensionDir = ensureSourceMappedBuild({ quiet: true });
const loadBefore = os.loadavg();
const startedAt = Date.now();
const shop = await startShop();
const runs = { table: { none: [], parcours: [], rrweb: [] }, storm: { none: [], parcours: [], rrweb: [] } };
const traced = { table: {}, storm: {} };
let shots;
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const pageName of Object.keys(PAGES)) {
      // The order turns each round, so a burst of load on the shared machine does not always hit one configuration.
      const order = CONFIGS.map((_, i) => CONFIGS[(i + round) % CONFIGS.length]);
      for (const config of order) {
        process.stdout.write(`round ${round + 1}/${ROUNDS} ${pageName} ${config}… `);
        const run = await runWalk(shop, extensionDir, pageName, config);
        runs[pageName][config].push(run);
        console.log(`task ${Math.round(run.walkTaskMs)} ms, script ${Math.round(run.walkScriptMs)} ms`);
      }
    }
  }
  // Traced walks apart: the sampler's own cost would otherwise weigh on the medians.
  for (const pageName of Object.keys(PAGES)) {
    for (const config of ['parcours', 'rrweb']) {
      process.stdout.write(`traced ${pageName} ${config}… `);
      const run = await runWalk(shop, extensionDir, pageName, config, { trace: true });
      traced[pageName][config] = attributionFigures(run.attribution, extensionDir, run.extensionId);
      console.log(`${traced[pageName][config]?.totalMs ?? '?'} ms of its own`);
    }
  }
  process.stdout.write('screenshots… ');
  shots = await runScreenshots(shop, extensionDir);
  console.log('done');
} finally {
  await shop.close();
}
const loadAfter = os.loadavg();

const summary = Object.fromEntries(
  Object.entries(runs).map(([pageName, byConfig]) => [
    pageName,
    Object.fromEntries(Object.entries(byConfig).map(([config, list]) => [config, summarise(list)])),
  ]),
);

// Added main-thread time: the walk and the recorder's start, against the same walk with no recorder.
const added = (pageName, config, kind) => {
  const s = summary[pageName];
  return round1(s[config][`walk${kind}Ms`] + s[config][`start${kind}Ms`] - (s.none[`walk${kind}Ms`] + s.none[`start${kind}Ms`]));
};
const addedFigures = Object.fromEntries(
  Object.keys(PAGES).map((pageName) => [
    pageName,
    Object.fromEntries(
      ['parcours', 'rrweb'].map((config) => [config, { scriptMs: added(pageName, config, 'Script'), taskMs: added(pageName, config, 'Task') }]),
    ),
  ]),
);
const screenshots = {
  chromium: shots.chromium,
  clicks: shots.clicks,
  sources: shots.sources,
  withoutOwnImage: shots.withoutOwnImage,
  storedP50Ms: round1(percentile(shots.storedMs, 0.5)),
  storedP95Ms: round1(percentile(shots.storedMs, 0.95)),
  bareP50Ms: round1(percentile(shots.bareMs, 0.5)),
  bareP95Ms: round1(percentile(shots.bareMs, 0.95)),
  bareBytes: shots.bareBytes,
  stepBytesMedian: median(shots.stepBytes),
  stepBytesMax: Math.max(...shots.stepBytes),
  imageSize: shots.imageSize,
};

// ---- the table ----
const host = {
  ...machine(),
  chromium: shots.chromium ?? chromiumVersion(),
  loadAverageBefore: loadBefore.map(round1),
  loadAverageAfter: loadAfter.map(round1),
  runSeconds: Math.round((Date.now() - startedAt) / 1000),
};
console.log();
console.log(
  `Recorder cost, Parcours beside rrweb ${RRWEB_VERSION} (${host.chromium}, headless, 1280x800; ${host.cpuModel}, ${host.cpus} cores, ${host.memoryGiB} GiB; load average ${host.loadAverageBefore.join(' ')} before, ${host.loadAverageAfter.join(' ')} after; medians of ${ROUNDS} rounds)`,
);
const fmt = (value) => (value == null ? 'n/a' : typeof value === 'number' ? String(round1(value)) : String(value));
for (const pageName of Object.keys(PAGES)) {
  const s = summary[pageName];
  const t = traced[pageName];
  console.log(
    `\n${pageName} page, ${PAGES[pageName].clicks} clicks ${GAP_MS} ms apart`.padEnd(60) + ['none', 'Parcours', 'rrweb'].map((h) => h.padStart(14)).join(''),
  );
  const row = (label, pick) => console.log(label.padEnd(60) + CONFIGS.map((config) => fmt(pick(s[config], config)).padStart(14)).join(''));
  row('walk: main-thread script time (ms)', (c) => c.walkScriptMs);
  row('walk: main-thread task time (ms)', (c) => c.walkTaskMs);
  row('walk: layout / style (ms)', (c) => `${fmt(c.walkLayoutMs)} / ${fmt(c.walkStyleMs)}`);
  row('start of the recorder: script / task (ms)', (c) => `${fmt(c.startScriptMs)} / ${fmt(c.startTaskMs)}`);
  row('added over no recorder, start + walk: script (ms)', (_, config) => (config === 'none' ? '-' : addedFigures[pageName][config].scriptMs));
  row('added over no recorder, start + walk: task (ms)', (_, config) => (config === 'none' ? '-' : addedFigures[pageName][config].taskMs));
  row('long tasks: at start / in the walk', (c) => `${fmt(c.startLongTasks)} / ${fmt(c.walkLongTasks)}`);
  row('longest long task in the walk (ms)', (c) => c.longestWalkTaskMs);
  row(`Event Timing: clicks reported (>= 16 ms) of ${PAGES[pageName].clicks}`, (c) => c.interactionsReported);
  row('Event Timing: processing p50 / p95 (ms)', (c) => `${fmt(c.processingP50)} / ${fmt(c.processingP95)}`);
  row('Event Timing: presentation delay p50 / p95 (ms)', (c) => `${fmt(c.presentationP50)} / ${fmt(c.presentationP95)}`);
  row('Event Timing: input delay p95 (ms)', (c) => c.inputDelayP95);
  row("Playwright's clicks, wall time in all (ms)", (c) => c.clickWallMs);
  row('page JS heap after the walk and a GC (MB)', (c) => c.heapMB);
  row('traced: recorder’s own time, whole walk (ms)', (_, config) => t[config]?.totalMs ?? '-');
  row('traced: recorder’s own time per step p50 / p95 (ms)', (_, config) => (t[config] ? `${t[config].perStepP50} / ${t[config].perStepP95}` : '-'));
  row('traced: per task it ran in p50 / p95 (ms)', (_, config) => (t[config] ? `${t[config].perTaskP50} / ${t[config].perTaskP95}` : '-'));
  row('traced: long tasks it had a share in (its ms in them)', (_, config) => (t[config] ? `${t[config].longTasks} (${t[config].longTaskShareMs})` : '-'));
  row('traced: long tasks with over 50 ms of its own', (_, config) => (t[config] ? t[config].longTasksAlone : '-'));
}
console.log(`\nscreenshots (Parcours, table page, ${shots.clicks} clicks ${SHOT_GAP_MS} ms apart; sources ${JSON.stringify(screenshots.sources)})`);
console.log(
  `  pointer-down -> screenshot stored p50 / p95: ${screenshots.storedP50Ms} / ${screenshots.storedP95Ms} ms; clicks without their own image: ${screenshots.withoutOwnImage}`,
);
console.log(
  `  bare captureVisibleTab from the service worker p50 / p95: ${screenshots.bareP50Ms} / ${screenshots.bareP95Ms} ms (${screenshots.bareBytes} bytes)`,
);
console.log(`  stored per step (rows + image): median ${screenshots.stepBytesMedian} bytes, max ${screenshots.stepBytesMax}`);
const c = shots.control;
console.log(
  `  control, the same fixed work in a timer (${c.loops} loops, median of ${c.rounds}): the page's CDP metrics count script ${c.isolatedWorld.scriptMs} / task ${c.isolatedWorld.taskMs} ms of it in the content script's isolated world (${c.isolatedWorld.wallMs} ms wall), ${c.mainWorld.scriptMs} / ${c.mainWorld.taskMs} ms in the main world (${c.mainWorld.wallMs} ms wall)`,
);

// ---- the targets ----
const ratio = (value, limit) => (value == null || limit == null || limit === 0 ? null : Math.round((value / limit) * 100) / 100);
const targets = [];
for (const pageName of Object.keys(PAGES)) {
  const p95 = traced[pageName].parcours?.perStepP95 ?? null;
  targets.push({ target: `${pageName}: Parcours' own time per step p95 <= 2 ms`, value: p95, limit: 2, met: p95 != null && p95 <= 2, ratio: ratio(p95, 2) });
  const long = traced[pageName].parcours?.longTasks ?? null;
  const alone = traced[pageName].parcours?.longTasksAlone ?? null;
  targets.push({
    target: `${pageName}: long tasks Parcours has a share in = 0`,
    value: long,
    limit: 0,
    met: long === 0,
    ratio: null,
    detail: `${alone} of them with over 50 ms of its own`,
  });
  const ours = addedFigures[pageName].parcours.taskMs;
  const theirs = addedFigures[pageName].rrweb.taskMs;
  targets.push({
    target: `${pageName}: Parcours' added task time <= 1/10 of rrweb's`,
    value: ours,
    limit: round1(theirs / 10),
    met: ours <= theirs / 10,
    ratio: ratio(ours, theirs),
  });
  const ownOurs = traced[pageName].parcours?.totalMs ?? null;
  const ownTheirs = traced[pageName].rrweb?.totalMs ?? null;
  targets.push({
    target: `${pageName}: Parcours' own traced time <= 1/10 of rrweb's`,
    value: ownOurs,
    limit: ownTheirs == null ? null : round1(ownTheirs / 10),
    met: ownOurs != null && ownTheirs != null && ownOurs <= ownTheirs / 10,
    ratio: ratio(ownOurs, ownTheirs),
  });
}
targets.push({
  target: 'click -> screenshot stored p95 <= 2x bare captureVisibleTab p95',
  value: screenshots.storedP95Ms,
  limit: round1(screenshots.bareP95Ms * 2),
  met: screenshots.storedP95Ms <= screenshots.bareP95Ms * 2,
  ratio: ratio(screenshots.storedP95Ms, screenshots.bareP95Ms),
});
targets.push({
  target: 'stored bytes per step median <= 150 KB',
  value: screenshots.stepBytesMedian,
  limit: 150 * 1024,
  met: screenshots.stepBytesMedian <= 150 * 1024,
  ratio: ratio(screenshots.stepBytesMedian, 150 * 1024),
});
console.log('\ntargets (ratio: the figure over the limit, or Parcours over rrweb)');
for (const t of targets)
  console.log(
    `  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.value} (limit ${t.limit}${t.ratio != null ? `, ratio ${t.ratio}` : ''}${t.detail ? `; ${t.detail}` : ''})`,
  );

console.log('\nwhere Parcours’ time goes (traced walks; by the innermost content-script frame, with the native calls it made)');
// Seen on Chromium 156: the same chrome.* call (storage.local.set in persist) shows in the profile under a
// name that changes from run to run (set, setAccessLevel; runtime.sendMessage as updateContentScripts…).
console.log('  (a chrome.* API call may show under another API’s name: read it from the source line)');
for (const pageName of Object.keys(PAGES)) {
  console.log(`  ${pageName} page:`);
  for (const frame of traced[pageName].parcours?.topFrames ?? [])
    console.log(
      `    ${String(frame.ms).padStart(7)} ms  ${(frame.source ?? '(no source)').padEnd(42)} ${frame.code ?? ''}  [${frame.functionName} ${frame.built}; in: ${frame.natives.join(', ')}]`,
    );
}

writeResults('recorder', {
  rrweb: RRWEB_VERSION,
  rounds: ROUNDS,
  gapMs: GAP_MS,
  pages: Object.fromEntries(Object.entries(PAGES).map(([name, p]) => [name, { clicks: p.clicks }])),
  host,
  summary,
  added: addedFigures,
  traced,
  screenshots,
  control: shots.control,
  targets,
  extension: path.relative(ROOT, extensionDir),
});
