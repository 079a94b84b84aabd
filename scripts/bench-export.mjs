#!/usr/bin/env node
// npm run bench (export part): the bundle export of a long walk from the sessions page, as a tester does it
// (the row's Export button, to the download). Prints figures; asserts nothing.
// A walk of BENCH_EXPORT_CLICKS (default 500) clicks, each with its own screenshot (distinct 1280×800 JPEGs of
// a busy picture, about the size of real captures), an emotion every 3 clicks and a new page every 8, written
// into the database. BENCH_RUNS (default 3) exports, median. Measured: click to download; the zip's size;
// the extra peak memory during the export over the page at rest: the browser's renderer processes' resident
// memory from /proc (blobs and array buffers are outside the JS heap) and the page's JS heap from CDP.
// Then the import of that bundle back (the walk deleted first), BENCH_RUNS times, median: from the file handed
// to the sessions page's Import button to the page saying it is imported (checked whole and stored by the
// background); the imported walk is deleted between runs.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { longWalkRecords, seedLongWalk } from './lib/long-walk.mjs';
import { residentMB } from './lib/process-memory.mjs';

const CLICKS = Number(process.env.BENCH_EXPORT_CLICKS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SAMPLE_MS = 50;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const round = (value) => Math.round(value * 10) / 10;

/** Replaces each seeded screenshot's image by a distinct busy JPEG, so sizes and reads are those of a real walk. */
async function distinctImages(page, sessionId) {
  return page.evaluate(async (id) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const shots = await new Promise((resolve) => {
      const request = db.transaction('screenshots').objectStore('screenshots').getAll();
      request.onsuccess = () => resolve(request.result.filter((shot) => shot.sessionId === id));
    });
    const canvas = new OffscreenCanvas(1280, 800);
    const context = canvas.getContext('2d');
    let bytes = 0;
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const [index, shot] of shots.entries()) {
      context.fillStyle = '#f4f1ea';
      context.fillRect(0, 0, 1280, 800);
      for (let r = 0; r < 900; r++) {
        context.fillStyle = `hsl(${Math.floor(random() * 360)} 50% ${30 + Math.floor(random() * 60)}%)`;
        context.fillRect(random() * 1280, random() * 800, 4 + random() * 90, 4 + random() * 40);
      }
      context.fillStyle = '#111';
      context.font = '16px sans-serif';
      for (let line = 0; line < 30; line++) context.fillText(`Step ${index} · product line ${line} · €${(random() * 100).toFixed(2)}`, 40, 30 + line * 25);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      bytes += blob.size;
      await new Promise((resolve, reject) => {
        const tx = db.transaction('screenshots', 'readwrite');
        tx.objectStore('screenshots').put({ ...shot, blob, bytes: blob.size });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
    return { count: shots.length, bytes };
  }, sessionId);
}

ensureBuild({ quiet: true });
const profile = mkdtempSync(path.join(tmpdir(), 'parcours-bench-export-'));
const downloads = mkdtempSync(path.join(tmpdir(), 'parcours-bench-export-zips-'));
const { context, extensionId, close } = await launchWithExtension({ profileDir: profile });
try {
  const sessions = context.pages()[0] ?? (await context.newPage());
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  const sessionId = await seedLongWalk(sessions, { id: `bench-export-${CLICKS}`, clicks: CLICKS, emotionEvery: 3, pageEvery: 8, screenshots: true });
  const images = await distinctImages(sessions, sessionId);
  const { events } = longWalkRecords({ id: sessionId, clicks: CLICKS, emotionEvery: 3, pageEvery: 8, screenshots: true });
  console.log(
    `Parcours export benchmark (Chromium headless): ${CLICKS} clicks, ${events.length} events, ${images.count} screenshots (${round(images.bytes / images.count / 1024)} KB each on average, ${round(images.bytes / 2 ** 20)} MB)`,
  );

  const cdp = await context.newCDPSession(sessions);
  await cdp.send('Performance.enable');
  const heapMB = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'JSHeapUsedSize').value / 2 ** 20;
  };
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    await sessions.reload();
    const row = sessions.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor();
    await cdp.send('HeapProfiler.collectGarbage');
    const atRest = residentMB(profile);
    const rest = { renderer: atRest.byType.renderer ?? 0, total: atRest.total, heap: await heapMB() };
    let peak = { ...rest };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = residentMB(profile);
        peak = {
          renderer: Math.max(peak.renderer, now.byType.renderer ?? 0),
          total: Math.max(peak.total, now.total),
          heap: Math.max(peak.heap, await heapMB().catch(() => 0)),
        };
        // The sampling period (time passing on purpose, not a wait for a state).
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      }
    })();
    const started = Date.now();
    const [download] = await Promise.all([sessions.waitForEvent('download', { timeout: 300_000 }), row.getByRole('button', { name: /^Export/ }).click()]);
    const file = path.join(downloads, `run-${run}.zip`);
    await download.saveAs(file);
    const exportMs = Date.now() - started;
    sampling = false;
    await sampler;
    const failure = await download.failure();
    if (failure) throw new Error(`Export failed: ${failure}`);
    runs.push({
      exportMs,
      zipBytes: statSync(file).size,
      extraRendererMB: peak.renderer - rest.renderer,
      extraTotalMB: peak.total - rest.total,
      extraHeapMB: peak.heap - rest.heap,
    });
    console.log(
      `  run ${run + 1}: ${exportMs} ms to the download, zip ${round(statSync(file).size / 2 ** 20)} MB; extra peak: renderers ${round(peak.renderer - rest.renderer)} MB, all the browser's processes ${round(peak.total - rest.total)} MB, page JS heap ${round(peak.heap - rest.heap)} MB`,
    );
  }
  // Import: the walk deleted, the last bundle imported back through the sessions page.
  const zipFile = path.join(downloads, `run-${RUNS - 1}.zip`);
  const deleteWalk = async () => {
    const row = sessions.locator(`tr[data-session-id="${sessionId}"]`);
    await row.getByRole('button', { name: /^Delete/ }).click();
    await sessions.getByRole('button', { name: 'Delete for good' }).click();
    await row.waitFor({ state: 'detached', timeout: 120_000 });
  };
  await sessions.reload();
  await sessions.locator(`tr[data-session-id="${sessionId}"]`).waitFor();
  await deleteWalk();
  const imports = [];
  for (let run = 0; run < RUNS; run++) {
    const outcome = sessions.getByTestId('import-outcome');
    const [chooser] = await Promise.all([sessions.waitForEvent('filechooser'), sessions.getByRole('button', { name: 'Import a bundle…' }).click()]);
    const started = Date.now();
    await chooser.setFiles(zipFile);
    await outcome.filter({ hasText: /imported/i }).waitFor({ timeout: 300_000 });
    const importMs = Date.now() - started;
    const text = await outcome.innerText();
    if (!text.startsWith('Imported')) throw new Error(`Import failed: ${text}`);
    imports.push(importMs);
    console.log(`  import ${run + 1}: ${importMs} ms from the file handed to the page to the walk stored`);
    await deleteWalk();
  }
  const figures = {
    clicks: CLICKS,
    importMs: median(imports),
    events: events.length,
    screenshots: images.count,
    imageBytes: images.bytes,
    runs: RUNS,
    loadAverage: os.loadavg(),
    exportMs: median(runs.map((r) => r.exportMs)),
    zipBytes: median(runs.map((r) => r.zipBytes)),
    extraRendererMB: round(median(runs.map((r) => r.extraRendererMB))),
    extraTotalMB: round(median(runs.map((r) => r.extraTotalMB))),
    extraHeapMB: round(median(runs.map((r) => r.extraHeapMB))),
  };
  console.log(
    `median of ${RUNS}: ${figures.exportMs} ms (target ≤ 3,000 ms), extra peak memory: renderers ${figures.extraRendererMB} MB (target ≤ 100 MB), all processes ${figures.extraTotalMB} MB, page JS heap ${figures.extraHeapMB} MB`,
  );
  console.log(`import, median of ${RUNS}: ${figures.importMs} ms (target ≤ 3,000 ms)`);
  writeResults('export', figures);
} finally {
  await close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
}
