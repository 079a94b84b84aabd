import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';
import { openOfflineViewer } from './offline-viewer';

/**
 * Three short walks through the demo shop, each tagged with its own emotions (two with the same pain point),
 * merged in the sessions page (the aggregate's stats, the walks listed, the merged bundle exported), and two
 * of them compared side by side.
 */
test('three recorded walks merge into an aggregate map with its stats, and two compare side by side', async ({ extension, shop }) => {
  test.setTimeout(240_000);
  const { page, context, extensionId, tester } = extension;
  const walks = [
    { title: 'Shopper one', persona: 'Ana', first: 2, second: 1, pain: 'Promo code refused' },
    { title: 'Shopper two', persona: 'Ben', first: -1, second: -2, pain: 'promo code refused' },
    { title: 'Shopper three', persona: 'Chloé', first: 0, second: 1, pain: null },
  ];
  const ids: string[] = [];
  for (const walk of walks) {
    await page.goto(shop.shopUrl);
    await tester.start({ title: walk.title, persona: walk.persona });
    await page.getByRole('button', { name: 'Track my order' }).click();
    await tester.emotion(walk.first);
    await page.getByRole('button', { name: 'Apply promo code' }).first().click();
    await tester.emotion(walk.second);
    if (walk.pain) await tester.note('pain', walk.pain);
    await tester.stop();
    ids.push(tester.sessionId as string);
  }

  const sessions = await context.newPage();
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  const merge = sessions.getByRole('button', { name: 'Merge', exact: true });
  await expect(merge).toBeDisabled();
  // The checkboxes are reached and ticked with the keyboard.
  for (const walk of walks) {
    const box = sessions.getByRole('checkbox', { name: `Select ${walk.title} for merging or comparing` });
    await box.focus();
    await sessions.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await expect(sessions.getByText('3 selected')).toBeVisible();
  await expect(sessions.getByRole('button', { name: 'Compare', exact: true })).toBeDisabled();
  await merge.click();

  await expect(sessions).toHaveURL(new RegExp(`#/merge/${ids.join(',')}$`));
  await expect(sessions.getByRole('heading', { level: 1 })).toHaveText('Merged map: Shopper one');
  await expect(sessions.locator('[data-merge-summary]')).toHaveText(/^3 walks, \d+ stages, \d+ aligned steps$/);
  await expect(sessions.locator('.merge-walks li')).toHaveText([/^Shopper one · Ana · /, /^Shopper two · Ben · /, /^Shopper three · Chloé · /]);
  // The stage the two clicks are in: every valence of the three walks, 2 1 −1 −2 0 1.
  const stage = sessions.locator('.merge-stage', { has: sessions.locator('[data-emotion]', { hasText: 'mean' }) }).first();
  await expect(stage.locator('[data-emotion]')).toHaveText('mean +0.17 · median +0.5 · min -2 · max +2');
  await expect(stage.locator('[data-pain-points] li')).toHaveText(['Promo code refused 2/3 walks']);
  await expect(stage.locator('h2')).toContainText('3 of 3 walks');
  // The first click is one aligned step of all three walks: its own valences 2, −1, 0.
  const track = sessions.locator('[data-aligned-step]', { hasText: 'Track my order' });
  await expect(track).toHaveCount(1);
  await expect(track).toContainText('3/3');
  await expect(track).toContainText('mean +0.33 · median 0 · min -1 · max +2');

  // Each walk compared with the first, as the merged bundle's compare.json and index.html hold it; opened by keyboard.
  const comparisons = sessions.locator('[data-merge-comparisons] details');
  await expect(comparisons.locator('summary')).toHaveText(['Shopper two compared with Shopper one', 'Shopper three compared with Shopper one']);
  await comparisons.first().locator('summary').focus();
  await sessions.keyboard.press('Enter');
  await expect(comparisons.first().locator('[data-compare-summary] li').nth(4)).toHaveText('Mean emotion: +1.5 / -1.5 (−3).');

  expect(await seriousViolations(sessions), 'merged map').toEqual([]);

  // Exported as a merged bundle: merged.json with the walks it came from, its screenshots, a manifest.
  const [download] = await Promise.all([sessions.waitForEvent('download'), sessions.getByRole('button', { name: 'Export merged bundle' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^shopper-one-merged-3-walks-\d{4}-\d{2}-\d{2}\.parcours\.zip$/);
  const zip = await JSZip.loadAsync(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
  const merged = JSON.parse((await zip.file('merged.json')?.async('string')) as string);
  expect(merged.format).toBe('parcours.merged-journey');
  expect(merged.walks.map((walk: { id: string }) => walk.id)).toEqual(ids);
  expect(Object.keys(zip.files)).toEqual(
    expect.arrayContaining([
      'steps.csv',
      'journey.mmd',
      'manifest.json',
      'README.txt',
      'events.json',
      'index.html',
      'compare.json',
      'schema/merged.schema.json',
      'schema/compare.schema.json',
      'cjml/walk-01.xml',
      'cjml/walk-02.xml',
      'cjml/walk-03.xml',
    ]),
  );
  expect(Object.keys(zip.files).some((name) => /^screenshots\/step-\d{4}\.jpg$/.test(name))).toBe(true);
  // compare.json: the second and third walks, each compared with the first.
  const compare = JSON.parse((await zip.file('compare.json')?.async('string')) as string);
  expect(
    compare.comparisons.map((entry: { walk: number; comparison: { a: { id: string }; b: { id: string } } }) => [
      entry.walk,
      entry.comparison.a.id,
      entry.comparison.b.id,
    ]),
  ).toEqual([
    [1, ids[0], ids[1]],
    [2, ids[0], ids[2]],
  ]);
  await checkMergedFiles(zip, ids);

  // Compare exactly two.
  await sessions.getByRole('link', { name: 'Back to sessions' }).click();
  await sessions.getByRole('checkbox', { name: 'Select Shopper one for merging or comparing' }).check();
  await sessions.getByRole('checkbox', { name: 'Select Shopper two for merging or comparing' }).check();
  await sessions.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(sessions).toHaveURL(/#\/compare\//);
  await expect(sessions.getByRole('heading', { name: 'Comparing two walks' })).toBeVisible();
  const summary = sessions.locator('[data-compare-summary] li');
  await expect(summary.nth(0)).toHaveText(/^A: Shopper one \(Ana, /);
  await expect(summary.nth(1)).toHaveText(/^B: Shopper two \(Ben, /);
  await expect(summary.nth(2)).toHaveText(/^Steps: (\d+) \/ \1; \1 matched, 0 only in A, 0 only in B\.$/);
  const trackRow = sessions.locator('.compare-steps tr[data-status="matched"]', { hasText: 'Track my order' });
  await expect(trackRow).toHaveClass(/differs/);
  await expect(trackRow.locator('td').last()).toContainText('emotion +2 → -1');
  expect(await seriousViolations(sessions), 'comparison').toEqual([]);

  // The review page of a walk offers the other walks of its journey, newest first, and shows the comparison;
  // all by keyboard.
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html#/session/${ids[0]}`);
  const section = sessions.getByRole('region', { name: 'Compare with another walk' });
  const picker = section.getByLabel('Walk of the same journey');
  await expect(picker.locator('option')).toHaveText([/^Shopper three \(Chloé, /, /^Shopper two \(Ben, /]);
  await picker.focus();
  await sessions.keyboard.press('ArrowDown');
  await expect(picker).toHaveValue(ids[1] as string);
  await sessions.keyboard.press('Tab');
  await expect(section.getByRole('button', { name: 'Show comparison' })).toBeFocused();
  await sessions.keyboard.press('Enter');
  const shown = section.locator(`[data-compare-with="${ids[1]}"]`);
  const lines = shown.locator('[data-compare-summary] li');
  await expect(lines.nth(0)).toHaveText(/^A: Shopper one \(Ana, /);
  await expect(lines.nth(1)).toHaveText(/^B: Shopper two \(Ben, /);
  await expect(lines.nth(2)).toHaveText(/^Steps: (\d+) \/ \1; \1 matched, 0 only in A, 0 only in B\.$/);
  await expect(lines.nth(3)).toHaveText(/^Time: .+ \/ .+ \(.+\)\.$/);
  await expect(lines.nth(4)).toHaveText(/^Mean emotion: \+1\.5 \/ -1\.5 \(−3\)\.$/);
  await expect(shown.locator('.compare-steps tr[data-status="matched"]', { hasText: 'Track my order' }).locator('td').last()).toContainText('emotion +2 → -1');
  await expect(shown.locator('[data-compare-pain] li')).toHaveText(['Promo code refused: 1 / 1']);
  await expect(shown.getByRole('link', { name: 'Open on its own page' })).toHaveAttribute('href', `#/compare/${ids[0]},${ids[1]}`);
  expect(await seriousViolations(sessions), 'review page with a comparison').toEqual([]);
});

/**
 * The merged bundle's own index.html in a browser of its own (no extension) from file://, the network refused:
 * the aggregate and the comparisons show, nothing else is fetched, nothing runs; and each walk's CJML is read
 * by that browser's XML parser.
 */
async function checkMergedFiles(zip: JSZip, ids: string[]): Promise<void> {
  const dir = test.info().outputPath('merged');
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await entry.async('uint8array'));
  }
  const offline = await openOfflineViewer();
  const { map, requests, problems } = offline;
  try {
    const index = pathToFileURL(path.join(dir, 'index.html')).href;
    await map.goto(index);
    await expect(map.getByRole('heading', { level: 1 })).toHaveText('Merged map: Shopper one');
    await expect(map.locator('.merged-walks li')).toHaveText([/^Shopper one · Ana · /, /^Shopper two · Ben · /, /^Shopper three · Chloé · /]);
    const stage = map.locator('.merged-stage', { has: map.locator('[data-emotion]', { hasText: 'mean' }) }).first();
    await expect(stage.locator('[data-emotion]')).toHaveText('mean +0.17 · median +0.5 · min -2 · max +2');
    await expect(stage.locator('[data-pain-points] li')).toHaveText(['Promo code refused 2/3 walks']);
    await expect(map.locator('.comparison')).toHaveCount(2);
    await expect(map.locator('.comparison h3')).toHaveText(['Shopper two compared with Shopper one', 'Shopper three compared with Shopper one']);
    await expect(map.locator('.comparison').first().locator('.compare-steps tr', { hasText: 'Track my order' }).locator('td').last()).toContainText(
      'emotion +2 → -1',
    );
    expect(await map.locator('script').count()).toBe(0);
    // Every screenshot shows, from the bundle's folder.
    for (const img of await map.locator('img.thumb').all()) await img.scrollIntoViewIfNeeded();
    const shots = Object.keys(zip.files).filter((name) => name.startsWith('screenshots/') && !zip.files[name]?.dir);
    await expect(map.locator('img.thumb')).toHaveCount(shots.length);
    await expect
      .poll(() =>
        map
          .locator('img.thumb')
          .evaluateAll((images) => images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).length),
      )
      .toBe(0);
    const own = new Set([index, ...shots.map((shot) => pathToFileURL(path.join(dir, shot)).href)]);
    expect(requests.filter((url) => !own.has(url))).toEqual([]);
    expect(problems).toEqual([]);
    // Printed: a stage a page, and a comparison a page.
    const pdf = await map.pdf({ landscape: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual((await map.locator('.merged-stage').count()) + 2);

    // Each walk's CJML, parsed by the browser's XML parser: a CJML 2.0 document of that walk's actual journey.
    for (const [walk, id] of ids.entries()) {
      const xml = (await zip.file(`cjml/walk-${String(walk + 1).padStart(2, '0')}.xml`)?.async('string')) as string;
      const read = await map.evaluate((text) => {
        const document = new DOMParser().parseFromString(text, 'application/xml');
        return {
          error: document.getElementsByTagName('parsererror').length,
          root: document.documentElement.tagName,
          version: document.documentElement.getAttribute('version'),
          journeys: [...document.documentElement.children].map((element) => element.tagName),
          id: document.querySelector('actualJourney > journeyID')?.textContent,
          touchpoints: document.querySelectorAll('touchpoints > *').length,
        };
      }, xml);
      expect(read).toMatchObject({ error: 0, root: 'CJML', version: '2.0', journeys: ['actualJourney'], id: `AJ-${id}` });
      expect(read.touchpoints).toBeGreaterThanOrEqual(3);
    }
  } finally {
    await offline.close();
  }
}
