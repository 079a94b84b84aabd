import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import JSZip from 'jszip';
import { launchWithExtension, serviceWorker } from '../../scripts/lib/browser.mjs';
import { imageFigures } from '../../scripts/lib/image-figures.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { expect, type Row, test } from './fixtures';

/** The brand colour of the delivery page's sticky notice strip, and the accent of its fixed Back to top link. */
const BRAND: [number, number, number] = [0x1f, 0x5f, 0x8b];
const ACCENT: [number, number, number] = [0xf2, 0xb1, 0x34];

interface Walk {
  context: BrowserContext;
  extensionId: string;
  page: Page;
  tester: Tester;
}

/**
 * The walk's events, read from the database in the service worker without our code (Blobs left out): no
 * page is opened, so the walked tab stays the one in view.
 */
async function walkEvents(walk: Walk): Promise<Row[]> {
  const worker = await serviceWorker(walk.context, walk.extensionId);
  return worker.evaluate(async (sessionId: string) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise<Row[]>((resolve, reject) => {
      const request = db.transaction('events').objectStore('events').index('sessionId').getAll(sessionId);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.sort((a, b) => a.seq - b.seq);
  }, walk.tester.sessionId as string);
}

async function fullPages(walk: Walk): Promise<Row[]> {
  return (await walkEvents(walk)).filter((event) => event.kind === 'full-page');
}

/**
 * Everything the overlay's status line says, in order, noted where the content script runs (its shadow root is
 * closed to the page: see scripts/lib/overlay.mjs).
 */
async function noteOverlayStatus(walk: Walk): Promise<void> {
  await walk.tester.overlay().evaluate((root: ShadowRoot | null) => {
    const status = root?.querySelector('[role="status"]');
    if (!status) throw new Error('No overlay status line');
    const said: string[] = [];
    (globalThis as unknown as { overlaySaid: string[] }).overlaySaid = said;
    new MutationObserver(() => said.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    return true;
  });
}

const overlaySaid = (walk: Walk): Promise<string[]> => walk.tester.overlay().evaluate(() => (globalThis as unknown as { overlaySaid: string[] }).overlaySaid);

/** Playwright's own full-page screenshot of the page at its top, without the overlay: the reference. */
async function reference(page: Page): Promise<string> {
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('parcours-overlay')?.style.setProperty('display', 'none', 'important');
    window.scrollTo({ top: 0, behavior: 'instant' });
  });
  const png = await page.screenshot({ fullPage: true, type: 'png' });
  await page.evaluate((top) => {
    document.querySelector<HTMLElement>('parcours-overlay')?.style.removeProperty('display');
    window.scrollTo({ top, behavior: 'instant' });
  }, scrollY);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Where the page's fixed link and the overlay's toolbar are, CSS px of the viewport. */
async function layout(walk: Walk) {
  const toolbar = await walk.tester.overlay().box('.toolbar');
  const where = await walk.page.evaluate(() => {
    const box = (element: Element | null | undefined) => {
      const rect = element?.getBoundingClientRect();
      return rect ? { left: rect.left, right: rect.right, top: rect.top, height: rect.height } : null;
    };
    return {
      pageHeight: document.documentElement.scrollHeight,
      viewportHeight: window.innerHeight,
      ratio: window.devicePixelRatio,
      strip: box(document.querySelector('.header-notice')),
      backToTop: box(document.querySelector('.back-to-top')),
    };
  });
  return { ...where, toolbar: toolbar ? { left: toolbar.x, right: toolbar.x + toolbar.width } : null };
}

/**
 * The stored image against the reference: as tall as the page in device pixels; the sticky header's strip
 * once, at the top; the fixed link once, in the first screen; nothing of the overlay where it sat in any frame.
 */
async function expectFaithful(walk: Walk, screenshotId: string, referenceUrl: string) {
  const where = await layout(walk);
  const { ratio, strip, backToTop, toolbar } = where;
  if (!strip || !backToTop || !toolbar) throw new Error('The delivery page or the overlay is not as expected');
  const reader = await walk.context.newPage();
  try {
    await reader.goto(`chrome-extension://${walk.extensionId}/sessions.html`);
    const figures = await imageFigures(reader, {
      reference: referenceUrl,
      candidate: { screenshotId },
      columns: [Math.floor(toolbar.left * ratio), Math.ceil(toolbar.right * ratio)],
      runs: [
        // Past the page's corner marker (16 px), which is drawn over the strip.
        { name: 'strip', x: Math.round(24 * ratio), color: BRAND },
        { name: 'backToTop', x: Math.round((backToTop.left + 4) * ratio), color: ACCENT },
      ],
    });
    expect(Math.abs(figures.height - where.pageHeight * ratio)).toBeLessThanOrEqual(2);
    expect(figures.width).toBe(figures.referenceWidth);
    expect(figures.runs.strip).toHaveLength(1);
    expect(figures.runs.strip?.[0]?.y).toBe(0);
    expect(Math.abs((figures.runs.strip?.[0]?.length ?? 0) - strip.height * ratio)).toBeLessThanOrEqual(3);
    expect(figures.runs.backToTop).toHaveLength(1);
    // In the first screen, where it sits at the top of the page.
    expect(figures.runs.backToTop?.[0]?.y).toBeLessThan(where.viewportHeight * ratio);
    // Close to the browser's own rendering everywhere (JPEG noise), and the overlay's columns too.
    expect(figures.mean).toBeLessThan(3);
    expect(figures.worstBand.mean).toBeLessThan(8);
    return figures;
  } finally {
    await reader.close();
    await walk.page.bringToFront();
  }
}

async function startOnDelivery(walk: Walk, shopUrl: string) {
  await walk.page.goto(new URL('/delivery', shopUrl).href);
  await walk.tester.start({ title: 'Delivery page' });
  await walk.tester.readyOverlay();
  // A step for the full page to land on.
  await walk.page.getByRole('heading', { name: 'Delivery and returns' }).click();
  await expect.poll(async () => (await walkEvents(walk)).some((e) => e.kind === 'click')).toBe(true);
  // The tester reads on, scrolled down the page.
  await walk.page.mouse.move(640, 400);
  await walk.page.mouse.wheel(0, 1000);
  await expect.poll(() => walk.page.evaluate(() => window.scrollY)).toBe(1000);
  await expect.poll(async () => (await walkEvents(walk)).filter((e) => e.kind === 'scroll').map((e) => e.scrollY)).toEqual([1000]);
}

test('Alt+Shift+F takes the full page for the latest step: as tall as the page, header once, no overlay, scroll put back, shown on the step', async ({
  extension,
  shop,
}) => {
  const walk: Walk = extension;
  const { page, tester } = walk;
  await startOnDelivery(walk, shop.shopUrl);
  await noteOverlayStatus(walk);

  await page.keyboard.press('Alt+Shift+KeyF');
  const overlay = tester.overlay();
  await expect.poll(() => overlay.status()).toBe('Full page (4 screens) → Click "Delivery and returns"');
  expect(await page.evaluate(() => window.scrollY)).toBe(1000);
  const said = await overlaySaid(walk);
  expect(said).toEqual(expect.arrayContaining(['Full page: getting ready…', 'Full page 1/4…', 'Full page 4/4…']));

  const [stored] = await fullPages(walk);
  const events = await walkEvents(walk);
  const click = events.find((e) => e.kind === 'click');
  expect(stored).toMatchObject({ forEventId: click?.id, viewports: 4, truncated: false, missingReason: null, width: 1280 });
  // Its scrolling is not the tester's: the only scroll recorded is the tester's own.
  expect(events.filter((e) => e.kind === 'scroll').map((e) => e.scrollY)).toEqual([1000]);
  await expectFaithful(walk, stored?.screenshotId, await reference(page));
  expect(await page.evaluate(() => window.scrollY)).toBe(1000);

  // Never while typing in a field: Alt+Shift+F in the search box takes nothing.
  await overlay.evaluate(() => {
    (globalThis as unknown as { overlaySaid: string[] }).overlaySaid.length = 0;
  });
  await page.getByLabel('Search', { exact: true }).focus();
  await page.keyboard.press('Alt+Shift+KeyF');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The overlay's button takes the next one: the only one since the field.
  await overlay.click({ name: 'Full page' });
  await expect.poll(() => overlay.status()).toBe('Full page (4 screens) → Click "Delivery and returns"');
  await expect.poll(async () => (await fullPages(walk)).length).toBe(2);
  expect((await overlaySaid(walk)).filter((text) => text === 'Full page: getting ready…')).toHaveLength(1);
  expect(await overlaySaid(walk)).not.toContain('A full-page screenshot is already being taken');
  expect(await page.evaluate(() => window.scrollY)).toBe(1000);

  // The map: the step shows both.
  await tester.stop();
  const review = await walk.context.newPage();
  await review.goto(`chrome-extension://${walk.extensionId}/sessions.html#/session/${tester.sessionId}/step/${click?.id}`);
  const first = review.getByRole('img', { name: 'Full-page screenshot 1 of this step' });
  await expect(first).toBeVisible();
  await expect(review.getByRole('img', { name: 'Full-page screenshot 2 of this step' })).toBeVisible();
  await expect.poll(() => first.evaluate((image: HTMLImageElement) => image.naturalHeight)).toBe(stored?.height);
  await expect(review.getByText('1280 × 2554 px, 4 screens').first()).toBeVisible();

  // The bundle carries them under screenshots/.
  const out = test.info().outputPath('full-page.zip');
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
  const step = journey.steps.find((item: Row) => item.id === click?.id);
  expect(step.fullPages.map((item: Row) => item.screenshot)).toEqual(['screenshots/full-page-0001.jpg', 'screenshots/full-page-0002.jpg']);
  expect(step.fullPages[0]).toMatchObject({ width: 1280, height: stored?.height, viewports: 4, truncated: false });
  expect((await zip.file('screenshots/full-page-0001.jpg')?.async('uint8array'))?.length).toBeGreaterThan(10_000);
});

test('the overlay’s Full page button on a HiDPI screen: the image is in device pixels, header once, no overlay, scroll put back', async ({ shop }) => {
  const { context, extensionId, close } = await launchWithExtension({ deviceScaleFactor: 2 });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const walk: Walk = { context, extensionId, page, tester: new Tester({ context, extensionId, page }) };
    await startOnDelivery(walk, shop.shopUrl);
    const overlay = walk.tester.overlay();
    await overlay.click({ name: 'Full page' });
    await expect.poll(() => overlay.status()).toBe('Full page (4 screens) → Click "Delivery and returns"');
    expect(await page.evaluate(() => window.scrollY)).toBe(1000);
    const [stored] = await fullPages(walk);
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(2);
    expect(stored).toMatchObject({ width: 2560, viewports: 4, missingReason: null });
    const figures = await expectFaithful(walk, stored?.screenshotId, await reference(page));
    expect(figures.height).toBe(stored?.height);
    await walk.tester.stop();
  } finally {
    await close();
  }
});
