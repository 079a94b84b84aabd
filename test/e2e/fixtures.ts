import { type BrowserContext, test as base, type FileChooser, type Page } from '@playwright/test';
import { launchWithExtension, serviceWorker } from '../../scripts/lib/browser.mjs';
import { extensionPage, readDatabase, readEvents } from '../../scripts/lib/database.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { startShop } from '../fixtures/shop-server.mjs';

export interface Shop {
  shopUrl: string;
  paymentUrl: string;
}

export interface Extension {
  context: BrowserContext;
  extensionId: string;
  /** The first tab of the browser, the one walks happen in. */
  page: Page;
  tester: Tester;
}

/** Raw contents of the extension's IndexedDB, read without our own code (Blobs reduced to their size). */
export type DatabaseDump = Record<string, Record<string, unknown>[]>;

export const test = base.extend<{ extension: Extension }, { shop: Shop }>({
  shop: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const shop = await startShop();
      await use(shop);
      await shop.close();
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  extension: async ({}, use) => {
    const { context, extensionId, close } = await launchWithExtension();
    const page = context.pages()[0] ?? (await context.newPage());
    await use({ context, extensionId, page, tester: new Tester({ context, extensionId, page }) });
    await close();
  },
});

export const expect = test.expect;

/** Reads every object store of the `parcours` database from an extension page. */
export async function dumpDatabase(context: BrowserContext, extensionId: string): Promise<DatabaseDump> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/sessions.html`);
    return await readDatabase(page);
  } finally {
    await page.close();
  }
}

/**
 * Waits until the committed events of a session satisfy `check` (it returns anything but undefined, null or
 * false) and returns what it returned. Reads from an extension page already open (the tester's popup during
 * a walk), so the page being walked keeps the front.
 */
export async function waitForEvents<T>(
  context: BrowserContext,
  extensionId: string,
  sessionId: string,
  check: (events: Row[]) => T | undefined | null | false,
  { message = 'the session’s events', timeout = 20_000 }: { message?: string; timeout?: number } = {},
): Promise<T> {
  let found: T | undefined | null | false;
  await expect
    .poll(
      async () => {
        try {
          found = check(await readEvents(await extensionPage(context, extensionId), sessionId));
        } catch {
          found = undefined; // an extension page mid-navigation: read again
        }
        return found !== undefined && found !== null && found !== false;
      },
      { message, timeout, intervals: [50, 100, 250] },
    )
    .toBe(true);
  return found as T;
}

/** Waits for a committed event of a session matching `predicate`, and returns it. */
export function waitForEvent(
  context: BrowserContext,
  extensionId: string,
  sessionId: string,
  predicate: (event: Row) => boolean,
  options?: { message?: string; timeout?: number },
): Promise<Row> {
  return waitForEvents(context, extensionId, sessionId, (events) => events.find(predicate), options);
}

/** Waits for the committed click on the element named `name` (the `nth` one, from 0), and returns it. */
export function waitForClick(extension: Extension, name: string, nth = 0): Promise<Row> {
  return waitForEvents(
    extension.context,
    extension.extensionId,
    extension.tester.sessionId as string,
    (events) => events.filter((event) => event.kind === 'click' && event.target?.name === name)[nth],
    { message: `click ${nth + 1} on "${name}" committed` },
  );
}

/** Waits for the screenshot of an event to be settled (stored, or known to be missing), and returns its record. */
export function waitForScreenshot(extension: Extension, event: Row): Promise<Row> {
  return waitForEvent(
    extension.context,
    extension.extensionId,
    extension.tester.sessionId as string,
    (row) => row.kind === 'screenshot' && row.forEventId === event.id,
    { message: `the screenshot of ${event.kind} ${event.target?.name ?? event.url ?? event.id}` },
  );
}

/** The rows of one object store (of one session when `sessionId` is given), read raw from an extension page already open. */
export async function readRows(extension: Pick<Extension, 'context' | 'extensionId'>, store: string, sessionId?: string): Promise<Row[]> {
  const page = await extensionPage(extension.context, extension.extensionId);
  return (await readDatabase(page, { stores: [store], sessionId: sessionId ?? null }))[store] ?? [];
}

/**
 * Stops every service worker of the browser, as Chrome does to an idle extension. Playwright keeps listing
 * the stopped worker (its DevTools target stays, and no 'close' comes: do not wait for one), and an
 * evaluation on it waits for its next start: look it up with `serviceWorker()`, which wakes it if need be.
 */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function badgeText(extension: Extension): Promise<string> {
  const worker = await serviceWorker(extension.context, extension.extensionId);
  // Evaluated in the service worker, where `chrome` exists.
  return worker.evaluate(() => (globalThis as unknown as { chrome: typeof browser }).chrome.action.getBadgeText({}));
}

// biome-ignore lint/suspicious/noExplicitAny: raw rows of the database, checked field by field in tests.
export type Row = Record<string, any>;

/**
 * A short walk of the demo shop, recorded and stopped: a click, then a search that leaves the page, each with
 * its screenshot settled. For tests of what is done with a walk afterwards (export, verify, import).
 */
export async function recordShortWalk(extension: Extension, shopUrl: string, title: string): Promise<string> {
  const { page, tester } = extension;
  await page.goto(shopUrl);
  await tester.start({ title, persona: 'Sandrine', scenario: 'A gift mug', goal: 'Find it' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  await tester.waitForClick('Track my order');
  await page.getByLabel('Search', { exact: true }).fill('mug');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/search/);
  await tester.waitForScreenshot(await tester.waitForNavigation(/\/search/));
  await tester.stop();
  return tester.sessionId as string;
}

export function eventsOf(dump: DatabaseDump, sessionId: string): Row[] {
  return (dump.events ?? []).filter((event) => event.sessionId === sessionId).sort((a, b) => (a.seq as number) - (b.seq as number));
}

/**
 * Opens a file chooser with `open` and returns it. Playwright starts intercepting a page's file choosers only
 * when a wait for one begins, by a message of its own: a round trip to the page after the wait began makes sure
 * the interception is in force before the chooser opens (else a real dialog opens and the wait never ends).
 */
export async function chooseFileWith(page: Page, open: () => Promise<unknown>): Promise<FileChooser> {
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => undefined);
  await open();
  return chooser;
}
