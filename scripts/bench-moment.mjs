#!/usr/bin/env node
// npm run bench (bench:moment): does every screenshot show the moment of its click, at 5 clicks a second?
// Prints figures and writes them to bench/results.json (key "moment"); asserts nothing.
//  - 100 clicks 200 ms apart (each pressed 80 ms, as a person does) on the colour-counter page (/moment): most change the page's colour, every tenth
//    opens the next page. Each click's image is read back from its pixels: it must show the colour and the
//    page from before the press (the moment), not what the click made;
//  - pointer-down to the moment the image shows (screenshot delayMs), and to the screenshot stored;
//  - the share of clicks the map marks late; main-thread long tasks in the page;
//  - with the tab stream, and without it (captureVisibleTab alone, as for a tab the tester never acted on);
//  - the stream's cost on an idle page: CPU time of the browser's processes and of the extension's, 10 s.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PALETTE } from '../test/fixtures/shop/js/moment-palette.js';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { readEvents, screenshotPixels } from './lib/database.mjs';
import { libModule } from './lib/lib-module.mjs';
import { clickScreenshots } from './lib/screenshot-timings.mjs';
import { percentile } from './lib/stats.mjs';
import { Tester } from './lib/tester.mjs';

const moment = await libModule('lib/journey/moment.ts');

const CLICKS = Number(process.env.BENCH_MOMENT_CLICKS ?? 100);
const GAP_MS = 200;
/** A person's click holds the button down 80-150 ms; Playwright's own clicks release at once. */
const PRESS_MS = Number(process.env.BENCH_PRESS_MS ?? 80);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function hexToRgb(hex) {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The palette index nearest to a pixel (JPEG moves colours a little). */
function paletteIndex(pixel) {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [index, hex] of PALETTE.entries()) {
    const [r, g, b] = hexToRgb(hex);
    const distance = Math.hypot(pixel[0] - r, pixel[1] - g, pixel[2] - b);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  }
  return bestDistance < 60 ? best : -1;
}

/** CPU ms (user + system) used so far by a process and all its descendants, from /proc. */
function processTreeCpuMs(rootPid, filter = () => true) {
  const ticks = 100; // USER_HZ on Linux
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]), cmdline });
    } catch {
      // The process ended meanwhile.
    }
  }
  let total = 0;
  const walk = (pid) => {
    const stat = stats.get(pid);
    if (!stat) return;
    if (filter(stat.cmdline)) total += stat.cpu;
    for (const [child, other] of stats) if (other.ppid === pid) walk(child);
  };
  walk(rootPid);
  return (total * 1000) / ticks;
}

function browserPid(profile) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(`--user-data-dir=${profile}`) && !cmdline.includes('--type=')) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

/** One run of the walk; `tabStreams` chooses whether the tab's video stream may be used. */
async function run(shop, { tabStreams }) {
  const { context, extensionId, close, profile } = await launchWithExtension({ tabStreams });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL('/moment?page=0', shop.shopUrl).href);
    await page.locator('body[data-ready="true"]').waitFor();
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: tabStreams ? 'Moment bench (stream)' : 'Moment bench (visible tab)' });
    await tester.readyOverlay();
    await page.evaluate(() => {
      window.benchLongTasks = [];
      new PerformanceObserver((list) => window.benchLongTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    });

    // What each click's image must show: the page and the count from before its press.
    const expected = [];
    const longTasks = [];
    let pageNumber = 0;
    let count = 0;
    const startedAt = Date.now();
    for (let i = 0; i < CLICKS; i++) {
      await sleep(startedAt + i * GAP_MS - Date.now());
      const navigates = i % 10 === 9;
      expected.push({ page: pageNumber % PALETTE.length, count: count % PALETTE.length, navigates });
      if (navigates) {
        longTasks.push(...(await page.evaluate(() => window.benchLongTasks ?? [])));
        await page.locator('#next-page').click({ delay: PRESS_MS });
        await page.waitForURL(new RegExp(`page=${pageNumber + 1}$`));
        // A person clicks what they see: the next page's colours are painted first.
        await page.locator('body[data-ready="true"]').waitFor();
        pageNumber += 1;
        count = 0;
        await page.evaluate(() => {
          window.benchLongTasks = [];
          new PerformanceObserver((list) => window.benchLongTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
        });
      } else {
        await page.locator('#next-colour').click({ delay: PRESS_MS });
        count += 1;
      }
    }
    const walkSeconds = (Date.now() - startedAt) / 1000;
    longTasks.push(...(await page.evaluate(() => window.benchLongTasks ?? [])));

    // The stream's cost on an idle page, while recording, then with recording stopped.
    const pid = browserPid(profile);
    const extensionProcess = (cmdline) => cmdline.includes('--extension-process');
    const idle = async () => {
      const before = pid ? { all: processTreeCpuMs(pid), extension: processTreeCpuMs(pid, extensionProcess) } : null;
      await sleep(IDLE_MS);
      const after = pid ? { all: processTreeCpuMs(pid), extension: processTreeCpuMs(pid, extensionProcess) } : null;
      return before && after
        ? { browserCpuPct: ((after.all - before.all) / IDLE_MS) * 100, extensionCpuPct: ((after.extension - before.extension) / IDLE_MS) * 100 }
        : null;
    };
    const idleRecording = await idle();
    await tester.stop();
    const idleStopped = await idle();

    const reader = await context.newPage();
    await reader.goto(`chrome-extension://${extensionId}/sessions.html`);
    // The raw events, and each click's image read back at the two swatches.
    const events = await readEvents(reader, tester.sessionId);
    const probes = await swatchCentres(page);
    const timings = clickScreenshots(events);
    const pixels = await screenshotPixels(
      reader,
      timings.flatMap(({ click, screenshotId }) => {
        const ratio = click.devicePixelRatio || 1;
        return screenshotId ? [{ screenshotId, points: probes.map((probe) => ({ x: probe.x * ratio, y: probe.y * ratio })) }] : [];
      }),
    );
    const read = {
      events,
      shots: timings.map(({ id, source, delayMs, storedMs, missing, shared, screenshotId }) => ({
        id,
        source,
        delayMs,
        storedMs,
        missing,
        shared,
        pixels: screenshotId ? (pixels[screenshotId] ?? null) : null,
      })),
    };
    const shots = read.shots;
    // Each click judged as the map judges it: an image shown late or stale is no screenshot of its step.
    const changes = new moment.PageChanges([...read.events].sort((a, b) => a.t - b.t || a.seq - b.seq));
    const byEvent = new Map(read.events.filter((event) => event.kind === 'screenshot').map((event) => [event.forEventId, event]));
    for (const shot of shots) {
      const event = byEvent.get(shot.id);
      shot.judged = !event?.screenshotId ? 'missing' : moment.isLate(event, read.events) ? 'late' : moment.isStale(event, changes) ? 'stale' : 'kept';
    }

    const bundlePath = path.join(profile, 'moment-bench.zip');
    await tester.exportTo(bundlePath);
    const bundle = await JSZip.loadAsync(readFileSync(bundlePath));
    const journey = JSON.parse(await bundle.file('journey.json').async('string'));
    const clickSteps = journey.steps.filter((step) => step.kind === 'click');
    const late = clickSteps.filter((step) => step.screenshotMissing === 'late').length;
    const stale = clickSteps.filter((step) => step.screenshotMissing === 'stale').length;

    let ownMoment = 0;
    let keptWrong = 0;
    for (const [index, shot] of shots.entries()) {
      const want = expected[index];
      if (!want || !shot.pixels || shot.shared) continue;
      const [pagePixel, countPixel] = shot.pixels;
      const own = paletteIndex(pagePixel) === want.page && paletteIndex(countPixel) === want.count;
      if (own) ownMoment++;
      // The one failure that matters: an image kept as the click's that shows another moment.
      else if (shot.judged === 'kept') keptWrong++;
      else if (process.env.BENCH_DEBUG)
        console.log(
          `click ${index}: wanted page ${want.page} count ${want.count}${want.navigates ? ' (navigates)' : ''}; image shows page ${paletteIndex(pagePixel)} count ${paletteIndex(countPixel)}, delay ${shot.delayMs}`,
        );
    }
    const delays = shots.map((shot) => shot.delayMs).filter((value) => value != null);
    const stored = shots.map((shot) => shot.storedMs).filter((value) => value != null);
    return {
      tabStreams,
      clicks: shots.length,
      walkSeconds: Number(walkSeconds.toFixed(1)),
      ownMomentPct: Number(((ownMoment / Math.max(1, shots.length)) * 100).toFixed(1)),
      sources: Object.fromEntries(
        [...new Set(shots.map((shot) => shot.source))].map((source) => [String(source), shots.filter((s) => s.source === source).length]),
      ),
      delayP50Ms: percentile(delays, 0.5),
      delayP95Ms: percentile(delays, 0.95),
      storedP50Ms: percentile(stored, 0.5),
      storedP95Ms: percentile(stored, 0.95),
      withoutOwnImage: shots.filter((shot) => shot.shared || shot.missing).length,
      clickSteps: clickSteps.length,
      stepsLate: late,
      stepsStale: stale,
      latePct: Number(((shots.filter((shot) => shot.judged === 'late').length / Math.max(1, shots.length)) * 100).toFixed(1)),
      stalePct: Number(((shots.filter((shot) => shot.judged === 'stale').length / Math.max(1, shots.length)) * 100).toFixed(1)),
      keptWrongPct: Number(((keptWrong / Math.max(1, shots.length)) * 100).toFixed(1)),
      pageLongTasks: longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...longTasks)),
      idleRecording,
      idleStopped,
    };
  } finally {
    await close();
  }
}

/** Where the page and count swatches are, in CSS pixels of the viewport (the page is not scrolled). */
async function swatchCentres(page) {
  return page.evaluate(() =>
    ['page-swatch', 'count-swatch'].map((id) => {
      const box = document.getElementById(id).getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }),
  );
}

ensureBuild({ quiet: true });
const shop = await startShop();
try {
  const stream = await run(shop, { tabStreams: true });
  const visibleTab = await run(shop, { tabStreams: false });
  console.log(
    `Screenshot of the moment (Chromium headless, ${CLICKS} clicks ${GAP_MS} ms apart pressed ${PRESS_MS} ms, every tenth opening the next page; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
  );
  const row = (label, pick) => console.log(`${label.padEnd(52)} ${String(pick(stream)).padStart(12)} ${String(pick(visibleTab)).padStart(14)}`);
  console.log(`${''.padEnd(52)} ${'tab stream'.padStart(12)} ${'visible tab'.padStart(14)}`);
  row('clicks recorded', (r) => r.clicks);
  row('walk length (s)', (r) => r.walkSeconds);
  row('screenshot shows its own moment (%, from pixels)', (r) => r.ownMomentPct);
  row('pointer-down -> moment shown, p50 (ms)', (r) => r.delayP50Ms);
  row('pointer-down -> moment shown, p95 (ms)', (r) => r.delayP95Ms);
  row('pointer-down -> screenshot stored, p50 (ms)', (r) => r.storedP50Ms);
  row('pointer-down -> screenshot stored, p95 (ms)', (r) => r.storedP95Ms);
  row('clicks without an image of their own', (r) => r.withoutOwnImage);
  row('clicks whose image the map calls late (%)', (r) => r.latePct);
  row('clicks whose image the map calls stale (%)', (r) => r.stalePct);
  row('images kept for their click but of another moment (%)', (r) => r.keptWrongPct);
  row('main-thread long tasks in the page', (r) => r.pageLongTasks);
  row('longest long task (ms)', (r) => r.longestTaskMs);
  row('idle page, recording: browser CPU (% of a core)', (r) => r.idleRecording?.browserCpuPct.toFixed(1) ?? 'n/a');
  row('idle page, recording: extension CPU (% of a core)', (r) => r.idleRecording?.extensionCpuPct.toFixed(1) ?? 'n/a');
  row('idle page, stopped: browser CPU (% of a core)', (r) => r.idleStopped?.browserCpuPct.toFixed(1) ?? 'n/a');
  row('idle page, stopped: extension CPU (% of a core)', (r) => r.idleStopped?.extensionCpuPct.toFixed(1) ?? 'n/a');
  writeResults('moment', { clicks: CLICKS, gapMs: GAP_MS, pressMs: PRESS_MS, idleMs: IDLE_MS, loadAverage: os.loadavg()[0], stream, visibleTab });
} finally {
  await shop.close();
}
