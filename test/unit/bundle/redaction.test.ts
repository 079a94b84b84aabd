import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScreenshotForExport, screenshotForExport } from '@/lib/bundle/redaction';
import { ParcoursDatabase } from '@/lib/store/db';
import type { RedactionRecord, ScreenshotRecord } from '@/lib/store/records';

/** What a bundle may carry of a screenshot: never the original of a redacted one. */

const original = new Blob([new Uint8Array([1, 1, 1])], { type: 'image/jpeg' });
const blurred = new Blob([new Uint8Array([2, 2])], { type: 'image/jpeg' });

const screenshot: ScreenshotRecord = { id: 'shot-1', sessionId: 's1', tabId: 1, t: 0, blob: original, mime: 'image/jpeg', width: 8, height: 6, bytes: 3 };

function redaction(overrides: Partial<RedactionRecord> = {}): RedactionRecord {
  return {
    id: 's1:shot-1',
    sessionId: 's1',
    screenshotId: 'shot-1',
    boxes: [{ x: 0, y: 0, width: 4, height: 4 }],
    redactedBlob: blurred,
    originalDestroyed: false,
    at: '2026-03-14T10:00:00.000Z',
    ...overrides,
  };
}

describe('screenshotForExport', () => {
  it('exports the original of a screenshot without a redaction', () => {
    expect(screenshotForExport(screenshot, undefined)).toBe(original);
    expect(screenshotForExport(screenshot, null)).toBe(original);
  });

  it('exports the blurred image of a redacted screenshot, whether its original still exists or not', () => {
    expect(screenshotForExport(screenshot, redaction())).toBe(blurred);
    expect(screenshotForExport({ ...screenshot, blob: blurred }, redaction({ originalDestroyed: true }))).toBe(blurred);
  });

  it('exports nothing, rather than the original, while a redaction has no blurred image yet', () => {
    expect(screenshotForExport(screenshot, redaction({ redactedBlob: null }))).toBeNull();
  });

  it('refuses the redaction of another screenshot instead of exporting this one unblurred', () => {
    expect(() => screenshotForExport(screenshot, redaction({ screenshotId: 'shot-2' }))).toThrow(/shot-2/);
  });
});

describe('loadScreenshotForExport', () => {
  let db: ParcoursDatabase | null = null;

  afterEach(async () => {
    if (!db) return;
    db.close();
    await Dexie.delete(db.name);
    db = null;
  });

  it('reads the screenshot and its redaction from the database', async () => {
    db = new ParcoursDatabase(`redaction-export-${Math.random().toString(36).slice(2)}`);
    await db.open();
    await db.screenshots.bulkAdd([screenshot, { ...screenshot, id: 'shot-2' }]);
    await db.redactions.add(redaction());
    expect([...new Uint8Array(await (await loadScreenshotForExport(db, 'shot-1'))!.arrayBuffer())]).toEqual([2, 2]);
    expect([...new Uint8Array(await (await loadScreenshotForExport(db, 'shot-2'))!.arrayBuffer())]).toEqual([1, 1, 1]);
    expect(await loadScreenshotForExport(db, 'gone')).toBeNull();
  });
});
