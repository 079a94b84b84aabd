/**
 * A real bundle of the recorded demo walk (test/unit/fixtures/demo-events.json), written by writeBundle, and
 * tools to tamper with it the way a person would: edit a file and zip it again, or change bytes in place.
 */
import JSZip from 'jszip';
import { writeBundle } from '@/lib/bundle/write-bundle';
import type { CapturedEvent } from '@/lib/capture/events';
import type { Locale } from '@/lib/i18n';
import { sessionRecord } from '../fixtures/events';
import { demoEvents } from '../journey/journey-fixtures';

/** A small JPEG-looking image per screenshot id: distinct bytes, so each file has its own hash. */
export function fakeJpeg(screenshotId: string): Uint8Array {
  const body = new TextEncoder().encode(`image ${screenshotId} `.repeat(20));
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...body, 0xff, 0xd9]);
}

export async function demoBundle(options: { locale?: Locale; events?: CapturedEvent[] } = {}) {
  const events = options.events ?? demoEvents();
  const start = events[0] as CapturedEvent;
  const session = sessionRecord({
    id: start.sessionId,
    title: 'Demo purchase',
    startedAt: start.at,
    startEpochMs: Date.parse(start.at) - start.t,
    startUrl: start.url ?? '',
  });
  const { zip, journey } = await writeBundle({
    session,
    events,
    locale: options.locale ?? 'en',
    loadScreenshot: async (id) => new Blob([fakeJpeg(id) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
  });
  return { bytes: new Uint8Array(await zip.arrayBuffer()), journey, events, session };
}

/** The bundle with some of its files changed (a function gets the file's text and returns the new one), zipped again. */
export async function rezip(bytes: Uint8Array, change: (zip: JSZip) => Promise<void> | void): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await change(zip);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

// biome-ignore lint/suspicious/noExplicitAny: a test edits any part of any JSON file of the bundle, as a person would.
type Json = any;

export async function editJson(zip: JSZip, path: string, edit: (value: Json) => unknown): Promise<void> {
  const file = zip.file(path);
  if (!file) throw new Error(`${path} is not in the bundle`);
  const value = JSON.parse(await file.async('string'));
  const edited = edit(value);
  zip.file(path, `${JSON.stringify(edited === undefined ? value : edited)}\n`);
}

/** Where a byte sequence starts in a buffer (a STOREd entry's data sits in the zip as it is). */
export function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
