import { writeFileSync } from 'node:fs';

import demoWalk, { DEMO_CLICKS } from '../walks/demo-walk.mjs';
import hundredClicksWalk, { HUNDRED_CLICKS, HUNDRED_CLICKS_COUNT } from '../walks/hundred-clicks-walk.mjs';
import { dumpDatabase, eventsOf, expect, type Row, stopServiceWorkers, test } from './fixtures';

// What strict masking leaves of a text (MASKED_TEXT in lib/privacy/masker.ts).
const MASKED_TEXT = '[text]';

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
  // click has its screenshot record, an image or the reason it has none (a page that left in that instant
  // hands its request over, lib/recorder/lost-screenshots.ts).
  await tester.waitForEvents((events) => clicksWithoutScreenshot(events).length === 0, { what: 'every click’s screenshot record' });
  await tester.stop();
  return eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string) as Row[];
}

/** Clicks whose screenshot event is not (yet) committed. */
function clicksWithoutScreenshot(events: Row[]): Row[] {
  const shotFor = new Set(events.filter((event) => event.kind === 'screenshot').map((event) => event.forEventId));
  return events.filter((event) => event.kind === 'click' && !shotFor.has(event.id));
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
  // A page that navigated away in that instant cannot re-send: its click's record then says why.
  expect(clicksWithoutScreenshot(events).map((click) => click.target.name)).toEqual([]);
  const missing = events.filter(
    (event) => event.kind === 'screenshot' && !event.screenshotId && events.some((click) => click.kind === 'click' && click.id === event.forEventId),
  );
  for (const record of missing) expect(record.missingReason).toBeTruthy();
  // Only the clicks caught by a stop in their last instant on a page: most keep their image.
  expect(missing.length).toBeLessThan(got.clicks.length / 2);
  test.info().annotations.push({
    type: 'figures',
    description: `${stops} worker stops; ${missing.length} of ${got.clicks.length} clicks without an image: ${missing.map((record) => record.missingReason).join(', ')}`,
  });
});

// Known to fail, so not run (issue 11 stays open on it): a click of a short-lived page (the size-guide tab's
// 'Parcours Shop') can still be lost while the worker is being stopped. Traced (storage dumps of failed runs):
// the page whose hello was "answered" had in fact learnt the walk from the broadcast of its tab joining, every
// answer to its hello dying with a stopped worker; it knew no tab and kept no copy. Fixed: such a page keeps its
// own copy by document id (lib/page-recorder/recorder.ts keepOwnCopy, placed by placeOrphans). Still lost: a
// page none of whose messages reached a handler (its hello and its last batch died; no owner was noted), whose
// copy cannot be placed in a tab and is let go. Whole tabs opened and closed while no worker saw them are placed.
// Run it with `npx playwright test resilience -g 100-click --repeat-each 4` while fixing the loss.
test.fixme('a 100-click walk across pages, tabs and an iframe, with the worker stopped every ~2 s, records every click once with its screenshot or a reason', async ({
  extension,
  shop,
}) => {
  test.setTimeout(420_000);
  const { page, context, tester, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Resilience, 100 clicks' });
  let walking = true;
  let stops = 0;
  // Clicks made when each stop came: the ones after a stop must be recorded by a worker started since.
  let clicksDone = 0;
  const clicksAtStops: number[] = [];
  const chaos = (async () => {
    while (walking) {
      // On purpose: the fault schedule, a stop every 1.8 to 2.2 s of the walk (time passing, not a wait for a state).
      await new Promise((resolve) => setTimeout(resolve, 1_800 + Math.random() * 400));
      if (!walking) break;
      await stopServiceWorkers(page).catch(() => undefined);
      stops++;
      clicksAtStops.push(clicksDone);
    }
  })();
  const startedAt = Date.now();
  try {
    await hundredClicksWalk({ page, context, onClick: (index: number) => (clicksDone = index + 1) });
  } finally {
    walking = false;
    await chaos;
  }
  const walkMs = Date.now() - startedAt;
  // Every click's screenshot settled: stored, or recorded as missing with its reason.
  await tester
    .waitForEvents((events) => clicksWithoutScreenshot(events).length === 0 && events.filter((event) => event.kind === 'click').length >= 100, {
      what: 'every click committed with its screenshot settled',
      timeout: 30_000,
    })
    .catch(() => undefined); // the assertions below say what is missing
  const dump = await dumpDatabase(context, extensionId);
  const sessionId = tester.sessionId as string;
  const events = eventsOf(dump, sessionId);
  // Recording carries on: the walk is still recording after the last stop.
  expect((dump.sessions ?? []).find((session) => session.id === sessionId)?.status).toBe('recording');

  const clicks = [...events].filter((event) => event.kind === 'click').sort((a, b) => a.t - b.t || a.seq - b.seq);
  // Exactly once each, in the walk's order.
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  // For the record of a failure: the walk as committed, in order.
  writeFileSync(
    test.info().outputPath('events.json'),
    JSON.stringify(
      events.map(({ seq, t, kind, id, tabId, frameId, url, target, forEventId, screenshotId, missingReason }) => ({
        seq,
        t,
        kind,
        id,
        tabId,
        frameId,
        url,
        name: target?.name,
        forEventId,
        screenshotId,
        missingReason,
      })),
    ),
  );
  // A page that left before the background ever answered it (a worker starting, stopped again) sent its
  // clicks masked in the strict mode (the walk's was not known yet): their names read as masked text.
  const masked = clicks.filter((click) => click.target.name === MASKED_TEXT).length;
  expect(clicks.map((click, index) => (click.target.name === MASKED_TEXT ? HUNDRED_CLICKS[index] : click.target.name))).toEqual(HUNDRED_CLICKS);
  expect(clicks).toHaveLength(HUNDRED_CLICKS_COUNT);
  // Clicks in the second tab and inside the payment iframe are the walk's too.
  expect(new Set(clicks.map((click) => click.tabId)).size).toBeGreaterThan(1);
  expect(clicks.filter((click) => click.frameId !== 0).map((click) => click.target.name)).toEqual(
    HUNDRED_CLICKS.filter((name) => name === 'Card number' || name === 'Pay'),
  );

  // Each click has one screenshot event: an image stored (its blob there), or the reason it has none.
  const shots = events.filter((event) => event.kind === 'screenshot');
  const shotFor = new Map(shots.map((shot) => [shot.forEventId, shot]));
  expect(shotFor.size).toBe(shots.length);
  const blobs = new Map((dump.screenshots ?? []).map((row) => [row.id, row.blob as { blobSize: number } | undefined]));
  const reasons: Record<string, number> = {};
  const unexplained: string[] = [];
  for (const [index, click] of clicks.entries()) {
    const shot = shotFor.get(click.id);
    if (!shot) unexplained.push(`${index + 1} ${click.target.name}`);
    else if (shot.screenshotId) expect(blobs.get(shot.screenshotId)?.blobSize ?? 0, `the image of click ${index + 1}`).toBeGreaterThan(0);
    else {
      expect(shot.missingReason, `the reason click ${index + 1} has no image`).toBeTruthy();
      reasons[shot.missingReason] = (reasons[shot.missingReason] ?? 0) + 1;
    }
  }
  expect(unexplained, 'clicks with neither an image nor a reason').toEqual([]);
  // Clicks were made after stops (a stop may also come after the last click), and recorded by workers started since.
  expect(clicksAtStops.filter((done) => done < HUNDRED_CLICKS_COUNT).length).toBeGreaterThan(0);
  expect(stops).toBeGreaterThanOrEqual(Math.floor(walkMs / 2_200) - 1);

  await tester.stop();
  const stored = clicks.filter((click) => shotFor.get(click.id)?.screenshotId).length;
  test.info().annotations.push({
    type: 'figures',
    description: `${stops} worker stops in ${Math.round(walkMs / 1000)} s; ${stored} of ${clicks.length} clicks with an image; without one: ${JSON.stringify(reasons)}; ${clicksDone - (clicksAtStops.filter((done) => done < HUNDRED_CLICKS_COUNT).at(-1) ?? 0)} clicks after the last stop within the walk; ${masked} named as masked`,
  });
});
