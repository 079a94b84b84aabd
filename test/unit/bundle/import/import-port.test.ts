import { describe, expect, it } from 'vitest';
import { IMPORT_PORT, type ImportPortReply } from '@/lib/messaging/protocol';
import { type ImportPort, serveImportPort } from '@/lib/recorder/import-port';

const EXTENSION = { id: 'ext', baseUrl: 'chrome-extension://ext/' };

/** A runtime.Port as the browser hands it to the background, driven by the test. */
function fakePort(sender: ImportPort['sender'], name = IMPORT_PORT) {
  const posted: ImportPortReply[] = [];
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  let disconnected = false;
  const port: ImportPort = {
    name,
    sender,
    postMessage: (message) => posted.push(message),
    disconnect: () => {
      disconnected = true;
    },
    onMessage: { addListener: (listener) => onMessage.push(listener) },
    onDisconnect: { addListener: (listener) => onDisconnect.push(listener) },
  };
  return {
    port,
    posted,
    send: (message: unknown) => {
      for (const listener of onMessage) listener(message);
    },
    goAway: () => {
      for (const listener of onDisconnect) listener();
    },
    disconnected: () => disconnected,
  };
}

const PAGE = { id: 'ext', origin: 'chrome-extension://ext', url: 'chrome-extension://ext/sessions.html' };

describe('the import port', () => {
  it('leaves other ports to other listeners', () => {
    const { port } = fakePort(PAGE, 'something-else');
    expect(serveImportPort(port, { run: async () => ({ ok: true, sessionId: 's', title: 't' }) }, EXTENSION)).toBe(false);
  });

  it('refuses a content script: the port is closed and nothing runs', () => {
    let runs = 0;
    const fake = fakePort({ id: 'ext', origin: 'https://shop.example', url: 'https://shop.example/', tab: { id: 3 }, frameId: 0 });
    serveImportPort(
      fake.port,
      {
        run: async () => {
          runs++;
          return { ok: true, sessionId: 's', title: 't' };
        },
      },
      EXTENSION,
    );
    expect(fake.disconnected()).toBe(true);
    fake.send({ type: 'start', url: 'blob:chrome-extension://ext/1', fileName: 'a.zip' });
    expect(runs).toBe(0);
  });

  it('runs one import of an object URL of the extension, reports it, and aborts it when the page cancels or goes away', async () => {
    const signals: AbortSignal[] = [];
    const fake = fakePort(PAGE);
    serveImportPort(
      fake.port,
      {
        run: async (request, report, signal) => {
          signals.push(signal);
          report({ type: 'progress', phase: 'check', done: 1, total: 2 });
          return { ok: true, sessionId: 's', title: request.fileName };
        },
      },
      EXTENSION,
    );
    fake.send({ type: 'start', url: 'blob:chrome-extension://ext/1', fileName: 'a.zip' });
    fake.send({ type: 'start', url: 'blob:chrome-extension://ext/2', fileName: 'b.zip' });
    await expect.poll(() => fake.posted.length).toBe(2);
    expect(fake.posted).toEqual([
      { type: 'progress', phase: 'check', done: 1, total: 2 },
      { type: 'done', outcome: { ok: true, sessionId: 's', title: 'a.zip' } },
    ]);
    expect(signals).toHaveLength(1);
    fake.send({ type: 'cancel' });
    expect(signals[0]?.aborted).toBe(true);
  });

  it('refuses a URL that is not an object URL of the extension, and a request of the wrong shape', async () => {
    let runs = 0;
    const fake = fakePort(PAGE);
    serveImportPort(
      fake.port,
      {
        run: async () => {
          runs++;
          return { ok: true, sessionId: 's', title: 't' };
        },
      },
      EXTENSION,
    );
    fake.send({ type: 'start', url: 42, fileName: 'a.zip' });
    expect(fake.posted).toEqual([]);
    fake.send({ type: 'start', url: 'https://evil.example/bundle.zip', fileName: 'a.zip' });
    expect(fake.posted).toEqual([{ type: 'done', outcome: { ok: false, problem: { code: 'failed', detail: 'not an object URL of this extension' } } }]);
    expect(runs).toBe(0);
    fake.goAway();
  });
});
