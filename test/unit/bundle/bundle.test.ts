import Ajv from 'ajv/dist/2020.js';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Checklist } from '@/lib/annotations/checklist';
import type { AnnotationPayload } from '@/lib/annotations/types';
import { unchainEvents } from '@/lib/bundle/evidence/event-chain';
import { writeCjml } from '@/lib/bundle/formats/cjml-xml';
import { writeJourneyMermaid } from '@/lib/bundle/formats/journey-mermaid';
import { writeStepsCsv } from '@/lib/bundle/formats/steps-csv';
import { buildJourneyDocument, JOURNEY_FORMAT, JOURNEY_VERSION, type JourneyDocument } from '@/lib/bundle/journey-document';
import { type BundleProgress, bundleFileName, writeBundle } from '@/lib/bundle/write-bundle';
import type { CapturedEvent } from '@/lib/capture/events';
import { defaultStages } from '@/lib/journey/stages';
import type { AnnotationRecord, AnswerRecord } from '@/lib/store/records';
import journeySchema from '../../../docs/journey.schema.json' with { type: 'json' };
import { EventFixture, SHOP, START_EPOCH_MS, sessionRecord } from '../fixtures/events';
import { editRecord } from '../fixtures/map';

const SESSION = sessionRecord({
  id: 'walk-1',
  title: 'Buy a mug',
  persona: { name: 'Sandrine', description: 'Busy team lead, shops on her phone' },
  scenario: 'A gift by Friday',
  goal: 'Order and pay',
  segment: 'Gift buyers',
  expectations: 'Delivery before Friday',
  startUrl: `${SHOP}/`,
  status: 'ended',
});

const PAYMENT_FRAME = { iframeSelectors: [['checkout-widget', 'iframe#pay'], ['iframe.card']], offset: { x: 120, y: 340 }, indexPath: [0, 1] };

/**
 * A short walk, as the map groups it into six human steps:
 * - `start` (screenshot A);
 * - `c1`: a click whose screenshot shares the start's image, with the navigation and page load it caused;
 * - `n2`: a navigation the tester typed (screenshot B), with its page load;
 * - `c2`: two quick clicks on one spot (the first one's capture refused), with the navigation they caused;
 * - `f1`: two fields filled and the form submitted ("Fill in the checkout form"), without screenshot;
 * - `c3`: a click in a nested payment iframe without screenshot, then the stop.
 */
function walk(before: (fixture: EventFixture) => void = () => undefined): CapturedEvent[] {
  const fixture = new EventFixture('walk-1');
  fixture.start('start', 0);
  fixture.screenshot('start', 40, { screenshotId: 'shot-A' });
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.screenshot('c1', 1010, { screenshotId: 'shot-A' }, { shared: true, point: { x: 160, y: 220 } });
  fixture.navigation('n1', 1100, `${SHOP}/mugs`);
  fixture.pageLoad('l1', 1400, 'All mugs');
  fixture.navigation('n2', 2500, `${SHOP}/sale`, { navigationType: 'typed' });
  fixture.pageLoad('l2', 2700, 'Sale');
  fixture.screenshot('n2', 2800, { screenshotId: 'shot-B' });
  fixture.click('c2', 3000, { name: 'Blue mug', selectors: [['#blue-mug']] });
  fixture.screenshot('c2', 3020, { missingReason: 'tab-not-visible' });
  fixture.click('c2b', 3300, { name: 'Blue mug', selectors: [['#blue-mug']] });
  fixture.navigation('n3', 3400, `${SHOP}/checkout`);
  fixture.pageLoad('l3', 3600, 'Checkout');
  fixture.fieldChange('f1', 5000, { label: 'Name on card', selectors: [['#name']] });
  fixture.fieldChange('f2', 5500, { label: 'Email', inputType: 'email', selectors: [['#email']] });
  fixture.submit('s1', 6000, 'checkout');
  fixture.click(
    'c3',
    8000,
    { name: 'Pay now', selectors: [['#pay-now'], ['aria/Pay now[role="button"]']] },
    { frame: PAYMENT_FRAME, frameId: 7, frameUrl: 'https://pay.example/card' },
  );
  // Whatever a test adds before the walk stops.
  before(fixture);
  fixture.stop('stop', 9000);
  return fixture.events;
}

const IMAGES: Record<string, Uint8Array> = {
  'shot-A': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xd9]),
  'shot-B': new Uint8Array([0xff, 0xd8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0xff, 0xd9]),
};

function loader(available: Record<string, Uint8Array> = IMAGES) {
  const asked: string[] = [];
  const load = async (screenshotId: string) => {
    asked.push(screenshotId);
    const bytes = available[screenshotId];
    return bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }) : null;
  };
  return { load, asked };
}

const validateJourney = new Ajv({ allErrors: true, validateFormats: false }).compile(journeySchema);

/** Asserts that a document is valid against the published schema (docs/journey.schema.json). */
function expectValidJourney(document: JourneyDocument) {
  const valid = validateJourney(JSON.parse(JSON.stringify(document)));
  expect(validateJourney.errors ?? [], 'journey.schema.json errors').toEqual([]);
  expect(valid).toBe(true);
}

/** Compression method (0 = stored, 8 = deflated) and sizes of each entry, read from the zip's central directory. */
function centralDirectory(bytes: Uint8Array): Map<string, { method: number; compressedSize: number; size: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries = new Map<string, { method: number; compressedSize: number; size: number }>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.set(name, {
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function unzip(zip: Blob) {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const archive = await JSZip.loadAsync(bytes);
  const text = async (path: string) => {
    const file = archive.file(path);
    if (!file) throw new Error(`${path} is not in the bundle`);
    return file.async('string');
  };
  return { bytes, archive, text, journey: JSON.parse(await text('journey.json')) as JourneyDocument };
}

describe('buildJourneyDocument (journey.json, fixed contract 1)', () => {
  const { document, screenshots } = buildJourneyDocument(SESSION, walk(), { locale: 'en' });
  const step = (id: string) => {
    const found = document.steps.find((item) => item.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it('says its format and version', () => {
    expect(document.format).toBe('parcours.journey');
    expect(document.version).toBe(1);
    expect(JOURNEY_FORMAT).toBe('parcours.journey');
    expect(JOURNEY_VERSION).toBe(1);
  });

  it('carries the session fields', () => {
    expect(document.session).toMatchObject({
      id: 'walk-1',
      title: 'Buy a mug',
      startedAt: new Date(START_EPOCH_MS).toISOString(),
      endedAt: new Date(START_EPOCH_MS + 60_000).toISOString(),
      startUrl: `${SHOP}/`,
      persona: { name: 'Sandrine', description: 'Busy team lead, shops on her phone' },
      scenario: 'A gift by Friday',
      goal: 'Order and pay',
      segment: 'Gift buyers',
      expectations: 'Delivery before Friday',
      status: 'ended',
      completedAt: null,
      browser: { name: 'Chrome', version: '140.0.0.0' },
      viewport: { width: 1280, height: 720, deviceScaleFactor: 1 },
    });
  });

  it('lists the default stages with id, name and order', () => {
    expect(document.stages).toHaveLength(7);
    expect(document.stages[0]).toEqual({ id: 'awareness', name: 'Awareness', order: 0 });
    for (const stage of document.stages) expect(Object.keys(stage).sort()).toEqual(['id', 'name', 'order']);
  });

  it('gives every step the contract fields', () => {
    const contract = [
      'id',
      'index',
      'kind',
      't',
      'at',
      'durationMs',
      'url',
      'pageTitle',
      'tab',
      'frameUrl',
      'target',
      'point',
      'screenshot',
      'stageId',
      'action',
      'touchpoint',
      'emotion',
      'thoughts',
      'painPoints',
      'opportunities',
      'expectations',
      'notes',
      'signals',
    ];
    // One step per human action: the navigation a click caused, the second of two quick clicks, the fields
    // and submit of a form are in the step, not steps of their own.
    expect(document.steps.map((item) => item.id)).toEqual(['start', 'c1', 'n2', 'c2', 'f1', 'c3']);
    expect(document.steps.map((item) => item.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(document.steps.map((item) => item.kind)).toEqual(['start', 'click', 'navigation', 'click', 'form', 'click']);
    for (const item of document.steps) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining([...contract, 'devicePixelRatio', 'timeToFirstActionMs', 'titled', 'eventIds']));
      expect(item.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // A walk without friction: no signal on any step.
      for (const list of [item.thoughts, item.painPoints, item.opportunities, item.expectations, item.notes, item.signals]) expect(list).toEqual([]);
      expect(item.emotion).toBeNull();
      expect(item.stageId).toBe('awareness');
      expect(item.momentOfTruth).toBe(false);
      expect(item.titled).toBe(false);
      expect(item.annotations).toEqual([]);
    }
    expect(step('c1')).toMatchObject({
      index: 1,
      kind: 'click',
      t: 1000,
      at: new Date(START_EPOCH_MS + 1000).toISOString(),
      // Until the next step (the typed navigation), the navigation it caused included.
      durationMs: 1500,
      url: `${SHOP}/`,
      pageTitle: 'Mug shop',
      tab: 1,
      frameUrl: null,
      point: { x: 160, y: 220 },
      // The click's own ratio: where the point lands on the screenshot's pixels.
      devicePixelRatio: 1,
      // No stage switch in this walk: every step belongs to the first stage.
      stageId: 'awareness',
      action: 'Click "Mugs"',
      touchpoint: { site: 'shop.example', page: 'Mug shop', channel: 'web' },
      // The page it arrived on is the first page's; its first action, a second after the start.
      timeToFirstActionMs: 1000,
      eventIds: ['c1', 'c1:screenshot', 'n1', 'l1'],
    });
    expect(step('n2')).toMatchObject({
      kind: 'navigation',
      url: `${SHOP}/sale`,
      pageTitle: 'Sale',
      action: 'Go to Sale',
      durationMs: 500,
      timeToFirstActionMs: null,
      eventIds: ['n2', 'l2', 'n2:screenshot'],
    });
    expect(step('c2')).toMatchObject({
      action: 'Click "Blue mug" (2 times)',
      pageTitle: 'Sale',
      durationMs: 2000,
      timeToFirstActionMs: 300,
      eventIds: ['c2', 'c2:screenshot', 'c2b', 'n3', 'l3'],
    });
    expect(step('f1')).toMatchObject({
      kind: 'form',
      action: 'Fill in the checkout form',
      url: `${SHOP}/checkout`,
      pageTitle: 'Checkout',
      durationMs: 3000,
      timeToFirstActionMs: 1400,
      eventIds: ['f1', 'f2', 's1'],
    });
    expect(step('c3')).toMatchObject({ durationMs: 1000, eventIds: ['c3', 'stop'] });
  });

  it('describes targets with selectors as arrays of arrays of strings', () => {
    expect(step('c1').target).toEqual({
      tag: 'button',
      role: 'button',
      name: 'Mugs',
      text: null,
      selectors: [['#add-to-cart'], ['aria/Add to cart[role="button"]']],
    });
    expect(step('f1').target).toMatchObject({ tag: 'input', name: 'Name on card', selectors: [['#name']] });
    expect(step('start').target).toBeNull();
    for (const item of document.steps) {
      if (!item.target) continue;
      expect(Array.isArray(item.target.selectors)).toBe(true);
      for (const alternative of item.target.selectors) {
        expect(Array.isArray(alternative)).toBe(true);
        expect(alternative.length).toBeGreaterThan(0);
        for (const part of alternative) expect(typeof part).toBe('string');
      }
    }
  });

  it('prefixes the iframe selector chains to the selectors of a click in a subframe', () => {
    expect(step('c3')).toMatchObject({
      frameUrl: 'https://pay.example/card',
      frame: { indexPath: [0, 1], iframeSelectors: PAYMENT_FRAME.iframeSelectors },
      target: {
        selectors: [
          ['checkout-widget', 'iframe#pay', 'iframe.card', '#pay-now'],
          ['checkout-widget', 'iframe#pay', 'iframe.card', 'aria/Pay now[role="button"]'],
        ],
      },
    });
    expect(step('c1').frame).toBeNull();
  });

  it('refers to screenshots by path, one file per image shared by the steps that show it', () => {
    expect(step('start').screenshot).toBe('screenshots/0001.jpg');
    expect(step('c1').screenshot).toBe('screenshots/0001.jpg');
    // Named after the first step that shows it (the third).
    expect(step('n2').screenshot).toBe('screenshots/0003.jpg');
    expect(screenshots).toEqual([
      { screenshotId: 'shot-A', path: 'screenshots/0001.jpg' },
      { screenshotId: 'shot-B', path: 'screenshots/0003.jpg' },
    ]);
    for (const id of ['start', 'c1', 'n2']) expect(step(id)).not.toHaveProperty('screenshotMissing');
  });

  it('says why a step has no screenshot', () => {
    expect(step('c2')).toMatchObject({ screenshot: null, screenshotMissing: 'tab-not-visible' });
    expect(step('c3')).toMatchObject({ screenshot: null, screenshotMissing: 'recorder-restarted' });
    // The form asked for no screenshot: the step still says why it has none.
    expect(step('f1')).toMatchObject({ screenshot: null, screenshotMissing: 'not-captured' });
  });

  it('gives every step without a screenshot a reason, the parts of an edited step included', () => {
    const edits = [editRecord('e1', { kind: 'split', stepId: 'f1', atEventId: 's1' })];
    const split = buildJourneyDocument(SESSION, walk(), { locale: 'en', edits }).document;
    // The submit got no screenshot event: its part says so.
    expect(split.steps.find((item) => item.id === 's1')).toMatchObject({ screenshot: null, screenshotMissing: 'not-captured' });
    for (const doc of [document, split]) {
      for (const item of doc.steps) expect(item.screenshot == null ? item.screenshotMissing : 'pictured', item.id).toBeTruthy();
      expectValidJourney(doc);
    }
  });

  it('sums up the walk in metrics', () => {
    // Clicks are raw clicks (the step clicked twice counts 2); pages: /, /mugs, /sale, /checkout.
    expect(document.metrics).toMatchObject({ durationMs: 9000, steps: 6, clicks: 4, pages: 4, backtracks: 0, hesitations: 0, screenshots: 2 });
    expect(document.metrics.timeToFirstAction).toEqual([
      { url: `${SHOP}/`, ms: 1000 },
      { url: `${SHOP}/sale`, ms: 300 },
      { url: `${SHOP}/checkout`, ms: 1400 },
    ]);
    expect(Array.isArray(document.metrics.perStage)).toBe(true);
    for (const stage of document.metrics.perStage) expect(Object.keys(stage).sort()).toEqual(['durationMs', 'stageId', 'steps']);
    // One entry per stage, in stage order; the whole walk is in the first stage, the others are zeros.
    expect(document.metrics.perStage.map((stage) => stage.stageId)).toEqual(document.stages.map((stage) => stage.id));
    expect(document.metrics.perStage[0]).toEqual({ stageId: 'awareness', durationMs: 9000, steps: 6 });
    for (const stage of document.metrics.perStage.slice(1)) expect(stage).toMatchObject({ durationMs: 0, steps: 0 });
    expect(document.events).toEqual({ count: walk().length, file: 'events.json' });
  });

  it('counts pages by host, path and query, not fragment', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.navigation('a', 100, `${SHOP}/mugs?colour=blue`, { sameDocument: true });
    fixture.navigation('b', 200, `${SHOP}/mugs?colour=red`, { sameDocument: true });
    fixture.navigation('c', 300, `${SHOP}/cart#top`);
    fixture.navigation('d', 400, `${SHOP}/cart#reviews`, { sameDocument: true, navigationType: 'hash' });
    // /, /mugs?colour=blue, /mugs?colour=red, /cart (whatever its fragment).
    expect(buildJourneyDocument(SESSION, fixture.events).document.metrics.pages).toBe(4);
  });

  it('lists the spans Parcours was away for, valid against the schema, and none for a walk without', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('before', 1_000, { name: 'Track my order' });
    fixture.add('extension-restarted', 'gap', 4_000, {
      tabId: null,
      frameId: null,
      url: null,
      pageTitle: null,
      reason: 'update',
      version: '1.3.0',
      previousVersion: '1.2.0',
      fromT: 3_000,
      toT: 4_000,
      lastRecordedT: 1_000,
      tabsBack: 1,
      tabsMissed: 0,
    });
    fixture.click('after', 6_000, { name: 'Apply promo code' });
    const { document } = buildJourneyDocument(SESSION, fixture.events, { locale: 'en' });
    expect(document.recorderGaps).toEqual([
      {
        eventId: 'gap',
        reason: 'update',
        version: '1.3.0',
        previousVersion: '1.2.0',
        fromT: 3_000,
        toT: 4_000,
        lastRecordedT: 1_000,
        tabsMissed: 0,
        description: 'Parcours was updated to version 1.3.0: 3 s into the walk, nothing was recorded for 1 s.',
      },
    ]);
    expect(validateJourney(document), JSON.stringify(validateJourney.errors)).toBe(true);
    // The gap belongs to the step before it: the map's step says it among its events.
    expect(document.steps.find((step) => step.id === 'before')?.eventIds).toContain('gap');
    expect(buildJourneyDocument(SESSION, walk()).document.recorderGaps).toEqual([]);
  });

  it('builds an empty journey for a session without events', () => {
    const { document: empty, screenshots: none } = buildJourneyDocument(SESSION, []);
    expect(empty.steps).toEqual([]);
    expect(empty.metrics).toMatchObject({ durationMs: 0, steps: 0, clicks: 0, pages: 0, screenshots: 0 });
    expect(empty.metrics.perStage).toHaveLength(7);
    expect(empty.checklist).toBeNull();
    expect(none).toEqual([]);
  });

  it('names actions in the requested locale and keeps the stages as the walk named them', () => {
    // Stages are part of the walk (named in the tester's language when it started, renamed at will).
    const frenchWalk = sessionRecord({ ...SESSION, stages: defaultStages('fr'), currentStageId: 'awareness' });
    const french = buildJourneyDocument(frenchWalk, walk(), { locale: 'fr' }).document;
    expect(french.stages[1]?.name).toBe('Réflexion');
    expect(french.steps.find((item) => item.id === 'n2')?.action).toBe('Aller à Sale');
    expect(french.steps.find((item) => item.id === 'c2')?.action).toBe('Cliquer sur « Blue mug » (2 fois)');
    expect(french.steps.find((item) => item.id === 'f1')?.action).toBe('Remplir le formulaire « checkout »');
    const englishStagesFrenchActions = buildJourneyDocument(SESSION, walk(), { locale: 'fr' }).document;
    expect(englishStagesFrenchActions.stages[1]?.name).toBe('Consideration');
    expect(englishStagesFrenchActions.steps.find((item) => item.id === 'n2')?.action).toBe('Aller à Sale');
  });

  it('validates against docs/journey.schema.json', () => {
    expectValidJourney(document);
    expectValidJourney(buildJourneyDocument(SESSION, []).document);
  });

  it('is refused by the schema when a step has no screenshot and no reason, or a screenshot and a reason', () => {
    const copy = () => JSON.parse(JSON.stringify(document)) as JourneyDocument;
    const at = document.steps.findIndex((item) => item.id === 'f1');
    const unexplained = copy();
    delete unexplained.steps[at]!.screenshotMissing;
    expect(validateJourney(unexplained)).toBe(false);
    expect(validateJourney.errors).toContainEqual(
      expect.objectContaining({ instancePath: `/steps/${at}`, keyword: 'required', params: { missingProperty: 'screenshotMissing' } }),
    );
    const contradicted = copy();
    contradicted.steps[0]!.screenshotMissing = 'paused';
    expect(validateJourney(contradicted)).toBe(false);
    expect(validateJourney.errors).toContainEqual(expect.objectContaining({ instancePath: '/steps/0', keyword: 'not' }));
  });
});

describe('writeBundle', () => {
  it('writes a zip with journey.json, events.json, the schema, README.txt, manifest.json and each screenshot once, byte for byte', async () => {
    const events = walk();
    const images = loader();
    const { zip, journey } = await writeBundle({ session: SESSION, events, loadScreenshot: images.load, locale: 'en' });
    expect(zip.type).toBe('application/zip');
    const { archive, text, journey: fromZip } = await unzip(zip);

    expect(
      Object.keys(archive.files)
        .filter((path) => !archive.files[path]?.dir)
        .sort(),
    ).toEqual([
      'README.txt',
      'cjml.xml',
      'events.json',
      'flow.json',
      'index.html',
      'journey.json',
      'journey.mmd',
      'manifest.json',
      'schema/journey.schema.json',
      'screenshots/0001.jpg',
      'screenshots/0003.jpg',
      'steps.csv',
    ]);
    expect(fromZip).toEqual(journey);
    // The events as captured, each with its link in the chain (evidence.test.ts checks the chain itself).
    expect(unchainEvents(JSON.parse(await text('events.json')))).toEqual(events);
    expect(await archive.file('screenshots/0001.jpg')!.async('uint8array')).toEqual(IMAGES['shot-A']);
    expect(await archive.file('screenshots/0003.jpg')!.async('uint8array')).toEqual(IMAGES['shot-B']);
    expect(images.asked.sort()).toEqual(['shot-A', 'shot-B']);
  });

  it('stores images as they are and deflates the JSON and the text formats', async () => {
    const { zip } = await writeBundle({ session: SESSION, events: walk(), loadScreenshot: loader().load });
    const entries = centralDirectory(new Uint8Array(await zip.arrayBuffer()));
    for (const path of ['screenshots/0001.jpg', 'screenshots/0003.jpg']) {
      const entry = entries.get(path)!;
      expect(entry.method, path).toBe(0);
      expect(entry.compressedSize).toBe(entry.size);
    }
    for (const path of ['journey.json', 'events.json', 'schema/journey.schema.json', 'README.txt', 'manifest.json', 'steps.csv', 'journey.mmd', 'cjml.xml']) {
      const entry = entries.get(path)!;
      expect(entry.method, path).toBe(8);
      expect(entry.compressedSize).toBeLessThan(entry.size);
    }
  });

  it('turns a screenshot that can no longer be loaded into screenshot: null, screenshotMissing: deleted', async () => {
    const { zip, journey } = await writeBundle({ session: SESSION, events: walk(), loadScreenshot: loader({ 'shot-B': IMAGES['shot-B']! }).load });
    const { archive, journey: fromZip } = await unzip(zip);
    for (const doc of [journey, fromZip]) {
      const byId = new Map(doc.steps.map((item) => [item.id, item]));
      // Both steps that showed the lost image say so.
      expect(byId.get('start')).toMatchObject({ screenshot: null, screenshotMissing: 'deleted' });
      expect(byId.get('c1')).toMatchObject({ screenshot: null, screenshotMissing: 'deleted' });
      expect(byId.get('n2')).toMatchObject({ screenshot: 'screenshots/0003.jpg' });
      expect(byId.get('c2')).toMatchObject({ screenshot: null, screenshotMissing: 'tab-not-visible' });
      expectValidJourney(doc);
    }
    expect(archive.file('screenshots/0001.jpg')).toBeNull();
    expect(archive.file('screenshots/0003.jpg')).not.toBeNull();
  });

  it('writes the text formats from the settled map: the exporter’s language, and no screenshot the bundle lacks', async () => {
    const { zip, journey } = await writeBundle({
      session: SESSION,
      events: walk(),
      loadScreenshot: loader({ 'shot-B': IMAGES['shot-B']! }).load,
      locale: 'fr',
    });
    const { archive, text } = await unzip(zip);
    const context = { journey, events: walk(), locale: 'fr' as const };
    expect(await text('steps.csv')).toBe(writeStepsCsv(context));
    expect(await text('journey.mmd')).toBe(writeJourneyMermaid(context));
    expect(await text('cjml.xml')).toBe(writeCjml(context));
    // steps.csv starts with the UTF-8 byte order mark, as bytes in the zip.
    expect((await archive.file('steps.csv')!.async('uint8array')).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    // The lost image (shot-A, screenshots/0001.jpg) is named by no file; the kept one is in steps.csv.
    for (const path of ['steps.csv', 'journey.mmd', 'cjml.xml']) expect(await text(path)).not.toContain('screenshots/0001.jpg');
    expect(await text('steps.csv')).toContain('screenshots/0003.jpg');
  });

  it('reports progress: each screenshot collected, then the zip up to 100', async () => {
    const progress: BundleProgress[] = [];
    await writeBundle({ session: SESSION, events: walk(), loadScreenshot: loader().load }, (item) => progress.push({ ...item }));
    const collect = progress.filter((item) => item.phase === 'collect');
    expect(collect).toEqual([
      { phase: 'collect', done: 1, total: 2 },
      { phase: 'collect', done: 2, total: 2 },
    ]);
    const zipping = progress.filter((item) => item.phase === 'zip');
    expect(zipping.length).toBeGreaterThan(0);
    expect(zipping.at(-1)).toEqual({ phase: 'zip', done: 100, total: 100 });
    const done = zipping.map((item) => item.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.indexOf(collect.at(-1)!)).toBeLessThan(progress.indexOf(zipping[0]!));
  });

  it('writes a bundle for a walk without screenshots', async () => {
    const fixture = new EventFixture('walk-1');
    fixture.start('start', 0);
    fixture.stop('stop', 100);
    const progress: BundleProgress[] = [];
    const images = loader();
    const { zip } = await writeBundle({ session: SESSION, events: fixture.events, loadScreenshot: images.load }, (item) => progress.push(item));
    const { archive, journey } = await unzip(zip);
    expect(
      Object.keys(archive.files)
        .filter((path) => !archive.files[path]?.dir)
        .sort(),
    ).toEqual([
      'README.txt',
      'cjml.xml',
      'events.json',
      'flow.json',
      'index.html',
      'journey.json',
      'journey.mmd',
      'manifest.json',
      'schema/journey.schema.json',
      'steps.csv',
    ]);
    expect(journey.steps).toHaveLength(1);
    expect(images.asked).toEqual([]);
    expect(progress.at(-1)).toEqual({ phase: 'zip', done: 100, total: 100 });
  });
});

describe('journey.json with the tester layer (annotations and a checklist)', () => {
  const CHECKLIST: Checklist = {
    id: 'visit',
    name: 'Store visit',
    questions: [
      { id: 'found', stageId: 'awareness', text: 'Did you find the mugs?', type: 'yes-no', required: true, photo: true },
      { id: 'ease', stageId: 'purchase', text: 'How easy was paying?', type: 'score', required: true, photo: false },
      { id: 'comment', stageId: null, text: 'Anything else?', type: 'text', required: false, photo: false },
      { id: 'back', stageId: null, text: 'Would you come back?', type: 'yes-no', required: false, photo: false },
    ],
  };
  const COMPLETED_AT = new Date(START_EPOCH_MS + 120_000).toISOString();
  const LAYERED_SESSION = sessionRecord({ ...SESSION, checklist: CHECKLIST, completedAt: COMPLETED_AT });

  let count = 0;
  function annotation(
    eventId: string | null,
    t: number,
    payload: AnnotationPayload,
    extra: Partial<Pick<AnnotationRecord, 'author' | 'removed'>> = {},
  ): AnnotationRecord {
    count += 1;
    return {
      ...payload,
      id: `a${count}`,
      sessionId: 'walk-1',
      eventId,
      t,
      at: new Date(START_EPOCH_MS + t).toISOString(),
      author: 'tester',
      updatedAt: null,
      removed: false,
      ...extra,
    } as AnnotationRecord;
  }

  // Annotations anchored to any event of a step (the navigation a click caused, a repeated click) land on that step.
  const ANNOTATIONS: AnnotationRecord[] = [
    annotation('c1', 1050, { kind: 'emotion', data: { valence: -1, label: 'confused' } }),
    annotation('n1', 1160, { kind: 'note', data: { noteKind: 'thought', text: 'Where are the big mugs?' } }),
    annotation('n2', 2600, { kind: 'note', data: { noteKind: 'pain', text: 'Slow page' } }, { author: 'observer' }),
    annotation('n2', 2650, { kind: 'note', data: { noteKind: 'pain', text: 'Taken back' } }, { removed: true }),
    annotation('c2b', 3310, { kind: 'note', data: { noteKind: 'opportunity', text: 'Show stock' } }),
    annotation('c2', 4000, { kind: 'stage', data: { stageId: 'purchase' } }),
    annotation('c3', 8100, { kind: 'moment-of-truth', data: { on: true } }),
    annotation('c3', 8200, { kind: 'emotion', data: { valence: 2, label: 'delighted' } }, { author: 'observer' }),
    annotation(null, 20, { kind: 'note', data: { noteKind: 'expectation', text: 'Free delivery' } }),
  ];

  const ANSWERS: AnswerRecord[] = [
    {
      id: 'walk-1:found',
      sessionId: 'walk-1',
      questionId: 'found',
      value: true,
      photoScreenshotId: 'photo-1',
      author: 'tester',
      at: '2026-03-14T09:30:02.000Z',
    },
    { id: 'walk-1:ease', sessionId: 'walk-1', questionId: 'ease', value: 4, photoScreenshotId: null, author: 'observer', at: '2026-03-14T09:30:06.000Z' },
    {
      id: 'walk-1:comment',
      sessionId: 'walk-1',
      questionId: 'comment',
      value: '<b>Nice</b> shop',
      photoScreenshotId: null,
      author: 'tester',
      at: '2026-03-14T09:30:08.000Z',
    },
  ];

  const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 42, 42, 42, 0xff, 0xd9]);
  const WITH_PHOTO = { ...IMAGES, 'photo-1': PHOTO };

  const { document, screenshots } = buildJourneyDocument(LAYERED_SESSION, walk(), { locale: 'en', annotations: ANNOTATIONS, answers: ANSWERS });
  const step = (id: string) => document.steps.find((item) => item.id === id)!;

  it('carries the setup and completion of the walk', () => {
    expect(document.session).toMatchObject({
      persona: { name: 'Sandrine', description: 'Busy team lead, shops on her phone' },
      segment: 'Gift buyers',
      expectations: 'Delivery before Friday',
      completedAt: COMPLETED_AT,
    });
  });

  it('gives each step the stage of the stage switches', () => {
    expect(document.steps.map((item) => [item.id, item.stageId])).toEqual([
      ['start', 'awareness'],
      ['c1', 'awareness'],
      ['n2', 'awareness'],
      ['c2', 'awareness'],
      ['f1', 'purchase'],
      ['c3', 'purchase'],
    ]);
  });

  it('puts the emotion on its step with the 1..5 score and its author', () => {
    expect(step('c1').emotion).toEqual({ valence: -1, label: 'confused', score5: 2, author: 'tester' });
    expect(step('c3').emotion).toEqual({ valence: 2, label: 'delighted', score5: 5, author: 'observer' });
    expect(step('n2').emotion).toBeNull();
  });

  it('fills the lanes from the notes, ignores removed ones, and lists each note with its author', () => {
    expect(step('c1').thoughts).toEqual(['Where are the big mugs?']);
    expect(step('n2').painPoints).toEqual(['Slow page']);
    expect(step('c2').opportunities).toEqual(['Show stock']);
    expect(step('start').expectations).toEqual(['Free delivery']);
    expect(step('n2').annotations).toEqual([
      { id: 'a3', noteKind: 'pain', text: 'Slow page', author: 'observer', at: new Date(START_EPOCH_MS + 2600).toISOString() },
    ]);
    expect(step('c1').annotations.map((item) => item.author)).toEqual(['tester']);
  });

  it('validates against docs/journey.schema.json with the tester layer and the checklist', () => {
    expectValidJourney(document);
  });

  it('marks the moment of truth', () => {
    expect(document.steps.filter((item) => item.momentOfTruth).map((item) => item.id)).toEqual(['c3']);
  });

  it('fills metrics.perStage from the stages of the steps', () => {
    expect(document.metrics.perStage.find((item) => item.stageId === 'awareness')).toEqual({ stageId: 'awareness', durationMs: 5000, steps: 4 });
    expect(document.metrics.perStage.find((item) => item.stageId === 'purchase')).toEqual({ stageId: 'purchase', durationMs: 4000, steps: 2 });
    expect(document.metrics.perStage.filter((item) => item.steps === 0)).toHaveLength(5);
  });

  it('carries the checklist with each answer, its author and its photo file', () => {
    expect(document.checklist).toMatchObject({ id: 'visit', name: 'Store visit', complete: true });
    expect(document.checklist?.questions).toEqual([
      { ...CHECKLIST.questions[0], answer: { value: true, photo: 'screenshots/evidence-0001.jpg', author: 'tester', at: '2026-03-14T09:30:02.000Z' } },
      { ...CHECKLIST.questions[1], answer: { value: 4, photo: null, author: 'observer', at: '2026-03-14T09:30:06.000Z' } },
      { ...CHECKLIST.questions[2], answer: { value: '<b>Nice</b> shop', photo: null, author: 'tester', at: '2026-03-14T09:30:08.000Z' } },
      { ...CHECKLIST.questions[3], answer: null },
    ]);
    expect(screenshots).toContainEqual({ screenshotId: 'photo-1', path: 'screenshots/evidence-0001.jpg' });
  });

  it('scores the checklist per stage and overall', () => {
    expect(document.checklist?.scores).toEqual({
      perStage: [
        { stageId: 'awareness', score: 100, answered: 1, total: 1 },
        { stageId: 'purchase', score: 75, answered: 1, total: 1 },
        { stageId: null, score: null, answered: 1, total: 2 },
      ],
      overall: 88,
    });
  });

  it('says a walk with an unanswered checklist is not complete', () => {
    const open = buildJourneyDocument(sessionRecord({ ...SESSION, checklist: CHECKLIST }), walk()).document;
    expect(open.checklist).toMatchObject({ complete: false, scores: { overall: null } });
    expect(open.checklist?.questions.every((question) => question.answer === null)).toBe(true);
  });

  it('writes the photo answer as an evidence file in the zip, byte for byte, with the step screenshots', async () => {
    const images = loader(WITH_PHOTO);
    const { zip, journey } = await writeBundle({
      session: LAYERED_SESSION,
      events: walk(),
      annotations: ANNOTATIONS,
      answers: ANSWERS,
      loadScreenshot: images.load,
    });
    const { archive, journey: fromZip } = await unzip(zip);
    expect(
      Object.keys(archive.files)
        .filter((path) => !archive.files[path]?.dir)
        .sort(),
    ).toEqual([
      'README.txt',
      'cjml.xml',
      'events.json',
      'flow.json',
      'index.html',
      'journey.json',
      'journey.mmd',
      'manifest.json',
      'schema/journey.schema.json',
      'screenshots/0001.jpg',
      'screenshots/0003.jpg',
      'screenshots/evidence-0001.jpg',
      'steps.csv',
    ]);
    expect(await archive.file('screenshots/evidence-0001.jpg')!.async('uint8array')).toEqual(PHOTO);
    expect(fromZip).toEqual(journey);
    expect(fromZip.checklist?.questions[0]?.answer?.photo).toBe('screenshots/evidence-0001.jpg');
    expect(fromZip.steps.find((item) => item.id === 'c1')?.emotion).toEqual({ valence: -1, label: 'confused', score5: 2, author: 'tester' });
  });

  it('numbers evidence photos on their own, and shares a file when a photo is also a step screenshot', () => {
    const answers: AnswerRecord[] = [
      { ...ANSWERS[0]!, photoScreenshotId: 'shot-B' },
      { id: 'walk-1:ease', sessionId: 'walk-1', questionId: 'ease', value: 2, photoScreenshotId: 'photo-9', author: 'tester', at: '2026-03-14T09:30:06.000Z' },
      {
        id: 'walk-1:back',
        sessionId: 'walk-1',
        questionId: 'back',
        value: false,
        photoScreenshotId: 'photo-1',
        author: 'tester',
        at: '2026-03-14T09:30:09.000Z',
      },
    ];
    const built = buildJourneyDocument(LAYERED_SESSION, walk(), { answers }).document;
    expect(built.checklist?.questions.map((question) => question.answer?.photo ?? null)).toEqual([
      'screenshots/0003.jpg',
      'screenshots/evidence-0001.jpg',
      null,
      'screenshots/evidence-0002.jpg',
    ]);
  });

  it('says a photo that can no longer be loaded is gone (photo: null) instead of naming a missing file', async () => {
    const { zip, journey } = await writeBundle({
      session: LAYERED_SESSION,
      events: walk(),
      annotations: ANNOTATIONS,
      answers: ANSWERS,
      loadScreenshot: loader(IMAGES).load,
    });
    const { archive, journey: fromZip } = await unzip(zip);
    expect(archive.file('screenshots/evidence-0001.jpg')).toBeNull();
    for (const doc of [journey, fromZip]) expect(doc.checklist?.questions[0]?.answer).toMatchObject({ value: true, photo: null });
  });
});

describe('journey.json with the tester’s edits and friction signals', () => {
  const step = (doc: JourneyDocument, id: string) => {
    const found = doc.steps.find((item) => item.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };
  const plain = buildJourneyDocument(SESSION, walk(), { locale: 'en' }).document;

  it('leaves a hidden step out, re-indexes the others, and leaves its image out of the bundle', async () => {
    const edits = [editRecord('e1', { kind: 'hide', stepId: 'n2', hidden: true })];
    const events = walk();
    const { document, screenshots } = buildJourneyDocument(SESSION, events, { locale: 'en', edits });
    expect(document.steps.map((item) => [item.id, item.index])).toEqual([
      ['start', 0],
      ['c1', 1],
      ['c2', 2],
      ['f1', 3],
      ['c3', 4],
    ]);
    // Its image was shown by it alone: not in the bundle.
    expect(screenshots).toEqual([{ screenshotId: 'shot-A', path: 'screenshots/0001.jpg' }]);
    // The metrics leave it out (its half second, its page, its image); its events stay in events.json.
    expect(document.metrics).toMatchObject({ durationMs: 8500, steps: 5, clicks: 4, pages: 3, screenshots: 1 });
    expect(document.metrics.perStage[0]).toEqual({ stageId: 'awareness', durationMs: 8500, steps: 5 });
    expect(document.events).toEqual({ count: events.length, file: 'events.json' });
    expectValidJourney(document);

    const images = loader();
    const { zip } = await writeBundle({ session: SESSION, events, edits, loadScreenshot: images.load, locale: 'en' });
    const { archive, text, journey } = await unzip(zip);
    expect(journey).toEqual(document);
    expect(
      Object.keys(archive.files)
        .filter((path) => !archive.files[path]?.dir)
        .sort(),
    ).toEqual([
      'README.txt',
      'cjml.xml',
      'events.json',
      'flow.json',
      'index.html',
      'journey.json',
      'journey.mmd',
      'manifest.json',
      'schema/journey.schema.json',
      'screenshots/0001.jpg',
      'steps.csv',
    ]);
    expect(images.asked).toEqual(['shot-A']);
    expect((JSON.parse(await text('events.json')) as CapturedEvent[]).map((event) => event.id)).toContain('n2');
  });

  it('names screenshot files after the re-indexed steps, and ignores an undone hide', () => {
    const hidden = buildJourneyDocument(SESSION, walk(), { edits: [editRecord('e1', { kind: 'hide', stepId: 'start', hidden: true })] });
    expect(hidden.document.steps.map((item) => item.id)).toEqual(['c1', 'n2', 'c2', 'f1', 'c3']);
    expect(hidden.screenshots).toEqual([
      { screenshotId: 'shot-A', path: 'screenshots/0001.jpg' },
      { screenshotId: 'shot-B', path: 'screenshots/0002.jpg' },
    ]);
    expect(step(hidden.document, 'n2').screenshot).toBe('screenshots/0002.jpg');

    const undone = buildJourneyDocument(SESSION, walk(), {
      locale: 'en',
      edits: [editRecord('e1', { kind: 'hide', stepId: 'n2', hidden: true }, { undone: true, undoneAt: new Date(START_EPOCH_MS + 7_200_000).toISOString() })],
    });
    expect(undone.document).toEqual(plain);
  });

  it('exports a retitled step with its title and titled: true', () => {
    const { document } = buildJourneyDocument(SESSION, walk(), {
      locale: 'en',
      edits: [editRecord('e1', { kind: 'title', stepId: 'f1', title: 'Give the card holder' })],
    });
    expect(step(document, 'f1')).toMatchObject({ action: 'Give the card holder', titled: true, kind: 'form', eventIds: ['f1', 'f2', 's1'] });
    expect(document.steps.filter((item) => item.titled).map((item) => item.id)).toEqual(['f1']);
    expect(step(document, 'c1')).toMatchObject({ action: 'Click "Mugs"', titled: false });
    // A title changes no figure.
    expect(document.metrics).toEqual(plain.metrics);
    expectValidJourney(document);
  });

  /** A click on "Add to cart" that nothing answers for 4 s: a dead click. */
  function deadClickWalk(): CapturedEvent[] {
    const fixture = new EventFixture('walk-1');
    fixture.start('start', 0);
    fixture.click('d1', 1000, { name: 'Add to cart' });
    fixture.stop('stop', 5000);
    return fixture.events;
  }

  it('exports a detected signal on its step, undecided', () => {
    const { document } = buildJourneyDocument(SESSION, deadClickWalk(), { locale: 'en' });
    expect(step(document, 'start').signals).toEqual([]);
    expect(step(document, 'd1').signals).toEqual([
      {
        id: 'dead-click:d1',
        type: 'dead-click',
        description: 'Clicked "Add to cart": nothing visible happened for 4 s',
        value: 4000,
        decision: null,
        eventIds: ['d1'],
      },
    ]);
    expectValidJourney(document);
  });

  it('exports the tester’s decision on a signal', async () => {
    const dismissed = buildJourneyDocument(SESSION, deadClickWalk(), {
      locale: 'en',
      edits: [editRecord('e1', { kind: 'signal', signalId: 'dead-click:d1', decision: 'dismissed' })],
    }).document;
    expect(step(dismissed, 'd1').signals).toMatchObject([{ id: 'dead-click:d1', type: 'dead-click', decision: 'dismissed' }]);
    expectValidJourney(dismissed);

    const { journey } = await unzip(
      (
        await writeBundle({
          session: SESSION,
          events: deadClickWalk(),
          edits: [editRecord('e2', { kind: 'signal', signalId: 'dead-click:d1', decision: 'accepted' })],
          loadScreenshot: loader().load,
        })
      ).zip,
    );
    expect(step(journey, 'd1').signals).toMatchObject([{ id: 'dead-click:d1', decision: 'accepted' }]);
  });

  it('validates against docs/journey.schema.json with every step kind (start, click, navigation, form, new-tab, other)', () => {
    const fixture = new EventFixture('walk-1');
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1100, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 1300, 'All mugs');
    fixture.navigation('n2', 2000, `${SHOP}/search`, { navigationType: 'typed' });
    fixture.fieldChange('f1', 3000, { label: 'Search', selectors: [['#q']] });
    fixture.submit('s1', 3500, 'search');
    // A tab the page opened by itself (no click just before), and the page it loaded.
    fixture.tabOpened('t1', 6000, 2, `${SHOP}/help`);
    fixture.on(`${SHOP}/help`, null, 2);
    fixture.navigation('n3', 6100, `${SHOP}/help`);
    fixture.click('d1', 7000, { name: 'Chat' });
    fixture.stop('stop', 12_000);
    const { document } = buildJourneyDocument(SESSION, fixture.events, {
      locale: 'en',
      // Cut at the page load: the second part starts at an event that is no action of its own.
      edits: [editRecord('e1', { kind: 'split', stepId: 'c1', atEventId: 'l1' })],
    });
    expect(document.steps.map((item) => [item.id, item.kind])).toEqual([
      ['start', 'start'],
      ['c1', 'click'],
      ['l1', 'other'],
      ['n2', 'navigation'],
      ['f1', 'form'],
      ['t1', 'new-tab'],
      ['d1', 'click'],
    ]);
    expect(step(document, 'd1').signals.map((signal) => signal.type)).toEqual(['dead-click']);
    expectValidJourney(document);
  });
});

describe('bundleFileName', () => {
  const startedAt = '2026-03-14T09:30:00.000Z';

  it('slugs the title and adds the start date', () => {
    expect(bundleFileName({ title: 'Buy a mug', startedAt })).toBe('buy-a-mug-2026-03-14.parcours.zip');
  });

  it('spells out ligatures rather than dropping them', () => {
    expect(bundleFileName({ title: 'Bœuf, Æsop & Straße', startedAt })).toBe('boeuf-aesop-strasse-2026-03-14.parcours.zip');
  });

  it('drops accents and turns symbols and spaces into single hyphens', () => {
    expect(bundleFileName({ title: 'Café & Crème — Commande n°1 !', startedAt })).toBe('cafe-creme-commande-n-1-2026-03-14.parcours.zip');
    expect(bundleFileName({ title: '  Été: réservation/annulation?? ', startedAt })).toBe('ete-reservation-annulation-2026-03-14.parcours.zip');
  });

  it('says walk when nothing is left of the title', () => {
    expect(bundleFileName({ title: '', startedAt })).toBe('walk-2026-03-14.parcours.zip');
    expect(bundleFileName({ title: '!!! ??? ***', startedAt })).toBe('walk-2026-03-14.parcours.zip');
  });

  it('keeps names short, without a hyphen left dangling by the cut', () => {
    const name = bundleFileName({ title: `${'a'.repeat(59)} b and more words`, startedAt });
    const slug = name.slice(0, -'-2026-03-14.parcours.zip'.length);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(name).toBe(`${'a'.repeat(59)}-2026-03-14.parcours.zip`);
    expect(bundleFileName({ title: 'x'.repeat(200), startedAt })).toBe(`${'x'.repeat(60)}-2026-03-14.parcours.zip`);
  });
});

describe('journey.json with full-page screenshots', () => {
  /** The walk, with full pages taken for the first click, for the typed navigation (twice), and one missing. */
  function withFullPages(): CapturedEvent[] {
    return walk((fixture) => {
      fixture.fullPage('fp1', 8100, 'c1', { screenshotId: 'full-A' });
      fixture.fullPage(
        'fp2',
        8200,
        'n2',
        { screenshotId: 'full-B' },
        { truncated: true, coveredHeight: 16_384, pageHeight: 40_000, height: 16_384, viewports: 21 },
      );
      fixture.fullPage('fp3', 8300, 'n2', { missingReason: 'tab-not-visible' });
      fixture.fullPage('fp4', 8400, 'n2', { screenshotId: 'full-C' });
    });
  }
  const FULL_IMAGES: Record<string, Uint8Array> = {
    ...IMAGES,
    'full-A': new Uint8Array([0xff, 0xd8, 0xaa, 0xaa, 0xff, 0xd9]),
    'full-B': new Uint8Array([0xff, 0xd8, 0xbb, 0xbb, 0xff, 0xd9]),
    'full-C': new Uint8Array([0xff, 0xd8, 0xcc, 0xcc, 0xff, 0xd9]),
  };

  it('lists each step’s full pages with their file, size and coverage, numbered in the order of the steps', () => {
    const { document, screenshots } = buildJourneyDocument(SESSION, withFullPages(), { locale: 'en' });
    const byId = new Map(document.steps.map((item) => [item.id, item]));
    expect(byId.get('c1')?.fullPages).toEqual([
      { screenshot: 'screenshots/full-page-0001.jpg', width: 1280, height: 2554, viewports: 4, pageHeight: 2554, coveredHeight: 2554, truncated: false },
    ]);
    expect(byId.get('n2')?.fullPages).toEqual([
      { screenshot: 'screenshots/full-page-0002.jpg', width: 1280, height: 16_384, viewports: 21, pageHeight: 40_000, coveredHeight: 16_384, truncated: true },
      { screenshot: 'screenshots/full-page-0003.jpg', width: 1280, height: 2554, viewports: 4, pageHeight: 2554, coveredHeight: 2554, truncated: false },
    ]);
    expect(byId.get('start')?.fullPages).toEqual([]);
    // The step keeps its own screenshot.
    expect(byId.get('n2')?.screenshot).toBe('screenshots/0003.jpg');
    expect(screenshots).toEqual(
      expect.arrayContaining([
        { screenshotId: 'full-A', path: 'screenshots/full-page-0001.jpg' },
        { screenshotId: 'full-B', path: 'screenshots/full-page-0002.jpg' },
        { screenshotId: 'full-C', path: 'screenshots/full-page-0003.jpg' },
      ]),
    );
    expectValidJourney(document);
  });

  it('puts the images in the zip under screenshots/, byte for byte, stored as they are', async () => {
    const { zip } = await writeBundle({ session: SESSION, events: withFullPages(), loadScreenshot: loader(FULL_IMAGES).load, locale: 'en' });
    const { archive } = await unzip(zip);
    expect(await archive.file('screenshots/full-page-0001.jpg')?.async('uint8array')).toEqual(FULL_IMAGES['full-A']);
    expect(await archive.file('screenshots/full-page-0003.jpg')?.async('uint8array')).toEqual(FULL_IMAGES['full-C']);
    expect(centralDirectory(new Uint8Array(await zip.arrayBuffer())).get('screenshots/full-page-0002.jpg')?.method).toBe(0);
  });

  it('leaves out a full page whose image is gone, and names no missing file', async () => {
    const { 'full-B': _gone, ...rest } = FULL_IMAGES;
    const { zip, journey } = await writeBundle({ session: SESSION, events: withFullPages(), loadScreenshot: loader(rest).load, locale: 'en' });
    const { archive, journey: fromZip } = await unzip(zip);
    for (const doc of [journey, fromZip]) {
      expect(doc.steps.find((item) => item.id === 'n2')?.fullPages.map((fullPage) => fullPage.screenshot)).toEqual(['screenshots/full-page-0003.jpg']);
      expectValidJourney(doc);
    }
    expect(archive.file('screenshots/full-page-0002.jpg')).toBeNull();
  });

  it('is refused by the schema with a path outside screenshots/full-page-…, or a field left out', () => {
    const { document } = buildJourneyDocument(SESSION, withFullPages(), { locale: 'en' });
    const broken = JSON.parse(JSON.stringify(document));
    broken.steps[1].fullPages[0].screenshot = '../full.jpg';
    expect(validateJourney(broken)).toBe(false);
    const partial = JSON.parse(JSON.stringify(document));
    delete partial.steps[1].fullPages[0].truncated;
    expect(validateJourney(partial)).toBe(false);
  });
});
