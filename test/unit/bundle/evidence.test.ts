import { createHash } from 'node:crypto';
import Ajv from 'ajv/dist/2020.js';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/lib/bundle/evidence/canonical-json';
import { CHAIN_GENESIS, chainEvents, checkChain, unchainEvents } from '@/lib/bundle/evidence/event-chain';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleManifest, parseManifest } from '@/lib/bundle/evidence/manifest';
import { bundleReadme, describesFile } from '@/lib/bundle/evidence/readme';
import { BUNDLE_FORMATS } from '@/lib/bundle/formats';
import { buildJourneyDocument } from '@/lib/bundle/journey-document';
import type { CapturedEvent } from '@/lib/capture/events';
import journeySchema from '../../../docs/journey.schema.json' with { type: 'json' };
import { demoEvents } from '../journey/journey-fixtures';
import { demoBundle, fakeJpeg } from './demo-bundle';

/** The chain as docs/bundle-format.md defines it, computed with Node's own crypto and a plain sorted-key JSON. */
function independentChain(events: readonly object[]): string[] {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
          )
        : value;
  let previous = '0'.repeat(64);
  return events.map((event) => {
    previous = createHash('sha256')
      .update(previous + JSON.stringify(sorted(event)), 'utf8')
      .digest('hex');
    return previous;
  });
}

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, as the RFC’s own example', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = [...canonicalJson(value).matchAll(/"([^"]*)":"([^"]*)"/g)].map((match) => match[2]);
    expect(keys).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('writes numbers and strings as ECMAScript does, without whitespace', () => {
    expect(canonicalJson({ b: [1e21, 0.000001, 1e-7, -0, 4.5, 333333333.3333333], a: 'é\n"\u2028' })).toBe(
      '{"a":"é\\n\\"\u2028","b":[1e+21,0.000001,1e-7,0,4.5,333333333.3333333]}',
    );
    expect(canonicalJson({ z: { y: null, x: true }, a: [] })).toBe('{"a":[],"z":{"x":true,"y":null}}');
  });

  it('escapes a lone surrogate (a text cut inside an emoji) as JSON.stringify does, so the chain reads back whole', async () => {
    const cut = 'Gift \ud83c';
    expect(canonicalJson({ name: cut })).toBe('{"name":"Gift \\ud83c"}');
    const [first] = demoEvents() as CapturedEvent[];
    const { entries } = await chainEvents([{ ...(first as CapturedEvent), pageTitle: cut }]);
    const readBack = JSON.parse(JSON.stringify(entries));
    expect(readBack[0].pageTitle).toBe(cut);
    expect((await checkChain(readBack)).breaks).toEqual([]);
  });

  it('leaves out undefined members as JSON.stringify does, and refuses what JSON cannot say', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(/Infinity/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/function/);
  });
});

describe('the event chain', () => {
  it('gives each event the SHA-256 of the previous hash and its canonical JSON, which another tool recomputes', async () => {
    const events = demoEvents();
    const { entries, head } = await chainEvents(events);
    expect(entries).toHaveLength(events.length);
    expect(entries.map((entry) => entry.hash)).toEqual(independentChain(events));
    expect(head).toBe(entries.at(-1)?.hash);
    // The events themselves are unchanged: an entry is the event plus its hash.
    expect(unchainEvents(entries)).toEqual(events);
    for (const entry of entries) expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has the genesis as its head when there is no event, and is computed once per export', async () => {
    expect(await chainEvents([])).toEqual({ entries: [], head: CHAIN_GENESIS });
    const events = demoEvents();
    expect(chainEvents(events)).toBe(chainEvents(events));
  });

  it('hashes an event as it reads back from events.json (an undefined member is no member)', async () => {
    const [first] = demoEvents() as CapturedEvent[];
    const withUndefined = { ...first, pageTitle: undefined } as unknown as CapturedEvent;
    const { pageTitle: _gone, ...without } = first as CapturedEvent;
    const a = await chainEvents([withUndefined]);
    const b = await chainEvents([without as CapturedEvent]);
    expect(a.head).toBe(b.head);
    expect((await checkChain(JSON.parse(JSON.stringify(a.entries)))).breaks).toEqual([]);
  });

  it('names the one edited event, and only it', async () => {
    const { entries } = await chainEvents(demoEvents());
    const edited = JSON.parse(JSON.stringify(entries));
    edited[40].t += 1;
    const check = await checkChain(edited);
    expect(check.breaks).toEqual([{ index: 40, eventId: edited[40].id, kind: edited[40].kind, reason: 'hash-mismatch' }]);
    expect(check.head).toBe(entries.at(-1)?.hash);
  });

  it('names the event after a removed one, an inserted one, and entries with no hash or no object', async () => {
    const { entries } = await chainEvents(demoEvents());
    const removed = entries.filter((_, index) => index !== 10);
    expect((await checkChain(removed)).breaks.map((item) => item.index)).toEqual([10]);
    const inserted = [...entries.slice(0, 5), { ...entries[3] }, ...entries.slice(5)];
    expect((await checkChain(inserted)).breaks.map((item) => item.index)).toEqual([5, 6]);
    const { hash: _hash, ...bare } = entries[2] as (typeof entries)[number];
    const noHash = [...entries.slice(0, 2), bare, ...entries.slice(3)];
    expect((await checkChain(noHash)).breaks[0]).toMatchObject({ index: 2, reason: 'no-hash' });
    expect((await checkChain([...entries.slice(0, 2), 42])).breaks).toEqual([{ index: 2, eventId: null, kind: null, reason: 'not-an-event' }]);
  });
});

describe('parseManifest', () => {
  const valid: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    generator: { name: 'parcours', version: '0.1.0' },
    createdAt: '2026-12-01T10:00:00.000Z',
    files: [{ path: 'journey.json', size: 10, sha256: 'a'.repeat(64) }],
    eventChain: { file: 'events.json', algorithm: 'SHA-256', canonicalization: 'RFC 8785', count: 0, head: CHAIN_GENESIS },
  };
  it('takes a manifest and says what is wrong with the others', () => {
    expect(parseManifest(valid)).toEqual({ ok: true, manifest: valid });
    expect(parseManifest([])).toMatchObject({ ok: false, problem: 'not-an-object' });
    expect(parseManifest({ ...valid, format: 'zip' })).toMatchObject({ ok: false, problem: 'wrong-format', found: 'zip' });
    expect(parseManifest({ ...valid, version: 2 })).toMatchObject({ ok: false, problem: 'future-version', found: '2' });
    expect(parseManifest({ ...valid, version: '1' })).toMatchObject({ ok: false, problem: 'bad-version' });
    expect(parseManifest({ ...valid, files: [{ path: 'a', size: 1, sha256: 'xyz' }] })).toMatchObject({ ok: false, problem: 'bad-files' });
    expect(parseManifest({ ...valid, files: [valid.files[0], valid.files[0]] })).toMatchObject({ ok: false, problem: 'bad-files' });
    expect(parseManifest({ ...valid, eventChain: { count: 1 } })).toMatchObject({ ok: false, problem: 'bad-chain' });
  });
});

describe('the bundle’s evidence files', () => {
  it('holds the schema, README.txt and manifest.json, the manifest last, over every other file', async () => {
    const { bytes, journey, events } = await demoBundle();
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir);
    expect(names.at(-1)).toBe('manifest.json');
    expect(names.at(-2)).toBe('README.txt');
    expect(names).toEqual(expect.arrayContaining(['journey.json', 'events.json', 'schema/journey.schema.json']));
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) as string) as BundleManifest;
    expect(manifest).toMatchObject({ format: 'parcours.bundle', version: 1, generator: journey.generator });
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    // Every file but the manifest itself, screenshots included, with its real size and SHA-256.
    expect(manifest.files.map((file) => file.path)).toEqual(names.slice(0, -1));
    expect(manifest.files.filter((file) => file.path.startsWith('screenshots/')).length).toBeGreaterThan(5);
    for (const file of manifest.files) {
      const content = (await zip.file(file.path)?.async('uint8array')) as Uint8Array;
      expect(content.byteLength, file.path).toBe(file.size);
      expect(createHash('sha256').update(content).digest('hex'), file.path).toBe(file.sha256);
    }
    const entries = JSON.parse((await zip.file('events.json')?.async('string')) as string);
    expect(manifest.eventChain).toEqual({
      file: 'events.json',
      algorithm: 'SHA-256',
      canonicalization: 'RFC 8785',
      count: events.length,
      head: independentChain(events).at(-1),
    });
    expect(entries.at(-1).hash).toBe(manifest.eventChain.head);
  });

  it('leaves journey.json as the map of the events, and the screenshots byte for byte', async () => {
    const { bytes, journey, events, session } = await demoBundle();
    const zip = await JSZip.loadAsync(bytes);
    expect(JSON.parse((await zip.file('journey.json')?.async('string')) as string)).toEqual(journey);
    expect(journey).toEqual(buildJourneyDocument(session, events, { locale: 'en' }).document);
    const step = journey.steps.find((item) => item.screenshot);
    const shot = events.find((event) => event.kind === 'screenshot' && event.screenshotId);
    expect(step && shot).toBeTruthy();
    const images = await Promise.all(journey.steps.filter((item) => item.screenshot).map((item) => zip.file(item.screenshot as string)?.async('uint8array')));
    const expected = new Set(
      events.flatMap((event) => (event.kind === 'screenshot' && event.screenshotId ? [Buffer.from(fakeJpeg(event.screenshotId)).toString('hex')] : [])),
    );
    for (const image of images) expect(expected.has(Buffer.from(image as Uint8Array).toString('hex'))).toBe(true);
  });

  it('carries the 2020-12 schema every exported map validates against, the very one in docs/', async () => {
    const { bytes } = await demoBundle();
    const zip = await JSZip.loadAsync(bytes);
    const schema = JSON.parse((await zip.file('schema/journey.schema.json')?.async('string')) as string);
    expect(schema).toEqual(journeySchema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv({ allErrors: true, validateFormats: false, allowUnionTypes: true }).compile(schema);
    const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
    expect(validate(journey), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('says in README.txt what each file is and which tool takes it, in the export’s language', async () => {
    const english = await JSZip.loadAsync((await demoBundle()).bytes);
    const readme = (await english.file('README.txt')?.async('string')) as string;
    expect(readme.split('\n')[0]).toBe('Parcours bundle: Demo purchase');
    for (const path of ['journey.json', 'schema/journey.schema.json', 'events.json', 'screenshots/', 'manifest.json', 'README.txt'])
      expect(readme.split('\n'), path).toContain(path);
    expect(readme).toMatch(/ajv/);
    expect(readme).toMatch(/npx parcours verify/);
    expect(Math.max(...readme.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    const french = await JSZip.loadAsync((await demoBundle({ locale: 'fr' })).bytes);
    const texte = (await french.file('README.txt')?.async('string')) as string;
    expect(texte.split('\n')[0]).toBe('Bundle Parcours : Demo purchase');
    expect(texte).toMatch(/La carte du parcours/);
  });

  it('describes every file a registered format writes, and the formats to come', async () => {
    const { journey, events } = await demoBundle();
    for (const format of BUNDLE_FORMATS)
      for (const file of await format.write({ journey, events })) expect(describesFile(file.path), `${format.id}: ${file.path}`).toBe(true);
    const readme = bundleReadme(['journey.json', 'steps.csv', 'flow.json', 'somewhere/else.bin'], {
      title: '',
      startedAt: '2026-03-14T09:30:00.000Z',
      generatorVersion: '0.1.0',
      createdAt: '2026-03-15T10:00:00.000Z',
    });
    expect(readme).toMatch(/^Parcours bundle: untitled walk\nA walk of 2026-03-14, written by Parcours 0\.1\.0 on 2026-03-15T10:00:00\.000Z\./);
    expect(readme).toMatch(/steps\.csv\n {2}One row per step/);
    expect(readme).toMatch(/flow\.json\n {2}The walk as a Chrome DevTools Recorder user flow/);
    expect(readme).toMatch(/somewhere\/else\.bin\n {2}A file of this bundle/);
  });
});
