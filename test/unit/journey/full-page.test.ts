import { describe, expect, it } from 'vitest';
import { assembleJourney } from '@/lib/journey/assemble';
import { applyEdits } from '@/lib/journey/edits';
import type { JourneyMap, MapStep } from '@/lib/journey/map-types';
import { defaultStages } from '@/lib/journey/stages';
import { EventFixture, SHOP } from '../fixtures/events';
import { editRecord } from '../fixtures/map';

const STAGES = defaultStages('en');

/**
 * Start, a click on "Delivery" (its page is long), a click on "Returns"; full pages taken for the first click
 * while the side panel had it selected, and for the second click, one of them missing.
 */
function walk(): EventFixture {
  const fixture = new EventFixture();
  fixture.start('start', 0);
  fixture.screenshot('start', 50, { screenshotId: 'img-start' });
  fixture.click('c1', 1000, { name: 'Delivery' });
  fixture.screenshot('c1', 1040, { screenshotId: 'img-c1' });
  fixture.navigation('n1', 1200, `${SHOP}/delivery`);
  fixture.pageLoad('l1', 1500, 'Delivery and returns');
  fixture.click('c2', 5000, { name: 'Returns' }, { point: { x: 600, y: 400 } });
  fixture.screenshot('c2', 5040, { screenshotId: 'img-c2' });
  fixture.fullPage('fp1', 6000, 'c1', { screenshotId: 'full-1' });
  fixture.fullPage('fp2', 7000, 'c2', { screenshotId: 'full-2' });
  fixture.fullPage('fp3', 8000, 'c2', { missingReason: 'tab-not-visible' });
  fixture.stop('stop', 9000);
  return fixture;
}

const byId = (map: JourneyMap, id: string): MapStep => {
  const found = map.steps.find((step) => step.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

describe('full-page screenshots on the map', () => {
  it('go on the step they were taken for, not on the latest step, and only those stored', () => {
    const map = assembleJourney({ events: walk().events, stages: STAGES, locale: 'en' });
    expect(map.steps.map((step) => [step.id, step.fullPageScreenshotIds])).toEqual([
      ['start', []],
      ['c1', ['full-1']],
      ['c2', ['full-2']],
    ]);
    // Their events are part of the step, as its screenshot's are.
    expect(byId(map, 'c1').eventIds).toContain('fp1:full-page');
    expect(byId(map, 'c2').eventIds).toEqual(expect.arrayContaining(['fp2:full-page', 'fp3:full-page']));
    // The step's own screenshot stays its own.
    expect(byId(map, 'c1').screenshotId).toBe('img-c1');
  });

  it('are in the order taken when a step has several', () => {
    const fixture = walk();
    fixture.fullPage('fp4', 8500, 'c1', { screenshotId: 'full-3' });
    const map = assembleJourney({ events: fixture.events, stages: STAGES, locale: 'en' });
    expect(byId(map, 'c1').fullPageScreenshotIds).toEqual(['full-1', 'full-3']);
  });

  it('are counted by no metric of screenshots (those are the steps’ own images)', () => {
    expect(assembleJourney({ events: walk().events, stages: STAGES, locale: 'en' }).metrics.screenshots).toBe(3);
  });

  it('follow their steps through a merge, and back through a split at the second step', () => {
    const { events } = walk();
    const map = assembleJourney({ events, stages: STAGES, locale: 'en' });
    const merged = applyEdits(map, [editRecord('m', { kind: 'merge', stepIds: ['c1', 'c2'] })], { events });
    expect(byId(merged, 'c1').fullPageScreenshotIds).toEqual(['full-1', 'full-2']);
    const split = applyEdits(
      map,
      [editRecord('m2', { kind: 'merge', stepIds: ['c1', 'c2'] }), editRecord('s2', { kind: 'split', stepId: 'c1', atEventId: 'c2' })],
      { events },
    );
    expect(split.steps.map((step) => [step.id, step.fullPageScreenshotIds])).toEqual([
      ['start', []],
      ['c1', ['full-1']],
      ['c2', ['full-2']],
    ]);
  });

  it('are kept by a merge even without the raw events, and a split without them leaves the second part none', () => {
    const { events } = walk();
    const map = assembleJourney({ events, stages: STAGES, locale: 'en' });
    const merged = applyEdits(map, [editRecord('m3', { kind: 'merge', stepIds: ['c1', 'c2'] })], { events: [] });
    expect(byId(merged, 'c1').fullPageScreenshotIds).toEqual(['full-1', 'full-2']);
    const split = applyEdits(map, [editRecord('s3', { kind: 'split', stepId: 'c1', atEventId: 'l1' })], { events: [] });
    expect(byId(split, 'c1').fullPageScreenshotIds).toEqual(['full-1']);
    expect(byId(split, 'l1').fullPageScreenshotIds).toEqual([]);
  });

  it('do not break a hesitation: taking one is not acting on the page', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Delivery' });
    fixture.fullPage('fp1', 8000, 'c1', { screenshotId: 'full-1' });
    fixture.click('c2', 20_000, { name: 'Returns' }, { point: { x: 600, y: 400 } });
    fixture.stop('stop', 21_000);
    const map = assembleJourney({ events: fixture.events, stages: STAGES, locale: 'en' });
    const hesitation = byId(map, 'c2').signals.find((found) => found.type === 'hesitation');
    expect(hesitation?.value).toBe(19_000);
  });
});
