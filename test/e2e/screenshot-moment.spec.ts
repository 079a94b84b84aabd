import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import markers from '../fixtures/page-markers.json' with { type: 'json' };
import { expect, test } from './fixtures';

/** The demo shop's page a URL shows, by the name its corner marker carries (test/fixtures/page-markers.json). */
function pageOf(url: string | null): keyof typeof markers | null {
  if (!url) return null;
  const path = new URL(url).pathname;
  const byPath: Record<string, keyof typeof markers> = { '/': 'home', '/search': 'search', '/product': 'product', '/cart': 'cart', '/checkout': 'checkout' };
  return byPath[path] ?? null;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The marker it shows, read from the image's corner: the page whose colour is nearest (JPEG shifts colours a little). */
function nearestMarker(pixel: number[]): { page: string; distance: number } {
  let best = { page: '', distance: Number.POSITIVE_INFINITY };
  for (const [page, hex] of Object.entries(markers)) {
    const [r, g, b] = rgb(hex);
    const distance = Math.hypot((pixel[0] ?? 0) - r, (pixel[1] ?? 0) - g, (pixel[2] ?? 0) - b);
    if (distance < best.distance) best = { page, distance };
  }
  return best;
}

interface JourneyStep {
  id: string;
  kind: string;
  action: string;
  url: string | null;
  screenshot: string | null;
  screenshotMissing?: string;
  screenshotSource: string | null;
  screenshotDelayMs: number | null;
  devicePixelRatio: number | null;
}

test('a fast walk across pages: every step’s screenshot shows its own page, taken from the tab’s stream at the press', async ({
  extension,
  shop,
}, testInfo) => {
  const { page, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Fast walk' });
  await tester.readyOverlay();

  // A quick shopper: clicks 150 ms apart, never waiting for a page to settle (Playwright waits only for the
  // element it clicks to be there), each held down 80 ms as a person's press is (Playwright's own clicks
  // release at once, before any frame of the press could be painted).
  const quick = () => new Promise((resolve) => setTimeout(resolve, 150));
  const press = { delay: 80 };
  await page.getByLabel('Search', { exact: true }).fill('mug');
  await page.getByRole('button', { name: 'Search' }).click(press);
  await quick();
  await page.locator('#search-results li a').first().click(press);
  await quick();
  await page.getByRole('button', { name: 'Increase quantity' }).click(press);
  await quick();
  await page.getByRole('button', { name: 'Increase quantity' }).click(press);
  await quick();
  await page.getByRole('button', { name: 'Add to cart' }).click(press);
  await quick();
  await page.getByRole('link', { name: 'View cart' }).click(press);
  await quick();
  await page.getByRole('link', { name: 'Proceed to checkout' }).click(press);
  await quick();
  await page.getByRole('link', { name: 'Parcours Shop' }).first().click(press);
  await page.waitForURL(shop.shopUrl);
  await tester.stop();

  const out = testInfo.outputPath('fast.zip');
  await tester.exportTo(out);
  const bundle = await JSZip.loadAsync(readFileSync(out));
  const journey = JSON.parse(await (bundle.file('journey.json') as JSZip.JSZipObject).async('string')) as { steps: JourneyStep[] };
  const clicks = journey.steps.filter((step) => step.kind === 'click' || step.kind === 'form');
  expect(clicks.length).toBeGreaterThanOrEqual(7);

  // Every click has its own image from the stream, of the moment of its press; or, where the stream missed
  // the moment (a machine too busy to capture every repaint), it says so and how far off the image was.
  for (const step of clicks) {
    if (step.screenshot) {
      expect(step.screenshotSource, step.action).toBe('tab-stream');
      expect(step.screenshotDelayMs, step.action).toBeLessThanOrEqual(100);
    } else {
      expect(['late', 'stale'], `${step.action}: why it has no screenshot`).toContain(step.screenshotMissing);
      expect(step.screenshotDelayMs, step.action).not.toBeNull();
    }
  }
  const missing = clicks.filter((step) => !step.screenshot).map((step) => `${step.action}: ${step.screenshotMissing} ${step.screenshotDelayMs} ms`);
  expect(clicks.length - missing.length, `clicks with an image of their own (without: ${missing.join('; ')})`).toBeGreaterThan(clicks.length / 2);

  // And the pixels say which page each image shows: the step's own.
  const checked: string[] = [];
  for (const step of journey.steps) {
    const expected = pageOf(step.url);
    if (!step.screenshot || !expected) continue;
    const base64 = await (bundle.file(step.screenshot) as JSZip.JSZipObject).async('base64');
    const ratio = step.devicePixelRatio ?? 1;
    const pixel = await page.evaluate(
      async ({ base64, at }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context.drawImage(bitmap, 0, 0);
        return Array.from(context.getImageData(at, at, 1, 1).data);
      },
      { base64, at: Math.round(8 * ratio) },
    );
    const seen = nearestMarker(pixel);
    expect(seen.distance, `${step.action}: a marker in the corner`).toBeLessThan(60);
    expect(seen.page, `${step.action} (${step.url}) shows its own page`).toBe(expected);
    checked.push(step.action);
  }
  expect(checked.length, 'every click with an image was read').toBeGreaterThanOrEqual(clicks.filter((step) => step.screenshot).length);
});
