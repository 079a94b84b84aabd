#!/usr/bin/env node
// npm run bench:privacy: what hiding the private parts of each screenshot costs (lib/page-recorder/private-boxes.ts,
// lib/recorder/private-pixels.ts). Prints figures and writes them to bench/results.json (key "privacy"); asserts nothing.
//  - the demo shop's checkout (a small page, a payment iframe) and its full catalogue (/catalogue: 2,000 products,
//    about 21,000 elements, a few texts with personal data), with the tab stream, in each masking mode;
//  - one frame finding its boxes (its content script asked directly, 20 times);
//  - per screenshot: the time the page's frames took to find their boxes (the slowest frame), the time the
//    background spent asking every frame (from the request to all answers), the time spent covering the boxes
//    in the image, what the check added to the screenshot (the wait for the answers past the overlay stepping
//    aside, which a screenshot waits for anyway, and the covering), and pointer-down to the screenshot stored;
//  - clicks pressed 80 ms as a person does, 400 ms apart;
//  - with BENCH_BASELINE_DIR (the chrome-mv3 build of a version without the check), pointer-down to the
//    screenshot stored with that build too, runs of both builds taking turns (a shared machine's load drifts).
import os from 'node:os';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { writeResults } from './lib/bench-results.mjs';
import { launchWithExtension, serviceWorker, tabIdOf } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';
import { readDatabase, readEvents } from './lib/database.mjs';
import { Tester } from './lib/tester.mjs';

const CLICKS = Number(process.env.BENCH_PRIVACY_CLICKS ?? 30);
const GAP_MS = 400;
const PRESS_MS = 80;
const MODES = ['strict', 'balanced', 'relaxed'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(values, p) {
  const sorted = [...values].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
}
const spread = (values) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95), max: percentile(values, 1) });

const PAGES = {
  checkout: { path: '/checkout', button: '#shipping-heading', prepare: async (page) => page.getByLabel('Full name').fill('Sandrine Martin') },
  catalogue: { path: '/catalogue?rows=2000', button: '#catalogue-button', prepare: async () => undefined },
};

const BASELINE_DIR = process.env.BENCH_BASELINE_DIR ?? null;

async function run(shop, pageName, mode, extensionDir = undefined) {
  const baseline = extensionDir != null;
  const { context, extensionId, close } = await launchWithExtension(baseline ? { extensionDir } : {});
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const spec = PAGES[pageName];
    await page.goto(new URL(spec.path, shop.shopUrl).href);
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    await spec.prepare(page);
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: `Privacy bench ${pageName} ${mode}`, masking: mode });
    await tester.waitForScreenshot(await tester.waitForEvent((event) => event.kind === 'session-start'));
    const target = page.locator(spec.button);
    const box = await target.boundingBox();
    const startedAt = Date.now();
    for (let i = 0; i < CLICKS; i++) {
      await sleep(startedAt + i * GAP_MS - Date.now());
      await page.mouse.move(box.x + 10, box.y + box.height / 2);
      await page.mouse.down();
      await sleep(PRESS_MS);
      await page.mouse.up();
    }
    await tester.stop();
    // One frame finding its boxes, alone: the page's content script asked directly, 20 times.
    const tabId = await tabIdOf(context, extensionId, page);
    const alone = baseline
      ? []
      : await (await serviceWorker(context, extensionId)).evaluate(
          async ({ tabId, mode }) => {
            const times = [];
            for (let i = 0; i < 20; i++) {
              const answer = await chrome.tabs.sendMessage(
                tabId,
                { parcours: 1, name: 'tab/private-boxes', request: { mode, alwaysBlur: {}, sinceEpochMs: null } },
                { frameId: 0 },
              );
              times.push(answer.value.tookMs);
            }
            return times;
          },
          { tabId, mode },
        );
    const reader = await context.newPage();
    await reader.goto(`chrome-extension://${extensionId}/sessions.html`);
    const events = await readEvents(reader, tester.sessionId);
    const { screenshots = [] } = await readDatabase(reader, { stores: ['screenshots'], sessionId: tester.sessionId });
    const stamps = new Map(screenshots.map((row) => [row.id, row.privacy]));
    const clicks = new Set(events.filter((event) => event.kind === 'click').map((event) => event.id));
    const shots = events.filter((event) => event.kind === 'screenshot' && clicks.has(event.forEventId));
    const stored = shots.filter((shot) => shot.screenshotId && (baseline || stamps.get(shot.screenshotId)));
    const of = (key) => stored.map((shot) => stamps.get(shot.screenshotId)?.[key]);
    return {
      page: pageName,
      mode,
      elements,
      clicks: clicks.size,
      stored: stored.length,
      missing: shots.filter((shot) => !shot.screenshotId).map((shot) => shot.missingReason),
      boxes: spread(of('boxes')),
      findMs: spread(alone),
      pageMs: spread(of('pageMs')),
      collectMs: spread(of('collectMs')),
      obscureMs: spread(of('obscureMs')),
      waitedMs: spread(of('waitedMs')),
      // What the check adds to a screenshot: the wait for the answers past the overlay's, and the covering.
      addedMs: spread(stored.map((shot) => (stamps.get(shot.screenshotId)?.waitedMs ?? 0) + (stamps.get(shot.screenshotId)?.obscureMs ?? 0))),
      pressToStoredMs: spread(stored.map((shot) => shot.t - shot.requestedT)),
      pressToStoredAll: stored.map((shot) => shot.t - shot.requestedT),
    };
  } finally {
    await close();
  }
}

ensureBuild({ quiet: true });
const shop = await startShop();
const results = [];
const baselines = [];
try {
  for (const pageName of Object.keys(PAGES)) {
    for (const mode of MODES) {
      if (BASELINE_DIR && mode === 'balanced') {
        // Taking turns: baseline, this build, baseline, this build.
        const turns = [];
        for (let turn = 0; turn < 2; turn++) {
          turns.push({ build: 'baseline', ...(await run(shop, pageName, mode, BASELINE_DIR)) });
          turns.push({ build: 'this', ...(await run(shop, pageName, mode)) });
        }
        const pressToStored = (build) => spread(turns.filter((turn) => turn.build === build).flatMap((turn) => turn.pressToStoredAll));
        const compared = { page: pageName, mode, baseline: pressToStored('baseline'), withCheck: pressToStored('this') };
        baselines.push(compared);
        console.log(
          `${pageName}, ${mode}, press to stored (p50 / p95 / max): without the check ${compared.baseline.p50} / ${compared.baseline.p95} / ${compared.baseline.max} ms, with it ${compared.withCheck.p50} / ${compared.withCheck.p95} / ${compared.withCheck.max} ms`,
        );
      }
      const result = await run(shop, pageName, mode);
      delete result.pressToStoredAll;
      results.push(result);
      const f = (figure) => `${figure.p50} / ${figure.p95}`;
      console.log(
        `${pageName} (${result.elements} elements), ${mode}: ${result.stored}/${result.clicks} stored${result.missing.length ? ` (missing: ${result.missing.join(', ')})` : ''}; boxes ${f(result.boxes)}; one frame finding its boxes ${f(result.findMs)} ms; the pressed frame at the press and when asked ${f(result.pageMs)} ms; asking the frames ${f(result.collectMs)} ms; covering ${f(result.obscureMs)} ms; added to the screenshot (waited past the overlay + covering) ${f(result.addedMs)} ms; press to stored ${f(result.pressToStoredMs)} ms (p50 / p95)`,
      );
    }
  }
} finally {
  await shop.close();
}
writeResults('privacy', {
  clicks: CLICKS,
  gapMs: GAP_MS,
  pressMs: PRESS_MS,
  loadAverage: os.loadavg(),
  runs: results,
  ...(baselines.length ? { againstBaseline: baselines } : {}),
});
