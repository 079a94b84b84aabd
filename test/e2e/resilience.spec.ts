import demoWalk, { DEMO_CLICKS } from '../walks/demo-walk.mjs';
import { dumpDatabase, eventsOf, expect, type Row, stopServiceWorkers, test } from './fixtures';

/** What a calm recording of the demo walk holds, kind by kind, for the events that must all be there. */
async function recordDemo(extension: Parameters<Parameters<typeof test>[2]>[0]['extension'], shopUrl: string, whileWalking?: () => Promise<void>) {
  const { page, context, tester, extensionId } = extension;
  await page.goto(shopUrl);
  await tester.start({ title: 'Resilience' });
  let walking = true;
  const chaos = (async () => {
    while (walking && whileWalking) await whileWalking();
  })();
  try {
    await demoWalk({ page, context, tester });
  } finally {
    walking = false;
    await chaos;
  }
  // Re-sent screenshots land before stopping (re-sent events too: the tester's stop waits for them): every
  // click has its screenshot, but for a click whose page it left in that instant (it cannot re-send).
  await tester.waitForEvents((events) => clicksWithoutScreenshot(events).every((click) => leftItsPage(events, click)), {
    what: 'every click’s screenshot, but for clicks that left their page',
  });
  await tester.stop();
  return eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string) as Row[];
}

/** Clicks whose screenshot event is not (yet) committed. */
function clicksWithoutScreenshot(events: Row[]): Row[] {
  const shotFor = new Set(events.filter((event) => event.kind === 'screenshot').map((event) => event.forEventId));
  return events.filter((event) => event.kind === 'click' && !shotFor.has(event.id));
}

/** A page that navigated away within 2.5 s of the click: a screenshot request lost with the worker is not re-sent. */
function leftItsPage(events: Row[], click: Row): boolean {
  return events.some((event) => event.kind === 'navigation' && !event.sameDocument && event.t >= click.t && event.t - click.t < 2_500);
}

function summary(events: Row[]) {
  // In the order things happened: an event re-sent after a restart commits later than its neighbours.
  const ordered = [...events].sort((a, b) => a.t - b.t || a.seq - b.seq);
  const of = (kind: string) => ordered.filter((event) => event.kind === kind);
  return {
    clicks: of('click').map((event) => event.target.name),
    navigations: of('navigation').map((event) => `${event.navigationType} ${new URL(event.url).pathname}`),
    fields: of('field-change').map((event) => event.field.label),
    submits: of('submit').length,
    invalid: of('invalid').length,
    tabs: of('tab-opened').length,
  };
}

test('a service worker stopped again and again during the walk loses nothing and duplicates nothing', async ({ extension, shop }) => {
  test.setTimeout(180_000);
  let stops = 0;
  const events = await recordDemo(extension, shop.shopUrl, async () => {
    // On purpose: the fault schedule, a stop every 0.9 to 1.5 s of the walk (time passing, not a wait for a state).
    await new Promise((resolve) => setTimeout(resolve, 900 + Math.random() * 600));
    await stopServiceWorkers(extension.page).catch(() => undefined);
    stops++;
  });
  expect(stops).toBeGreaterThanOrEqual(8);
  const got = summary(events);
  expect(got.clicks).toHaveLength(16);
  expect(got.clicks).toEqual(DEMO_CLICKS);
  expect(got.navigations).toEqual([
    'load /search',
    'load /product',
    'load /reviews',
    'load /cart',
    'load /checkout',
    'push-state /checkout/payment',
    'load /confirmation',
  ]);
  expect(got.fields).toEqual([
    'Search',
    'Full name',
    'Email',
    'Address',
    // City's change fires when the focus leaves it for the select, chosen with the keys.
    'City',
    'Delivery',
    'Gift wrap (€3.50)',
    'Create an account (optional password)',
    'Email',
    'Card number',
    'Expiry',
    'CVC',
  ]);
  expect(got.submits).toBe(4);
  expect(got.invalid).toBe(1);
  expect(got.tabs).toBe(1);
  // Nothing twice: ids are unique and each event has at most one screenshot record.
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  const shotFor = events.filter((event) => event.kind === 'screenshot').map((event) => event.forEventId);
  expect(new Set(shotFor).size).toBe(shotFor.length);
  // A click whose screenshot was waiting when the worker died gets it after the restart, re-sent by its page.
  // Only a page that navigated away in that instant cannot re-send: its step then says why (see assembly).
  const clicksWithout = clicksWithoutScreenshot(events);
  for (const click of clicksWithout) {
    expect(leftItsPage(events, click), `click "${click.target.name}" lost its screenshot without leaving its page`).toBe(true);
  }
  // Only the clicks caught by a stop in their last instant on a page: most keep their screenshot.
  expect(clicksWithout.length).toBeLessThan(got.clicks.length / 2);
  test.info().annotations.push({
    type: 'figures',
    description: `${stops} worker stops; ${clicksWithout.length} of ${got.clicks.length} clicks left their page before their screenshot`,
  });
});
