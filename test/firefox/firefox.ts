// Real Firefox (Debian's firefox-esr) with the built add-on, driven by puppeteer-core over WebDriver BiDi
// (Playwright cannot drive it). What the Firefox end-to-end tests share: the launch, opening the add-on's own
// pages, and reading its state from one of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type CreatePageOptions, type Page } from 'puppeteer-core';
import { pollUntil, readDatabase } from '../../scripts/lib/database.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FIREFOX_BUILD = path.join(ROOT, '.output', 'firefox-mv2');
export const FIREFOX = process.env.PARCOURS_FIREFOX ?? '/usr/bin/firefox-esr';
/** The add-on's id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const ADDON_ID = 'parcours@parcours.dev';
/**
 * Firefox gives each profile a random moz-extension:// host; the pref `extensions.webextensions.uuids` fixes
 * it, so the tests can open the add-on's pages by address (as Chrome's fixed id does for its e2e tests).
 */
export const ADDON_UUID = '6f1c2a4e-7d0b-4a5b-9c3d-5a7c0e1f2b34';
export const BASE_URL = `moz-extension://${ADDON_UUID}/`;
export const VIEWPORT = { width: 1280, height: 800 };

/** How long the add-on's UI and background get to answer (a loaded 2-core machine). */
export const UI_TIMEOUT_MS = 15_000;

export interface Firefox {
  browser: Browser;
  /** Where Firefox saves downloads (the exported bundles), without asking. */
  downloads: string;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<Firefox> {
  const downloads = mkdtempSync(path.join(tmpdir(), 'parcours-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    // Firefox 153 lets WebDriver open only http(s), file and blob addresses unless system access is allowed;
    // the add-on's pages are moz-extension:// ones.
    args: ['--remote-allow-system-access'],
    defaultViewport: VIEWPORT,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // Downloads go to a folder of the test, without a dialog.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
    },
  });
  await browser.installExtension(FIREFOX_BUILD);
  return {
    browser,
    downloads,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/**
 * Opens one of the add-on's pages (`popup.html?tab=3`, `sessions.html#/session/…`) in a new tab, once it is
 * loaded. Firefox never reports a moz-extension:// page's load to WebDriver (the navigation is left pending):
 * the page's own `location` and `readyState` are read instead.
 */
export async function openExtensionPage(browser: Browser, address: string, options?: CreatePageOptions): Promise<Page> {
  const page = await browser.newPage(options);
  await goToExtensionPage(page, address);
  return page;
}

/** Sends `page` to one of the add-on's pages and waits until it is loaded (see openExtensionPage). */
export async function goToExtensionPage(page: Page, address: string): Promise<void> {
  const url = BASE_URL + address;
  void page.goto(url, { timeout: 0 }).catch(() => undefined);
  await pollUntil(() => page.evaluate((wanted) => location.href === wanted && document.readyState === 'complete', url), {
    what: `${address} to load`,
    timeout: UI_TIMEOUT_MS,
  });
}

/** Calls `check` (polled) until it returns a truthy value, and returns it. */
export function waitFor<T>(check: () => Promise<T>, what: string, timeout = UI_TIMEOUT_MS): Promise<NonNullable<T>> {
  return pollUntil(check, { what, timeout }) as Promise<NonNullable<T>>;
}

// biome-ignore lint/suspicious/noExplicitAny: raw rows of the database, checked field by field in tests.
export type Row = Record<string, any>;

/** The rows of one object store (of one session when `sessionId` is given), read raw from an add-on page. */
export async function readRows(page: Page, store: string, sessionId: string | null = null): Promise<Row[]> {
  return ((await readDatabase(page as never, { stores: [store], sessionId })) as Record<string, Row[]>)[store] ?? [];
}

/** The events of a session in commit order. */
export async function readEvents(page: Page, sessionId: string): Promise<Row[]> {
  return (await readRows(page, 'events', sessionId)).sort((a, b) => a.seq - b.seq);
}

/** The whole database, read raw (Blobs reduced to their size and type). */
export async function dumpDatabase(page: Page): Promise<Record<string, Row[]>> {
  return (await readDatabase(page as never)) as Record<string, Row[]>;
}
