import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { type CjmlFacts, checkJourney, checkNoSecrets, checkStepFormats, cjmlFactsInPage } from '../shared/bundle-checks';
import demoWalk, { DEMO_CLICKS, DEMO_SECRETS } from '../walks/demo-walk.mjs';
import { type DatabaseDump, dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

const SECRETS = [DEMO_SECRETS.email, DEMO_SECRETS.password, DEMO_SECRETS.card, DEMO_SECRETS.card.replace(/\s/g, ''), 'Hunter2'];

test.describe('the demo walk, recorded in Chromium', () => {
  let dump: DatabaseDump;
  let events: Row[];
  let bundle: JSZip;
  /** cjml.xml as Chromium's XML parser reads it (Node has no XML parser of its own). */
  let cjml: CjmlFacts;

  test.beforeAll(async ({ shop }, testInfo) => {
    testInfo.setTimeout(180_000);
    const { launchWithExtension } = await import('../../scripts/lib/browser.mjs');
    const { Tester } = await import('../../scripts/lib/tester.mjs');
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(shop.shopUrl);
      const tester = new Tester({ context, extensionId, page });
      await tester.start({ title: 'Demo purchase', persona: 'Sandrine', scenario: 'Needs a mug', goal: 'Buy it' });
      await demoWalk({ page, context, tester });
      await tester.stop();
      const out = testInfo.outputPath('demo.zip');
      await tester.exportTo(out);
      bundle = await JSZip.loadAsync(readFileSync(out));
      cjml = await page.evaluate(cjmlFactsInPage, (await bundle.file('cjml.xml')?.async('string')) ?? '');
      dump = await dumpDatabase(context, extensionId);
      events = eventsOf(dump, tester.sessionId as string);
    } finally {
      await close();
    }
  });

  test('yields every kind of event, in order', () => {
    const kinds = new Set(events.map((event) => event.kind));
    for (const kind of [
      'session-start',
      'click',
      'navigation',
      'page-load',
      'field-focus',
      'field-change',
      'submit',
      'invalid',
      'form-alert',
      'dom-change',
      'scroll',
      'tab-opened',
      'tab-closed',
      'visibility',
      'screenshot',
      'session-stop',
    ]) {
      expect(kinds, `a ${kind} event`).toContain(kind);
    }
    expect(events[0]?.kind).toBe('session-start');
    expect(events.at(-1)?.kind).toBe('session-stop');
    const clicks = events.filter((event) => event.kind === 'click').map((event) => event.target.name);
    expect(clicks).toEqual(DEMO_CLICKS);
    // Milestones of the purchase in the order they were walked.
    const at = (predicate: (event: Row) => boolean) => events.findIndex(predicate);
    const milestones = [
      at((e) => e.kind === 'scroll'),
      at((e) => e.kind === 'navigation' && /\/search/.test(e.url)),
      at((e) => e.kind === 'tab-opened'),
      at((e) => e.kind === 'click' && e.target.name === 'Add to cart'),
      at((e) => e.kind === 'invalid'),
      at((e) => e.kind === 'navigation' && /\/checkout\/payment/.test(e.url)),
      at((e) => e.kind === 'click' && e.target.name === 'Pay'),
      at((e) => e.kind === 'navigation' && /\/confirmation/.test(e.url)),
    ];
    expect(milestones.every((index) => index >= 0)).toBe(true);
    expect([...milestones].sort((a, b) => a - b)).toEqual(milestones);
    // Every event carries session time and wall-clock time; seq is the commit order without gaps.
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    for (const event of events) {
      expect(event.t).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
    }
  });

  test('takes one screenshot per click, committed as a Blob with its click point', () => {
    const shots = new Map(events.filter((event) => event.kind === 'screenshot').map((event) => [event.forEventId, event]));
    const images = new Map((dump.screenshots ?? []).map((row) => [row.id, row]));
    for (const click of events.filter((event) => event.kind === 'click')) {
      const shot = shots.get(click.id);
      expect(shot, `screenshot for ${click.target.name}`).toBeTruthy();
      expect(shot?.missingReason).toBeNull();
      const image = images.get(shot?.screenshotId);
      expect(image?.blob).toMatchObject({ blobType: 'image/jpeg' });
      expect(image?.width).toBe(1280);
      expect(image?.height).toBe(800);
      expect(shot?.point.x).toBeGreaterThan(0);
    }
  });

  test('describes clicks in the shadow root and the cross-origin iframe by their inner targets', () => {
    const addToCart = events.find((event) => event.kind === 'click' && event.target.name === 'Add to cart');
    expect(addToCart?.target).toMatchObject({ tag: 'button', role: 'button', inShadow: true });
    expect(addToCart?.target.selectors).toContainEqual(['shop-buy-box', '#add-to-cart']);
    expect(addToCart?.target.selectors).toContainEqual(['aria/Add to cart[role="button"]']);

    const pay = events.find((event) => event.kind === 'click' && event.target.name === 'Pay');
    expect(pay?.frameId).toBeGreaterThan(0);
    expect(pay?.frameUrl).toMatch(/pay\.html/);
    expect(pay?.url).toMatch(/\/checkout\/payment/);
    expect(pay?.target).toMatchObject({ tag: 'button', role: 'button' });
    expect(pay?.frame.iframeSelectors).toEqual([['#payment-frame']]);
    // The click point on the screenshot is in the page's coordinates: inside the iframe's box.
    const shot = events.find((event) => event.kind === 'screenshot' && event.forEventId === pay?.id);
    expect(Math.abs(shot?.point.x - (pay?.point.x + pay?.frame.offset.x))).toBeLessThan(1);
    expect(shot?.point.y).toBeGreaterThan(pay?.frame.offset.y);

    const cardField = events.find((event) => event.kind === 'field-change' && event.field.label === 'Card number');
    expect(cardField?.field).toMatchObject({ sensitive: true, inputType: 'text' });
    // Not even the length of a sensitive field's value is kept.
    expect(cardField?.valueLength).toBeNull();
  });

  test('follows pushState steps and the new tab', () => {
    const payment = events.find((event) => event.kind === 'navigation' && /\/checkout\/payment/.test(event.url));
    expect(payment?.navigationType).toBe('push-state');
    const opened = events.find((event) => event.kind === 'tab-opened');
    expect(opened?.targetUrl).toMatch(/\/reviews/);
    const reviewsLoad = events.find((event) => event.kind === 'page-load' && event.tabId === opened?.openedTabId);
    expect(reviewsLoad?.title).toMatch(/Reviews/);
    const confirmation = events.find((event) => event.kind === 'page-load' && /Order confirmed/.test(event.title));
    expect(confirmation?.timing.responseStartMs).toBeGreaterThan(1400);
  });

  test('never stores or exports what the tester typed', async () => {
    // The checks every browser's bundle gets (test/shared/bundle-checks.ts).
    await checkNoSecrets(bundle, dump, SECRETS);
    // The e-mail field's changes are recorded, without the value or its length.
    const emails = events.filter((event) => event.kind === 'field-change' && event.field.inputType === 'email');
    expect(emails.length).toBeGreaterThanOrEqual(2);
    for (const email of emails) expect(email.valueLength).toBeNull();
    // The name typed in the shipping form appears nowhere either, though the page may show it back.
    expect(JSON.stringify(dump)).not.toContain('Sandrine Martin');
  });

  test('exports a bundle with journey.json and the screenshots it names', async () => {
    // The checks every browser's bundle gets (test/shared/bundle-checks.ts).
    await checkJourney(bundle, {
      title: 'Demo purchase',
      persona: 'Sandrine',
      scenario: 'Needs a mug',
      goal: 'Buy it',
      browser: /Chrom/,
      viewport: { width: 1280, height: 800 },
      clicks: DEMO_CLICKS.length,
      minSteps: 12,
    });
  });

  test('exports the same steps as steps.csv, journey.mmd and cjml.xml', async () => {
    const journey = JSON.parse((await bundle.file('journey.json')?.async('string')) as string);
    await checkStepFormats(bundle, journey, cjml);
  });
});
