import { describe, expect, it } from 'vitest';
import type { EventOf } from '@/lib/capture/events';
import { groupSteps } from '@/lib/journey/group';
import { describeGap, gapStart, recorderGaps } from '@/lib/journey/recorder-gaps';
import { detectSignals } from '@/lib/journey/signals';
import { EventFixture } from '../fixtures/events';

type Gap = Omit<EventOf<'extension-restarted'>, 'id' | 'sessionId' | 'seq' | 't' | 'at' | 'kind' | 'tabId' | 'frameId' | 'url' | 'frameUrl' | 'pageTitle'>;

function gap(fixture: EventFixture, id: string, t: number, fields: Partial<Gap> = {}) {
  return fixture.add('extension-restarted', id, t, {
    tabId: null,
    frameId: null,
    url: null,
    pageTitle: null,
    reason: 'reload',
    version: '1.2.0',
    previousVersion: '1.2.0',
    fromT: t - 400,
    toT: t,
    lastRecordedT: null,
    tabsBack: 1,
    tabsMissed: 0,
    ...fields,
  });
}

describe('recorder gaps', () => {
  it('lists the walk’s gaps in the order they began, and starts each where the extension went away', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const late = gap(fixture, 'g2', 90_000, { fromT: 80_000 });
    const early = gap(fixture, 'g1', 30_000, { fromT: 29_000 });
    fixture.click('c', 40_000, { name: 'Go' });
    expect(recorderGaps(fixture.events).map((event) => event.id)).toEqual([early.id, late.id]);
    expect(gapStart(late)).toBe(80_000);
  });

  it('tells a reader what happened, when and for how long, in English and French', () => {
    const fixture = new EventFixture();
    const reload = gap(fixture, 'g', 42_400, { fromT: 42_000 });
    expect(describeGap(reload, 'en')).toBe('Parcours was reloaded (version 1.2.0): 42 s into the walk, nothing was recorded for 0.4 s.');
    expect(describeGap(reload, 'fr')).toBe('Parcours a été rechargé (version 1.2.0) : à 42 s du parcours, rien n’a été enregistré pendant 0,4 s.');
    const update = gap(fixture, 'u', 5_000, { reason: 'update', version: '1.3.0', previousVersion: '1.2.0', fromT: 3_500, tabsBack: 1, tabsMissed: 2 });
    expect(describeGap(update, 'en')).toBe(
      'Parcours was updated to version 1.3.0: 4 s into the walk, nothing was recorded for 1.5 s. The recorder could not be put back in 2 of the walk’s tabs.',
    );
  });

  it('reads no dead click into a click the extension went away after', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.pageLoad('load', 20, 'Mug shop');
    fixture.click('cut', 1_000, { name: 'Add to cart' });
    // Reloaded 0.5 s after the click: whatever the page did then was never told.
    gap(fixture, 'gap', 3_000, { fromT: 1_500, lastRecordedT: 1_000 });
    fixture.click('later', 9_000, { name: 'Checkout' });
    fixture.stop('stop', 20_000);
    const dead = (events: typeof fixture.events) =>
      detectSignals(events, groupSteps(events, 'en'), {}, { locale: 'en' }).filter(({ signal }) => signal.type === 'dead-click');
    expect(dead(fixture.events).map(({ signal }) => signal.eventIds)).toEqual([['later']]);
    // Without the gap, the first click would be read as dead too.
    expect(dead(fixture.events.filter((event) => event.kind !== 'extension-restarted')).map(({ signal }) => signal.eventIds)).toEqual([['cut'], ['later']]);
  });
});
