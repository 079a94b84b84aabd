import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BackgroundMessageName,
  CONTENT_SCRIPT_MESSAGES,
  isContentScriptMessage,
  type ProtocolError,
  type RequestOf,
  type Result,
} from '@/lib/messaging/protocol';
import { REQUEST_SHAPES } from '@/lib/messaging/requests';
import { type Background, backgroundWithTwoWalks, jpegDataUrl, SENDERS, type SenderName } from './background';

/** One valid request of every background message, about walk W (the one being recorded) where it names one. */
const REQUESTS: { [N in BackgroundMessageName]: (bg: Background) => RequestOf<N> } = {
  'recorder/hello': () => ({ top: true }),
  'recorder/events': (bg) => ({ events: [{ id: 'new-event', kind: 'visibility', epochMs: bg.now(), frameUrl: 'https://shop.example/cart', state: 'hidden' }] }),
  'recorder/screenshot': (bg) => ({ eventId: 'w-event', point: null, epochMs: bg.now(), priority: 'navigation' }),
  'recorder/full-page': (bg) => ({ id: 'fp-1', epochMs: bg.now() }),
  'session/current': () => ({}),
  'settings/set': () => ({ key: 'annotator', value: 'observer' }),
  'template/save': (bg) => ({
    template: {
      id: 'tpl-2',
      kind: 'setup',
      name: 'Returning customer',
      updatedAt: '2026-03-14T09:00:00.000Z',
      setup: { persona: { name: 'Ana', description: '' }, scenario: '', goal: '', segment: '', expectations: '', stages: bg.walk.stages },
    },
  }),
  'template/delete': () => ({ id: 'tpl-1' }),
  'session/delete': (bg) => ({ sessionId: bg.earlier.id }),
  'session/start': () => ({ tabId: 2, setup: { title: 'Another', persona: { name: '', description: '' }, scenario: '', goal: '' } }),
  'session/pause': () => ({}),
  'session/resume': () => ({}),
  'session/stop': () => ({}),
  'session/continue': (bg) => ({ sessionId: bg.earlier.id, tabId: 2 }),
  'session/finish': (bg) => ({ sessionId: bg.earlier.id }),
  'overlay/state': () => ({}),
  'annotation/add': () => ({ id: 'new-emotion', author: 'tester', payload: { kind: 'emotion', data: { valence: 2, label: 'delighted' } } }),
  'annotation/edit-note': () => ({ id: 'x-note', text: 'Rewritten' }),
  'annotation/set-removed': () => ({ id: 'w-emotion', removed: true }),
  'stage/switch': () => ({ id: 'new-switch', to: { delta: 1 }, author: 'tester' }),
  'stage/move': (bg) => ({ sessionId: bg.walk.id, stageId: bg.walk.stages[0]?.id ?? '', delta: 1 }),
  'stage/remove': (bg) => ({ sessionId: bg.walk.id, stageId: bg.walk.stages[1]?.id ?? '' }),
  'stage/undo-remove': (bg) => ({ sessionId: bg.walk.id, undo: { stages: bg.walk.stages.slice(0, 2), switches: [], currentStageId: null } }),
  'session/update-setup': (bg) => ({ sessionId: bg.walk.id, changes: { goal: 'Rewritten' } }),
  'step/select': (bg) => ({ sessionId: bg.walk.id, eventId: 'w-event' }),
  'checklist/set': (bg) => ({ sessionId: bg.walk.id, checklist: { id: 'c1', name: 'Shop', questions: [] } }),
  'checklist/answer': (bg) => ({ sessionId: bg.walk.id, questionId: 'q1', value: true, author: 'tester' }),
  'session/complete': (bg) => ({ sessionId: bg.earlier.id }),
  'map/edit': (bg) => ({ id: 'new-edit', sessionId: bg.earlier.id, author: 'tester', edit: { kind: 'title', stepId: 'x-event', title: 'Looked' } }),
  'map/undo': (bg) => ({ sessionId: bg.earlier.id }),
  'map/redo': (bg) => ({ sessionId: bg.earlier.id }),
  'redaction/save': (bg) => ({
    sessionId: bg.walk.id,
    screenshotId: bg.walkScreenshotId,
    boxes: [{ x: 1, y: 1, width: 20, height: 20 }],
    redactedImage: jpegDataUrl(1280, 720),
  }),
  'redaction/clear': (bg) => ({ sessionId: bg.earlier.id, screenshotId: bg.earlierScreenshotId }),
  'redaction/destroy-original': (bg) => ({ sessionId: bg.earlier.id, screenshotId: bg.earlierScreenshotId }),
  'overlay/open-note': () => ({ noteKind: 'pain' }),
  'recorder/echoes': () => ({ hashes: ['1:abc123'] }),
  'privacy/always-blur-add': () => ({ origin: 'https://shop.example', selector: '#account-name' }),
  'privacy/always-blur-remove': () => ({ origin: 'https://shop.example', selector: '#account-name' }),
  'overlay/note-closed': () => ({ noteKind: 'pain', saved: true, landed: 'Step 1' }),
  'overlay/full-page': () => ({}),
};

const NAMES = Object.keys(REQUESTS) as BackgroundMessageName[];

let bg: Background;
beforeEach(async () => {
  bg = await backgroundWithTwoWalks();
});
afterEach(async () => {
  await bg.close();
});

function sent<N extends BackgroundMessageName>(name: N, from: SenderName, request: RequestOf<N> = REQUESTS[name](bg)): Promise<Result<unknown>> {
  return bg.send(name, request, SENDERS[from]);
}

function errorOf(result: Result<unknown>): ProtocolError | null {
  return result.ok ? null : result.error;
}

/** Sends and checks the message was refused with that code, the database as it was. */
async function expectRefused<N extends BackgroundMessageName>(name: N, from: SenderName, code: ProtocolError['code'], request?: RequestOf<N>) {
  const before = await bg.snapshot();
  const result = await sent(name, from, request);
  expect(errorOf(result)?.code, `${name} from ${from}`).toBe(code);
  expect(await bg.snapshot(), `${name} from ${from} changed nothing`).toEqual(before);
  return result;
}

describe('the protocol’s senders: one valid request of each message', () => {
  it('has a request here and a shape in requests.ts for every background message', () => {
    expect(Object.keys(REQUEST_SHAPES).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) expect(REQUEST_SHAPES[name](REQUESTS[name](bg), 'request'), name).toBeNull();
  });

  describe.each(NAMES.filter((name) => !isContentScriptMessage(name)))('%s, for extension pages only', (name) => {
    it('is refused from the content script of the walk’s own tab, and changes nothing', async () => {
      const result = await expectRefused(name, 'walkTab', 'forbidden');
      expect(errorOf(result)?.message).toMatch(/extension's own pages/);
    });

    it('is refused from the content script of a tab outside the walk, and changes nothing', async () => {
      await expectRefused(name, 'foreignTab', 'forbidden');
    });

    it('reaches its handler from an extension page, even one in a tab', async () => {
      const error = errorOf(await sent(name, 'extensionPage'));
      expect(['forbidden', 'invalid-request']).not.toContain(error?.code);
    });
  });

  describe.each(NAMES.filter(isContentScriptMessage))('%s, for content scripts too', (name) => {
    it('reaches its handler from the content script of the walk’s tab', async () => {
      const error = errorOf(await sent(name, 'walkTab'));
      expect(['forbidden', 'invalid-request']).not.toContain(error?.code);
    });

    it('gives a tab outside the walk only its not-recording answer or a refusal, and changes nothing', async () => {
      const before = await bg.snapshot();
      const result = await sent(name, 'foreignTab');
      const outside = CONTENT_SCRIPT_MESSAGES[name];
      if (outside === 'refused') expect(errorOf(result)?.code).toBe('forbidden');
      else if (outside === 'handled') expect(result).toMatchObject({ ok: true, value: { recording: false, sessionId: null } });
      else expect(result).toEqual({ ok: true, value: outside.answer });
      expect(await bg.snapshot()).toEqual(before);
    });

    it('reaches its handler from an extension page', async () => {
      const error = errorOf(await sent(name, 'extensionPage'));
      expect(['forbidden', 'invalid-request']).not.toContain(error?.code);
    });
  });
});

describe('a content script touches only its own tab’s walk', () => {
  it('records the walk tab’s event, and tells a foreign tab it is not recorded without storing it', async () => {
    expect(await sent('recorder/events', 'walkTab')).toMatchObject({ ok: true, value: { acks: [{ id: 'new-event', duplicate: false }] } });
    expect((await bg.db.events.get('new-event'))?.sessionId).toBe(bg.walk.id);
    await bg.db.events.delete('new-event');
    expect(await sent('recorder/events', 'foreignTab')).toEqual({ ok: true, value: { dropped: 'not-recording' } });
    expect(await bg.db.events.get('new-event')).toBeUndefined();
    // A foreign tab learns nothing of events stored: a known id gets the same answer.
    expect(
      await sent('recorder/events', 'foreignTab', { events: [{ id: 'w-event', kind: 'visibility', epochMs: 1, frameUrl: 'https://x/', state: 'hidden' }] }),
    ).toEqual({
      ok: true,
      value: { dropped: 'not-recording' },
    });
  });

  it('refuses a request naming another walk', async () => {
    const other = bg.earlier.id;
    await expectRefused('annotation/add', 'walkTab', 'forbidden', { ...REQUESTS['annotation/add'](bg), sessionId: other });
    await expectRefused('stage/switch', 'walkTab', 'forbidden', { ...REQUESTS['stage/switch'](bg), sessionId: other });
  });

  it('accepts a request naming its own walk', async () => {
    expect(await sent('annotation/add', 'walkTab', { ...REQUESTS['annotation/add'](bg), sessionId: bg.walk.id })).toMatchObject({ ok: true });
  });

  it('refuses an annotation or stage switch reusing the id of another walk’s annotation (it would answer that annotation)', async () => {
    const result = await expectRefused('annotation/add', 'walkTab', 'forbidden', { ...REQUESTS['annotation/add'](bg), id: 'x-note' });
    expect(errorOf(result)?.message).toMatch(/another walk/);
    await expectRefused('stage/switch', 'walkTab', 'forbidden', { ...REQUESTS['stage/switch'](bg), id: 'x-note' });
  });

  it('cannot anchor an annotation to another walk’s step', async () => {
    await expectRefused('annotation/add', 'walkTab', 'invalid-state', { ...REQUESTS['annotation/add'](bg), eventId: 'x-event' });
  });

  it('pauses only the walk its tab is in: a foreign tab cannot pause or resume it', async () => {
    await expectRefused('session/pause', 'foreignTab', 'forbidden');
    expect(await sent('session/pause', 'walkTab')).toMatchObject({ ok: true, value: { id: bg.walk.id, status: 'paused' } });
    await expectRefused('session/resume', 'foreignTab', 'forbidden');
    expect(await sent('session/resume', 'walkTab')).toMatchObject({ ok: true, value: { status: 'recording' } });
  });

  it('treats a sender that is neither an extension page nor a tab as a tab outside the walk', async () => {
    const unknown = { id: 'parcours-test-id', url: 'https://shop.example/' };
    expect(await bg.send('recorder/hello', { top: true }, unknown)).toMatchObject({ ok: true, value: { recording: false, sender: null } });
    const before = await bg.snapshot();
    expect(errorOf(await bg.send('session/stop', {}, unknown))?.code).toBe('forbidden');
    expect(errorOf(await bg.send('annotation/add', REQUESTS['annotation/add'](bg), unknown))?.code).toBe('forbidden');
    expect(await bg.snapshot()).toEqual(before);
  });

  it('refuses a message from another extension, whatever it says it is', async () => {
    const before = await bg.snapshot();
    const other = { ...SENDERS.extensionPage, id: 'someone-else', origin: 'chrome-extension://someone-else' };
    expect(errorOf(await bg.send('session/delete', REQUESTS['session/delete'](bg), other))?.code).toBe('forbidden');
    expect(await bg.snapshot()).toEqual(before);
  });
});

describe('requests are checked against their shape before any handler runs', () => {
  const invalid: { [N in BackgroundMessageName]?: (bg: Background) => unknown } = {
    'session/delete': () => ({ sessionId: 42 }),
    'settings/set': () => ({ key: 'annotator', value: 'admin' }),
    'template/save': () => ({ template: { id: 't', kind: 'checklist', name: 'x', updatedAt: '', checklist: { id: 'c', name: 'x', questions: 'all' } } }),
    'annotation/add': () => ({ id: 'a', author: 'tester', payload: { kind: 'stage', data: { stageId: 'awareness' } } }),
    'map/edit': (bg) => ({ id: 'e', sessionId: bg.earlier.id, author: 'tester', edit: { kind: 'hide', stepId: 'x-event', hidden: true }, undone: true }),
    'session/update-setup': (bg) => ({ sessionId: bg.walk.id, changes: { status: 'ended', tabIds: [] } }),
    'redaction/save': (bg) => ({ sessionId: bg.walk.id, screenshotId: bg.walkScreenshotId, boxes: [], redactedImage: 'data:text/html,<script>' }),
    'recorder/events': () => ({ events: [{ id: 'e', kind: 'session-stop', epochMs: 1, frameUrl: '' }] }),
  };
  for (const [name, request] of Object.entries(invalid) as [BackgroundMessageName, (bg: Background) => unknown][]) {
    it(`refuses an invalid ${name} with a clear error, and changes nothing`, async () => {
      const sender: SenderName = isContentScriptMessage(name) ? 'walkTab' : 'extensionPage';
      const result = await expectRefused(name, sender, 'invalid-request', request(bg) as never);
      expect(errorOf(result)?.message).toMatch(new RegExp(`^${name}: request`));
    });
  }

  it('refuses the shape before the sender: a content script learns nothing more by sending garbage', async () => {
    await expectRefused('session/stop', 'walkTab', 'invalid-request', { now: true } as never);
  });
});
