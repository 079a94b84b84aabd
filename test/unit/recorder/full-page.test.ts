import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventOf } from '@/lib/capture/events';
import type { EventSender } from '@/lib/recorder/controller';
import { FullPageCapturer, type FullPagePorts, fullPageEventId, type ViewportFrame } from '@/lib/recorder/full-page';
import type { PageMetrics } from '@/lib/recorder/full-page-plan';
import type { TabInfo } from '@/lib/recorder/ports';
import { TesterLayer } from '@/lib/recorder/tester-layer';
import { ParcoursDatabase } from '@/lib/store/db';
import { commitEvent, type EventToCommit, sessionEvents } from '@/lib/store/events';
import { START_EPOCH_MS, sessionRecord, target } from '../fixtures/events';

const SENDER: EventSender = { tabId: 1, frameId: 0, tabTitle: 'Delivery and returns', tabUrl: 'https://shop.example/delivery' };
const DELIVERY: PageMetrics = { scrollHeight: 2554, viewportWidth: 1280, viewportHeight: 800, devicePixelRatio: 1 };

/** The browser and the page as the capturer sees them, every part under the test's control. */
class FakePorts implements FullPagePorts {
  time = START_EPOCH_MS + 10_000;
  tab: TabInfo | null = {
    id: 1,
    windowId: 1,
    openerTabId: null,
    url: 'https://shop.example/delivery?email=ann@example.com',
    title: 'Delivery and returns',
    active: true,
    width: 1280,
    height: 800,
  };
  metrics: PageMetrics = DELIVERY;
  /** What the page was asked, in order. */
  readonly pageCalls: string[] = [];
  /** Where the page really scrolls when asked for `y` (the page may refuse). */
  scrolled: (y: number) => number = (y) => y;
  frame: (index: number) => Promise<Blob> = async (index) => new Blob([`frame ${index}`], { type: 'image/jpeg' });
  prepareFails: Error | null = null;
  scrollFailsAt: number | null = null;
  stitchFails: Error | null = null;
  stitched: { frames: ViewportFrame[]; layout: { viewportHeight: number; coveredHeight: number } }[] = [];
  topFrameRuns: number[] = [];
  /** Called while frames are taken, to change the world mid-capture. */
  duringCapture: () => Promise<void> = async () => undefined;
  private frames = 0;
  private ids = 0;

  readonly page = {
    startInTopFrame: async (tabId: number) => {
      this.topFrameRuns.push(tabId);
    },
    prepare: async (tabId: number) => {
      this.pageCalls.push(`prepare:${tabId}`);
      if (this.prepareFails) throw this.prepareFails;
      return this.metrics;
    },
    scrollTo: async (tabId: number, step: { y: number; index: number; total: number; hideFixed: boolean }) => {
      this.pageCalls.push(`scroll:${tabId}:${step.y}:${step.index + 1}/${step.total}${step.hideFixed ? ':hide-fixed' : ''}`);
      if (this.scrollFailsAt === step.index) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { scrollY: this.scrolled(step.y) };
    },
    restore: async (tabId: number) => {
      this.pageCalls.push(`restore:${tabId}`);
    },
  };

  async getTab() {
    return this.tab ? { ...this.tab } : null;
  }
  async takeViewportFrame(tabId: number) {
    this.pageCalls.push(`frame:${tabId}`);
    await this.duringCapture();
    return this.frame(this.frames++);
  }
  async stitch(frames: readonly ViewportFrame[], layout: { viewportHeight: number; coveredHeight: number }) {
    this.stitched.push({ frames: [...frames], layout });
    if (this.stitchFails) throw this.stitchFails;
    return { blob: new Blob(['x'.repeat(3000)], { type: 'image/jpeg' }), width: 1280, height: layout.coveredHeight };
  }
  now() {
    return this.time;
  }
  randomId() {
    this.ids += 1;
    return `shot-${this.ids}`;
  }
}

let db: ParcoursDatabase;
let ports: FakePorts;
let capturer: FullPageCapturer;
let databases = 0;

async function event(fields: Partial<EventToCommit> & Pick<EventToCommit, 'id' | 'kind'>, t: number): Promise<void> {
  await commitEvent(db, {
    sessionId: 's1',
    t,
    at: new Date(START_EPOCH_MS + t).toISOString(),
    tabId: 1,
    frameId: 0,
    url: 'https://shop.example/delivery',
    frameUrl: null,
    pageTitle: 'Delivery and returns',
    ...fields,
  } as EventToCommit);
}

beforeEach(async () => {
  databases += 1;
  db = new ParcoursDatabase(`full-page-test-${databases}-${Math.random().toString(36).slice(2)}`);
  await db.open();
  await db.sessions.add(sessionRecord({ status: 'recording', tabIds: [1], endedAt: null }));
  await event({ id: 'start', kind: 'session-start', startUrl: 'https://shop.example/', viewport: null }, 0);
  await event(
    {
      id: 'c1',
      kind: 'click',
      target: target({ name: 'Delivery and returns', role: 'link', tag: 'a' }),
      point: { x: 10, y: 10 },
      button: 0,
      pointerType: 'mouse',
      devicePixelRatio: 1,
      frame: null,
      clickCount: 1,
    },
    2000,
  );
  ports = new FakePorts();
  capturer = new FullPageCapturer(db, new TesterLayer(db, { now: () => ports.now() }), ports);
});

afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function fullPageEvents(): Promise<EventOf<'full-page'>[]> {
  return (await sessionEvents(db, 's1')).filter((item): item is EventOf<'full-page'> => item.kind === 'full-page');
}

describe('FullPageCapturer', () => {
  it('scrolls the page viewport by viewport, takes a frame at each, restores the page, stitches and stores the image', async () => {
    const answer = await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    expect(ports.pageCalls).toEqual([
      'prepare:1',
      'scroll:1:0:1/4',
      'frame:1',
      // Fixed elements show in the first frame only.
      'scroll:1:800:2/4:hide-fixed',
      'frame:1',
      'scroll:1:1600:3/4:hide-fixed',
      'frame:1',
      'scroll:1:1754:4/4:hide-fixed',
      'frame:1',
      'restore:1',
    ]);
    expect(ports.stitched).toHaveLength(1);
    expect(ports.stitched[0]?.frames.map((frame) => frame.scrollY)).toEqual([0, 800, 1600, 1754]);
    expect(ports.stitched[0]?.layout).toEqual({ viewportHeight: 800, coveredHeight: 2554 });
    expect(answer).toEqual({
      outcome: 'stored',
      step: 'Click "Delivery and returns"',
      viewports: 4,
      pageHeight: 2554,
      coveredHeight: 2554,
      truncated: false,
      missingReason: null,
    });

    const [stored] = await fullPageEvents();
    expect(stored).toMatchObject({
      id: 'fp1:full-page',
      kind: 'full-page',
      forEventId: 'c1',
      screenshotId: 'shot-1',
      width: 1280,
      height: 2554,
      viewports: 4,
      pageHeight: 2554,
      coveredHeight: 2554,
      truncated: false,
      missingReason: null,
      tabId: 1,
      frameId: null,
      t: 10_000,
      // The page's address is masked like every URL that reaches the store.
      url: expect.not.stringContaining('ann@example.com'),
    });
    const shot = await db.screenshots.get('shot-1');
    expect(shot).toMatchObject({ sessionId: 's1', tabId: 1, width: 1280, height: 2554, mime: 'image/jpeg', bytes: 3000 });
    expect(await db.sessions.get('s1')).toMatchObject({ screenshotCount: 1, screenshotBytes: 3000 });
  });

  it('goes to the step selected in the side panel rather than the latest one', async () => {
    await db.sessions.update('s1', { selectedEventId: 'start' });
    const answer = await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    expect(answer.step).toMatch(/^Start on/);
    expect((await fullPageEvents())[0]?.forEventId).toBe('start');
  });

  it('takes a request sent again once, whether it is still under way or done', async () => {
    const [first, again] = await Promise.all([
      capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER),
      capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER),
    ]);
    const later = await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    expect(again).toEqual(first);
    expect(later).toEqual(first);
    expect(ports.pageCalls.filter((call) => call === 'prepare:1')).toHaveLength(1);
    expect(await fullPageEvents()).toHaveLength(1);
    expect(await db.screenshots.count()).toBe(1);
  });

  it('answers a request sent again after a worker restart from the stored event, without a second capture', async () => {
    await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    const restarted = new FullPageCapturer(db, new TesterLayer(db, { now: () => ports.now() }), ports);
    const calls = ports.pageCalls.length;
    expect(await restarted.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({ outcome: 'stored', viewports: 4 });
    expect(ports.pageCalls).toHaveLength(calls);
    expect(await db.screenshots.count()).toBe(1);
  });

  it('takes one full page at a time in a tab: a second request meanwhile is told it is busy', async () => {
    const [first, second] = await Promise.all([
      capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER),
      capturer.capture({ id: 'fp2', epochMs: ports.time }, SENDER),
    ]);
    expect(first.outcome).toBe('stored');
    expect(second).toMatchObject({ outcome: 'busy', step: null });
    expect(await fullPageEvents()).toHaveLength(1);
    // Once done, the tab takes the next one.
    expect((await capturer.capture({ id: 'fp3', epochMs: ports.time }, SENDER)).outcome).toBe('stored');
  });

  it('takes nothing while the walk is paused, or for a tab outside the walk', async () => {
    await db.sessions.update('s1', { status: 'paused' });
    expect((await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).outcome).toBe('not-recording');
    await db.sessions.update('s1', { status: 'recording' });
    expect((await capturer.capture({ id: 'fp2', epochMs: ports.time }, { ...SENDER, tabId: 7 })).outcome).toBe('not-recording');
    expect(ports.pageCalls).toEqual([]);
    expect(await fullPageEvents()).toEqual([]);
  });

  it('keeps nothing when the walk was paused during the capture', async () => {
    ports.duringCapture = async () => {
      await db.sessions.update('s1', { status: 'paused' });
    };
    expect((await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).outcome).toBe('not-recording');
    expect(await fullPageEvents()).toEqual([]);
    expect(await db.screenshots.count()).toBe(0);
    expect(await db.sessions.get('s1')).toMatchObject({ screenshotCount: 0, screenshotBytes: 0 });
    expect(ports.pageCalls.at(-1)).toBe('restore:1');
  });

  it('records why there is no image: a tab in the background, a page that cannot be captured', async () => {
    ports.tab = { ...(ports.tab as TabInfo), active: false };
    expect(await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({ outcome: 'missing', missingReason: 'tab-not-visible' });
    ports.tab = { ...(ports.tab as TabInfo), active: true, url: 'chrome://settings/' };
    expect(await capturer.capture({ id: 'fp2', epochMs: ports.time }, SENDER)).toMatchObject({ outcome: 'missing', missingReason: 'page-not-capturable' });
    expect(ports.pageCalls).toEqual([]);
    expect((await fullPageEvents()).map((item) => [item.id, item.screenshotId, item.missingReason, item.forEventId])).toEqual([
      ['fp1:full-page', null, 'tab-not-visible', 'c1'],
      ['fp2:full-page', null, 'page-not-capturable', 'c1'],
    ]);
  });

  it('records a page that does not answer, and still asks it to put itself back', async () => {
    ports.prepareFails = new Error('Could not establish connection. Receiving end does not exist.');
    expect(await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({ outcome: 'missing', missingReason: 'page-unavailable' });
    expect(ports.pageCalls).toEqual(['prepare:1', 'restore:1']);
    expect((await fullPageEvents())[0]).toMatchObject({ missingReason: 'page-unavailable', missingDetail: expect.stringContaining('Receiving end') });
  });

  it('puts the page back when it stops answering midway, with the frames taken so far counted', async () => {
    ports.scrollFailsAt = 2;
    expect(await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({ outcome: 'missing', missingReason: 'page-unavailable' });
    expect(ports.pageCalls.at(-1)).toBe('restore:1');
    expect((await fullPageEvents())[0]).toMatchObject({ viewports: 2, screenshotId: null, coveredHeight: 0 });
    expect(ports.stitched).toEqual([]);
  });

  it('says why when the frame source refuses a frame: the tab went to the background, or the browser refused', async () => {
    ports.frame = async (index) => {
      if (index === 1) throw Object.assign(new Error('tab hidden'), { reason: 'tab-not-visible' });
      return new Blob(['frame']);
    };
    expect(await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({ missingReason: 'tab-not-visible' });
    expect(ports.pageCalls.at(-1)).toBe('restore:1');
    ports.frame = async () => {
      throw new Error('Failed to capture tab: unknown error');
    };
    expect(await capturer.capture({ id: 'fp2', epochMs: ports.time }, SENDER)).toMatchObject({ missingReason: 'capture-failed' });
    expect((await fullPageEvents())[1]?.missingDetail).toBe('Failed to capture tab: unknown error');
  });

  it('records a failed stitch as a failed capture, storing no image', async () => {
    ports.stitchFails = new Error('Out of memory');
    expect(await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER)).toMatchObject({
      outcome: 'missing',
      missingReason: 'capture-failed',
      viewports: 4,
    });
    expect(await db.screenshots.count()).toBe(0);
  });

  it('captures the top of a page too long for one image, and says how much', async () => {
    ports.metrics = { ...DELIVERY, scrollHeight: 40_000 };
    const answer = await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    expect(answer).toMatchObject({ outcome: 'stored', truncated: true, coveredHeight: 16_384, pageHeight: 40_000, viewports: 21 });
    expect(ports.stitched[0]?.layout.coveredHeight).toBe(16_384);
    expect((await fullPageEvents())[0]).toMatchObject({ truncated: true, coveredHeight: 16_384, pageHeight: 40_000 });
  });

  it('places each frame where the page really scrolled', async () => {
    ports.scrolled = (y) => Math.min(y, 1700);
    await capturer.capture({ id: 'fp1', epochMs: ports.time }, SENDER);
    expect(ports.stitched[0]?.frames.map((frame) => frame.scrollY)).toEqual([0, 800, 1600, 1700]);
  });

  it('runs a subframe’s shortcut in the top frame of a walk’s tab only', async () => {
    await capturer.startInTopFrame(1);
    await capturer.startInTopFrame(9);
    expect(ports.topFrameRuns).toEqual([1]);
  });

  it('names the event after the request', () => {
    expect(fullPageEventId('abc')).toBe('abc:full-page');
  });
});
