import { describe, expect, it } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import { type AssembleInput, assembleJourney } from '@/lib/journey/assemble';
import { applyEdits } from '@/lib/journey/edits';
import type { JourneyMap } from '@/lib/journey/map-types';
import { journeyMetrics } from '@/lib/journey/metrics';
import { defaultStages } from '@/lib/journey/stages';
import type { StepEdit } from '@/lib/store/records';
import { EventFixture, SHOP } from '../fixtures/events';
import { editRecord } from '../fixtures/map';
import { annotation, stage } from './journey-fixtures';

/**
 * An edited map is counted by the assembler's own metrics (journeyMetrics), from its visible steps and their
 * raw events: each test edits an assembled map and compares its figures with the map the assembler makes
 * when the walk itself is shaped that way (wider grouping windows, a stage chosen while recording).
 */

const STAGES = defaultStages('en');

/**
 * start (0) · c1 "Mugs" with the navigation to /mugs it caused (1000) · "Add to cart" clicked three times on
 * one spot, 1.5 s apart (3000, 4500, 6000: three steps by default) · back to the home page (8000) · a
 * reload (10 000) · after 12 s of quiet, c2 "Cart" with its navigation to /cart (22 000) · stop (25 000).
 */
function walk(): CapturedEvent[] {
  const fixture = new EventFixture('s1');
  fixture.start('start', 0);
  fixture.screenshot('start', 40, { screenshotId: 'home' });
  fixture.click('c1', 1000, { name: 'Mugs', selectors: [['#mugs']] }, { point: { x: 600, y: 40 } });
  fixture.screenshot('c1', 1010, { screenshotId: 'home' });
  fixture.navigation('n1', 1100, `${SHOP}/mugs`);
  fixture.on(`${SHOP}/mugs`, 'Mugs');
  fixture.pageLoad('l1', 1400, 'Mugs');
  for (const [i, t] of [3000, 4500, 6000].entries()) {
    fixture.click(`p${i + 1}`, t, { name: 'Add to cart' });
    fixture.screenshot(`p${i + 1}`, t + 10, { screenshotId: `cart-${i + 1}` });
  }
  fixture.navigation('back', 8000, `${SHOP}/`, { navigationType: 'back-forward' });
  fixture.on(`${SHOP}/`, 'Home');
  fixture.screenshot('back', 8010, { screenshotId: 'home-2' });
  fixture.navigation('reload', 10_000, `${SHOP}/`, { navigationType: 'reload' });
  fixture.screenshot('reload', 10_010, { screenshotId: 'home-3' });
  fixture.click('c2', 22_000, { name: 'Cart', selectors: [['#cart']] }, { point: { x: 900, y: 40 } });
  fixture.screenshot('c2', 22_010, { screenshotId: 'cart' });
  fixture.navigation('n2', 22_100, `${SHOP}/cart`);
  fixture.stop('stop', 25_000);
  return fixture.events;
}

const events = walk();
const assembled = (input: Partial<AssembleInput> = {}): JourneyMap => assembleJourney({ events, stages: STAGES, locale: 'en', ...input });
const edited = (...list: StepEdit[]): JourneyMap =>
  applyEdits(
    assembled(),
    list.map((edit, i) => editRecord(`e${i}`, edit)),
    { events, locale: 'en' },
  );

describe('metrics of an edited map', () => {
  it('starts from the assembled figures: raw clicks, back/forward moves (not the reload), the hesitation', () => {
    expect(assembled().metrics).toMatchObject({ durationMs: 25_000, steps: 8, clicks: 5, pages: 3, backtracks: 1, hesitations: 1, screenshots: 7 });
  });

  it('keeps the assembled figures when only titles change', () => {
    expect(edited({ kind: 'title', stepId: 'c1', title: 'Browse the mugs' }).metrics).toEqual(assembled().metrics);
  });

  it('after a merge, counts as the assembler does when it groups the same clicks itself, raw clicks included', () => {
    const merged = edited({ kind: 'merge', stepIds: ['p1', 'p2', 'p3'] });
    const grouped = assembled({ grouping: { repeatClickMs: 2000 } });
    expect(grouped.steps.find((step) => step.id === 'p1')?.eventIds).toEqual(merged.steps.find((step) => step.id === 'p1')?.eventIds);
    expect(merged.metrics).toEqual(grouped.metrics);
    // Five raw clicks on three click steps: the merged step counts its three.
    expect(merged.metrics).toMatchObject({ steps: 6, clicks: 5, screenshots: 5, durationMs: 25_000, backtracks: 1 });
  });

  it('after a hide, counts as the assembler does on the map without that step: its time, clicks and page left out', () => {
    const hidden = edited({ kind: 'hide', stepId: 'c1', hidden: true });
    const without = assembled().steps.filter((step) => step.id !== 'c1');
    expect(hidden.metrics).toEqual(journeyMetrics(without, events, STAGES));
    // The back/forward move still counts as a back-track although the page it went back to was hidden.
    expect(hidden.metrics).toMatchObject({ durationMs: 23_000, steps: 7, clicks: 4, pages: 2, backtracks: 1 });
    expect(hidden.metrics.timeToFirstAction.map((item) => item.url)).toEqual([`${SHOP}/`]);
  });

  it('after a stage move, counts as the assembler does when the tester chose that stage while recording', () => {
    const moved = edited({ kind: 'stage', stepId: 'c2', stageId: 'purchase' });
    const chosen = assembled({ annotations: [annotation(null, 21_000, stage('purchase'))] });
    expect(chosen.steps.find((step) => step.id === 'c2')?.stageId).toBe('purchase');
    expect(moved.metrics).toEqual(chosen.metrics);
  });

  it('moves a step’s time and count to the stage it is moved to', () => {
    const row = (map: JourneyMap, stageId: string) => map.metrics.perStage.find((item) => item.stageId === stageId);
    const moved = edited({ kind: 'stage', stepId: 'reload', stageId: 'decision' }, { kind: 'stage', stepId: 'c2', stageId: 'purchase' });
    expect(row(moved, 'awareness')).toEqual({ stageId: 'awareness', durationMs: 10_000, steps: 6 });
    expect(row(moved, 'decision')).toEqual({ stageId: 'decision', durationMs: 12_000, steps: 1 });
    expect(row(moved, 'purchase')).toEqual({ stageId: 'purchase', durationMs: 3000, steps: 1 });
    // A hidden step leaves its stage too.
    const hidden = edited({ kind: 'stage', stepId: 'c2', stageId: 'purchase' }, { kind: 'hide', stepId: 'c2', hidden: true });
    expect(row(hidden, 'purchase')).toEqual({ stageId: 'purchase', durationMs: 0, steps: 0 });
  });

  it('after splits, counts as the assembler does when it keeps each click apart from its navigation', () => {
    const split = edited({ kind: 'split', stepId: 'c1', atEventId: 'n1' }, { kind: 'split', stepId: 'c2', atEventId: 'n2' });
    const apart = assembled({ grouping: { navigationWindowMs: 0 } });
    expect(split.steps.map((step) => [step.id, step.durationMs])).toEqual(apart.steps.map((step) => [step.id, step.durationMs]));
    expect(split.metrics).toEqual(apart.metrics);
  });
});
