#!/usr/bin/env node
// npm run bench: figures for the capture targets (issue 2). Prints numbers; asserts nothing.
//  - screenshot latency: pointer-down to capture, and to the screenshot committed in IndexedDB, for clicks
//    0.65 s apart and for a fast burst;
//  - the click path: long tasks and event-processing time in the page, recording on vs off.
import os from 'node:os';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { Tester } from './lib/tester.mjs';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 30);

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const show = (label, s) => console.log(`${label.padEnd(46)} n=${s.n}  p50=${s.p50} ms  p95=${s.p95} ms  max=${s.max} ms`);

async function observePage(page) {
  await page.evaluate(() => {
    const w = window;
    w.benchLongTasks = [];
    w.benchEvents = [];
    new PerformanceObserver((list) => w.benchLongTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'pointerdown' || e.name === 'click') w.benchEvents.push(e.processingEnd - e.processingStart);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  });
}

/** Clicks `count` times, `gapMs` apart: the pace is what is measured (time let pass on purpose, not a wait for a state). */
async function clickSeries(page, count, gapMs) {
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: i % 2 ? 'Decrease quantity' : 'Increase quantity' }).click();
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

async function pageCosts(page) {
  return page.evaluate(() => {
    const processing = [...window.benchEvents].sort((a, b) => a - b);
    return {
      longTasks: window.benchLongTasks.length,
      longest: Math.max(0, ...window.benchLongTasks),
      processingP50: processing[Math.floor(processing.length / 2)] ?? 0,
      processingMax: processing[processing.length - 1] ?? 0,
    };
  });
}

ensureBuild({ quiet: true });
const shop = await startShop();
const { context, extensionId, close } = await launchWithExtension();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const product = new URL('/product?id=mug', shop.shopUrl).href;

  await page.goto(product);
  await observePage(page);
  await clickSeries(page, CLICKS, 650);
  const off = await pageCosts(page);

  await page.goto(product);
  const tester = new Tester({ context, extensionId, page });
  await tester.start({ title: 'Benchmark' });
  await observePage(page);
  await clickSeries(page, CLICKS, 650);
  const on = await pageCosts(page);
  await clickSeries(page, 12, 120);
  // Every click's screenshot is stored (or known missing) before the walk stops.
  await tester.waitForEvents(
    (events) => {
      const clicks = events.filter((event) => event.kind === 'click');
      const shots = new Set(events.filter((event) => event.kind === 'screenshot').map((event) => event.forEventId));
      return clicks.length === CLICKS + 12 && clicks.every((click) => shots.has(click.id));
    },
    { what: 'every click and its screenshot committed', timeout: 60_000 },
  );
  await tester.stop();

  const reader = await context.newPage();
  await reader.goto(`chrome-extension://${extensionId}/sessions.html`);
  const figures = await reader.evaluate(async (sessionId) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store) =>
      new Promise((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
      });
    const events = (await all('events')).filter((e) => e.sessionId === sessionId);
    const shots = new Map((await all('screenshots')).map((s) => [s.id, s]));
    const clicks = events.filter((e) => e.kind === 'click').sort((a, b) => a.seq - b.seq);
    const byEvent = new Map(events.filter((e) => e.kind === 'screenshot').map((e) => [e.forEventId, e]));
    return clicks.map((click) => {
      const shot = byEvent.get(click.id);
      const image = shot?.screenshotId ? shots.get(shot.screenshotId) : null;
      const pressT = image && !shot.shared ? image.t - shot.delayMs : null;
      return {
        captured: shot?.delayMs ?? null,
        committed: pressT == null ? null : shot.t - pressT,
        shared: shot?.shared ?? null,
        missing: shot?.missingReason ?? null,
      };
    });
  }, tester.sessionId);

  const spaced = figures.slice(0, CLICKS);
  const burst = figures.slice(CLICKS);
  console.log(`Parcours capture benchmark (Chromium headless, ${CLICKS} clicks 0.65 s apart, then 12 clicks 0.12 s apart)`);
  show('spaced clicks: pointer-down -> captured', stats(spaced.map((f) => f.captured).filter((v) => v != null)));
  show('spaced clicks: pointer-down -> committed', stats(spaced.map((f) => f.committed).filter((v) => v != null)));
  console.log(`spaced clicks without their own screenshot: ${spaced.filter((f) => f.shared || f.missing).length}`);
  show('burst clicks: pointer-down -> captured', stats(burst.map((f) => f.captured).filter((v) => v != null)));
  console.log(
    `burst clicks: ${burst.length} recorded, ${burst.filter((f) => f.shared).length} sharing a capture, ${burst.filter((f) => f.missing).length} missing`,
  );
  console.log(
    `page long tasks during spaced clicks: recording off ${off.longTasks} (longest ${off.longest.toFixed(0)} ms), on ${on.longTasks} (longest ${on.longest.toFixed(0)} ms)`,
  );
  console.log(
    `pointerdown/click processing in the page (Event Timing, events over 16 ms to paint): off p50 ${off.processingP50.toFixed(1)} ms / max ${off.processingMax.toFixed(1)} ms; on p50 ${on.processingP50.toFixed(1)} ms / max ${on.processingMax.toFixed(1)} ms`,
  );
  writeResults('capture', {
    clicks: CLICKS,
    burstClicks: burst.length,
    loadAverage: os.loadavg(),
    spacedCaptured: stats(spaced.map((f) => f.captured).filter((v) => v != null)),
    spacedCommitted: stats(spaced.map((f) => f.committed).filter((v) => v != null)),
    spacedWithoutOwnImage: spaced.filter((f) => f.shared || f.missing).length,
    burstCaptured: stats(burst.map((f) => f.captured).filter((v) => v != null)),
    burstShared: burst.filter((f) => f.shared).length,
    burstMissing: burst.filter((f) => f.missing).length,
    pageOff: off,
    pageOn: on,
  });
} finally {
  await close();
  await shop.close();
}
