import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackgroundMessageName, RequestOf, Result } from '@/lib/messaging/protocol';
import { redactionId } from '@/lib/recorder/map-edits';
import { type Background, backgroundWithTwoWalks, jpegDataUrl, SENDERS } from './background';

let bg: Background;
beforeEach(async () => {
  bg = await backgroundWithTwoWalks();
});
afterEach(async () => {
  await bg.close();
});

const fromPage = <N extends BackgroundMessageName>(name: N, request: RequestOf<N>): Promise<Result<unknown>> => bg.send(name, request, SENDERS.extensionPage);

describe('the background writes what pages used to write themselves', () => {
  it('refuses to delete a walk being recorded or paused, with the reason the sessions page shows, and changes nothing', async () => {
    const before = await bg.snapshot();
    expect(await fromPage('session/delete', { sessionId: bg.walk.id })).toEqual({
      ok: false,
      error: { code: 'invalid-state', reason: 'errorDeleteActive', message: 'Stop the walk before deleting it' },
    });
    await fromPage('session/pause', {});
    const paused = await bg.snapshot();
    expect(await fromPage('session/delete', { sessionId: bg.walk.id })).toMatchObject({ ok: false, error: { reason: 'errorDeleteActive' } });
    expect(await bg.snapshot()).toEqual(paused);
    expect(before.sessions).toHaveLength(2);
  });

  it('deletes an ended walk with everything it holds, and leaves the other walk as it was', async () => {
    const walkRows = async (sessionId: string) =>
      Promise.all([bg.db.events, bg.db.screenshots, bg.db.annotations, bg.db.redactions].map((table) => table.where('sessionId').equals(sessionId).count()));
    const kept = await walkRows(bg.walk.id);
    expect(await fromPage('session/delete', { sessionId: bg.earlier.id })).toEqual({ ok: true, value: null });
    expect(await bg.db.sessions.get(bg.earlier.id)).toBeUndefined();
    expect(await walkRows(bg.earlier.id)).toEqual([0, 0, 0, 0]);
    expect(await walkRows(bg.walk.id)).toEqual(kept);
  });

  it('keeps settings cleaned: emotion labels once each, lower case, none of the defaults; only the editable thresholds', async () => {
    expect(await fromPage('settings/set', { key: 'emotion-labels', value: ['Relieved', 'relieved ', 'confused', '  Bored\n'] })).toEqual({
      ok: true,
      value: ['relieved', 'bored'],
    });
    expect((await bg.db.settings.get('emotion-labels'))?.value).toEqual(['relieved', 'bored']);
    await fromPage('settings/set', { key: 'signal-thresholds', value: { slowLoadMs: 5000 } });
    expect((await bg.db.settings.get('signal-thresholds'))?.value).toEqual({ slowLoadMs: 5000 });
    await fromPage('settings/set', { key: 'masking-default', value: 'strict' });
    expect((await bg.db.settings.get('masking-default'))?.value).toBe('strict');
    await fromPage('settings/set', { key: 'annotator', value: 'observer' });
    expect((await bg.db.settings.get('annotator'))?.value).toBe('observer');
  });

  it('saves a checklist template as an import reads it, stamped by the background, and deletes a template', async () => {
    const template = {
      id: 'shop-audit',
      kind: 'checklist' as const,
      name: '  Shop   audit ',
      updatedAt: '1999-01-01T00:00:00.000Z',
      checklist: {
        id: 'shop-audit',
        name: 'Shop audit',
        questions: [{ id: 'q1', stageId: null, text: ' Was the price clear? ', type: 'yes-no' as const, required: true, photo: false }],
      },
    };
    const saved = await fromPage('template/save', { template });
    expect(saved).toMatchObject({ ok: true, value: { id: 'shop-audit', name: 'Shop audit', checklist: { questions: [{ text: 'Was the price clear?' }] } } });
    const stored = await bg.db.templates.get('shop-audit');
    expect(stored?.updatedAt).not.toBe('1999-01-01T00:00:00.000Z');
    expect(await fromPage('template/save', { template: { ...template, checklist: { ...template.checklist, questions: [] } } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-state', message: 'The checklist has no questions.' },
    });
    expect(await fromPage('template/delete', { id: 'shop-audit' })).toEqual({ ok: true, value: null });
    expect(await bg.db.templates.get('shop-audit')).toBeUndefined();
  });

  it('stores a redaction sent as a data URL as a Blob, refuses an image of another size, clears and destroys', async () => {
    const request = { sessionId: bg.walk.id, screenshotId: bg.walkScreenshotId, boxes: [{ x: 10, y: 10, width: 100, height: 40 }] };
    expect(await fromPage('redaction/save', { ...request, redactedImage: jpegDataUrl(1280, 720) })).toEqual({
      ok: true,
      value: { id: redactionId(bg.walk.id, bg.walkScreenshotId), originalDestroyed: false },
    });
    const stored = await bg.db.redactions.get(redactionId(bg.walk.id, bg.walkScreenshotId));
    expect(stored?.redactedBlob).toBeInstanceOf(Blob);
    expect(stored?.redactedBlob?.type).toBe('image/jpeg');
    const before = await bg.snapshot();
    expect(await fromPage('redaction/save', { ...request, redactedImage: jpegDataUrl(640, 360) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-state' },
    });
    expect(await bg.snapshot()).toEqual(before);
    expect(await fromPage('redaction/clear', { sessionId: bg.walk.id, screenshotId: bg.walkScreenshotId })).toEqual({ ok: true, value: null });
    expect(await bg.db.redactions.count()).toBe(1);
    expect(await fromPage('redaction/destroy-original', { sessionId: bg.earlier.id, screenshotId: bg.earlierScreenshotId })).toMatchObject({
      ok: true,
      value: { originalDestroyed: true },
    });
  });
});
