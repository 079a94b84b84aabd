import { seriousViolations } from './axe';
import { expect, test } from './fixtures';

test('the popup, the side panel and the review page have no serious or critical accessibility violations', async ({ extension, shop }) => {
  test.setTimeout(120_000);
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);

  const popup = await tester.popup();
  await popup.locator('summary').first().click();
  expect(await seriousViolations(popup), 'popup, start form').toEqual([]);

  await tester.start({ title: 'Accessibility' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  // The tester's tags wait for the click to be committed: they land on it.
  await tester.emotion(-1, 'confused');
  await tester.note('pain', 'Nothing happens');
  expect(await seriousViolations(popup), 'popup, recording').toEqual([]);

  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(panel.getByRole('tab', { name: 'Timeline' })).toBeVisible();
  expect(await seriousViolations(panel), 'side panel, timeline').toEqual([]);
  await panel.getByRole('tab', { name: 'Checklist' }).click();
  expect(await seriousViolations(panel), 'side panel, checklist').toEqual([]);
  await panel.getByRole('tab', { name: 'Setup' }).click();
  expect(await seriousViolations(panel), 'side panel, setup').toEqual([]);
  await tester.stop();

  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html`);
  await expect(review.getByRole('link', { name: 'Accessibility' })).toBeVisible();
  expect(await seriousViolations(review), 'sessions list').toEqual([]);
  await review.getByRole('button', { name: 'Delete: Accessibility' }).click();
  await expect(review.getByRole('dialog')).toBeVisible();
  expect(await seriousViolations(review), 'delete confirmation').toEqual([]);
  await review.getByRole('button', { name: 'Cancel' }).click();
  await review.getByRole('link', { name: 'Accessibility' }).click();
  await expect(review.getByRole('region', { name: 'Journey map', exact: true })).toBeVisible();
  expect(await seriousViolations(review), 'journey map').toEqual([]);
  await review.getByText('Friction signal thresholds').click();
  expect(await seriousViolations(review), 'journey map, thresholds open').toEqual([]);
  await review.getByRole('link', { name: 'Open step 2' }).click();
  await expect(review.getByRole('heading', { name: /Step 2 of/ })).toBeVisible();
  expect(await seriousViolations(review), 'step view').toEqual([]);
  await review.getByRole('button', { name: 'Redact: draw boxes to blur' }).click();
  await review.getByLabel(/Screenshot being redacted/).press('Enter');
  expect(await seriousViolations(review), 'step view, redacting').toEqual([]);
  await review.getByRole('button', { name: 'Save the blurred screenshot' }).click();
  await review.getByRole('button', { name: 'Destroy the original' }).click();
  await expect(review.getByRole('dialog')).toBeVisible();
  expect(await seriousViolations(review), 'step view, destroy confirmation').toEqual([]);
});
