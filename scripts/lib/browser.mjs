// Finding and launching Chromium with the built extension: shared by `npm start`, `npm run record`,
// `npm run demo` and the end-to-end tests.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
 * @param {{ headed?: boolean, viewport?: { width: number, height: number } | null, deviceScaleFactor?: number, extensionDir?: string, profileDir?: string | null, locale?: string, tabStreams?: boolean, args?: string[] }} [options]
 */
export async function launchWithExtension({
  headed = false,
  viewport = { width: 1280, height: 800 },
  deviceScaleFactor = undefined,
  extensionDir = EXTENSION_DIR,
  profileDir = null,
  locale = 'en-US',
  tabStreams = true,
  args = [],
} = {}) {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error(`The extension is not built (${extensionDir}). Run \`npm run build\`.`);
  // A given profile is kept (tests of a browser restart reuse it); a fresh one is removed on close.
  const profile = profileDir ?? mkdtempSync(path.join(tmpdir(), 'parcours-profile-'));
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

/** The extension's service worker, looked up again (Playwright may not re-announce it after a restart). */
export async function serviceWorker(context, extensionId) {
  const find = () => context.serviceWorkers().find((worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`));
  return (
    find() ??
    (await context.waitForEvent('serviceworker', { predicate: (worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`), timeout: 10_000 }))
  );
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
    const ask = async () =>
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
