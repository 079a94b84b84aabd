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
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { libModule } from './lib/lib-module.mjs';
import { longWalkRecords, seedLongWalk } from './lib/long-walk.mjs';

const SIZES = (process.env.BENCH_MAP_CLICKS ?? '500,5000').split(',').map(Number);
const SCROLL_PX_PER_FRAME = 60;
const SCROLL_FRAMES = 600;

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;

/**
 * The side panel's steps for the walk of `clicks` clicks while it is recorded (its events but the stop),
 * with the last TAIL events committed one at a time: groupSteps over every event so far against
 * LiveSteps.add of the one event, then testerLayers over the live steps.
 */
function stepFigures(clicks, { groupSteps, LiveSteps, testerLayers }) {
  const TAIL = 300;
  const { events, annotations, session } = longWalkRecords({ id: `bench-${clicks}`, clicks, emotionEvery: 3, pageEvery: 8, screenshots: true });
  const walk = events.filter((event) => event.kind !== 'session-stop');
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
    testerLayers(live.steps, annotations, session.stages, { get: (id) => live.timeOf(id) }, (id) => live.stepOf(id)?.index);
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

ensureBuild({ quiet: true });
const journey = {
  ...(await libModule('lib/journey/group.ts')),
  ...(await libModule('lib/journey/live-steps.ts')),
  ...(await libModule('lib/journey/layer.ts')),
};
const { context, extensionId, close } = await launchWithExtension();
try {
  console.log(`Parcours map benchmark (Chromium headless; walks with a screenshot per click and a new page every 8 clicks)`);
  const seeder = context.pages()[0] ?? (await context.newPage());
  await seeder.goto(`chrome-extension://${extensionId}/sessions.html`);
  for (const clicks of SIZES) {
    const seedStarted = Date.now();
    const sessionId = await seedLongWalk(seeder, { id: `bench-${clicks}`, clicks, emotionEvery: 3, pageEvery: 8, screenshots: true });
    const seedMs = Date.now() - seedStarted;

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
    await page.locator('main.step-view img').first().waitFor({ timeout: 30_000 });
    const stepViewMs = Date.now() - stepOpened;

    console.log(`\n${clicks} clicks (${stepCount}); written in ${seedMs} ms`);
    console.log(`  open to first column drawn: ${openMs} ms`);
    console.log(`  at open: JS heap ${mb(atOpen.JSHeapUsedSize)}, DOM nodes ${atOpen.Nodes}`);
    console.log(
      `  steady scroll over ${scroll.travelled} of ${scroll.width} px at ${SCROLL_PX_PER_FRAME} px/frame: ${frame.n} frames, p50 ${frame.p50.toFixed(1)} ms, p95 ${frame.p95.toFixed(1)} ms, max ${frame.max.toFixed(1)} ms; frames over 50 ms: ${scroll.frames.filter((ms) => ms > 50).length}; long tasks: ${scroll.longTasks.length} (longest ${Math.max(0, ...scroll.longTasks).toFixed(0)} ms)`,
    );
    console.log(`  jump to the far end until its last column is drawn: ${scroll.jumpMs.toFixed(0)} ms`);
    console.log(`  most columns drawn at once: ${scroll.maxCells}; most thumbnails in the page at once: ${scroll.maxImages}`);
    console.log(`  after the scroll: JS heap ${mb(afterScroll.JSHeapUsedSize)}, DOM nodes ${afterScroll.Nodes}`);
    console.log(`  step view of the last step, click to large screenshot: ${stepViewMs} ms`);
    await page.close();

    const steps = stepFigures(clicks, journey);
    console.log(`  side panel's steps while recording (${steps.events} events, ${steps.steps} steps; Node), per commit of one event:`);
    console.log(`    grouping every event again (groupSteps): p50 ${ms(steps.full.p50)}, p95 ${ms(steps.full.p95)}, max ${ms(steps.full.max)}`);
    console.log(
      `    live steps brought up to date (LiveSteps.add), ${steps.perCommit.n} commits: p50 ${ms(steps.perCommit.p50)}, p95 ${ms(steps.perCommit.p95)}, max ${ms(steps.perCommit.max)} (${(steps.full.p50 / steps.perCommit.p50).toFixed(0)}× less than grouping again); the first read of the walk: ${ms(steps.firstRead)}`,
    );
    console.log(`    the tester's layer on the live steps (testerLayers): p50 ${ms(steps.layers.p50)}, p95 ${ms(steps.layers.p95)}`);
    if (!steps.same) console.log('    the live steps differ from groupSteps: a bug to look into');
  }
} finally {
  await close();
}
