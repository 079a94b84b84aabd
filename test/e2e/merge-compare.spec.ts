import JSZip from 'jszip';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';

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

  expect(await seriousViolations(sessions), 'merged map').toEqual([]);

  // Exported as a merged bundle: merged.json with the walks it came from, its screenshots, a manifest.
  const [download] = await Promise.all([sessions.waitForEvent('download'), sessions.getByRole('button', { name: 'Export merged bundle' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^shopper-one-merged-3-walks-\d{4}-\d{2}-\d{2}\.parcours\.zip$/);
  const zip = await JSZip.loadAsync(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
  const merged = JSON.parse((await zip.file('merged.json')?.async('string')) as string);
  expect(merged.format).toBe('parcours.merged-journey');
  expect(merged.walks.map((walk: { id: string }) => walk.id)).toEqual(ids);
  expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['steps.csv', 'journey.mmd', 'manifest.json', 'README.txt', 'events.json']));
  expect(Object.keys(zip.files).some((name) => /^screenshots\/step-\d{4}\.jpg$/.test(name))).toBe(true);

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
});
