import { type BrowserContext, test as base, type Page } from '@playwright/test';
import { launchWithExtension, serviceWorker } from '../../scripts/lib/browser.mjs';
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
    return await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('parcours');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        out[name] = rows.map((row) =>
          JSON.parse(JSON.stringify(row, (_key, value) => (value instanceof Blob ? { blobSize: value.size, blobType: value.type } : value))),
        );
      }
      db.close();
      return out;
    });
  } finally {
    await page.close();
  }
}

/** Stops every service worker of the browser, as Chrome does to an idle extension. */
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

export function eventsOf(dump: DatabaseDump, sessionId: string): Row[] {
  return (dump.events ?? []).filter((event) => event.sessionId === sessionId).sort((a, b) => (a.seq as number) - (b.seq as number));
}
