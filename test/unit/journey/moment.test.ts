import { describe, expect, it } from 'vitest';
import { groupSteps } from '@/lib/journey/group';
import { isLate, stepScreenshot } from '@/lib/journey/moment';
import { screenshotsByEvent } from '@/lib/journey/steps';
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

  it('prefers an image of the moment among the step’s events over an earlier late one', () => {
    const f = new EventFixture();
    f.start();
    f.click('c1', 1000);
    f.screenshot('c1', 1800, { screenshotId: 'img-late' }, { requestedT: 1000, delayMs: 750, source: 'visible-tab' });
    f.navigation('n1', 1200, `${SHOP}/cart`, { navigationType: 'link', sameDocument: false });
    f.screenshot('n1', 1900, { screenshotId: 'img-cart' }, { requestedT: 1850, delayMs: 30, source: 'visible-tab' });
    f.stop('stop', 5000);
    const events = f.events;
    const step = groupSteps(events, 'en').find((s) => s.id === 'c1');
    expect(step).toMatchObject({ screenshotId: 'img-cart', screenshotMissing: null, screenshotDelayMs: 30 });
    const direct = stepScreenshot(
      events.filter((e) => e.id !== 'n1'),
      screenshotsByEvent(events),
    );
    expect(direct).toMatchObject({ screenshotId: null, screenshotMissing: 'late', lateScreenshotId: 'img-late' });
  });
});
