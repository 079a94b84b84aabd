import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chainEvents } from '@/lib/bundle/evidence/event-chain';
import { STEPS_CSV_COLUMNS } from '@/lib/bundle/formats/steps-csv';
import { buildJourneyDocument } from '@/lib/bundle/journey-document';
import type { CapturedEvent } from '@/lib/capture/events';
import { SCREENSHOT_MISSING_REASONS } from '@/lib/capture/events';
import journeySchema from '../../../docs/journey.schema.json' with { type: 'json' };
import { EventFixture, sessionRecord } from '../fixtures/events';
import { demoBundle } from './demo-bundle';

/** docs/bundle-format.md describes journey.json for other tools: what it lists must be what the code writes. */
const doc = readFileSync(new URL('../../../docs/bundle-format.md', import.meta.url), 'utf8');

describe('docs/bundle-format.md', () => {
  it('lists exactly the reasons a step can lack a screenshot for: the type’s, and the export’s deleted', () => {
    const bullet = doc.slice(doc.indexOf('- `screenshot` is a path'), doc.indexOf('\n- ', doc.indexOf('- `screenshot` is a path') + 1));
    const named = new Set([...bullet.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((match) => match[1] as string));
    const reasons: readonly string[] = [...SCREENSHOT_MISSING_REASONS, 'deleted'];
    expect(reasons.filter((reason) => !named.has(reason))).toEqual([]);
    // The other lowercase words in backticks there are the field and its null, not reasons the code lacks.
    expect([...named].filter((word) => !reasons.includes(word)).sort()).toEqual(['null', 'screenshot']);
  });

  it('shows the persona as an object with a name and a description', () => {
    expect(doc).toMatch(/"persona": \{ "name": "[^"]*", "description": "[^"]*" \}/);
    expect(doc).not.toMatch(/"persona": ""/);
  });

  it('describes each full page with the fields the schema requires and the export writes', () => {
    const bullet = doc.slice(doc.indexOf('- `fullPages`'), doc.indexOf('\n- ', doc.indexOf('- `fullPages`') + 1));
    const listed = /each `\{([^}]*)\}`/.exec(bullet)?.[1];
    expect(listed, 'the fullPages bullet lists the fields as { a, b }').toBeDefined();
    const documented = (listed as string)
      .split(',')
      .map((field) => field.trim())
      .sort();
    const item = journeySchema.$defs.step.properties.fullPages.items;
    expect([...item.required].sort()).toEqual(documented);
    expect(Object.keys(item.properties).sort()).toEqual(documented);
    // The path pattern the doc gives is the schema's.
    expect(bullet).toContain('`screenshots/full-page-NNNN.jpg`');
    expect(new RegExp(item.properties.screenshot.pattern).test('screenshots/full-page-0001.jpg')).toBe(true);

    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.fullPage('fp1', 500, 'start', { screenshotId: 'full-1' });
    fixture.stop('stop', 1000);
    const [written] = buildJourneyDocument(sessionRecord(), fixture.events).document.steps[0]?.fullPages ?? [];
    expect(Object.keys(written ?? {}).sort()).toEqual(documented);
  });

  it('lists the columns of steps.csv the writer writes, in its order', () => {
    const section = doc.slice(doc.indexOf('## `steps.csv`'), doc.indexOf('## `journey.mmd`'));
    const firstCells = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|')[1] as string);
    const documented = firstCells.flatMap((cell) => [...cell.matchAll(/`([a-z0-9_]+)`/g)].map((match) => match[1]));
    expect(documented).toEqual([...STEPS_CSV_COLUMNS]);
  });

  it('names each text format of the bundle in its table of files', () => {
    for (const path of ['steps.csv', 'journey.mmd', 'cjml.xml']) expect(doc).toMatch(new RegExp(`^\\| \`${path.replace('.', '\\.')}\``, 'm'));
  });

  it('works the chain’s example through: the event, its JCS text and its hash are what the code computes', async () => {
    const section = doc.slice(doc.indexOf('A worked example'), doc.indexOf('Each link is checked'));
    const [event, jcs, hash] = [...section.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
    expect(JSON.stringify(JSON.parse(event as string))).toBe(event);
    const { entries } = await chainEvents([JSON.parse(event as string) as CapturedEvent]);
    expect(entries[0]?.hash).toBe(hash);
    expect(jcs).toBe(JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(event as string)).sort(([a], [b]) => (a < b ? -1 : 1)))));
  });

  it('lists in its table every file a bundle holds', async () => {
    const zip = await JSZip.loadAsync((await demoBundle()).bytes);
    const table = doc.slice(doc.indexOf('| path'), doc.indexOf('\n\n', doc.indexOf('| path')));
    const listed = [...table.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1] as string);
    const files = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir && !name.startsWith('screenshots/'));
    expect(files.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed).toEqual(expect.arrayContaining(['screenshots/NNNN.jpg', 'manifest.json', 'README.txt']));
  });
});
