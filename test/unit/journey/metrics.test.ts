import { describe, expect, it } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import { groupSteps } from '@/lib/journey/group';
import type { FrictionSignal } from '@/lib/journey/map-types';
import { journeyMetrics, type MetricStep, timeToFirstActions } from '@/lib/journey/metrics';
import { defaultStages } from '@/lib/journey/stages';
import { EventFixture, SHOP } from '../fixtures/events';
import { change, demoEvents, pause, resume } from './journey-fixtures';

const STAGES = defaultStages('en');

/** The walk's own steps, all in the first stage unless said otherwise. */
function stepsOf(events: readonly CapturedEvent[], extra: (index: number) => Partial<MetricStep> = () => ({})): MetricStep[] {
  return groupSteps(events, 'en').map((step, index) => ({ ...step, stageId: 'awareness', signals: [], ...extra(index) }));
}

const signal = (type: FrictionSignal['type'], id: string, decision: FrictionSignal['decision'] = null): FrictionSignal => ({
  id: `${type}:${id}`,
  type,
  description: '',
  eventIds: [id],
  value: 1,
  decision,
});

describe('journeyMetrics', () => {
  it('counts nothing for no steps, with every stage at zero', () => {
    expect(journeyMetrics([], [], STAGES)).toEqual({
      durationMs: 0,
      steps: 0,
      clicks: 0,
      pages: 0,
      backtracks: 0,
      hesitations: 0,
      screenshots: 0,
      perStage: STAGES.map((stage) => ({ stageId: stage.id, durationMs: 0, steps: 0 })),
      timeToFirstAction: [],
    });
    expect(journeyMetrics([], [], []).perStage).toEqual([]);
  });

  it('sums the steps’ durations (paused time left out) and counts steps and raw clicks', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    for (const [i, t] of [1000, 1200, 1400].entries()) fixture.click(`p${i}`, t, { name: 'Promo' });
    pause(fixture, 'p', 2000);
    resume(fixture, 'r', 50_000);
    fixture.click('c', 51_000, { name: 'Mugs', selectors: [['#mugs']] }, { point: { x: 800, y: 40 } });
    fixture.stop('stop', 52_000);
    const metrics = journeyMetrics(stepsOf(fixture.events), fixture.events, STAGES);
    expect(metrics).toMatchObject({ durationMs: 4000, steps: 3, clicks: 4 });
  });

  it('counts distinct pages by host, path and query (a fragment is the same page)', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.navigation('n1', 1000, `${SHOP}/mugs`);
    fixture.navigation('n2', 2000, `${SHOP}/mugs#reviews`, { sameDocument: true, navigationType: 'hash' });
    fixture.navigation('n3', 3000, `${SHOP}/mugs?colour=blue`, { sameDocument: true });
    fixture.navigation('n4', 4000, `${SHOP}/mugs`, { sameDocument: true, navigationType: 'back-forward' });
    expect(journeyMetrics(stepsOf(fixture.events), fixture.events, STAGES).pages).toBe(3);
  });

  it('counts back/forward moves and returns to a page already seen as backtracks, not reloads', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`);
    fixture.navigation('back', 3000, `${SHOP}/`, { navigationType: 'back-forward' });
    fixture.click('c2', 5000, { name: 'Mugs' });
    fixture.navigation('n2', 5010, `${SHOP}/mugs`);
    fixture.navigation('reload', 7000, `${SHOP}/mugs`, { navigationType: 'reload' });
    fixture.navigation('n3', 9000, `${SHOP}/cart`);
    const metrics = journeyMetrics(stepsOf(fixture.events), fixture.events, STAGES);
    expect(metrics).toMatchObject({ backtracks: 2, pages: 3 });
  });

  it('counts the hesitation signals the tester did not dismiss, and distinct screenshots', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.screenshot('start', 50, { screenshotId: 'home' });
    fixture.click('c1', 1000, { name: 'A' });
    fixture.screenshot('c1', 1050, { screenshotId: 'home' });
    fixture.click('c2', 5000, { name: 'B', selectors: [['#b']] }, { point: { x: 900, y: 20 } });
    fixture.screenshot('c2', 5050, { screenshotId: 'other' });
    fixture.click('c3', 9000, { name: 'C', selectors: [['#c']] }, { point: { x: 20, y: 900 } });
    fixture.screenshot('c3', 9050, { missingReason: 'tab-not-visible' });
    const steps = stepsOf(fixture.events, (index) => ({
      signals: [
        [],
        [signal('hesitation', 'c1'), signal('dead-click', 'c1')],
        [signal('hesitation', 'c2', 'dismissed')],
        [signal('hesitation', 'c3', 'accepted')],
      ][index],
    }));
    expect(journeyMetrics(steps, fixture.events, STAGES)).toMatchObject({ hesitations: 2, screenshots: 2 });
  });

  it('gives time and steps per stage, every stage in order, zeros included; unknown stages count nowhere', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'A' });
    fixture.click('c2', 4000, { name: 'B', selectors: [['#b']] }, { point: { x: 900, y: 20 } });
    fixture.click('c3', 5000, { name: 'C', selectors: [['#c']] }, { point: { x: 20, y: 900 } });
    fixture.stop('stop', 10_000);
    const stageIds = ['awareness', 'purchase', 'purchase', 'gone'];
    const metrics = journeyMetrics(
      stepsOf(fixture.events, (index) => ({ stageId: stageIds[index] })),
      fixture.events,
      STAGES,
    );
    expect(metrics.perStage).toEqual(
      STAGES.map((stage) => ({
        stageId: stage.id,
        durationMs: stage.id === 'awareness' ? 1000 : stage.id === 'purchase' ? 4000 : 0,
        steps: stage.id === 'awareness' ? 1 : stage.id === 'purchase' ? 2 : 0,
      })),
    );
    expect(metrics.durationMs).toBe(10_000);
  });

  it('leaves hidden steps out of every figure', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'A' });
    fixture.screenshot('c1', 1050, { screenshotId: 'a' });
    fixture.navigation('n1', 1010, `${SHOP}/a`);
    fixture.click('c2', 4000, { name: 'B', selectors: [['#b']] }, { point: { x: 900, y: 20 } });
    fixture.stop('stop', 10_000);
    const metrics = journeyMetrics(
      stepsOf(fixture.events, (index) => ({ hidden: index === 1, signals: index === 1 ? [signal('hesitation', 'c1')] : [] })),
      fixture.events,
      STAGES,
    );
    expect(metrics).toMatchObject({ durationMs: 7000, steps: 2, clicks: 1, pages: 1, hesitations: 0, screenshots: 0 });
    expect(metrics.timeToFirstAction).toEqual([]);
  });

  it('measures the demo walk', () => {
    const events = demoEvents();
    const metrics = journeyMetrics(stepsOf(events), events, STAGES);
    const stop = events.find((event) => event.kind === 'session-stop')?.t as number;
    const start = events.find((event) => event.kind === 'session-start')?.t as number;
    expect(metrics).toMatchObject({ durationMs: stop - start, steps: 14, clicks: 16, pages: 8, backtracks: 0, hesitations: 0, screenshots: 14 });
    expect(metrics.timeToFirstAction.map(({ url, ms }) => [new URL(url).pathname, ms])).toEqual([
      ['/', 306],
      ['/search', 876],
      ['/product', 1349],
      ['/cart', 856],
      ['/checkout', 720],
      ['/checkout/payment', 1033],
    ]);
  });
});

describe('timeToFirstActions', () => {
  it('measures from each page’s arrival (its page-load for a full load) to the first action on it, in visit order', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.scroll('s', 1500);
    fixture.click('c1', 2000, { name: 'Mugs' });
    fixture.navigation('n1', 2010, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 2500, 'All mugs');
    change(fixture, 'f', 6500, { label: 'Search' });
    fixture.navigation('n2', 8000, `${SHOP}/mugs?page=2`, { sameDocument: true });
    fixture.navigation('n3', 9000, `${SHOP}/about`);
    expect(timeToFirstActions(fixture.events).map(({ url, actionId, ms }) => [url, actionId, ms])).toEqual([
      [`${SHOP}/`, 'c1', 2000],
      [`${SHOP}/mugs`, 'f', 4000],
    ]);
  });

  it('leaves paused time out, and measures from the navigation when the tester acted before the page had loaded', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    pause(fixture, 'p', 100);
    resume(fixture, 'r', 60_100);
    fixture.click('c1', 61_000, { name: 'Mugs' });
    fixture.navigation('n1', 61_010, `${SHOP}/mugs`);
    fixture.click('early', 61_500, { name: 'Blue', selectors: [['#blue']] }, { point: { x: 900, y: 20 } });
    fixture.pageLoad('l1', 62_000, 'All mugs');
    expect(timeToFirstActions(fixture.events).map(({ ms }) => ms)).toEqual([1000, 490]);
  });

  it('counts the actions of a frame for its tab’s page, and keeps tabs apart', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'card', 3000, { label: 'Card' }, { frameId: 4, frameUrl: 'https://pay.example/' });
    fixture.on(`${SHOP}/help`, null, 2).navigation('n2', 4000, `${SHOP}/help`);
    fixture.click('c2', 4500, { name: 'FAQ' });
    expect(timeToFirstActions(fixture.events).map(({ url, ms }) => [url, ms])).toEqual([
      [`${SHOP}/`, 3000],
      [`${SHOP}/help`, 500],
    ]);
  });
});
