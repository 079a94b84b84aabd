import type { Page } from '@playwright/test';
import { colourInImages, extensionPage } from '../../scripts/lib/database.mjs';
import type { Tester } from '../../scripts/lib/tester.mjs';
import { expect, type Row, test } from './fixtures';

// A page text that becomes personal while it is off screen is hidden once it shows. The private-box scan tests
// only changed blocks that may show in the image (the others wait, or are set aside while the browser measures
// them far from the screen: lib/page-recorder/near-viewport.ts); this walk proves the waiting ones are tested
// when they come into view, by a jump (a script scrolling far) and by the tester's own small scrolls.

const VIVID = [255, 0, 255];
const NOISE = 8;
const ROWS = 400;

/** Clicks the checkout's shipping heading and returns that click's screenshot. */
async function clickHeading(tester: Tester, page: Page): Promise<Row> {
  const before = await tester.lastEvent();
  await page.locator('#shipping-heading').click();
  const click = await tester.waitForEvent((event) => event.kind === 'click' && event.target?.name === 'Shipping', {
    what: 'the click on the heading committed',
    after: before,
  });
  return tester.waitForScreenshot(click);
}

/** Two frames painted: the browser has measured what it observes (IntersectionObserver) since the last change. */
const twoFrames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Makes a row personal: an e-mail, in magenta. */
async function makePersonal(page: Page, row: number) {
  await page.evaluate((index) => {
    const personal = document.getElementById(`row-${index}`) as HTMLElement;
    personal.textContent = 'Receipt to sandrine.martin@example.org';
    personal.style.cssText = 'color:#ff00ff;font-weight:800;font-size:22px';
  }, row);
}

async function regionOf(page: Page, selector: string) {
  return page.locator(selector).evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: Math.round(rect.x), y: Math.round(rect.y), width: Math.round(rect.width), height: Math.round(rect.height) };
  });
}

test('a text made personal off screen is hidden once it comes into view: after a jump, and after small scrolls', async ({ extension, shop }, testInfo) => {
  testInfo.setTimeout(180_000);
  const { context, extensionId, page, tester } = extension;
  await page.goto(`${shop.shopUrl}checkout`);
  await page.evaluate((rows) => {
    const list = document.createElement('section');
    list.id = 'long-list';
    for (let i = 0; i < rows; i++) {
      const p = document.createElement('p');
      p.id = `row-${i}`;
      p.textContent = `Line ${i} of the delivery notes`;
      list.append(p);
    }
    (document.querySelector('main') as HTMLElement).append(list);
    // The control: magenta with nothing private, fixed at the top where no scroll brings the e-mail's past places
    // (a box is hidden where it was during the last second of scrolling too), so the test shows it sees magenta.
    const control = document.createElement('p');
    control.id = 'control';
    control.textContent = 'A magenta line with nothing private';
    control.style.cssText = 'position:fixed;top:0;left:0;margin:0;padding:4px;background:#fff;color:#ff00ff;font-weight:800;font-size:22px;z-index:10';
    document.body.append(control);
  }, ROWS);
  await tester.start({ title: 'Off screen', masking: 'balanced' });
  await tester.waitForScreenshot(await tester.waitForEvent((event) => event.kind === 'session-start'));
  // The page as the scan first knows it, then a change far below the screen.
  await clickHeading(tester, page);
  await makePersonal(page, 300);
  await clickHeading(tester, page);
  // Once the browser has measured it far, the next look sets it aside.
  await twoFrames(page);
  await clickHeading(tester, page);

  // A jump: a script scrolls it into view.
  await page.evaluate(() => (document.getElementById('row-300') as HTMLElement).scrollIntoView({ block: 'center' }));
  await twoFrames(page);
  const jumpRegions = { personal: await regionOf(page, '#row-300'), control: await regionOf(page, '#control') };
  const afterJump = await clickAtRow(tester, page, 299);

  // Small scrolls: a change a screen and a half below, then the tester's wheel brings it up in steps.
  await makePersonal(page, 340);
  await clickAtRow(tester, page, 299);
  await twoFrames(page);
  await clickAtRow(tester, page, 299);
  for (let step = 0; step < 40; step++) {
    const top = await page.locator('#row-340').evaluate((element) => element.getBoundingClientRect().top);
    if (top < 400) break;
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 150);
    await expect.poll(() => page.evaluate(() => window.scrollY), { message: 'the wheel scrolled the page' }).toBeGreaterThan(before);
  }
  await twoFrames(page);
  const wheelRegions = { personal: await regionOf(page, '#row-340'), control: await regionOf(page, '#control') };
  const afterWheel = await clickAtRow(tester, page, 339);
  await tester.stop();

  const reader = await extensionPage(context, extensionId);
  for (const [what, shot, regions] of [
    ['after the jump', afterJump, jumpRegions],
    ['after the wheel', afterWheel, wheelRegions],
  ] as const) {
    expect(shot.screenshotId, `the click ${what} has its screenshot`).toBeTruthy();
    const counts = await colourInImages(reader, { screenshotIds: [shot.screenshotId as string], colour: VIVID, regions });
    const found = counts[shot.screenshotId as string];
    expect(found?.regions.control ?? 0, `the control line is readable ${what}: the test sees magenta`).toBeGreaterThan(20);
    expect(found?.regions.personal ?? 0, `the e-mail is hidden ${what}`).toBeLessThanOrEqual(NOISE);
  }
});

/** Clicks a plain row of the list (in view) and returns that click's screenshot. */
async function clickAtRow(tester: Tester, page: Page, row: number): Promise<Row> {
  const before = await tester.lastEvent();
  await page.locator(`#row-${row}`).click();
  const click = await tester.waitForEvent((event) => event.kind === 'click', {
    what: `the click on row ${row} committed`,
    after: before,
  });
  return tester.waitForScreenshot(click);
}
