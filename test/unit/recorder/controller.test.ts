import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NoteKind } from '@/lib/annotations/types';
import type { CapturedEvent, EventKind, EventOf, PageEventDraft, Rect } from '@/lib/capture/events';
import { maskUrl } from '@/lib/capture/masking';
import { currentLocale, setLocale } from '@/lib/i18n';
import { defaultStages } from '@/lib/journey/stages';
import { type ChildFrameInfo, type NoteClosed, ProtocolFailure, type RecorderState } from '@/lib/messaging/protocol';
import type { DocumentOwner, OrphanEntry, OutboxEntry, ShotEntry } from '@/lib/page-recorder/outbox-entry';
import { typedValueHashes } from '@/lib/privacy/echoes';
import type { PrivateBoxes, PrivateBoxesRequest } from '@/lib/privacy/private-boxes';
import {
  DOCUMENT_OWNER_KEPT_MS,
  type EventSender,
  ORPHAN_UNPLACED_MS,
  SessionController,
  screenshotEventId,
  ViewportFrameRefused,
} from '@/lib/recorder/controller';
import type { FrameNode } from '@/lib/recorder/frame-path';
import type { BrowserPorts, TabInfo } from '@/lib/recorder/ports';
import { ParcoursDatabase } from '@/lib/store/db';
import { isQuotaError } from '@/lib/store/errors';
import { sessionEvents } from '@/lib/store/events';
import type { SessionRecord, SessionSetup, SessionStatus } from '@/lib/store/records';
import { MASKING_DEFAULT } from '@/lib/store/settings';
import { target } from '../fixtures/events';

const T0 = Date.UTC(2026, 2, 14, 9, 30, 0);
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** A minimal baseline JPEG: SOI, APP0 (JFIF), SOF0 with the frame size, EOI. */
function jpegBytes(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    0xff,
    0xd9,
  ]);
}

function jpegDataUrl(width: number, height: number): string {
  return `data:image/jpeg;base64,${Buffer.from(jpegBytes(width, height)).toString('base64')}`;
}

const SHOT = jpegBytes(1280, 720);

/** The browser as the controller sees it, every part under the test's control. */
class FakeBrowser implements BrowserPorts {
  /** What the worker keeps in storage.session (the walk's echoes). */
  echoStore: unknown = undefined;
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
  time = T0;
  readonly tabs = new Map<number, TabInfo>();
  readonly frameTrees = new Map<number, FrameNode[]>();
  /** The iframes a frame's content script reports, by `${tabId}:${frameId}`. */
  readonly childFrames = new Map<string, ChildFrameInfo[]>();
  readonly captureCalls: { windowId: number; at: number }[] = [];
  capture: (windowId: number) => Promise<string> = async () => jpegDataUrl(1280, 720);
  readonly broadcasts: { tabId: number; state: RecorderState }[] = [];
  readonly statuses: (SessionStatus | null)[] = [];
  readonly injected: number[] = [];
  readonly outbox = new Map<string, OutboxEntry>();
  /** Screenshot requests pages left behind, by event id. */
  readonly shots = new Map<string, ShotEntry>();
  readonly forgotten: string[] = [];
  /** What the in-page overlay was told, in order, with the captures in between (`capture:<windowId>`). */
  readonly overlay: string[] = [];
  /** The overlay's answer to hide: true once the page was painted without it, false when there is none. */
  hideAnswer: (tabId: number) => Promise<boolean> = async () => true;
  /** Tabs whose video stream plays, and what each stream shows (a JPEG of that size, its delay). */
  readonly streams = new Map<number, { width: number; height: number; delayMs: number }>();
  /** Why a tab's stream cannot start (null: it starts). */
  streamRefusal: string | null = 'Extension has not been invoked for the current page (see activeTab permission).';
  readonly streamCalls: string[] = [];
  /**
   * What each frame says must not be readable, by `${tabId}:${frameId}` (a top frame not listed says nothing
   * is, in a 1280×720 viewport); null: the frame gives no answer in time.
   */
  readonly privateAnswers = new Map<string, PrivateBoxes | null>();
  readonly privateRequests: { tabId: number; frameId: number; request: PrivateBoxesRequest }[] = [];
  /** The boxes covered in each image before it was stored (captureVisibleTab and stream frames alike). */
  readonly covered: Rect[][] = [];
  private ids = 0;

  openTab(id: number, overrides: Partial<TabInfo> = {}): TabInfo {
    const tab: TabInfo = {
      id,
      windowId: 1,
      openerTabId: null,
      url: 'https://shop.example/',
      title: 'Mug shop',
      active: true,
      width: 1280,
      height: 720,
      ...overrides,
    };
    this.tabs.set(id, tab);
    return tab;
  }

  async getTab(tabId: number) {
    const tab = this.tabs.get(tabId);
    return tab ? { ...tab } : null;
  }
  async captureVisibleTab(windowId: number) {
    this.captureCalls.push({ windowId, at: this.time });
    this.overlay.push(`capture:${windowId}`);
    return this.capture(windowId);
  }
  async frames(tabId: number) {
    return this.frameTrees.get(tabId) ?? [];
  }
  async describeChildFrames(tabId: number, frameId: number) {
    const children = this.childFrames.get(`${tabId}:${frameId}`);
    if (!children) throw new Error('Could not establish connection. Receiving end does not exist.');
    return children;
  }
  async broadcastState(tabId: number, state: RecorderState) {
    this.broadcasts.push({ tabId, state });
  }
  readonly alwaysBlurBroadcasts: { tabId: number; alwaysBlur: Record<string, string[]> }[] = [];
  async broadcastAlwaysBlur(tabId: number, alwaysBlur: Record<string, string[]>) {
    this.alwaysBlurBroadcasts.push({ tabId, alwaysBlur });
  }
  /** Tabs the recorder cannot be put into (a browser page, a tab being closed). */
  readonly uninjectable = new Set<number>();
  async ensureContentScript(tabId: number) {
    if (this.uninjectable.has(tabId)) throw new Error('Cannot access contents of the page');
    this.injected.push(tabId);
  }
  async showStatus(status: SessionStatus | null) {
    this.statuses.push(status);
  }
  async hideOverlay(tabId: number) {
    this.overlay.push(`hide:${tabId}`);
    return (await this.hideAnswer(tabId)) ? { rect: { x: 960, y: 520, width: 300, height: 180 }, viewportWidth: 1280, hiddenAtEpochMs: this.time } : null;
  }
  async startTabStream(tabId: number, size: { width: number; height: number }) {
    this.streamCalls.push(`start:${tabId}`);
    if (this.streamRefusal) return { ok: false as const, reason: this.streamRefusal };
    this.streams.set(tabId, { ...size, delayMs: 0 });
    return { ok: true as const };
  }
  async resizeTabStream(tabId: number, size: { width: number; height: number }) {
    const stream = this.streams.get(tabId);
    if (!stream) return;
    this.streamCalls.push(`resize:${tabId}:${size.width}x${size.height}`);
    Object.assign(stream, size);
  }
  async stopTabStream(tabId: number) {
    this.streamCalls.push(`stop:${tabId}`);
    this.streams.delete(tabId);
  }
  private readonly held = new Map<string, number>();
  async holdStreamFrame(tabId: number, requestId: string, atEpochMs: number) {
    if (!this.streams.has(tabId)) return false;
    this.streamCalls.push(`hold:${tabId}`);
    this.held.set(requestId, atEpochMs);
    return true;
  }
  async composeStreamFrame(tabId: number, requestId: string, cover: { rect: unknown } | null, hide: (width: number, height: number) => Rect[]) {
    const stream = this.streams.get(tabId);
    const at = this.held.get(requestId);
    this.held.delete(requestId);
    if (!stream || at == null) return null;
    this.streamCalls.push(`compose:${tabId}:${cover ? 'cover' : 'bare'}`);
    const boxes = hide(stream.width, stream.height);
    if (boxes.length > 0) this.covered.push(boxes);
    const blob = new Blob([jpegBytes(stream.width, stream.height) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
    return { blob, width: stream.width, height: stream.height, delayMs: stream.delayMs, frameEpochMs: at + stream.delayMs, boxes: boxes.length, obscureMs: 0 };
  }
  async privateBoxes(tabId: number, frameId: number, request: PrivateBoxesRequest) {
    this.privateRequests.push({ tabId, frameId, request });
    const key = `${tabId}:${frameId}`;
    if (this.privateAnswers.has(key)) return this.privateAnswers.get(key) ?? null;
    return frameId === 0 ? { viewport: { width: 1280, height: 720 }, boxes: [], slots: [], tookMs: 1 } : null;
  }
  async obscureImage(image: Blob, rects: readonly Rect[]) {
    this.covered.push([...rects]);
    return new Blob([await image.arrayBuffer()], { type: image.type });
  }
  async showOverlay(tabId: number) {
    this.overlay.push(`show:${tabId}`);
  }
  async refreshOverlay(tabId: number) {
    this.overlay.push(`refresh:${tabId}`);
  }
  async openNoteInOverlay(tabId: number, noteKind: NoteKind) {
    this.overlay.push(`open-note:${tabId}:${noteKind}`);
  }
  async closeNoteInOverlay(tabId: number, closed: NoteClosed) {
    this.overlay.push(`note-closed:${tabId}:${closed.noteKind}:${closed.saved}`);
  }
  async outboxEntries() {
    return [...this.outbox.values()];
  }
  async forgetOutboxEntry(eventId: string) {
    this.forgotten.push(eventId);
    this.outbox.delete(eventId);
  }
  async keepOutboxEntries(entries: readonly OutboxEntry[]) {
    for (const entry of entries) this.outbox.set(entry.event.id, entry);
  }
  async shotEntries() {
    return [...this.shots.values()];
  }
  async keepShotEntry(entry: ShotEntry) {
    this.shots.set(entry.eventId, entry);
  }
  async forgetShotEntry(eventId: string) {
    this.shots.delete(eventId);
  }
  readonly orphans = new Map<string, OrphanEntry>();
  readonly owners = new Map<string, DocumentOwner>();
  async orphanEntries() {
    return [...this.orphans.values()];
  }
  async forgetOrphanEntry(documentId: string) {
    this.orphans.delete(documentId);
  }
  async noteDocumentOwner(owner: DocumentOwner) {
    this.owners.set(owner.documentId, owner);
  }
  async documentOwners() {
    return [...this.owners.values()];
  }
  async forgetDocumentOwner(documentId: string) {
    this.owners.delete(documentId);
  }
  async browserInfo() {
    return { name: 'Chrome', version: '140.0.7339.0' };
  }
  now() {
    return this.time;
  }
  /** Time passes by `ms`, and other work (IndexedDB) gets a turn. */
  async sleep(ms: number) {
    this.time += ms;
    await new Promise((resolve) => setImmediate(resolve));
  }
  randomId() {
    this.ids += 1;
    return `id-${this.ids}`;
  }
}

const SETUP: SessionSetup = {
  title: 'Buy a mug',
  persona: { name: 'Sandrine', description: 'Busy team lead' },
  scenario: 'A gift by Friday',
  goal: 'Order and pay',
};

let db: ParcoursDatabase;
let ports: FakeBrowser;
let controller: SessionController;
let databaseCount = 0;

beforeEach(async () => {
  databaseCount += 1;
  db = new ParcoursDatabase(`controller-test-${databaseCount}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  ports = new FakeBrowser();
  controller = new SessionController(db, ports);
});

afterEach(async () => {
  await controller.settleScreenshots();
  db.close();
  await Dexie.delete(db.name);
});

/** Starts a walk in tab 1 (opened on the shop) and waits for the start's screenshot. */
async function started(tab: Partial<TabInfo> = {}): Promise<SessionRecord> {
  ports.openTab(1, tab);
  const session = await controller.start(1, SETUP);
  await controller.settleScreenshots();
  return session;
}

async function reload(sessionId: string): Promise<SessionRecord> {
  const session = await db.sessions.get(sessionId);
  if (!session) throw new Error(`no session ${sessionId}`);
  return session;
}

async function eventsOf(sessionId: string): Promise<CapturedEvent[]> {
  return sessionEvents(db, sessionId);
}

async function ofKind<K extends EventKind>(sessionId: string, kind: K): Promise<EventOf<K>[]> {
  return (await eventsOf(sessionId)).filter((event): event is EventOf<K> => event.kind === kind);
}

async function failureOf(promise: Promise<unknown>): Promise<ProtocolFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProtocolFailure)) throw new Error(`expected a ProtocolFailure, got ${String(error)}`);
  return error;
}

/** Lets pending IndexedDB work and promise chains run. */
async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Fails fast, with a message, instead of letting a promise that never settles hit the test timeout. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const TOP_SENDER: EventSender = { tabId: 1, frameId: 0, tabTitle: 'Mug shop', tabUrl: 'https://shop.example/' };

function clickDraft(id: string, epochMs: number, overrides: Partial<Extract<PageEventDraft, { kind: 'click' }>> = {}): PageEventDraft {
  return {
    id,
    kind: 'click',
    epochMs,
    frameUrl: 'https://shop.example/mugs/blue',
    target: target({ name: 'Add to cart' }),
    point: { x: 10, y: 20 },
    button: 0,
    pointerType: 'mouse',
    devicePixelRatio: 1,
    frame: null,
    clickCount: 1,
    ...overrides,
  };
}

function scrollDraft(id: string, epochMs: number): PageEventDraft {
  return { id, kind: 'scroll', epochMs, frameUrl: 'https://shop.example/', scrollY: 300, maxDepthPct: 40, documentHeight: 2000, viewportHeight: 720 };
}

function pageLoadDraft(id: string, epochMs: number, viewport = { width: 1024, height: 768, deviceScaleFactor: 2 }): PageEventDraft {
  return {
    id,
    kind: 'page-load',
    epochMs,
    frameUrl: 'https://shop.example/mugs',
    title: 'Mugs',
    viewport,
    timing: { responseStartMs: 30, domContentLoadedMs: 90, loadMs: 200, transferSize: 2048 },
    restoredFromCache: false,
  };
}

/** A payment iframe (frame 3 of tab 1) placed at (100, 50) with a 2 px border. */
function withPaymentFrame(): void {
  ports.frameTrees.set(1, [
    { frameId: 0, parentFrameId: -1, url: 'https://shop.example/checkout' },
    { frameId: 3, parentFrameId: 0, url: 'https://pay.example/card' },
  ]);
  ports.childFrames.set('1:0', [
    {
      src: 'https://pay.example/card',
      selectors: ['iframe#payment'],
      rect: { x: 100, y: 50, width: 400, height: 300 },
      inset: { x: 2, y: 2 },
      index: 0,
      contentWidth: 396,
      contentHeight: 296,
    },
  ]);
}

const PAY_SENDER: EventSender = { tabId: 1, frameId: 3, tabTitle: 'Checkout', tabUrl: 'https://shop.example/checkout' };

describe('start', () => {
  it('creates the session row from the setup, the tab and the clock', async () => {
    ports.openTab(1, { url: 'https://shop.example/?ref=mail&token=s3cr3t' });
    const session = await controller.start(1, {
      title: '  Buy a mug ',
      persona: { name: ' Sandrine ', description: ' Busy team lead\n' },
      scenario: ' A gift\n',
      goal: ' Order ',
    });
    expect(session).toMatchObject({
      id: 'id-1',
      title: 'Buy a mug',
      persona: { name: 'Sandrine', description: 'Busy team lead' },
      scenario: 'A gift',
      goal: 'Order',
      segment: '',
      expectations: '',
      checklist: null,
      selectedEventId: null,
      completedAt: null,
      status: 'recording',
      startedAt: iso(T0),
      startEpochMs: T0,
      endedAt: null,
      startUrl: maskUrl('https://shop.example/?ref=mail&token=s3cr3t'),
      tabIds: [1],
      lastActionT: null,
      browser: { name: 'Chrome', version: '140.0.7339.0' },
      viewport: null,
    });
    expect(session.startUrl).not.toContain('s3cr3t');
    expect(await controller.current()).toMatchObject({ id: 'id-1', status: 'recording' });
  });

  it('gives a walk without stages the default ones, the first one current', async () => {
    const session = await started();
    expect(session.stages.map((stage) => stage.id)).toEqual(['awareness', 'consideration', 'comparison', 'decision', 'purchase', 'retention', 'advocacy']);
    expect(session.stages.map((stage) => stage.order)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(session.currentStageId).toBe('awareness');
  });

  it('keeps the stages, segment, expectations and checklist of the setup', async () => {
    ports.openTab(1);
    const checklist = {
      id: 'cl',
      name: 'Store visit',
      questions: [{ id: 'q1', stageId: 'pay', text: 'Paid?', type: 'yes-no' as const, required: true, photo: false }],
    };
    const session = await controller.start(1, {
      ...SETUP,
      segment: ' Busy parents ',
      expectations: 'Delivery before Friday',
      stages: [
        { id: 'browse', name: ' Browse ', order: 7 },
        { id: 'pay', name: 'Pay', order: 3 },
      ],
      checklist,
    });
    expect(session).toMatchObject({
      segment: 'Busy parents',
      expectations: 'Delivery before Friday',
      stages: [
        { id: 'browse', name: 'Browse', order: 0 },
        { id: 'pay', name: 'Pay', order: 1 },
      ],
      currentStageId: 'browse',
      checklist,
    });
  });

  it('writes the session-start event first, at t = 0', async () => {
    const session = await started({ url: 'https://shop.example/mugs', title: 'Mugs', width: 1440, height: 900 });
    const [first] = await eventsOf(session.id);
    expect(first).toEqual({
      id: expect.any(String),
      sessionId: session.id,
      seq: 0,
      kind: 'session-start',
      t: 0,
      at: iso(T0),
      tabId: 1,
      frameId: 0,
      url: 'https://shop.example/mugs',
      frameUrl: null,
      pageTitle: 'Mugs',
      startUrl: 'https://shop.example/mugs',
      viewport: { width: 1440, height: 900, deviceScaleFactor: 1 },
    });
  });

  it('starts in the masking mode the setup chose, else in the default of the settings, else balanced', async () => {
    expect((await started()).masking).toBe('balanced');
    await controller.stop();
    await db.settings.put({ key: MASKING_DEFAULT, value: 'strict' });
    ports.openTab(2);
    expect((await controller.start(2, SETUP)).masking).toBe('strict');
    await controller.stop();
    ports.openTab(3);
    const relaxed = await controller.start(3, { ...SETUP, masking: 'relaxed' });
    expect(relaxed.masking).toBe('relaxed');
    expect(await controller.stateForTab(3)).toMatchObject({ masking: 'relaxed' });
  });

  it('stores the walk’s language (the popup’s, else the background’s) and names its default stages in it', async () => {
    const before = currentLocale();
    try {
      setLocale('en');
      ports.openTab(1);
      const french = await controller.start(1, { ...SETUP, language: 'fr' });
      expect(french.language).toBe('fr');
      expect(french.stages.map((stage) => stage.name)).toEqual(defaultStages('fr').map((stage) => stage.name));
      await controller.stop();
      setLocale('fr');
      ports.openTab(2);
      const background = await controller.start(2, SETUP);
      expect(background.language).toBe('fr');
      await controller.stop();
      // Stages the popup sent stay as the tester typed them, whatever the language.
      ports.openTab(3);
      const typed = await controller.start(3, { ...SETUP, language: 'en', stages: [{ id: 'look', name: 'Regarder', order: 0 }] });
      expect(typed.language).toBe('en');
      expect(typed.stages.map((stage) => stage.name)).toEqual(['Regarder']);
    } finally {
      setLocale(before);
    }
  });

  it('has no start viewport when the tab size is unknown', async () => {
    const session = await started({ width: null, height: null });
    expect((await ofKind(session.id, 'session-start'))[0]?.viewport).toBeNull();
  });

  it('shows the status, tells the tab to record and makes sure the content script runs there', async () => {
    const session = await started();
    expect(ports.statuses).toEqual(['recording']);
    expect(ports.broadcasts).toEqual([{ tabId: 1, state: { recording: true, sessionId: session.id, status: 'recording', masking: 'balanced' } }]);
    expect(ports.injected).toEqual([1]);
  });

  it('takes the screenshot of the start page', async () => {
    const session = await started();
    const start = (await ofKind(session.id, 'session-start'))[0]!;
    const [shot] = await ofKind(session.id, 'screenshot');
    expect(shot).toMatchObject({ id: screenshotEventId(start.id), forEventId: start.id, screenshotId: expect.any(String), missingReason: null, point: null });
    expect(await reload(session.id)).toMatchObject({ eventCount: 2, nextSeq: 2, screenshotCount: 1, screenshotBytes: SHOT.byteLength });
  });

  it('names the walk after the tab (masked) when no title is given, or "Untitled walk"', async () => {
    ports.openTab(1, { title: 'Order of jane@doe.com' });
    expect((await controller.start(1, { ...SETUP, title: '   ' })).title).toBe('Order of [email]');
    await controller.stop();
    ports.openTab(2, { title: null });
    expect((await controller.start(2, { ...SETUP, title: '' })).title).toBe('Untitled walk');
  });

  it('still starts when the content script cannot be injected', async () => {
    ports.ensureContentScript = async () => {
      throw new Error('Cannot access contents of the page');
    };
    ports.openTab(1);
    expect((await controller.start(1, SETUP)).status).toBe('recording');
  });

  it.each([
    ['chrome://settings/', 'unrecordableBrowserPage'],
    ['about:blank', 'unrecordableBrowserPage'],
    ['https://chromewebstore.google.com/detail/x', 'unrecordableStore'],
    ['file:///home/me/page.html', 'unrecordableFile'],
    [null, 'unrecordableUnknown'],
  ])('refuses %s with code unrecordable and reason %s', async (url, reason) => {
    ports.openTab(1, { url });
    const failure = await failureOf(controller.start(1, SETUP));
    expect(failure.error).toMatchObject({ code: 'unrecordable', reason });
    expect(await db.sessions.count()).toBe(0);
    expect(ports.statuses).toEqual([]);
  });

  it('refuses a second walk while one is recording or paused (already-recording)', async () => {
    await started();
    ports.openTab(2);
    expect((await failureOf(controller.start(2, SETUP))).error.code).toBe('already-recording');
    await controller.pause();
    expect((await failureOf(controller.start(1, SETUP))).error.code).toBe('already-recording');
    expect(await db.sessions.count()).toBe(1);
  });

  it('refuses a tab that is gone (no-tab)', async () => {
    expect((await failureOf(controller.start(42, SETUP))).error.code).toBe('no-tab');
    expect(await db.sessions.count()).toBe(0);
  });
});

describe('pause, resume, stop', () => {
  it('pauses: status paused, a pause event, the badge and the tabs told', async () => {
    const session = await started();
    ports.time = T0 + 5000;
    const paused = await controller.pause();
    expect(paused.status).toBe('paused');
    expect((await ofKind(session.id, 'pause'))[0]).toMatchObject({ t: 5000, tabId: null, frameId: null });
    expect(ports.statuses.at(-1)).toBe('paused');
    expect(ports.broadcasts.at(-1)).toEqual({ tabId: 1, state: { recording: false, sessionId: session.id, status: 'paused', masking: 'balanced' } });
    expect(await controller.stateForTab(1)).toEqual({ recording: false, sessionId: session.id, status: 'paused', masking: 'balanced' });
  });

  it('resumes: status recording and a resume event that is not after an interruption', async () => {
    const session = await started();
    await controller.pause();
    ports.time = T0 + 9000;
    const resumed = await controller.resume();
    expect(resumed.status).toBe('recording');
    expect((await ofKind(session.id, 'resume'))[0]).toMatchObject({ t: 9000, afterInterruption: false });
    expect(ports.statuses.at(-1)).toBe('recording');
    expect(ports.broadcasts.at(-1)).toEqual({ tabId: 1, state: { recording: true, sessionId: session.id, status: 'recording', masking: 'balanced' } });
  });

  it('stops: status ended, endedAt, session-stop as the last event, badge cleared and tabs told to stop', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/help' });
    ports.time = T0 + 60_000;
    const stopped = await controller.stop();
    expect(stopped).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    expect(Date.parse(stopped.endedAt!)).toBeGreaterThanOrEqual(T0 + 60_000);
    const events = await eventsOf(session.id);
    expect(events.at(-1)).toMatchObject({ kind: 'session-stop', reason: 'tester', seq: events.length - 1 });
    expect(ports.statuses.at(-1)).toBeNull();
    const lastBroadcasts = ports.broadcasts.slice(-2).sort((a, b) => a.tabId - b.tabId);
    expect(lastBroadcasts).toEqual([
      { tabId: 1, state: { recording: false, sessionId: null, status: null, masking: null } },
      { tabId: 2, state: { recording: false, sessionId: null, status: null, masking: null } },
    ]);
    expect(await controller.current()).toBeNull();
  });

  it('stops a paused walk too', async () => {
    await started();
    await controller.pause();
    expect((await controller.stop()).status).toBe('ended');
  });

  it('refuses transitions that make no sense', async () => {
    expect((await failureOf(controller.pause())).error.code).toBe('no-session');
    expect((await failureOf(controller.resume())).error.code).toBe('no-session');
    expect((await failureOf(controller.stop())).error.code).toBe('no-session');
    const session = await started();
    // A walk changed elsewhere (the popup and the side panel both pause): the tester is told in their language.
    expect((await failureOf(controller.resume())).error).toMatchObject({ code: 'invalid-state', reason: 'errorWalkChanged' });
    await controller.pause();
    expect((await failureOf(controller.pause())).error).toMatchObject({ code: 'invalid-state', reason: 'errorWalkChanged' });
    await controller.stop();
    expect((await failureOf(controller.pause())).error.code).toBe('no-session');
    expect((await failureOf(controller.stop())).error.code).toBe('no-session');
    // Refusals wrote nothing.
    expect((await eventsOf(session.id)).map((event) => event.kind)).toEqual(['session-start', 'screenshot', 'pause', 'session-stop']);
  });
});

describe('recordPageEvent', () => {
  it('stores a top-frame event with t relative to the start, the masked url and the tab title', async () => {
    const session = await started();
    const raw = 'https://shop.example/account?email=jane@doe.com&step=2';
    const result = await controller.recordPageEvent(clickDraft('c1', T0 + 1234, { frameUrl: raw }), { ...TOP_SENDER, tabTitle: 'Hello jane@doe.com' });
    expect(result).toEqual({ seq: 2, duplicate: false });
    const stored = await db.events.get('c1');
    expect(stored).toEqual({
      id: 'c1',
      kind: 'click',
      sessionId: session.id,
      seq: 2,
      t: 1234,
      at: iso(T0 + 1234),
      tabId: 1,
      frameId: 0,
      url: maskUrl(raw),
      frameUrl: null,
      pageTitle: 'Hello [email]',
      target: target({ name: 'Add to cart' }),
      point: { x: 10, y: 20 },
      button: 0,
      pointerType: 'mouse',
      devicePixelRatio: 1,
      frame: null,
      clickCount: 1,
    });
    expect(stored?.url).not.toContain('jane@doe.com');
    expect(stored).not.toHaveProperty('epochMs');
  });

  it('clamps an event stamped before the start to t = 0', async () => {
    await started();
    await controller.recordPageEvent(scrollDraft('early', T0 - 40), TOP_SENDER);
    expect((await db.events.get('early'))?.t).toBe(0);
  });

  it('gives a subframe event the tab url and keeps the frame url apart', async () => {
    await started();
    const frameUrl = 'https://pay.example/card?token=abc123';
    await controller.recordPageEvent({ ...scrollDraft('s1', T0 + 10), frameUrl }, { ...PAY_SENDER, tabUrl: 'https://shop.example/checkout?coupon=1' });
    expect(await db.events.get('s1')).toMatchObject({
      frameId: 3,
      url: 'https://shop.example/checkout?coupon=1',
      frameUrl: maskUrl(frameUrl),
      pageTitle: 'Checkout',
    });
    expect((await db.events.get('s1'))?.frameUrl).not.toContain('abc123');
  });

  it('stores a null title when the tab title is unknown', async () => {
    await started();
    await controller.recordPageEvent(scrollDraft('s1', T0 + 10), { ...TOP_SENDER, tabTitle: null });
    expect((await db.events.get('s1'))?.pageTitle).toBeNull();
  });

  it('drops an event whose moment is inside a pause, arriving after Resume; keeps those from before and after', async () => {
    const session = await started();
    ports.time = T0 + 1000;
    await controller.pause();
    ports.time = T0 + 4000;
    await controller.resume();
    ports.time = T0 + 6000;
    await controller.pause();
    ports.time = T0 + 8000;
    await controller.resume();
    for (const [id, at] of [
      ['before', 999],
      ['first', 1000],
      ['inside', 2500],
      ['between', 4001],
      ['second', 7000],
      ['after', 8001],
    ] as const)
      await controller.recordPageEvent(scrollDraft(id, T0 + at), TOP_SENDER);
    const ids = (await eventsOf(session.id)).filter((event) => event.kind === 'scroll').map((event) => event.id);
    expect(ids).toEqual(['before', 'between', 'after']);
    expect((await reload(session.id)).pauses).toEqual([
      { fromEpochMs: T0 + 1000, toEpochMs: T0 + 4000 },
      { fromEpochMs: T0 + 6000, toEpochMs: T0 + 8000 },
    ]);
  });

  it('drops events while paused, from tabs outside the walk and when nothing is recorded', async () => {
    expect(await controller.recordPageEvent(scrollDraft('none', T0), TOP_SENDER)).toEqual({ dropped: 'not-recording' });
    const session = await started();
    ports.openTab(7);
    expect(await controller.recordPageEvent(scrollDraft('other-tab', T0 + 5), { ...TOP_SENDER, tabId: 7 })).toEqual({ dropped: 'not-recording' });
    await controller.pause();
    expect(await controller.recordPageEvent(scrollDraft('paused', T0 + 6), TOP_SENDER)).toEqual({ dropped: 'not-recording' });
    const ids = (await eventsOf(session.id)).map((event) => event.id);
    expect(ids).not.toContain('none');
    expect(ids).not.toContain('other-tab');
    expect(ids).not.toContain('paused');
    // A dropped event's safety copy is forgotten as well: it will never be recorded.
    expect(ports.forgotten).toEqual(['none', 'other-tab', 'paused']);
  });

  it('is idempotent: a re-sent event is acknowledged with its seq, even once paused', async () => {
    const session = await started();
    const first = await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER);
    expect(await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).toEqual({ seq: (first as { seq: number }).seq, duplicate: true });
    await controller.pause();
    expect(await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).toEqual({ seq: (first as { seq: number }).seq, duplicate: true });
    await controller.stop();
    expect(await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).toEqual({ seq: (first as { seq: number }).seq, duplicate: true });
    expect((await eventsOf(session.id)).filter((event) => event.id === 'c1')).toHaveLength(1);
  });

  it('forgets the outbox copy of each committed event', async () => {
    await started();
    await controller.recordPageEvent(scrollDraft('s1', T0 + 10), TOP_SENDER);
    expect(ports.forgotten).toEqual(['s1']);
  });

  it('commits the events of one frame in the order they arrived', async () => {
    const session = await started();
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((id, i) => controller.recordPageEvent(scrollDraft(id, T0 + 100 - i), TOP_SENDER)));
    expect(results.map((result) => ('seq' in result ? result.seq : -1))).toEqual([2, 3, 4, 5]);
    expect((await eventsOf(session.id)).slice(2).map((event) => event.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes the viewport of the first top-frame page-load for the session', async () => {
    const session = await started();
    await controller.recordPageEvent(pageLoadDraft('sub', T0 + 5, { width: 300, height: 200, deviceScaleFactor: 1 }), PAY_SENDER);
    expect((await reload(session.id)).viewport).toBeNull();
    await controller.recordPageEvent(pageLoadDraft('l1', T0 + 10), TOP_SENDER);
    expect((await reload(session.id)).viewport).toEqual({ width: 1024, height: 768, deviceScaleFactor: 2 });
    await controller.recordPageEvent(pageLoadDraft('l2', T0 + 20, { width: 500, height: 500, deviceScaleFactor: 1 }), TOP_SENDER);
    expect((await reload(session.id)).viewport).toEqual({ width: 1024, height: 768, deviceScaleFactor: 2 });
  });

  it('places a click from a subframe with describeChildFrames', async () => {
    await started();
    withPaymentFrame();
    await controller.recordPageEvent(clickDraft('pay', T0 + 50, { frameUrl: 'https://pay.example/card' }), PAY_SENDER);
    expect((await db.events.get('pay')) as EventOf<'click'>).toMatchObject({
      frame: { iframeSelectors: [['iframe#payment']], offset: { x: 102, y: 52 }, indexPath: [0] },
      frameUrl: 'https://pay.example/card',
    });
  });

  it('still stores a subframe click whose frame cannot be placed', async () => {
    await started();
    ports.frameTrees.set(1, [
      { frameId: 0, parentFrameId: -1, url: 'https://shop.example/checkout' },
      { frameId: 3, parentFrameId: 0, url: 'https://pay.example/card' },
    ]); // and no content script answers in the top frame
    await controller.recordPageEvent(clickDraft('pay', T0 + 50, { frameUrl: 'https://pay.example/card' }), PAY_SENDER);
    expect(((await db.events.get('pay')) as EventOf<'click'>).frame).toBeNull();
  });

  it('does not look frames up for top-frame clicks', async () => {
    await started();
    const frames = vi.spyOn(ports, 'frames');
    await controller.recordPageEvent(clickDraft('top', T0 + 50), TOP_SENDER);
    expect(frames).not.toHaveBeenCalled();
    expect(((await db.events.get('top')) as EventOf<'click'>).frame).toBeNull();
  });
});

describe('requestScreenshot', () => {
  async function screenshotEvent(eventId: string): Promise<EventOf<'screenshot'>> {
    const event = await db.events.get(screenshotEventId(eventId));
    if (event?.kind !== 'screenshot') throw new Error(`no screenshot event for ${eventId}`);
    return event;
  }

  it('stores the screenshot (a Blob with the JPEG size) and a screenshot event, and answers stored', async () => {
    const session = await started();
    await controller.recordPageEvent(clickDraft('c1', T0 + 1250), TOP_SENDER);
    ports.time = T0 + 1300;
    ports.capture = async () => jpegDataUrl(1920, 1080);

    expect(await controller.requestScreenshot({ eventId: 'c1', point: { x: 10, y: 20 }, epochMs: T0 + 1250, priority: 'click' }, TOP_SENDER)).toBe('stored');

    const event = await screenshotEvent('c1');
    expect(event).toEqual({
      id: 'c1:screenshot',
      kind: 'screenshot',
      sessionId: session.id,
      seq: expect.any(Number),
      t: 1300,
      at: iso(T0 + 1300),
      tabId: 1,
      frameId: null,
      url: null,
      frameUrl: null,
      pageTitle: null,
      forEventId: 'c1',
      screenshotId: expect.any(String),
      missingReason: null,
      missingDetail: null,
      point: { x: 10, y: 20 },
      delayMs: 50,
      shared: false,
      source: 'visible-tab',
      requestedT: 1250,
      streamUnavailable: 'Extension has not been invoked for the current page (see activeTab permission).',
    });
    const row = await db.screenshots.get(event.screenshotId!);
    expect(row).toMatchObject({ sessionId: session.id, tabId: 1, t: 1300, mime: 'image/jpeg', width: 1920, height: 1080, bytes: SHOT.byteLength });
    expect(row?.blob).toBeInstanceOf(Blob);
    expect(row?.blob.type).toBe('image/jpeg');
    expect(new Uint8Array(await row!.blob.arrayBuffer())).toEqual(jpegBytes(1920, 1080));
    expect(await reload(session.id)).toMatchObject({ screenshotCount: 2, screenshotBytes: 2 * SHOT.byteLength });
  });

  it('stores no screenshot asked for while paused, nor one of a moment inside a pause asked for after Resume', async () => {
    const session = await started();
    const shots = await db.screenshots.count();
    ports.time = T0 + 1000;
    await controller.pause();
    ports.time = T0 + 1500;
    expect(await controller.requestScreenshot({ eventId: 'while', point: null, epochMs: T0 + 1500, priority: 'click' }, TOP_SENDER)).toBe('not-recording');
    ports.time = T0 + 3000;
    await controller.resume();
    ports.time = T0 + 3100;
    expect(await controller.requestScreenshot({ eventId: 'late', point: null, epochMs: T0 + 2000, priority: 'click' }, TOP_SENDER)).toBe('not-recording');
    expect(await controller.requestScreenshot({ eventId: 'now', point: null, epochMs: T0 + 3100, priority: 'click' }, TOP_SENDER)).toBe('stored');
    await controller.settleScreenshots();
    expect(await db.screenshots.count()).toBe(shots + 1);
    expect(await db.events.get(screenshotEventId('while'))).toBeUndefined();
    expect(await db.events.get(screenshotEventId('late'))).toBeUndefined();
    expect((await reload(session.id)).screenshotCount).toBe(shots + 1);
  });

  it('stores nothing new for a second request of the same event', async () => {
    const session = await started();
    const request = { eventId: 'c1', point: null, epochMs: T0 + 10, priority: 'click' } as const;
    expect(await controller.requestScreenshot(request, TOP_SENDER)).toBe('stored');
    const calls = ports.captureCalls.length;
    const before = await reload(session.id);
    expect(await controller.requestScreenshot(request, TOP_SENDER)).toBe('stored');
    await controller.settleScreenshots();
    expect(ports.captureCalls).toHaveLength(calls);
    expect(await db.screenshots.count()).toBe(2);
    expect(await reload(session.id)).toEqual(before);
  });

  it('lets a request re-sent while the first is pending wait for the same outcome', async () => {
    await started();
    const request = { eventId: 'c1', point: null, epochMs: T0 + 10, priority: 'click' } as const;
    const both = Promise.all([controller.requestScreenshot(request, TOP_SENDER), controller.requestScreenshot(request, TOP_SENDER)]);
    const outcomes = await within(both, 1000, 'both requests to be answered');
    expect(outcomes).toEqual(['stored', 'stored']);
    expect(ports.captureCalls).toHaveLength(2); // the start's and this one
    expect(await db.screenshots.count()).toBe(2);
  });

  it('answers not-recording while paused or for a tab outside the walk', async () => {
    expect(await controller.requestScreenshot({ eventId: 'x', point: null, epochMs: T0, priority: 'click' }, TOP_SENDER)).toBe('not-recording');
    await started();
    ports.openTab(9);
    expect(await controller.requestScreenshot({ eventId: 'y', point: null, epochMs: T0, priority: 'click' }, { ...TOP_SENDER, tabId: 9 })).toBe(
      'not-recording',
    );
    await controller.pause();
    expect(await controller.requestScreenshot({ eventId: 'z', point: null, epochMs: T0, priority: 'click' }, TOP_SENDER)).toBe('not-recording');
    expect(ports.captureCalls).toHaveLength(1);
  });

  it('marks the point of a subframe click in top-level coordinates', async () => {
    await started();
    withPaymentFrame();
    await controller.requestScreenshot({ eventId: 'pay', point: { x: 10, y: 20 }, epochMs: T0 + 5, priority: 'click' }, PAY_SENDER);
    expect((await screenshotEvent('pay')).point).toEqual({ x: 112, y: 72 });
  });

  it('stores the event with a missing reason when the capture fails, and answers missing', async () => {
    const session = await started();
    ports.capture = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    expect(await controller.requestScreenshot({ eventId: 'c1', point: { x: 1, y: 2 }, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(await screenshotEvent('c1')).toMatchObject({ screenshotId: null, missingReason: 'capture-failed', point: { x: 1, y: 2 }, shared: false });
    expect(await db.screenshots.count()).toBe(1);
    expect((await reload(session.id)).screenshotCount).toBe(1);
    // A later request for the same event learns the stored outcome.
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('missing');
  });

  it('says page-not-capturable when the tab moved to a page that cannot be captured', async () => {
    await started();
    ports.openTab(1, { url: 'chrome://downloads/' });
    await controller.requestScreenshot({ eventId: 'n1', point: null, epochMs: T0 + 5, priority: 'navigation' }, TOP_SENDER);
    expect((await screenshotEvent('n1')).missingReason).toBe('page-not-capturable');
  });

  it('retries once, a second later, when the browser says the rate limit was hit', async () => {
    await started();
    let failures = 0;
    ports.capture = async () => {
      if (failures++ === 0) throw new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.');
      return jpegDataUrl(1280, 720);
    };
    ports.time = T0 + 5000;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5000, priority: 'click' }, TOP_SENDER)).toBe('stored');
    const [, first, retry] = ports.captureCalls;
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(await screenshotEvent('c1')).toMatchObject({ missingReason: null, screenshotId: expect.any(String) });
  });

  it('says storage-full when the disk refuses the image', async () => {
    await started();
    vi.spyOn(db.screenshots, 'add').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect((await screenshotEvent('c1')).missingReason).toBe('storage-full');
  });

  it('shares the page screenshot taken just before with a click whose tab went hidden, and not an older one', async () => {
    const session = await started(); // the start page was captured at T0
    const startShot = (await ofKind(session.id, 'screenshot'))[0]!;
    ports.openTab(1, { active: false });
    expect(await controller.requestScreenshot({ eventId: 'recent', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER)).toBe('stored');
    expect(await screenshotEvent('recent')).toMatchObject({ screenshotId: startShot.screenshotId, shared: true, delayMs: -1000, missingReason: null });
    expect(await controller.requestScreenshot({ eventId: 'late', point: null, epochMs: T0 + 2000, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(await screenshotEvent('late')).toMatchObject({ screenshotId: null, missingReason: 'tab-not-visible' });
    expect(await db.screenshots.count()).toBe(1);
  });

  it('hides the overlay of the tab before captureVisibleTab and shows it again after', async () => {
    await started();
    expect(ports.overlay).toEqual(['hide:1', 'capture:1', 'show:1']); // the start page's screenshot
    ports.overlay.length = 0;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('stored');
    expect(ports.overlay).toEqual(['hide:1', 'capture:1', 'show:1']);
  });

  it('shows the overlay again even when the capture fails', async () => {
    await started();
    ports.overlay.length = 0;
    ports.capture = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(ports.overlay.slice(0, 3)).toEqual(['hide:1', 'capture:1', 'show:1']);
    expect(ports.overlay.filter((call) => call === 'hide:1')).toHaveLength(ports.overlay.filter((call) => call === 'show:1').length);
  });

  it('captures at once, and shows nothing afterwards, when hideOverlay says false (no overlay, or no answer in time)', async () => {
    await started();
    ports.overlay.length = 0;
    ports.hideAnswer = async () => false;
    ports.time = T0 + 3000;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 3000, priority: 'click' }, TOP_SENDER)).toBe('stored');
    expect(ports.overlay).toEqual(['hide:1', 'capture:1']);
    expect(ports.captureCalls.at(-1)?.at).toBe(T0 + 3000);
    expect(await screenshotEvent('c1')).toMatchObject({ missingReason: null, delayMs: 0 });
  });

  it('still captures when asking the overlay to hide fails', async () => {
    await started();
    ports.overlay.length = 0;
    ports.hideAnswer = async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 5, priority: 'click' }, TOP_SENDER)).toBe('stored');
    expect(ports.overlay).toEqual(['hide:1', 'capture:1']);
  });

  it('does not touch the overlay of a tab that is not visible', async () => {
    await started();
    ports.overlay.length = 0;
    ports.openTab(1, { active: false });
    await controller.requestScreenshot({ eventId: 'n1', point: null, epochMs: T0 + 5000, priority: 'navigation' }, TOP_SENDER);
    expect(ports.overlay).toEqual([]);
  });
});

describe('tabs', () => {
  it('onTabOpened adds a tab opened from the walk and writes tab-opened once', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    const details = { sourceTabId: 1, tabId: 2, url: 'https://shop.example/help?email=jane@doe.com' };
    await controller.onTabOpened(details);
    await controller.onTabOpened(details);
    expect((await reload(session.id)).tabIds).toEqual([1, 2]);
    const opened = await ofKind(session.id, 'tab-opened');
    expect(opened).toEqual([
      expect.objectContaining({
        id: `${session.id}:tab-opened:2`,
        tabId: 1,
        openerTabId: 1,
        openedTabId: 2,
        targetUrl: maskUrl(details.url),
      }),
    ]);
    expect(opened[0]?.targetUrl).not.toContain('jane@doe.com');
    expect(ports.broadcasts.at(-1)).toEqual({
      tabId: 2,
      state: { recording: true, sessionId: session.id, status: 'recording', masking: 'balanced', joined: true },
    });
    expect(await controller.recordPageEvent(scrollDraft('in-new-tab', T0 + 5), { ...TOP_SENDER, tabId: 2 })).toMatchObject({ duplicate: false });
  });

  it('onTabOpened ignores tabs opened from elsewhere, or with no walk', async () => {
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/' });
    const session = await started();
    await controller.onTabOpened({ sourceTabId: 5, tabId: 6, url: 'https://elsewhere.example/' });
    expect((await reload(session.id)).tabIds).toEqual([1]);
    expect(await ofKind(session.id, 'tab-opened')).toEqual([]);
  });

  it('stateForTab lets a tab whose opener is in the walk join it (a creation the worker missed)', async () => {
    const session = await started();
    ports.openTab(3, { openerTabId: 1, url: 'https://shop.example/reviews' });
    expect(await controller.stateForTab(3)).toEqual({ recording: true, sessionId: session.id, status: 'recording', masking: 'balanced' });
    expect((await reload(session.id)).tabIds).toEqual([1, 3]);
    expect(await ofKind(session.id, 'tab-opened')).toEqual([expect.objectContaining({ openedTabId: 3, targetUrl: 'https://shop.example/reviews' })]);
  });

  it('stateForTab says not recording for other tabs and without a tab', async () => {
    expect(await controller.stateForTab(1)).toEqual({ recording: false, sessionId: null, status: null, masking: null });
    const session = await started();
    ports.openTab(4);
    ports.openTab(5, { openerTabId: 4 });
    for (const tabId of [4, 5, 99, null])
      expect(await controller.stateForTab(tabId)).toEqual({ recording: false, sessionId: null, status: null, masking: null });
    expect((await reload(session.id)).tabIds).toEqual([1]);
  });

  it('onTabClosed of one tab of several keeps recording in the others', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/help' });
    await controller.onTabClosed(2);
    expect(await reload(session.id)).toMatchObject({ status: 'recording', tabIds: [1] });
    expect((await ofKind(session.id, 'tab-closed'))[0]).toMatchObject({ tabId: 2, closedTabId: 2 });
    expect(await ofKind(session.id, 'interrupted')).toEqual([]);
  });

  it('onTabClosed of the last tab interrupts the walk', async () => {
    const session = await started();
    await controller.onTabClosed(1);
    expect(await reload(session.id)).toMatchObject({ status: 'interrupted', tabIds: [] });
    expect((await eventsOf(session.id)).slice(-2)).toEqual([
      expect.objectContaining({ kind: 'tab-closed', closedTabId: 1 }),
      expect.objectContaining({ kind: 'interrupted', reason: 'tab-closed' }),
    ]);
    expect(ports.statuses.at(-1)).toBe('interrupted');
    expect(await controller.current()).toBeNull();
  });

  it('a tab that closed while no worker ran is closed at the next worker start, once, and a second close writes nothing', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/help' });
    ports.tabs.delete(2); // closed, and the browser's word of it lost with the stopped worker
    await controller.reconcileTabs();
    await controller.reconcileTabs();
    await controller.onTabClosed(2);
    expect(await reload(session.id)).toMatchObject({ status: 'recording', tabIds: [1] });
    expect(await ofKind(session.id, 'tab-closed')).toEqual([expect.objectContaining({ id: `${session.id}:tab-closed:2`, closedTabId: 2 })]);
  });

  it('onTabClosed ignores tabs outside the walk', async () => {
    const session = await started();
    const before = await reload(session.id);
    await controller.onTabClosed(8);
    expect(await reload(session.id)).toEqual(before);
  });
});

describe('interruptions', () => {
  it('onBrowserStartup marks the active walk interrupted', async () => {
    const session = await started();
    await controller.onBrowserStartup();
    expect(await reload(session.id)).toMatchObject({ status: 'interrupted', tabIds: [] });
    expect((await eventsOf(session.id)).at(-1)).toMatchObject({ kind: 'interrupted', reason: 'browser-closed' });
    expect(ports.statuses.at(-1)).toBe('interrupted');
  });

  it('onBrowserStartup dates the interruption when the walk was last seen alive, not at the new start', async () => {
    const session = await started();
    await controller.recordPageEvent(clickDraft('last', T0 + 4000), TOP_SENDER);
    // The browser was away for an hour.
    ports.time = T0 + 3_600_000;
    await controller.onBrowserStartup();
    const events = await eventsOf(session.id);
    const cut = events.find((event) => event.kind === 'interrupted');
    expect(cut?.t).toBe(events.find((event) => event.id === 'last')?.t);
    expect(cut?.seq).toBe(events.at(-1)?.seq);
  });

  it('onBrowserStartup with nothing active clears the badge', async () => {
    await controller.onBrowserStartup();
    expect(ports.statuses).toEqual([null]);
  });

  it('continueInterrupted picks the walk up in another tab', async () => {
    const session = await started();
    await controller.onTabClosed(1);
    ports.openTab(5, { url: 'https://shop.example/cart?token=abc', title: 'Cart' });
    ports.time = T0 + 90_000;
    const continued = await controller.continueInterrupted(session.id, 5);
    await controller.settleScreenshots();
    expect(continued).toMatchObject({ status: 'recording', tabIds: [5] });
    const resume = (await ofKind(session.id, 'resume'))[0]!;
    expect(resume).toMatchObject({
      afterInterruption: true,
      tabId: 5,
      frameId: 0,
      t: 90_000,
      url: maskUrl('https://shop.example/cart?token=abc'),
      pageTitle: 'Cart',
    });
    expect(ports.injected).toEqual([1, 5]);
    expect(ports.broadcasts.at(-1)).toEqual({ tabId: 5, state: { recording: true, sessionId: session.id, status: 'recording', masking: 'balanced' } });
    expect(ports.statuses.at(-1)).toBe('recording');
    expect(await db.events.get(screenshotEventId(resume.id))).toMatchObject({ kind: 'screenshot', screenshotId: expect.any(String) });
  });

  it('continueInterrupted refuses walks that are not interrupted, a busy recorder and unrecordable tabs', async () => {
    expect((await failureOf(controller.continueInterrupted('ghost', 1))).error.code).toBe('invalid-state');
    const first = await started();
    expect((await failureOf(controller.continueInterrupted(first.id, 1))).error.code).toBe('invalid-state');
    await controller.onTabClosed(1);
    ports.openTab(2, { url: 'chrome://newtab/' });
    expect((await failureOf(controller.continueInterrupted(first.id, 2))).error).toMatchObject({ code: 'unrecordable', reason: 'unrecordableBrowserPage' });
    expect((await failureOf(controller.continueInterrupted(first.id, 77))).error).toMatchObject({ code: 'unrecordable', reason: 'unrecordableUnknown' });
    ports.openTab(3);
    const second = await controller.start(3, { ...SETUP, title: 'Another' });
    expect((await failureOf(controller.continueInterrupted(first.id, 3))).error.code).toBe('already-recording');
    expect((await reload(first.id)).status).toBe('interrupted');
    expect((await reload(second.id)).status).toBe('recording');
  });

  it('finishInterrupted ends an interrupted walk', async () => {
    const session = await started();
    await controller.onBrowserStartup();
    ports.time = T0 + 3_600_000;
    const finished = await controller.finishInterrupted(session.id);
    expect(finished).toMatchObject({ status: 'ended', endedAt: iso(T0 + 3_600_000) });
    expect((await eventsOf(session.id)).at(-1)).toMatchObject({ kind: 'session-stop', reason: 'finished-after-interruption' });
    expect(ports.statuses.at(-1)).toBeNull();
    expect((await failureOf(controller.finishInterrupted(session.id))).error.code).toBe('invalid-state');
  });

  it('refreshStatus shows the active walk, else whether one is interrupted', async () => {
    await controller.refreshStatus();
    const session = await started();
    await controller.pause();
    await controller.refreshStatus();
    expect(ports.statuses.at(-1)).toBe('paused');
    await controller.onTabClosed(1);
    await controller.refreshStatus();
    expect(ports.statuses.at(-1)).toBe('interrupted');
    await controller.finishInterrupted(session.id);
    await controller.refreshStatus();
    expect(ports.statuses[0]).toBeNull();
    expect(ports.statuses.at(-1)).toBeNull();
  });
});

describe('an extension reloaded or updated under a walk', () => {
  const restart = (startedAtEpochMs: number, reason: 'reload' | 'update' = 'reload') => ({
    reason,
    version: '1.1.0',
    previousVersion: reason === 'reload' ? '1.1.0' : '1.0.0',
    startedAtEpochMs,
  });

  it('keeps the walk recording, puts the recorder back in its tabs and records the gap', async () => {
    const session = await started();
    ports.time = T0 + 5_000;
    await controller.recordPageEvent(clickDraft('before', T0 + 5_000), { tabId: 1, frameId: 0, tabTitle: 'Shop', tabUrl: 'https://shop.example/' });
    await db.sessions.update(session.id, { tabStreams: [{ tabId: 1, streaming: true, reason: null }] });
    const lastBefore = (await eventsOf(session.id)).at(-1)!;
    ports.injected.length = 0;
    ports.time = T0 + 9_400;
    await controller.onExtensionRestarted(restart(T0 + 9_000));
    expect(await reload(session.id)).toMatchObject({ status: 'recording', tabIds: [1], tabStreams: [] });
    expect(ports.statuses.at(-1)).toBe('recording');
    expect(ports.injected).toEqual([1]);
    const [gap, ...more] = await ofKind(session.id, 'extension-restarted');
    expect(more).toEqual([]);
    expect(gap).toMatchObject({
      id: `${session.id}:extension-restarted:${T0 + 9_000}`,
      reason: 'reload',
      version: '1.1.0',
      previousVersion: '1.1.0',
      fromT: 9_000,
      toT: 9_400,
      t: 9_400,
      lastRecordedT: lastBefore.t,
      tabsBack: 1,
      tabsMissed: 0,
      tabId: null,
    });
    expect(await ofKind(session.id, 'interrupted')).toEqual([]);
  });

  it('records the gap once, however many workers start on the same restart', async () => {
    const session = await started();
    ports.time = T0 + 2_000;
    await controller.onExtensionRestarted(restart(T0 + 1_500, 'update'));
    ports.time = T0 + 3_000;
    await controller.onExtensionRestarted(restart(T0 + 1_500, 'update'));
    expect(await ofKind(session.id, 'extension-restarted')).toEqual([expect.objectContaining({ reason: 'update', previousVersion: '1.0.0', toT: 2_000 })]);
  });

  it('says which tabs the recorder could not be put back in, and writes the close of tabs gone meanwhile', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    ports.openTab(3, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/b' });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 3, url: 'https://shop.example/c' });
    ports.tabs.delete(3);
    ports.uninjectable.add(2);
    await controller.onExtensionRestarted(restart(T0 + 100));
    expect((await reload(session.id)).tabIds).toEqual([1, 2]);
    expect(await ofKind(session.id, 'tab-closed')).toEqual([expect.objectContaining({ closedTabId: 3 })]);
    expect((await ofKind(session.id, 'extension-restarted'))[0]).toMatchObject({ tabsBack: 1, tabsMissed: 1 });
  });

  it('leaves a walk whose tabs all closed meanwhile interrupted, with no gap to tell of', async () => {
    const session = await started();
    ports.tabs.delete(1);
    await controller.onExtensionRestarted(restart(T0 + 100));
    expect((await reload(session.id)).status).toBe('interrupted');
    expect(await ofKind(session.id, 'extension-restarted')).toEqual([]);
  });

  it('keeps a paused walk paused', async () => {
    const session = await started();
    await controller.pause();
    await controller.onExtensionRestarted(restart(T0 + 100));
    expect((await reload(session.id)).status).toBe('paused');
    expect(ports.statuses.at(-1)).toBe('paused');
    expect(await ofKind(session.id, 'extension-restarted')).toHaveLength(1);
  });

  it('tells a recorder put back into a document the walk has already that its arrival is recorded', async () => {
    await started();
    const sender = { tabId: 1, frameId: 0, tabTitle: 'Shop', tabUrl: 'https://shop.example/' };
    const navigation = (id: string, epochMs: number, sameDocument = false): PageEventDraft => ({
      id,
      kind: 'navigation',
      epochMs,
      frameUrl: 'https://shop.example/',
      navigationType: sameDocument ? 'push-state' : 'load',
      sameDocument,
      fromUrl: null,
    });
    // A page's own recorder is the first of its document: never told so, whatever the walk holds.
    expect((await controller.hello(1, true, T0 - 3_000.4)).documentRecorded).toBeUndefined();
    // The walk started on a page loaded before it (its time origin is before the walk): the start stands for it.
    await controller.onExtensionRestarted(restart(T0 + 100));
    expect((await controller.hello(1, true, T0 - 3_000.4)).documentRecorded).toBe(true);
    // Asked once per recovery: the tab's next top document is a page of its own.
    expect((await controller.hello(1, true, T0 - 3_000.4)).documentRecorded).toBeUndefined();
    ports.time = T0 + 20_000;
    await controller.recordPageEvent(navigation('push', T0 + 20_000, true), sender);
    await controller.recordPageEvent(navigation('next', T0 + 30_000), sender);
    // A page loading late, after the next one's navigation began, is not that next page's arrival.
    await controller.recordPageEvent(pageLoadDraft('late-load', T0 + 35_500), sender);
    ports.time = T0 + 36_000;
    await controller.onExtensionRestarted(restart(T0 + 35_800));
    // Only the top frame's, only this tab's, only the document whose navigation is recorded.
    expect((await controller.hello(1, false, T0 + 30_000)).documentRecorded).toBeUndefined();
    expect((await controller.hello(1, true, T0 + 35_000)).documentRecorded).toBeUndefined();
    await controller.onExtensionRestarted(restart(T0 + 35_900));
    expect((await controller.hello(1, true, T0 + 30_000.3)).documentRecorded).toBe(true);
  });

  it('with no walk under way, only shows the status (an interrupted walk stays so)', async () => {
    const session = await started();
    await controller.onTabClosed(1);
    ports.statuses.length = 0;
    await controller.onExtensionRestarted(restart(T0 + 100));
    expect(ports.statuses).toEqual(['interrupted']);
    expect(await ofKind(session.id, 'extension-restarted')).toEqual([]);
  });
});

describe('keepCopies: a batch from a page that keeps no copy of its own', () => {
  it('keeps a copy of each event until it is committed, and the next worker commits what a stopped one left', async () => {
    const session = await started();
    const batch = [clickDraft('left-1', T0 + 100), scrollDraft('left-2', T0 + 200)];
    await controller.keepCopies(batch, TOP_SENDER);
    expect([...ports.outbox.values()]).toEqual(batch.map((event) => ({ event, sessionId: session.id, tabId: 1, frameId: 0 })));
    // The first is committed; the worker stops before the second.
    await controller.recordPageEvent(batch[0] as PageEventDraft, TOP_SENDER);
    expect([...ports.outbox.keys()]).toEqual(['left-2']);
    const next = new SessionController(db, ports);
    expect(await next.recoverOutbox()).toBe(1);
    expect((await eventsOf(session.id)).filter((event) => event.id.startsWith('left-')).map((event) => event.id)).toEqual(['left-1', 'left-2']);
    expect(ports.outbox.size).toBe(0);
  });

  it('a tab opened from the walk and closed while no worker saw either joins with the batch its last page left, and leaves at once', async () => {
    const session = await started();
    // Tab 2 was opened from tab 1 and is gone: the browser knows it no more, the message still names its opener.
    const sender: EventSender = { tabId: 2, frameId: 0, tabTitle: 'Size guide', tabUrl: 'https://shop.example/size-guide', openerTabId: 1 };
    const batch = [clickDraft('guide-click', T0 + 100), scrollDraft('guide-scroll', T0 + 150)];
    ports.time = T0 + 900;
    await controller.keepCopies(batch, sender);
    expect([...ports.outbox.values()]).toEqual(batch.map((event) => ({ event, sessionId: session.id, tabId: 2, frameId: 0 })));
    for (const draft of batch) expect(await controller.recordPageEvent(draft, sender)).toMatchObject({ duplicate: false });
    expect((await reload(session.id)).tabIds).toEqual([1]);
    expect(await ofKind(session.id, 'tab-opened')).toEqual([expect.objectContaining({ openerTabId: 1, openedTabId: 2 })]);
    expect(await ofKind(session.id, 'tab-closed')).toEqual([expect.objectContaining({ closedTabId: 2 })]);
    expect((await eventsOf(session.id)).filter((event) => event.tabId === 2 && event.id.startsWith('guide-')).map((event) => event.id)).toEqual([
      'guide-click',
      'guide-scroll',
    ]);
    expect(ports.outbox.size).toBe(0);
    // An opener outside the walk names no tab of it.
    await controller.keepCopies([clickDraft('elsewhere', T0 + 200)], { ...sender, tabId: 3, openerTabId: 9 });
    expect((await reload(session.id)).tabIds).toEqual([1]);
    expect(ports.outbox.size).toBe(0);
  });

  it('keeps nothing for a tab outside any walk', async () => {
    await controller.keepCopies([clickDraft('stray', T0 + 100)], TOP_SENDER);
    expect(ports.outbox.size).toBe(0);
  });
});

describe('orphans: what a page that never learnt its tab left as it went away', () => {
  const owner = (documentId: string, tabId: number, openerTabId: number | null = null): DocumentOwner => ({
    documentId,
    tabId,
    frameId: 0,
    openerTabId,
    epochMs: T0,
  });

  it('is placed in the tab a message of its document came from, its lost screenshot settled, once', async () => {
    const session = await started();
    // The document's hello reached a worker (noted), whose answer died with it; the page left its copy.
    await controller.noteDocumentOwner('doc-a', { ...TOP_SENDER, tabId: 2, openerTabId: 1 });
    ports.orphans.set('doc-a', {
      documentId: 'doc-a',
      events: [clickDraft('o-click', T0 + 100), scrollDraft('o-scroll', T0 + 120)],
      shots: [{ eventId: 'o-click', epochMs: T0 + 100 }],
      epochMs: T0 + 300,
    });
    ports.time = T0 + 1000;
    const next = new SessionController(db, ports);
    expect(await next.recoverOutbox()).toBe(2);
    const events = await eventsOf(session.id);
    expect(events.filter((event) => event.id.startsWith('o-') && event.kind !== 'screenshot').map((event) => [event.id, event.tabId])).toEqual([
      ['o-click', 2],
      ['o-scroll', 2],
    ]);
    // Tab 2, opened from the walk's tab while no worker saw it (and gone since), joined and left.
    expect(await ofKind(session.id, 'tab-opened')).toEqual([expect.objectContaining({ openerTabId: 1, openedTabId: 2 })]);
    expect(await ofKind(session.id, 'screenshot')).toContainEqual(
      expect.objectContaining({ forEventId: 'o-click', screenshotId: null, missingReason: expect.any(String) }),
    );
    expect(ports.orphans.size).toBe(0);
    // The note stays: the page may leave a newer copy (hidden first, then going away).
    expect([...ports.owners.keys()]).toEqual(['doc-a']);
    // A copy placed twice stores nothing twice.
    ports.orphans.set('doc-a', { documentId: 'doc-a', events: [clickDraft('o-click', T0 + 100)], shots: [], epochMs: T0 + 300 });
    expect(await next.recoverOutbox()).toBe(0);
    expect((await eventsOf(session.id)).filter((event) => event.id === 'o-click')).toHaveLength(1);
  });

  // Issue 11: the size-guide tab, opened with window.open, knew the walk from the broadcast of its joining but
  // never got an answer to its hello (noted, though, as each message is before anything is awaited); its batches
  // died with workers being stopped; it left a copy as it was hidden, then a newer one as it went away, and its
  // tab was closed before any worker placed them.
  it('places the copies of a page that knew the walk but not its tab, in a tab closed since, each event once', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/size-guide' });
    await controller.noteDocumentOwner('doc-guide', { ...TOP_SENDER, tabId: 2, openerTabId: 1 });
    const arrival: PageEventDraft = {
      kind: 'navigation',
      id: 'g-nav',
      epochMs: T0 + 50,
      frameUrl: 'https://shop.example/size-guide',
      navigationType: 'load',
      sameDocument: false,
      fromUrl: null,
    } as PageEventDraft;
    ports.orphans.set('doc-guide', { documentId: 'doc-guide', events: [arrival], shots: [], epochMs: T0 + 80 });
    ports.time = T0 + 90;
    expect(await controller.recoverOutbox()).toBe(1);
    // Going away: its click, whose screenshot it asked for and never saw answered, and the arrival again.
    ports.orphans.set('doc-guide', {
      documentId: 'doc-guide',
      events: [arrival, clickDraft('g-click', T0 + 100)],
      shots: [{ eventId: 'g-click', epochMs: T0 + 100 }],
      epochMs: T0 + 150,
    });
    ports.time = T0 + 400;
    ports.tabs.delete(2);
    await controller.onTabClosed(2);
    const next = new SessionController(db, ports);
    ports.time = T0 + 2000;
    expect(await next.recoverOutbox()).toBe(1);
    const events = await eventsOf(session.id);
    expect(events.filter((event) => event.id === 'g-click').map((event) => [event.kind, event.tabId])).toEqual([['click', 2]]);
    expect(events.filter((event) => event.id === 'g-nav')).toHaveLength(1);
    // Its step says why it has no image.
    expect(await ofKind(session.id, 'screenshot')).toContainEqual(
      expect.objectContaining({ forEventId: 'g-click', screenshotId: null, missingReason: 'recorder-restarted' }),
    );
    // The tab joined once and left once; the walk goes on in the first.
    expect(await ofKind(session.id, 'tab-opened')).toHaveLength(1);
    expect(await ofKind(session.id, 'tab-closed')).toHaveLength(1);
    expect((await reload(session.id)).tabIds).toEqual([1]);
    expect(ports.orphans.size).toBe(0);
  });

  it('waits for word of its tab a while, then is let go; a tab outside the walk stores nothing', async () => {
    const session = await started();
    ports.orphans.set('doc-b', { documentId: 'doc-b', events: [clickDraft('b-click', T0 + 100)], shots: [], epochMs: T0 + 200 });
    ports.time = T0 + 1000;
    await controller.recoverOutbox();
    expect(ports.orphans.has('doc-b')).toBe(true);
    ports.time = T0 + 200 + ORPHAN_UNPLACED_MS + 1;
    await controller.recoverOutbox();
    expect(ports.orphans.has('doc-b')).toBe(false);

    ports.owners.set('doc-c', owner('doc-c', 7));
    ports.orphans.set('doc-c', { documentId: 'doc-c', events: [clickDraft('c-click', T0 + 100)], shots: [], epochMs: T0 + 200 });
    await controller.recoverOutbox();
    expect((await eventsOf(session.id)).some((event) => event.id === 'c-click' || event.id === 'b-click')).toBe(false);
    expect(ports.orphans.size).toBe(0);
  });

  it('forgets the note of a document long gone that left nothing', async () => {
    await started();
    ports.owners.set('old', owner('old', 1));
    ports.owners.set('recent', { ...owner('recent', 1), epochMs: T0 + DOCUMENT_OWNER_KEPT_MS });
    ports.time = T0 + DOCUMENT_OWNER_KEPT_MS + 1;
    await controller.recoverOutbox();
    expect([...ports.owners.keys()]).toEqual(['recent']);
  });
});

describe('recoverOutbox', () => {
  function entry(sessionId: string, draft: PageEventDraft, tabId = 1, frameId = 0): OutboxEntry {
    return { sessionId, tabId, frameId, event: draft };
  }

  it('commits left-over events to their session even after it was paused, oldest first, and forgets them', async () => {
    const session = await started();
    // Both happened before the pause.
    ports.time = T0 + 3000;
    await controller.pause();
    ports.outbox.set('late', entry(session.id, scrollDraft('late', T0 + 2000)));
    ports.outbox.set('early', entry(session.id, clickDraft('early', T0 + 1000)));

    expect(await controller.recoverOutbox()).toBe(2);

    const events = await eventsOf(session.id);
    const early = events.find((event) => event.id === 'early');
    const late = events.find((event) => event.id === 'late');
    expect(early).toMatchObject({ t: 1000, tabId: 1, pageTitle: 'Mug shop', url: 'https://shop.example/mugs/blue' });
    expect(late?.seq).toBeGreaterThan(early!.seq);
    expect((await reload(session.id)).status).toBe('paused');
    expect(ports.forgotten.sort()).toEqual(['early', 'late']);
    expect(ports.outbox.size).toBe(0);
  });

  it('drops left-over events of a moment inside a pause: the page did them while paused', async () => {
    const session = await started();
    ports.time = T0 + 1000;
    await controller.pause();
    ports.time = T0 + 5000;
    await controller.resume();
    ports.outbox.set('before', entry(session.id, scrollDraft('before', T0 + 900)));
    ports.outbox.set('during', entry(session.id, scrollDraft('during', T0 + 3000)));
    ports.outbox.set('after', entry(session.id, scrollDraft('after', T0 + 5100)));
    expect(await controller.recoverOutbox()).toBe(2);
    const ids = (await eventsOf(session.id)).map((event) => event.id);
    expect(ids).toContain('before');
    expect(ids).toContain('after');
    expect(ids).not.toContain('during');
    expect(ports.forgotten).toContain('during');
  });

  it('skips and forgets events of deleted sessions', async () => {
    const session = await started();
    ports.outbox.set('orphan', entry('deleted-session', scrollDraft('orphan', T0 + 10)));
    ports.outbox.set('mine', entry(session.id, scrollDraft('mine', T0 + 20)));
    expect(await controller.recoverOutbox()).toBe(1);
    expect(await db.events.get('orphan')).toBeUndefined();
    expect(ports.forgotten).toContain('orphan');
    expect(ports.outbox.size).toBe(0);
  });

  it('is idempotent: recovering the same entries again stores nothing', async () => {
    const session = await started();
    const entries = [entry(session.id, scrollDraft('a', T0 + 10)), entry(session.id, clickDraft('b', T0 + 20))];
    for (const item of entries) ports.outbox.set(item.event.id, item);
    expect(await controller.recoverOutbox()).toBe(2);
    const before = await reload(session.id);
    for (const item of entries) ports.outbox.set(item.event.id, item);
    expect(await controller.recoverOutbox()).toBe(0);
    expect(await reload(session.id)).toEqual(before);
    // An event the page had already delivered is not counted as recovered either.
    await controller.recordPageEvent(scrollDraft('c', T0 + 30), TOP_SENDER);
    ports.outbox.set('c', entry(session.id, scrollDraft('c', T0 + 30)));
    expect(await controller.recoverOutbox()).toBe(0);
  });

  it('recovers events of a tab that is gone, without its title', async () => {
    const session = await started();
    ports.outbox.set('gone', entry(session.id, scrollDraft('gone', T0 + 10), 12));
    expect(await controller.recoverOutbox()).toBe(1);
    expect(await db.events.get('gone')).toMatchObject({ tabId: 12, pageTitle: null, url: 'https://shop.example/' });
  });

  it('lets stop wait for the recovery, so nothing lands after the end', async () => {
    const session = await started();
    ports.outbox.set('r1', entry(session.id, scrollDraft('r1', T0 + 10)));
    const recovery = controller.recoverOutbox();
    await controller.stop();
    expect(await recovery).toBe(1);
    const events = await eventsOf(session.id);
    expect(events.at(-1)?.kind).toBe('session-stop');
    expect(events.map((event) => event.id)).toContain('r1');
  });
});

describe('stop and screenshots', () => {
  it('waits for screenshots still being taken (settleScreenshots) before writing the stop', async () => {
    const session = await started();
    let release: ((dataUrl: string) => void) | undefined;
    ports.capture = () =>
      new Promise((resolve) => {
        release = resolve;
      });
    await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER);
    const outcome = controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 100, priority: 'click' }, TOP_SENDER);
    await until(() => release !== undefined, 'the capture to start');

    let stopped = false;
    const stopping = controller.stop().then((result) => {
      stopped = true;
      return result;
    });
    await turns(50);
    expect(stopped).toBe(false);

    release?.(jpegDataUrl(1280, 720));
    expect((await stopping).status).toBe('ended');
    expect(await outcome).toBe('stored');
    const events = await eventsOf(session.id);
    const shot = events.find((event) => event.id === 'c1:screenshot');
    const stop = events.find((event) => event.kind === 'session-stop');
    expect(shot!.seq).toBeLessThan(stop!.seq);
    expect(events.at(-1)).toBe(stop);
  });
});

describe('overlays', () => {
  it('refreshOverlays refreshes the overlay of every tab of the walk, and of no other', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/help' });
    ports.openTab(3);
    ports.overlay.length = 0;
    await controller.refreshOverlays(session.id);
    expect(ports.overlay.sort()).toEqual(['refresh:1', 'refresh:2']);
  });

  it('refreshOverlays of an unknown session does nothing', async () => {
    await controller.refreshOverlays('ghost');
    expect(ports.overlay).toEqual([]);
  });

  it('openNoteInOverlay opens the note field in a tab of the walk only', async () => {
    await started();
    ports.openTab(3);
    ports.overlay.length = 0;
    await controller.openNoteInOverlay(1, 'pain');
    await controller.openNoteInOverlay(3, 'pain');
    expect(ports.overlay).toEqual(['open-note:1:pain']);
  });

  it('closeNoteInOverlay tells the overlay of a tab of the walk only that its note frame is done', async () => {
    await started();
    ports.openTab(3);
    ports.overlay.length = 0;
    await controller.closeNoteInOverlay(1, { noteKind: 'pain', saved: true, landed: 'Click "Buy"' });
    await controller.closeNoteInOverlay(3, { noteKind: 'pain', saved: false, landed: null });
    expect(ports.overlay).toEqual(['note-closed:1:pain:true']);
  });
});

describe('captureEvidence (a checklist photo)', () => {
  it('takes a screenshot of the walk tab that is visible and gives its id', async () => {
    const session = await started();
    const screenshotId = await controller.captureEvidence(session.id);
    expect(screenshotId).toEqual(expect.any(String));
    expect(await db.screenshots.get(screenshotId!)).toMatchObject({ sessionId: session.id, tabId: 1 });
    expect((await reload(session.id)).screenshotCount).toBe(2);
  });

  it('gives null when no tab of the walk is visible, when the walk is not recording, or for an unknown session', async () => {
    const session = await started();
    ports.openTab(1, { active: false });
    expect(await controller.captureEvidence(session.id)).toBeNull();
    ports.openTab(1, { active: true });
    await controller.pause();
    expect(await controller.captureEvidence(session.id)).toBeNull();
    expect(await controller.captureEvidence('ghost')).toBeNull();
  });

  it('gives null when the capture fails', async () => {
    const session = await started();
    ports.capture = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    expect(await controller.captureEvidence(session.id)).toBeNull();
  });
});

describe('screenshots from the tab stream', () => {
  async function screenshotEvent(eventId: string): Promise<EventOf<'screenshot'>> {
    const event = await db.events.get(screenshotEventId(eventId));
    if (event?.kind !== 'screenshot') throw new Error(`no screenshot event for ${eventId}`);
    return event;
  }

  it('starts the tab’s stream at Start (the tester’s press) and notes that the tab streams', async () => {
    ports.streamRefusal = null;
    const session = await started();
    expect(ports.streamCalls[0]).toBe('start:1');
    expect((await reload(session.id)).tabStreams).toEqual([{ tabId: 1, streaming: true, reason: null }]);
    const startEvent = (await db.events.toArray()).find((event) => event.kind === 'session-start');
    const start = await screenshotEvent(startEvent?.id as string);
    expect(start).toMatchObject({ source: 'tab-stream', delayMs: 0, missingReason: null });
    expect(ports.captureCalls).toEqual([]);
  });

  it('takes each click’s frame at its press with no queue: pins it, hides the overlay, composes, shows the overlay', async () => {
    ports.streamRefusal = null;
    await started();
    ports.streamCalls.length = 0;
    ports.overlay.length = 0;
    // Ten clicks in a second: far past captureVisibleTab's two a second, each with its own image.
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        controller.requestScreenshot({ eventId: `c${i}`, point: { x: 10, y: 10 }, epochMs: T0 + 1000 + i * 100, priority: 'click' }, TOP_SENDER),
      ),
    );
    expect(outcomes).toEqual(Array(10).fill('stored'));
    expect(ports.captureCalls).toEqual([]);
    const shots = await Promise.all(Array.from({ length: 10 }, (_, i) => screenshotEvent(`c${i}`)));
    expect(new Set(shots.map((shot) => shot.screenshotId)).size).toBe(10);
    expect(shots.every((shot) => shot.source === 'tab-stream' && shot.delayMs === 0 && !shot.shared)).toBe(true);
    expect(shots.map((shot) => shot.requestedT)).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i * 100));
    expect(ports.streamCalls.filter((call) => call.startsWith('compose'))).toEqual(Array(10).fill('compose:1:cover'));
    expect(ports.overlay.filter((step) => step.startsWith('show')).length).toBe(10);
  });

  it('reports a frame taken after the moment with its delay', async () => {
    ports.streamRefusal = null;
    await started();
    (ports.streams.get(1) as { delayMs: number }).delayMs = 140;
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 2000, priority: 'click' }, TOP_SENDER);
    expect(await screenshotEvent('c1')).toMatchObject({ source: 'tab-stream', delayMs: 140, requestedT: 2000 });
  });

  it('falls back to captureVisibleTab when the stream lost the frame, and says why a tab has no stream', async () => {
    ports.streamRefusal = null;
    await started();
    ports.streams.delete(1); // the offscreen document went away
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1500, priority: 'click' }, TOP_SENDER);
    expect(await screenshotEvent('c1')).toMatchObject({ source: 'visible-tab', streamUnavailable: null });
    expect(ports.captureCalls.length).toBe(1);
  });

  it('records the browser’s refusal on each visible-tab screenshot of a tab without a stream', async () => {
    const session = await started();
    expect((await reload(session.id)).tabStreams).toEqual([{ tabId: 1, streaming: false, reason: expect.stringContaining('has not been invoked') }]);
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1500, priority: 'click' }, TOP_SENDER);
    expect(await screenshotEvent('c1')).toMatchObject({ source: 'visible-tab', streamUnavailable: expect.stringContaining('has not been invoked') });
  });

  it('lets go of the streams when the walk stops', async () => {
    ports.streamRefusal = null;
    await started();
    await controller.stop();
    expect(ports.streamCalls).toContain('stop:1');
  });
});

describe('viewportFrame (the frame source of full-page captures)', () => {
  it('gives the visible viewport as a JPEG Blob, taken with the overlay out of the way, and stores nothing', async () => {
    const session = await started();
    ports.overlay.length = 0;
    ports.capture = async () => jpegDataUrl(1280, 800);
    ports.privateAnswers.set('1:0', { viewport: { width: 1280, height: 800 }, boxes: [], slots: [], tookMs: 1 });
    const before = await reload(session.id);
    const frame = await within(controller.viewportFrame(1), 1000, 'the frame');
    expect(frame.type).toBe('image/jpeg');
    expect(new Uint8Array(await frame.arrayBuffer())).toEqual(jpegBytes(1280, 800));
    expect(ports.overlay).toEqual(['hide:1', 'capture:1', 'show:1']);
    await controller.settleScreenshots();
    expect(await db.screenshots.count()).toBe(1); // the start page's only
    expect(await eventsOf(session.id)).toHaveLength(before.eventCount);
    expect(await reload(session.id)).toEqual(before);
  });

  it('refuses with the reason when the tab is not in view or the browser refuses', async () => {
    await started();
    ports.openTab(1, { active: false });
    const hidden = await controller.viewportFrame(1).catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(ViewportFrameRefused);
    expect(hidden).toMatchObject({ reason: 'tab-not-visible' });
    ports.openTab(1);
    ports.capture = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    expect(await controller.viewportFrame(1).catch((error: unknown) => error)).toMatchObject({ reason: 'capture-failed' });
    // An answer that is no image at all is refused too, rather than left unanswered.
    ports.capture = async () => 'not a data URL';
    expect(
      await within(
        controller.viewportFrame(1).catch((error: unknown) => error),
        1000,
        'the refusal',
      ),
    ).toMatchObject({
      reason: 'capture-failed',
      message: 'Not a data URL',
    });
  });

  it('shares Chrome’s two captures a second with the steps’ screenshots: never a third call in a second', async () => {
    const session = await started(); // the start page's capture opened a window at T0
    ports.openTab(2);
    await db.sessions.update(session.id, { tabIds: [1, 2] });
    ports.time = T0 + 5000;
    expect(await controller.viewportFrame(1)).toBeInstanceOf(Blob);
    expect(await controller.viewportFrame(1)).toBeInstanceOf(Blob);
    // That window is full: the third frame and a click of another tab wait for the next one.
    const [third, click] = await Promise.all([
      controller.viewportFrame(1),
      controller.requestScreenshot({ eventId: 'c2', point: null, epochMs: ports.time, priority: 'click' }, { ...TOP_SENDER, tabId: 2 }),
    ]);
    expect(third).toBeInstanceOf(Blob);
    expect(click).toBe('stored');
    const times = ports.captureCalls.slice(1).map((call) => call.at - (T0 + 5000));
    expect(times).toHaveLength(4);
    expect(times.slice(0, 2)).toEqual([0, 0]);
    for (const [i, at] of times.entries())
      expect(times.filter((other, j) => j !== i && other >= at && other < at + 1000).length, `calls after ${at}`).toBeLessThan(2);
  });
});

describe('tab streams of tabs that join the walk', () => {
  it('asks for a stream when the joined tab’s page says hello, once, and keeps the browser’s refusal', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1, url: 'https://shop.example/reviews' });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/reviews' });
    ports.streamCalls.length = 0;
    await Promise.all([controller.hello(2, true), controller.hello(2, true), controller.hello(2, false)]);
    await vi.waitFor(async () => expect((await reload(session.id)).tabStreams?.map((stream) => stream.tabId)).toEqual([1, 2]));
    expect(ports.streamCalls).toEqual(['start:2']);
    expect((await reload(session.id)).tabStreams?.[1]).toEqual({ tabId: 2, streaming: false, reason: expect.stringContaining('not been invoked') });
    await controller.hello(2, true);
    expect(ports.streamCalls).toEqual(['start:2']);
  });

  it('asks nothing for a tab outside the walk', async () => {
    await started();
    ports.openTab(3);
    ports.streamCalls.length = 0;
    expect((await controller.hello(3, true)).recording).toBe(false);
    expect(ports.streamCalls).toEqual([]);
  });
});

describe('a tab stream follows the page’s size', () => {
  it('resizes the stream to a page that arrives in another size, in device pixels', async () => {
    ports.streamRefusal = null;
    await started();
    ports.streamCalls.length = 0;
    await controller.recordPageEvent(pageLoadDraft('p1', T0 + 1000, { width: 1000, height: 700, deviceScaleFactor: 2 }), TOP_SENDER);
    await vi.waitFor(() => expect(ports.streamCalls).toEqual(['resize:1:2000x1400']));
    expect(ports.streams.get(1)).toMatchObject({ width: 2000, height: 1400 });
  });
});

describe('echoes and the masking of every commit', () => {
  it('gives the walk’s pages a salt with hello, keeps their hashes in storage.session, and masks echoes in what it commits', async () => {
    const session = await started();
    const state = await controller.hello(1, true);
    expect(state.echoes).toEqual({ salt: expect.any(String), hashes: [] });
    const salt = state.echoes?.salt as string;
    expect(await controller.addEchoes(1, typedValueHashes(salt, 'Sandrine Martinez'))).toBe(3);
    expect(await controller.addEchoes(1, typedValueHashes(salt, 'Sandrine Martinez'))).toBe(0);
    expect(ports.echoStore).toEqual({ sessionId: session.id, salt, hashes: typedValueHashes(salt, 'Sandrine Martinez') });
    // The tab's title shows the name back: the background's own field, masked before the commit.
    await controller.recordPageEvent(pageLoadDraft('p1', T0 + 1000), { ...TOP_SENDER, tabTitle: 'Compte de Sandrine' });
    expect(await db.events.get('p1')).toMatchObject({ pageTitle: 'Compte de [typed]' });
    // The next page is told what was typed before it.
    expect((await controller.hello(1, true)).echoes?.hashes).toHaveLength(3);
  });

  it('keeps the echoes across a worker restart, and refuses hashes from a tab outside the walk or that are no hashes', async () => {
    const session = await started();
    const salt = (await controller.hello(1, true)).echoes?.salt as string;
    await controller.addEchoes(1, typedValueHashes(salt, 'Zephyrine'));
    expect(await controller.addEchoes(9, typedValueHashes(salt, 'Octave'))).toBe(0);
    expect(await controller.addEchoes(1, ['Octave', 42, '1:'])).toBe(0);
    // A new worker: the same storage.session, a new controller.
    const restarted = new SessionController(db, ports);
    expect((await restarted.hello(1, true)).echoes?.salt).toBe(salt);
    await restarted.recordPageEvent(clickDraft('c1', T0 + 500, { target: target({ name: 'Hello Zephyrine', text: 'Hello Zephyrine' }) }), TOP_SENDER);
    expect(await db.events.get('c1')).toMatchObject({ target: { name: 'Hello [typed]', text: 'Hello [typed]' } });
    expect(JSON.stringify(await db.events.where('sessionId').equals(session.id).toArray())).not.toContain('Zephyrine');
  });

  it('masks the session-start title and address, and events, in the walk’s mode (strict: all page text)', async () => {
    ports.openTab(1, { url: 'https://shop.example/account#access_token=ya29abc', title: 'Compte de Jane – +33 6 12 34 56 78' });
    const session = await controller.start(1, { ...SETUP, title: '', masking: 'strict' });
    await controller.settleScreenshots();
    expect(session.title).toBe('Untitled walk');
    expect(session.startUrl).toBe('https://shop.example/account#access_token=[masked]');
    const start = (await eventsOf(session.id)).find((event) => event.kind === 'session-start');
    expect(start).toMatchObject({ pageTitle: '[text]', url: session.startUrl });
    await controller.recordPageEvent(clickDraft('c1', T0 + 500), { ...TOP_SENDER, tabTitle: 'Mug shop' });
    const click = await db.events.get('c1');
    expect(click).toMatchObject({ pageTitle: '[text]', target: { name: '[text]', selectors: [['#add-to-cart']] } });
  });

  it('masks relaxed walks’ secrets but keeps their phone numbers', async () => {
    ports.openTab(1, { title: 'Call +33 6 12 34 56 78 or write to jane@example.com' });
    const session = await controller.start(1, { ...SETUP, title: '', masking: 'relaxed' });
    await controller.settleScreenshots();
    expect(session.title).toBe('Call +33 6 12 34 56 78 or write to [email]');
  });
});

describe('private pixels: screenshots are covered before they are stored', () => {
  const answer = (boxes: Rect[], slots: PrivateBoxes['slots'] = [], viewport = { width: 1280, height: 720 }): PrivateBoxes => ({
    viewport,
    boxes,
    slots,
    tookMs: 1,
  });

  async function screenshotOf(eventId: string) {
    const event = await db.events.get(screenshotEventId(eventId));
    if (event?.kind !== 'screenshot') throw new Error(`no screenshot event for ${eventId}`);
    return { event, image: event.screenshotId ? await db.screenshots.get(event.screenshotId) : undefined };
  }

  it('covers the top frame’s boxes in a captureVisibleTab image, scaled to its device pixels, and says so on the record', async () => {
    await started();
    ports.capture = async () => jpegDataUrl(2560, 1440);
    ports.privateAnswers.set('1:0', answer([{ x: 100, y: 50, width: 200, height: 20 }]));
    ports.covered.length = 0;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER)).toBe('stored');
    // Padded by 2 CSS px each side, then × 2.
    expect(ports.covered).toEqual([[{ x: 196, y: 96, width: 408, height: 48 }]]);
    const { image } = await screenshotOf('c1');
    expect(image?.privacy).toMatchObject({ mode: 'balanced', boxes: 1, hiddenFrames: 0 });
    expect(ports.privateRequests.at(-1)).toMatchObject({ tabId: 1, frameId: 0, request: { mode: 'balanced', alwaysBlur: {} } });
  });

  it('stores nothing when the top frame does not say in time what to hide: the step says why (after one more try)', async () => {
    const session = await started();
    const before = await db.screenshots.count();
    ports.privateAnswers.set('1:0', null);
    ports.captureCalls.length = 0;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER)).toBe('missing');
    const { event } = await screenshotOf('c1');
    expect(event).toMatchObject({ screenshotId: null, missingReason: 'private-unverified', missingDetail: expect.stringContaining('did not say') });
    expect(ports.captureCalls.length).toBe(2);
    expect(await db.screenshots.count()).toBe(before);
    expect((await reload(session.id)).screenshotCount).toBe(before);
  });

  it('stores nothing when the image is not the page as measured (another aspect)', async () => {
    await started();
    ports.capture = async () => jpegDataUrl(1280, 1280);
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect((await screenshotOf('c1')).event).toMatchObject({
      missingReason: 'private-unverified',
      missingDetail: expect.stringContaining('not the page as measured'),
    });
  });

  it('hides a silent subframe’s whole iframe, and places an answering one’s boxes in the tab', async () => {
    await started();
    ports.frameTrees.set(1, [
      { frameId: 0, parentFrameId: -1, url: 'https://shop.example/checkout' },
      { frameId: 3, parentFrameId: 0, url: 'https://pay.example/card' },
      { frameId: 4, parentFrameId: 0, url: 'https://ads.example/banner' },
    ]);
    const slot = (src: string, x: number, y: number) => ({
      src,
      box: { x, y, width: 400, height: 200 },
      viewportWidth: 400,
      viewportHeight: 200,
      skewed: false,
    });
    ports.privateAnswers.set('1:0', answer([], [slot('https://pay.example/card', 100, 300), slot('https://ads.example/banner', 700, 300)]));
    ports.privateAnswers.set('1:3', answer([{ x: 10, y: 20, width: 100, height: 30 }], [], { width: 400, height: 200 }));
    ports.privateAnswers.set('1:4', null);
    ports.covered.length = 0;
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER);
    expect(ports.covered).toEqual([
      [
        { x: 698, y: 298, width: 404, height: 204 },
        { x: 108, y: 318, width: 104, height: 34 },
      ],
    ]);
    expect((await screenshotOf('c1')).image?.privacy).toMatchObject({ boxes: 2, hiddenFrames: 1 });
  });

  it('sends the walk’s mode and each site’s always-blur selectors to the frames', async () => {
    ports.openTab(1);
    await controller.start(1, { ...SETUP, masking: 'strict' });
    await controller.settleScreenshots();
    await db.settings.put({ key: 'always-blur', value: { 'https://shop.example': ['#promo'], 'https://elsewhere.example': ['#x'] } });
    ports.frameTrees.set(1, [{ frameId: 0, parentFrameId: -1, url: 'https://shop.example/' }]);
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER);
    ports.privateRequests.length = 0;
    await controller.requestScreenshot({ eventId: 'c2', point: null, epochMs: T0 + 2000, priority: 'click' }, TOP_SENDER);
    // Asked once, as the image is taken (no stream: captureVisibleTab).
    expect(ports.privateRequests.map((asked) => asked.request)).toEqual([
      { mode: 'strict', alwaysBlur: { 'https://shop.example': ['#promo'] }, sinceEpochMs: null },
    ]);
  });

  it('asks the page at the press for a stream frame, and covers the boxes before the frame is encoded', async () => {
    ports.streamRefusal = null;
    await started();
    ports.streamCalls.length = 0;
    ports.privateRequests.length = 0;
    ports.covered.length = 0;
    ports.privateAnswers.set('1:0', answer([{ x: 0, y: 0, width: 100, height: 10 }]));
    const outcome = controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER);
    // Asked once the frames are held, before anything else: the layout of the moment held, with the scrolls of
    // the second before it (a held frame may show the page that long before the press).
    await until(() => ports.privateRequests.length > 0, 'the frames asked');
    expect(ports.streamCalls[0]).toBe('hold:1');
    expect(ports.privateRequests[0]?.request.sinceEpochMs).toBe(T0);
    expect(await outcome).toBe('stored');
    expect(ports.streamCalls).toEqual(['hold:1', 'compose:1:cover']);
    expect(ports.covered).toEqual([[{ x: 0, y: 0, width: 102, height: 12 }]]);
    expect(ports.captureCalls).toEqual([]);
    expect((await screenshotOf('c1')).image?.privacy).toMatchObject({ boxes: 1 });
  });

  it('does not compose a stream frame the page could not vouch for: the queue asks again, and fails closed', async () => {
    ports.streamRefusal = null;
    await started();
    ports.streamCalls.length = 0;
    ports.privateAnswers.set('1:0', null);
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(ports.streamCalls.filter((call) => call.startsWith('compose'))).toEqual([]);
    expect((await screenshotOf('c1')).event).toMatchObject({ missingReason: 'private-unverified' });
  });

  it('covers what the pressed frame found at the press and what it says when asked, both (the page may have moved on)', async () => {
    ports.streamRefusal = null;
    await started();
    ports.covered.length = 0;
    ports.privateAnswers.set('1:0', answer([{ x: 500, y: 500, width: 10, height: 10 }]));
    const atPress = answer([{ x: 100, y: 100, width: 10, height: 10 }]);
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click', boxes: atPress }, TOP_SENDER);
    expect(ports.covered).toEqual([
      [
        { x: 98, y: 98, width: 14, height: 14 },
        { x: 498, y: 498, width: 14, height: 14 },
      ],
    ]);
    // A frame held at its press is what the frame saw then: its own boxes of that moment vouch for it.
    ports.covered.length = 0;
    ports.privateAnswers.set('1:0', null);
    expect(await controller.requestScreenshot({ eventId: 'c2', point: null, epochMs: T0 + 2000, priority: 'click', boxes: atPress }, TOP_SENDER)).toBe(
      'stored',
    );
    expect(ports.covered).toEqual([[{ x: 98, y: 98, width: 14, height: 14 }]]);
    // Boxes that are not boxes are not taken.
    expect(
      await controller.requestScreenshot(
        { eventId: 'c3', point: null, epochMs: T0 + 3000, priority: 'click', boxes: { viewport: 1 } as unknown as PrivateBoxes },
        TOP_SENDER,
      ),
    ).toBe('missing');
  });

  it('tells the walk’s tabs when the always-blur selectors change', async () => {
    await started();
    await controller.alwaysBlurChanged({ 'https://shop.example': ['#promo'] });
    expect(ports.alwaysBlurBroadcasts).toEqual([{ tabId: 1, alwaysBlur: { 'https://shop.example': ['#promo'] } }]);
  });

  it('refuses a full page’s viewport frame the page could not vouch for', async () => {
    await started();
    ports.privateAnswers.set('1:0', null);
    expect(await controller.viewportFrame(1).catch((error: unknown) => error)).toMatchObject({ reason: 'private-unverified' });
  });

  it('covers a checklist photo like any screenshot', async () => {
    const session = await started();
    ports.privateAnswers.set('1:0', answer([{ x: 10, y: 10, width: 10, height: 10 }]));
    ports.covered.length = 0;
    const id = await controller.captureEvidence(session.id);
    expect(id).not.toBeNull();
    expect(ports.covered).toHaveLength(1);
    expect((await db.screenshots.get(id as string))?.privacy).toMatchObject({ boxes: 1 });
  });
});

describe('settleLostScreenshots: screenshot requests pages left behind', () => {
  function shot(sessionId: string, eventId: string, epochMs: number, tabId = 1): ShotEntry {
    return { sessionId, eventId, epochMs, tabId, frameId: 0 };
  }
  async function screenshotEvent(eventId: string): Promise<EventOf<'screenshot'>> {
    const event = await db.events.get(`${eventId}:screenshot`);
    if (event?.kind !== 'screenshot') throw new Error(`no screenshot event for ${eventId}`);
    return event;
  }

  it('records a click’s lost request as missing with its reason, once, and forgets the copy', async () => {
    const session = await started();
    await controller.recordPageEvent(clickDraft('c1', T0 + 1250), TOP_SENDER);
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 1250));
    ports.time = T0 + 4000;
    expect(await controller.settleLostScreenshots()).toBe(1);
    expect(await screenshotEvent('c1')).toMatchObject({
      forEventId: 'c1',
      screenshotId: null,
      missingReason: 'recorder-restarted',
      requestedT: 1250,
      point: null,
    });
    expect(ports.shots.size).toBe(0);
    // Idempotent: the same copy again writes nothing more.
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 1250));
    expect(await controller.settleLostScreenshots()).toBe(0);
    expect((await ofKind(session.id, 'screenshot')).filter((event) => event.forEventId === 'c1')).toHaveLength(1);
    expect(ports.shots.size).toBe(0);
  });

  it('leaves a screenshot already stored as it is, and forgets the copy', async () => {
    const session = await started();
    await controller.recordPageEvent(clickDraft('c1', T0 + 1250), TOP_SENDER);
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1250, priority: 'click' }, TOP_SENDER)).toBe('stored');
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 1250));
    expect(await controller.settleLostScreenshots()).toBe(0);
    expect((await screenshotEvent('c1')).screenshotId).not.toBeNull();
    expect(ports.shots.size).toBe(0);
  });

  it('leaves a request this worker is taking to it, and only the tab asked about', async () => {
    const session = await started();
    await controller.recordPageEvent(clickDraft('c1', T0 + 1000), TOP_SENDER);
    await controller.recordPageEvent(clickDraft('c2', T0 + 1100), TOP_SENDER);
    let release = () => {};
    ports.capture = () =>
      new Promise((resolve) => {
        release = () => resolve(jpegDataUrl(1280, 720));
      });
    // The start's own capture may be counted already: this request's is the next one.
    const before = ports.captureCalls.length;
    const taking = controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 1000, priority: 'click' }, TOP_SENDER);
    await until(() => ports.captureCalls.length > before, 'the capture under way');
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 1000));
    // Left by a page of another tab (its tab closed since).
    ports.shots.set('c2', shot(session.id, 'c2', T0 + 1100, 2));
    expect(await controller.settleLostScreenshots(1)).toBe(0);
    expect(ports.shots.has('c1')).toBe(true);
    expect(ports.shots.has('c2')).toBe(true);
    release();
    expect(await taking).toBe('stored');
    // Settled since: the copy goes; the other tab's lost request is recorded missing.
    expect(await controller.settleLostScreenshots()).toBe(1);
    expect((await screenshotEvent('c1')).screenshotId).not.toBeNull();
    expect((await screenshotEvent('c2')).missingReason).toBe('recorder-restarted');
    expect(ports.shots.size).toBe(0);
  });

  it('waits for an event not committed yet while the walk records, and forgets it once the walk ended or was deleted', async () => {
    const session = await started();
    ports.shots.set('later', shot(session.id, 'later', T0 + 500));
    ports.shots.set('gone', shot('deleted-session', 'gone', T0 + 500));
    expect(await controller.settleLostScreenshots()).toBe(0);
    expect([...ports.shots.keys()]).toEqual(['later']);
    await controller.stop();
    expect(await controller.settleLostScreenshots()).toBe(0);
    expect(ports.shots.size).toBe(0);
    expect(await db.events.get('later:screenshot')).toBeUndefined();
  });

  it('runs at worker start, after the outbox’s events: a click recovered there gets its record', async () => {
    const session = await started();
    ports.outbox.set('c1', { sessionId: session.id, tabId: 1, frameId: 0, event: clickDraft('c1', T0 + 700) });
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 700));
    expect(await controller.recoverOutbox()).toBe(1);
    expect((await screenshotEvent('c1')).missingReason).toBe('recorder-restarted');
  });

  it('commits an event a tab sent before it closed that arrives after the close (a late worker), never one from after', async () => {
    const session = await started();
    ports.openTab(2, { openerTabId: 1 });
    await controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: 'https://shop.example/help' });
    ports.time = T0 + 5000;
    ports.tabs.delete(2);
    await controller.onTabClosed(2);
    const fromTab2 = { ...TOP_SENDER, tabId: 2 };
    expect(await controller.recordPageEvent(clickDraft('before', T0 + 4900), fromTab2)).toMatchObject({ duplicate: false });
    expect(await controller.recordPageEvent(clickDraft('after', T0 + 5100), fromTab2)).toEqual({ dropped: 'not-recording' });
    const ids = (await eventsOf(session.id)).map((event) => event.id);
    expect(ids).toContain('before');
    expect(ids).not.toContain('after');
  });

  it('a tab’s next top page saying hello commits what its earlier page left after this worker started, and the stop does too', async () => {
    const session = await started();
    await controller.recoverOutbox();
    // Written by a page going away after this worker's start had looked.
    ports.outbox.set('c1', { sessionId: session.id, tabId: 1, frameId: 0, event: clickDraft('c1', T0 + 700) });
    ports.shots.set('c1', shot(session.id, 'c1', T0 + 700));
    await controller.hello(1, true);
    await until(() => ports.shots.size === 0, 'the left-behind request settled');
    expect(await db.events.get('c1')).toMatchObject({ kind: 'click', sessionId: session.id });
    expect((await screenshotEvent('c1')).missingReason).toBe('recorder-restarted');
    ports.outbox.set('c2', { sessionId: session.id, tabId: 1, frameId: 0, event: clickDraft('c2', T0 + 800) });
    await controller.stop();
    const events = await eventsOf(session.id);
    expect(events.findIndex((event) => event.id === 'c2')).toBeLessThan(events.findIndex((event) => event.kind === 'session-stop'));
  });

  it('a request a leaving page says is lost is recorded missing without a capture, once its click is committed', async () => {
    await started();
    const calls = ports.captureCalls.length;
    void controller.recordPageEvent(clickDraft('c1', T0 + 900), TOP_SENDER);
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 900, priority: 'click', lost: true }, TOP_SENDER)).toBe('missing');
    expect((await screenshotEvent('c1')).missingReason).toBe('recorder-restarted');
    expect(ports.captureCalls.length).toBe(calls);
    // Of a tab outside the walk: nothing to say it of, nothing kept.
    expect(
      await controller.requestScreenshot({ eventId: 'nope', point: null, epochMs: T0 + 900, priority: 'click', lost: true }, { ...TOP_SENDER, tabId: 9 }),
    ).toBe('not-recording');
    expect(await db.events.get('nope:screenshot')).toBeUndefined();
    expect(ports.shots.has('nope')).toBe(false);
  });

  it('a lost request that arrives before its click’s batch is recorded missing when the click commits', async () => {
    await started();
    const calls = ports.captureCalls.length;
    // The page posted the batch first, but the lost message reached its handler first.
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 900, priority: 'click', lost: true }, TOP_SENDER)).toBe('missing');
    expect(await db.events.get('c1:screenshot')).toBeUndefined();
    // Kept for a worker stopped before the click comes.
    expect(ports.shots.get('c1')).toMatchObject({ eventId: 'c1', tabId: 1, frameId: 0 });
    await controller.recordPageEvent(clickDraft('c1', T0 + 900), TOP_SENDER);
    expect((await screenshotEvent('c1')).missingReason).toBe('recorder-restarted');
    expect(ports.shots.has('c1')).toBe(false);
    expect(ports.captureCalls.length).toBe(calls);
    // A re-sent click writes no second record.
    await controller.recordPageEvent(clickDraft('c1', T0 + 900), TOP_SENDER);
    expect((await eventsOf((await controller.current())!.id)).filter((event) => event.id === 'c1:screenshot')).toHaveLength(1);
  });

  it('a lost request whose click comes to the next worker is settled from the kept copy at the tab’s next hello', async () => {
    const session = await started();
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 900, priority: 'click', lost: true }, TOP_SENDER);
    // The worker is stopped before the click's batch is handled; the next one commits it.
    const restarted = new SessionController(db, ports);
    await restarted.recordPageEvent(clickDraft('c1', T0 + 900), TOP_SENDER);
    expect(await db.events.get('c1:screenshot')).toBeUndefined();
    await restarted.hello(1, true);
    await until(() => ports.shots.size === 0, 'the kept request settled');
    expect((await screenshotEvent('c1')).missingReason).toBe('recorder-restarted');
    expect((await screenshotEvent('c1')).sessionId).toBe(session.id);
  });

  it('a lost request whose click never comes leaves no record, and its copy goes when the walk ends', async () => {
    await started();
    await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 900, priority: 'click', lost: true }, TOP_SENDER);
    await controller.stop();
    await controller.settleLostScreenshots();
    expect(await db.events.get('c1:screenshot')).toBeUndefined();
    expect(ports.shots.size).toBe(0);
  });
});

describe('storage full (the disk refuses the walk’s writes)', () => {
  /** Makes IndexedDB refuse every write as a full disk does, until the returned function frees it. */
  function fillDisk(): () => void {
    const stores = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, unknown> } }).IDBObjectStore.prototype;
    const cursors = (globalThis as unknown as { IDBCursor: { prototype: Record<string, unknown> } }).IDBCursor.prototype;
    const saved = { put: stores.put, add: stores.add, update: cursors.update };
    const refuse = () => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    };
    stores.put = refuse;
    stores.add = refuse;
    cursors.update = refuse;
    return () => {
      stores.put = saved.put;
      stores.add = saved.add;
      cursors.update = saved.update;
    };
  }

  async function screenshotEvent(eventId: string): Promise<EventOf<'screenshot'>> {
    const event = await db.events.get(screenshotEventId(eventId));
    if (event?.kind !== 'screenshot') throw new Error(`no screenshot event for ${eventId}`);
    return event;
  }

  let free: (() => void) | null = null;
  afterEach(() => {
    free?.();
    free = null;
  });

  /** No image without the screenshot event that shows it, no event pointing at an image that is not there. */
  async function expectNothingHalfWritten(sessionId: string) {
    const images = await db.screenshots.where('sessionId').equals(sessionId).toArray();
    const shots = (await ofKind(sessionId, 'screenshot')).filter((event) => event.screenshotId != null);
    const referenced = new Set(shots.map((event) => event.screenshotId));
    expect(images.filter((image) => !referenced.has(image.id)).map((image) => image.id)).toEqual([]);
    expect(shots.filter((event) => !images.some((image) => image.id === event.screenshotId)).map((event) => event.id)).toEqual([]);
    const session = await reload(sessionId);
    expect(session.screenshotCount).toBe(images.length);
    expect(session.eventCount).toBe((await eventsOf(sessionId)).length);
  }

  it('pauses the walk at the first refused write; the page keeps its earlier events until Resume lets them in', async () => {
    const session = await started();
    free = fillDisk();
    ports.time = T0 + 200;
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).rejects.toSatisfy(isQuotaError);
    expect(ports.statuses.at(-1)).toBe('storage-full');
    expect(ports.broadcasts.at(-1)?.state).toEqual({ recording: false, sessionId: session.id, status: 'paused', masking: 'balanced', storageFull: true });
    expect(await controller.stateForTab(1)).toMatchObject({ recording: false, status: 'paused', storageFull: true });
    // The page's re-send is refused with a code it keeps the event for; an event of the pause is not the walk's.
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).rejects.toMatchObject({ error: { code: 'storage-full' } });
    ports.time = T0 + 400;
    expect(await controller.recordPageEvent(clickDraft('c2', T0 + 300), TOP_SENDER)).toEqual({ dropped: 'not-recording' });
    // Resume is the probe: still full, the walk stays paused.
    await expect(controller.resume()).rejects.toSatisfy(isQuotaError);
    expect(await controller.stateForTab(1)).toMatchObject({ storageFull: true });

    free();
    free = null;
    ports.time = T0 + 5000;
    expect((await controller.resume()).status).toBe('recording');
    expect(ports.statuses.at(-1)).toBe('recording');
    expect(ports.broadcasts.at(-1)?.state).toEqual({ recording: true, sessionId: session.id, status: 'recording', masking: 'balanced' });
    expect((await reload(session.id)).pauses).toEqual([{ fromEpochMs: T0 + 200, toEpochMs: T0 + 5000, reason: 'storage-full' }]);
    expect(await ofKind(session.id, 'pause')).toMatchObject([{ t: 200, reason: 'storage-full' }]);
    expect(await ofKind(session.id, 'resume')).toMatchObject([{ t: 5000, afterInterruption: false, lostEvents: 1 }]);
    // The page's next re-send commits the click from before the pause; the one of the pause stays out.
    expect(await controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).toMatchObject({ duplicate: false });
    expect(await controller.recordPageEvent(clickDraft('c2', T0 + 300), TOP_SENDER)).toEqual({ dropped: 'not-recording' });
    // And the walk records again.
    ports.time = T0 + 6000;
    expect(await controller.recordPageEvent(clickDraft('c3', T0 + 6000), TOP_SENDER)).toMatchObject({ duplicate: false });
    expect((await ofKind(session.id, 'click')).map((event) => event.id)).toEqual(['c1', 'c3']);
    await expectNothingHalfWritten(session.id);
  });

  it('keeps a click the page made after an earlier refused write but before it was told: committed once after Resume', async () => {
    // What storage-full.spec saw: the disk refused a scroll first (T0 + 200); the page, told of the pause only
    // at T0 + 230, recorded a click at T0 + 215 meanwhile. That click is the walk's, not a moment of the pause.
    const session = await started();
    const child: EventSender = { ...TOP_SENDER, frameId: 3 };
    const sentWhileTelling: Promise<unknown>[] = [];
    const broadcast = ports.broadcastState.bind(ports);
    ports.broadcastState = async (tabId, state) => {
      if (state.storageFull) {
        // Another frame's event arrives while the pages are being told; the message takes 30 ms.
        sentWhileTelling.push(controller.recordPageEvent(scrollDraft('s2', T0 + 205), child).catch((error: unknown) => error));
        ports.time = T0 + 230;
      }
      return broadcast(tabId, state);
    };
    free = fillDisk();
    ports.time = T0 + 200;
    await expect(controller.recordPageEvent(scrollDraft('s1', T0 + 190), TOP_SENDER)).rejects.toSatisfy(isQuotaError);
    expect(await Promise.all(sentWhileTelling)).toMatchObject([{ error: { code: 'storage-full' } }]);
    ports.broadcastState = broadcast;
    // The click and its screenshot request, sent before the page learned of the pause, arrive after it.
    ports.time = T0 + 240;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: { x: 4, y: 5 }, epochMs: T0 + 212, priority: 'click' }, TOP_SENDER)).toBe('missing');
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 215), TOP_SENDER)).rejects.toMatchObject({ error: { code: 'storage-full' } });
    // A page that records on once told (its clock a moment after the telling) is in the pause.
    expect(await controller.recordPageEvent(clickDraft('c2', T0 + 231), TOP_SENDER)).toEqual({ dropped: 'not-recording' });

    free();
    free = null;
    ports.time = T0 + 5000;
    await controller.resume();
    // The span and the pause start at the telling, after every event the pages stamped before it.
    expect((await reload(session.id)).pauses).toEqual([{ fromEpochMs: T0 + 230, toEpochMs: T0 + 5000, reason: 'storage-full' }]);
    expect(await ofKind(session.id, 'pause')).toMatchObject([{ t: 230, reason: 'storage-full' }]);
    expect(await ofKind(session.id, 'resume')).toMatchObject([{ lostEvents: 1 }]);
    // The pages' re-sends commit them, once each.
    for (let i = 0; i < 2; i++) {
      expect(await controller.recordPageEvent(scrollDraft('s1', T0 + 190), TOP_SENDER)).toMatchObject({ duplicate: i > 0 });
      expect(await controller.recordPageEvent(scrollDraft('s2', T0 + 205), child)).toMatchObject({ duplicate: i > 0 });
      expect(await controller.recordPageEvent(clickDraft('c1', T0 + 215), TOP_SENDER)).toMatchObject({ duplicate: i > 0 });
      expect(await controller.recordPageEvent(clickDraft('c2', T0 + 231), TOP_SENDER)).toEqual({ dropped: 'not-recording' });
    }
    expect((await ofKind(session.id, 'click')).map((event) => event.id)).toEqual(['c1']);
    expect((await ofKind(session.id, 'scroll')).map((event) => event.id)).toEqual(['s1', 's2']);
    // Its step says why it has no image, once.
    expect((await ofKind(session.id, 'screenshot')).filter((event) => event.forEventId === 'c1')).toMatchObject([
      { screenshotId: null, missingReason: 'storage-full', requestedT: 212 },
    ]);
    await expectNothingHalfWritten(session.id);
  });

  it('stores no image whose events the disk refused; the step says storage-full once the disk takes writes', async () => {
    const session = await started();
    const imagesBefore = await db.screenshots.count();
    free = fillDisk();
    ports.time = T0 + 100;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: { x: 4, y: 5 }, epochMs: T0 + 100, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(await db.screenshots.count()).toBe(imagesBefore);
    expect(await db.events.get(screenshotEventId('c1'))).toBeUndefined();
    expect(await controller.stateForTab(1)).toMatchObject({ storageFull: true });
    // A request of the same moment sent again while the disk is full keeps one event, not two.
    expect(await controller.requestScreenshot({ eventId: 'c1', point: { x: 4, y: 5 }, epochMs: T0 + 100, priority: 'click' }, TOP_SENDER)).toBe('missing');

    free();
    free = null;
    ports.time = T0 + 3000;
    await controller.resume();
    expect(await screenshotEvent('c1')).toMatchObject({ screenshotId: null, missingReason: 'storage-full', point: { x: 4, y: 5 }, requestedT: 100 });
    expect((await ofKind(session.id, 'screenshot')).filter((event) => event.forEventId === 'c1')).toHaveLength(1);
    await expectNothingHalfWritten(session.id);
  });

  it('pauses when the image alone is refused, its step saying storage-full at once', async () => {
    const session = await started();
    vi.spyOn(db.screenshots, 'add').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    ports.time = T0 + 50;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 50, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(await screenshotEvent('c1')).toMatchObject({ screenshotId: null, missingReason: 'storage-full' });
    expect(await controller.stateForTab(1)).toMatchObject({ storageFull: true });
    await expectNothingHalfWritten(session.id);
  });

  it('gives a screenshot request from before the pause, arriving after it, its reason rather than a later image', async () => {
    const session = await started();
    free = fillDisk();
    ports.time = T0 + 200;
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).rejects.toBeDefined();
    free();
    free = null;
    ports.time = T0 + 4000;
    await controller.resume();
    const captures = ports.captureCalls.length;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 100, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(ports.captureCalls.length).toBe(captures);
    expect(await screenshotEvent('c1')).toMatchObject({ missingReason: 'storage-full', screenshotId: null });
    // A request of after the pause is taken as usual.
    expect(await controller.requestScreenshot({ eventId: 'c2', point: null, epochMs: T0 + 4100, priority: 'click' }, TOP_SENDER)).toBe('stored');
    await expectNothingHalfWritten(session.id);
  });

  it('survives a worker restart: the pause is kept in memory (storage.session), not in the database', async () => {
    const session = await started();
    free = fillDisk();
    ports.time = T0 + 200;
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).rejects.toBeDefined();
    const restarted = new SessionController(db, ports);
    expect(await restarted.stateForTab(1)).toMatchObject({ recording: false, status: 'paused', storageFull: true });
    await restarted.refreshStatus();
    expect(ports.statuses.at(-1)).toBe('storage-full');
    free();
    free = null;
    ports.time = T0 + 2000;
    await restarted.resume();
    expect(await ofKind(session.id, 'pause')).toMatchObject([{ t: 200, reason: 'storage-full' }]);
  });

  it('refuses Stop while the disk is full, and ends the walk with its pause written once it is freed', async () => {
    const session = await started();
    free = fillDisk();
    ports.time = T0 + 200;
    await expect(controller.recordPageEvent(clickDraft('c1', T0 + 100), TOP_SENDER)).rejects.toBeDefined();
    await expect(controller.stop()).rejects.toSatisfy(isQuotaError);
    expect((await reload(session.id)).status).toBe('recording');
    free();
    free = null;
    ports.time = T0 + 2000;
    expect((await controller.stop()).status).toBe('ended');
    expect((await eventsOf(session.id)).map((event) => event.kind).slice(-2)).toEqual(['pause', 'session-stop']);
    expect((await reload(session.id)).pauses).toEqual([{ fromEpochMs: T0 + 200, toEpochMs: T0 + 2000, reason: 'storage-full' }]);
    expect(await controller.stateForTab(1)).toMatchObject({ recording: false, sessionId: null });
  });

  it('a capture that failed for its own reason keeps it when the full disk holds its event back', async () => {
    const session = await started();
    free = fillDisk();
    ports.capture = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    ports.time = T0 + 100;
    expect(await controller.requestScreenshot({ eventId: 'c1', point: null, epochMs: T0 + 100, priority: 'click' }, TOP_SENDER)).toBe('missing');
    expect(await controller.stateForTab(1)).toMatchObject({ storageFull: true });
    free();
    free = null;
    ports.time = T0 + 1000;
    await controller.resume();
    expect(await screenshotEvent('c1')).toMatchObject({ screenshotId: null, missingReason: 'capture-failed' });
    await expectNothingHalfWritten(session.id);
  });

  it('keeps the tester’s own Pause apart: its event says tester, its span has no reason', async () => {
    const session = await started();
    ports.time = T0 + 100;
    await controller.pause();
    expect(await ofKind(session.id, 'pause')).toMatchObject([{ reason: 'tester' }]);
    expect((await reload(session.id)).pauses).toEqual([{ fromEpochMs: T0 + 100, toEpochMs: null }]);
  });
});
