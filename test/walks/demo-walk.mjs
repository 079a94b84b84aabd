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

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function walk({ page, context, tester }) {
  // Awareness: a dead button and a stubborn promo button.
  await tester.note('expectation', 'Order a gift mug in a few minutes');
  await page.getByRole('button', { name: 'Track my order' }).click();
  await pause(700);
  await tester.emotion(-1, 'confused');
  await tester.note('pain', 'Track my order does nothing');
  for (let i = 0; i < 4; i++) {
    await page.getByRole('button', { name: 'Apply promo code' }).click();
    await pause(150);
  }
  await pause(700);
  await tester.emotion(-2, 'frustrated');
  await tester.stage('Consideration');

  // A look down the home page and back up.
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, 700);
  await pause(800);
  await page.mouse.wheel(0, -700);
  await pause(800);

  // Search.
  await page.getByLabel('Search', { exact: true }).fill('mug');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/search/);
  await pause(700);
  await tester.stage('Comparison');
  await page.locator('#search-results li a').first().click();
  await page.waitForURL(/\/product/);
  await pause(700);

  // A look at the product before opening its reviews (which open in a new tab that joins the session).
  await pause(600);
  const [reviews] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Read reviews' }).click()]);
  await reviews.waitForLoadState('load');
  await pause(900);
  await reviews.close();
  await page.bringToFront();
  await pause(700);
  await tester.emotion(1, 'reassured');
  await tester.stage('Decision');

  // The buy box lives in an open shadow root.
  await page.getByRole('button', { name: 'Increase quantity' }).click();
  await pause(700);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await pause(700);
  await page.getByRole('link', { name: 'View cart' }).click();
  await page.waitForURL(/\/cart/);
  await pause(700);
  await tester.stage('Purchase');
  await page.getByRole('link', { name: 'Proceed to checkout' }).click();
  await page.waitForURL(/\/checkout/);
  await pause(700);

  // Shipping: an invalid email first.
  await page.getByLabel('Full name').fill('Sandrine Martin');
  await page.getByLabel('Email').fill('sandrine.martin@');
  await page.getByLabel('Address').fill('12 rue des Lilas');
  await page.getByLabel('City').fill('Lyon');
  await page.getByLabel('Delivery').selectOption('express');
  await page.getByLabel('Gift wrap').check();
  await page.getByLabel('Create an account (optional password)').fill(DEMO_SECRETS.password);
  await pause(300);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await pause(900);
  await tester.emotion(-1, 'anxious');
  await tester.note('pain', 'The email error only shows after submitting');
  await page.getByLabel('Email').fill(DEMO_SECRETS.email);
  await pause(300);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/checkout\/payment/);
  await pause(900);

  // Payment in a cross-origin iframe.
  const payment = page.frameLocator('#payment-frame');
  await payment.getByLabel('Card number').fill(DEMO_SECRETS.card);
  await payment.getByLabel('Expiry').fill('12/30');
  await payment.getByLabel('CVC').fill('123');
  await pause(300);
  await payment.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/confirmation/, { timeout: 15_000 });
  await page.getByRole('heading', { name: /Thank you/ }).waitFor();
  await pause(1200);
  await tester.emotion(2, 'satisfied');
  await tester.note('thought', 'Done, but the confirmation took a while');
  await tester.note('opportunity', 'Validate the email as it is typed');
}
