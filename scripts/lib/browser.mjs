// Finding and launching Chromium with the built extension: shared by `npm start`, `npm run record`,
// `npm run demo` and the end-to-end tests.
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
 * Launches Chromium with the extension loaded in a fresh profile. Returns the context, the extension id
 * and a close function that also removes the profile.
 * @param {{ headed?: boolean, viewport?: { width: number, height: number } | null, extensionDir?: string, profileDir?: string | null, locale?: string }} [options]
 */
export async function launchWithExtension({
  headed = false,
  viewport = { width: 1280, height: 800 },
  extensionDir = EXTENSION_DIR,
  profileDir = null,
  locale = 'en-US',
} = {}) {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error(`The extension is not built (${extensionDir}). Run \`npm run build\`.`);
  // A given profile is kept (tests of a browser restart reuse it); a fresh one is removed on close.
  const profile = profileDir ?? mkdtempSync(path.join(tmpdir(), 'parcours-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: !headed,
    viewport,
    // The scripted tester reads the English UI; a French browser is asked for explicitly.
    locale,
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  const close = async () => {
    await context.close().catch(() => undefined);
    if (!profileDir) rmSync(profile, { recursive: true, force: true });
  };
  return { context, extensionId, close };
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
    // The browser learns the new title asynchronously: asked again until it knows it.
    const ask = async () => (await serviceWorker(context, extensionId)).evaluate(async (title) => (await chrome.tabs.query({ title }))[0]?.id ?? null, marker);
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
