import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { writeBundle } from '@/lib/bundle/write-bundle';
import { ExportCancelled, ZIP_PART_BYTES, zipToBlob } from '@/lib/bundle/zip-stream';
import { EventFixture, sessionRecord } from '../fixtures/events';

/** Bytes that do not deflate, as a JPEG's do not. */
function noise(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function archiveOf(files: Record<string, Uint8Array | string>): JSZip {
  const zip = new JSZip();
  for (const [path, data] of Object.entries(files)) zip.file(path, data, { compression: typeof data === 'string' ? 'DEFLATE' : 'STORE', binary: true });
  return zip;
}

describe('zipToBlob', () => {
  it('writes the same files, byte for byte, as a zip any reader opens, with progress up to 100', async () => {
    const images = [noise(ZIP_PART_BYTES + 1234, 1), noise(3 * 1024 * 1024, 2), noise(10, 3)];
    const zip = archiveOf({ 'a.jpg': images[0]!, 'b.jpg': images[1]!, 'c.jpg': images[2]!, 'journey.json': '{"steps":[]}\n'.repeat(1000) });
    const percents: number[] = [];
    const blob = await zipToBlob(zip, (percent) => percents.push(percent));
    expect(blob.type).toBe('application/zip');
    const back = await JSZip.loadAsync(await blob.arrayBuffer());
    expect(Object.keys(back.files).sort()).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'journey.json']);
    // Compared as buffers: a deep equality over millions of elements takes longer than the test's budget.
    for (const [path, image] of [
      ['a.jpg', images[0]],
      ['b.jpg', images[1]],
      ['c.jpg', images[2]],
    ] as const)
      expect(Buffer.from(await back.file(path)!.async('uint8array')).equals(Buffer.from(image!)), path).toBe(true);
    expect(await back.file('journey.json')!.async('string')).toBe('{"steps":[]}\n'.repeat(1000));
    expect(percents.at(-1)).toBe(100);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // More than one part's worth went through: the bytes were handed over as they came, not held to the end.
    expect(blob.size).toBeGreaterThan(ZIP_PART_BYTES * 1.5);
  });

  it('stops when cancelled, before or while writing, and says so', async () => {
    const zip = archiveOf({ 'a.jpg': noise(2 * ZIP_PART_BYTES, 4), 'b.jpg': noise(2 * ZIP_PART_BYTES, 5) });
    const before = new AbortController();
    before.abort();
    await expect(zipToBlob(zip, undefined, before.signal)).rejects.toBeInstanceOf(ExportCancelled);
    const during = new AbortController();
    let calls = 0;
    const cancelled = zipToBlob(
      zip,
      () => {
        if (++calls === 1) during.abort();
      },
      during.signal,
    );
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBeLessThan(10);
  });

  it('rejects what JSZip cannot write', async () => {
    const zip = new JSZip();
    zip.file('broken.bin', Promise.reject(new Error('unreadable')) as unknown as Uint8Array);
    await expect(zipToBlob(zip)).rejects.toThrow('unreadable');
  });
});

describe('writeBundle, cancelled', () => {
  it('stops while collecting screenshots and loads none after the cancel', async () => {
    const fixture = new EventFixture('walk-1');
    fixture.start('start', 0);
    for (let i = 1; i <= 5; i++) {
      fixture.click(`c${i}`, i * 1000, { name: `Button ${i}`, selectors: [[`#button-${i}`]] });
      fixture.screenshot(`c${i}`, i * 1000 + 50, { screenshotId: `shot-${i}` });
      fixture.navigation(`n${i}`, i * 1000 + 100, `https://shop.example/page-${i}`);
      fixture.pageLoad(`l${i}`, i * 1000 + 300, `Page ${i}`);
    }
    fixture.stop('stop', 9000);
    const controller = new AbortController();
    const asked: string[] = [];
    const written = writeBundle(
      {
        session: sessionRecord(),
        events: fixture.events,
        loadScreenshot: async (id) => {
          asked.push(id);
          if (asked.length === 2) controller.abort();
          return new Blob([noise(100, asked.length)], { type: 'image/jpeg' });
        },
      },
      undefined,
      controller.signal,
    );
    const outcome = await written.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    expect(asked, JSON.stringify(outcome).slice(0, 300)).toHaveLength(2);
    expect('error' in outcome && outcome.error).toBeInstanceOf(ExportCancelled);
  });
});
