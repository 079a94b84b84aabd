#!/usr/bin/env node
// npm run bench: full-page capture (issue 9, deliverable 5), the two ways measured on the demo shop's long
// page (test/fixtures/shop/delivery.html) in headless Chromium with the built extension. Prints figures;
// asserts nothing.
//  (a) stitched viewport frames: the extension's own path, Alt+Shift+F pressed as a tester would;
//  (b) html2canvas rendering the page in the page (the comparison: injected in the page's main world, which
//      shares the main thread with content scripts, run with the options a content script would use).
// Fidelity: each image against Playwright's page.screenshot({ fullPage: true }) of the page at its top without
// the overlay, as the mean absolute difference per channel (0–255) and the worst 50-row band. Time: from the
// request to the image (for (a), to the overlay's confirmation, the image stored) and the main-thread long
// tasks in the page meanwhile (PerformanceObserver 'longtask').
// BENCH_RUNS (default 3) runs of each, at each ratio of BENCH_RATIOS (default 1,2: a HiDPI screen, the
// browser's own --force-device-scale-factor); BENCH_DEBUG=1 also prints each run's figures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension, ROOT, serviceWorker } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { imageFigures } from './lib/image-figures.mjs';
import { Tester } from './lib/tester.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RATIOS = (process.env.BENCH_RATIOS ?? '1,2').split(',').map(Number);
const HTML2CANVAS = readFileSync(path.join(ROOT, 'node_modules', 'html2canvas', 'dist', 'html2canvas.min.js'), 'utf8');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const ms = (value) => `${Math.round(value)} ms`;

/** Starts noting the page's long tasks (once), forgetting those noted so far; `longTasks(page)` reads them. */
async function observeLongTasks(page) {
  await page.evaluate(() => {
    if (window.benchLongTasks) {
      window.benchLongTasks.length = 0;
      return;
    }
    window.benchLongTasks = [];
    new PerformanceObserver((list) => window.benchLongTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
  });
}

async function longTasks(page) {
  // Entries are delivered after the task: a frame later they are in.
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const tasks = window.benchLongTasks.splice(0);
    return { count: tasks.length, total: tasks.reduce((sum, d) => sum + d, 0), longest: Math.max(0, ...tasks) };
  });
}

/** Playwright's full-page screenshot of the page at its top, without the overlay: the reference. */
async function reference(page) {
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.evaluate(() => {
    document.querySelector('parcours-overlay')?.style.setProperty('display', 'none', 'important');
    window.scrollTo({ top: 0, behavior: 'instant' });
  });
  const png = await page.screenshot({ fullPage: true, type: 'png' });
  await page.evaluate((top) => {
    document.querySelector('parcours-overlay')?.style.removeProperty('display');
    window.scrollTo({ top, behavior: 'instant' });
  }, scrollY);
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function fullPageEvents(context, extensionId, sessionId) {
  const worker = await serviceWorker(context, extensionId);
  return worker.evaluate(async (id) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise((resolve, reject) => {
      const request = db.transaction('events').objectStore('events').index('sessionId').getAll(id);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.filter((row) => row.kind === 'full-page').sort((a, b) => a.seq - b.seq);
  }, sessionId);
}

/** (a) The extension's full page: the shortcut, then the overlay's confirmation (the image is stored by then). */
async function stitched(page, context, extensionId, sessionId, overlay) {
  const before = (await fullPageEvents(context, extensionId, sessionId)).length;
  await observeLongTasks(page);
  // Everything the overlay's status line says is noted where the content script runs (its root is closed to the page).
  const seen = await overlay.evaluate((root) => {
    if (!globalThis.benchSaid) {
      const status = root?.querySelector('[role="status"]');
      if (!status) throw new Error('No overlay status line');
      globalThis.benchSaid = [];
      new MutationObserver(() => globalThis.benchSaid.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    }
    return globalThis.benchSaid.length;
  });
  const started = Date.now();
  await page.keyboard.press('Alt+Shift+KeyF');
  await overlay
    .waitFor((_root, from) => globalThis.benchSaid.slice(from).some((text) => /^(Full page \(|No full page)/.test(text)), seen, {
      what: 'the overlay to say the full page is stored',
      timeout: 60_000,
      interval: 5,
    })
    .catch(async (error) => {
      const said = await overlay.evaluate((_root, from) => globalThis.benchSaid.slice(from), seen);
      throw new Error(`The overlay said ${JSON.stringify(said)}, no full page (${error.message})`);
    });
  const totalMs = Date.now() - started;
  const tasks = await longTasks(page);
  const events = await fullPageEvents(context, extensionId, sessionId);
  const event = events[before];
  if (!event?.screenshotId) throw new Error(`No full page stored: ${event?.missingReason ?? 'no event'}`);
  return { totalMs, tasks, candidate: { screenshotId: event.screenshotId }, frames: event.viewports };
}

/** (b) html2canvas in the page, as a content script would run it: from the top, the overlay left out, JPEG out. */
async function rendered(page) {
  await observeLongTasks(page);
  const result = await page.evaluate(async () => {
    const started = performance.now();
    const scrollX = window.scrollX;
    const scrollY = window.scrollY;
    window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
    const root = document.documentElement;
    const canvas = await window.html2canvas(root, {
      scale: window.devicePixelRatio,
      width: root.clientWidth,
      height: Math.max(root.scrollHeight, document.body.scrollHeight),
      windowWidth: window.innerWidth,
      windowHeight: window.innerHeight,
      x: 0,
      y: 0,
      scrollX: 0,
      scrollY: 0,
      logging: false,
      ignoreElements: (element) => element.localName === 'parcours-overlay',
    });
    const renderedAt = performance.now();
    window.scrollTo({ top: scrollY, left: scrollX, behavior: 'instant' });
    // A Blob cannot cross runtime.sendMessage: the image would go to the background as a data URL.
    const dataUrl = canvas.toDataURL('image/jpeg', 0.8);
    return { renderMs: renderedAt - started, totalMs: performance.now() - started, dataUrl, width: canvas.width, height: canvas.height };
  });
  const tasks = await longTasks(page);
  return { totalMs: result.totalMs, renderMs: result.renderMs, tasks, candidate: result.dataUrl, frames: null };
}

async function benchRatio(shop, ratio) {
  const { context, extensionId, close } = await launchWithExtension(ratio === 1 ? {} : { deviceScaleFactor: ratio });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL('/delivery', shop.shopUrl).href);
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: 'Full-page benchmark' });
    await tester.readyOverlay();
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, 1000);
    await page.waitForFunction(() => window.scrollY === 1000);
    const page0 = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      width: window.innerWidth,
      viewport: window.innerHeight,
      nodes: document.getElementsByTagName('*').length,
    }));
    const ref = await reference(page);
    await page.addScriptTag({ content: HTML2CANVAS });
    const reader = await context.newPage();
    await reader.goto(`chrome-extension://${extensionId}/sessions.html`);
    await page.bringToFront();

    const results = { stitched: [], html2canvas: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const [name, take] of [
        ['stitched', () => stitched(page, context, extensionId, tester.sessionId, tester.overlay())],
        ['html2canvas', () => rendered(page)],
      ]) {
        const taken = await take();
        const restored = await page.evaluate(() => window.scrollY);
        const figures = await imageFigures(reader, { reference: ref, candidate: taken.candidate });
        await page.bringToFront();
        results[name].push({ ...taken, figures, restored });
      }
    }
    await tester.stop();
    const summarised = Object.fromEntries(
      Object.entries(results).map(([name, list]) => [
        name,
        {
          totalMs: Math.round(median(list.map((r) => r.totalMs))),
          meanDifference: Number(median(list.map((r) => r.figures.mean)).toFixed(2)),
          worstBand: Number(median(list.map((r) => r.figures.worstBand.mean)).toFixed(1)),
          longTasks: median(list.map((r) => r.tasks.count)),
          longestTaskMs: Math.round(median(list.map((r) => r.tasks.longest))),
          scrollPutBack: list.every((r) => r.restored === 1000),
        },
      ]),
    );

    console.log(
      `\nratio ${ratio}: delivery.html, ${page0.height} CSS px tall, viewport ${page0.width}×${page0.viewport}, ${page0.nodes} elements; median of ${RUNS} runs`,
    );
    for (const [name, label] of [
      ['stitched', '(a) stitched viewport frames'],
      ['html2canvas', '(b) html2canvas in the page'],
    ]) {
      const list = results[name];
      const last = list.at(-1);
      const figures = last.figures;
      console.log(
        `  ${label.padEnd(30)} total ${ms(median(list.map((r) => r.totalMs))).padStart(8)}` +
          (name === 'html2canvas' ? ` (render ${ms(median(list.map((r) => r.renderMs)))})` : ` (${last.frames} frames)`) +
          ` · image ${figures.width}×${figures.height} (reference ${figures.referenceWidth}×${figures.referenceHeight})` +
          ` · mean diff ${median(list.map((r) => r.figures.mean)).toFixed(2)} · worst band ${median(list.map((r) => r.figures.worstBand.mean)).toFixed(1)}` +
          (process.env.BENCH_DEBUG
            ? ` [${list.map((r) => `${r.figures.mean.toFixed(2)}@${r.figures.worstBand.y}:${r.figures.worstBand.mean.toFixed(1)}`).join(' ')}]`
            : '') +
          ` · long tasks ${median(list.map((r) => r.tasks.count))} (longest ${ms(median(list.map((r) => r.tasks.longest)))}, ${ms(median(list.map((r) => r.tasks.total)))} in all)` +
          ` · scroll put back: ${list.every((r) => r.restored === 1000) ? 'yes' : 'no'}`,
      );
    }
    return { ratio, pageHeight: page0.height, elements: page0.nodes, runs: RUNS, ...summarised };
  } finally {
    await close();
  }
}

ensureBuild({ quiet: true });
const shop = await startShop();
try {
  console.log('Parcours full-page capture benchmark (Chromium headless)');
  const byRatio = [];
  for (const ratio of RATIOS) byRatio.push(await benchRatio(shop, ratio));
  console.log('\nmean diff: mean absolute difference per channel (0–255) against page.screenshot({ fullPage: true }); worst band: the worst 50-row band.');
  writeResults('fullPage', { ratios: byRatio });
} finally {
  await shop.close();
}
