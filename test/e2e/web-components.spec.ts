import type { Page } from '@playwright/test';
import walk, { GIFTS } from '../walks/web-components-walk.mjs';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/** Width of one step's column on the map (components/review/JourneyGrid.tsx). */
const COLUMN_WIDTH = 190;

/** Every step's action as the map shows it, in order: each column scrolled into view, then read. */
async function mapActions(review: Page): Promise<string[]> {
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map).toBeVisible();
  const total = Number(await review.locator('.metrics div', { hasText: 'Steps' }).locator('dd').innerText());
  const actions: string[] = [];
  for (let index = 0; index < total; index++) {
    await map.locator('.scroller').evaluate((element, left) => {
      element.scrollLeft = left;
    }, index * COLUMN_WIDTH);
    const cell = map.locator(`.lane-action .cell[data-step-index="${index}"]`);
    await expect(cell).toBeVisible();
    actions.push(await cell.locator('strong').innerText());
  }
  return actions;
}

test('a todo app made of web components: Enter, ticks, a field in nested roots and a closed widget are steps of their own', async ({ extension, shop }) => {
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Gift list' });
  await walk({ page, tester });
  await tester.stop();

  // The raw capture: three Enters, two ticks, the list's name and the closed widget's host.
  const sessionId = tester.sessionId as string;
  const recorded = async () => eventsOf(await dumpDatabase(context, extensionId), sessionId);
  const summary = (events: Row[]) =>
    events.filter((event) => event.kind === 'key' || event.kind === 'field-change').map((event) => `${event.kind} ${event.field.label}`);
  await expect
    .poll(async () => summary(await recorded()))
    .toEqual([
      'key What needs to be done?',
      'key What needs to be done?',
      'key What needs to be done?',
      'field-change Toggle Todo',
      'field-change List name',
      'field-change Assigned to',
      'field-change Toggle Todo',
    ]);
  const events = await recorded();
  expect(events.find((event) => event.field?.label === 'List name')?.field.selectors).toContainEqual(['gift-app', '#list-name', '#field']);
  expect(events.find((event) => event.field?.label === 'Assigned to')).toMatchObject({ valueLength: null, field: { tag: 'gift-assignee', closedRoot: true } });
  expect(events.filter((event) => event.kind === 'key').map((event) => event.valueLength)).toEqual(GIFTS.map((gift) => gift.length));
  // What was typed never reaches the store.
  const stored = JSON.stringify(events);
  for (const gift of GIFTS) expect(stored).not.toContain(gift);

  // The map: one step per todo added, per tick, for the nested field and for the closed widget.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  expect(await mapActions(review)).toEqual([
    '1. Start on "Parcours Shop – Home"',
    '2. Click "Gift list"',
    '3. Fill in "What needs to be done?" and press Enter',
    '4. Fill in "What needs to be done?" and press Enter',
    '5. Fill in "What needs to be done?" and press Enter',
    '6. Tick "Toggle Todo"',
    '7. Fill in "List name"',
    '8. Click "Active"',
    '9. Fill in "Assigned to"',
    '10. Click "All"',
    '11. Untick "Toggle Todo"',
  ]);
});
