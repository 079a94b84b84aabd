// Finding and launching Chromium with the built extension: shared by `npm start`, `npm run record`,
// `npm run demo` and the end-to-end tests.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { pollUntil } from './database.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The Chromium to drive: $PARCOURS_CHROMIUM when set, else the first one found in the usual places. */
export function findChromium() {
  const fromEnv = process.env.PARCOURS_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PARCOURS_CHROMIUM points to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error('No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set PARCOURS_CHROMIUM to its path.');
  }
  return found;
}

/**
 * The id Chromium gives an extension loaded unpacked from a folder: the SHA-256 of its absolute path, the
 * first 32 hex digits written with the letters a-p.
 * @param {string} extensionDir
 */
export function unpackedExtensionId(extensionDir) {
  const hex = createHash('sha256').update(path.resolve(extensionDir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/**
 * Launches Chromium with the extension loaded in a fresh profile. Returns the context, the extension id
 * and a close function that also removes the profile.
 * `tabStreams: false` leaves the extension without tab streams (as for a page the tester never acted on):
 * screenshots then come from captureVisibleTab, which the benchmark compares.
 * `args` are more Chromium switches (the no-network test opens a second DevTools endpoint with them).
 * `developerMode: true` turns on the profile's developer mode, as a tester who loads Parcours unpacked has it:
 * without it Chromium 156 disables an extension loaded from the command line when it reloads
 * (`chrome.runtime.reload()`: disable reason DISABLE_UNSUPPORTED_DEVELOPER_EXTENSION).
 * @param {{ headed?: boolean, viewport?: { width: number, height: number } | null, deviceScaleFactor?: number, extensionDir?: string, profileDir?: string | null, locale?: string, tabStreams?: boolean, developerMode?: boolean, args?: string[] }} [options]
 */
export async function launchWithExtension({
  headed = false,
  viewport = { width: 1280, height: 800 },
  deviceScaleFactor = undefined,
  extensionDir = EXTENSION_DIR,
  profileDir = null,
  locale = 'en-US',
  tabStreams = true,
  developerMode = false,
  args = [],
} = {}) {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error(`The extension is not built (${extensionDir}). Run \`npm run build\`.`);
  // A given profile is kept (tests of a browser restart reuse it); a fresh one is removed on close.
  const profile = profileDir ?? mkdtempSync(path.join(tmpdir(), 'parcours-profile-'));
  if (developerMode) enableDeveloperMode(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: !headed,
    // A HiDPI screen is the browser's own (--force-device-scale-factor): Playwright's emulated ratio reaches the
    // page but not tabs.captureVisibleTab, which then captures at ratio 1. The window is sized instead.
    viewport: deviceScaleFactor ? null : viewport,
    // The scripted tester reads the English UI; a French browser is asked for explicitly.
    locale,
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // A person's press on the toolbar's Start lets Parcours capture the tab's video stream; a scripted
      // tester opens the popup as a page, which Chrome does not count: the extension is allowlisted instead.
      ...(tabStreams ? [`--allowlisted-extension-id=${unpackedExtensionId(extensionDir)}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      ...(deviceScaleFactor ? [`--force-device-scale-factor=${deviceScaleFactor}`, `--window-size=${viewport?.width ?? 1280},${viewport?.height ?? 800}`] : []),
      ...args,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  if (extensionId !== unpackedExtensionId(extensionDir)) console.warn(`[parcours] extension id ${extensionId} is not the one allowlisted for tab streams`);
  const close = async () => {
    await context.close().catch(() => undefined);
    if (!profileDir) rmSync(profile, { recursive: true, force: true });
  };
  return { context, extensionId, close, profile };
}

/** Sets `extensions.ui.developer_mode` in a profile's preferences (kept with the rest of them when there are some). */
function enableDeveloperMode(profile) {
  const file = path.join(profile, 'Default', 'Preferences');
  mkdirSync(path.dirname(file), { recursive: true });
  const preferences = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  preferences.extensions = { ...preferences.extensions, ui: { ...preferences.extensions?.ui, developer_mode: true } };
  writeFileSync(file, JSON.stringify(preferences));
}

/** How long one look at the service worker may take before it is woken and looked at again. */
const WORKER_ATTEMPT_MS = 2_000;

/** `promise`, or a rejection once `ms` have passed: one bounded attempt, which its caller repeats. */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // an attempt given up on may still fail later: nobody listens then
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Asks Chrome to start the extension's service worker, as an event for it would (nothing happens to one
 * that runs). Through DevTools, from any page: no extension page is opened, no tab changes.
 */
async function startServiceWorker(context, extensionId) {
  const page = context.pages().find((candidate) => !candidate.isClosed());
  if (!page) return;
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The extension's service worker, once it answers an evaluation.
 * A stopped worker (Chrome's idle stop, the tests' stopServiceWorkers) keeps its DevTools target while a
 * client is attached, and Playwright always is: it is told the target "crashed", not that it went, so the
 * Worker stays listed, no 'close' is emitted, and an evaluation on it waits for the worker's next start,
 * forever if no event ever starts it. So each look is bounded; a worker that does not answer is woken and
 * looked for again (the same Worker answers once its worker runs again; a new one is announced if Chrome
 * made a new target), until `timeout`.
 */
export async function serviceWorker(context, extensionId, { timeout = 20_000 } = {}) {
  const ours = (worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`);
  const deadline = Date.now() + timeout;
  for (;;) {
    const worker =
      context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: WORKER_ATTEMPT_MS }).catch(() => null));
    const answers = worker
      ? await within(
          worker.evaluate(() => true),
          WORKER_ATTEMPT_MS,
          'the service worker',
        ).catch(() => false)
      : false;
    if (answers) return worker;
    if (Date.now() > deadline) throw new Error(`The extension's service worker did not answer within ${timeout} ms, woken or not`);
    await within(startServiceWorker(context, extensionId), WORKER_ATTEMPT_MS, 'waking the service worker').catch(() => undefined);
  }
}

/** The browser tab id of a Playwright page, asked of the extension (it alone knows tab ids). */
export async function tabIdOf(context, extensionId, page) {
  const marker = `parcours-tab-${Math.random().toString(36).slice(2)}`;
  const original = await page.evaluate(() => document.title);
  await page.evaluate((title) => {
    document.title = title;
  }, marker);
  try {
    // The browser learns the new title asynchronously: asked again until it knows it. Titles are visible only
    // where the extension has host access (it has no `tabs` permission): a browser page (about:blank) is found
    // by its top frame's address instead, when no other tab has it.
    // Each ask is bounded too: a worker stopped between the look and the query would leave it waiting.
    const ask = async () =>
      within(
        (await serviceWorker(context, extensionId)).evaluate(
          async ({ title, url }) => {
            const tabs = await chrome.tabs.query({});
            const byTitle = tabs.find((tab) => tab.title === title);
            if (byTitle) return byTitle.id ?? null;
            const hidden = tabs.filter((tab) => !tab.url);
            const tops = await Promise.all(hidden.map((tab) => chrome.webNavigation.getFrame({ tabId: tab.id, frameId: 0 }).catch(() => null)));
            const byUrl = hidden.filter((_, index) => tops[index]?.url === url);
            return byUrl.length === 1 ? (byUrl[0].id ?? null) : null;
          },
          { title: marker, url: page.url() },
        ),
        5_000,
        'the tab query in the service worker',
      );
    return await pollUntil(ask, {
      what: 'the tab of the page being recorded',
      timeout: 10_000,
    });
  } finally {
    await page.evaluate((title) => {
      document.title = title;
    }, original);
  }
}
