#!/usr/bin/env node
// npm run bench (second half): figures for the large-session targets of the review page (issue 4).
// Prints numbers; asserts nothing. For walks of 500 and 5,000 clicks with a screenshot each and a new page
// every 8 clicks, written straight into the database:
//  - time from opening the session to the first map column drawn, and JS heap and DOM size once it is;
//  - a steady horizontal scroll (SCROLL_FRAMES frames, or to the end if nearer): frame times, long tasks,
//    columns and thumbnails drawn; then a jump to the far end: time until its last column is drawn;
//  - the step view of the last step: time to its large screenshot;
//  - the side panel's steps of the same walk, in Node (lib/ loaded through Vite): grouping every event again
//    (groupSteps, what the side panel did on each commit before) against bringing the live steps up to date
//    with one commit (LiveSteps.add), and the tester's layer put on them after each commit.
// First (issue 11, case 6; BENCH_LONG_WALK_STEPS, 2,000 by default, 0 leaves it out): a two-hour walk recorded
// through the background's own writers with real screenshots of the demo shop (scripts/lib/long-walk-recorded.mjs),
// still recording: stored bytes per step from the IndexedDB rows and navigator.storage.estimate(); the side
// panel following it (open time, commit → card painted, a real click's press → card, its main-thread time per
// commit); the per-commit costs above on the walk's own events; then, stopped, the review page as above, with
// a title edited and saved until shown. BENCH_MAP_CLICKS= (empty) runs the two-hour walk alone.
import os from 'node:os';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { readDatabase } from './lib/database.mjs';
import { libModule } from './lib/lib-module.mjs';
import { longWalkRecords, seedLongWalk } from './lib/long-walk.mjs';
import { commitClick, openPanelWindow, recordLongWalk } from './lib/long-walk-recorded.mjs';
import { Tester } from './lib/tester.mjs';

const SIZES = (process.env.BENCH_MAP_CLICKS ?? '500,5000').split(',').filter(Boolean).map(Number);
/** Steps of the two-hour walk (0 leaves it out). */
const LONG_WALK_STEPS = Number(process.env.BENCH_LONG_WALK_STEPS ?? 2000);
const PANEL_COMMITS = 20;
const REAL_CLICKS = 6;
const SCROLL_PX_PER_FRAME = 60;
const SCROLL_FRAMES = 600;

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;

/**
 * The side panel's steps for the walk of `clicks` clicks while it is recorded (its events but the stop),
 * with the last TAIL events committed one at a time: groupSteps over every event so far against
 * LiveSteps.add of the one event, then testerLayers over the live steps.
 */
function stepFigures(clicks, journey) {
  const { events, annotations, session } = longWalkRecords({ id: `bench-${clicks}`, clicks, emotionEvery: 3, pageEvery: 8, screenshots: true });
  return walkStepFigures(
    events.filter((event) => event.kind !== 'session-stop'),
    annotations,
    session.stages,
    journey,
  );
}

/** The same figures for any walk's events (in commit order), annotations and stages. */
function walkStepFigures(walk, annotations, stages, { groupSteps, LiveSteps, testerLayers }) {
  const TAIL = 300;
  const head = walk.slice(0, walk.length - TAIL);
  const tail = walk.slice(walk.length - TAIL);
  const full = [];
  for (let run = 0; run < 12; run++) {
    const started = performance.now();
    groupSteps(walk, 'en');
    if (run > 1) full.push(performance.now() - started);
  }
  const live = new LiveSteps('en');
  const opened = performance.now();
  live.add(head);
  const firstRead = performance.now() - opened;
  const perCommit = [];
  const layers = [];
  for (const event of tail) {
    const started = performance.now();
    live.add([event]);
    perCommit.push(performance.now() - started);
    const layered = performance.now();
    testerLayers(live.steps, annotations, stages, { get: (id) => live.timeOf(id) }, (id) => live.stepOf(id)?.index);
    layers.push(performance.now() - layered);
  }
  const same = JSON.stringify(live.steps) === JSON.stringify(groupSteps(walk, 'en'));
  return { events: walk.length, steps: live.steps.length, full: stats(full), firstRead, perCommit: stats(perCommit), layers: stats(layers), same };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/** Scrolls the map at a steady pace, one step per animation frame, and times the frames; then jumps to the end. */
async function scrollAcross(page) {
  return page.evaluate(
    async ({ pxPerFrame, maxFrames }) => {
      const scroller = document.querySelector('.scroller');
      const longTasks = [];
      const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      const frames = [];
      let maxCells = 0;
      let maxImages = 0;
      await new Promise((resolve) => {
        let last = performance.now();
        const tick = (now) => {
          frames.push(now - last);
          last = now;
          maxCells = Math.max(maxCells, document.querySelectorAll('.lane-action .cell').length);
          maxImages = Math.max(maxImages, document.querySelectorAll('.scroller img').length);
          if (frames.length > maxFrames || scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1) return resolve();
          scroller.scrollLeft += pxPerFrame;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const travelled = scroller.scrollLeft;
      // The last frames' long tasks, not yet delivered to the callback, are taken from the observer's queue.
      longTasks.push(...observer.takeRecords().map((entry) => entry.duration));
      observer.disconnect();
      // A jump to the far end (the End key, a stage chosen in the overview): until its last column is drawn.
      const count = document.querySelectorAll('.lane-action .cell').length;
      const lastIndex = Number(scroller.getAttribute('aria-label')?.match(/\d+/)?.[0] ?? 0) - 1;
      const jumped = performance.now();
      scroller.scrollLeft = scroller.scrollWidth;
      const drawn = await new Promise((resolve) => {
        const check = () => {
          if (document.querySelector(`.lane-action .cell[data-step-index="${lastIndex}"]`)) resolve(true);
          else if (performance.now() - jumped > 10_000) resolve(false);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      const jumpMs = drawn ? performance.now() - jumped : Number.NaN;
      return { frames: frames.slice(1), longTasks, maxCells: Math.max(maxCells, count), maxImages, width: scroller.scrollWidth, travelled, jumpMs };
    },
    { pxPerFrame: SCROLL_PX_PER_FRAME, maxFrames: SCROLL_FRAMES },
  );
}

/**
 * The review page on a walk already in the database: open to the first column, heap and DOM, a steady scroll
 * and a jump to the end, the step view of the last step. Prints its figures under `label`.
 */
async function reviewFigures(context, extensionId, sessionId, label) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const opened = Date.now();
  await page.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  const map = page.getByRole('region', { name: 'Journey map', exact: true });
  await map.locator('.lane-action .cell').first().waitFor({ timeout: 120_000 });
  const openMs = Date.now() - opened;
  const stepCount = await map.locator('.scroller').getAttribute('aria-label');
  // Settled: thumbnails in view loaded and decoded, garbage collected, so the heap is what the page keeps.
  await page.waitForFunction(() => [...document.querySelectorAll('.scroller img')].every((image) => image.complete), null, {
    polling: 100,
    timeout: 60_000,
  });
  await page.evaluate(() => Promise.all([...document.querySelectorAll('.scroller img')].map((image) => image.decode().catch(() => undefined))));
  await cdp.send('HeapProfiler.collectGarbage');
  const atOpen = await metrics(cdp);
  const scroll = await scrollAcross(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const afterScroll = await metrics(cdp);
  const frame = stats(scroll.frames);

  const lastStep = await map.getByRole('link', { name: /^Open step \d+$/ }).last();
  const stepOpened = Date.now();
  await lastStep.click();
  // Its large screenshot, or the step's word on why it has none.
  await page.locator('main.step-view img').or(page.locator('main.step-view .step-shots > p.message')).first().waitFor({ timeout: 60_000 });
  const stepViewMs = Date.now() - stepOpened;
  const stepViewShot =
    (await page.locator('main.step-view img').count()) > 0
      ? 'large screenshot'
      : `no screenshot: ${await page.locator('main.step-view .step-shots > p.message').first().innerText()}`;

  // An edit of the step: its title typed and saved (Enter), until the step view shows it; three in a row.
  const edits = [];
  for (let i = 0; i < 3; i++) {
    const title = `Renamed by the bench ${i}`;
    await page.getByLabel('Title of the step').fill(title);
    const saved = Date.now();
    await page.getByLabel('Title of the step').press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(`: ${title}$`) }).waitFor({ timeout: 60_000 });
    edits.push(Date.now() - saved);
  }
  const mapBack = Date.now();
  await page.getByRole('link', { name: 'Back to the map' }).click();
  await map.locator('.lane-action .cell').first().waitFor({ timeout: 60_000 });
  const mapBackMs = Date.now() - mapBack;

  console.log(`\n${label} (${stepCount})`);
  console.log(`  open to first column drawn: ${openMs} ms`);
  console.log(`  at open: JS heap ${mb(atOpen.JSHeapUsedSize)}, DOM nodes ${atOpen.Nodes}`);
  console.log(
    `  steady scroll over ${scroll.travelled} of ${scroll.width} px at ${SCROLL_PX_PER_FRAME} px/frame: ${frame.n} frames, p50 ${frame.p50.toFixed(1)} ms, p95 ${frame.p95.toFixed(1)} ms, max ${frame.max.toFixed(1)} ms; frames over 50 ms: ${scroll.frames.filter((ms) => ms > 50).length}; long tasks: ${scroll.longTasks.length} (longest ${Math.max(0, ...scroll.longTasks).toFixed(0)} ms)`,
  );
  console.log(`  jump to the far end until its last column is drawn: ${scroll.jumpMs.toFixed(0)} ms`);
  console.log(`  most columns drawn at once: ${scroll.maxCells}; most thumbnails in the page at once: ${scroll.maxImages}`);
  console.log(`  after the scroll: JS heap ${mb(afterScroll.JSHeapUsedSize)}, DOM nodes ${afterScroll.Nodes}`);
  console.log(`  step view of the last step, click to its ${stepViewShot}: ${stepViewMs} ms`);
  console.log(
    `  its title edited and saved (Enter) until the step view shows it: ${edits.map((value) => `${value} ms`).join(', ')}; back to the map, first column drawn: ${mapBackMs} ms`,
  );
  await page.close();
  return {
    label,
    steps: Number(stepCount?.match(/\d+/)?.[0] ?? 0),
    openMs,
    heapMB: Number((atOpen.JSHeapUsedSize / 2 ** 20).toFixed(1)),
    domNodes: atOpen.Nodes,
    frameP95Ms: Number(frame.p95.toFixed(1)),
    longTasks: scroll.longTasks.length,
    stepViewMs,
    editMs: stats(edits).p50,
    mapBackMs,
  };
}

function printStepFigures(steps) {
  console.log(`  side panel's steps while recording (${steps.events} events, ${steps.steps} steps; Node), per commit of one event:`);
  console.log(`    grouping every event again (groupSteps): p50 ${ms(steps.full.p50)}, p95 ${ms(steps.full.p95)}, max ${ms(steps.full.max)}`);
  console.log(
    `    live steps brought up to date (LiveSteps.add), ${steps.perCommit.n} commits: p50 ${ms(steps.perCommit.p50)}, p95 ${ms(steps.perCommit.p95)}, max ${ms(steps.perCommit.max)} (${(steps.full.p50 / steps.perCommit.p50).toFixed(0)}× less than grouping again); the first read of the walk: ${ms(steps.firstRead)}`,
  );
  console.log(`    the tester's layer on the live steps (testerLayers): p50 ${ms(steps.layers.p50)}, p95 ${ms(steps.layers.p95)}`);
  if (!steps.same) console.log('    the live steps differ from groupSteps: a bug to look into');
}

/** Bytes an event row takes, as its JSON (IndexedDB's structured clone is of that order). */
const rowBytes = (row) => JSON.stringify(row).length;

/**
 * The stored bytes of each human step of a walk: the rows of its events (the screenshot events placed with it
 * included) and the images they name, each image counted once per step.
 */
function bytesPerStep(events, screenshots, groupSteps) {
  const byId = new Map(events.map((event) => [event.id, event]));
  const imageBytes = new Map(screenshots.map((row) => [row.id, row.blob?.blobSize ?? 0]));
  const shotsFor = new Map();
  for (const event of events) if (event.kind === 'screenshot') shotsFor.set(event.forEventId, [...(shotsFor.get(event.forEventId) ?? []), event]);
  return groupSteps(events, 'en').map((step) => {
    const own = new Set(step.eventIds);
    for (const id of step.eventIds) for (const shot of shotsFor.get(id) ?? []) own.add(shot.id);
    const images = new Set();
    let bytes = 0;
    for (const id of own) {
      const event = byId.get(id);
      if (!event) continue;
      bytes += rowBytes(event);
      if (event.kind === 'screenshot' && event.screenshotId) images.add(event.screenshotId);
    }
    for (const image of images) bytes += imageBytes.get(image) ?? 0;
    return { bytes, images: images.size };
  });
}

/** Times from `committed` (epoch ms) until the side panel drew the card of `id` and painted it. */
async function panelShows(panel, id, committed) {
  const shown = await panel.evaluate(
    (wanted) =>
      new Promise((resolve) => {
        const seen = () => document.querySelector(`.step-card[data-step-id="${wanted}"]`);
        const painted = () => requestAnimationFrame(() => resolve(Date.now()));
        if (seen()) return painted();
        const observer = new MutationObserver(() => {
          if (!seen()) return;
          observer.disconnect();
          painted();
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
    id,
  );
  return shown - committed;
}

/**
 * Issue 11, case 6: a two-hour walk of LONG_WALK_STEPS steps recorded through the background's own writers
 * with real screenshots of the demo shop (scripts/lib/long-walk-recorded.mjs), still recording: storage per
 * step and in all, the side panel following it (opening, new steps, its main-thread time per commit), the
 * steps' per-commit costs in Node on the walk's own events, then the review page once the walk is stopped.
 */
async function twoHourWalk(journey) {
  const shop = await startShop();
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const seeder = await context.newPage();
    await seeder.goto(`chrome-extension://${extensionId}/sessions.html`);
    const estimate = () =>
      seeder.evaluate(() => navigator.storage.estimate().then(({ usage, usageDetails }) => ({ usage, indexedDB: usageDetails?.indexedDB ?? null })));
    const before = await estimate();
    const walk = await recordLongWalk({ context, extensionId, page, seeder, shopUrl: shop.shopUrl }, { steps: LONG_WALK_STEPS });
    const after = await estimate();
    const tester = new Tester({ context, extensionId, page });
    tester.sessionId = walk.sessionId;
    await page.bringToFront();
    await tester.expectOverlayStatus('Recording');
    console.log(
      `\nTwo-hour walk, recording: ${walk.steps} steps, ${walk.events} events, ${walk.screenshots} screenshots (real captures of ${walk.images.length} demo-shop pages, 1280×800 JPEG 80), ${walk.annotations} annotations, ${walk.stageSwitches} stage switches; recorded through the background's writers in ${(walk.tookMs / 1000).toFixed(0)} s`,
    );

    const { events = [], screenshots = [] } = await readDatabase(seeder, { stores: ['events', 'screenshots'], sessionId: walk.sessionId });
    events.sort((a, b) => a.seq - b.seq);
    const perStep = bytesPerStep(events, screenshots, journey.groupSteps);
    const stepBytes = stats(perStep.map((step) => step.bytes));
    const withImage = perStep.filter((step) => step.images > 0);
    const eventBytes = events.reduce((sum, event) => sum + rowBytes(event), 0);
    const imageBytes = screenshots.reduce((sum, row) => sum + (row.blob?.blobSize ?? 0), 0);
    console.log(
      `  stored per step (its event rows + its screenshots' images, from the IndexedDB rows): median ${kb(stepBytes.p50)}, p95 ${kb(stepBytes.p95)}, max ${kb(stepBytes.max)} over ${stepBytes.n} steps (${withImage.length} with an image); target ≤ 150 KB median: ${stepBytes.p50 <= 150 * 1024 ? 'met' : 'missed'} (${(stepBytes.p50 / (150 * 1024)).toFixed(2)}×)`,
    );
    console.log(
      `  rows: events ${mb(eventBytes)} (${Math.round(eventBytes / events.length)} bytes each), images ${mb(imageBytes)} (${screenshots.length}, median ${kb(stats(screenshots.map((row) => row.blob?.blobSize ?? 0)).p50)})`,
    );
    console.log(
      `  navigator.storage.estimate(): usage ${mb(after.usage - before.usage)} for the walk${after.indexedDB != null ? ` (IndexedDB ${mb(after.indexedDB - (before.indexedDB ?? 0))})` : ''}, ${kb((after.usage - before.usage) / walk.steps)} per step`,
    );

    // The side panel, open beside the page: its first read of the walk, then new steps as they are committed.
    // In a window of its own, as Chrome shows a side panel (a tab of the walk's window would be what it captures).
    const panelOpened = Date.now();
    const panel = await openPanelWindow(context, extensionId);
    const panelCdp = await context.newCDPSession(panel);
    await panelCdp.send('Performance.enable');
    await panel
      .locator(`.step-card[data-step-index="${walk.steps - 1}"]`)
      .or(panel.locator(`.step-card[data-step-index="${walk.steps}"]`))
      .first()
      .waitFor({ timeout: 120_000 });
    const panelOpenMs = Date.now() - panelOpened;
    await panelCdp.send('HeapProfiler.collectGarbage');
    const panelAtOpen = await metrics(panelCdp);
    console.log(
      `  side panel: open to the latest step drawn ${panelOpenMs} ms; JS heap ${mb(panelAtOpen.JSHeapUsedSize)}, DOM nodes ${panelAtOpen.Nodes}, cards ${await panel.locator('.step-card').count()}`,
    );

    // Commit → visible: clicks committed by the background's controller (from the seeder page), the panel in front.
    await panel.bringToFront();
    const commits = [];
    const start = await metrics(panelCdp);
    for (let i = 0; i < PANEL_COMMITS; i++) {
      const committed = await commitClick(seeder, walk, shop.shopUrl, `Bench button ${i}`, 100 + ((i * 97) % 1000));
      commits.push(await panelShows(panel, committed.id, committed.committedAt));
    }
    const end = await metrics(panelCdp);
    const shown = stats(commits);
    console.log(
      `  side panel, ${shown.n} clicks committed one after the other: commit → card drawn and painted p50 ${shown.p50} ms, p95 ${shown.p95} ms, max ${shown.max} ms; the panel's main thread per commit: script ${(((end.ScriptDuration - start.ScriptDuration) * 1000) / shown.n).toFixed(1)} ms, all tasks ${(((end.TaskDuration - start.TaskDuration) * 1000) / shown.n).toFixed(1)} ms; DOM nodes after ${end.Nodes}`,
    );

    // Real clicks in the page, recorded by its content script: press → card drawn in the panel (the page in front).
    await page.bringToFront();
    const presses = [];
    const targets = ['Track my order', 'Apply promo code', 'Show opening hours'];
    for (let i = 0; i < REAL_CLICKS; i++) {
      const name = targets[i % targets.length];
      // Watched from the panel itself (the tester's database polls would load the machine): the next card.
      const count = await panel.evaluate(() => Math.max(...[...document.querySelectorAll('.step-card')].map((card) => Number(card.dataset.stepIndex))));
      const appeared = panel.evaluate(
        ({ after, wanted }) =>
          new Promise((resolve) => {
            const check = () => {
              const card = document.querySelector(`.step-card[data-step-index="${after + 1}"]`);
              if (!card?.textContent?.includes(wanted)) return false;
              resolve(Date.now());
              return true;
            };
            if (check()) return;
            const observer = new MutationObserver(() => check() && observer.disconnect());
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
        { after: count, wanted: `Click "${name}"` },
      );
      const pressed = Date.now();
      await page.getByRole('button', { name }).first().click();
      presses.push((await appeared) - pressed);
      // Clicks on the same spot within a second are one step: the next click waits past that (a rate, not a state).
      await page.waitForTimeout(1100);
    }
    const press = stats(presses);
    console.log(
      `  side panel (its own window), ${press.n} real clicks in the page: press → card in the panel's DOM p50 ${press.p50} ms, p95 ${press.p95} ms, max ${press.max} ms (the page's send and the commit included)`,
    );

    await panel.close();
    const { annotations = [], sessions = [] } = await readDatabase(seeder, { stores: ['annotations', 'sessions'], sessionId: walk.sessionId });
    const walkEvents = (await readDatabase(seeder, { stores: ['events'], sessionId: walk.sessionId })).events.sort((a, b) => a.seq - b.seq);
    printStepFigures(walkStepFigures(walkEvents, annotations, sessions[0]?.stages ?? [], journey));

    await tester.stop();
    const review = await reviewFigures(context, extensionId, walk.sessionId, 'Two-hour walk, stopped, in the review page');
    return {
      steps: walk.steps,
      events: walk.events,
      screenshots: walk.screenshots,
      stepBytesMedian: stepBytes.p50,
      stepBytesP95: stepBytes.p95,
      usagePerStepBytes: Math.round((after.usage - before.usage) / walk.steps),
      panelOpenMs,
      panelCommitToCard: { p50: shown.p50, p95: shown.p95 },
      pressToCard: { p50: press.p50, p95: press.p95 },
      review,
    };
  } finally {
    await close();
    await shop.close();
  }
}

ensureBuild({ quiet: true });
const journey = {
  ...(await libModule('lib/journey/group.ts')),
  ...(await libModule('lib/journey/live-steps.ts')),
  ...(await libModule('lib/journey/layer.ts')),
};
const figures = { walks: [], twoHour: null };
if (LONG_WALK_STEPS > 0) figures.twoHour = await twoHourWalk(journey);
if (SIZES.length > 0) {
  const { context, extensionId, close } = await launchWithExtension();
  try {
    console.log(`\nParcours map benchmark (Chromium headless; walks with a screenshot per click and a new page every 8 clicks)`);
    const seeder = context.pages()[0] ?? (await context.newPage());
    await seeder.goto(`chrome-extension://${extensionId}/sessions.html`);
    for (const clicks of SIZES) {
      const seedStarted = Date.now();
      const sessionId = await seedLongWalk(seeder, { id: `bench-${clicks}`, clicks, emotionEvery: 3, pageEvery: 8, screenshots: true });
      console.log(`\n(${clicks} clicks written in ${Date.now() - seedStarted} ms)`);
      figures.walks.push({ clicks, ...(await reviewFigures(context, extensionId, sessionId, `${clicks} clicks`)) });
      printStepFigures(stepFigures(clicks, journey));
    }
  } finally {
    await close();
  }
}
writeResults('map', { loadAverage: os.loadavg(), ...figures });
