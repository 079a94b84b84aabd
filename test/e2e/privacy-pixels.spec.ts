import { readFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import JSZip from 'jszip';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { colourInImages, extensionPage, readDatabase } from '../../scripts/lib/database.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { expect, type Row, test } from './fixtures';

// Blurred before stored: what a walk's privacy mode hides never reaches IndexedDB readable, nor the bundle.
// The test paints what the tester types (and a few texts) in a vivid magenta nothing else on the pages walked
// uses, walks checkout → payment (a cross-origin iframe), and looks for magenta in every stored and exported
// image. The payment page's title is painted too: no mode hides it, so each walk shows the test sees magenta.

const VIVID = [255, 0, 255];
/** Typed text in magenta, bold so that a JPEG keeps it magenta (not the placeholders: nothing typed); no caret to blink in and out of the images. */
const VIVID_FIELDS = `input, textarea { color: #ff00ff !important; -webkit-text-fill-color: #ff00ff !important; caret-color: transparent !important;
  font-weight: 800 !important; font-size: 18px !important; }
  input::placeholder, textarea::placeholder { color: #777 !important; -webkit-text-fill-color: #777 !important; }`;
/** Pixels near magenta an image may hold by chance (JPEG ringing of the hidden fill never comes near it). */
const NOISE = 8;

type Mode = 'strict' | 'balanced' | 'relaxed';
type Regions = Record<string, { x: number; y: number; width: number; height: number }>;

interface Walked {
  sessionId: string;
  screenshots: Row[];
  events: Row[];
  /** Magenta pixels in each stored image, and in the regions named by the walk. */
  stored: Awaited<ReturnType<typeof colourInImages>>;
  exported: Awaited<ReturnType<typeof colourInImages>>;
  /** The screenshot of the click made with the shipping form filled, of the one made on the payment step. */
  shippingShot: string | null;
  paymentShot: string | null;
  /** The screenshot of the click in the payment iframe. */
  frameShot: string | null;
}

/** A box of the page in the image's pixels (regions are valid for images of the layout they were measured in). */
async function regionOf(page: Page | Frame, selector: string, offset = { x: 0, y: 0 }, ratio = 1) {
  const box = await page.locator(selector).evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
  return {
    x: Math.round((box.x + offset.x) * ratio),
    y: Math.round((box.y + offset.y) * ratio),
    width: Math.round(box.width * ratio),
    height: Math.round(box.height * ratio),
  };
}

/** Clicks an element and returns the screenshot of that click: the first click committed after the press (its name is the page's, or `[text]` in strict walks, which mask every page text). */
async function clickAndWait(tester: Tester, page: Page | Frame, selector: string, name: string): Promise<Row> {
  const before = await tester.lastEvent();
  await page.locator(selector).click();
  const click = await tester.waitForEvent((event) => event.kind === 'click' && [name, '[text]'].includes(event.target?.name), {
    what: `the click on "${name}" committed`,
    after: before,
  });
  return tester.waitForScreenshot(click);
}

/** Everything the exported bundle holds under screenshots/, as base64. */
async function bundleImages(tester: Tester, out: string): Promise<{ name: string; base64: string }[]> {
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const names = Object.keys(zip.files).filter((name) => name.startsWith('screenshots/') && !zip.files[name]?.dir);
  return Promise.all(names.map(async (name) => ({ name, base64: await (zip.file(name) as JSZip.JSZipObject).async('base64') })));
}

/**
 * The walk: checkout with the shipping form filled (a click on the heading takes a screenshot), on to payment,
 * the card form filled in the payment iframe (a click on the page and one in the iframe take screenshots).
 */
async function walk(
  context: BrowserContext,
  extensionId: string,
  page: Page,
  shopUrl: string,
  mode: Mode,
  out: string,
  { ratio = 1, fullPage = false }: { ratio?: number; fullPage?: boolean } = {},
): Promise<Walked & { regions: Regions }> {
  await page.goto(`${shopUrl}checkout`);
  const tester = new Tester({ context, extensionId, page });
  await tester.start({ title: `Privacy ${mode}`, masking: mode });
  await tester.waitForScreenshot(await tester.waitForEvent((event) => event.kind === 'session-start'));
  // And the payment step's echo of what was typed ("Shipping to Sandrine Martin, 12 rue des Lilas").
  await page.addStyleTag({ content: `${VIVID_FIELDS} .ship-to { color: #ff00ff !important; font-weight: 800 !important; }` });
  // A text showing an e-mail address, and an element the site marks as never to be shown, both in magenta.
  await page.evaluate(() => {
    const main = document.querySelector('main') as HTMLElement;
    main.insertAdjacentHTML(
      'afterbegin',
      `<p id="vivid-mail" style="color:#ff00ff;font-weight:800;font-size:20px">Receipt to sandrine.martin@example.org</p>
       <div id="vivid-marked" data-parcours-mask style="background:#ff00ff;width:240px;height:32px">Loyalty 88</div>`,
    );
  });
  await page.getByLabel('Full name').fill('Sandrine Martin');
  await page.getByLabel('Email').fill('sandrine.martin@example.org');
  await page.getByLabel('Address').fill('12 rue des Lilas');
  await page.getByLabel('City').fill('Lyon');
  await page.getByLabel('Create an account (optional password)').fill('Hunter2-secret!');
  const regions: Regions = {
    name: await regionOf(page, '#full-name', undefined, ratio),
    email: await regionOf(page, '#email', undefined, ratio),
    password: await regionOf(page, '#password', undefined, ratio),
    mail: await regionOf(page, '#vivid-mail', undefined, ratio),
    marked: await regionOf(page, '#vivid-marked', undefined, ratio),
  };
  const shipping = await clickAndWait(tester, page, '#shipping-heading', 'Shipping');
  if (fullPage) {
    const overlay = await tester.readyOverlay();
    await overlay.click({ name: 'Full page' });
    await tester.waitForEvent((event) => event.kind === 'full-page', { what: 'the full page stored' });
  }
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/checkout\/payment/);
  await tester.waitForScreenshot(await tester.waitForNavigation(/\/checkout\/payment/));
  const payFrame = () => page.frames().find((candidate) => /pay\.html/.test(candidate.url()));
  await expect.poll(() => payFrame() != null, { message: 'the payment iframe loaded' }).toBe(true);
  const frame = payFrame() as Frame;
  await frame.waitForLoadState('load');
  // The payment page's title in magenta too: no mode hides it, so the test shows it can see the iframe's pixels.
  await frame.addStyleTag({ content: `${VIVID_FIELDS} h1.brand { color: #ff00ff !important; }` });
  await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
  await frame.getByLabel('Expiry').fill('12/30');
  await frame.getByLabel('CVC').fill('123');
  const offset = await page.locator('#payment-frame').evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x + element.clientLeft, y: rect.y + element.clientTop };
  });
  // Regions of the payment step (the page may have scrolled since the shipping step's).
  regions.card = await regionOf(frame, '#card-number', offset, ratio);
  regions.cvc = await regionOf(frame, '#card-cvc', offset, ratio);
  regions.markedOnPayment = await regionOf(page, '#vivid-marked', undefined, ratio);
  regions.shipTo = await regionOf(page, '.ship-to', undefined, ratio);
  regions.brand = await regionOf(frame, 'h1.brand', offset, ratio);
  const payment = await clickAndWait(tester, page, '#payment-heading', 'Payment');
  const inFrame = await clickAndWait(tester, frame, 'h1.brand', 'Secure Pay');
  await tester.stop();
  const sessionId = tester.sessionId as string;
  const reader = await extensionPage(context, extensionId);
  const { screenshots = [], events = [] } = await readDatabase(reader, { stores: ['screenshots', 'events'], sessionId });
  const stored = await colourInImages(reader, { sessionId, colour: VIVID, regions });
  const exported = await colourInImages(reader, {
    images: await bundleImages(tester, out),
    colour: VIVID,
    regions: { brand: regions.brand as Regions[string] },
  });
  return {
    sessionId,
    screenshots,
    events,
    stored,
    exported,
    shippingShot: shipping.screenshotId,
    paymentShot: payment.screenshotId,
    frameShot: inFrame.screenshotId,
    regions,
  };
}

function vividIn(counts: Walked['stored']): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([name, found]) => [name, found.count]));
}

/** Images with magenta outside the payment page's title (which no mode hides: the test's proof it sees the iframe). */
const noneVivid = (counts: Walked['stored']) =>
  Object.entries(counts)
    .filter(([, found]) => found.count - (found.regions.brand ?? 0) > NOISE)
    .map(([name, found]) => `${name}: ${found.count - (found.regions.brand ?? 0)}`);

for (const { mode, ratio, tabStreams } of [
  { mode: 'strict' as const, ratio: 1, tabStreams: true },
  { mode: 'balanced' as const, ratio: 1, tabStreams: true },
  // The other path (captureVisibleTab, as for a tab the walk opened) on a screen of ratio 2, and a full page.
  { mode: 'balanced' as const, ratio: 2, tabStreams: false },
]) {
  test(`${mode} mode${tabStreams ? '' : ', captureVisibleTab'}, ratio ${ratio}: no stored or exported image shows a typed field, a personal text or marked content`, async ({
    shop,
  }, testInfo) => {
    testInfo.setTimeout(180_000);
    const { context, extensionId, close } = await launchWithExtension({ deviceScaleFactor: ratio === 1 ? undefined : ratio, tabStreams });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const walked = await walk(context, extensionId, page, shop.shopUrl, mode, testInfo.outputPath('walk.zip'), { ratio, fullPage: !tabStreams });
      const images = walked.screenshots.length;
      expect(images, 'screenshots were stored').toBeGreaterThanOrEqual(4);
      expect(walked.shippingShot && walked.paymentShot, 'the screenshots of both steps were stored').toBeTruthy();
      expect(walked.screenshots.every((row) => row.privacy?.mode === mode || row.privacy === undefined)).toBe(true);
      expect(walked.screenshots.find((row) => row.id === walked.shippingShot)?.width).toBe(1280 * ratio);
      expect(walked.stored[walked.paymentShot as string]?.regions.brand, 'the payment page’s title is readable').toBeGreaterThan(20);
      expect(noneVivid(walked.stored), `magenta pixels in stored images (${JSON.stringify(vividIn(walked.stored))})`).toEqual([]);
      expect(Object.keys(walked.exported).length, 'the bundle holds the screenshots').toBeGreaterThanOrEqual(4);
      expect(noneVivid(walked.exported), 'magenta pixels in exported images').toEqual([]);
      if (!tabStreams) expect(walked.events.some((event) => event.kind === 'full-page' && event.screenshotId)).toBe(true);
    } finally {
      await close();
    }
  });
}

test('relaxed mode: card, CVC and password fields and marked content hidden, while a typed name and page texts stay readable', async ({ shop }, testInfo) => {
  testInfo.setTimeout(180_000);
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const walked = await walk(context, extensionId, page, shop.shopUrl, 'relaxed', testInfo.outputPath('walk.zip'));
    const shipping = walked.stored[walked.shippingShot as string];
    const payment = walked.stored[walked.paymentShot as string];
    expect(shipping && payment).toBeTruthy();
    // The test sees magenta where relaxed mode leaves it: the typed name, the page's text.
    expect(shipping?.regions.name, 'the typed name is readable').toBeGreaterThan(20);
    expect(shipping?.regions.mail, 'the page text is readable').toBeGreaterThan(20);
    // And none where it hides: the e-mail and password fields, the marked element, the payment iframe's fields.
    expect(shipping?.regions.email).toBe(0);
    expect(shipping?.regions.password).toBe(0);
    expect(shipping?.regions.marked).toBe(0);
    expect(payment?.regions.card).toBe(0);
    expect(payment?.regions.cvc).toBe(0);
    // The payment iframe's magenta shows where it is not hidden: its title.
    expect(payment?.regions.brand, 'the payment page’s title is readable').toBeGreaterThan(20);
    // The iframe's own click, in the same layout as the payment step's.
    const inFrame = walked.stored[walked.frameShot as string];
    expect(inFrame?.regions.card).toBe(0);
    expect(inFrame?.regions.cvc).toBe(0);
    expect(payment?.regions.markedOnPayment).toBe(0);
    // Relaxed walks hide no page text: the page's echo of the typed name and address stays (strict and balanced hide it).
    expect(payment?.regions.shipTo, 'the echo of what was typed is readable').toBeGreaterThan(20);
  } finally {
    await close();
  }
});

test('“Always blur…” in the overlay: the element chosen is hidden from then on, the choosing click is no step, and the side panel takes it back', async ({
  shop,
}, testInfo) => {
  testInfo.setTimeout(180_000);
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${shop.shopUrl}checkout`);
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: 'Always blur', masking: 'relaxed' });
    await tester.waitForScreenshot(await tester.waitForEvent((event) => event.kind === 'session-start'));
    await page.addStyleTag({ content: '#shipping-heading { color: #ff00ff !important; font-weight: 800 !important; }' });
    const heading = { heading: await regionOf(page, '#shipping-heading') };
    const reader = await extensionPage(context, extensionId);
    const headingIn = async (shot: Row) =>
      (await colourInImages(reader, { screenshotIds: [shot.screenshotId], colour: VIVID, regions: heading }))[shot.screenshotId]?.regions.heading ?? -1;

    // Before: the heading shows.
    expect(await headingIn(await clickAndWait(tester, page, 'label[for="full-name"]', 'Full name'))).toBeGreaterThan(20);

    // The tester picks it: the overlay's button (from the keyboard), then a click on the heading.
    const overlay = await tester.readyOverlay();
    // The toolbar's root is closed: the button is focused where the content script runs, then pressed with a real key.
    const focused = await overlay.evaluate((root: ShadowRoot | null) => {
      const button = root?.querySelector<HTMLButtonElement>('button.picking');
      button?.focus();
      return button?.textContent?.trim() === 'Always blur…';
    });
    expect(focused).toBe(true);
    await page.keyboard.press('Enter');
    const picking = (on: boolean) =>
      overlay.waitFor(
        (root: ShadowRoot | null, value: string) => root?.querySelector('button.picking')?.getAttribute('aria-pressed') === value || null,
        String(on),
        {
          what: `the picker ${on ? 'on' : 'off'}`,
        },
      );
    await picking(true);
    const before = await tester.lastEvent();
    const box = heading.heading;
    await page.mouse.click(box.x + 20, box.y + box.height / 2);
    await overlay.waitForText('[role="status"]', /Hidden in every screenshot of this site/);
    const origin = new URL(shop.shopUrl).origin;
    const stored = async () => ((await readDatabase(reader, { stores: ['settings'] })).settings ?? []).find((row) => row.key === 'always-blur')?.value ?? {};
    await expect.poll(stored).toEqual({ [origin]: ['#shipping-heading'] });
    // The choosing click reached neither the recorder nor the page (its heading would take the focus).
    const after = await tester.events();
    expect(after.filter((event) => event.seq > (before?.seq ?? -1) && (event.kind === 'click' || event.kind === 'screenshot'))).toEqual([]);

    // From now on it is hidden.
    expect(await headingIn(await clickAndWait(tester, page, 'label[for="full-name"]', 'Full name'))).toBe(0);

    // Escape cancels a pick.
    await overlay.click({ name: 'Always blur…' });
    await picking(true);
    await page.keyboard.press('Escape');
    await picking(false);

    // The side panel lists it, and takes it back.
    const side = await context.newPage();
    await side.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await side.getByRole('tab', { name: 'Setup' }).click();
    await side.getByRole('button', { name: `Stop blurring #shipping-heading on ${origin}` }).click();
    await expect.poll(stored).toEqual({});
    await side.close();
    await tester.focusPage();
    expect(await headingIn(await clickAndWait(tester, page, 'label[for="full-name"]', 'Full name'))).toBeGreaterThan(20);
    await tester.stop();
  } finally {
    await close();
  }
});
