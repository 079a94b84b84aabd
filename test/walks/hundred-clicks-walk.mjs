// A walk of exactly 100 clicks on the demo shop, for the resilience tests (a service worker stopped every
// ~2 s while it runs): rounds of home -> product -> a second tab opened by window.open -> cart -> checkout,
// where the payment step comes by pushState with its cross-origin iframe, clicked inside, then back home.
// Each round has page loads, clicks that leave their page, clicks that change nothing (a dead button), a
// tab of its own and an iframe. The walk waits only for what the next click needs (the page it lands on),
// never for the recorder: the recorder has to keep up with a tester who does not wait for it.

/** The products the rounds visit in turn (their home-page links, by accessible name). */
const PRODUCTS = ['Stoneware Mug', 'Canvas Tote Bag', 'Dotted Notebook'];

export const HUNDRED_CLICKS_COUNT = 100;

const SHIPPING = { 'Full name': 'Camille Durand', Email: 'camille.durand@example.org', Address: '3 place Bellecour' };

/**
 * One round's clicks in order: the name the click is recorded with, and what the walk does for it (the
 * click, then whatever the page must reach before the next one).
 */
function round(index) {
  const product = PRODUCTS[index % PRODUCTS.length];
  return [
    { name: 'Show opening hours', act: ({ page }) => page.getByRole('button', { name: 'Show opening hours' }).click() },
    { name: 'Show opening hours', act: ({ page }) => page.getByRole('button', { name: 'Show opening hours' }).click() },
    { name: 'Track my order', act: ({ page }) => page.getByRole('button', { name: 'Track my order' }).click() },
    {
      name: product,
      act: async ({ page }) => {
        await page.getByRole('link', { name: product, exact: true }).click();
        await page.waitForURL(/\/product/);
      },
    },
    {
      name: 'Increase quantity',
      act: async ({ page }) => {
        await page.getByRole('button', { name: 'Increase quantity' }).click();
        await page.waitForFunction(() => document.querySelector('shop-buy-box')?.shadowRoot?.getElementById('qty')?.value === '2', null, { polling: 50 });
      },
    },
    {
      name: 'Decrease quantity',
      act: async ({ page }) => {
        await page.getByRole('button', { name: 'Decrease quantity' }).click();
        await page.waitForFunction(() => document.querySelector('shop-buy-box')?.shadowRoot?.getElementById('qty')?.value === '1', null, { polling: 50 });
      },
    },
    {
      // window.open: a second tab of the walk, which comes to the front.
      name: 'Size guide',
      act: async (walk) => {
        const [guide] = await Promise.all([walk.context.waitForEvent('page'), walk.page.getByRole('button', { name: 'Size guide' }).click()]);
        await guide.waitForLoadState('load');
        walk.second = guide;
      },
    },
    {
      // A click in the second tab that leaves its page; then the tab is closed and the first comes back.
      name: 'Parcours Shop',
      act: async (walk) => {
        const guide = walk.second;
        await guide.getByRole('link', { name: 'Parcours Shop' }).click();
        await guide.waitForURL((url) => url.pathname === '/');
        await guide.waitForLoadState('load');
        await guide.close();
        walk.second = null;
        await walk.page.bringToFront();
      },
    },
    { name: 'Add to cart', act: ({ page }) => page.getByRole('button', { name: 'Add to cart' }).click() },
    {
      name: 'View cart',
      act: async ({ page }) => {
        await page.getByRole('link', { name: 'View cart' }).click();
        await page.waitForURL(/\/cart/);
      },
    },
    {
      name: 'Proceed to checkout',
      act: async ({ page }) => {
        await page.getByRole('link', { name: 'Proceed to checkout' }).click();
        await page.waitForURL(/\/checkout$/);
        // Typed, not clicked: fill focuses the field without a click.
        for (const [label, value] of Object.entries(SHIPPING)) await page.getByLabel(label, { exact: true }).fill(value);
      },
    },
    {
      // pushState: the payment step, with its cross-origin iframe.
      name: 'Continue to payment',
      act: async ({ page }) => {
        await page.getByRole('button', { name: 'Continue to payment' }).click();
        await page.waitForURL(/\/checkout\/payment/);
        await page.frameLocator('#payment-frame').getByRole('button', { name: 'Pay' }).waitFor();
      },
    },
    { name: 'Card number', act: ({ page }) => page.frameLocator('#payment-frame').getByLabel('Card number').click() },
    {
      // No card number: the payment page refuses it, and nothing navigates.
      name: 'Pay',
      act: async ({ page }) => {
        const payment = page.frameLocator('#payment-frame');
        await payment.getByRole('button', { name: 'Pay' }).click();
        await payment.getByText('Please enter a valid card number').waitFor();
      },
    },
    {
      name: 'Edit shipping details',
      act: async ({ page }) => {
        await page.getByRole('button', { name: 'Edit shipping details' }).click();
        await page.waitForURL(/\/checkout$/);
      },
    },
    {
      name: 'Parcours Shop',
      act: async ({ page }) => {
        await page.getByRole('link', { name: 'Parcours Shop' }).click();
        await page.waitForURL((url) => url.pathname === '/');
      },
    },
  ];
}

/** The walk's clicks, in order: as many rounds as it takes, the last one cut at the hundredth click. */
function clicks() {
  const all = [];
  for (let index = 0; all.length < HUNDRED_CLICKS_COUNT; index++) all.push(...round(index));
  return all.slice(0, HUNDRED_CLICKS_COUNT);
}

/** The names the walk's clicks are recorded with, in order (100 of them). */
export const HUNDRED_CLICKS = clicks().map((click) => click.name);

/** Starts on the shop's home page. `onClick(index)` is told after each click (a test counts where the walk is). */
export default async function walk({ page, context, onClick }) {
  const state = { page, context, second: null };
  for (const [index, click] of clicks().entries()) {
    await click.act(state);
    onClick?.(index);
  }
}
