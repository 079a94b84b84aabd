import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { envelope, ProtocolFailure } from '@/lib/messaging/protocol';
import { dispatch, type HandlerMap } from '@/lib/messaging/serve';
import type { SessionController } from '@/lib/recorder/controller';
import { backgroundHandlers, type MessageContext } from '@/lib/recorder/handlers';

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
    recordPageEvent: record('recordPageEvent', { seq: 3, duplicate: false }),
    requestScreenshot: record('requestScreenshot', 'stored'),
    current: record('current', null),
    start: record('start'),
    pause: record('pause'),
    resume: record('resume'),
    stop: record('stop'),
    continueInterrupted: record('continueInterrupted'),
    finishInterrupted: record('finishInterrupted'),
  };
  return { controller: controller as unknown as SessionController, calls };
}

const PAGE: MessageContext = { sender: { tabId: 4, frameId: 2, tabTitle: 'Cart', tabUrl: 'https://shop.example/cart' } };
const NO_PAGE: MessageContext = { sender: null };

describe('backgroundHandlers', () => {
  it('finds the protocol messages in protocol.ts (the test reads the right thing)', () => {
    const names = protocolNames();
    expect(names).toContain('recorder/hello');
    expect(names).toContain('session/start');
    expect(names).toContain('tab/state');
    expect(new Set(names).size).toBe(names.length);
  });

  it('has one handler for every background message of the protocol, and none for tab messages', () => {
    const expected = protocolNames()
      .filter((name) => !name.startsWith('tab/'))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const handled = Object.keys(backgroundHandlers(stubController().controller)).sort();
    expect(handled).toEqual(expected);
  });

  it('forwards each session message to the controller with its arguments', async () => {
    const { controller, calls } = stubController();
    const handlers = backgroundHandlers(controller);
    const setup = { title: 'Walk', persona: '', scenario: '', goal: '' };
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
    const handlers = backgroundHandlers(controller);
    expect(await handlers['recorder/hello']({ top: true }, PAGE)).toEqual({
      recording: true,
      sessionId: 's1',
      status: 'recording',
      sender: { tabId: 4, frameId: 2 },
    });
    expect(calls[0]).toEqual({ method: 'stateForTab', args: [4] });
    expect(await handlers['recorder/hello']({ top: true }, NO_PAGE)).toMatchObject({ sender: null });
    expect(calls[1]).toEqual({ method: 'stateForTab', args: [null] });
  });

  it('passes page events and screenshot requests on with their sender, and wraps the screenshot outcome', async () => {
    const { controller, calls } = stubController();
    const handlers = backgroundHandlers(controller);
    const event = { id: 'e1', kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' } as const;
    expect(await handlers['recorder/event']({ event }, PAGE)).toEqual({ seq: 3, duplicate: false });
    const request = { eventId: 'e1', point: null, epochMs: 1, priority: 'click' } as const;
    expect(await handlers['recorder/screenshot'](request, PAGE)).toEqual({ outcome: 'stored' });
    expect(calls).toEqual([
      { method: 'recordPageEvent', args: [event, PAGE.sender] },
      { method: 'requestScreenshot', args: [request, PAGE.sender] },
    ]);
  });

  it('refuses page messages without a sender tab, and events of kinds a page may not send', async () => {
    const { controller, calls } = stubController();
    const handlers = backgroundHandlers(controller);
    const event = { id: 'e1', kind: 'visibility', epochMs: 1, frameUrl: 'https://shop.example/', state: 'hidden' } as const;
    await expect(handlers['recorder/event']({ event }, NO_PAGE)).rejects.toMatchObject({ error: { code: 'no-tab' } });
    await expect(handlers['recorder/screenshot']({ eventId: 'e1', point: null, epochMs: 1, priority: 'click' }, NO_PAGE)).rejects.toBeInstanceOf(
      ProtocolFailure,
    );
    const forged = { ...event, kind: 'session-stop' } as unknown as typeof event;
    await expect(handlers['recorder/event']({ event: forged }, PAGE)).rejects.toMatchObject({ error: { code: 'internal' } });
    expect(calls).toEqual([]);
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
