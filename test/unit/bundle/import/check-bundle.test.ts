import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBundle, type ImportProblem, ImportRefusal } from '@/lib/bundle/import/check-bundle';
import { importOutcomeText, importPercent, importProblemText } from '@/lib/bundle/import/import-text';
import { rebuildWalk } from '@/lib/bundle/import/rebuild-walk';
import { DEFAULT_LIMITS, readDirectory, UnzipRefusal, unsafePath } from '@/lib/bundle/import/safe-unzip';
import { BundleImporter } from '@/lib/recorder/bundle-importer';
import { ParcoursDatabase } from '@/lib/store/db';
import { storeImportedWalk } from '@/lib/store/import-walk';
import { demoBundle, editJson, indexOf, rezip } from '../demo-bundle';

let bundle: Awaited<ReturnType<typeof demoBundle>>;
beforeAll(async () => {
  bundle = await demoBundle();
});

async function refusal(bytes: Uint8Array, limits = DEFAULT_LIMITS): Promise<ImportProblem> {
  try {
    await checkBundle(bytes, { limits });
  } catch (error) {
    if (error instanceof ImportRefusal) return error.problem;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

/** A zip written byte by byte: one STOREd or declared entry per name, so names and sizes are whatever a test says. */
function rawZip(entries: { name: string; data?: Uint8Array; declaredSize?: number; compressedSize?: number; method?: number }[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: number[] = [];
  const central: number[] = [];
  const u16 = (out: number[], value: number) => out.push(value & 0xff, (value >>> 8) & 0xff);
  const u32 = (out: number[], value: number) => out.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const data = entry.data ?? new Uint8Array();
    const offset = locals.length;
    const method = entry.method ?? 0;
    const compressed = entry.compressedSize ?? data.length;
    const size = entry.declaredSize ?? data.length;
    u32(locals, 0x04034b50);
    for (const value of [20, 0, method, 0, 0]) u16(locals, value);
    u32(locals, 0);
    u32(locals, compressed);
    u32(locals, size);
    u16(locals, name.length);
    u16(locals, 0);
    locals.push(...name, ...data);
    u32(central, 0x02014b50);
    for (const value of [20, 20, 0, method, 0, 0]) u16(central, value);
    u32(central, 0);
    u32(central, compressed);
    u32(central, size);
    for (const value of [name.length, 0, 0, 0, 0]) u16(central, value);
    u32(central, 0);
    u32(central, offset);
    central.push(...name);
  }
  const end: number[] = [];
  u32(end, 0x06054b50);
  for (const value of [0, 0, entries.length, entries.length]) u16(end, value);
  u32(end, central.length);
  u32(end, locals.length);
  u16(end, 0);
  return new Uint8Array([...locals, ...central, ...end]);
}

describe('safe unzip', () => {
  it('refuses names that would leave the bundle, and keeps the ones a bundle has', () => {
    for (const bad of [
      '../evil.txt',
      'screenshots/../../x',
      '/etc/passwd',
      'C:/Windows/x',
      'c:evil',
      'screenshots\\0001.jpg',
      './journey.json',
      'a//b',
      'a\u0000b',
      '',
    ])
      expect(unsafePath(bad), bad).toBe(true);
    for (const good of ['journey.json', 'screenshots/0001.jpg', 'schema/journey.schema.json', 'screenshots/', 'file..name.txt'])
      expect(unsafePath(good), good).toBe(false);
  });

  it.each([['../outside.txt'], ['/absolute.txt'], ['screenshots\\..\\x.jpg'], ['D:/x.jpg']])(
    'refuses the entry %s before reading anything, saying so',
    async (name) => {
      const problem = await refusal(
        rawZip([
          { name: 'manifest.json', data: new TextEncoder().encode('{}') },
          { name, data: new Uint8Array([1]) },
        ]),
      );
      expect(problem).toEqual({ code: 'bad-path', path: name });
      expect(importProblemText(problem, 'en')).toContain('would be written outside the bundle');
      expect(importProblemText(problem, 'fr')).toContain('serait écrite hors du bundle');
    },
  );

  it('refuses a zip bomb from its directory, before inflating a byte: ratio, entry size, total, entry count', async () => {
    // 10 MB of zeros deflate to about 10 kB: a ratio of 1,000.
    const zip = new JSZip();
    zip.file('manifest.json', '{}');
    zip.file('bomb.bin', new Uint8Array(10 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const problem = await refusal(bomb);
    expect(problem).toMatchObject({ code: 'ratio', path: 'bomb.bin', limit: 200 });
    expect(importProblemText(problem, 'en')).toMatch(
      /^bomb\.bin unpacks to \d+ times its compressed size \(more than 200\): a zip bomb, refused before unpacking\.$/,
    );
    // The same declared in headers without the data: still refused from the directory alone.
    expect(() => readDirectory(rawZip([{ name: 'x', declaredSize: 4_000_000_000, compressedSize: 0, method: 8 }]))).toThrow(UnzipRefusal);
    expect(await refusal(rawZip([{ name: 'big.bin', data: new Uint8Array(2_000) }]), { ...DEFAULT_LIMITS, maxEntryBytes: 1_000 })).toMatchObject({
      code: 'entry-too-large',
      path: 'big.bin',
    });
    expect(
      await refusal(
        rawZip([
          { name: 'a', data: new Uint8Array(600) },
          { name: 'b', data: new Uint8Array(600) },
        ]),
        { ...DEFAULT_LIMITS, maxTotalBytes: 1_000 },
      ),
    ).toMatchObject({
      code: 'total-too-large',
    });
    expect(await refusal(rawZip([{ name: 'a' }, { name: 'b' }, { name: 'c' }]), { ...DEFAULT_LIMITS, maxEntries: 2 })).toEqual({
      code: 'too-many-entries',
      count: 3,
      limit: 2,
    });
  });

  it('stops inflating an entry that unpacks to more than its header declares (headers can lie)', async () => {
    const zip = new JSZip();
    zip.file('manifest.json', `{"format":"parcours.bundle","version":1}${' '.repeat(5_000)}`);
    const honest = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    // Lower the declared size of manifest.json in the central directory (offset 24 of its record) and its local header.
    const lying = honest.slice();
    const view = new DataView(lying.buffer);
    for (let at = 0; at + 4 <= lying.length; at++) {
      const signature = view.getUint32(at, true);
      if (signature === 0x02014b50) view.setUint32(at + 24, 100, true);
      if (signature === 0x04034b50) view.setUint32(at + 22, 100, true);
    }
    expect(await refusal(lying)).toEqual({ code: 'size-lie', path: 'manifest.json' });
  });

  it('says plainly what is no zip, a zip cut short, and a damaged one', async () => {
    expect(await refusal(new TextEncoder().encode('just some text, not a zip'))).toEqual({ code: 'not-a-zip' });
    const truncated = await refusal(bundle.bytes.slice(0, Math.floor(bundle.bytes.length / 2)));
    expect(truncated).toEqual({ code: 'truncated' });
    expect(importProblemText(truncated, 'en')).toBe('the zip is cut short (its end or its directory is missing): download it again.');
    expect(importProblemText(truncated, 'fr')).toBe('le zip est tronqué (sa fin ou son répertoire manque) : téléchargez-le à nouveau.');
    expect(await refusal(bundle.bytes.slice(0, bundle.bytes.length - 10))).toEqual({ code: 'truncated' });
  });
});

describe('checkBundle', () => {
  it('accepts the bundle as written: every file, the chain, the map', async () => {
    const progress: number[] = [];
    const checked = await checkBundle(bundle.bytes, { onProgress: ({ done }) => progress.push(done) });
    expect(checked.journey.steps).toHaveLength(bundle.journey.steps.length);
    expect(checked.events).toEqual(bundle.events);
    expect(progress.at(-1)).toBe(checked.manifest.files.length);
  });

  it('refuses a future version, of the manifest or of journey.json', async () => {
    const future = await rezip(bundle.bytes, (zip) => editJson(zip, 'manifest.json', (manifest) => ({ ...manifest, version: 9 })));
    const problem = await refusal(future);
    expect(problem).toEqual({ code: 'future-version', path: 'manifest.json', found: '9', supported: 1 });
    expect(importProblemText(problem, 'en')).toBe('manifest.json is of version 9, newer than this Parcours reads (version 1): update Parcours to import it.');
  });

  it('refuses missing files, naming them', async () => {
    const shot = bundle.journey.steps.find((step) => step.screenshot)?.screenshot as string;
    const missing = await rezip(bundle.bytes, (zip) => {
      zip.remove(shot);
      zip.remove('journey.json');
    });
    const problem = await refusal(missing);
    expect(problem).toEqual({ code: 'missing', paths: expect.arrayContaining([shot, 'journey.json']) });
    expect(importProblemText(problem, 'en')).toMatch(/^files are missing from the bundle: .*journey\.json/);
    expect(await refusal(await rezip(bundle.bytes, (zip) => void zip.remove('manifest.json')))).toEqual({ code: 'no-manifest' });
  });

  it('refuses a tampered screenshot, naming it', async () => {
    const shot = bundle.journey.steps.find((step) => step.screenshot)?.screenshot as string;
    const image = (await (await JSZip.loadAsync(bundle.bytes)).file(shot)?.async('uint8array')) as Uint8Array;
    const tampered = bundle.bytes.slice();
    const at = indexOf(tampered, image) + 10;
    tampered[at] = (tampered[at] as number) ^ 0x01;
    const problem = await refusal(tampered);
    expect(problem).toEqual({ code: 'altered', paths: [shot] });
    expect(importProblemText(problem, 'en')).toBe(
      `files were altered after the bundle was written (their SHA-256 is not the manifest’s): ${shot}. An altered bundle is not imported.`,
    );
  });

  it('refuses a tampered event: by its file hash, and by its chain link when the manifest was rewritten to match', async () => {
    const edited = await rezip(bundle.bytes, (zip) =>
      editJson(zip, 'events.json', (entries) => {
        entries[3].url = 'https://elsewhere.example/';
      }),
    );
    expect(await refusal(edited)).toEqual({ code: 'altered', paths: ['events.json'] });
    // A forger who also fixes the manifest's hash of events.json is caught by the chain.
    const { sha256Hex } = await import('@/lib/bundle/evidence/sha256');
    const forged = await rezip(edited, async (zip) => {
      const events = (await zip.file('events.json')?.async('uint8array')) as Uint8Array;
      const sha256 = await sha256Hex(events);
      await editJson(zip, 'manifest.json', (manifest) => {
        const file = manifest.files.find((item: { path: string }) => item.path === 'events.json');
        file.sha256 = sha256;
        file.size = events.byteLength;
      });
    });
    const problem = await refusal(forged);
    expect(problem).toEqual({ code: 'chain', index: 3, eventId: bundle.events[3]?.id });
    expect(importProblemText(problem, 'en')).toBe(`events.json was altered: event 4 (${bundle.events[3]?.id}) does not match its link in the hash chain.`);
  });

  it('refuses a file added after the bundle was written', async () => {
    const added = await rezip(bundle.bytes, (zip) => void zip.file('screenshots/extra.jpg', 'x'));
    expect(await refusal(added)).toEqual({ code: 'unexpected', paths: ['screenshots/extra.jpg'] });
  });

  it('says every refusal in plain words, in English and French, never a placeholder left', () => {
    const problems: ImportProblem[] = [
      { code: 'zip64' },
      { code: 'encrypted', path: 'a' },
      { code: 'duplicate-path', path: 'a' },
      { code: 'method', path: 'a', method: 12 },
      { code: 'damaged', path: 'a' },
      { code: 'not-json', path: 'a' },
      { code: 'manifest-invalid', what: 'bad-files' },
      { code: 'wrong-format', found: 'x' },
      { code: 'chain', index: null, eventId: null },
      { code: 'journey-invalid', detail: 'journey.steps must be a list' },
      { code: 'events-invalid', detail: 'x' },
      { code: 'cancelled' },
      { code: 'altered', paths: ['1', '2', '3', '4', '5', '6', '7'] },
    ];
    for (const problem of problems)
      for (const locale of ['en', 'fr'] as const) {
        const text = importProblemText(problem, locale);
        expect(text, problem.code).not.toMatch(/\{\w+\}/);
        expect(text.length).toBeGreaterThan(20);
      }
    expect(importProblemText({ code: 'altered', paths: ['1', '2', '3', '4', '5', '6', '7'] }, 'en')).toContain('1, 2, 3, 4, 5 and 2 more');
    expect(importOutcomeText({ ok: false, problem: { code: 'exists', title: 'T' } }, 'b.zip', 'fr')).toBe(
      'b.zip n’a pas été importé : ce parcours est déjà enregistré (« T ») : supprimez-le d’abord pour l’importer à nouveau.',
    );
    expect(importPercent({ type: 'progress', phase: 'check', done: 1, total: 2 })).toBe(48);
  });
});

describe('storing an import', () => {
  const importer = (db: ParcoursDatabase, bytes: Uint8Array) => {
    let n = 0;
    return new BundleImporter(db, { now: () => Date.UTC(2026, 11, 1), randomId: () => `r${++n}`, fetchBytes: async () => bytes });
  };

  it('stores the walk as a real session, marked imported, with its events and screenshots as Blobs', async () => {
    const db = new ParcoursDatabase(`import-${crypto.randomUUID()}`);
    const replies: string[] = [];
    const outcome = await importer(db, bundle.bytes).run(
      { url: 'blob:x', fileName: 'demo.parcours.zip' },
      (reply) => replies.push(reply.type === 'progress' ? reply.phase : reply.type),
      new AbortController().signal,
    );
    expect(outcome).toEqual({ ok: true, sessionId: bundle.session.id, title: 'Demo purchase' });
    expect(replies[0]).toBe('read');
    expect(replies.at(-1)).toBe('store');
    const session = await db.sessions.get(bundle.session.id);
    expect(session).toMatchObject({
      status: 'ended',
      imported: { fileName: 'demo.parcours.zip', originalSessionId: bundle.session.id },
      eventCount: bundle.events.length,
    });
    expect(await db.events.count()).toBe(bundle.events.length);
    const shots = await db.screenshots.toArray();
    expect(shots.length).toBeGreaterThan(0);
    expect(shots[0]?.blob).toBeInstanceOf(Blob);
    // The same bundle again: refused, and the first copy untouched.
    const again = await importer(db, bundle.bytes).run({ url: 'blob:x', fileName: 'demo.parcours.zip' }, () => undefined, new AbortController().signal);
    expect(again).toEqual({ ok: false, problem: { code: 'exists', title: 'Demo purchase' } });
    expect(await db.events.count()).toBe(bundle.events.length);
  });

  it('leaves nothing behind when storing fails halfway (a key taken in the last table), nor when cancelled', async () => {
    const db = new ParcoursDatabase(`import-${crypto.randomUUID()}`);
    const checked = await checkBundle(bundle.bytes);
    const walk = rebuildWalk(checked, {
      sessionId: checked.journey.session.id,
      fileName: 'f',
      importedAt: '2026-12-01T00:00:00.000Z',
      randomId: () => crypto.randomUUID(),
    });
    // A screenshot id stored already by another walk: bulkAdd fails after sessions and events were written.
    await db.screenshots.add({ ...walk.screenshots[0]!, sessionId: 'other' });
    await expect(storeImportedWalk(db, walk)).rejects.toThrow();
    expect(await db.sessions.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
    expect(await db.screenshots.count()).toBe(1);

    const cancelled = new AbortController();
    cancelled.abort();
    const outcome = await importer(db, bundle.bytes).run({ url: 'blob:x', fileName: 'f' }, () => undefined, cancelled.signal);
    expect(outcome).toEqual({ ok: false, problem: { code: 'cancelled' } });
    expect(await db.sessions.count()).toBe(0);
  });

  it('stores nothing of a refused bundle', async () => {
    const db = new ParcoursDatabase(`import-${crypto.randomUUID()}`);
    const outcome = await importer(db, bundle.bytes.slice(0, 100)).run({ url: 'blob:x', fileName: 'cut.zip' }, () => undefined, new AbortController().signal);
    expect(outcome).toEqual({ ok: false, problem: { code: 'truncated' } });
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
  });
});
