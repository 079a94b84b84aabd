// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAP_CSS } from '@/lib/bundle/html/styles';
import { mergeWalks } from '@/lib/bundle/merged/merge-walks';
import { MERGED_CSS, renderMergedHtml } from '@/lib/bundle/merged/merged-html';
import { walk } from '../../journey/merge/walks';
import { CART } from './merged-fixture';

const HOSTILE = '<script>alert(1)</script>';
const BREAKOUT = '</style><script>alert(2)</script><style>';

/** Three walks of the cart whose every text a page or a tester controls is hostile, with checklists. */
function input() {
  const checklist = (score: number) => ({
    name: 'Audit',
    questions: [],
    scores: { overall: score, perStage: [{ stageId: 'purchase', score }] },
  });
  const walks = [
    walk('a', [{ stage: 'purchase', url: CART, name: HOSTILE, valence: -2, ms: 4000, pain: [BREAKOUT] }], {
      persona: BREAKOUT,
      checklist: checklist(100) as never,
    }),
    walk('b', [
      { stage: 'purchase', url: CART, name: HOSTILE, valence: 1, ms: 6000, pain: [BREAKOUT], signals: [{ type: 'rage-click' }] },
      { stage: 'purchase', url: CART, name: 'Help' },
    ]),
    walk('c', [{ stage: 'purchase', url: CART, name: HOSTILE, valence: 0, ms: 5000 }], { checklist: checklist(50) as never }),
  ];
  walks[0]!.session.title = `${HOSTILE} mug`;
  return mergeWalks(walks, { createdAt: '2026-12-01T10:00:00.000Z' });
}

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('the merged index.html', () => {
  it('has its Content-Security-Policy first in <head>, one style allowed by its hash, no script, no handler, no style attribute', async () => {
    const { merged, comparisons } = input();
    const html = await renderMergedHtml(merged, comparisons);
    const document = parse(html);
    const first = document.head.firstElementChild;
    expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    const policy = first?.getAttribute('content') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("img-src 'self'");
    expect(policy).not.toContain('script-src');
    const styles = document.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    expect(styles[0]?.textContent).toBe(`${MAP_CSS}\n${MERGED_CSS}`);
    const hash = createHash('sha256')
      .update(styles[0]?.textContent ?? '')
      .digest('base64');
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    expect(MERGED_CSS).toContain('@media print');
    expect(MERGED_CSS).not.toMatch(/url\(/);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
    const attributes = [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name));
    expect(attributes.filter((name) => name.startsWith('on'))).toEqual([]);
    // Hostile texts are text, read back exactly.
    expect(document.querySelector('h1')?.textContent).toBe(`Merged map: ${HOSTILE} mug`);
    expect(document.title).toBe(`${HOSTILE} mug – merged journey map`);
    const text = document.body.textContent ?? '';
    for (const hostile of [HOSTILE, BREAKOUT]) expect(text).toContain(hostile);
    expect(html.indexOf('<meta charset="utf-8">')).toBeLessThan(1024);
  });

  it('shows the walks it came from, each stage’s statistics with how many walks met each pain point and signal, and the checklist side by side', async () => {
    const { merged, comparisons } = input();
    const document = parse(await renderMergedHtml(merged, comparisons));
    expect([...document.querySelectorAll('.merged-walks li')].map((item) => item.getAttribute('data-walk-id'))).toEqual(['a', 'b', 'c']);
    expect(document.querySelector('[data-merge-summary]')?.textContent).toBe('3 walks, 1 stages, 2 aligned steps');
    const stage = document.querySelector('.merged-stage[data-stage-key="purchase"]') as Element;
    expect(stage.querySelector('h2')?.textContent).toBe('Purchase 3 of 3 walks');
    // Valences −2, 1, 0 and Help's none; times per walk 4 s, 7 s, 5 s.
    expect(stage.querySelector('[data-emotion]')?.textContent).toBe('mean -0.33 · median 0 · min -2 · max +1');
    expect(stage.querySelector('[data-median-time]')?.textContent).toBe('5 s');
    expect(stage.querySelector('[data-pain-points] li')?.textContent).toBe(`${BREAKOUT} 2/3 walks`);
    expect(stage.querySelector('[data-signals] li')?.textContent).toBe('rage-click 1/3 walks');
    const rows = [...stage.querySelectorAll('tr[data-aligned-step]')];
    expect(rows.map((row) => row.children[3]?.textContent)).toEqual(['3/3', '1/3']);
    expect(rows[0]?.querySelector('img')?.getAttribute('src')).toBe('screenshots/0001.jpg');
    expect(rows[0]?.querySelector('img')?.getAttribute('alt')).toBe('Screenshot of aligned step 1 (walk 1, screenshots/0001.jpg, in the bundle’s folder)');
    const checklist = document.querySelector('[data-checklist]') as Element;
    expect([...checklist.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['Purchase', '100', '–', '50'],
      ['Overall', '100', '–', '50'],
    ]);
  });

  it('shows each walk compared with the first: steps matched, differences in time, emotion and signals', async () => {
    const { merged, comparisons } = input();
    const document = parse(await renderMergedHtml(merged, comparisons));
    expect(document.querySelector('#comparisons')?.textContent).toBe(`Each walk compared with the first (${HOSTILE} mug)`);
    const sections = [...document.querySelectorAll('.comparison')];
    expect(sections.map((section) => section.getAttribute('data-comparison-walk'))).toEqual(['1', '2']);
    const b = sections[0] as Element;
    expect(b.querySelector('h3')?.textContent).toBe(`Walk b compared with ${HOSTILE} mug`);
    expect([...b.querySelectorAll('.compare-summary li')].map((item) => item.textContent).slice(2)).toEqual([
      'Steps: 1 / 2; 1 matched, 0 only in A, 1 only in B.',
      'Time: 4 s / 7 s (+3 s).',
      'Mean emotion: -2 / +1 (+3).',
    ]);
    const steps = [...b.querySelectorAll('.compare-steps tbody tr')];
    expect(steps.map((row) => row.getAttribute('data-status'))).toEqual(['matched', 'only-b']);
    expect(steps[0]?.getAttribute('class')).toBe('differs');
    expect(steps[0]?.lastElementChild?.textContent).toBe('+2 s · emotion -2 → +1');
    expect(b.textContent).toContain('rage-click: 0 / 1 (+1)');
  });

  it('is written in the language asked for', async () => {
    const { merged, comparisons } = input();
    const document = parse(await renderMergedHtml(merged, comparisons, 'fr'));
    expect(document.documentElement.getAttribute('lang')).toBe('fr');
    expect(document.querySelector('#comparisons')?.textContent).toBe(`Chaque parcours comparé au premier (${HOSTILE} mug)`);
  });

  it('says so when there is nothing to compare (a single walk)', async () => {
    const { merged, comparisons } = mergeWalks([walk('a', [{}])]);
    const document = parse(await renderMergedHtml(merged, comparisons));
    expect(document.querySelectorAll('.comparison')).toHaveLength(0);
    expect(document.body.textContent).toContain('A single walk: nothing to compare it with.');
  });
});

describe('the merged bundle’s CJML: each walk its own actual journey', () => {
  it('is one well-formed CJML 2.0 document per walk, each the walk’s own actual journey (read by an XML parser)', () => {
    const { walkCjml } = input();
    expect(walkCjml).toHaveLength(3);
    walkCjml.forEach((xml, index) => {
      const document = new DOMParser().parseFromString(xml, 'application/xml');
      expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
      expect(document.documentElement.tagName).toBe('CJML');
      expect(document.documentElement.getAttribute('version')).toBe('2.0');
      const journeys = [...document.documentElement.children];
      expect(journeys.map((element) => element.tagName)).toEqual(['actualJourney']);
      expect(journeys[0]?.querySelector('journeyID')?.textContent).toBe(`AJ-${['a', 'b', 'c'][index]}`);
    });
    // Walk b's two steps are its two touchpoints, its hostile step name text.
    const b = new DOMParser().parseFromString(walkCjml[1] as string, 'application/xml');
    expect([...b.querySelectorAll('touchpoints > *')].map((touchpoint) => touchpoint.querySelector('initiatorLabel')?.textContent)).toEqual([
      `Click “${HOSTILE}”`,
      'Click “Help”',
    ]);
  });
});
