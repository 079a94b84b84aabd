// A walk through the demo shop recorded in real Firefox with the built add-on: clicks (one inside an open
// shadow root), navigations, an emotion and notes from the overlay's shortcuts and its note field,
// screenshots; exported from the sessions page and checked as Chromium's export is (test/shared/bundle-checks.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startShop } from '../fixtures/shop-server.mjs';
import { type CjmlFacts, checkJourney, checkNoSecrets, checkStepFormats, cjmlFactsInPage, type Journey } from '../shared/bundle-checks';
import { dumpDatabase, type Firefox, launchFirefox, openExtensionPage, type Row, VIEWPORT, waitFor } from './firefox';
import { FirefoxTester, waitForDownload } from './tester';

/** The clicks the walk makes on the page, by accessible name, in order. */
const CLICKS = ['Track my order', 'Search', 'Stoneware Mug', 'Increase quantity', 'Add to cart', 'View cart'];
/**
 * Typed in the shop's search field, then replaced by the search itself: a field's value is never kept (its
 * length only), so it must appear nowhere. (The search sent is the page's address, which is recorded.)
 */
const TYPED_SECRET = 'Hunter2-secret!';

describe('a walk through the demo shop, recorded in Firefox', () => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  let firefox: Firefox;
  let tester: FirefoxTester;
  let events: Row[];
  let dump: Record<string, Row[]>;
  let bundle: JSZip;
  let journey: Journey;
  let cjml: CjmlFacts;
  /** What the walk's panel (the sidebar's page) showed during the walk. */
  let sidebarView: { title: string; status: string | null; steps: number };
  /** The exported bundle, as Firefox saved it. */
  let file: string;
  /** captureVisibleTab's time per step, from the screenshot's request to its commit (indicative). */
  const shotMs: number[] = [];

  beforeAll(async () => {
    shop = await startShop();
    firefox = await launchFirefox();
    const [page] = (await firefox.browser.pages()) as [Page];
    // The first tab is Firefox's own: it gets the tests' viewport as the tabs they open do.
    await page.setViewport(VIEWPORT);
    await page.goto(shop.shopUrl);
    tester = new FirefoxTester(firefox.browser, page);
    await tester.start({ title: 'Firefox purchase', persona: 'Sandrine', scenario: 'Needs a mug', goal: 'Buy it' });

    // A button by its accessible name, as a person picks it (the search field is named Search too).
    // The buy box's buttons are in its shadow root, reached with `pierce/`.
    const click = async (name: string, selector = `::-p-aria([name="${name}"][role="button"])`) => {
      await page.locator(selector).click();
      const event = await tester.waitForClick(name);
      const shot = await tester.waitForScreenshot(event);
      shotMs.push(Date.parse(shot.at) - Date.parse(event.at));
      return event;
    };
    const arrived = async (url: RegExp) => {
      // Polled: a wait inside the page does not outlive the document it started in.
      await waitFor(async () => url.test(await page.evaluate(() => location.href)), `the page to be at ${url}`);
      await tester.waitForOverlay();
      await tester.waitForScreenshot(await tester.waitForNavigation(url));
    };

    await click('Track my order');
    await tester.emotion(-1);
    await tester.note('pain', 'Track my order does nothing');
    await page.locator('#search-input').fill(TYPED_SECRET);
    await page.locator('#search-input').fill('stoneware mug');
    await click('Search');
    await arrived(/\/search/);
    await page.locator('#search-results li a').click();
    await tester.waitForClick('Stoneware Mug');
    await arrived(/\/product/);
    await tester.note('thought', 'The mug looks sturdy');
    // The buy box lives in an open shadow root.
    await click('Increase quantity', 'pierce/#qty-plus');
    await page.waitForFunction(() => (document.querySelector('shop-buy-box')?.shadowRoot?.getElementById('qty') as HTMLInputElement | null)?.value === '2', {
      polling: 50,
    });
    await click('Add to cart', 'pierce/#add-to-cart');
    await page.locator('::-p-aria([name="View cart"][role="link"])').click();
    await arrived(/\/cart/);
    await tester.emotion(1);
    // The walk's panel (Firefox's sidebar shows sidepanel.html), in a window of its own so the walked tab stays
    // the visible one of its window: WebDriver cannot open the sidebar itself.
    const sidebar = await openExtensionPage(firefox.browser, 'sidepanel.html', { type: 'window' });
    sidebarView = await waitFor(
      () =>
        sidebar.evaluate(() => {
          const steps = document.querySelectorAll('.step-list [data-step-id], .step-list li').length;
          const title = document.querySelector('h1')?.textContent ?? null;
          return steps >= 3 && title ? { title, status: document.querySelector('#session-status')?.textContent ?? null, steps } : null;
        }),
      'the sidebar to show the walk',
    );
    await sidebar.close();
    await page.bringToFront();
    await tester.stop();

    // Exported from the sessions page's Export button, as a person does; Firefox saves it to the downloads folder.
    const sessions = await openExtensionPage(firefox.browser, 'sessions.html');
    await sessions.locator('::-p-aria([name="Export: Firefox purchase"][role="button"])').click();
    file = await waitForDownload(firefox.downloads, new Set());
    bundle = await JSZip.loadAsync(readFileSync(file));
    journey = JSON.parse((await bundle.file('journey.json')?.async('string')) as string);
    cjml = await sessions.evaluate(cjmlFactsInPage, (await bundle.file('cjml.xml')?.async('string')) ?? '');
    dump = await dumpDatabase(sessions);
    events = (dump.events ?? []).filter((event) => event.sessionId === tester.sessionId).sort((a, b) => a.seq - b.seq);
    console.log(`captureVisibleTab, click to committed screenshot: ${shotMs.join(', ')} ms`);
  });

  afterAll(async () => {
    await firefox?.close();
    await shop?.close();
  });

  test('records the clicks, navigations and page loads in order, from session-start to session-stop', () => {
    expect(events[0]?.kind).toBe('session-start');
    expect(events.at(-1)?.kind).toBe('session-stop');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events.filter((event) => event.kind === 'click').map((event) => event.target.name)).toEqual(CLICKS);
    const at = (predicate: (event: Row) => boolean) => events.findIndex(predicate);
    const milestones = [
      at((e) => e.kind === 'click' && e.target.name === 'Track my order'),
      at((e) => e.kind === 'navigation' && /\/search/.test(e.url)),
      at((e) => e.kind === 'navigation' && /\/product/.test(e.url)),
      at((e) => e.kind === 'click' && e.target.name === 'Add to cart'),
      at((e) => e.kind === 'navigation' && /\/cart/.test(e.url)),
    ];
    expect(milestones.every((index) => index >= 0)).toBe(true);
    expect([...milestones].sort((a, b) => a - b)).toEqual(milestones);
    expect(events.some((event) => event.kind === 'page-load' && /\/cart/.test(event.url))).toBe(true);
    const addToCart = events.find((event) => event.kind === 'click' && event.target.name === 'Add to cart');
    expect(addToCart?.target).toMatchObject({ tag: 'button', role: 'button', inShadow: true });
  });

  test('shows the walk in the sidebar’s page as it is recorded: its title, status and steps', () => {
    expect(sidebarView.title).toBe('Firefox purchase');
    expect(sidebarView.status).toMatch(/Recording/);
    expect(sidebarView.steps).toBeGreaterThanOrEqual(3);
  });

  test('takes a screenshot per click with tabs.captureVisibleTab, a 1280×800 JPEG with its click point', () => {
    const shots = new Map(events.filter((event) => event.kind === 'screenshot').map((event) => [event.forEventId, event]));
    const images = new Map((dump.screenshots ?? []).map((row) => [row.id, row]));
    for (const click of events.filter((event) => event.kind === 'click')) {
      const shot = shots.get(click.id);
      expect(shot, `screenshot for ${click.target.name}`).toBeTruthy();
      if (shot?.missingReason) continue; // a click whose page was already leaving: checked with the bundle's steps
      const image = images.get(shot?.screenshotId);
      expect(image?.blob).toMatchObject({ blobType: 'image/jpeg' });
      expect(image?.width).toBe(VIEWPORT.width);
      expect(image?.height).toBe(VIEWPORT.height);
      expect(shot?.point.x).toBeGreaterThan(0);
    }
    const stored = events.filter((event) => event.kind === 'screenshot' && !event.missingReason);
    expect(stored.length).toBeGreaterThanOrEqual(CLICKS.length);
  });

  test('keeps the emotions and notes made from the overlay, on their steps', () => {
    const annotations = (dump.annotations ?? []).filter((row) => row.sessionId === tester.sessionId && !row.removed);
    // Rows come in id order: compared sorted.
    expect(
      annotations
        .filter((row) => row.kind === 'emotion')
        .map((row) => Number(row.data.valence))
        .sort(),
    ).toEqual([-1, 1]);
    expect(
      annotations
        .filter((row) => row.kind === 'note')
        .map((row) => [row.data.noteKind, row.data.text])
        .sort(),
    ).toEqual([
      ['pain', 'Track my order does nothing'],
      ['thought', 'The mug looks sturdy'],
    ]);
    const texts = journey.steps.flatMap((step: { thoughts: string[]; painPoints: string[] }) => [...step.thoughts, ...step.painPoints]);
    expect(texts).toEqual(expect.arrayContaining(['Track my order does nothing', 'The mug looks sturdy']));
  });

  test('exports a bundle that passes the checks Chromium’s export passes', async () => {
    await checkJourney(bundle, {
      title: 'Firefox purchase',
      persona: 'Sandrine',
      scenario: 'Needs a mug',
      goal: 'Buy it',
      browser: /Firefox/,
      viewport: VIEWPORT,
      clicks: CLICKS.length,
      minSteps: 5,
    });
    await checkStepFormats(bundle, journey, cjml);
    await checkNoSecrets(bundle, dump, [TYPED_SECRET]);
  });

  test('exports the journey map as map.png, drawn in Firefox', async () => {
    const poster = await bundle.file('map.png')?.async('uint8array');
    expect(poster, 'map.png').toBeTruthy();
    expect([...(poster as Uint8Array).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  test('imports the exported bundle back, once the walk is deleted: its events, screenshots and annotations', async () => {
    const sessions = await openExtensionPage(firefox.browser, 'sessions.html');
    const count = (rows: Row[] | undefined) => (rows ?? []).filter((row) => row.sessionId === tester.sessionId || row.id === tester.sessionId).length;
    // The bundle carries the screenshots its steps show, not every one taken.
    const shots = bundle.file(/^screenshots\/.+\.jpg$/).length;
    expect(shots).toBeGreaterThan(0);
    const before = { sessions: count(dump.sessions), events: count(dump.events), screenshots: shots, annotations: count(dump.annotations) };
    await sessions.locator('::-p-aria([name="Delete: Firefox purchase"][role="button"])').click();
    await sessions.locator('::-p-aria([name="Delete for good"][role="button"])').click();
    await waitFor(async () => count((await dumpDatabase(sessions)).sessions) === 0, 'the walk to be deleted');
    // The file input the Import button opens (a file dialog cannot be answered headless).
    const input = await sessions.waitForSelector('input[type="file"]');
    await input?.uploadFile(file);
    const name = path.basename(file);
    const outcome = await waitFor(
      () => sessions.evaluate(() => document.querySelector('[data-testid="import-outcome"]')?.textContent || null),
      'the import’s outcome',
      60_000,
    );
    expect(outcome).toBe(`Imported “Firefox purchase” from ${name}.`);
    const again = await dumpDatabase(sessions);
    expect({
      sessions: count(again.sessions),
      events: count(again.events),
      screenshots: count(again.screenshots),
      annotations: count(again.annotations),
    }).toEqual(before);
    expect(await sessions.evaluate(() => document.body.innerText)).toContain(`imported from ${name}`);
  });

  test('reviews the imported walk: its journey map, a step opened with its screenshot decoded', async () => {
    const review = await openExtensionPage(firefox.browser, `sessions.html#/session/${tester.sessionId}`);
    await review.locator('::-p-aria([name="Journey map"][role="region"])').wait();
    await review.locator('::-p-aria([name="Open step 2"][role="link"])').click();
    const width = await waitFor(
      () => review.evaluate(() => (document.querySelector('.shot-frame img') as HTMLImageElement | null)?.naturalWidth || null),
      'the step’s screenshot to be decoded',
    );
    expect(width).toBe(VIEWPORT.width);
  });
});
