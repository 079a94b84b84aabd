// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import Ajv from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '@/lib/annotations/types';
import { bundleFormat } from '@/lib/bundle/formats';
import { renderMapHtml } from '@/lib/bundle/html/render';
import { MAP_CSS } from '@/lib/bundle/html/styles';
import { buildJourneyDocument, type JourneyDocument } from '@/lib/bundle/journey-document';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n';
import type { AnnotationRecord } from '@/lib/store/records';
import journeySchema from '../../../docs/journey.schema.json' with { type: 'json' };
import { EventFixture, sessionRecord } from '../fixtures/events';

const HOSTILE = '<script>alert(1)</script>';
const BREAKOUT = '</style><script>alert(2)</script><style>';
const QUOTES = `Say "hi" & 'bye' onload=alert(3)`;
const UNICODE = 'Café ☕ — 日本語 🧡 « déjà »';
const LONE_SURROGATE = `broken \uD83D text`;

let count = 0;
function annotation(eventId: string, t: number, payload: AnnotationPayload): AnnotationRecord {
  count += 1;
  return {
    ...payload,
    id: `a${count}`,
    sessionId: 'walk-h',
    eventId,
    t,
    at: new Date(Date.UTC(2026, 2, 14, 9, 30) + t).toISOString(),
    author: 'tester',
    updatedAt: null,
    removed: false,
  } as AnnotationRecord;
}

/** A walk whose every text a page or a tester controls is hostile: titles, names, notes, stage names, persona. */
function hostileJourney(locale: Locale = 'en'): JourneyDocument {
  const fixture = new EventFixture('walk-h');
  fixture.on('https://shop.example/', BREAKOUT);
  fixture.start('start', 0);
  fixture.screenshot('start', 40, { screenshotId: 'shot-A' });
  fixture.click('c1', 1000, { name: HOSTILE, text: QUOTES });
  fixture.screenshot('c1', 1010, { missingReason: 'tab-not-visible' });
  fixture.navigation('n1', 1100, 'https://shop.example/mugs');
  fixture.pageLoad('l1', 1400, UNICODE);
  fixture.click('c2', 3000, { name: LONE_SURROGATE });
  fixture.stop('stop', 9000);
  const session = sessionRecord({
    id: 'walk-h',
    title: `${HOSTILE} ${UNICODE}`,
    persona: { name: QUOTES, description: '<img src=x onerror=alert(4)>' },
    scenario: BREAKOUT,
    startUrl: 'https://shop.example/',
  });
  session.stages = session.stages.map((stage, index) => (index === 0 ? { ...stage, name: `</th>${HOSTILE}` } : stage));
  const annotations = [
    annotation('c1', 1050, { kind: 'note', data: { noteKind: 'thought', text: HOSTILE } }),
    annotation('c1', 1060, { kind: 'note', data: { noteKind: 'note', text: `${QUOTES} ${BREAKOUT}` } }),
    annotation('c1', 1070, { kind: 'note', data: { noteKind: 'pain', text: UNICODE } }),
    annotation('c1', 1080, { kind: 'emotion', data: { valence: -2, label: HOSTILE } }),
    annotation('c2', 3050, { kind: 'emotion', data: { valence: 1, label: 'fine' } }),
  ];
  return buildJourneyDocument(session, fixture.events, { locale, annotations }).document;
}

/** The page as a browser's parser reads it (jsdom's DOMParser runs no script). */
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('index.html, the standalone map', () => {
  it('is registered as the html format and writes index.html, deflated', async () => {
    const files = await bundleFormat('html')?.write({ journey: hostileJourney(), events: [] });
    expect(files?.map((file) => [file.path, file.compress])).toEqual([['index.html', true]]);
    expect(String(files?.[0]?.data)).toMatch(/^<!DOCTYPE html>/);
  });

  it('has its Content-Security-Policy as the first element of <head>: nothing runs, nothing is fetched but its own images', async () => {
    const html = await renderMapHtml(hostileJourney());
    const document = parse(html);
    const first = document.head.firstElementChild;
    expect(first?.tagName).toBe('META');
    expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    const policy = first?.getAttribute('content') ?? '';
    const directives = Object.fromEntries(
      policy
        .split(';')
        .map((part: string) => part.trim().split(/\s+/))
        .map(([name, ...values]: string[]) => [name, values]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['img-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toBeUndefined();
    // The one style element, allowed by its own hash.
    const styles = document.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256')
      .update(styles[0]?.textContent ?? '')
      .digest('base64');
    expect(directives['style-src']).toEqual([`'sha256-${hash}'`]);
    expect(styles[0]?.textContent).toBe(MAP_CSS);
    // The charset still comes within the first 1,024 bytes, as HTML requires.
    expect(html.indexOf('<meta charset="utf-8">')).toBeLessThan(1024);
  });

  it('keeps every hostile text as text: no script, no handler, no style attribute; each text reads back exactly', async () => {
    const html = await renderMapHtml(hostileJourney());
    const document = parse(html);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
    const attributes = [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name));
    expect(attributes.filter((name) => name.startsWith('on'))).toEqual([]);
    // The hostile persona's <img> is text, not an element: the only images are the screenshots.
    expect([...document.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual(['screenshots/0001.jpg']);
    expect(document.querySelector('h1')?.textContent).toBe(`${HOSTILE} ${UNICODE}`);
    const text = document.body.textContent ?? '';
    for (const hostile of [HOSTILE, BREAKOUT, QUOTES, UNICODE, '<img src=x onerror=alert(4)>', `</th>${HOSTILE}`]) expect(text).toContain(hostile);
    expect(document.querySelector('.stage-band')?.textContent).toBe(`</th>${HOSTILE}`);
    // The thought, the note and the pain point in their lanes.
    expect(document.querySelector('.row-thoughts [data-step="2"] li')?.textContent).toBe(HOSTILE);
    expect(document.querySelector('.row-notes [data-step="2"] li')?.textContent).toBe(`${QUOTES} ${BREAKOUT}`);
    expect(document.querySelector('.row-pain [data-step="2"] li')?.textContent).toBe(UNICODE);
    // A lone surrogate from a page becomes U+FFFD: the file stays valid UTF-8.
    expect(text).toContain('broken \uFFFD text');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(html))).toBe(html);
    // The emotion's label is in the curve's title.
    expect([...document.querySelectorAll('svg.curve title')].map((title) => title.textContent)).toEqual([
      `2. Very negative · ${HOSTILE}`,
      '3. Positive · fine',
    ]);
  });

  it('names no http(s) address in any tag: the walk’s addresses appear as text only, and the stylesheet fetches nothing', async () => {
    const html = await renderMapHtml(hostileJourney());
    const tags = html.match(/<[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    expect(tags.filter((tag) => /https?:/i.test(tag))).toEqual([]);
    expect(MAP_CSS).not.toMatch(/url\(|@import|https?:/i);
    const document = parse(html);
    for (const element of document.querySelectorAll('[href], [src]')) {
      const value = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      expect(value, `${element.tagName} ${value}`).toMatch(/^(#step-\d+|screenshots\/[\w-]+\.jpg)$/);
    }
    // Inline SVG needs no namespace address in HTML.
    expect(html).not.toContain('xmlns');
  });

  it('shows the stages, the lanes, the emotion curve as inline SVG, the metrics and the signals', async () => {
    const document = parse(await renderMapHtml(hostileJourney()));
    expect(document.querySelectorAll('.row-action .cell')).toHaveLength(3);
    expect(document.querySelector('#step-2')?.textContent).toBe(`2. Click "${HOSTILE}"`);
    expect([...document.querySelectorAll('tr')].map((row) => row.className).slice(0, 11)).toEqual([
      'row-stage',
      'row-screenshot',
      'row-action',
      'row-touchpoint',
      'row-thoughts',
      'row-emotion',
      'row-pain',
      'row-opportunities',
      'row-expectations',
      'row-notes',
      'row-metrics',
    ]);
    // One face per tagged step in the lane, the line between the neighbours, and the whole-walk chart.
    expect(document.querySelectorAll('svg.curve g.face')).toHaveLength(2);
    expect(document.querySelector('svg.curve path.line')?.getAttribute('d')).toMatch(/^M\d/);
    expect(document.querySelector('svg.walk-curve')?.getAttribute('aria-label')).toBe(
      'Emotion curve over 3 steps, 2 of them with an emotion; the others are gaps.',
    );
    expect(document.querySelector('.metrics')?.textContent).toContain('Steps3');
    expect(document.querySelectorAll('.stage-card')).toHaveLength(7);
    // The step without an image says why, and the one with names its file in the bundle.
    expect(document.querySelector('.row-screenshot [data-step="2"]')?.textContent).toBe('No screenshot: the tab was not visible');
    expect(document.querySelector('.row-screenshot [data-step="1"] img')?.getAttribute('alt')).toBe(
      'Screenshot of step 1 (screenshots/0001.jpg, in the bundle’s folder)',
    );
  });

  it('formats dates, durations and default emotion labels in the walk’s language, typed labels as typed', async () => {
    const journey = (language: 'en' | 'fr') => {
      const doc = hostileJourney(language);
      doc.metrics.durationMs = 65_000;
      const tagged = doc.steps.find((step) => step.emotion);
      if (tagged?.emotion) tagged.emotion.label = 'frustrated';
      return doc;
    };
    const fr = parse(await renderMapHtml(journey('fr')));
    const en = parse(await renderMapHtml(journey('en')));
    expect(fr.querySelector('.metrics')?.textContent).toContain('1 min 05 s');
    expect(en.querySelector('.metrics')?.textContent).toContain('1 m 05 s');
    const titles = (document: Document) => [...document.querySelectorAll('svg.curve title')].map((title) => title.textContent ?? '');
    expect(titles(fr).some((title) => title.endsWith(' · frustré'))).toBe(true);
    expect(titles(en).some((title) => title.endsWith(' · frustrated'))).toBe(true);
    expect(titles(fr).some((title) => title.endsWith(' · fine'))).toBe(true);
    const startedAt = journey('fr').session.startedAt;
    expect(fr.querySelector('header .hint')?.textContent).toContain(formatDateTime(startedAt, 'fr'));
    expect(formatDateTime(startedAt, 'fr')).not.toBe(formatDateTime(startedAt, 'en'));
  });

  it('is written in the session’s language, which journey.json records', async () => {
    const fr = hostileJourney('fr');
    expect(fr.session.language).toBe('fr');
    const document = parse(await renderMapHtml(fr));
    expect(document.documentElement.lang).toBe('fr');
    expect(document.querySelector('.row-screenshot .lane-head')?.textContent).toBe('Capture');
    expect(document.querySelector('.bundle-note')?.textContent).toMatch(/^Les 1 captures d’écran/);
    // The schema knows the field: English and French pass, another language is refused, and older bundles lack it.
    const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(journeySchema);
    expect(validate(JSON.parse(JSON.stringify(fr))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify({ ...fr, session: { ...fr.session, language: 'de' } })))).toBe(false);
    const en = parse(await renderMapHtml(hostileJourney('en')));
    expect(en.documentElement.lang).toBe('en');
    // A bundle written before the language was recorded reads as English.
    const old = hostileJourney('fr');
    delete (old.session as Partial<JourneyDocument['session']>).language;
    expect(parse(await renderMapHtml(old)).documentElement.lang).toBe('en');
    expect(validate(JSON.parse(JSON.stringify(old)))).toBe(true);
  });

  it('prints one stage a page, at most six steps a page, each with its lane names', async () => {
    const fixture = new EventFixture('walk-p');
    fixture.start('start', 0);
    for (let i = 0; i < 14; i++)
      fixture.click(`c${i}`, 1000 + i * 3000, { name: `Button ${i}`, selectors: [[`#b${i}`]], rect: { x: 10 + i * 30, y: 200, width: 20, height: 20 } });
    fixture.stop('stop', 60_000);
    const session = sessionRecord({ id: 'walk-p' });
    const stageOf = (i: number) => (i < 9 ? 'awareness' : 'purchase');
    const annotations = Array.from({ length: 14 }, (_, i) => annotation(`c${i}`, 1001 + i * 3000, { kind: 'stage', data: { stageId: stageOf(i) } }));
    const journey = buildJourneyDocument(session, fixture.events, { locale: 'en', annotations }).document;
    const document = parse(await renderMapHtml(journey));
    const tables = [...document.querySelectorAll('table.block')];
    const inAwareness = journey.steps.filter((step) => step.stageId === 'awareness').length;
    expect(journey.steps.map((step) => step.stageId)).toEqual([...Array(inAwareness).fill('awareness'), ...Array(15 - inAwareness).fill('purchase')]);
    expect(inAwareness).toBeGreaterThan(6);
    // Awareness over two pages (six, then the rest), purchase on its own.
    expect(tables.map((table) => table.querySelectorAll('.row-action .cell').length)).toEqual([6, inAwareness - 6, 15 - inAwareness]);
    expect(tables.map((table) => table.classList.contains('continued'))).toEqual([false, true, false]);
    expect(tables.map((table) => table.querySelector('.stage-band')?.textContent)).toEqual(['Awareness', 'Awareness', 'Purchase']);
    expect(tables.every((table) => table.querySelectorAll('th.lane-head').length === 10)).toBe(true);
    const css = document.querySelector('style')?.textContent ?? '';
    expect(css).toMatch(/@media print\{[\s\S]*table\.block\{break-before:page/);
  });

  it('draws the poster in rows of twenty steps, with a place for each screenshot, and nothing in it runs', async () => {
    const fixture = new EventFixture('walk-q');
    fixture.start('start', 0);
    fixture.screenshot('start', 40, { screenshotId: 'shot-A' });
    for (let i = 0; i < 44; i++)
      fixture.click(`c${i}`, 1000 + i * 3000, { name: `Button ${i}`, selectors: [[`#b${i}`]], rect: { x: 10 + i * 30, y: 200, width: 20, height: 20 } });
    fixture.stop('stop', 200_000);
    const journey = buildJourneyDocument(sessionRecord({ id: 'walk-q' }), fixture.events, { locale: 'en' }).document;
    const html = await renderMapHtml(journey, { poster: true });
    const document = parse(html);
    expect(document.body.className).toBe('poster');
    // Laid out only inside the extension page, which allows no inline script; still, nothing in it runs.
    expect(document.querySelector('meta[http-equiv]')).toBeNull();
    expect(document.querySelectorAll('script, [style]')).toHaveLength(0);
    expect([...document.querySelectorAll('table.block')].map((table) => table.querySelectorAll('.row-action .cell').length)).toEqual([20, 20, 5]);
    // The screenshot is a place the extension page draws its thumbnail into; no image is linked.
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect([...document.querySelectorAll('[data-shot]')].map((shot) => shot.getAttribute('data-shot'))).toEqual(['screenshots/0001.jpg']);
    // No charts on the poster: the map itself.
    expect(document.querySelector('.charts')).toBeNull();
  });
});
