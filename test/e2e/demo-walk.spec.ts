import { readFileSync } from 'node:fs';
import Ajv from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';
import journeySchema from '../../docs/journey.schema.json' with { type: 'json' };
import demoWalk, { DEMO_CLICKS, DEMO_SECRETS } from '../walks/demo-walk.mjs';
import { type DatabaseDump, dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

function secretsIn(text: string): string[] {
  const needles = [DEMO_SECRETS.email, DEMO_SECRETS.password, DEMO_SECRETS.card, DEMO_SECRETS.card.replace(/\s/g, ''), 'Hunter2'];
  return needles.filter((needle) => text.includes(needle));
}

test.describe('the demo walk, recorded in Chromium', () => {
  let dump: DatabaseDump;
  let events: Row[];
  let bundle: JSZip;
  /** cjml.xml as Chromium's XML parser reads it (Node has no XML parser of its own). */
  let cjml: { errors: number; version: string | null; touchpoints: number; endUser: string | null };

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
      cjml = await page.evaluate(
        (xml) => {
          const parsed = new DOMParser().parseFromString(xml, 'application/xml');
          return {
            errors: parsed.getElementsByTagName('parsererror').length,
            version: parsed.documentElement.getAttribute('version'),
            touchpoints: parsed.getElementsByTagName('touchpoints')[0]?.children.length ?? -1,
            endUser: parsed.querySelector('endUser > actorName')?.textContent ?? null,
          };
        },
        (await bundle.file('cjml.xml')?.async('string')) ?? '',
      );
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
    expect(secretsIn(JSON.stringify(dump))).toEqual([]);
    for (const name of ['journey.json', 'events.json', 'steps.csv', 'journey.mmd', 'cjml.xml', 'flow.json', 'index.html']) {
      const text = await bundle.file(name)?.async('string');
      expect(text, name).toBeTruthy();
      expect(secretsIn(text as string), name).toEqual([]);
    }
    // The e-mail field's changes are recorded, without the value or its length.
    const emails = events.filter((event) => event.kind === 'field-change' && event.field.inputType === 'email');
    expect(emails.length).toBeGreaterThanOrEqual(2);
    for (const email of emails) expect(email.valueLength).toBeNull();
    // The name typed in the shipping form appears nowhere either, though the page may show it back.
    expect(JSON.stringify(dump)).not.toContain('Sandrine Martin');
  });

  test('exports a bundle with journey.json and the screenshots it names', async () => {
    const journey = JSON.parse((await bundle.file('journey.json')?.async('string')) as string);
    expect(journey).toMatchObject({ format: 'parcours.journey', version: 1 });
    // The published JSON Schema (docs/journey.schema.json) describes what is exported.
    const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(journeySchema);
    expect(validate(journey), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(journey.session).toMatchObject({
      title: 'Demo purchase',
      persona: { name: 'Sandrine', description: '' },
      scenario: 'Needs a mug',
      goal: 'Buy it',
      viewport: { width: 1280, height: 800 },
    });
    expect(journey.session.browser.name).toMatch(/Chrom/);
    // Human steps: a click and the page it opened, a form filled and sent, are one step each.
    expect(journey.steps.length).toBeGreaterThanOrEqual(12);
    expect(journey.metrics.clicks).toBe(DEMO_CLICKS.length);
    for (const step of journey.steps) {
      for (const field of ['id', 'index', 'kind', 't', 'at', 'durationMs', 'url', 'action', 'touchpoint', 'thoughts', 'painPoints', 'signals'])
        expect(step).toHaveProperty(field);
      if (step.screenshot) expect(bundle.file(step.screenshot), step.screenshot).toBeTruthy();
      else if (step.kind === 'click') {
        // A click's image is of its moment, or the step says it came too late (a machine too busy for the
        // tab's stream to paint the page before the press) and carries it apart, with the delay.
        expect(['late', 'stale'], `click step ${step.index}: why it has no screenshot`).toContain(step.screenshotMissing);
        expect(step.screenshotDelayMs, `click step ${step.index}`).not.toBeNull();
        if (step.lateScreenshot) expect(bundle.file(step.lateScreenshot), step.lateScreenshot).toBeTruthy();
      }
    }
  });

  test('exports the same steps as steps.csv, journey.mmd and cjml.xml', async () => {
    const journey = JSON.parse((await bundle.file('journey.json')?.async('string')) as string);
    const text = async (name: string) => (await bundle.file(name)?.async('string')) as string;
    // A real CSV parser reads one record per step, with the step ids in order.
    const rows: Record<string, string>[] = parseCsv(await text('steps.csv'), { bom: true, columns: true });
    expect(rows.map((row) => row.step_id)).toEqual(journey.steps.map((step: { id: string }) => step.id));
    expect(rows.map((row) => row.satisfaction_1_5)).toEqual(
      journey.steps.map((step: { emotion: { valence: number } | null }) => (step.emotion ? String(step.emotion.valence + 3) : '')),
    );
    // One task line per step, with the persona as actor (journey.mmd is parsed by Mermaid itself in the unit tests).
    const tasks = (await text('journey.mmd')).split('\n').filter((line) => /^ {4}\S/.test(line));
    expect(tasks).toHaveLength(journey.steps.length);
    for (const task of tasks) expect(task).toMatch(/: [1-5]: Sandrine$/);
    // Chromium's XML parser reads it well-formed, with a touchpoint per step.
    expect(cjml).toEqual({ errors: 0, version: '2.0', touchpoints: journey.steps.length, endUser: 'Sandrine' });
  });
});
