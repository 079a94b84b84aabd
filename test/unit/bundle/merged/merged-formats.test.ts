import Ajv from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { MERGED_CSV_COLUMNS, writeMergedCsv } from '@/lib/bundle/merged/merged-csv';
import { mergedFileName, writeMergedBundle } from '@/lib/bundle/merged/write-merged-bundle';
import { verifyBundle } from '@/lib/bundle/verify';
import compareSchema from '../../../../docs/compare.schema.json' with { type: 'json' };
import mergedSchema from '../../../../docs/merged.schema.json' with { type: 'json' };
import { merged, mergedInput } from './merged-fixture';

describe('the merged steps.csv', () => {
  it('is one row per aligned step with its statistics, read back by a CSV parser', () => {
    const text = writeMergedCsv(merged());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] as object)).toEqual([...MERGED_CSV_COLUMNS]);
    expect(rows.map((row) => [row.stage_order, row.stage, row.step_order, row.walks, row.of_walks])).toEqual([
      ['0', 'No stage', '1', '1', '2'],
      ['1', 'Purchase', '2', '2', '2'],
      ['1', 'Purchase', '3', '1', '2'],
    ]);
    expect(rows[1]).toMatchObject({
      emotion_count: '2',
      emotion_mean: '-0.5',
      emotion_median: '-0.5',
      emotion_min: '-2',
      emotion_max: '1',
      duration_median_ms: '1000',
    });
    // A formula stays text.
    expect(rows[1]?.pain_points).toBe(`'=HYPERLINK("x") (1/2)`);
    expect(rows[2]?.emotion_mean).toBe('');
  });
});

describe('writeMergedBundle', () => {
  it('writes a bundle that verifies: merged.json, formats, one screenshot per aligned step, the empty chain', async () => {
    const loaded: string[] = [];
    const { zip, merged: written } = await writeMergedBundle(mergedInput(), async (walkIndex, path) => {
      loaded.push(`${walkIndex}:${path}`);
      return new TextEncoder().encode(`image ${walkIndex} ${path}`);
    });
    // One load per aligned step with an image: b has none for "Pay", so a's; "Help" is b's.
    expect(loaded).toEqual(['0:screenshots/0001.jpg', '0:screenshots/0002.jpg', '1:screenshots/0002.jpg']);
    expect(await verifyBundle(zip)).toMatchObject({ status: 'intact', chain: { status: 'intact', count: 0 } });
    const files = await JSZip.loadAsync(zip);
    const names = Object.values(files.files)
      .filter((entry) => !entry.dir)
      .map((entry) => entry.name);
    expect(names).toEqual([
      'screenshots/step-0001.jpg',
      'screenshots/step-0002.jpg',
      'screenshots/step-0003.jpg',
      'merged.json',
      'schema/merged.schema.json',
      'events.json',
      'compare.json',
      'schema/compare.schema.json',
      'index.html',
      'steps.csv',
      'journey.mmd',
      'cjml/walk-01.xml',
      'cjml/walk-02.xml',
      'README.txt',
      'manifest.json',
    ]);
    const json = JSON.parse((await files.file('merged.json')?.async('string')) as string);
    expect(json).toEqual(written);
    expect(json.stages[1].steps.map((step: { screenshot: string }) => step.screenshot)).toEqual(['screenshots/step-0002.jpg', 'screenshots/step-0003.jpg']);
    const readme = (await files.file('README.txt')?.async('string')) as string;
    expect(readme).toContain('A merge of 2 walks');
    expect(readme).toContain('One row per aligned step');
    expect(readme).toContain('Empty: a merge captures nothing itself.');
    expect(readme).toContain('compare.json\n  Each walk compared with the first');
    // The walks' CJML documents are one entry, like the screenshots.
    expect(readme.match(/^cjml\/$/gm)).toHaveLength(1);
    expect(readme.replace(/\s+/g, ' ')).toContain('(2 XML files, walk-01.xml the first');
    expect(readme).toContain('index.html\n  The aggregate map on its own');
    // compare.json is the comparison the page and parcours compare make, of the second walk with the first.
    const compare = JSON.parse((await files.file('compare.json')?.async('string')) as string);
    expect(compare).toMatchObject({ format: 'parcours.merged-comparisons', version: 1, baseline: 0 });
    expect(compare.comparisons).toHaveLength(1);
    // Both validate against the schemas the bundle carries (ajv, JSON Schema 2020-12).
    for (const [document, schemaPath] of [
      [json, 'schema/merged.schema.json'],
      [compare, 'schema/compare.schema.json'],
    ] as const) {
      const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(JSON.parse((await files.file(schemaPath)?.async('string')) as string));
      expect(validate(document), schemaPath).toBe(true);
      expect(validate.errors ?? []).toEqual([]);
    }
    expect(compare.comparisons[0]).toMatchObject({ walk: 1, comparison: { format: 'parcours.walk-comparison', a: { id: 'a' }, b: { id: 'b' } } });
  });

  it('a screenshot that cannot be loaded leaves its step without one; Cancel stops it', async () => {
    const { merged: written } = await writeMergedBundle(mergedInput(), async () => null);
    expect(written.stages.flatMap((stage) => stage.steps).every((step) => step.screenshot === null && step.screenshotOf === null)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(writeMergedBundle(mergedInput(), async () => null, { signal: controller.signal })).rejects.toThrow();
  });

  it('names the file after the title, the walk count and the day', () => {
    expect(mergedFileName(merged())).toBe('buy-a-mug-merged-2-walks-2026-12-01.parcours.zip');
    expect(mergedFileName({ title: '', walks: [], createdAt: '2026-12-01T00:00:00Z' })).toBe('journey-merged-0-walks-2026-12-01.parcours.zip');
  });
});

describe('the merged bundle’s schemas', () => {
  const ajv = () => new Ajv({ allErrors: true, validateFormats: false });
  it('refuse a merged.json or compare.json that breaks them: a made-up 0 walks, a wrong format, a step in no walk', async () => {
    const input = mergedInput();
    // merged.json as written: its screenshots are the bundle's own (screenshots/step-NNNN.jpg).
    const { merged: written } = await writeMergedBundle(input, async () => new Uint8Array([0xff, 0xd8]));
    const validateMerged = ajv().compile(mergedSchema);
    const validateCompare = ajv().compile(compareSchema);
    expect(validateMerged(JSON.parse(JSON.stringify(written)))).toBe(true);
    expect(validateMerged(JSON.parse(JSON.stringify(input.merged))), 'a walk’s own screenshot path is not the bundle’s').toBe(false);
    expect(validateCompare(JSON.parse(JSON.stringify(input.comparisons)))).toBe(true);
    const broken = structuredClone(written) as unknown as { walks: unknown[]; stages: { steps: { members: unknown[] }[] }[] };
    (broken.stages[1]?.steps[0] as { members: unknown[] }).members = [];
    expect(validateMerged(broken)).toBe(false);
    expect(validateMerged({ ...written, walks: [] })).toBe(false);
    expect(validateCompare({ ...input.comparisons, format: 'parcours.walk-comparison' })).toBe(false);
    const comparison = structuredClone(input.comparisons);
    (comparison.comparisons[0]?.comparison.steps[0] as { status: string }).status = 'same';
    expect(validateCompare(comparison)).toBe(false);
  });
});
