// A long walk recorded through the background's own code, for the long-walk e2e test and `npm run bench:map`.
// Bundled by long-walk-recorded.mjs and run in an extension page (the origin that owns the database): a
// SessionController and a TesterLayer, the background's two writers, commit every event, screenshot and
// annotation as they do during a walk, on a clock of their own that starts two hours ago. Only what reaches
// the browser is replaced: the clock, the tab (its id and address are the real tab's), and the screenshots,
// whose images are real captures of the demo shop's pages (JPEG, 1280×800) handed in by the caller and taken
// in turn. The walk is left recording at the real time; `handOver` then tells the browser, as `start` does.
import type { NoteKind } from '@/lib/annotations/types';
import type { PageEventDraft } from '@/lib/capture/events';
import { createBrowserPorts } from '@/lib/recorder/browser-ports';
import { type EventSender, SessionController } from '@/lib/recorder/controller';
import type { BrowserPorts, TabInfo } from '@/lib/recorder/ports';
import { TabStreams } from '@/lib/recorder/tab-streams';
import { TesterLayer } from '@/lib/recorder/tester-layer';
import { database } from '@/lib/store/db';

export interface SeedOptions {
  /** The real tab the walk is recorded in (the demo shop's page). */
  tabId: number;
  windowId: number;
  /** The demo shop's address, ending in '/'. */
  shopUrl: string;
  /** Human steps the walk ends with (the start included), as the map counts them. */
  steps: number;
  /** The walk's length, ms: its first step is this long before now. */
  durationMs: number;
  /** JPEG data URLs of real 1280×800 captures, used in turn as each step's screenshot. */
  images: string[];
  title: string;
  /** An annotation (emotion or note, in turn) every this many steps; a stage switch every `stageEvery`. */
  annotateEvery?: number;
  stageEvery?: number;
  /** A new page every this many steps (a link clicked, its navigation and load). */
  pageEvery?: number;
}

export interface SeedResult {
  sessionId: string;
  steps: number;
  events: number;
  screenshots: number;
  annotations: number;
  stageSwitches: number;
  /** Wall time of the seeding, ms. */
  tookMs: number;
  /** The walk's clock at its last event, against the real clock (ms; ≤ 0). */
  endOffsetMs: number;
}

const PAGES = ['catalogue', 'product', 'reviews', 'size-guide', 'cart', 'delivery', 'search', 'account', 'index'];
const BUTTONS = ['Add to cart', 'Next photo', 'Show more reviews', 'Filter by size', 'Sort by price', 'Apply promo code', 'Track my order', 'Colour: blue'];
const NOTES: NoteKind[] = ['thought', 'pain', 'opportunity', 'expectation', 'note'];

/** A small deterministic generator (mulberry32): the same walk every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The controller's ports: the browser's, but for the clock, the tab, its stream and its captures. */
function seedPorts(options: SeedOptions, clock: { now: number }, currentUrl: () => string): BrowserPorts {
  let shot = 0;
  const real = createBrowserPorts(new TabStreams());
  const tab = (): TabInfo => ({
    id: options.tabId,
    windowId: options.windowId,
    openerTabId: null,
    url: currentUrl(),
    title: 'Parcours demo shop',
    active: true,
    width: 1280,
    height: 800,
  });
  let ids = 0;
  return {
    ...real,
    getTab: async (tabId) => (tabId === options.tabId ? tab() : null),
    captureVisibleTab: async () => options.images[shot++ % options.images.length] as string,
    frames: async () => [{ frameId: 0, parentFrameId: -1, url: currentUrl() }],
    describeChildFrames: async () => [],
    // The page is told once the walk has caught up with the real time (handOver), not during the seeding.
    broadcastState: async () => undefined,
    broadcastAlwaysBlur: async () => undefined,
    ensureContentScript: async () => undefined,
    showStatus: async () => undefined,
    startTabStream: async () => ({ ok: false, reason: 'A walk written by the long-walk seeder: screenshots are captures of the demo shop' }),
    stopTabStream: async () => undefined,
    resizeTabStream: async () => undefined,
    holdStreamFrame: async () => false,
    composeStreamFrame: async () => null,
    // The demo shop's pages shown here hold nothing private: the top frame says so, for the image's viewport.
    privateBoxes: async () => ({ viewport: { width: 1280, height: 800 }, boxes: [], slots: [], tookMs: 0 }),
    hideOverlay: async () => null,
    showOverlay: async () => undefined,
    refreshOverlay: async () => undefined,
    outboxEntries: async () => [],
    forgetOutboxEntry: async () => undefined,
    echoMemory: { read: async () => undefined, write: async () => undefined },
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    randomId: () => `seed-${(ids++).toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
  };
}

export async function seedLongRecordedWalk(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { steps: target, annotateEvery = 20, stageEvery = 290, pageEvery = 9 } = options;
  const rand = random(2026);
  const realStart = Date.now();
  // When each step begins: think times of 0.4x to 1.6x the mean, scaled so the last step begins a minute
  // before now (what a step does after its click, a page load, a note, takes a few seconds more).
  const gaps = Array.from({ length: target }, () => 0.4 + 1.2 * rand());
  const scale = (options.durationMs - 60_000) / gaps.reduce((sum, gap) => sum + gap, 0);
  const begins: number[] = [];
  for (const gap of gaps) begins.push((begins[begins.length - 1] ?? realStart - options.durationMs) + Math.round(gap * scale));
  const clock = { now: realStart - options.durationMs };
  let url = options.shopUrl;
  const db = database();
  const ports = seedPorts(options, clock, () => url);
  const controller = new SessionController(db, ports);
  const layer = new TesterLayer(db, { now: () => clock.now });
  const session = await controller.start(options.tabId, {
    title: options.title,
    persona: { name: 'Long-walk tester', description: '' },
    scenario: '',
    goal: '',
  });
  const sessionId = session.id;
  const sender: EventSender = { tabId: options.tabId, frameId: 0, tabTitle: 'Parcours demo shop', tabUrl: null };
  let seq = 0;
  const id = (what: string) => `seed-${what}-${seq++}`;
  const at = () => clock.now;
  const send = (draft: Record<string, unknown>) =>
    controller.recordPageEvent({ frameUrl: url, epochMs: at(), ...draft } as PageEventDraft, { ...sender, tabUrl: url });
  const click = async (name: string, role: string, point: { x: number; y: number }, href?: string) => {
    const clickId = id('click');
    await send({
      id: clickId,
      kind: 'click',
      target: {
        tag: role === 'link' ? 'a' : 'button',
        role,
        name,
        text: name,
        rect: { x: point.x - 40, y: point.y - 12, width: 80, height: 24 },
        selectors: [[`aria/${name}[role="${role}"]`], [`text/${name}`]],
        inShadow: false,
        ...(href ? { href } : {}),
      },
      point,
      button: 0,
      pointerType: 'mouse',
      devicePixelRatio: 1,
      frame: null,
      clickCount: 1,
    });
    return clickId;
  };
  const screenshot = (eventId: string, point: { x: number; y: number } | null, priority: 'click' | 'navigation') =>
    controller.requestScreenshot({ eventId, point, epochMs: at(), priority }, { ...sender, tabUrl: url });

  let annotations = 0;
  let stageSwitches = 0;
  let stageIndex = 0;
  let live = (await layer.steps(sessionId)).steps.length;
  for (let step = 1; live < target; step++) {
    clock.now = Math.max(clock.now + 300, begins[step - 1] ?? clock.now);
    const point = { x: 80 + Math.round(rand() * 1100), y: 120 + Math.round(rand() * 600) };
    if (step % pageEvery === 0) {
      // A link to another page: the click, then its navigation and load, which belong to the click's step.
      const page = PAGES[(step / pageEvery) % PAGES.length] as string;
      const to = `${options.shopUrl}${page === 'index' ? '' : page}?visit=${step}`;
      const clickId = await click(`Go to ${page}`, 'link', point, to);
      await screenshot(clickId, point, 'click');
      const fromUrl = url;
      clock.now += 180 + Math.round(rand() * 400);
      url = to;
      const navigationId = id('navigation');
      await send({ id: navigationId, kind: 'navigation', navigationType: 'link', sameDocument: false, fromUrl });
      clock.now += 120 + Math.round(rand() * 300);
      await send({
        id: id('load'),
        kind: 'page-load',
        title: `Demo shop: ${page}`,
        viewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
        timing: { responseStartMs: 40, domContentLoadedMs: 180, loadMs: 260, transferSize: 18_000 },
        restoredFromCache: false,
      });
      clock.now += 200;
      await screenshot(navigationId, null, 'navigation');
    } else {
      const name = `${BUTTONS[step % BUTTONS.length]} ${Math.ceil(step / BUTTONS.length)}`;
      const clickId = await click(name, 'button', point);
      await screenshot(clickId, point, 'click');
      if (rand() < 0.6) {
        clock.now += 60 + Math.round(rand() * 200);
        await send({ id: id('dom'), kind: 'dom-change', forEventId: clickId, delayMs: 80, mutations: 3 + Math.round(rand() * 40) });
      }
      if (rand() < 0.15) {
        clock.now += 400 + Math.round(rand() * 800);
        await send({
          id: id('scroll'),
          kind: 'scroll',
          scrollY: Math.round(rand() * 1600),
          maxDepthPct: Math.round(rand() * 100),
          documentHeight: 2400,
          viewportHeight: 800,
        });
      }
    }
    live = (await layer.steps(sessionId)).steps.length;
    if (step % annotateEvery === 0) {
      // From the overlay or the side panel, on the latest step: an emotion and a note in turn.
      clock.now += 1500;
      const round = step / annotateEvery;
      const payload =
        round % 2 === 0
          ? { kind: 'emotion' as const, data: { valence: ((round / 2) % 5) - 2, label: null } }
          : { kind: 'note' as const, data: { noteKind: NOTES[Math.floor(round / 2) % NOTES.length] as NoteKind, text: `Remark at step ${live}` } };
      await layer.annotate({ id: crypto.randomUUID(), sessionId, author: 'tester', payload: payload as never });
      annotations++;
    }
    if (step % stageEvery === 0 && stageIndex < session.stages.length - 1) {
      stageIndex++;
      await layer.switchStage({ id: crypto.randomUUID(), sessionId, to: { stageId: session.stages[stageIndex]?.id as string }, author: 'tester' });
      stageSwitches++;
    }
  }
  await controller.settleScreenshots();
  const fresh = await db.sessions.get(sessionId);
  return {
    sessionId,
    steps: live,
    events: fresh?.eventCount ?? 0,
    screenshots: fresh?.screenshotCount ?? 0,
    annotations,
    stageSwitches,
    tookMs: Math.round(performance.now() - started),
    endOffsetMs: clock.now - Date.now(),
  };
}

/**
 * What the controller's `start` tells the browser, done once the seeded walk has caught up with the real
 * clock: the walk's status (badge, the recorder registered for the tab's next pages) and the page already in
 * the tab given the recorder, which then asks the real background whether it records.
 */
export async function handOver(tabId: number): Promise<void> {
  const real = createBrowserPorts(new TabStreams());
  await real.showStatus('recording');
  await real.ensureContentScript(tabId);
}

/**
 * One more click of the walk, committed now by the controller as the page's would be (no screenshot):
 * for timing how soon a view following the walk shows a new step. Resolves once committed, with the real time.
 */
export async function commitClick(options: { sessionId: string; tabId: number; windowId: number; shopUrl: string; name: string; x: number }) {
  const clock = { now: Date.now() };
  const ports = seedPorts(
    { tabId: options.tabId, windowId: options.windowId, shopUrl: options.shopUrl, steps: 0, durationMs: 0, images: [], title: '' },
    clock,
    () => options.shopUrl,
  );
  const controller = new SessionController(database(), { ...ports, now: () => Date.now() });
  const id = `bench-click-${crypto.randomUUID()}`;
  const result = await controller.recordPageEvent(
    {
      id,
      kind: 'click',
      epochMs: Date.now(),
      frameUrl: options.shopUrl,
      target: {
        tag: 'button',
        role: 'button',
        name: options.name,
        text: options.name,
        rect: { x: options.x - 40, y: 388, width: 80, height: 24 },
        selectors: [[`text/${options.name}`]],
        inShadow: false,
      },
      point: { x: options.x, y: 400 },
      button: 0,
      pointerType: 'mouse',
      devicePixelRatio: 1,
      frame: null,
      clickCount: 1,
    },
    { tabId: options.tabId, frameId: 0, tabTitle: 'Parcours demo shop', tabUrl: options.shopUrl },
  );
  return { id, committedAt: Date.now(), recorded: 'seq' in result };
}
