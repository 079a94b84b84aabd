// Watches every request of every target of a Chromium: pages, their frames (out-of-process ones included),
// workers, the extension's service worker and its offscreen document. Playwright reports pages, frames and
// service workers, but not an offscreen document (a `background_page` target it leaves alone), so this talks
// to the browser's DevTools itself, through a second endpoint (`--remote-debugging-port=0`) next to
// Playwright's pipe: auto-attach to every target, flat sessions, each one paused at its start until its
// Network domain is on, so not even a worker's first request is missed.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';

/** The switch that opens the endpoint; Chromium writes its port to DevToolsActivePort in the profile. */
export const DEVTOOLS_PORT_SWITCH = '--remote-debugging-port=0';

export interface WatchedTarget {
  sessionId: string;
  targetId: string;
  type: string;
  url: string;
}

export interface WatchedRequest {
  url: string;
  /** `request` for fetches, documents, subresources, beacons; `websocket` and `webtransport` for those. */
  kind: 'request' | 'websocket' | 'webtransport';
  resourceType: string | null;
  target: { type: string; url: string };
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/**
 * A WebSocket client just sufficient for DevTools (RFC 6455: masked text frames out, unmasked frames in,
 * continuations, ping): Node 20 has none built in, and the project needs no library for it.
 */
class DevToolsSocket {
  private buffer: Buffer;
  private fragments: Buffer[] = [];
  onMessage: (text: string) => void = () => undefined;

  static connect(url: string): Promise<DevToolsSocket> {
    const { hostname, port, pathname } = new URL(url);
    return new Promise((resolve, reject) => {
      const request = http.request({
        host: hostname,
        port,
        path: pathname,
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
      });
      request.on('upgrade', (_response, socket, head) => resolve(new DevToolsSocket(socket, head)));
      request.on('response', (response) => reject(new Error(`DevTools refused the WebSocket: HTTP ${response.statusCode}`)));
      request.on('error', reject);
      request.end();
    });
  }

  private constructor(
    private readonly socket: Socket,
    head: Buffer,
  ) {
    this.buffer = head;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.read();
    });
    socket.on('error', () => undefined);
    this.read();
  }

  private read(): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      const first = this.buffer[0] as number;
      const second = this.buffer[1] as number;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const mask = second & 0x80 ? 4 : 0;
      if (this.buffer.length < offset + mask + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset + mask, offset + mask + length));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (this.buffer[offset + (i % 4)] as number);
      this.buffer = this.buffer.subarray(offset + mask + length);
      const opcode = first & 0x0f;
      if (opcode === 0x8) {
        this.socket.end();
        return;
      }
      if (opcode === 0x9) this.write(0xa, payload);
      else if (opcode === 0x0 || opcode === 0x1) {
        this.fragments.push(payload);
        if (first & 0x80) {
          const text = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.onMessage(text);
        }
      }
    }
  }

  send(text: string): void {
    this.write(0x1, Buffer.from(text, 'utf8'));
  }

  private write(opcode: number, payload: Buffer): void {
    const size = payload.length;
    const header = Buffer.alloc(size < 126 ? 2 : size < 65_536 ? 4 : 10);
    header[0] = 0x80 | opcode;
    if (size < 126) header[1] = 0x80 | size;
    else if (size < 65_536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(size, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(size), 2);
    }
    const mask = randomBytes(4);
    const masked = Buffer.alloc(size);
    for (let i = 0; i < size; i++) masked[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  close(): void {
    this.socket.destroy();
  }
}

const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };

export class NetworkWatcher {
  /** Every request seen since the watcher attached, in the order the browser reported them. */
  readonly requests: WatchedRequest[] = [];
  /** Every target attached, by session (kept after they go, to say where a request came from). */
  readonly targets = new Map<string, WatchedTarget>();
  private readonly gone = new Set<string>();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: DevToolsSocket) {
    socket.onMessage = (text) => this.receive(JSON.parse(text) as CdpMessage);
  }

  /** Attaches to the browser whose profile is `profileDir` (launched with DEVTOOLS_PORT_SWITCH). */
  static async attach(profileDir: string): Promise<NetworkWatcher> {
    const file = path.join(profileDir, 'DevToolsActivePort');
    const deadline = Date.now() + 10_000;
    while (!existsSync(file) || readFileSync(file, 'utf8').split('\n').length < 2) {
      if (Date.now() > deadline) throw new Error(`No DevTools endpoint: ${file} never appeared`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [port, browserPath] = readFileSync(file, 'utf8').split('\n');
    const watcher = new NetworkWatcher(await DevToolsSocket.connect(`ws://127.0.0.1:${port}${browserPath}`));
    await watcher.send('Target.setDiscoverTargets', { discover: true });
    // Existing targets are attached too, each answered by Target.attachedToTarget.
    await watcher.send('Target.setAutoAttach', AUTO_ATTACH);
    return watcher;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Runs `expression` (awaited) in a target, as the controls of the watcher do. */
  async evaluate(sessionId: string, expression: string): Promise<unknown> {
    const answer = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    return (answer.result as { value?: unknown } | undefined)?.value;
  }

  /** The live targets of a type (`service_worker`, `page`, `background_page` for an offscreen document, ...). */
  live(type: string): WatchedTarget[] {
    return [...this.targets.values()].filter((target) => target.type === type && !this.gone.has(target.sessionId));
  }

  private receive(message: CdpMessage): void {
    if (message.id != null) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result ?? {});
      return;
    }
    const params = message.params ?? {};
    const from = message.sessionId ? this.targets.get(message.sessionId) : undefined;
    const target = { type: from?.type ?? 'browser', url: from?.url ?? '' };
    switch (message.method) {
      case 'Target.attachedToTarget':
        void this.watch(params.sessionId as string, params.targetInfo as { targetId: string; type: string; url: string });
        break;
      case 'Inspector.targetReloadedAfterCrash':
        // A stopped worker started again keeps its target and session, and starts paused for its attached
        // clients, this one included: let it go on, as Playwright does, else it may wait for this client.
        if (message.sessionId) void this.send('Runtime.runIfWaitingForDebugger', {}, message.sessionId).catch(() => undefined);
        break;
      case 'Target.detachedFromTarget':
        this.gone.add(params.sessionId as string);
        break;
      case 'Target.targetInfoChanged': {
        // An offscreen document is attached as `other` and becomes a `background_page` once it is set up.
        const info = params.targetInfo as { targetId: string; type: string; url: string };
        for (const known of this.targets.values()) {
          if (known.targetId !== info.targetId) continue;
          known.url = info.url;
          known.type = info.type;
        }
        break;
      }
      case 'Network.requestWillBeSent': {
        const request = params.request as { url: string };
        this.requests.push({ url: request.url, kind: 'request', resourceType: (params.type as string | undefined) ?? null, target });
        break;
      }
      case 'Network.webSocketCreated':
        this.requests.push({ url: params.url as string, kind: 'websocket', resourceType: null, target });
        break;
      case 'Network.webTransportCreated':
        this.requests.push({ url: params.url as string, kind: 'webtransport', resourceType: null, target });
        break;
    }
  }

  /** A new target: its network watched and its own children attached, then let go. */
  private async watch(sessionId: string, info: { targetId: string; type: string; url: string }): Promise<void> {
    this.targets.set(sessionId, { sessionId, targetId: info.targetId, type: info.type, url: info.url });
    // Each is sent at once, in order: the target handles them in that order before it runs.
    const steps = [
      this.send('Network.enable', {}, sessionId),
      // Out-of-process iframes and dedicated workers are the page's children (a worker may refuse: nothing to attach).
      this.send('Target.setAutoAttach', AUTO_ATTACH, sessionId),
      this.send('Runtime.runIfWaitingForDebugger', {}, sessionId),
    ];
    await Promise.allSettled(steps);
  }

  close(): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error('The watcher closed'));
    this.pending.clear();
    this.socket.close();
  }
}
