import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv/dist/2020.js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeWalks } from '@/lib/bundle/merged/merge-walks';
import { walkCjmlPath } from '@/lib/bundle/merged/write-merged-bundle';
import { verifyBundle } from '@/lib/bundle/verify';
import type { MergedJourney } from '@/lib/journey/merge/types';
import { walkBundle } from './walk-bundles';

/** The real command line in a child process, on real bundles written by writeBundle. */
const BIN = fileURLToPath(new URL('../../../bin/parcours.mjs', import.meta.url));
let dir: string;

function parcours(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'C', LC_ALL: '', ...env }, cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parcours-merge-'));
  const walks = [
    ['a', { valences: [2, 1], pain: 'Shipping cost hidden', persona: 'Ana' }],
    ['b', { valences: [-1, 0], pain: 'shipping cost hidden', persona: 'Ben' }],
    ['c', { valences: [0, -2], persona: 'Chloé', clicks: 10 }],
    ['other', { valences: [0], startUrl: 'https://elsewhere.test/' }],
  ] as const;
  for (const [id, options] of walks)
    writeFileSync(path.join(dir, `${id}.parcours.zip`), (await walkBundle(id, { ...options, valences: [...options.valences] })).bytes);
  writeFileSync(path.join(dir, 'not-a-zip.parcours.zip'), 'hello');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function mergedOf(file: string): Promise<{ merged: MergedJourney; zip: JSZip; bytes: Uint8Array }> {
  const bytes = new Uint8Array(readFileSync(path.join(dir, file)));
  const zip = await JSZip.loadAsync(bytes);
  return { merged: JSON.parse((await zip.file('merged.json')?.async('string')) as string), zip, bytes };
}

describe('parcours merge', () => {
  it('merges three walks into a merged bundle that verifies, with stats, walks and formats', async () => {
    const { code, stdout, stderr } = await parcours([
      'merge',
      'a.parcours.zip',
      'b.parcours.zip',
      'c.parcours.zip',
      '--out',
      'merged.parcours.zip',
      '--title',
      'Demo purchase',
    ]);
    expect(stderr).toMatch(/Read 3\/3 walks\n/);
    expect(stderr).toMatch(/Copied (\d+)\/\1 screenshots\n/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote merged\.parcours\.zip: 3 walks, \d+ stages, \d+ aligned steps \(\d+ bytes\)\n$/);
    const { merged, zip, bytes } = await mergedOf('merged.parcours.zip');
    expect(merged).toMatchObject({ format: 'parcours.merged-journey', version: 1, title: 'Demo purchase' });
    expect(merged.walks.map((walk) => [walk.id, walk.persona, walk.source?.file])).toEqual([
      ['a', 'Ana', 'a.parcours.zip'],
      ['b', 'Ben', 'b.parcours.zip'],
      ['c', 'Chloé', 'c.parcours.zip'],
    ]);
    expect(
      merged.walks.every((walk) => /^[0-9a-f]{64}$/.test(walk.source?.journeySha256 ?? '') && /^[0-9a-f]{64}$/.test(walk.source?.eventChainHead ?? '')),
    ).toBe(true);
    const steps = merged.stages.flatMap((stage) => stage.steps);
    // The first click is in all three walks with valences 2, −1, 0.
    const firstClick = steps.find((step) => step.kind === 'click' && step.walks === 3)!;
    expect(firstClick.emotion).toEqual({ count: 3, mean: 0.33, median: 0, min: -1, max: 2 });
    const emotion = merged.stages.find((stage) => stage.emotion.count > 0)!.emotion;
    expect(emotion.min).toBe(-2);
    expect(emotion.max).toBe(2);
    const pains = merged.stages.flatMap((stage) => stage.painPoints);
    expect(pains).toEqual([{ text: 'Shipping cost hidden', walks: 2, occurrences: 2 }]);
    // Walk c stopped after 10 clicks: the later steps are in two walks only.
    expect(steps.some((step) => step.walks === 2)).toBe(true);
    // One representative image per aligned step that has one, copied and named after the step.
    const images = Object.values(zip.files).filter((entry) => !entry.dir && entry.name.startsWith('screenshots/'));
    expect(images.length).toBe(steps.filter((step) => step.screenshot).length);
    expect(images.length).toBeGreaterThan(5);
    expect(steps.filter((step) => step.screenshot).every((step) => zip.file(step.screenshot as string))).toBe(true);
    // A bundle like any other: every file in the manifest and intact.
    const verification = await verifyBundle(bytes);
    expect(verification.status).toBe('intact');
    const csv = (await zip.file('steps.csv')?.async('string')) as string;
    expect(csv.startsWith('\uFEFFstage_order,stage,step_order,page,action,walks,of_walks,emotion_count')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(steps.length + 1);
    const mmd = (await zip.file('journey.mmd')?.async('string')) as string;
    expect(mmd).toMatch(/^journey\n {2}title Demo purchase\n {2}section /);
    expect(mmd).toContain(': 3: Ana, Ben, Chloé');
    expect((await zip.file('README.txt')?.async('string')) as string).toContain('A merge of 3 walks');
    // Its verify on the command line says intact too.
    expect((await parcours(['verify', 'merged.parcours.zip'])).code).toBe(0);

    // The formats of a walk's bundle that an aggregate has: index.html (the aggregate map, the policy first),
    // compare.json, and each walk's own CJML; all in the manifest (verified above).
    const html = (await zip.file('index.html')?.async('string')) as string;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
    expect(html).not.toContain('<script');
    const compare = JSON.parse((await zip.file('compare.json')?.async('string')) as string);
    expect(compare.comparisons.map((entry: { walk: number }) => entry.walk)).toEqual([1, 2]);
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) as string);
    expect(manifest.files.map((file: { path: string }) => file.path)).toEqual(
      expect.arrayContaining(['index.html', 'compare.json', 'cjml/walk-01.xml', 'cjml/walk-02.xml', 'cjml/walk-03.xml']),
    );
    // The same code as the sessions page's Merge: its builder, fed the three walks' journey.json, gives the
    // same comparisons and the same CJML.
    const journeys = [];
    for (const id of ['a', 'b', 'c']) {
      const walkZip = await JSZip.loadAsync(readFileSync(path.join(dir, `${id}.parcours.zip`)));
      journeys.push(JSON.parse((await walkZip.file('journey.json')?.async('string')) as string));
    }
    const same = mergeWalks(journeys, { locale: 'en' });
    expect(compare).toEqual(same.comparisons);
    for (const [walk, xml] of same.walkCjml.entries()) expect(await zip.file(walkCjmlPath(walk))?.async('string')).toBe(xml);
    // merged.json and compare.json validate against the schemas the bundle carries (ajv).
    for (const [document, schemaPath] of [
      [merged, 'schema/merged.schema.json'],
      [compare, 'schema/compare.schema.json'],
    ] as const) {
      const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(JSON.parse((await zip.file(schemaPath)?.async('string')) as string));
      validate(document);
      expect(validate.errors ?? [], schemaPath).toEqual([]);
    }
    // And `parcours compare` of the baseline and a walk is that walk's entry of compare.json.
    const c = JSON.parse((await parcours(['compare', 'a.parcours.zip', 'c.parcours.zip', '--json'])).stdout);
    expect(compare.comparisons[1].comparison).toEqual(c);
  });

  it('refuses walks of another site (unless --any-site), a walk twice, a merged bundle, a bad file, with exit 2', async () => {
    const site = await parcours(['merge', 'a.parcours.zip', 'other.parcours.zip', '--out', 'x.zip']);
    expect(site.code).toBe(2);
    expect(site.stderr).toMatch(
      /parcours: other\.parcours\.zip starts on another site than the first walk \(Demo purchase other: https:\/\/elsewhere\.test ≠ http:\/\/127\.0\.0\.1:\d+\): these are not walks of one journey \(--any-site merges them all the same\)\.\n$/,
    );
    const forced = await parcours(['merge', 'a.parcours.zip', 'other.parcours.zip', '--out', 'forced.zip', '--any-site']);
    expect(forced.code).toBe(0);
    expect((await mergedOf('forced.zip')).merged.sites).toHaveLength(2);
    const twice = await parcours(['merge', 'a.parcours.zip', 'a.parcours.zip', '--out', 'x.zip']);
    expect(twice).toMatchObject({ code: 2 });
    expect(twice.stderr).toContain('a.parcours.zip is a walk already given');
    const ofMerged = await parcours(['merge', 'merged.parcours.zip', 'a.parcours.zip', '--out', 'x.zip']);
    expect(ofMerged.stderr).toBe('parcours: merged.parcours.zip: this is a merged bundle (merged.json); merge the walks’ own bundles.\n');
    const bad = await parcours(['merge', 'a.parcours.zip', 'not-a-zip.parcours.zip', '--out', 'x.zip']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Read 1\/2 walks\nparcours: not-a-zip\.parcours\.zip: /);
    const missing = await parcours(['merge', 'a.parcours.zip', 'nope.zip', '--out', 'x.zip']);
    expect(missing.stderr).toContain('parcours: no such file: nope.zip.');
    expect(() => readFileSync(path.join(dir, 'x.zip'))).toThrow();
  });

  it('needs two bundles and --out; says so in plain words and in French', async () => {
    expect(await parcours(['merge', 'a.parcours.zip', '--out', 'x.zip'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('merge needs two bundles or more'),
    });
    expect(await parcours(['merge', 'a.parcours.zip', 'b.parcours.zip'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('merge needs --out <bundle>.'),
    });
    const french = await parcours(['merge', 'a.parcours.zip'], { LANG: 'fr_FR.UTF-8' });
    expect(french.stderr).toContain('merge attend au moins deux bundles');
    const help = await parcours(['--help']);
    expect(help.stdout).toContain('merge <bundle>... --out <bundle>');
    expect(help.stdout).toContain('compare <a> <b> [--json]');
  });
});

describe('parcours compare', () => {
  it('prints two walks side by side, and JSON with --json', async () => {
    const text = await parcours(['compare', 'a.parcours.zip', 'c.parcours.zip']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('A: Demo purchase a (Ana, 2026-11-22)');
    expect(lines[1]).toBe('B: Demo purchase c (Chloé, 2026-11-22)');
    expect(lines[2]).toMatch(/^Steps: (\d+) \/ (\d+); \d+ matched, [1-9]\d* only in A, \d+ only in B\.$/);
    expect(lines.some((line) => /^ {2}= .*emotion \+2 → 0$/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('  A ') && line.endsWith('(only in A)'))).toBe(true);
    const json = await parcours(['compare', 'a.parcours.zip', 'b.parcours.zip', '--json']);
    const comparison = JSON.parse(json.stdout);
    expect(comparison).toMatchObject({ format: 'parcours.walk-comparison', a: { id: 'a' }, b: { id: 'b' }, totals: { onlyA: 0, onlyB: 0 } });
    expect(comparison.painPoints).toEqual([{ text: 'Shipping cost hidden', a: 1, b: 1 }]);
  });

  it('refuses one bundle, another site, and a file that is not a bundle', async () => {
    expect(await parcours(['compare', 'a.parcours.zip'])).toMatchObject({ code: 2, stderr: expect.stringContaining('compare needs two bundles') });
    expect((await parcours(['compare', 'a.parcours.zip', 'other.parcours.zip'])).code).toBe(2);
    expect((await parcours(['compare', 'a.parcours.zip', 'other.parcours.zip', '--any-site'])).code).toBe(0);
    expect((await parcours(['compare', 'a.parcours.zip', 'not-a-zip.parcours.zip'])).code).toBe(2);
  });
});
