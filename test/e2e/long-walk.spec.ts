import type { Locator, Page } from '@playwright/test';
import { openPanelWindow, recordLongWalk } from '../../scripts/lib/long-walk-recorded.mjs';
import { expect, type Row, readRows, test, waitForScreenshot } from './fixtures';

// Issue 11, resilience case 6: a two-hour walk of 2,000 steps, recorded through the background's own writers
// with real screenshots of the demo shop (scripts/lib/long-walk-recorded.mjs), then walked on for real. What
// is asserted is function: bounded DOM, the right step shown, edits kept. Speed is `npm run bench:map`'s.

const STEPS = 2000;

/** Elements in a page: what a windowed list keeps bounded whatever the walk's length. */
const elementCount = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** Scrolls the side panel's windowed timeline until the card of step `index` (from 0) is drawn, and centres it. */
async function scrollPanelTo(panel: Page, index: number): Promise<void> {
  await expect
    .poll(
      () =>
        panel.evaluate((wanted) => {
          const card = document.querySelector(`.step-card[data-step-index="${wanted}"]`);
          if (card) {
            card.scrollIntoView({ block: 'center' });
            return true;
          }
          // Not drawn: move by the cards' height towards it (they are estimated until drawn, so it may take a few).
          const drawn = [...document.querySelectorAll<HTMLElement>('.step-card')];
          const indices = drawn.map((element) => Number(element.dataset.stepIndex));
          const height = (drawn[0]?.offsetHeight ?? 84) + 8;
          const nearest = indices.reduce((best, value) => (Math.abs(value - wanted) < Math.abs(best - wanted) ? value : best), indices[0] ?? 0);
          window.scrollBy(0, (wanted - nearest) * height);
          return false;
        }, index),
      { message: `step ${index + 1} drawn in the side panel`, timeout: 20_000, intervals: [50, 100, 250] },
    )
    .toBe(true);
}

/** A card's screenshot is shown: read, decoded, at the capture's width. */
async function expectThumbnailShown(panel: Page, card: Locator): Promise<void> {
  await panel.bringToFront();
  await expect(card.locator('.thumb')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect.poll(() => card.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1280);
}

test('a two-hour walk of 2,000 steps: the side panel follows it windowed, tags land on their step, the map opens, scrolls and keeps an edit', async ({
  extension,
  shop,
}) => {
  test.setTimeout(900_000);
  const { page, context, extensionId, tester } = extension;
  const seeder = await context.newPage();
  await seeder.goto(`chrome-extension://${extensionId}/sessions.html`);
  const walk = await recordLongWalk({ context, extensionId, page, seeder, shopUrl: shop.shopUrl }, { steps: STEPS });
  await seeder.close();
  test.info().annotations.push({
    type: 'figures',
    description: `seeded ${walk.steps} steps, ${walk.events} events, ${walk.screenshots} screenshots, ${walk.annotations} annotations, ${walk.stageSwitches} stage switches in ${walk.tookMs} ms`,
  });
  expect(walk.steps).toBe(STEPS);
  expect(walk.screenshots).toBeGreaterThan(STEPS);
  tester.sessionId = walk.sessionId;
  // The page in the tab was handed the walk: its recorder asked the background, and records for it.
  await page.bringToFront();
  await tester.expectOverlayStatus('Recording');

  // The side panel during the walk: it opens on the latest steps, and draws only the cards near the viewport.
  // In a window of its own, as Chrome shows a side panel (a tab of the walk's window would be what it captures).
  const panel = await openPanelWindow(context, extensionId);
  await page.bringToFront();
  const cards = panel.locator('.step-card');
  await expect(panel.locator(`.step-card[data-step-index="${STEPS - 1}"]`)).toBeVisible({ timeout: 60_000 });
  await expect(panel.locator(`.step-card[data-step-index="${STEPS - 1}"] strong`)).toHaveText(new RegExp(`^${STEPS}\\. `));
  expect(await cards.count()).toBeLessThan(40);
  const panelElements = await elementCount(panel);
  expect(panelElements).toBeLessThan(1500);
  // The latest card shows its screenshot (a real image, decoded), as every card in view does. A thumbnail loads
  // when it scrolls into view, which a window in the background never reports (no rendering, so no
  // IntersectionObserver): the panel is brought to the front to be looked at, as a side panel always is.
  await expectThumbnailShown(panel, panel.locator(`.step-card[data-step-index="${STEPS - 1}"]`));
  await page.bringToFront();

  // The recorder, handed the walk, noted the page it found in the tab: once committed, the panel's last card
  // is that latest step (a navigation nothing on the page caused is a step of its own).
  await tester.settled();
  const latest = (await readRows(extension, 'events', walk.sessionId))
    .filter((row) => row.kind === 'navigation' || row.kind === 'click')
    .sort((a, b) => a.seq - b.seq)
    .at(-1) as Row;
  const latestCard = panel.locator(`.step-card[data-step-id="${latest.id}"]`);
  await expect(latestCard).toBeVisible();
  const lastIndex = Number(await latestCard.getAttribute('data-step-index'));
  expect(lastIndex).toBeGreaterThanOrEqual(STEPS - 1);
  expect(lastIndex).toBeLessThanOrEqual(STEPS);

  // A new click in the page: its step appears at the end of the side panel, numbered after the others.
  await page.getByRole('button', { name: 'Track my order' }).click();
  const trackClick = await tester.waitForClick('Track my order');
  const newCard = panel.locator(`.step-card[data-step-id="${trackClick.id}"]`);
  await expect(newCard.locator('strong')).toHaveText(`${lastIndex + 2}. Click "Track my order"`);
  await expect(panel.locator(`.step-card[data-step-index="${lastIndex + 1}"]`)).toHaveAttribute('data-step-id', trackClick.id);
  // Its screenshot is the page's (the recorder's own capture), and the card shows it.
  const trackShot = await waitForScreenshot(extension, trackClick);
  expect(trackShot.screenshotId, `the click's screenshot: ${trackShot.missingReason} ${trackShot.missingDetail}`).toBeTruthy();
  await expectThumbnailShown(panel, newCard);
  await page.bringToFront();

  // A tag from the overlay lands on that latest step, and the side panel shows it there.
  const emotion = await tester.emotion(1, 'reassured');
  expect(emotion.eventId).toBe(trackClick.id);
  await expect(newCard.locator('.emotion')).toContainText('reassured');

  // A note from the side panel on a step far back (step 1,500, selected there) lands on that step. The panel is
  // brought to the front to be scrolled: a hidden page gets no scroll events (they come with animation frames).
  await panel.bringToFront();
  await scrollPanelTo(panel, 1499);
  const old = panel.locator('.step-card[data-step-index="1499"]');
  const oldId = (await old.getAttribute('data-step-id')) as string;
  await old.getByRole('button', { name: 'Select step 1500 to annotate it' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Selected: tags go to step 1500' })).toBeVisible();
  await old.getByLabel('Add a note').selectOption({ label: 'Pain point' });
  await old.getByLabel('Pain point').fill('The size guide hides the return policy');
  await old.getByRole('button', { name: 'Save' }).click();
  await expect(old.locator('.notes')).toContainText('The size guide hides the return policy');
  await expect
    .poll(
      async () =>
        (await readRows(extension, 'annotations', walk.sessionId)).find((row) => row.data?.text === 'The size guide hides the return policy')?.eventId,
    )
    .toBe(oldId);
  expect(await cards.count()).toBeLessThan(40);
  expect(await elementCount(panel)).toBeLessThan(1500);
  await panel.getByRole('button', { name: 'Back to the latest step' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Selected: tags go to step' })).toHaveCount(0);

  await page.bringToFront();
  await tester.stop();
  await panel.close();

  // The review page: the map of the walk's steps, windowed, scrolled to step 1,234, opened, retitled; kept after a reload.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${walk.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map.getByText('1. Start on')).toBeVisible({ timeout: 60_000 });
  expect(await map.locator('.lane-action .cell').count()).toBeLessThan(30);
  const mapElements = await elementCount(review);
  expect(mapElements).toBeLessThan(3000);
  await map.locator('.scroller').evaluate((scroller) => {
    scroller.scrollLeft = 1233 * 190;
  });
  const cell = map.locator('.lane-action .cell[data-step-index="1233"]');
  await expect(cell).toBeVisible();
  expect(await map.locator('.lane-action .cell').count()).toBeLessThan(30);
  expect(await elementCount(review)).toBeLessThan(3000);
  const stepId = (await cell.getAttribute('data-step-id')) as string;
  await map.getByRole('link', { name: 'Open step 1234', exact: true }).click();
  await expect(review.getByRole('heading', { level: 1 })).toContainText(`Step 1234 of ${lastIndex + 2}`);
  await expect
    .poll(() =>
      review
        .locator('main.step-view img')
        .first()
        .evaluate((image: HTMLImageElement) => image.naturalWidth),
    )
    .toBe(1280);
  const title = review.getByLabel('Title of the step');
  await title.fill('Compare the two jackets');
  await title.press('Enter');
  await expect(review.getByRole('heading', { level: 1 })).toContainText('Compare the two jackets');
  await expect
    .poll(async () => (await readRows(extension, 'edits', walk.sessionId)).map((row) => row.edit))
    .toContainEqual({ kind: 'title', stepId, title: 'Compare the two jackets' });

  await review.reload();
  await expect(review.getByRole('heading', { level: 1 })).toContainText(`Step 1234 of ${lastIndex + 2}: Compare the two jackets`, { timeout: 60_000 });
  await review.getByRole('link', { name: 'Back to the map' }).click();
  await map.locator('.scroller').evaluate((scroller) => {
    scroller.scrollLeft = 1233 * 190;
  });
  await expect(map.locator(`.lane-action .cell[data-step-id="${stepId}"]`)).toContainText('Compare the two jackets');
  expect(await map.locator('.lane-action .cell').count()).toBeLessThan(30);
});
