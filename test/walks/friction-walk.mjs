// A hesitant shopper on the demo shop, walked to record the friction signals the demo walk does not show:
// a quick back (a wrong product left with the browser's Back button at once), excessive scrolling (the
// returns policy sought on the long Delivery and returns page) and a hesitation (12 s without any action
// on a product page before Add to cart). Its raw capture is the unit tests' fixture
// test/unit/fixtures/friction-events.json (loaded by frictionEvents() in test/unit/journey/journey-fixtures.ts).
//
// Re-recording the fixture, from the repository root (the shop is what `npm run shop` serves, on its default
// ports 5310 and 5311; started with node itself so that `kill %1` stops it, not only npm):
//
//   npm run build
//   node test/fixtures/shop-server.mjs &
//   npm run record -- --url http://127.0.0.1:5310/ --walk test/walks/friction-walk.mjs --out out/friction.zip --title "Friction walk: a hoodie"
//   kill %1
//   unzip -p out/friction.zip events.json | node -e "process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(({ hash, ...event }) => event)))" > test/unit/fixtures/friction-events.json
//   npx biome format --write test/unit/fixtures/friction-events.json
//
// The fixture keeps the capture whole; it drops only each entry's chain hash (a fixture is a capture, not a
// bundle), and Biome's line breaks differ from the bundle's events.json.
//
// The timings below are what the signals measure: they stay clear of the thresholds in lib/journey/signals.ts
// (quick back 5 s, hesitation 10 s, 8 scroll runs) so that a slow machine records the same signals. The tests
// (test/unit/journey/signals.test.ts) check the figures against ranges and the fixture's own events, so a new
// recording of the same walk needs no test edit.

/** The clicks the walk makes on the page, by accessible name, in order. */
export const FRICTION_CLICKS = ['Canvas Tote Bag', 'Delivery and returns', 'Continue shopping', 'Trail Hoodie', 'Add to cart', 'View cart'];

/** The quiet spell before Add to cart: over the 10 s hesitation threshold, with room for timing noise. */
export const HESITATION_MS = 12_000;

/** Wheel runs down the Delivery and returns page: over the 8 runs that make excessive scrolling. */
export const DELIVERY_SCROLL_RUNS = 9;

/**
 * How long the tester glances at the wrong product before going back: time let pass on purpose, well under
 * the quick-back threshold (5 s) and counted from the page's arrival as recorded.
 */
export const GLANCE_MS = 1_500;

/** A page the walk arrived at: its navigation committed and its screenshot taken, before the walk acts on it. */
async function arrived(tester, url, after = null) {
  const navigation = await tester.waitForNavigation(url, { after });
  await tester.waitForScreenshot(navigation);
  return navigation;
}

/**
 * One wheel run, waited for until the page recorder has reported it (a run is reported 400 ms after it stops,
 * lib/page-recorder/scroll.ts), so that the next move starts a run of its own.
 */
async function scrollRun(page, tester, deltaY) {
  const before = await tester.lastEvent();
  // Over the page's middle: the overlay's annotation controls may have left the mouse over the overlay.
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, deltaY);
  return tester.waitForEvent((event) => event.kind === 'scroll', { after: before, what: `the scroll run of ${deltaY} px committed` });
}

export default async function walk({ page, tester }) {
  // Quick back: the tote bag is not what the tester came for; back to the home page after a glance.
  await page.getByRole('link', { name: 'Canvas Tote Bag' }).click();
  await page.waitForURL(/\/product\?id=tote/);
  await page.getByRole('heading', { name: 'Canvas Tote Bag' }).waitFor();
  const tote = await arrived(tester, /\/product\?id=tote/);
  await tester.waitUntilAfter(tote, GLANCE_MS);
  await page.goBack({ waitUntil: 'load' });
  await arrived(tester, /\/$/, tote);
  await tester.emotion(-1, 'confused');

  // Before choosing, the returns policy: at the foot of the home page, then far down a long page.
  await scrollRun(page, tester, 800);
  await page.getByRole('link', { name: 'Delivery and returns' }).click();
  await page.waitForURL(/\/delivery/);
  await arrived(tester, /\/delivery/);
  for (let run = 0; run < DELIVERY_SCROLL_RUNS; run++) await scrollRun(page, tester, 200);
  await tester.note('pain', 'The returns policy is at the very bottom of a long page');
  const delivery = await tester.lastEvent();
  await page.getByRole('link', { name: 'Continue shopping' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await arrived(tester, /\/$/, delivery);

  // Hesitation: the hoodie's page read for a long while before Add to cart, without any action. The walk
  // lets that time pass on purpose, counted from the page's load as recorded (what the signal measures from).
  await scrollRun(page, tester, 400);
  await page.getByRole('link', { name: 'Trail Hoodie' }).click();
  await page.waitForURL(/\/product\?id=hoodie/);
  await page.getByRole('button', { name: 'Add to cart' }).waitFor();
  const hoodie = await arrived(tester, /\/product\?id=hoodie/);
  const hoodieLoad = await tester.waitForEvent((event) => event.kind === 'page-load' && event.seq > hoodie.seq, { what: 'the hoodie page’s load committed' });
  await tester.waitUntilAfter(hoodieLoad, HESITATION_MS);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('link', { name: 'View cart' }).click();
  await page.waitForURL(/\/cart/);
  await arrived(tester, /\/cart/);
}
