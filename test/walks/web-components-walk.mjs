// A walk through the demo shop's gift list (/web-components), a todo app built like TodoMVC's web-components
// example: every field lives in nested shadow roots, and nothing is a form. The tester adds three gifts by
// typing and pressing Enter, ticks one, names the list (a field two open roots deep, changed then left with
// Tab), filters, fills the "Assigned to" widget whose field is in a closed shadow root, and unticks the gift.
// Its raw capture is the unit tests' fixture test/unit/fixtures/web-components-events.json (loaded by
// webComponentsEvents() in test/unit/journey/journey-fixtures.ts); test/e2e/web-components.spec.ts walks it
// live.
//
// Re-recording the fixture, from the repository root (the shop is what `npm run shop` serves, on its default
// ports 5310 and 5311; started with node itself so that `kill %1` stops it, not only npm):
//
//   npm run build
//   node test/fixtures/shop-server.mjs &
//   npm run record -- --url http://127.0.0.1:5310/ --walk test/walks/web-components-walk.mjs --out out/web-components.zip --title "Gift list: web components"
//   kill %1
//   unzip -p out/web-components.zip events.json | node -e "process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(({ hash, ...event }) => event)))" > test/unit/fixtures/web-components-events.json
//   npx biome format --write test/unit/fixtures/web-components-events.json
//
// The walk waits for the page's answers (the count of gifts left, the list's title), never for a fixed time.

/** The gifts typed into "What needs to be done?", each added with Enter. */
export const GIFTS = ['Scarf for Ana', 'Book for Leo', 'Tea for Sam'];

/** The list's name, typed into the "List name" field (in <gift-text-field>'s root, in <gift-app>'s root). */
export const LIST_NAME = 'Birthday gifts';

/** Typed into the closed-root "Assigned to" widget. */
export const ASSIGNEE = 'Sam';

const left = (count) => `${count} ${count === 1 ? 'gift' : 'gifts'} left to buy`;

export default async function walk({ page, tester }) {
  await page.getByRole('link', { name: 'Gift list' }).click();
  await page.waitForURL(/\/web-components/);
  const status = page.getByRole('status');
  await status.filter({ hasText: left(0) }).waitFor();

  // Three gifts, each typed then sent with Enter: the field has no form, the page's script adds the gift.
  await page.getByRole('textbox', { name: 'What needs to be done?' }).click();
  for (const [index, gift] of GIFTS.entries()) {
    await page.keyboard.type(gift, { delay: 40 });
    await page.keyboard.press('Enter');
    await status.filter({ hasText: left(index + 1) }).waitFor();
  }

  // The first gift bought: its box ticked (three open roots deep, outside any form).
  const toggles = page.getByRole('checkbox', { name: 'Toggle Todo' });
  await toggles.first().click();
  await status.filter({ hasText: left(GIFTS.length - 1) }).waitFor();
  await tester.emotion(1, 'satisfied');

  // The list's name: typed, then left with Tab (the browser reports the change inside the nested root).
  await page.getByRole('textbox', { name: 'List name' }).click();
  await page.keyboard.type(LIST_NAME, { delay: 40 });
  await page.keyboard.press('Tab');
  await page.getByRole('heading', { name: LIST_NAME }).waitFor();

  // Only the gifts still to buy.
  await page.getByRole('button', { name: 'Active' }).click();
  await toggles.nth(GIFTS.length - 2).waitFor();

  // Who buys them: a field the page keeps in a closed shadow root (the recorder sees only its host).
  await page.locator('gift-assignee').click();
  await page.keyboard.type(ASSIGNEE, { delay: 40 });
  await page.getByRole('button', { name: 'All' }).click();
  await page.locator('gift-assignee[data-assigned="yes"]').waitFor();

  // Not bought after all: the first gift unticked.
  await toggles.first().click();
  await status.filter({ hasText: left(GIFTS.length) }).waitFor();
}
