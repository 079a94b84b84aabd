// The demo purchase walk on the demo shop: search, product (shadow DOM), reviews in a new tab, cart,
// checkout with an invalid email, payment in a cross-origin iframe, slow confirmation.
// Used by `npm run demo` and the end-to-end tests. Typed values here must never reach the bundle.
export const DEMO_SECRETS = { email: 'sandrine.martin@example.org', password: 'Hunter2-secret!', card: '4242 4242 4242 4242' };

/** The clicks the walk makes on the page, by accessible name, in order (the overlay's are not the page's). */
export const DEMO_CLICKS = [
  'Track my order',
  'Apply promo code',
  'Apply promo code',
  'Apply promo code',
  'Apply promo code',
  'Search',
  'Stoneware Mug',
  'Read reviews',
  'Increase quantity',
  'Add to cart',
  'View cart',
  'Proceed to checkout',
  'Gift wrap (€3.50)',
  'Continue to payment',
  'Continue to payment',
  'Pay',
];

/**
 * Track my order must stay unanswered for the dead-click window (`deadClickWindowMs`, 2.5 s, in
 * lib/journey/signals.ts) before anything else happens in its tab (a scroll, a field focused): the walk lets
 * that much time pass on purpose, with a margin, counted from the click as it was recorded.
 */
const DEAD_CLICK_QUIET_MS = 3_000;

/** A page the walk arrived at: its navigation committed and its screenshot taken, before the walk acts on it. */
async function arrived(tester, url) {
  const navigation = await tester.waitForNavigation(url);
  await tester.waitForScreenshot(navigation);
  return navigation;
}

export default async function walk({ page, context, tester }) {
  // Awareness: a dead button and a stubborn promo button. Tags wait for the click before them to be
  // committed (the tester settles first), so they land on it.
  await tester.note('expectation', 'Order a gift mug in a few minutes');
  await page.getByRole('button', { name: 'Track my order' }).click();
  const track = await tester.waitForClick('Track my order');
  await tester.emotion(-1, 'confused');
  await tester.note('pain', 'Track my order does nothing');
  // Four quick clicks on the spot, as one gesture: on a loaded machine, four separate clicks (each checking
  // the button anew) can take over a second, past the rage-click window (1 s) and the repeat window of a
  // step. The page answers the fourth.
  await page.getByRole('button', { name: 'Apply promo code' }).click({ clickCount: 4 });
  await page.locator('#promo-message').filter({ hasText: 'WELCOME10' }).waitFor();
  await tester.emotion(-2, 'frustrated');
  await tester.stage('Consideration');

  // A look back up the home page and down again (the buttons above are at its foot, where their clicks
  // scrolled it): each scroll run is reported once it has stopped.
  await tester.waitUntilAfter(track, DEAD_CLICK_QUIET_MS);
  const before = await tester.lastEvent();
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, -700);
  const up = await tester.waitForEvent((event) => event.kind === 'scroll', { after: before, what: 'the scroll up committed' });
  await page.mouse.wheel(0, 700);
  await tester.waitForEvent((event) => event.kind === 'scroll' && event.scrollY > up.scrollY, { after: up, what: 'the scroll back down committed' });

  // Search.
  await page.getByLabel('Search', { exact: true }).fill('mug');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/search/);
  await arrived(tester, /\/search/);
  await tester.stage('Comparison');
  await page.locator('#search-results li a').first().click();
  await page.waitForURL(/\/product/);
  // The reviews open in a new tab, which comes to the front before the click on their link can be captured:
  // that click then shares the page's latest screenshot (if at most 1.5 s old). The page's own comes first.
  await arrived(tester, /\/product/);
  const [reviews] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Read reviews' }).click()]);
  await reviews.waitForLoadState('load');
  // The new tab joins the walk; a look at the reviews (their page loaded and captured), then back.
  const opened = await tester.waitForEvent((event) => event.kind === 'tab-opened', { what: 'the reviews tab joining the walk' });
  const inReviews = (kind) => (event) => event.kind === kind && event.tabId === opened.openedTabId;
  await tester.waitForScreenshot(await tester.waitForEvent(inReviews('navigation'), { what: 'the reviews page’s navigation committed' }));
  await tester.waitForEvent(inReviews('page-load'), { what: 'the reviews page’s load committed' });
  await reviews.close();
  await page.bringToFront();
  await tester.waitForEvent((event) => event.kind === 'tab-closed' && event.closedTabId === opened.openedTabId, { what: 'the reviews tab closed' });
  await tester.emotion(1, 'reassured');
  await tester.stage('Decision');

  // The buy box lives in an open shadow root.
  await page.getByRole('button', { name: 'Increase quantity' }).click();
  await page.waitForFunction(() => document.querySelector('shop-buy-box')?.shadowRoot?.getElementById('qty')?.value === '2', null, { polling: 50 });
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('link', { name: 'View cart' }).click();
  await page.waitForURL(/\/cart/);
  await arrived(tester, /\/cart/);
  await tester.stage('Purchase');
  await page.getByRole('link', { name: 'Proceed to checkout' }).click();
  await page.waitForURL(/\/checkout/);
  await arrived(tester, /\/checkout$/);

  // Shipping: an invalid email first.
  await page.getByLabel('Full name').fill('Sandrine Martin');
  await page.getByLabel('Email').fill('sandrine.martin@');
  await page.getByLabel('Address').fill('12 rue des Lilas');
  await page.getByLabel('City').fill('Lyon');
  // Chosen as a person does, with the keys: Playwright's selectOption dispatches events a script makes, which
  // the recorder ignores (only the browser's own events count).
  await page.getByLabel('Delivery').focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByLabel('Gift wrap').check();
  await page.getByLabel('Create an account (optional password)').fill(DEMO_SECRETS.password);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  // The page refuses the email: the browser's `invalid` and the page's own alert are recorded.
  await page.locator('#form-errors').filter({ hasText: 'Please correct' }).waitFor();
  await tester.waitForEvents((events) => events.some((event) => event.kind === 'invalid') && events.some((event) => event.kind === 'form-alert'), {
    what: 'the refused shipping form recorded',
  });
  await tester.emotion(-1, 'anxious');
  await tester.note('pain', 'The email error only shows after submitting');
  await page.getByLabel('Email').fill(DEMO_SECRETS.email);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/checkout\/payment/);
  await arrived(tester, /\/checkout\/payment/);

  // Payment in a cross-origin iframe.
  const payment = page.frameLocator('#payment-frame');
  await payment.getByLabel('Card number').fill(DEMO_SECRETS.card);
  await payment.getByLabel('Expiry').fill('12/30');
  await payment.getByLabel('CVC').fill('123');
  await payment.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/confirmation/, { timeout: 15_000 });
  await page.getByRole('heading', { name: /Thank you/ }).waitFor();
  await arrived(tester, /\/confirmation/);
  await tester.waitForEvent((event) => event.kind === 'page-load' && /\/confirmation/.test(event.url), { what: 'the confirmation page’s load committed' });
  await tester.emotion(2, 'satisfied');
  await tester.note('thought', 'Done, but the confirmation took a while');
  await tester.note('opportunity', 'Validate the email as it is typed');
}
