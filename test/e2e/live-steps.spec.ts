import type { Page } from '@playwright/test';
import demoWalk from '../walks/demo-walk.mjs';
import { expect, test } from './fixtures';

/** The side panel's cards, as `[step id, "N. action"]` (the panel is tall enough to draw them all). */
async function panelSteps(panel: Page): Promise<[string, string][]> {
  return panel
    .locator('.step-card')
    .evaluateAll((cards) => cards.map((card) => [card.getAttribute('data-step-id') ?? '', card.querySelector('strong')?.textContent?.trim() ?? '']));
}

/** The map's action lane, as `[step id, "N. action"]`: the map draws the columns in view, so it is scrolled across. */
async function mapSteps(review: Page): Promise<[string, string][]> {
  return review.locator('.scroller').evaluate(async (scroller) => {
    const seen = new Map<string, string>();
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let left = 0; ; left += scroller.clientWidth / 2) {
      scroller.scrollLeft = left;
      await frame();
      for (const cell of scroller.querySelectorAll('.lane-action .cell'))
        seen.set(cell.getAttribute('data-step-id') ?? '', cell.querySelector('strong')?.textContent?.trim() ?? '');
      if (left >= scroller.scrollWidth - scroller.clientWidth) break;
    }
    scroller.scrollLeft = 0;
    return [...seen].sort((a, b) => Number.parseInt(a[1], 10) - Number.parseInt(b[1], 10));
  });
}

test('the side panel lists the map’s human steps during the walk, and a tag on a step selected there lands on that step of the map', async ({
  extension,
  shop,
}) => {
  test.setTimeout(180_000);
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'One step model' });
  // The side panel follows the walk from its start; tall enough for its windowed list to draw every card.
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 480, height: 4000 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await page.bringToFront();
  await demoWalk({ page, context, tester });

  // Still recording: the walk's last note is on the panel's last card, so the panel has read the walk so far.
  const cards = panel.locator('.step-card');
  await expect(cards.last()).toContainText('Validate the email as it is typed');
  const during = await panelSteps(panel);
  // Human steps, not one card per event: a form filled and sent is one step.
  expect(during.length).toBeLessThan(20);
  expect(during.map(([, action]) => action)).toContainEqual(expect.stringMatching(/^\d+\. Fill in the .*form/));
  expect(during.map(([, action]) => action)).not.toContainEqual(expect.stringMatching(/Fill in "CVC"|Submit shipping-form/));

  // Select a form step in the side panel: the overlay names it as the map does, and tags from both land on it.
  const form = cards.filter({ hasText: /Fill in the .*form/ }).first();
  const formId = (await form.getAttribute('data-step-id')) as string;
  const formAction = ((await form.locator('strong').textContent()) ?? '').replace(/^\d+\.\s*/, '');
  await form.getByRole('button', { name: /^Select step \d+ to annotate it$/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: /Selected: tags go to step \d+/ })).toBeVisible();
  await expect.poll(() => tester.overlay().text('.target')).toBe(`Tags go to the selected step: ${formAction}`);
  const selected = panel.locator(`.step-card[data-step-id="${formId}"]`);
  await selected.getByRole('group', { name: 'How does this step feel?' }).getByRole('button', { name: 'Very positive' }).click();
  await expect(selected.locator('.emotion')).toContainText('Very positive');
  await selected.getByRole('textbox', { name: 'Thought' }).fill('Glad the form kept what I typed');
  await selected.getByRole('button', { name: 'Save' }).click();
  await expect(selected.getByText('Glad the form kept what I typed')).toBeVisible();
  await page.bringToFront();
  await tester.note('opportunity', 'Say which field is wrong next to it');
  await expect.poll(() => tester.overlay().status()).toContain(`Opportunity → ${formAction}`);
  // Back to the latest step: the overlay names it as the panel's last card does.
  await panel.getByRole('button', { name: 'Back to the latest step' }).click();
  const latest = ((await cards.last().locator('strong').textContent()) ?? '').replace(/^\d+\.\s*/, '');
  await expect.poll(() => tester.overlay().text('.target')).toBe(`Tags go to the latest step: ${latest}`);
  await tester.stop();

  // The map after the walk: the same steps, ids and actions, in the same order, as the panel during it.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map).toBeVisible();
  await expect.poll(() => mapSteps(review)).toEqual(during);
  await expect.poll(() => panelSteps(panel)).toEqual(during);

  // The tags made on the selected step are on that step of the map.
  const number = during.findIndex(([id]) => id === formId) + 1;
  // Its column in view (columns are 190 px wide; the map draws those in view).
  await map.locator('.scroller').evaluate((scroller, index) => {
    scroller.scrollLeft = index * 190;
  }, number - 1);
  await expect(map.locator(`.lane-action .cell[data-step-id="${formId}"]`)).toBeVisible();
  await expect(map.locator(`.lane-thoughts .cell[data-step-id="${formId}"]`)).toContainText('Glad the form kept what I typed');
  await expect(map.locator(`.lane-opportunities .cell[data-step-id="${formId}"]`)).toContainText('Say which field is wrong next to it');
  await expect(map.locator('svg.curve > g title').filter({ hasText: `${number}. Very positive` })).toHaveCount(1);
});
