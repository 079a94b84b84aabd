import type { Page } from '@playwright/test';
import { dumpDatabase, eventsOf, expect, test } from './fixtures';

/** The same interactions with and without recording; returns what the page shows and any page errors. */
async function fightBack(page: Page, url: string) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  // Each action waits for the page's own answer (whatever it is) before the next one.
  const count = page.locator('#strict-count');
  const counted = await count.innerText();
  await page.getByRole('button', { name: 'Guarded button' }).click();
  await expect(count).not.toHaveText(counted);
  // The closed shadow root hides its button from selectors: click where it is drawn (its stylesheet is
  // loaded with the page).
  const box = await page.locator('#strict-widget').boundingBox();
  if (!box) throw new Error('strict-widget has no box');
  const last = await page.locator('#strict-last').innerText();
  await page.mouse.click(box.x + 60, box.y + box.height - 20);
  await expect(page.locator('#strict-last')).not.toHaveText(last);
  const heading = await page.locator('#strict-heading').innerText();
  await page.getByRole('link', { name: 'Next view' }).click();
  await expect(page.locator('#strict-heading')).not.toHaveText(heading);
  await page.keyboard.type('abc');
  return {
    count: await page.locator('#strict-count').innerText(),
    last: await page.locator('#strict-last').innerText(),
    heading: await page.locator('#strict-heading').innerText(),
    pushCount: await page.evaluate(() => document.documentElement.dataset.pushCount),
    path: new URL(page.url()).pathname,
    errors,
  };
}

test('pages with a strict CSP, a replaced pushState, stopped propagation and a closed shadow root behave as without Parcours, and are recorded', async ({
  extension,
  shop,
}) => {
  const { page, context, tester, extensionId } = extension;
  const strictUrl = new URL('/strict', shop.shopUrl).href;

  const unrecorded = await fightBack(await context.newPage(), strictUrl);
  expect(unrecorded).toMatchObject({ count: '2', last: 'Shadow button', heading: 'Strict page – next view', pushCount: '1', path: '/strict/next' });

  await page.goto(strictUrl);
  await tester.start({ title: 'Strict page' });
  const recorded = await fightBack(page, strictUrl);
  // Every click's screenshot is stored before the walk stops (the stop settles only what is queued).
  await tester.waitForEvents(
    (events) => {
      const clicks = events.filter((event) => event.kind === 'click');
      return clicks.length === 3 && clicks.every((click) => events.some((event) => event.kind === 'screenshot' && event.forEventId === click.id));
    },
    { what: 'three clicks with their screenshots' },
  );
  // The overlay's note frame (an extension page) loads under the page's strict CSP too.
  expect((await tester.note('pain', 'Typed under a strict CSP')).data.text).toBe('Typed under a strict CSP');
  await tester.stop();
  expect(recorded).toEqual(unrecorded);
  expect(recorded.errors).toEqual([]);

  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  const clicks = events.filter((event) => event.kind === 'click');
  expect(clicks.map((click) => click.target.name ?? click.target.tag)).toEqual(['Guarded button', 'strict-widget', 'Next view']);
  // The closed root keeps its inside to itself: the click is described by its host.
  expect(clicks[1]?.target).toMatchObject({ tag: 'strict-widget', inShadow: false });
  expect(clicks[1]?.target.selectors).toContainEqual(['#strict-widget']);
  const push = events.find((event) => event.kind === 'navigation' && event.sameDocument);
  expect(push).toMatchObject({ navigationType: 'push-state' });
  expect(push?.url).toMatch(/\/strict\/next$/);
  for (const click of clicks) {
    const shot = events.find((event) => event.kind === 'screenshot' && event.forEventId === click.id);
    expect(shot?.screenshotId, `screenshot of ${click.target.name}`).toBeTruthy();
  }
});

test('the page receives every typed character and its own handlers still fire', async ({ extension, shop }) => {
  const { page, tester } = extension;
  await page.goto(new URL('/checkout', shop.shopUrl).href);
  await tester.start({ title: 'Typing' });
  await page.evaluate(() => {
    const log = { keys: '', inputs: '' };
    (window as unknown as { typing: typeof log }).typing = log;
    document.addEventListener('keydown', (event) => {
      if (event.key.length === 1) log.keys += event.key;
    });
    document.addEventListener('input', (event) => {
      log.inputs += (event as InputEvent).data ?? '';
    });
  });
  // Characters a keyboard types with keys, then characters an input method inserts.
  await page.getByLabel('Full name').pressSequentially('Sandrine M-12', { delay: 15 });
  await page.getByLabel('Full name').pressSequentially('ë’Ł', { delay: 15 });
  const typing = await page.evaluate(() => (window as unknown as { typing: { keys: string; inputs: string } }).typing);
  expect(typing.keys).toBe('Sandrine M-12');
  expect(typing.inputs).toBe('Sandrine M-12ë’Ł');
  expect(await page.getByLabel('Full name').inputValue()).toBe('Sandrine M-12ë’Ł');
  await tester.stop();
});
