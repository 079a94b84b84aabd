import { describe, expect, it, vi } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import { copyGroupingState, DEFAULT_GROUPING, type Draft, type GroupingState, groupSteps, readDrafts, startReading } from '@/lib/journey/group';
import { LiveSteps } from '@/lib/journey/live-steps';
import { EventFixture } from '../fixtures/events';
import { demoEvents, frictionEvents, idle, scrollTo, submitForm, webComponentsEvents } from './journey-fixtures';
import { random, randomWalk } from './random-walks';

/** Events as the side panel reads them: by commit order. */
const bySeq = (events: readonly CapturedEvent[]) => [...events].sort((a, b) => a.seq - b.seq);

/** Feeds `events` in `chunks`, checking after each that the live steps are groupSteps of all events so far. */
function expectLiveEqualsFull(events: readonly CapturedEvent[], chunks: readonly number[], label: string, locale: 'en' | 'fr' = 'en') {
  const live = new LiveSteps(locale);
  let given = 0;
  for (const size of chunks) {
    const chunk = events.slice(given, given + size);
    given += size;
    live.add(chunk);
    expect(live.steps, `${label}, after ${given} events`).toEqual(groupSteps(events.slice(0, given), locale));
  }
  return live;
}

/** Random chunk sizes (1 to `largest`) covering `total` events. */
function chunking(total: number, seed: number, largest = 8): number[] {
  const next = random(seed);
  const sizes: number[] = [];
  for (let left = total; left > 0; ) {
    const size = Math.min(left, 1 + Math.floor(next() * largest));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

function submitOn(fixture: EventFixture, id: string, t: number) {
  return submitForm(fixture, id, t, 'checkout');
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('LiveSteps: the same steps as groupSteps over every event so far', () => {
  const recorded = { demo: demoEvents(), friction: frictionEvents(), 'web-components': webComponentsEvents() };

  for (const [name, capture] of Object.entries(recorded)) {
    it(`on the ${name} walk, event by event in commit order (every prefix)`, () => {
      const events = bySeq(capture);
      const live = expectLiveEqualsFull(
        events,
        events.map(() => 1),
        name,
      );
      expect(live.steps.length).toBe(groupSteps(events).length);
    });

    it(`on the ${name} walk, in random chunks`, () => {
      const events = bySeq(capture);
      for (let seed = 1; seed <= 40; seed++) expectLiveEqualsFull(events, chunking(events.length, seed, 1 + (seed % 12)), `${name}, seed ${seed}`);
    });

    it(`on the ${name} walk, events given in any order`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const events = shuffled(capture, seed);
        expectLiveEqualsFull(events, chunking(events.length, seed + 100, 5), `${name} shuffled, seed ${seed}`);
      }
    });
  }

  it('on the demo walk in French', () => {
    const events = bySeq(recorded.demo);
    expectLiveEqualsFull(events, chunking(events.length, 7, 3), 'demo (fr)', 'fr');
  });

  it('the demo walk makes its fourteen human steps, not one per event', () => {
    const live = new LiveSteps('en');
    for (const event of bySeq(recorded.demo)) live.add([event]);
    expect(live.steps).toHaveLength(14);
    expect(live.steps.map((step) => step.action)).toContain('Fill in the shipping form');
    expect(live.steps.map((step) => step.action)).not.toContain('Fill in "CVC"');
  });

  it('on random walks (tabs, frames, forms sent again, pauses, idle gaps, late commits), in random chunks', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 80; seed++) {
      const events = randomWalk(seed, 50, seed % 4 !== 0);
      expectLiveEqualsFull(events, chunking(events.length, seed, 1 + (seed % 6)), `random walk ${seed}`);
    }
  });

  it('on random walks given in any order', { timeout: 60_000 }, () => {
    for (let seed = 200; seed <= 240; seed++) {
      const events = shuffled(randomWalk(seed, 40), seed);
      expectLiveEqualsFull(events, chunking(events.length, seed, 4), `shuffled random walk ${seed}`);
    }
  });

  it('with an event further back than any copy of the reading it keeps (it reads the walk again)', () => {
    const events = randomWalk(991, 700);
    const early = events.find((event) => event.kind === 'click' && event.t > 5000) as CapturedEvent;
    const rest = events.filter((event) => event !== early);
    const live = new LiveSteps('en');
    live.add(rest);
    expect(live.steps).toEqual(groupSteps(rest, 'en'));
    live.add([early]);
    expect(live.steps).toEqual(groupSteps(events, 'en'));
  });

  it('with an idle gap dated back at the last action, committed just before the action that ended it', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1400, 'https://shop.example/mugs');
    fixture.pageLoad('l1', 1900, 'All mugs');
    for (let i = 0; i < 40; i++) fixture.add('visibility', `v${i}`, 2000 + i * 900, { state: i % 2 ? 'visible' : 'hidden' });
    idle(fixture, 'c2', 1000, 41_000);
    fixture.click('c2', 42_000, { name: 'Blue mug', selectors: [['#blue']] });
    expectLiveEqualsFull(
      fixture.events,
      fixture.events.map(() => 1),
      'idle gap',
    );
  });
});

describe('LiveSteps: decisions that wait on what comes later', () => {
  /** A box ticked in tab 1, then `elsewhere` clicks in tab 2: the question "is its form sent?" stays open. */
  function tickThenElsewhere(elsewhere: number) {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    tickGiftWrap(fixture);
    fixture.on('https://shop.example/help', 'Help', 2);
    for (let i = 0; i < elsewhere; i++) fixture.click(`c${i}`, 3000 + i * 1500, { name: `Topic ${i}`, selectors: [[`#topic-${i}`]] });
    scrollTo(fixture, 'read', 3000 + elsewhere * 1500 + 2000, 300);
    return fixture;
  }

  function tickGiftWrap(fixture: EventFixture) {
    fixture.click('box', 1000, { tag: 'input', role: 'checkbox', name: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] });
    fixture.fieldChange('ticked', 1010, { label: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] }, { checked: true });
    fixture.fullPage('r1', 1500, 'box', { screenshotId: 'full-1' });
  }

  it('keeps a tick its own step while no submit of its frame came, and puts it in the form once one comes, however late', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    tickGiftWrap(fixture);
    for (let i = 0; i < 40; i++) fixture.fieldChange(`f${i}`, 2000 + i * 1000, { label: `Line ${i}`, selectors: [[`#line-${i}`]] });
    const before = groupSteps(fixture.events, 'en');
    expect(before.find((step) => step.id === 'box')?.action).toBe('Tick "Gift wrap"');
    submitOn(fixture, 'sent', 60_000);
    const live = expectLiveEqualsFull(
      fixture.events,
      fixture.events.map(() => 1),
      'tick, typing, then sent',
    );
    expect(live.steps).toHaveLength(2);
    expect(live.stepOf('box')).toMatchObject({ id: 'box', action: 'Fill in the checkout form' });
    expect(live.stepOf('sent')?.id).toBe('box');
    expect(live.stepOf('r1:full-page')?.id).toBe('box');
  });

  it('leaves the question open in the reading, not as a look past the last event: events elsewhere resume from a recent copy', () => {
    const reading = startReading();
    const events = tickThenElsewhere(3).events;
    readDrafts(events, 0, reading, DEFAULT_GROUPING);
    // Asked by the box's click and again by its change: kept once, from the latest.
    expect([...reading.unanswered.values()]).toEqual([{ tabId: 1, frameId: 0, since: events.find((event) => event.id === 'ticked') }]);
    expect(reading.lookedAhead).not.toBe('end');
    // Many events in another tab later, one more there reads only the last few again; a submit of the box's
    // frame reads it again from before the box.
    const fixture = tickThenElsewhere(200);
    const live = new LiveSteps('en');
    for (const event of fixture.events) live.add([event]);
    const reread = vi.spyOn(live as unknown as { readAgain: (checkpoint: { draftCount: number }) => void }, 'readAgain');
    live.add([fixture.click('late', 400_000, { name: 'Topic late', selectors: [['#late']] })]);
    expect(reread.mock.calls[0]?.[0].draftCount).toBeGreaterThan(150);
    expect(live.steps).toEqual(groupSteps(fixture.events, 'en'));
    fixture.on('https://shop.example/', 'Mugs', 1);
    live.add([submitOn(fixture, 'sent', 401_000)]);
    expect(reread.mock.calls[1]?.[0].draftCount).toBeLessThanOrEqual(1);
    expect(live.steps).toEqual(groupSteps(fixture.events, 'en'));
  });

  it('keeps a question open that an event before the look began does not answer (a label clicked, a submit, then its box)', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('label', 1000, { tag: 'label', role: null, name: 'Gift wrap', selectors: [['label[for="gift"]']] });
    submitOn(fixture, 'search', 1050);
    fixture.click('box', 1100, { tag: 'input', role: 'checkbox', name: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] });
    fixture.on('https://shop.example/help', 'Help', 2);
    for (let i = 0; i < 40; i++) fixture.click(`c${i}`, 3000 + i * 1500, { name: `Topic ${i}`, selectors: [[`#topic-${i}`]] });
    scrollTo(fixture, 'read', 70_000, 300);
    fixture.on('https://shop.example/', 'Mugs', 1);
    submitOn(fixture, 'sent', 80_000);
    expectLiveEqualsFull(
      fixture.events,
      fixture.events.map(() => 1),
      'label, submit, box',
    );
  });

  it('makes an earlier step’s stream frame stale when a page change from before its press is committed late', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Add to cart' });
    fixture.screenshot('c1', 1040, { screenshotId: 'img-1' }, { requestedT: 1000, delayMs: -200, source: 'tab-stream' });
    for (let i = 0; i < 30; i++) fixture.click(`c${i + 2}`, 3000 + i * 1500, { name: `Topic ${i}`, selectors: [[`#topic-${i}`]] });
    // The page answered something at 900 ms, 100 ms before the press; the record comes in last.
    const late = fixture.add('dom-change', 'changed', 900, { tabId: 1, frameId: 0, url: null, pageTitle: null, forEventId: 'start', delayMs: 0, mutations: 1 });
    const live = expectLiveEqualsFull(
      fixture.events,
      fixture.events.map(() => 1),
      'late page change',
    );
    expect(live.stepOf(late.id)?.id).toBe('start');
    expect(live.stepOf('c1')).toMatchObject({ screenshotId: null, screenshotMissing: 'stale', screenshotDelayMs: -200 });
  });
});

describe('LiveSteps: updating', () => {
  it('ignores events already added, and says when nothing was new', () => {
    const events = bySeq(demoEvents());
    const live = new LiveSteps('en');
    expect(live.add(events.slice(0, 30))).toBe(true);
    expect(live.add(events.slice(0, 30))).toBe(false);
    expect(live.add([])).toBe(false);
    expect(live.add([...events.slice(20, 40), ...events.slice(25, 35)])).toBe(true);
    expect(live.steps).toEqual(groupSteps(events.slice(0, 40), 'en'));
  });

  it('knows the highest commit number added, the step of each event and when each happened', () => {
    const events = bySeq(demoEvents());
    const live = new LiveSteps('en');
    expect(live.lastSeq).toBe(-1);
    live.add(events);
    expect(live.lastSeq).toBe(Math.max(...events.map((event) => event.seq)));
    for (const step of groupSteps(events, 'en')) {
      for (const id of step.eventIds) expect(live.stepOf(id)?.id).toBe(step.id);
      expect(live.timeOf(step.id)).toBe(step.t);
    }
    expect(live.stepOf('no-such-event')).toBeUndefined();
  });

  it('makes again only the steps near the end: the others stay the same objects', () => {
    const events = randomWalk(5, 400);
    const live = new LiveSteps('en');
    live.add(events);
    const before = live.steps;
    const last = events.reduce((latest, event) => (event.t > latest.t ? event : latest));
    const scroll = {
      ...last,
      id: 'late-scroll',
      seq: events.length,
      t: last.t + 100,
      kind: 'scroll',
      scrollY: 10,
      maxDepthPct: 5,
      documentHeight: 2000,
      viewportHeight: 700,
    } as CapturedEvent;
    live.add([scroll]);
    expect(live.steps).toEqual(groupSteps([...events, scroll], 'en'));
    const kept = live.steps.filter((step, index) => step === before[index]).length;
    expect(kept).toBeGreaterThanOrEqual(before.length - 2);
  });
});

describe('copyGroupingState: what a reading resumes from', () => {
  /** A reading of a click in tab 1 that opened tab 2, then a click in tab 2. */
  function reading() {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Help' });
    fixture.tabOpened('tab', 1200, 2, 'https://shop.example/help');
    fixture.on('https://shop.example/help', 'Help', 2).navigation('n2', 1300, 'https://shop.example/help');
    fixture.click('c2', 4000, { name: 'Contact' });
    const read = startReading();
    readDrafts(fixture.events, 0, read, DEFAULT_GROUPING);
    return read;
  }

  it('copies each draft the rules hold once, wherever it is held, and shares the events', () => {
    const original = reading().memory;
    const { memory, copies } = copyGroupingState(original);
    expect(memory).toEqual(original);
    const last = memory.state.last as Draft;
    expect(last).not.toBe(original.state.last);
    expect(memory.latestInTab.get(2)).toBe(last);
    expect(memory.latestInTab.get(1)).toBe(memory.lastClickOfTab.get(1)?.draft);
    expect(copies).toContain(last);
    expect(new Set(copies).size).toBe(copies.length);
    expect(last.first).toBe(original.state.last?.first);
    // Reading on from the copy leaves the original as it was.
    last.events.push(last.first);
    last.clicks.length = 0;
    expect(original.state.last?.events).toHaveLength(1);
    expect(original.state.last?.clicks).toHaveLength(1);
  });

  it('copies the memories a new rule may add: sets, lists and records holding drafts', () => {
    const original = reading().memory;
    const draft = original.state.last as Draft;
    const extended = { ...original, waiting: new Set([draft]), pending: [{ draft, event: draft.first }] } as unknown as GroupingState;
    const { memory } = copyGroupingState(extended);
    const copied = memory as unknown as { waiting: Set<Draft>; pending: { draft: Draft; event: CapturedEvent }[] };
    expect([...copied.waiting]).toEqual([memory.state.last]);
    expect(copied.pending[0]?.draft).toBe(memory.state.last);
    expect(copied.pending[0]?.event).toBe(draft.first);
    expect(copied.waiting.has(draft)).toBe(false);
  });
});
