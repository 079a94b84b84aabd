import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { envelope, ProtocolFailure } from '@/lib/messaging/protocol';
import { dispatch, type HandlerMap } from '@/lib/messaging/serve';
import type { SessionController } from '@/lib/recorder/controller';
import type { FullPageCapturer } from '@/lib/recorder/full-page';
import { backgroundHandlers, type MessageContext } from '@/lib/recorder/handlers';
import type { Library } from '@/lib/recorder/library';
import type { MapEditor } from '@/lib/recorder/map-edits';
import type { TesterLayer } from '@/lib/recorder/tester-layer';
import type { ParcoursDatabase } from '@/lib/store/db';

/** The message names declared in `interface Protocol`, read from the source as a reader sees them. */
function protocolNames(): string[] {
  const source = readFileSync(new URL('../../../lib/messaging/protocol.ts', import.meta.url), 'utf8');
  const body = /export interface Protocol \{([\s\S]*?)\n\}/.exec(source)?.[1];
  if (!body) throw new Error('interface Protocol not found');
  return [...body.matchAll(/^\s*'([^']+)'\s*:/gm)].map((match) => match[1] as string);
}

/** A controller whose every method records its call; the handlers only forward to it. */
function stubController() {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, answer: unknown = { method }) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer;
    };
  const controller = {
    stateForTab: record('stateForTab', { recording: true, sessionId: 's1', status: 'recording' }),
    hello: record('hello', { recording: true, sessionId: 's1', status: 'recording' }),
    noteDocumentOwner: record('noteDocumentOwner', undefined),
    recordPageEvent: record('recordPageEvent', { seq: 3, duplicate: false }),
    requestScreenshot: record('requestScreenshot', 'stored'),
    current: record('current', null),
    start: record('start'),
    pause: record('pause'),
    resume: record('resume'),
    stop: record('stop'),
    continueInterrupted: record('continueInterrupted'),
    finishInterrupted: record('finishInterrupted'),
    refreshOverlays: record('refreshOverlays', undefined),
    captureEvidence: record('captureEvidence', 'photo-1'),
    openNoteInOverlay: record('openNoteInOverlay', undefined),
    closeNoteInOverlay: record('closeNoteInOverlay', undefined),
  };
  return { controller: controller as unknown as SessionController, calls };
}

/** A tester layer whose every method records its call; `session()` knows one walk, s1. */
function stubLayer(selectedEventId: string | null = null) {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, answer: unknown = { method }) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer;
    };
  const session = {
    id: 's1',
    title: 'Buy a mug',
    status: 'recording',
    stages: [{ id: 'awareness', name: 'Awareness', order: 0 }],
    currentStageId: 'awareness',
    selectedEventId,
  };
  const layer = {
    session: async (sessionId?: string | null) => {
      if (sessionId && sessionId !== 's1') throw new ProtocolFailure({ code: 'no-session', message: `No session ${sessionId}` });
      return session;
    },
    latestStep: record('latestStep', { id: 'c9' }),
    anchorOf: async (_sessionId: string, eventId: string | null) => ({ eventId, action: eventId ? `Click ${eventId}` : null }),
    annotate: record('annotate'),
    editNote: record('editNote'),
    setRemoved: record('setRemoved'),
    switchStage: record('switchStage', { stageId: 'purchase' }),
    moveStage: record('moveStage'),
    removeStage: record('removeStage'),
    undoStageRemoval: record('undoStageRemoval'),
    updateSetup: record('updateSetup'),
    select: record('select', null),
    setChecklist: record('setChecklist'),
    answer: record('answer'),
    complete: record('complete'),
  };
  return { layer: layer as unknown as TesterLayer, calls };
}

/** The database as the handlers read it: only settings, here none or the ones given. */
function stubDb(settings: Record<string, unknown> = {}) {
  return { settings: { get: async (key: string) => (key in settings ? { key, value: settings[key] } : undefined) } } as unknown as ParcoursDatabase;
}

/** A map editor whose every method records its call. */
function stubEditor() {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, answer: unknown = { method }) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer;
    };
  const editor = { edit: record('edit'), undo: record('undo'), redo: record('redo', null) };
  return { editor: editor as unknown as MapEditor, calls };
}

/** A full-page capturer whose every method records its call. */
function stubFullPage() {
  const calls: { method: string; args: unknown[] }[] = [];
  const answer = { outcome: 'stored', step: 'Click "Mugs"', viewports: 4, pageHeight: 2554, coveredHeight: 2554, truncated: false, missingReason: null };
  const fullPage = {
    capture: async (...args: unknown[]) => {
      calls.push({ method: 'capture', args });
      return answer;
    },
    startInTopFrame: async (...args: unknown[]) => {
      calls.push({ method: 'startInTopFrame', args });
      return null;
    },
  };
  return { fullPage: fullPage as unknown as FullPageCapturer, calls, answer };
}

/** A library whose every method records its call. */
function stubLibrary() {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, answer: unknown = null) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer;
    };
  const library = {
    setSetting: record('setSetting', 'strict'),
    saveTemplate: record('saveTemplate'),
    deleteTemplate: record('deleteTemplate'),
    deleteWalk: record('deleteWalk'),
  };
  return { library: library as unknown as Library, calls };
}

function handlersWith(
  controller: SessionController,
  layer = stubLayer().layer,
  db = stubDb(),
  editor = stubEditor().editor,
  fullPage = stubFullPage().fullPage,
  library = stubLibrary().library,
) {
  return backgroundHandlers(controller, layer, db, editor, fullPage, library);
}

const TAB = { tabId: 4, frameId: 2, tabTitle: 'Cart', tabUrl: 'https://shop.example/cart' };
const PAGE: MessageContext = { sender: { kind: 'content-script', tab: TAB } };
const NO_PAGE: MessageContext = { sender: { kind: 'extension-page', tab: null } };

describe('backgroundHandlers', () => {
  it('finds the protocol messages in protocol.ts (the test reads the right thing)', () => {
    const names = protocolNames();
    expect(names).toContain('recorder/hello');
    expect(names).toContain('session/start');
    expect(names).toContain('tab/state');
    // The tester's layer: annotations, stages, setup, checklist, and the overlay's own messages.
    for (const name of [
      'overlay/state',
      'annotation/add',
      'stage/switch',
      'session/update-setup',
      'checklist/answer',
      'session/complete',
      'tab/overlay-hide',
    ]) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('has one handler for every background message of the protocol, and none for tab or offscreen messages', () => {
    const expected = protocolNames()
      .filter((name) => !name.startsWith('tab/') && !name.startsWith('offscreen/'))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const handled = Object.keys(handlersWith(stubController().controller)).sort();
    expect(handled).toEqual(expected);
  });

  it('forwards settings, templates and walk deletion to the library with their arguments', async () => {
    const { library, calls } = stubLibrary();
    const handlers = handlersWith(stubController().controller, undefined, undefined, undefined, undefined, library);
    expect(await handlers['settings/set']({ key: 'masking-default', value: 'strict' }, NO_PAGE)).toBe('strict');
    const template = {
      id: 't1',
      kind: 'checklist' as const,
      name: 'Shop',
      updatedAt: '2026-03-14T09:30:00.000Z',
      checklist: { id: 't1', name: 'Shop', questions: [] },
    };
    await handlers['template/save']({ template }, NO_PAGE);
    await handlers['template/delete']({ id: 't1' }, NO_PAGE);
    await handlers['session/delete']({ sessionId: 's1' }, NO_PAGE);
    expect(calls).toEqual([
      { method: 'setSetting', args: [{ key: 'masking-default', value: 'strict' }] },
      { method: 'saveTemplate', args: [template] },
      { method: 'deleteTemplate', args: ['t1'] },
      { method: 'deleteWalk', args: ['s1'] },
    ]);
  });

  it('forwards each session message to the controller with its arguments', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    const setup = { title: 'Walk', persona: { name: '', description: '' }, scenario: '', goal: '' };
    await handlers['session/start']({ tabId: 9, setup }, NO_PAGE);
    await handlers['session/pause']({}, NO_PAGE);
    await handlers['session/resume']({}, NO_PAGE);
    await handlers['session/stop']({}, NO_PAGE);
    await handlers['session/continue']({ sessionId: 's1', tabId: 5 }, NO_PAGE);
    await handlers['session/finish']({ sessionId: 's2' }, NO_PAGE);
    expect(await handlers['session/current']({}, NO_PAGE)).toEqual({ session: null });
    expect(calls).toEqual([
      { method: 'start', args: [9, setup] },
      { method: 'pause', args: [] },
      { method: 'resume', args: [] },
      { method: 'stop', args: [] },
      { method: 'continueInterrupted', args: ['s1', 5] },
      { method: 'finishInterrupted', args: ['s2'] },
      { method: 'current', args: [] },
    ]);
  });

  it('answers hello with the tab state and who asked', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    expect(await handlers['recorder/hello']({ top: true }, PAGE)).toEqual({
      recording: true,
      sessionId: 's1',
      status: 'recording',
      sender: { tabId: 4, frameId: 2 },
      alwaysBlur: {},
    });
    expect(calls.filter((call) => call.method === 'hello')).toEqual([{ method: 'hello', args: [4, true, undefined, undefined] }]);
    expect(await handlers['recorder/hello']({ top: false, documentSince: 1234.5, documentId: 'doc-1' }, NO_PAGE)).toMatchObject({ sender: null });
    expect(calls.filter((call) => call.method === 'hello').at(-1)).toEqual({ method: 'hello', args: [null, false, 1234.5, undefined] });
    // Who sent a document's hello is noted first (a page that leaves unanswered is placed by it).
    expect(calls.filter((call) => call.method === 'noteDocumentOwner').map((call) => call.args[0])).toEqual([undefined, 'doc-1']);
  });

  it('passes page events and screenshot requests on with their sender, and wraps the screenshot outcome', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    const event = { id: 'e1', kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' } as const;
    expect(await handlers['recorder/events']({ events: [event] }, PAGE)).toEqual({ acks: [{ id: 'e1', seq: 3, duplicate: false }] });
    const request = { eventId: 'e1', point: null, epochMs: 1, priority: 'click' } as const;
    expect(await handlers['recorder/screenshot'](request, PAGE)).toEqual({ outcome: 'stored' });
    expect(calls).toEqual([
      { method: 'recordPageEvent', args: [event, TAB] },
      { method: 'requestScreenshot', args: [request, TAB] },
    ]);
  });

  it('refuses page messages without a sender tab, and events of kinds a page may not send', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    const event = { id: 'e1', kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' } as const;
    await expect(handlers['recorder/events']({ events: [event] }, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
    await expect(handlers['recorder/screenshot']({ eventId: 'e1', point: null, epochMs: 1, priority: 'click' }, NO_PAGE)).rejects.toBeInstanceOf(
      ProtocolFailure,
    );
    const forged = { ...event, kind: 'session-stop' } as unknown as typeof event;
    await expect(handlers['recorder/events']({ events: [forged] }, PAGE)).rejects.toMatchObject({ error: { code: 'internal' } });
    expect(calls).toEqual([]);
  });

  it('commits a batch in its order, one ack per event id, dropped ones included', async () => {
    const { controller, calls } = stubController();
    const answers = [{ seq: 7, duplicate: false }, { dropped: 'not-recording' }, { seq: 6, duplicate: true }];
    (controller as unknown as { recordPageEvent: (...args: unknown[]) => Promise<unknown> }).recordPageEvent = async (...args: unknown[]) => {
      calls.push({ method: 'recordPageEvent', args });
      return answers.shift();
    };
    const handlers = handlersWith(controller);
    const events = ['e1', 'e2', 'e3'].map((id) => ({ id, kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' }) as const);
    expect(await handlers['recorder/events']({ events }, PAGE)).toEqual({
      acks: [
        { id: 'e1', seq: 7, duplicate: false },
        { id: 'e2', dropped: 'not-recording' },
        { id: 'e3', seq: 6, duplicate: true },
      ],
    });
    expect(calls.map((call) => (call.args[0] as { id: string }).id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('stops a batch at the first event it fails to commit: the ones after it get no ack and are not committed', async () => {
    const { controller, calls } = stubController();
    (controller as unknown as { recordPageEvent: (...args: unknown[]) => Promise<unknown> }).recordPageEvent = async (...args: unknown[]) => {
      calls.push({ method: 'recordPageEvent', args });
      if ((args[0] as { id: string }).id === 'e2') throw new Error('The database is closing');
      return { seq: 1, duplicate: false };
    };
    const handlers = handlersWith(controller);
    const events = ['e1', 'e2', 'e3'].map((id) => ({ id, kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' }) as const);
    expect(await handlers['recorder/events']({ events }, PAGE)).toEqual({ acks: [{ id: 'e1', seq: 1, duplicate: false }] });
    expect(calls.map((call) => (call.args[0] as { id: string }).id)).toEqual(['e1', 'e2']);
    // Failing at the first event: the page learns of the failure, as for any message.
    await expect(handlers['recorder/events']({ events: events.slice(1) }, PAGE)).rejects.toThrow('The database is closing');
  });
});

describe('backgroundHandlers: the tester layer', () => {
  it('adds an annotation through the layer, then refreshes the overlays of its walk', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const { layer, calls } = stubLayer();
    const handlers = handlersWith(controller, layer);
    const request = { id: 'a1', author: 'tester' as const, payload: { kind: 'emotion' as const, data: { valence: -1 as const, label: null } } };
    expect(await handlers['annotation/add'](request, PAGE)).toEqual({ method: 'annotate' });
    expect(calls).toEqual([{ method: 'annotate', args: [request] }]);
    expect(controllerCalls).toEqual([{ method: 'refreshOverlays', args: ['s1'] }]);
  });

  it('answers a change even when its walk cannot be found for the refresh', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const handlers = handlersWith(controller);
    expect(await handlers['stage/move']({ sessionId: 'gone', stageId: 'a', delta: 1 }, NO_PAGE)).toEqual({ method: 'moveStage' });
    expect(controllerCalls).toEqual([]);
  });

  it('forwards stage, setup and selection changes with their arguments, each followed by a refresh', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const { layer, calls } = stubLayer();
    const handlers = handlersWith(controller, layer);
    const undo = { stages: [], switches: [], currentStageId: null };
    expect(await handlers['stage/switch']({ id: 'w1', to: { delta: 1 }, author: 'tester' }, PAGE)).toEqual({ stageId: 'purchase' });
    await handlers['stage/move']({ sessionId: 's1', stageId: 'awareness', delta: 1 }, NO_PAGE);
    await handlers['stage/remove']({ sessionId: 's1', stageId: 'awareness' }, NO_PAGE);
    await handlers['stage/undo-remove']({ sessionId: 's1', undo }, NO_PAGE);
    await handlers['session/update-setup']({ sessionId: 's1', changes: { goal: 'Pay' } }, NO_PAGE);
    expect(await handlers['step/select']({ sessionId: 's1', eventId: 'c1' }, NO_PAGE)).toBeNull();
    expect(calls).toEqual([
      { method: 'switchStage', args: [{ id: 'w1', to: { delta: 1 }, author: 'tester' }] },
      { method: 'moveStage', args: ['s1', 'awareness', 1] },
      { method: 'removeStage', args: ['s1', 'awareness'] },
      { method: 'undoStageRemoval', args: ['s1', undo] },
      { method: 'updateSetup', args: ['s1', { goal: 'Pay' }] },
      { method: 'select', args: ['s1', 'c1'] },
    ]);
    expect(controllerCalls.map((call) => call.method)).toEqual(Array(6).fill('refreshOverlays'));
  });

  it('forwards note edits, removals, the checklist and completion to the layer', async () => {
    const { controller } = stubController();
    const { layer, calls } = stubLayer();
    const handlers = handlersWith(controller, layer);
    await handlers['annotation/edit-note']({ id: 'n1', text: 'Better' }, NO_PAGE);
    await handlers['annotation/set-removed']({ id: 'n1', removed: true }, NO_PAGE);
    await handlers['checklist/set']({ sessionId: 's1', checklist: null }, NO_PAGE);
    await handlers['session/complete']({ sessionId: 's1' }, NO_PAGE);
    expect(calls).toEqual([
      { method: 'editNote', args: ['n1', 'Better'] },
      { method: 'setRemoved', args: ['n1', true] },
      { method: 'setChecklist', args: ['s1', null] },
      { method: 'complete', args: ['s1'] },
    ]);
  });

  it('answers a checklist question without a photo, leaving the photo as it was', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const { layer, calls } = stubLayer();
    await handlersWith(controller, layer)['checklist/answer']({ sessionId: 's1', questionId: 'q1', value: true, author: 'observer' }, NO_PAGE);
    expect(calls).toEqual([{ method: 'answer', args: [{ sessionId: 's1', questionId: 'q1', value: true, author: 'observer', photoScreenshotId: undefined }] }]);
    expect(controllerCalls).toEqual([]);
  });

  it('takes the evidence photo first when an answer asks for one', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const { layer, calls } = stubLayer();
    await handlersWith(controller, layer)['checklist/answer']({ sessionId: 's1', questionId: 'q1', value: 4, author: 'tester', photo: true }, NO_PAGE);
    expect(controllerCalls).toEqual([{ method: 'captureEvidence', args: ['s1'] }]);
    expect(calls).toEqual([{ method: 'answer', args: [{ sessionId: 's1', questionId: 'q1', value: 4, author: 'tester', photoScreenshotId: 'photo-1' }] }]);
  });

  it('refuses an answer with a photo when no screenshot could be taken, and stores nothing', async () => {
    const { controller } = stubController();
    Object.assign(controller, { captureEvidence: async () => null });
    const { layer, calls } = stubLayer();
    const answering = handlersWith(controller, layer)['checklist/answer'](
      { sessionId: 's1', questionId: 'q1', value: 4, author: 'tester', photo: true },
      NO_PAGE,
    );
    await expect(answering).rejects.toMatchObject({ error: { code: 'invalid-state' } });
    expect(calls).toEqual([]);
  });

  it('tells the overlay of a recorded tab what to show: the walk, its stages and where a tag would land', async () => {
    const { controller } = stubController();
    const handlers = handlersWith(controller, stubLayer().layer, stubDb({ 'emotion-labels': ['relieved', 'confused'], annotator: 'observer' }));
    expect(await handlers['overlay/state']({}, PAGE)).toEqual({
      sessionId: 's1',
      title: 'Buy a mug',
      status: 'recording',
      stages: [{ id: 'awareness', name: 'Awareness', order: 0 }],
      currentStageId: 'awareness',
      target: { eventId: 'c9', action: 'Click c9' },
      selected: false,
      emotionLabels: ['frustrated', 'confused', 'anxious', 'neutral', 'reassured', 'satisfied', 'delighted', 'relieved'],
      author: 'observer',
    });
  });

  it('aims the overlay at the step selected in the side panel, and falls back to the tester for a bad setting', async () => {
    const { controller } = stubController();
    const { layer, calls } = stubLayer('c2');
    const state = await handlersWith(controller, layer, stubDb({ annotator: 'someone else', 'emotion-labels': 'not a list' }))['overlay/state']({}, PAGE);
    expect(state).toMatchObject({ target: { eventId: 'c2', action: 'Click c2' }, selected: true, author: 'tester' });
    expect(state?.emotionLabels).toHaveLength(7);
    expect(calls.filter((call) => call.method === 'latestStep')).toEqual([]);
  });

  it('answers null to the overlay of a tab that is not recorded, and refuses a request that is not from a page', async () => {
    const { controller } = stubController();
    Object.assign(controller, { stateForTab: async () => ({ recording: false, sessionId: null, status: null }) });
    const handlers = handlersWith(controller);
    expect(await handlers['overlay/state']({}, PAGE)).toBeNull();
    await expect(handlers['overlay/state']({}, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
  });

  it('opens the note field in the overlay of the tab a subframe asked from', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    expect(await handlers['overlay/open-note']({ noteKind: 'pain' }, PAGE)).toBeNull();
    expect(calls).toEqual([{ method: 'openNoteInOverlay', args: [4, 'pain'] }]);
    await expect(handlers['overlay/open-note']({ noteKind: 'pain' }, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
  });

  it('relays the note frame’s end to the overlay of the tab it is in', async () => {
    const { controller, calls } = stubController();
    const handlers = handlersWith(controller);
    const closed = { noteKind: 'pain', saved: true, landed: 'Click "Buy"' } as const;
    expect(await handlers['overlay/note-closed'](closed, PAGE)).toBeNull();
    expect(calls).toEqual([{ method: 'closeNoteInOverlay', args: [4, closed] }]);
    await expect(handlers['overlay/note-closed'](closed, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
  });

  it('takes a full page for the tab that asked and answers how it went; a subframe’s shortcut goes to its top frame', async () => {
    const { fullPage, calls, answer } = stubFullPage();
    const handlers = handlersWith(stubController().controller, undefined, undefined, undefined, fullPage);
    expect(await handlers['recorder/full-page']({ id: 'fp-1', epochMs: 5 }, PAGE)).toEqual(answer);
    expect(await handlers['overlay/full-page']({}, PAGE)).toBeNull();
    expect(calls).toEqual([
      { method: 'capture', args: [{ id: 'fp-1', epochMs: 5 }, TAB] },
      { method: 'startInTopFrame', args: [4] },
    ]);
  });

  it('refuses full-page requests that do not come from a page', async () => {
    const { fullPage, calls } = stubFullPage();
    const handlers = handlersWith(stubController().controller, undefined, undefined, undefined, fullPage);
    await expect(handlers['recorder/full-page']({ id: 'fp-1', epochMs: 5 }, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
    await expect(handlers['overlay/full-page']({}, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
    expect(calls).toEqual([]);
  });
});

describe('backgroundHandlers: the map edits', () => {
  it('declares the edit and redaction messages', () => {
    const names = protocolNames();
    for (const name of ['map/edit', 'map/undo', 'map/redo', 'redaction/save', 'redaction/clear', 'redaction/destroy-original']) expect(names).toContain(name);
  });

  it('forwards edits, undo and redo to the map editor with their arguments, and answers what it answers', async () => {
    const { controller, calls: controllerCalls } = stubController();
    const { editor, calls } = stubEditor();
    const handlers = handlersWith(controller, stubLayer().layer, stubDb(), editor);
    const request = { id: 'x1', sessionId: 's1', author: 'tester' as const, edit: { kind: 'hide' as const, stepId: 'c1', hidden: true } };
    expect(await handlers['map/edit'](request, NO_PAGE)).toEqual({ method: 'edit' });
    expect(await handlers['map/undo']({ sessionId: 's1' }, NO_PAGE)).toEqual({ method: 'undo' });
    expect(await handlers['map/redo']({ sessionId: 's1' }, NO_PAGE)).toBeNull();
    expect(calls).toEqual([
      { method: 'edit', args: [request] },
      { method: 'undo', args: ['s1'] },
      { method: 'redo', args: ['s1'] },
    ]);
    // The map is the review page's: the overlays of a walk show nothing of it.
    expect(controllerCalls).toEqual([]);
  });

  it('answers an editor refusal as a typed error', async () => {
    const { editor } = stubEditor();
    Object.assign(editor, {
      edit: async () => {
        throw new ProtocolFailure({ code: 'invalid-state', message: 'A step title cannot be empty' });
      },
    });
    const handlers = handlersWith(stubController().controller, stubLayer().layer, stubDb(), editor);
    const request = { id: 'x1', sessionId: 's1', author: 'tester' as const, edit: { kind: 'title' as const, stepId: 'c1', title: ' ' } };
    expect(await dispatch(handlers, envelope('map/edit', request), NO_PAGE)).toEqual({
      ok: false,
      error: { code: 'invalid-state', message: 'A step title cannot be empty' },
    });
  });
});

describe('dispatch', () => {
  type Names = 'session/stop' | 'session/current';
  const context = { who: 'test' };

  function handlers(stop: () => unknown): HandlerMap<Names, typeof context> {
    return {
      'session/stop': stop as HandlerMap<Names, typeof context>['session/stop'],
      'session/current': async (_request, ctx) => ({ session: null, ctx }) as never,
    };
  }

  it('answers a full disk with the storage-full code, so the UI can say so', async () => {
    const full = handlers(async () => {
      throw Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    });
    const answer = await dispatch(full, { parcours: 1, name: 'session/stop', request: {} }, context);
    expect(answer).toMatchObject({ ok: false, error: { code: 'storage-full' } });
  });

  it('ignores messages that are not ours, so other listeners can answer', () => {
    const stop = vi.fn();
    const map = handlers(stop);
    for (const message of [
      null,
      undefined,
      'session/stop',
      42,
      { name: 'session/stop', request: {} },
      { parcours: 2, name: 'session/stop', request: {} },
      { parcours: 1, name: 7, request: {} },
      { parcours: 1, name: 'session/unknown', request: {} },
      { parcours: 1, name: 'tab/state', request: {} },
    ]) {
      expect(dispatch(map, message, context)).toBeUndefined();
    }
    expect(stop).not.toHaveBeenCalled();
  });

  it('ignores names that are only properties inherited by every object', () => {
    const map = handlers(vi.fn());
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(dispatch(map, { parcours: 1, name, request: {} }, context), name).toBeUndefined();
    }
  });

  it('wraps a handler value in { ok: true } and gives the handler the request and the context', async () => {
    const stop = vi.fn(async () => ({ id: 's1', status: 'ended' }));
    const map = handlers(stop);
    expect(await dispatch(map, envelope('session/stop', {}), context)).toEqual({ ok: true, value: { id: 's1', status: 'ended' } });
    expect(stop).toHaveBeenCalledWith({}, context);
    expect(await dispatch(map, envelope('session/current', {}), context)).toEqual({ ok: true, value: { session: null, ctx: context } });
  });

  it('accepts handlers that answer synchronously', async () => {
    expect(
      await dispatch(
        handlers(() => 'now'),
        envelope('session/stop', {}),
        context,
      ),
    ).toEqual({ ok: true, value: 'now' });
  });

  it('wraps a ProtocolFailure in { ok: false } with its code, message and reason', async () => {
    const failure = new ProtocolFailure({ code: 'unrecordable', reason: 'unrecordableStore', message: 'Store pages cannot be recorded' });
    const result = await dispatch(
      handlers(async () => {
        throw failure;
      }),
      envelope('session/stop', {}),
      context,
    );
    expect(result).toEqual({ ok: false, error: { code: 'unrecordable', reason: 'unrecordableStore', message: 'Store pages cannot be recorded' } });
  });

  it('wraps any other error as code internal, thrown synchronously or not, Error or not', async () => {
    const asyncError = await dispatch(
      handlers(async () => {
        throw new TypeError('x is undefined');
      }),
      envelope('session/stop', {}),
      context,
    );
    expect(asyncError).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
    const syncThrow = await dispatch(
      handlers(() => {
        throw 'plain string';
      }),
      envelope('session/stop', {}),
      context,
    );
    expect(syncThrow).toEqual({ ok: false, error: { code: 'internal', message: 'plain string' } });
  });
});
