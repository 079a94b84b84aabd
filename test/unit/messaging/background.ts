import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { type BackgroundMessageName, envelope, type RecorderState, type RequestOf, type Result } from '@/lib/messaging/protocol';
import { classifySender, type RuntimeSender } from '@/lib/messaging/senders';
import { dispatch } from '@/lib/messaging/serve';
import { backgroundChecks } from '@/lib/recorder/access';
import { SessionController } from '@/lib/recorder/controller';
import { backgroundHandlers } from '@/lib/recorder/handlers';
import { Library } from '@/lib/recorder/library';
import { MapEditor } from '@/lib/recorder/map-edits';
import type { BrowserPorts, TabInfo } from '@/lib/recorder/ports';
import { TesterLayer } from '@/lib/recorder/tester-layer';
import { ParcoursDatabase } from '@/lib/store/db';
import type { SessionRecord, TemplateRecord } from '@/lib/store/records';

/** A minimal baseline JPEG of that size (SOI, SOF0, EOI): enough for the store to read its size. */
export function jpegBytes(width: number, height: number): Uint8Array {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
  return new Uint8Array([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}

export function jpegDataUrl(width: number, height: number): string {
  return `data:image/jpeg;base64,${Buffer.from(jpegBytes(width, height)).toString('base64')}`;
}

export const EXTENSION = { id: 'parcours-test-id', baseUrl: 'chrome-extension://parcours-test-id/' };

/** The senders of the protocol tests, as the browser would describe them (runtime.MessageSender). */
export const SENDERS = {
  /** The content script of the walk's tab (tab 1), in a subframe. */
  walkTab: {
    id: EXTENSION.id,
    origin: 'https://shop.example',
    url: 'https://shop.example/cart',
    frameId: 3,
    tab: { id: 1, title: 'Cart', url: 'https://shop.example/cart' },
  },
  /** The content script of a tab that is not part of the walk. */
  foreignTab: {
    id: EXTENSION.id,
    origin: 'https://elsewhere.example',
    url: 'https://elsewhere.example/',
    frameId: 0,
    tab: { id: 2, title: 'Elsewhere', url: 'https://elsewhere.example/' },
  },
  /** The sessions page, opened in a tab of its own (it has a tab, and is an extension page all the same). */
  extensionPage: {
    id: EXTENSION.id,
    origin: 'chrome-extension://parcours-test-id',
    url: 'chrome-extension://parcours-test-id/sessions.html',
    frameId: 0,
    tab: { id: 7 },
  },
} satisfies Record<string, RuntimeSender>;

export type SenderName = keyof typeof SENDERS;

/** The browser as the background sees it in these tests: tabs 1, 2 and 3, each one captured as a small JPEG. */
class FakePorts implements BrowserPorts {
  time = Date.UTC(2026, 2, 14, 9, 30, 0);
  private ids = 0;
  readonly tabs = new Map<number, TabInfo>(
    [1, 2, 3].map((id) => [
      id,
      { id, windowId: id, openerTabId: null, url: `https://shop.example/${id}`, title: 'Shop', active: true, width: 1280, height: 720 },
    ]),
  );
  async getTab(tabId: number) {
    const tab = this.tabs.get(tabId);
    return tab ? { ...tab } : null;
  }
  async captureVisibleTab() {
    return jpegDataUrl(1280, 720);
  }
  async frames() {
    return [];
  }
  async describeChildFrames() {
    return [];
  }
  async broadcastState(_tabId: number, _state: RecorderState) {}
  async ensureContentScript() {}
  async showStatus() {}
  async startTabStream() {
    return { ok: false as const, reason: 'Extension has not been invoked for the current page' };
  }
  async stopTabStream() {}
  async resizeTabStream() {}
  async holdStreamFrame() {
    return false;
  }
  async composeStreamFrame() {
    return null;
  }
  async hideOverlay() {
    return null;
  }
  async showOverlay() {}
  async refreshOverlay() {}
  async openNoteInOverlay() {}
  async closeNoteInOverlay() {}
  async broadcastAlwaysBlur() {}
  // Every frame answers that nothing on it is private: the matrix is about who may send what, not pixels.
  async privateBoxes(_tabId: number, frameId: number) {
    return frameId === 0 ? { viewport: { width: 1280, height: 720 }, boxes: [], slots: [], tookMs: 1 } : null;
  }
  async obscureImage(image: Blob) {
    return image;
  }
  private echoStore: unknown;
  echoMemory = {
    read: async () => this.echoStore,
    write: async (value: unknown) => {
      this.echoStore = value;
    },
  };
  /** What the worker keeps in storage.session about a walk paused for a full disk. */
  storageFullStore: unknown = undefined;
  storageFullMemory = {
    read: async () => this.storageFullStore,
    write: async (value: unknown) => {
      this.storageFullStore = value ?? undefined;
    },
  };
  async outboxEntries() {
    return [];
  }
  async forgetOutboxEntry() {}
  async shotEntries() {
    return [];
  }
  async keepShotEntry() {}
  async keepOutboxEntries() {}
  async forgetShotEntry() {}
  async orphanEntries() {
    return [];
  }
  async forgetOrphanEntry() {}
  async noteDocumentOwner() {}
  async documentOwners() {
    return [];
  }
  async forgetDocumentOwner() {}
  async browserInfo() {
    return { name: 'Chrome', version: '156.0.0.0' };
  }
  now() {
    this.time += 1;
    return this.time;
  }
  async sleep(ms: number) {
    this.time += ms;
    await new Promise((resolve) => setImmediate(resolve));
  }
  randomId() {
    this.ids += 1;
    return `id-${this.ids}`;
  }
}

let count = 0;

/**
 * The background as entrypoints/background.ts wires it (handlers, checks, senders classified), on a fresh
 * database with two walks: W, recording in tab 1, and X, ended, each with a step, an annotation, a
 * screenshot with its redaction; and one template.
 */
export async function backgroundWithTwoWalks() {
  count += 1;
  const db = new ParcoursDatabase(`protocol-test-${count}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  const ports = new FakePorts();
  const controller = new SessionController(db, ports);
  const layer = new TesterLayer(db, ports);
  const editor = new MapEditor(db, ports);
  const fullPageCalls: unknown[] = [];
  const fullPage = {
    capture: async (...args: unknown[]) => {
      fullPageCalls.push(args);
      return { outcome: 'stored' as const, step: null, viewports: 1, pageHeight: 720, coveredHeight: 720, truncated: false, missingReason: null };
    },
    startInTopFrame: async (...args: unknown[]) => {
      fullPageCalls.push(args);
      return null;
    },
  };
  const handlers = backgroundHandlers(controller, layer, db, editor, fullPage, new Library(db, ports));
  const checks = backgroundChecks(db);
  const send = <N extends BackgroundMessageName>(name: N, request: RequestOf<N>, sender: RuntimeSender): Promise<Result<unknown>> => {
    const answer = dispatch(handlers, envelope(name, request), { sender: classifySender(sender, EXTENSION) }, checks);
    if (!answer) throw new Error(`${name} was not answered`);
    return answer;
  };

  const setup = { title: 'Earlier walk', persona: { name: 'Jo', description: '' }, scenario: '', goal: '' };
  // X: a walk of tab 3, ended, with a click, a note, a screenshot and its redaction.
  const earlier = await controller.start(3, setup);
  await controller.settleScreenshots();
  const visible = (id: string) => ({
    id,
    kind: 'visibility' as const,
    epochMs: ports.now(),
    frameUrl: 'https://shop.example/',
    state: 'visible' as const,
  });
  const tab3 = { tabId: 3, frameId: 0, tabTitle: 'Shop', tabUrl: 'https://shop.example/3' };
  await controller.recordPageEvent(visible('x-event'), tab3);
  await layer.annotate({ id: 'x-note', author: 'tester', payload: { kind: 'note', data: { noteKind: 'pain', text: 'Shipping shown late' } } });
  await controller.stop();
  const xShot = await db.screenshots.where('sessionId').equals(earlier.id).first();
  if (!xShot) throw new Error('walk X has no screenshot');
  await editor.redact({
    sessionId: earlier.id,
    screenshotId: xShot.id,
    boxes: [{ x: 0, y: 0, width: 10, height: 10 }],
    redactedBlob: new Blob([jpegBytes(1280, 720) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
  });
  // W: the walk being recorded, in tab 1, with a step and an emotion.
  const walk = await controller.start(1, { ...setup, title: 'Buy a mug' });
  await controller.settleScreenshots();
  const tab1 = { tabId: 1, frameId: 0, tabTitle: 'Shop', tabUrl: 'https://shop.example/1' };
  await controller.recordPageEvent(visible('w-event'), tab1);
  await layer.annotate({ id: 'w-emotion', author: 'tester', payload: { kind: 'emotion', data: { valence: -1, label: null } } });
  const wShot = await db.screenshots.where('sessionId').equals(walk.id).first();
  if (!wShot) throw new Error('walk W has no screenshot');
  const { title: _title, ...templateSetup } = { ...setup, segment: '', expectations: '', stages: walk.stages };
  const template: TemplateRecord = { id: 'tpl-1', kind: 'setup', name: 'Gift buyer', updatedAt: '2026-03-01T10:00:00.000Z', setup: templateSetup };
  await db.templates.put(template);

  /** Every table, as a comparable value (Blobs by size and type). */
  const snapshot = async () => {
    const tables = await Promise.all(db.tables.map(async (table) => [table.name, await table.toArray()] as const));
    return JSON.parse(JSON.stringify(Object.fromEntries(tables), (_key, value) => (value instanceof Blob ? `blob:${value.type}:${value.size}` : value)));
  };
  const close = async () => {
    await controller.settleScreenshots();
    db.close();
    await Dexie.delete(db.name);
  };
  return {
    db,
    send,
    snapshot,
    close,
    fullPageCalls,
    walk: (await db.sessions.get(walk.id)) as SessionRecord,
    earlier: (await db.sessions.get(earlier.id)) as SessionRecord,
    walkScreenshotId: wShot.id,
    earlierScreenshotId: xShot.id,
    now: () => ports.now(),
  };
}

export type Background = Awaited<ReturnType<typeof backgroundWithTwoWalks>>;
