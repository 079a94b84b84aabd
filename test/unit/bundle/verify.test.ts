import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FileVerification, type Verification, verifyBundle } from '@/lib/bundle/verify';
import { chainText, fileText, verificationSummary } from '@/lib/bundle/verify-text';
import { demoBundle, editJson, fakeJpeg, indexOf, rezip } from './demo-bundle';

let bundle: Awaited<ReturnType<typeof demoBundle>>;
beforeAll(async () => {
  bundle = await demoBundle();
});

function readable(verification: Verification) {
  if (verification.status === 'unreadable') throw new Error(`unreadable: ${verification.problem.code}`);
  return verification;
}

/** The files that are not intact, as `status path`. */
function changed(verification: Verification): string[] {
  return readable(verification)
    .files.filter((file) => file.status !== 'intact')
    .map((file) => `${file.status} ${file.path}`);
}

const firstScreenshot = () => bundle.journey.steps.find((step) => step.screenshot)?.screenshot as string;

describe('verifyBundle', () => {
  it('finds a bundle as written intact: every file, and the event chain to its head', async () => {
    const progress: number[] = [];
    const result = readable(await verifyBundle(bundle.bytes, (item) => progress.push(item.done)));
    expect(result.status).toBe('intact');
    expect(result.files.length).toBeGreaterThan(10);
    expect(result.files.every((file) => file.status === 'intact')).toBe(true);
    expect(result.chain).toMatchObject({ status: 'intact', count: bundle.events.length });
    expect(result.manifest).toMatchObject({ format: 'parcours.bundle', version: 1, generator: { name: 'parcours' } });
    expect(progress).toEqual(result.files.map((_, index) => index + 1));
    expect(verificationSummary(result, 'en')).toBe('The bundle is intact: every file and the event chain are as they were written.');
    // A Blob and an ArrayBuffer are read too (the review page hands a File).
    expect((await verifyBundle(new Blob([bundle.bytes as Uint8Array<ArrayBuffer>]))).status).toBe('intact');
    expect((await verifyBundle(bundle.bytes.slice().buffer)).status).toBe('intact');
  });

  it('names a screenshot one byte of which was changed in the zip itself', async () => {
    const path = firstScreenshot();
    const zip = await JSZip.loadAsync(bundle.bytes);
    const image = (await zip.file(path)?.async('uint8array')) as Uint8Array;
    const tampered = bundle.bytes.slice();
    // Stored, not deflated: the image's bytes sit in the zip as they are (past its 4-byte JPEG header).
    const at = indexOf(tampered, image);
    expect(at).toBeGreaterThan(0);
    tampered[at + 10] = (tampered[at + 10] as number) ^ 0x01;
    const result = readable(await verifyBundle(tampered));
    expect(result.status).toBe('altered');
    expect(changed(result)).toEqual([`altered ${path}`]);
    const file = result.files.find((item) => item.path === path) as FileVerification;
    expect(file.actual?.size).toBe(file.expected?.size);
    expect(fileText(file, 'en')).toBe(`${path}: altered (its SHA-256 is not the manifest’s)`);
    expect(fileText(file, 'fr')).toBe(`${path} : modifié (son SHA-256 n’est pas celui du manifeste)`);
    expect(result.chain.status).toBe('intact');
    expect(verificationSummary(result, 'en')).toMatch(/^The bundle was altered/);
  });

  it('names an edited event, and events.json as altered', async () => {
    const target = bundle.events.findIndex((event) => event.kind === 'click');
    const tampered = await rezip(bundle.bytes, (zip) =>
      editJson(zip, 'events.json', (entries) => {
        entries[target].t += 500;
      }),
    );
    const result = readable(await verifyBundle(tampered));
    expect(changed(result)).toEqual(['altered events.json']);
    expect(result.chain).toMatchObject({
      status: 'altered',
      breaks: [{ index: target, eventId: bundle.events[target]?.id, kind: 'click', reason: 'hash-mismatch' }],
    });
    expect(result.chain).not.toHaveProperty('expected');
    expect(chainText(result.chain, 'en')).toEqual([
      `Event chain: altered at entry ${target + 1} of events.json (${bundle.events[target]?.id}, click): that event was edited, or an event just before it was removed or inserted.`,
    ]);
  });

  it('names the event after a removed one, and the end of a chain cut short', async () => {
    const inside = await rezip(bundle.bytes, (zip) => editJson(zip, 'events.json', (entries) => entries.filter((_: unknown, index: number) => index !== 20)));
    const result = readable(await verifyBundle(inside));
    expect(result.chain).toMatchObject({
      status: 'altered',
      breaks: [{ index: 20, eventId: bundle.events[21]?.id }],
      expected: { count: bundle.events.length },
    });
    const [broken, length] = chainText(result.chain, 'en');
    expect(broken).toMatch(/^Event chain: altered at entry 21 of events\.json/);
    expect(length).toBe(
      `Event chain: altered: events.json holds ${bundle.events.length - 1} events, the manifest says ${bundle.events.length} (events removed or added at the end).`,
    );

    // The last event removed: every link still holds; only the head says something is gone.
    const end = await rezip(bundle.bytes, (zip) => editJson(zip, 'events.json', (entries) => entries.slice(0, -1)));
    const cut = readable(await verifyBundle(end));
    expect(cut.chain).toMatchObject({ status: 'altered', breaks: [], count: bundle.events.length - 1 });
    expect(changed(cut)).toEqual(['altered events.json']);
  });

  it('names a file added to the bundle, and a file taken out', async () => {
    const path = firstScreenshot();
    const tampered = await rezip(bundle.bytes, (zip) => {
      zip.file('screenshots/extra.jpg', fakeJpeg('extra'));
      zip.remove(path);
    });
    const result = readable(await verifyBundle(tampered));
    expect(changed(result).sort()).toEqual([`missing ${path}`, 'unexpected screenshots/extra.jpg']);
    expect(result.files.filter((file) => file.status !== 'intact').map((file) => fileText(file, 'en'))).toEqual([
      `${path}: missing (the manifest lists it)`,
      'screenshots/extra.jpg: added (the manifest does not list it)',
    ]);
  });

  it('finds the file an edited manifest no longer vouches for, and a head that is not the chain’s', async () => {
    const tampered = await rezip(bundle.bytes, (zip) =>
      editJson(zip, 'manifest.json', (manifest) => {
        manifest.files.find((file: { path: string }) => file.path === 'journey.json').sha256 = 'f'.repeat(64);
        manifest.eventChain.head = '1'.repeat(64);
      }),
    );
    const result = readable(await verifyBundle(tampered));
    expect(changed(result)).toEqual(['altered journey.json']);
    expect(result.chain).toMatchObject({ status: 'altered', breaks: [], expected: { head: '1'.repeat(64), count: bundle.events.length } });
    expect(chainText(result.chain, 'en')).toEqual(['Event chain: altered: its last hash is not the head the manifest names.']);
    // A size edited in the manifest is said as sizes.
    const sized = await rezip(bundle.bytes, (zip) =>
      editJson(zip, 'manifest.json', (manifest) => {
        manifest.files[0].size += 1;
      }),
    );
    const file = readable(await verifyBundle(sized)).files[0] as FileVerification;
    const size = file.actual?.size as number;
    expect(file.expected?.size).toBe(size + 1);
    expect(fileText(file, 'en')).toBe(`${file.path}: altered (${size} bytes; the manifest says ${size + 1})`);
  });

  it('says a damaged deflated entry is altered, not that the bundle is unreadable', async () => {
    const zip = await JSZip.loadAsync(bundle.bytes);
    const stored = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const name = new TextEncoder().encode('journey.json');
    // The local header of journey.json, then 18 bytes past its name: inside its deflated data.
    const header = indexOf(stored, name);
    const broken = stored.slice();
    for (let i = 0; i < 8; i++) broken[header + name.length + 40 + i] = 0xff;
    const result = await verifyBundle(broken);
    expect(result.status).toBe('altered');
    expect(changed(result)).toContain('altered journey.json');
  });

  it('refuses a truncated zip and a file that is no zip, saying which', async () => {
    const truncated = await verifyBundle(bundle.bytes.slice(0, Math.floor(bundle.bytes.length / 2)));
    expect(truncated).toMatchObject({ status: 'unreadable', problem: { code: 'damaged-zip' } });
    expect(verificationSummary(truncated, 'en')).toMatch(/^This zip is cut short or damaged and cannot be read \(.+\)\.$/);
    const text = await verifyBundle(new TextEncoder().encode('{"format":"parcours.journey"}'));
    expect(text).toEqual({ status: 'unreadable', problem: { code: 'not-a-zip' } });
    expect(verificationSummary(text, 'fr')).toBe('Ce fichier n’est pas une archive zip, donc pas un bundle Parcours.');
    expect((await verifyBundle(new Uint8Array())).status).toBe('unreadable');
  });

  it('refuses a zip without a manifest, a manifest that is not JSON, another format and a future version, plainly', async () => {
    const cases: [(zip: JSZip) => Promise<void> | void, RegExp][] = [
      [(zip) => void zip.remove('manifest.json'), /no manifest\.json: it is not a Parcours bundle/],
      [(zip) => void zip.file('manifest.json', '{ not json'), /manifest\.json is not valid JSON/],
      [
        (zip) =>
          editJson(zip, 'manifest.json', (manifest) => {
            manifest.format = 'other.bundle';
          }),
        /format is "other\.bundle", not parcours\.bundle/,
      ],
      [
        (zip) =>
          editJson(zip, 'manifest.json', (manifest) => {
            manifest.version = 2;
          }),
        /version 2, newer than this Parcours reads \(version 1\): update Parcours/,
      ],
      [
        (zip) =>
          editJson(zip, 'manifest.json', (manifest) => {
            manifest.version = 'one';
          }),
        /no valid version \("one"\)/,
      ],
      [
        (zip) =>
          editJson(zip, 'manifest.json', (manifest) => {
            delete manifest.files;
          }),
        /its list of files with their size and SHA-256 is missing or malformed/,
      ],
    ];
    for (const [change, message] of cases) {
      const result = await verifyBundle(await rezip(bundle.bytes, change));
      expect(result.status).toBe('unreadable');
      expect(verificationSummary(result, 'en')).toMatch(message);
    }
  });

  it('says events.json missing or not a list, in the chain too', async () => {
    const gone = readable(await verifyBundle(await rezip(bundle.bytes, (zip) => void zip.remove('events.json'))));
    expect(changed(gone)).toEqual(['missing events.json']);
    expect(chainText(gone.chain, 'en')).toEqual(['Event chain: events.json is missing.']);
    const object = readable(await verifyBundle(await rezip(bundle.bytes, (zip) => void zip.file('events.json', '{}'))));
    expect(chainText(object.chain, 'en')).toEqual(['Event chain: events.json is not a JSON list of events.']);
  });
});
