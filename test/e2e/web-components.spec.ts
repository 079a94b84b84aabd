import type { Page } from '@playwright/test';
import walk, { GIFTS } from '../walks/web-components-walk.mjs';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/** Width of one step's column on the map (components/review/JourneyGrid.tsx). */
const COLUMN_WIDTH = 190;

/** Every step as the map shows it, `[step id, "N. action"]` in order: each column scrolled into view, then read. */
async function mapSteps(review: Page): Promise<[string, string][]> {
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map).toBeVisible();
  const total = Number(await review.locator('.metrics div', { hasText: 'Steps' }).locator('dd').innerText());
  const steps: [string, string][] = [];
  for (let index = 0; index < total; index++) {
    await map.locator('.scroller').evaluate((element, left) => {
      element.scrollLeft = left;
    }, index * COLUMN_WIDTH);
    const cell = map.locator(`.lane-action .cell[data-step-index="${index}"]`);
    await expect(cell).toBeVisible();
    steps.push([(await cell.getAttribute('data-step-id')) ?? '', await cell.locator('strong').innerText()]);
  }
  return steps;
}

/** The side panel's cards, as `[step id, "N. action"]` (the panel is tall enough to draw them all). */
async function panelSteps(panel: Page): Promise<[string, string][]> {
  return panel
    .locator('.step-card')
    .evaluateAll((cards) => cards.map((card) => [card.getAttribute('data-step-id') ?? '', card.querySelector('strong')?.textContent?.trim() ?? '']));
}

/** The steps the walk makes, as the map and the side panel number and name them. */
const STEPS = [
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
];

test('a todo app made of web components: Enter, ticks, a field in nested roots and a closed widget are steps of their own', async ({ extension, shop }) => {
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Gift list' });
  // The side panel follows the walk from its start; tall enough for its windowed list to draw every card.
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 480, height: 3000 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await page.bringToFront();
  await walk({ page, tester });

  // Still recording, the side panel shows the steps the map will: each Enter, the tick and the field in
  // nested roots are steps of their own there too.
  await expect.poll(async () => (await panelSteps(panel)).map(([, action]) => action)).toEqual(STEPS);
  const during = await panelSteps(panel);
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

  // In the side panel, each card holds the events from its first one (its id) to the next card's: every
  // Enter, the first tick and the nested field's change are on a card of their own, named for them.
  const began = new Map<string, number>(events.map((event) => [event.id, event.t]));
  const cardOf = (event: Row) => during.filter(([id]) => (began.get(id) ?? Number.POSITIVE_INFINITY) <= event.t).pop();
  const keys = events.filter((event) => event.kind === 'key');
  const tick = events.find((event) => event.kind === 'field-change' && event.field.label === 'Toggle Todo') as Row;
  const listName = events.find((event) => event.kind === 'field-change' && event.field.label === 'List name') as Row;
  expect(keys.map((key) => cardOf(key)?.[1])).toEqual(STEPS.slice(2, 5));
  expect(cardOf(tick)?.[1]).toBe('6. Tick "Toggle Todo"');
  expect(cardOf(listName)?.[1]).toBe('7. Fill in "List name"');
  expect(new Set([...keys, tick, listName].map((event) => cardOf(event)?.[0])).size).toBe(5);

  // The map: one step per todo added, per tick, for the nested field and for the closed widget; the same
  // steps, with the same ids, as the side panel showed during the walk.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  expect(await mapSteps(review)).toEqual(during);
  expect(during.map(([, action]) => action)).toEqual(STEPS);
});
