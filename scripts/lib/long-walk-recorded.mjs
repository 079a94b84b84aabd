// A two-hour walk recorded through the background's own writers (scripts/lib/long-walk-seeder.ts), with real
// screenshots of the demo shop: for the long-walk e2e test and `npm run bench:map`. No real walk of 2,000
// steps could be recorded in reasonable time; this one goes through the same commits, on a clock of its own.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT, serviceWorker, tabIdOf } from './browser.mjs';

let bundled = null;

/** The seeder as one script (an IIFE defining `parcoursSeeder`), lib/ bundled in as the extension has it. */
async function seederScript() {
  if (bundled) return bundled;
  // `wxt/browser` is the extension's `browser` global; in an extension page of Chromium that is `chrome`.
  const shim = path.join(ROOT, 'node_modules', '.cache', 'parcours-wxt-browser-shim.mjs');
  writeFileSync(shim, 'export const browser = globalThis.browser ?? globalThis.chrome;\n');
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    resolve: {
      alias: [
        { find: /^wxt\/browser$/, replacement: shim },
        { find: /^@\//, replacement: `${ROOT}/` },
      ],
    },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: path.join(ROOT, 'scripts', 'lib', 'long-walk-seeder.ts'), formats: ['iife'], name: 'parcoursSeeder', fileName: () => 'seeder.js' },
    },
  });
  const chunk = (Array.isArray(output) ? output[0] : output).output[0];
  bundled = chunk.code;
  return bundled;
}

/** Pages of the demo shop whose screenshots the walk's steps show, in turn. */
const SHOP_PAGES = [
  '',
  'catalogue',
  'product',
  'reviews',
  'size-guide',
  'cart',
  'delivery',
  'checkout',
  'search',
  'account',
  'web-components',
  'catalogue?rows=60',
  'bench/table',
];

/**
 * Real screenshots of the demo shop: each page opened in `page` and captured by the extension as its
 * recorder does (`tabs.captureVisibleTab`, JPEG 80, the window's 1280×800), before any walk.
 * @returns {Promise<string[]>} JPEG data URLs
 */
export async function captureShopImages(context, extensionId, page, shopUrl, { pages = SHOP_PAGES } = {}) {
  const images = [];
  for (const name of pages) {
    await page.goto(`${shopUrl}${name}`);
    await page.waitForLoadState('load');
    await page.bringToFront();
    for (let attempt = 0; ; attempt++) {
      const worker = await serviceWorker(context, extensionId);
      const shot = await worker
        .evaluate(async () => {
          const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
          return chrome.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality: 80 });
        })
        .catch((error) => ({ error: String(error) }));
      if (typeof shot === 'string') {
        images.push(shot);
        break;
      }
      // Chrome allows two captures a second: a refused one is asked again after that second (a rate, not a state).
      if (attempt > 10 || !/MAX_CAPTURE|rate/i.test(shot.error)) throw new Error(`Capturing ${name || 'the home page'} failed: ${shot.error}`);
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
  }
  return images;
}

/**
 * Records a walk of `steps` human steps over `durationMs` in the tab of `page` (the demo shop), left
 * recording, and hands it over to the extension: the page then records for it, its next clicks are the walk's.
 * `seeder` is an extension page (it owns the database). Returns the seeder's figures (sessionId, steps, …).
 * @param {{ context: import('playwright').BrowserContext, extensionId: string, page: import('playwright').Page, seeder: import('playwright').Page, shopUrl: string }} where
 * @param {{ steps?: number, durationMs?: number, title?: string, images?: string[] }} [options]
 */
export async function recordLongWalk(
  { context, extensionId, page, seeder, shopUrl },
  { steps = 2000, durationMs = 2 * 3600_000, title = 'Two-hour walk', images } = {},
) {
  const shots = images ?? (await captureShopImages(context, extensionId, page, shopUrl));
  await page.goto(shopUrl);
  const tabId = await tabIdOf(context, extensionId, page);
  const windowId = await (await serviceWorker(context, extensionId)).evaluate(async (id) => (await chrome.tabs.get(id)).windowId, tabId);
  await seeder.evaluate(await seederScript());
  const result = await seeder.evaluate((options) => globalThis.parcoursSeeder.seedLongRecordedWalk(options), {
    tabId,
    windowId,
    shopUrl,
    steps,
    durationMs,
    images: shots,
    title,
  });
  await seeder.evaluate((id) => globalThis.parcoursSeeder.handOver(id), tabId);
  return { ...result, tabId, windowId, images: shots };
}

/**
 * Commits one more click of the walk from `seeder` (the page that recorded it), as the page's recorder would
 * send it; resolves once committed: `{ id, committedAt }` (epoch ms).
 */
export async function commitClick(seeder, walk, shopUrl, name, x) {
  if (!(await seeder.evaluate(() => 'parcoursSeeder' in globalThis))) await seeder.evaluate(await seederScript());
  return seeder.evaluate((options) => globalThis.parcoursSeeder.commitClick(options), {
    sessionId: walk.sessionId,
    tabId: walk.tabId,
    windowId: walk.windowId,
    shopUrl,
    name,
    x,
  });
}

/**
 * The side panel in a window of its own, beside the walk's window, as Chrome shows a side panel: not a tab of
 * the walk's window, which would then be its visible tab (the one `captureVisibleTab` takes).
 * @returns {Promise<import('playwright').Page>}
 */
export async function openPanelWindow(context, extensionId, { width = 420, height = 900 } = {}) {
  const url = `chrome-extension://${extensionId}/sidepanel.html`;
  const opened = context.waitForEvent('page', { predicate: (page) => page.url().startsWith(url), timeout: 20_000 });
  const worker = await serviceWorker(context, extensionId);
  await worker.evaluate(({ url, width, height }) => chrome.windows.create({ url, type: 'popup', width, height, focused: false }).then(() => undefined), {
    url,
    width,
    height,
  });
  return opened;
}
