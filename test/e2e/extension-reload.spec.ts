import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension, serviceWorker } from '../../scripts/lib/browser.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/** What the page's console said, and what it threw, while the walk ran. */
function watchConsole(page: Page) {
  const said: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') said.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => said.push(`pageerror: ${error.message}`));
  return said;
}

/**
 * Reloads the extension from its service worker, as a developer's reload or Chrome applying an update does,
 * and returns the new worker once it answers. The worker goes away with the call: the evaluation is left to
 * fail, and the reload is asked for on a timer so it answers first.
 */
async function reloadExtension(context: BrowserContext, extensionId: string) {
  const old = await serviceWorker(context, extensionId);
  await old.evaluate(() => {
    setTimeout(() => (globalThis as unknown as { chrome: typeof browser }).chrome.runtime.reload(), 0);
  });
  // The new worker: Playwright announces a new target for it (the old one closes).
  await expect.poll(() => context.serviceWorkers().some((worker) => worker !== old && worker.url().includes(extensionId)), { timeout: 15_000 }).toBe(true);
  return serviceWorker(context, extensionId);
}

/** The walk's page, looked at from the page's own world: one overlay host, not the one marked before the reload. */
async function overlayReplaced(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const old = (window as Window & { oldOverlay?: Element }).oldOverlay;
    const hosts = document.querySelectorAll('parcours-overlay');
    return hosts.length === 1 && old != null && !old.isConnected;
  });
}

async function walkThroughReload({
  context,
  extensionId,
  page,
  shopUrl,
  beforeReload,
}: {
  context: BrowserContext;
  extensionId: string;
  page: Page;
  shopUrl: string;
  beforeReload?: () => void;
}) {
  const said = watchConsole(page);
  const tester = new Tester({ context, extensionId, page });
  await page.goto(shopUrl);
  await tester.start({ title: 'Through a reload' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  const before = await tester.waitForClick('Track my order');
  await tester.settled();
  await page.evaluate(() => {
    (window as Window & { oldOverlay?: Element | null }).oldOverlay = document.querySelector('parcours-overlay');
  });
  expect(await page.evaluate(() => document.querySelectorAll('parcours-overlay').length)).toBe(1);

  beforeReload?.();
  const worker = await reloadExtension(context, extensionId);
  // Chrome keeps an unpacked extension's id through a reload (it is its folder's).
  expect(new URL(worker.url()).host).toBe(extensionId);

  // The page keeps working while the extension is away and after: its own handlers run.
  const hours = page.getByRole('button', { name: 'Show opening hours' });
  await hours.click();
  await expect(hours).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('Tuesday to Saturday')).toBeVisible();

  // The reload closed the extension's pages, the tester's popup among them: it opens it again.
  const gap = await tester
    .waitForEvent((event) => event.kind === 'extension-restarted', { what: 'the gap of the reload' })
    .catch(async (error) => {
      // What the walk holds instead says which way the new extension took (an interruption: a new browser run).
      const dump = await dumpDatabase(context, extensionId);
      const kinds = eventsOf(dump, tester.sessionId as string).map((event) => event.kind);
      throw new Error(`${error.message}; the walk is ${dump.sessions?.find((row) => row.id === tester.sessionId)?.status} with ${kinds.join(', ')}`);
    });
  // The orphaned recorder took its overlay away; the new one shows its own.
  await expect.poll(() => overlayReplaced(page), { message: 'the old overlay gone, one new overlay' }).toBe(true);
  await tester.expectOverlayStatus('Recording');

  await page.getByRole('button', { name: 'Apply promo code' }).click();
  const after = await tester.waitForClick('Apply promo code');
  const shot = await tester.waitForScreenshot(after);
  await hours.click();
  await expect(hours).toHaveAttribute('aria-expanded', 'false');
  const closing = await tester.waitForEvent((event: Row) => event.kind === 'click' && event.target?.name === 'Show opening hours', {
    what: 'the click closing the opening hours',
    after,
  });

  // The side panel says what Parcours could not see.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(panel.getByRole('region', { name: 'Gaps in the recording' })).toContainText(/Parcours was (reloaded|updated to version [\d.]+)/);
  await panel.close();
  await tester.focusPage();

  const dump = await dumpDatabase(context, extensionId);
  const session = dump.sessions?.find((row) => row.id === tester.sessionId);
  expect(session?.status).toBe('recording');
  const events = eventsOf(dump, tester.sessionId as string);
  await tester.stop();
  return { said, before, gap, after, shot, closing, events, tester };
}

test('a walk goes on through an extension reload: the page keeps working, the gap is recorded, the clicks after it are', async ({ shop }) => {
  test.setTimeout(120_000);
  const { context, extensionId, close } = await launchWithExtension({ developerMode: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const { said, before, gap, after, shot, closing, events } = await walkThroughReload({ context, extensionId, page, shopUrl: shop.shopUrl });

    expect(gap).toMatchObject({ reason: 'reload', version: '0.1.0', previousVersion: '0.1.0', tabsBack: 1, tabsMissed: 0, tabId: null });
    // The gap begins after the last thing recorded and ends once the recorder is back, before the clicks after it.
    expect(gap.lastRecordedT).toBeGreaterThanOrEqual(before.t);
    expect(gap.fromT).toBeGreaterThanOrEqual(gap.lastRecordedT);
    expect(gap.toT).toBeGreaterThanOrEqual(gap.fromT);
    expect(after.t).toBeGreaterThan(gap.toT);
    expect(closing.t).toBeGreaterThan(after.t);
    // The clicks after the reload are recorded with their screenshots.
    expect(shot.screenshotId).toEqual(expect.any(String));
    expect(shot.missingReason).toBeNull();
    // Nothing is there twice, and the walk was not cut (no interruption).
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(events.filter((event) => event.kind === 'interrupted')).toEqual([]);
    expect(events.filter((event) => event.kind === 'extension-restarted')).toHaveLength(1);
    // The page already in the walk (its start) is not reported again by the recorder put back into it.
    expect(events.filter((event) => event.kind === 'navigation' && !event.sameDocument)).toEqual([]);
    expect(events.filter((event) => event.kind === 'page-load')).toHaveLength(1);
    // Parcours said nothing in the page's console, the orphaned recorder threw nothing into it.
    expect(said.filter((line) => /parcours|extension|context invalidated/i.test(line))).toEqual([]);
  } finally {
    await close();
  }
});

test('an extension updated mid-walk (its manifest version changed, then reloaded) records the gap as an update', async ({ shop }) => {
  test.setTimeout(120_000);
  // A copy of the build, so its manifest can change on disk as an update would change it.
  const copy = mkdtempSync(path.join(tmpdir(), 'parcours-update-'));
  const extensionDir = path.join(copy, 'chrome-mv3');
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const { context, extensionId, close } = await launchWithExtension({ developerMode: true, extensionDir });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const manifestFile = path.join(extensionDir, 'manifest.json');
    const { gap, shot, said } = await walkThroughReload({
      context,
      extensionId,
      page,
      shopUrl: shop.shopUrl,
      beforeReload: () => {
        const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
        writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: '0.1.1' }));
      },
    });
    expect(gap).toMatchObject({ reason: 'update', version: '0.1.1', previousVersion: '0.1.0', tabsBack: 1, tabsMissed: 0 });
    expect(shot.screenshotId).toEqual(expect.any(String));
    expect(said.filter((line) => /parcours|extension|context invalidated/i.test(line))).toEqual([]);
  } finally {
    await close();
    rmSync(copy, { recursive: true, force: true });
  }
});
