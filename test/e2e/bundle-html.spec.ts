import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { POSTER_HEADER_HEIGHT, POSTER_PADDING, posterPixels, posterWidth } from '../../lib/bundle/html/layout';
import demoWalk from '../walks/demo-walk.mjs';
import { expect, test } from './fixtures';
import { openOfflineViewer } from './offline-viewer';

// A note with a script in it, and an image whose error handler would run one: the page must show both as text.
const PLANTED = `<script>document.title='pwned';window.pwned=1</script><img src=x onerror="document.title='pwned'">`;

test('the bundle’s index.html opens from file:// offline, runs nothing planted, and map.png is the map at the poster’s size', async ({ extension, shop }) => {
  test.setTimeout(240_000);
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Offline map', persona: 'Sandrine', scenario: 'A gift mug', goal: 'Order and pay' });
  await demoWalk({ page, context, tester });
  await tester.stop();

  // The planted note, written in the review page as a tester would.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  await review.getByRole('region', { name: 'Journey map', exact: true }).getByRole('link', { name: 'Open step 2' }).click();
  await review.getByLabel('Thought', { exact: true }).fill(PLANTED);
  await review.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(review.locator('.notes')).toContainText(PLANTED);
  await review.close();

  const out = test.info().outputPath('bundle.zip');
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const dir = test.info().outputPath('unzipped');
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await entry.async('uint8array'));
  }
  const journey = JSON.parse(await zip.file('journey.json')!.async('string'));
  expect(journey.session.language).toBe('en');
  const shots: string[] = journey.steps.flatMap((step: { screenshot: string | null }) => (step.screenshot ? [step.screenshot] : []));
  expect(shots.length).toBeGreaterThan(5);

  // A browser of its own, without the extension: index.html as anyone would double-click it.
  const offline = await openOfflineViewer({ width: 1280, height: 900 });
  const { viewer, map, requests, problems } = offline;
  try {
    const index = pathToFileURL(path.join(dir, 'index.html')).href;
    await map.goto(index);
    await map.waitForLoadState('load');

    // The map: the stages, every step, the curve with the walk's faces, the metrics, the signals.
    await expect(map.getByRole('heading', { level: 1 })).toHaveText('Offline map');
    const steps = journey.steps.length;
    await expect(map.locator('.row-action .cell')).toHaveCount(steps);
    await expect(map.locator('.metrics')).toContainText(`Steps${steps}`);
    expect(await map.locator('.stage-band').allInnerTexts()).toEqual(expect.arrayContaining(['Awareness', 'Purchase']));
    await expect(map.locator('.stage-card')).toHaveCount(7);
    await expect(map.getByRole('img', { name: /^Emotion curve over \d+ steps, \d+ of them with an emotion/ })).toBeVisible();
    expect(await map.locator('svg.curve g.face title').allTextContents()).toEqual(
      expect.arrayContaining(['2. Negative · confused', '3. Very negative · frustrated']),
    );
    // Every friction signal of journey.json, on its step (the demo shop always provokes a rage click).
    const signals: [number, string][] = journey.steps.flatMap((step: { index: number; signals: { type: string }[] }) =>
      step.signals.map((signal): [number, string] => [step.index + 1, signal.type]),
    );
    expect(signals.map(([, type]) => type)).toContain('rage-click');
    for (const [number, type] of signals) await expect(map.locator(`.row-pain [data-step="${number}"] [data-signal="${type}"]`)).toHaveCount(1);
    await expect(map.locator('.row-pain [data-signal]')).toHaveCount(signals.length);

    // The planted note is text in its lane; nothing of it ran.
    await expect(map.locator('.row-thoughts [data-step="2"] li')).toHaveText(PLANTED);
    expect(await map.title()).toBe('Offline map – journey map');
    expect(await map.evaluate(() => 'pwned' in window)).toBe(false);
    expect(await map.locator('script').count()).toBe(0);

    // Every screenshot shows, from the bundle's folder (scrolled into view: they load lazily).
    for (const img of await map.locator('.row-screenshot img').all()) await img.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        map
          .locator('.row-screenshot img')
          .evaluateAll((images) => images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).length),
      )
      .toBe(0);
    await expect(map.locator('.row-screenshot img')).toHaveCount(shots.length);

    // Only the bundle's own files were asked for: the page and its images, by file://, nothing else.
    const own = new Set([index, ...shots.map((shot) => pathToFileURL(path.join(dir, shot)).href)]);
    expect(requests.filter((url) => !own.has(url))).toEqual([]);
    expect(requests).toContain(index);
    expect(problems).toEqual([]);

    // Alone, out of its folder: each image says which file of the bundle's folder it needs; still no network.
    const aloneDir = test.info().outputPath('alone');
    mkdirSync(aloneDir, { recursive: true });
    writeFileSync(path.join(aloneDir, 'index.html'), readFileSync(path.join(dir, 'index.html')));
    const aloneIndex = pathToFileURL(path.join(aloneDir, 'index.html')).href;
    requests.length = 0;
    const alone = await viewer.newPage();
    await alone.goto(aloneIndex);
    await expect(alone.locator('.bundle-note')).toContainText('unzip the whole bundle');
    const first = alone.locator('.row-screenshot img').first();
    await expect.poll(() => first.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 0)).toBe(true);
    expect(await first.getAttribute('alt')).toBe(`Screenshot of step 1 (${shots[0]}, in the bundle’s folder)`);
    const aloneOwn = new Set([aloneIndex, ...shots.map((shot) => pathToFileURL(path.join(aloneDir, shot)).href)]);
    expect(requests.filter((url) => !aloneOwn.has(url))).toEqual([]);
    await alone.close();

    // Printed: one stage (at most six steps) a page.
    const pdf = await map.pdf({ landscape: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(new Set(journey.steps.map((step: { stageId: string }) => step.stageId)).size + 1);

    // map.png: a PNG at the poster's size, decoded by the browser, with the map drawn in it.
    const png = await zip.file('map.png')!.async('uint8array');
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const header = Buffer.from(png.slice(16, 24));
    const size = { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
    const rows = Math.ceil(steps / 20);
    const cssWidth = posterWidth(steps);
    // The demo walk is small: drawn at full scale, as wide as the poster's rows, as tall as its header and rows.
    expect(posterPixels(cssWidth, 2000).scale).toBe(1);
    expect(size.width).toBe(cssWidth);
    expect(size.height).toBeGreaterThan(2 * POSTER_PADDING + POSTER_HEADER_HEIGHT + rows * 800);
    expect(size.height).toBeLessThan(2 * POSTER_PADDING + POSTER_HEADER_HEIGHT + rows * 1000);
    const decoded = await map.evaluate(
      async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context2d.drawImage(bitmap, 0, 0);
        const { data } = context2d.getImageData(0, 0, bitmap.width, bitmap.height);
        // Pixels of the stage bands' colour (#e8ecf8), and pixels that are neither white nor that: text, images, faces.
        let band = 0;
        let other = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (r === 0xe8 && g === 0xec && b === 0xf8) band++;
          else if (!(r === 255 && g === 255 && b === 255)) other++;
        }
        return { width: bitmap.width, height: bitmap.height, band, other };
      },
      [...png],
    );
    expect({ width: decoded.width, height: decoded.height }).toEqual(size);
    expect(decoded.band).toBeGreaterThan(steps * 190 * 20);
    expect(decoded.other).toBeGreaterThan(size.width * size.height * 0.05);
  } finally {
    await offline.close();
  }
});
