// flow.json checked by the real replayer: the demo walk recorded with the extension, its bundle's flow parsed
// by @puppeteer/replay and replayed by it (the Chrome DevTools Recorder's library) in Debian's Chromium
// against the demo shop, to the order confirmation; then re-walked with `npm run record -- --flow`.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from '@puppeteer/replay';
import JSZip from 'jszip';
import puppeteer from 'puppeteer-core';
import demoWalk, { DEMO_SECRETS } from '../walks/demo-walk.mjs';
import { expect, type Row, test } from './fixtures';

/** The test data for the walk's typed fields: what demo-walk.mjs typed, which the capture never kept. */
const VALUES = {
  q: 'mug',
  fullName: 'Sandrine Martin',
  // The walk typed a wrong email first, then the right one.
  email: ['sandrine.martin@', DEMO_SECRETS.email],
  address: '12 rue des Lilas',
  city: 'Lyon',
  password: DEMO_SECRETS.password,
  cardnumber: DEMO_SECRETS.card,
  'exp-date': '12/30',
  cvc: '123',
};
const TYPED_TEXTS = [DEMO_SECRETS.email, DEMO_SECRETS.password, DEMO_SECRETS.card, 'sandrine.martin@', 'Sandrine Martin', '12 rue des Lilas', 'Lyon', '12/30'];

const clickNames = (events: Row[]) => events.filter((event) => event.kind === 'click').map((event) => event.target.name);

test.describe('flow.json, replayed', () => {
  let flowText: string;
  let flowFile: string;
  let recordedEvents: Row[];

  test.beforeAll(async ({ shop }, testInfo) => {
    testInfo.setTimeout(180_000);
    const { launchWithExtension } = await import('../../scripts/lib/browser.mjs');
    const { Tester } = await import('../../scripts/lib/tester.mjs');
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(shop.shopUrl);
      const tester = new Tester({ context, extensionId, page });
      await tester.start({ title: 'Demo purchase' });
      await demoWalk({ page, context, tester });
      await tester.stop();
      const out = testInfo.outputPath('demo.zip');
      await tester.exportTo(out);
      const bundle = await JSZip.loadAsync(readFileSync(out));
      flowText = (await bundle.file('flow.json')?.async('string')) ?? '';
      recordedEvents = JSON.parse((await bundle.file('events.json')?.async('string')) ?? '[]');
      flowFile = testInfo.outputPath('flow.json');
      writeFileSync(flowFile, flowText);
    } finally {
      await close();
    }
  });

  test('parses as a Recorder user flow and holds no typed text', () => {
    const flow = parse(JSON.parse(flowText));
    expect(flow.title).toBe('Demo purchase');
    expect(flow.steps[0]).toMatchObject({ type: 'setViewport', width: 1280, height: 800 });
    expect(flow.steps[1]).toMatchObject({ type: 'navigate', assertedEvents: [{ type: 'navigation' }] });
    const clicks = flow.steps.filter((step) => step.type === 'click');
    expect(clicks.length).toBe(clickNames(recordedEvents).length);
    for (const click of clicks) {
      expect(click.selectors.length).toBeGreaterThan(0);
      expect(Number.isFinite(click.offsetX) && Number.isFinite(click.offsetY)).toBe(true);
    }
    // The payment form's button, in the cross-origin iframe, by index path; the reviews tab closed by its address.
    expect(clicks.at(-1)).toMatchObject({ frame: [0], target: 'main' });
    expect(flow.steps.find((step) => step.type === 'close')?.target).toMatch(/\/reviews\?id=mug$/);
    expect(clicks.filter((click) => click.assertedEvents?.length).length).toBeGreaterThanOrEqual(5);
    for (const text of TYPED_TEXTS) expect(flowText, `typed "${text}" in flow.json`).not.toContain(text);
  });

  test('replays with @puppeteer/replay in Chromium to the order confirmation', async ({ shop }) => {
    test.setTimeout(120_000);
    const { replayFlow } = await import('../../scripts/lib/replay-flow.mjs');
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const result = await replayFlow({ browser, page, flow: flowText, values: VALUES });
      expect(result.skipped).toEqual([]);
      expect(new URL(page.url()).pathname).toBe('/confirmation');
      expect(page.url().startsWith(shop.shopUrl)).toBe(true);
      await page.waitForSelector('::-p-text(Thank you)', { timeout: 10_000 });
    } finally {
      await browser.close();
    }
  });

  test('without the test data, the replay stops where the shop refuses the empty form, and says which step', async () => {
    test.setTimeout(120_000);
    const { replayFlow } = await import('../../scripts/lib/replay-flow.mjs');
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const lines: string[] = [];
      const error = await replayFlow({ browser, page, flow: flowText, values: { q: 'mug' }, log: (line: string) => lines.push(line) }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^The flow's step \d+ \(click\) failed/);
      expect(lines.some((line) => /"fullName"/.test(line))).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/checkout');
    } finally {
      await browser.close();
    }
  });

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a test's fixtures from this pattern.
  test('npm run record -- --flow re-walks it into a bundle whose clicks match', async ({}, testInfo) => {
    test.setTimeout(180_000);
    const { recordWalk } = await import('../../scripts/lib/record-walk.mjs');
    const valuesFile = testInfo.outputPath('values.json');
    writeFileSync(valuesFile, JSON.stringify(VALUES));
    const out = testInfo.outputPath('rewalk.zip');
    await recordWalk({ flow: flowFile, values: valuesFile, out, log: () => {} });
    const bundle = await JSZip.loadAsync(readFileSync(out));
    const events: Row[] = JSON.parse((await bundle.file('events.json')?.async('string')) ?? '[]');
    const journey = JSON.parse((await bundle.file('journey.json')?.async('string')) ?? '{}');
    expect(journey.session.title).toBe('Demo purchase');
    expect(clickNames(events)).toEqual(clickNames(recordedEvents));
    expect(events.some((event) => event.kind === 'navigation' && /\/confirmation/.test(event.url))).toBe(true);
    // Today's screenshots: the re-walk took its own.
    expect(Object.keys(bundle.files).filter((name) => name.startsWith('screenshots/')).length).toBeGreaterThan(5);
  });

  test('a tab the page opened with window.open replays as its own target, by its address', async ({ shop }, testInfo) => {
    test.setTimeout(180_000);
    const { launchWithExtension } = await import('../../scripts/lib/browser.mjs');
    const { Tester } = await import('../../scripts/lib/tester.mjs');
    const { context, extensionId, close } = await launchWithExtension();
    let flow = '';
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(new URL('/product?id=tshirt', shop.shopUrl).href);
      const tester = new Tester({ context, extensionId, page });
      await tester.start({ title: 'Size guide' });
      const [guide] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Size guide' }).click()]);
      await guide.waitForLoadState('load');
      const opened = await tester.waitForEvent((event: Row) => event.kind === 'tab-opened', { what: 'the size guide joining the walk' });
      const inGuide = (event: Row) => event.tabId === opened.openedTabId;
      await tester.waitForEvent((event: Row) => event.kind === 'page-load' && inGuide(event), { what: 'the size guide loaded' });
      // A search from the size guide's own header: a step in the second tab that navigates it.
      await guide.getByLabel('Search', { exact: true }).fill('hoodie');
      await guide.getByRole('button', { name: 'Search' }).click();
      await guide.waitForURL(/\/search/);
      await tester.waitForEvent((event: Row) => event.kind === 'page-load' && inGuide(event) && /\/search/.test(event.url), {
        what: 'the search in the size guide tab',
      });
      await guide.close();
      await page.bringToFront();
      await tester.waitForEvent((event: Row) => event.kind === 'tab-closed' && event.closedTabId === opened.openedTabId, { what: 'the size guide closed' });
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('link', { name: 'View cart' }).click();
      await page.waitForURL(/\/cart/);
      await tester.waitForNavigation(/\/cart/);
      await tester.stop();
      const out = testInfo.outputPath('size-guide.zip');
      await tester.exportTo(out);
      flow = (await (await JSZip.loadAsync(readFileSync(out))).file('flow.json')?.async('string')) ?? '';
    } finally {
      await close();
    }
    const parsed = parse(JSON.parse(flow));
    const guideUrl = new URL('/size-guide', shop.shopUrl).href;
    expect(parsed.steps.find((step) => step.type === 'change')).toMatchObject({ target: guideUrl, value: 'hoodie' });
    expect(parsed.steps.find((step) => step.type === 'close')?.target).toBe(new URL('/search?q=hoodie', shop.shopUrl).href);

    const { replayFlow } = await import('../../scripts/lib/replay-flow.mjs');
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const seen = new Set<string>();
      browser.on('targetchanged', (target) => seen.add(target.url()));
      const page = await browser.newPage();
      await replayFlow({ browser, page, flow });
      expect(seen).toContain(new URL('/search?q=hoodie', shop.shopUrl).href);
      expect(new URL(page.url()).pathname).toBe('/cart');
      expect((await browser.pages()).map((open) => open.url())).not.toContain(new URL('/search?q=hoodie', shop.shopUrl).href);
      await page.waitForSelector('::-p-text(T-shirt)', { timeout: 10_000 });
    } finally {
      await browser.close();
    }
  });
});
