import { describe, expect, it } from 'vitest';
import { screenshotsByEvent } from '@/lib/journey/event-facts';
import { groupSteps } from '@/lib/journey/group';
import { isLate, isStale, PageChanges, stepScreenshot } from '@/lib/journey/moment';
import { EventFixture, SHOP } from '../fixtures/events';

/** A walk: the start, a click pressed at 1,000 ms whose image shows `delayMs` later, then the stop. */
function walk(shot: { delayMs: number; source?: 'tab-stream' | 'visible-tab'; requestedT?: number | null }, after?: (f: EventFixture) => void) {
  const f = new EventFixture();
  f.start();
  f.screenshot('start', 5, { screenshotId: 'img-start' }, { source: 'tab-stream', requestedT: 0, delayMs: 0 });
  f.click('c1', 1003);
  after?.(f);
  f.screenshot(
    'c1',
    1000 + shot.delayMs + 20,
    { screenshotId: 'img-c1' },
    { source: shot.source ?? 'visible-tab', requestedT: shot.requestedT === undefined ? 1000 : shot.requestedT, delayMs: shot.delayMs },
  );
  f.stop('stop', 5000);
  return f.events;
}

function clickStep(events: ReturnType<typeof walk>) {
  const step = groupSteps(events, 'en').find((s) => s.id === 'c1');
  if (!step) throw new Error('no click step');
  return step;
}

describe('isLate', () => {
  it('keeps an image within a press of its moment when nothing changed in between', () => {
    const events = walk({ delayMs: 60 });
    const shot = screenshotsByEvent(events).get('c1');
    expect(shot && isLate(shot, events)).toBe(false);
  });

  it('calls an image taken more than 100 ms after the press late', () => {
    const events = walk({ delayMs: 101 });
    const shot = screenshotsByEvent(events).get('c1');
    expect(shot && isLate(shot, events)).toBe(true);
  });

  it('calls an image late when the tab navigated before it was taken, or the page answered the click', () => {
    const navigated = walk({ delayMs: 80 }, (f) => f.navigation('n1', 1040, `${SHOP}/cart`, { navigationType: 'link', sameDocument: false }));
    const answered = walk({ delayMs: 80 }, (f) => f.add('dom-change', 'd1', 1010, { forEventId: 'c1', delayMs: 7, mutations: 3 }));
    const elsewhere = walk({ delayMs: 80 }, (f) => f.add('dom-change', 'd2', 1010, { forEventId: 'other', delayMs: 7, mutations: 3 }));
    for (const [events, late] of [
      [navigated, true],
      [answered, true],
      [elsewhere, false],
    ] as const) {
      const shot = screenshotsByEvent(events).get('c1');
      expect(shot && isLate(shot, events)).toBe(late);
    }
  });

  it('never judges a stream frame of the moment itself (delay 0), nor a walk recorded before moments were kept', () => {
    const stream = walk({ delayMs: 0, source: 'tab-stream' }, (f) => f.add('dom-change', 'd1', 1010, { forEventId: 'c1', delayMs: 7, mutations: 3 }));
    const old = walk({ delayMs: 692, requestedT: null });
    for (const events of [stream, old]) {
      const shot = screenshotsByEvent(events).get('c1');
      expect(shot && isLate(shot, events)).toBe(false);
    }
  });
});

describe('stepScreenshot on the map', () => {
  it('gives the step its image, its source and its delay', () => {
    expect(clickStep(walk({ delayMs: 0, source: 'tab-stream' }))).toMatchObject({
      screenshotId: 'img-c1',
      screenshotMissing: null,
      screenshotSource: 'tab-stream',
      screenshotDelayMs: 0,
      lateScreenshotId: null,
    });
  });

  it('never attaches a late image: the step says late, with the delay, and keeps the image as what came after', () => {
    expect(clickStep(walk({ delayMs: 692 }))).toMatchObject({
      screenshotId: null,
      screenshotMissing: 'late',
      screenshotSource: 'visible-tab',
      screenshotDelayMs: 692,
      lateScreenshotId: 'img-c1',
    });
  });

  it('prefers an image of the moment among the step’s events over an earlier late one, never the page it opened', () => {
    const f = new EventFixture();
    f.start();
    // Two quick clicks on one spot are one step; the first click’s image came late, the second’s on time.
    f.click('c1', 1000);
    f.screenshot('c1', 1800, { screenshotId: 'img-late' }, { requestedT: 1000, delayMs: 750, source: 'visible-tab' });
    f.click('c2', 1300);
    f.screenshot('c2', 1340, { screenshotId: 'img-c2' }, { requestedT: 1300, delayMs: 30, source: 'visible-tab' });
    f.stop('stop', 5000);
    expect(groupSteps(f.events, 'en').find((s) => s.id === 'c1')).toMatchObject({ screenshotId: 'img-c2', screenshotMissing: null, screenshotDelayMs: 30 });

    const opened = new EventFixture();
    opened.start();
    opened.click('c1', 1000);
    opened.screenshot('c1', 1800, { screenshotId: 'img-late' }, { requestedT: 1000, delayMs: 750, source: 'visible-tab' });
    opened.navigation('n1', 1200, `${SHOP}/cart`, { navigationType: 'link', sameDocument: false });
    opened.screenshot('n1', 1900, { screenshotId: 'img-cart' }, { requestedT: 1850, delayMs: 30, source: 'visible-tab' });
    opened.stop('stop', 5000);
    const events = opened.events;
    expect(groupSteps(events, 'en').find((s) => s.id === 'c1')).toMatchObject({ screenshotId: null, screenshotMissing: 'late', lateScreenshotId: 'img-late' });
    expect(
      stepScreenshot(
        events.filter((e) => e.kind !== 'session-start' && e.kind !== 'session-stop'),
        screenshotsByEvent(events),
        new PageChanges(events),
      ),
    ).toMatchObject({
      screenshotMissing: 'late',
    });
  });
});

describe('isStale', () => {
  it('calls a stream frame from before a change the page made before the press stale, and says so on the map', () => {
    // The frame is 180 ms old at the press; an earlier click's effect landed 120 ms before the press.
    const events = walk({ delayMs: -180, source: 'tab-stream' }, (f) => f.add('dom-change', 'd0', 880, { forEventId: 'c0', delayMs: 20, mutations: 1 }));
    const shot = screenshotsByEvent(events).get('c1');
    expect(shot && isStale(shot, new PageChanges(events))).toBe(true);
    expect(clickStep(events)).toMatchObject({ screenshotId: null, screenshotMissing: 'stale', screenshotDelayMs: -180, lateScreenshotId: null });
  });

  it('keeps an old frame of a page that did not change since (a still page), and ignores changes in other tabs', () => {
    const still = walk({ delayMs: -3000, source: 'tab-stream' });
    const elsewhere = walk({ delayMs: -180, source: 'tab-stream' }, (f) => {
      f.on(`${SHOP}/other`, 'Other', 2);
      f.add('dom-change', 'd2', 900, { forEventId: 'c9', delayMs: 5, mutations: 1 });
      f.on(`${SHOP}/`, 'Mug shop', 1);
    });
    for (const events of [still, elsewhere]) {
      const shot = screenshotsByEvent(events).get('c1');
      expect(shot && isStale(shot, new PageChanges(events))).toBe(false);
      expect(clickStep(events).screenshotId).toBe('img-c1');
    }
  });

  it('counts a change only once it can be on screen: one just before the frame was captured makes it stale', () => {
    const changeAt = (t: number) => (f: EventFixture) => f.add('dom-change', 'd1', t, { forEventId: 'c0', delayMs: 5, mutations: 1 });
    const justBefore = walk({ delayMs: -180, source: 'tab-stream' }, changeAt(1000 - 185));
    const longBefore = walk({ delayMs: -180, source: 'tab-stream' }, changeAt(1000 - 400));
    expect(isStale(screenshotsByEvent(justBefore).get('c1') as never, new PageChanges(justBefore))).toBe(true);
    expect(isStale(screenshotsByEvent(longBefore).get('c1') as never, new PageChanges(longBefore))).toBe(false);
  });
});
