import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

test('the page’s own answers decide the friction: a disclosure is alive, a dead button is dead, a form refused by script is an error', async ({
  extension,
  shop,
}) => {
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Friction on the home page' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  // On purpose: nothing happens in the tab for longer than the dead-click window (2.5 s, deadClickWindowMs in
  // lib/journey/signals.ts), counted from the click as recorded; the next click's scrolling would answer it.
  await tester.waitUntilAfter(await tester.waitForClick('Track my order'), 3_000);
  await page.getByRole('button', { name: 'Show opening hours' }).click();
  await expect(page.getByText('Tuesday to Saturday')).toBeVisible();
  // The page's answer, as the recorder saw it.
  const hours = await tester.waitForClick('Show opening hours');
  await tester.waitForEvent((event) => event.kind === 'dom-change' && event.forEventId === hours.id, { what: 'the disclosure’s DOM change committed' });
  await page.getByLabel('Newsletter e-mail').fill('sandrine at example');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'could not subscribe' })).toBeVisible();
  // The page's refusal, as the recorder saw it: the field marked invalid and the alert.
  await tester.waitForEvents((events) => events.some((event) => event.kind === 'invalid') && events.some((event) => event.kind === 'form-alert'), {
    what: 'the refused newsletter form recorded',
  });
  await tester.stop();

  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  const clickId = (name: string) => events.find((event) => event.kind === 'click' && event.target.name === name)?.id;
  const answered = events.filter((event) => event.kind === 'dom-change').map((event: Row) => event.forEventId);
  expect(answered).toContain(clickId('Show opening hours'));
  expect(answered).not.toContain(clickId('Track my order'));
  const refusal = events.find((event) => event.kind === 'invalid');
  expect(refusal).toMatchObject({
    source: 'aria-invalid',
    validationMessage: 'Enter an e-mail address such as [email]',
    field: { label: 'Newsletter e-mail' },
  });
  expect(events.find((event) => event.kind === 'form-alert')).toMatchObject({ text: 'We could not subscribe you: check the address.', inForm: true });
  // What was typed never reaches the store.
  expect(JSON.stringify(events)).not.toContain('sandrine at example');

  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  const actionWith = async (signal: string) => {
    const cells = map.locator(`.lane-pain .cell:has([data-signal="${signal}"])`);
    await expect(cells.first()).toBeVisible();
    const indexes = await cells.evaluateAll((found) => found.map((cell) => cell.getAttribute('data-step-index')));
    return Promise.all(indexes.map((index) => map.locator(`.lane-action .cell[data-step-index="${index}"]`).innerText()));
  };
  expect(await actionWith('dead-click')).toEqual([expect.stringMatching(/Track my order/)]);
  // Named by its accessible name (aria-label="Newsletter").
  expect(await actionWith('form-error')).toEqual([expect.stringMatching(/Fill in the "Newsletter" form/)]);
  await expect(map.locator('.lane-pain [data-signal]')).toHaveCount(2);
});
