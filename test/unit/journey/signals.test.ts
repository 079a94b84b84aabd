import { describe, expect, it } from 'vitest';
import type { CapturedEvent, EventOf } from '@/lib/capture/events';
import { groupSteps } from '@/lib/journey/group';
import type { SignalType } from '@/lib/journey/map-types';
import { DEFAULT_THRESHOLDS, type DetectedSignal, detectSignals, type SignalThresholds, signalsByStep } from '@/lib/journey/signals';
import { DELIVERY_SCROLL_RUNS, FRICTION_CLICKS, HESITATION_MS } from '../../walks/friction-walk.mjs';
import { EventFixture, SHOP } from '../fixtures/events';
import {
  change,
  demoEvents,
  domChange,
  focus,
  formAlert,
  frictionEvents,
  idle,
  pause,
  recordedEvent,
  resume,
  scrollTo,
  submitForm,
  visibility,
} from './journey-fixtures';

/** Signals of a walk, grouped into its own steps. */
function signalsOf(events: readonly CapturedEvent[], thresholds: Partial<SignalThresholds> = {}, locale: 'en' | 'fr' = 'en') {
  return detectSignals(events, groupSteps(events, locale), thresholds, { locale });
}
const ofType = (detected: readonly DetectedSignal[], type: SignalType) => detected.filter(({ signal }) => signal.type === type);
const types = (detected: readonly DetectedSignal[]) => detected.map(({ signal }) => signal.type);

/** A walk on the home page that starts at 0 and stops at 60 s. */
function home(): EventFixture {
  const fixture = new EventFixture();
  fixture.start('start', 0);
  fixture.pageLoad('load0', 20, 'Mug shop');
  return fixture;
}

describe('DEFAULT_THRESHOLDS', () => {
  it('follows the definitions the brief and session-analytics tools use', () => {
    expect(DEFAULT_THRESHOLDS).toMatchObject({
      rageClickCount: 3,
      rageClickWindowMs: 1000,
      rageClickRadiusPx: 30,
      deadClickWindowMs: 2500,
      quickBackMs: 5000,
      slowLoadMs: 1000,
      hesitationMs: 10_000,
      excessiveScrollRuns: 8,
      excessiveScrollReversals: 3,
    });
  });

  it('finds nothing in an empty walk or a walk without trouble', () => {
    expect(detectSignals([], [])).toEqual([]);
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 1300, 'All mugs');
    fixture.stop('stop', 5000);
    expect(signalsOf(fixture.events)).toEqual([]);
  });
});

describe('rage clicks', () => {
  it('finds 3 clicks within 1 s within 30 px, with every click as evidence', () => {
    const fixture = home();
    fixture.click('r1', 1000, { name: 'Apply promo code' }, { point: { x: 100, y: 100 } });
    fixture.click('r2', 1300, { name: 'Apply promo code' }, { point: { x: 110, y: 105 } });
    fixture.click('r3', 1600, { name: 'Apply promo code' }, { point: { x: 95, y: 120 } });
    fixture.add('field-focus', 'react', 1700, {
      field: { tag: 'input', inputType: 'text', name: null, label: 'Code', autocomplete: null, required: false, sensitive: false, selectors: [] },
    });
    fixture.stop('stop', 10_000);
    const detected = signalsOf(fixture.events);
    expect(detected).toEqual([
      {
        stepId: 'r1',
        signal: {
          id: 'rage-click:r1',
          type: 'rage-click',
          description: 'Clicked "Apply promo code" 3 times in 0.6 s',
          eventIds: ['r1', 'r2', 'r3'],
          value: 3,
          decision: null,
        },
      },
    ]);
  });

  it('ignores 2 clicks, clicks spread over more than 1 s, clicks far apart and clicks in other frames', () => {
    const cases: [string, (fixture: EventFixture) => void][] = [
      [
        'two',
        (f) => {
          for (const [i, t] of [1000, 1200].entries()) f.click(`c${i}`, t, { name: 'X' });
        },
      ],
      [
        'slow',
        (f) => {
          for (const [i, t] of [1000, 1600, 2200].entries()) f.click(`c${i}`, t, { name: 'X' });
        },
      ],
      [
        'far',
        (f) => {
          for (const [i, t] of [1000, 1200, 1400].entries()) f.click(`c${i}`, t, { name: 'X' }, { point: { x: 100 + i * 40, y: 100 } });
        },
      ],
      [
        'frames',
        (f) => {
          for (const [i, t] of [1000, 1200, 1400].entries()) f.click(`c${i}`, t, { name: 'X' }, { frameId: i });
        },
      ],
    ];
    for (const [name, build] of cases) {
      const fixture = home();
      build(fixture);
      fixture.navigation('react', 2300, `${SHOP}/x`);
      fixture.stop('stop', 10_000);
      expect(ofType(signalsOf(fixture.events), 'rage-click'), name).toEqual([]);
    }
  });

  it('makes one signal of a long series, valued by its clicks', () => {
    const fixture = home();
    for (let i = 0; i < 6; i++) fixture.click(`c${i}`, 1000 + i * 250, { name: 'X' });
    const [rage] = ofType(signalsOf(fixture.events), 'rage-click');
    expect(rage?.signal).toMatchObject({ id: 'rage-click:c0', value: 6, eventIds: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'] });
  });

  it('finds a rage click in a series of slow clicks that speeds up', () => {
    const fixture = home();
    for (const [i, t] of [1000, 1900, 2800, 3000, 3200].entries()) fixture.click(`c${i}`, t, { name: 'X' });
    expect(ofType(signalsOf(fixture.events), 'rage-click').map(({ signal }) => signal.value)).toEqual([5]);
  });

  it('takes its thresholds from the caller', () => {
    const fixture = home();
    for (const [i, t] of [1000, 1300, 1600].entries()) fixture.click(`c${i}`, t, { name: 'X' });
    expect(ofType(signalsOf(fixture.events, { rageClickCount: 4 }), 'rage-click')).toEqual([]);
    expect(ofType(signalsOf(fixture.events, { rageClickWindowMs: 500 }), 'rage-click')).toEqual([]);
  });
});

describe('dead clicks', () => {
  it('finds a click nothing recorded answered within 2.5 s', () => {
    const fixture = home();
    fixture.click('dead', 1000, { name: 'Track my order' });
    fixture.screenshot('dead', 1050, { screenshotId: 'img' });
    fixture.click('next', 6000, { name: 'Mugs', selectors: [['#mugs']] }, { point: { x: 600, y: 50 } });
    fixture.navigation('n1', 6010, `${SHOP}/mugs`);
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click')).toEqual([
      {
        stepId: 'dead',
        signal: {
          id: 'dead-click:dead',
          type: 'dead-click',
          description: 'Clicked "Track my order": nothing visible happened for 5 s',
          eventIds: ['dead'],
          value: 5010,
          decision: null,
        },
      },
    ]);
  });

  it('does not flag a click answered by a DOM change, a navigation, a field, a submit, an alert, a new tab, a tab change or a scroll', () => {
    const reactions: [string, (fixture: EventFixture) => void][] = [
      ['navigation', (f) => f.navigation('r', 1100, `${SHOP}/x`, { sameDocument: true })],
      ['page-load', (f) => f.pageLoad('r', 2000, 'Same page again')],
      ['focus', (f) => focus(f, 'r', 1010, { label: 'Code' })],
      ['change', (f) => change(f, 'r', 1010, { label: 'Code' })],
      ['submit', (f) => submitForm(f, 'r', 1002, 'promo')],
      ['invalid', (f) => f.invalid('r', 1002, { label: 'Code' }, 'Required')],
      ['tab-opened', (f) => f.tabOpened('r', 1200, 2, `${SHOP}/help`)],
      ['visibility', (f) => visibility(f, 'r', 1500, 'hidden')],
      ['scroll', (f) => scrollTo(f, 'r', 1000 + 400 + 300, 800)],
      ['dom-change', (f) => domChange(f, 'r', 1040, 'c')],
      ['form-alert', (f) => formAlert(f, 'r', 1300, 'Code expired')],
    ];
    for (const [name, react] of reactions) {
      const fixture = home();
      fixture.click('c', 1000, { name: 'Go' });
      react(fixture);
      fixture.stop('stop', 10_000);
      expect(ofType(signalsOf(fixture.events), 'dead-click'), name).toEqual([]);
    }
    const fixture = home();
    fixture.click('c', 1000, { name: 'Add to cart' });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click')).toHaveLength(1);
    // A change in another tab, or one later than the window, is no answer.
    const elsewhere = home();
    elsewhere.click('c', 1000, { name: 'Add to cart' });
    elsewhere.on(`${SHOP}/other`, 'Other', 2);
    domChange(elsewhere, 'other', 1040, 'x');
    elsewhere.on(`${SHOP}/`, 'Mug shop', 1);
    domChange(elsewhere, 'late', 3600, 'c');
    elsewhere.stop('stop', 10_000);
    expect(ofType(signalsOf(elsewhere.events), 'dead-click').map(({ signal }) => [signal.id, signal.value])).toEqual([['dead-click:c', 2600]]);
  });

  it('credits a DOM change to the click it followed only, not to an earlier click within the window', () => {
    const fixture = home();
    fixture.click('track', 500, { name: 'Track my order' });
    fixture.click('promo', 1600, { name: 'Apply promo code', selectors: [['#promo']] }, { point: { x: 600, y: 400 } });
    domChange(fixture, 'r', 1610, 'promo');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click').map(({ signal }) => signal.eventIds)).toEqual([['track']]);
  });

  it('makes a slow DOM change count when the tester gives the page longer', () => {
    const fixture = home();
    fixture.click('c', 1000, { name: 'Check stock' });
    domChange(fixture, 'r', 5000, 'c');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click').map(({ signal }) => signal.value)).toEqual([4000]);
    expect(ofType(signalsOf(fixture.events, { deadClickWindowMs: 5000 }), 'dead-click')).toEqual([]);
  });

  it('does not take a scroll that was under way when the tester clicked (scrolled into view) for an answer', () => {
    const fixture = home();
    fixture.click('c', 1000, { name: 'Track my order' });
    // The run stopped 10 ms after the click and was reported 400 ms later.
    scrollTo(fixture, 's', 1410, 600);
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click').map(({ signal }) => signal.id)).toEqual(['dead-click:c']);
  });

  it('does not count what happens in another tab, or later than the window', () => {
    const fixture = home();
    fixture.click('c', 1000, { name: 'Go' });
    fixture.on(`${SHOP}/other`, 'Other', 2).navigation('other', 1200, `${SHOP}/other`);
    fixture.on(`${SHOP}/`, 'Mug shop', 1).navigation('late', 3600, `${SHOP}/late`, { sameDocument: true });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click').map(({ signal }) => [signal.id, signal.value])).toEqual([['dead-click:c', 2600]]);
  });

  it('never flags a click into a text field (already focused, it shows nothing)', () => {
    const fixture = home();
    fixture.click('c', 1000, { tag: 'input', inputType: 'email', role: 'textbox', name: 'Email' });
    fixture.click('t', 5000, { tag: 'textarea', role: null, name: 'Message', selectors: [['#m']] }, { point: { x: 600, y: 600 } });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'dead-click')).toEqual([]);
  });

  it('does not judge a click the walk stopped, paused or was cut right after', () => {
    for (const [name, after] of [
      ['stop', (f: EventFixture) => f.stop('stop', 2000)],
      ['pause', (f: EventFixture) => pause(f, 'p', 2000)],
      ['no stop', () => undefined],
    ] as const) {
      const fixture = home();
      fixture.click('c', 1000, { name: 'Go' });
      after(fixture);
      if (name === 'pause') fixture.stop('stop', 10_000);
      expect(ofType(signalsOf(fixture.events), 'dead-click'), name).toEqual([]);
    }
  });

  it('judges a quick series on one spot as one click: dead only when nothing answered the last', () => {
    const fixture = home();
    for (const [i, t] of [1000, 1200, 1400].entries()) fixture.click(`c${i}`, t, { name: 'Track' });
    fixture.stop('stop', 10_000);
    const detected = signalsOf(fixture.events);
    expect(types(detected)).toEqual(['dead-click', 'rage-click']);
    expect(ofType(detected, 'dead-click')[0]?.signal.eventIds).toEqual(['c0', 'c1', 'c2']);
    fixture.events.splice(-1);
    fixture.navigation('n', 3500, `${SHOP}/track`);
    fixture.stop('stop', 10_000);
    expect(types(signalsOf(fixture.events))).toEqual(['rage-click']);
  });
});

describe('quick backs', () => {
  /** Home → (click) Mugs, shown at 1300, then `back` at `t`. */
  function there(back: (fixture: EventFixture) => void) {
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`, { fromUrl: `${SHOP}/` });
    fixture.pageLoad('l1', 1300, 'All mugs');
    back(fixture);
    fixture.stop('stop', 60_000);
    return fixture;
  }

  it('finds a back/forward move within 5 s of the page’s arrival, on the step that arrived there', () => {
    const fixture = there((f) => {
      f.navigation('back', 3300, `${SHOP}/`, { navigationType: 'back-forward' });
      f.pageLoad('l2', 3400, 'Mug shop', { restoredFromCache: true });
    });
    expect(ofType(signalsOf(fixture.events), 'quick-back')).toEqual([
      {
        stepId: 'c1',
        signal: {
          id: 'quick-back:n1',
          type: 'quick-back',
          description: 'Went back from All mugs after 2 s',
          eventIds: ['n1', 'back'],
          value: 2000,
          decision: null,
        },
      },
    ]);
  });

  it('finds a return to the previous URL by a link too, not a move elsewhere, a reload or a late return', () => {
    const link = there(
      (f) => f.click('home', 2000, { name: 'Home', selectors: [['#home']] }, { point: { x: 5, y: 5 } }) && f.navigation('n2', 2010, `${SHOP}/`),
    );
    expect(ofType(signalsOf(link.events), 'quick-back').map(({ signal }) => signal.eventIds)).toEqual([['n1', 'n2']]);
    const elsewhere = there((f) => f.navigation('n2', 2010, `${SHOP}/cups`));
    expect(ofType(signalsOf(elsewhere.events), 'quick-back')).toEqual([]);
    const reload = there((f) => f.navigation('n2', 2010, `${SHOP}/mugs`, { navigationType: 'reload' }));
    expect(ofType(signalsOf(reload.events), 'quick-back')).toEqual([]);
    const late = there((f) => f.navigation('back', 6400, `${SHOP}/`, { navigationType: 'back-forward' }));
    expect(ofType(signalsOf(late.events), 'quick-back')).toEqual([]);
    expect(ofType(signalsOf(late.events, { quickBackMs: 6000 }), 'quick-back')).toHaveLength(1);
  });

  it('leaves paused time out of the stay', () => {
    const fixture = there((f) => {
      pause(f, 'p', 2000);
      resume(f, 'r', 30_000);
      f.navigation('back', 31_000, `${SHOP}/`, { navigationType: 'back-forward' });
    });
    expect(ofType(signalsOf(fixture.events), 'quick-back').map(({ signal }) => signal.value)).toEqual([1700]);
  });

  it('does not count leaving the page the walk started on', () => {
    const fixture = home();
    fixture.navigation('back', 1000, `${SHOP}/before`, { navigationType: 'back-forward' });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'quick-back')).toEqual([]);
  });
});

describe('form errors', () => {
  it('makes a submit refused with invalid fields one signal, with its submit and every invalid field', () => {
    const fixture = home();
    change(fixture, 'f1', 1000, { label: 'Email' });
    fixture.click('go', 1500, { name: 'Continue' });
    submitForm(fixture, 'sub', 1501, 'shipping-form');
    fixture.invalid('i1', 1502, { label: 'Email' }, 'Please enter a valid email address');
    fixture.invalid('i2', 1503, { label: 'City', name: 'city' }, '');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'form-error')).toEqual([
      {
        stepId: 'f1',
        signal: {
          id: 'form-error:sub',
          type: 'form-error',
          description: 'The form was refused: "Email" (Please enter a valid email address), "City"',
          eventIds: ['sub', 'i1', 'i2'],
          value: 2,
          decision: null,
        },
      },
    ]);
  });

  it('finds invalid fields without a submit (the browser’s own validation), one signal per validation pass', () => {
    const fixture = home();
    fixture.click('go', 1000, { name: 'Sign in' });
    fixture.invalid('i1', 1001, { label: 'Email' }, 'Required');
    fixture.click('go2', 5000, { name: 'Sign in' });
    fixture.invalid('i2', 5001, { label: 'Email' }, 'Required');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'form-error').map(({ signal }) => [signal.id, signal.eventIds])).toEqual([
      ['form-error:i1', ['i1']],
      ['form-error:i2', ['i2']],
    ]);
  });

  it('finds a form sent again without leaving the page (refused without invalid events)', () => {
    const fixture = home();
    submitForm(fixture, 's1', 1000, 'login-form');
    submitForm(fixture, 's2', 4000, 'login-form');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'form-error').map(({ signal }) => signal)).toEqual([
      {
        id: 'form-error:s1',
        type: 'form-error',
        description: 'The login form was sent again 3 s later without leaving the page: the first try probably failed',
        eventIds: ['s1', 's2'],
        value: 1,
        decision: null,
      },
    ]);
  });

  it('does not count a form sent again after a navigation, another form, or a try already refused', () => {
    const navigated = home();
    submitForm(navigated, 's1', 1000, 'search');
    navigated.navigation('n', 1010, `${SHOP}/search?q=a`);
    submitForm(navigated, 's2', 4000, 'search');
    expect(ofType(signalsOf(navigated.events), 'form-error')).toEqual([]);
    const other = home();
    submitForm(other, 's1', 1000, 'search');
    submitForm(other, 's2', 4000, 'newsletter');
    expect(ofType(signalsOf(other.events), 'form-error')).toEqual([]);
    const refused = home();
    submitForm(refused, 's1', 1000, 'shipping');
    refused.invalid('i', 1001, { label: 'Email' }, 'Bad');
    submitForm(refused, 's2', 1500, 'shipping');
    expect(ofType(signalsOf(refused.events), 'form-error').map(({ signal }) => signal.id)).toEqual(['form-error:s1']);
  });

  it('finds fields the page marked aria-invalid, and takes a browser refusal and its marking for one pass', () => {
    const fixture = home();
    change(fixture, 'f1', 1000, { label: 'Card number' });
    submitForm(fixture, 'sub', 1500, 'pay');
    fixture.invalid('i1', 1510, { label: 'Card number' }, 'Check the number', { source: 'aria-invalid' });
    fixture.invalid('i2', 5000, { label: 'Expiry' }, '', { source: 'aria-invalid' });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'form-error').map(({ signal }) => [signal.id, signal.eventIds, signal.description])).toEqual([
      ['form-error:sub', ['sub', 'i1'], 'The form was refused: "Card number" (Check the number)'],
      ['form-error:i2', ['i2'], 'The form was refused: "Expiry"'],
    ]);
  });

  it('joins an alert shown within 3 s of a submit to its refusal, or makes it the refusal', () => {
    const both = home();
    submitForm(both, 'sub', 1000, 'shipping-form');
    both.invalid('i1', 1001, { label: 'Email' }, 'Please enter a valid email address');
    formAlert(both, 'a1', 2800, 'Please correct 1 field below.');
    both.stop('stop', 10_000);
    expect(ofType(signalsOf(both.events), 'form-error').map(({ signal }) => [signal.id, signal.eventIds])).toEqual([['form-error:sub', ['sub', 'i1', 'a1']]]);

    const alone = home();
    submitForm(alone, 'sub', 1000, 'login-form');
    formAlert(alone, 'a1', 2000, 'Wrong password for [email]');
    alone.stop('stop', 10_000);
    expect(ofType(signalsOf(alone.events), 'form-error').map(({ signal }) => [signal.id, signal.eventIds, signal.description])).toEqual([
      ['form-error:sub', ['sub', 'a1'], 'The page refused the form: “Wrong password for [email]”'],
    ]);
    // Refused by an alert: sending it again is the same refusal, not a second one.
    submitForm(alone, 'sub2', 5000, 'login-form');
    expect(ofType(signalsOf(alone.events), 'form-error')).toHaveLength(1);
  });

  it('does not take a success toast in an alert region for a refusal, but joins an alert to a refusal under way', () => {
    const toast = home();
    submitForm(toast, 'sub', 1000, 'product-form');
    formAlert(toast, 'a1', 1400, 'Added to cart', false);
    toast.stop('stop', 10_000);
    expect(ofType(signalsOf(toast.events), 'form-error')).toEqual([]);

    const late = home();
    late.click('go', 1000, { name: 'Sign in' });
    late.invalid('i1', 1001, { label: 'Email' }, 'Required');
    formAlert(late, 'a1', 2200, 'Fix the errors below', false);
    late.stop('stop', 10_000);
    expect(ofType(signalsOf(late.events), 'form-error').map(({ signal }) => signal.eventIds)).toEqual([['i1', 'a1']]);
  });

  it('gives a page’s script time to mark fields: one refusal, not a second one when the form is sent again', () => {
    const fixture = home();
    submitForm(fixture, 's1', 1000, 'pay');
    fixture.invalid('i1', 2300, { label: 'Card number' }, 'Declined', { source: 'aria-invalid' });
    submitForm(fixture, 's2', 6000, 'pay');
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'form-error').map(({ signal }) => signal.eventIds)).toEqual([['s1', 'i1']]);
  });

  it('counts fields marked when a page arrives only when a submit brought the page', () => {
    const posted = home();
    submitForm(posted, 'sub', 1000, 'signup');
    posted.navigation('n', 1010, `${SHOP}/signup`, { navigationType: 'form-submit' });
    posted.invalid('i1', 2600, { label: 'Username' }, 'Already taken', { source: 'aria-invalid', onArrival: true });
    posted.stop('stop', 10_000);
    expect(ofType(signalsOf(posted.events), 'form-error').map(({ signal }) => [signal.id, signal.eventIds])).toEqual([['form-error:sub', ['sub', 'i1']]]);

    const browsed = home();
    browsed.click('link', 1000, { name: 'Sign up', tag: 'a' });
    browsed.navigation('n', 1010, `${SHOP}/signup`);
    browsed.invalid('i1', 1600, { label: 'Username' }, '', { source: 'aria-invalid', onArrival: true });
    browsed.stop('stop', 10_000);
    expect(ofType(signalsOf(browsed.events), 'form-error')).toEqual([]);
  });
});

describe('slow loads', () => {
  it('finds a page that took more than 1 s to load, from its navigation timing', () => {
    const fixture = home();
    fixture.click('pay', 1000, { name: 'Pay' });
    fixture.navigation('n1', 1010, `${SHOP}/confirmation`);
    fixture.pageLoad('l1', 2700, 'Order confirmed', { timing: { responseStartMs: 1530, domContentLoadedMs: 1619, loadMs: 1622, transferSize: 1871 } });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'slow-load')).toEqual([
      {
        stepId: 'pay',
        signal: {
          id: 'slow-load:n1',
          type: 'slow-load',
          description: 'Order confirmed took 1.6 s to load',
          eventIds: ['n1', 'l1'],
          value: 1622,
          decision: null,
        },
      },
    ]);
  });

  it('falls back on the other timings, then on the time from the navigation to its page-load', () => {
    const fixture = home();
    fixture.navigation('n1', 1000, `${SHOP}/a`);
    fixture.pageLoad('l1', 1100, 'A', { timing: { responseStartMs: 1200, domContentLoadedMs: null, loadMs: null, transferSize: null } });
    fixture.navigation('n2', 5000, `${SHOP}/b`);
    fixture.pageLoad('l2', 7000, 'B', { timing: { responseStartMs: null, domContentLoadedMs: null, loadMs: null, transferSize: null } });
    expect(ofType(signalsOf(fixture.events), 'slow-load').map(({ signal }) => [signal.id, signal.value])).toEqual([
      ['slow-load:n1', 1200],
      ['slow-load:n2', 2000],
    ]);
  });

  it('ignores fast pages, the page the walk started on, pages restored from cache and same-document moves', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.pageLoad('initial', 20, 'Mug shop', { timing: { responseStartMs: 900, domContentLoadedMs: 2000, loadMs: 3000, transferSize: 1 } });
    fixture.navigation('n1', 1000, `${SHOP}/fast`);
    fixture.pageLoad('l1', 1300, 'Fast');
    fixture.navigation('n2', 2000, `${SHOP}/`, { navigationType: 'back-forward' });
    fixture.pageLoad('l2', 2100, 'Mug shop', {
      restoredFromCache: true,
      timing: { responseStartMs: 900, domContentLoadedMs: 2000, loadMs: 3000, transferSize: 1 },
    });
    fixture.navigation('n3', 4000, `${SHOP}/#reviews`, { sameDocument: true });
    fixture.stop('stop', 10_000);
    expect(ofType(signalsOf(fixture.events), 'slow-load')).toEqual([]);
    expect(ofType(signalsOf(fixture.events, { slowLoadMs: 250 }), 'slow-load').map(({ signal }) => signal.id)).toEqual(['slow-load:n1']);
  });
});

describe('hesitations', () => {
  it('finds 10 s or more without activity before an action, on the step of that action', () => {
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 1500, 'All mugs');
    fixture.click('c2', 13_500, { name: 'Blue mug', selectors: [['#blue']] }, { point: { x: 700, y: 300 } });
    fixture.stop('stop', 20_000);
    expect(ofType(signalsOf(fixture.events), 'hesitation')).toEqual([
      {
        stepId: 'c2',
        signal: { id: 'hesitation:c2', type: 'hesitation', description: 'No action for 12 s before this', eventIds: ['c2'], value: 12_000, decision: null },
      },
    ]);
  });

  it('does not count shorter quiet spells, time spent reading with scrolls, or paused time', () => {
    const short = home();
    short.click('c1', 9000, { name: 'Mugs' });
    expect(ofType(signalsOf(short.events), 'hesitation')).toEqual([]);
    const reading = home();
    reading.scroll('s1', 7000);
    reading.click('c1', 15_000, { name: 'Mugs' });
    expect(ofType(signalsOf(reading.events), 'hesitation')).toEqual([]);
    const paused = home();
    pause(paused, 'p', 1000);
    resume(paused, 'r', 100_000);
    paused.click('c1', 101_000, { name: 'Mugs' });
    expect(ofType(signalsOf(paused.events), 'hesitation')).toEqual([]);
  });

  it('turns every idle gap the recorder wrote into a hesitation, with the action after it', () => {
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    idle(fixture, 'c2', 1000, 45_000);
    fixture.click('c2', 46_000, { name: 'Cups', selectors: [['#cups']] }, { point: { x: 700, y: 300 } });
    idle(fixture, 's1', 46_000, 35_000);
    fixture.scroll('s1', 81_000);
    fixture.stop('stop', 90_000);
    expect(ofType(signalsOf(fixture.events), 'hesitation').map(({ stepId, signal }) => [stepId, signal.id, signal.eventIds, signal.value])).toEqual([
      ['c2', 'hesitation:c2:idle', ['c2:idle', 'c2'], 45_000],
      ['c2', 'hesitation:s1:idle', ['s1:idle', 's1'], 35_000],
    ]);
  });

  it('leaves paused time out of an idle gap', () => {
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    pause(fixture, 'p', 2000);
    resume(fixture, 'r', 40_000);
    idle(fixture, 'c2', 1000, 40_500);
    fixture.click('c2', 41_500, { name: 'Cups', selectors: [['#cups']] });
    expect(ofType(signalsOf(fixture.events), 'hesitation')).toEqual([]);
  });

  it('takes its threshold from the caller', () => {
    const fixture = home();
    fixture.click('c1', 6000, { name: 'Mugs' });
    expect(ofType(signalsOf(fixture.events, { hesitationMs: 5000 }), 'hesitation').map(({ signal }) => signal.value)).toEqual([5980]);
  });
});

describe('excessive scrolling', () => {
  it('finds 8 scroll runs on one page', () => {
    const fixture = home();
    for (let i = 0; i < 8; i++) scrollTo(fixture, `s${i}`, 1000 + i * 1000, 300 * (i + 1));
    const detected = ofType(signalsOf(fixture.events), 'excessive-scroll');
    expect(detected.map(({ stepId, signal }) => [stepId, signal.id, signal.value, signal.eventIds.length, signal.description])).toEqual([
      ['start', 'excessive-scroll:s0', 8, 8, 'Scrolled 8 times on Mug shop, changing direction 0 times'],
    ]);
  });

  it('finds 3 changes of direction, and ignores fewer runs or runs spread over pages', () => {
    const updown = home();
    for (const [i, y] of [800, 0, 900, 100].entries()) scrollTo(updown, `s${i}`, 1000 + i * 1000, y);
    expect(ofType(signalsOf(updown.events), 'excessive-scroll').map(({ signal }) => signal.value)).toEqual([4]);
    const few = home();
    for (let i = 0; i < 7; i++) scrollTo(few, `s${i}`, 1000 + i * 1000, 300 * (i + 1));
    expect(ofType(signalsOf(few.events), 'excessive-scroll')).toEqual([]);
    const pages = home();
    for (let i = 0; i < 8; i++) {
      if (i === 4) pages.navigation('n', 4500, `${SHOP}/next`);
      scrollTo(pages, `s${i}`, 1000 + i * 1000, 300 * ((i % 4) + 1));
    }
    expect(ofType(signalsOf(pages.events), 'excessive-scroll')).toEqual([]);
  });

  it('keeps the runs of one page together across a fragment change', () => {
    const fixture = home();
    for (let i = 0; i < 8; i++) {
      if (i === 4) fixture.navigation('n', 4500, `${SHOP}/#reviews`, { sameDocument: true, navigationType: 'hash' });
      scrollTo(fixture, `s${i}`, 1000 + i * 1000, 300 * (i + 1));
    }
    expect(ofType(signalsOf(fixture.events), 'excessive-scroll')).toHaveLength(1);
  });
});

describe('detectSignals: placing and naming', () => {
  it('says signals in French', () => {
    const fixture = home();
    for (const [i, t] of [1000, 1200, 1400].entries()) fixture.click(`c${i}`, t, { name: 'Appliquer' });
    fixture.navigation('n1', 20_000, `${SHOP}/lent`);
    fixture.pageLoad('l1', 22_000, 'Lente', { timing: { responseStartMs: 100, domContentLoadedMs: 1500, loadMs: 2250, transferSize: 1 } });
    fixture.stop('stop', 30_000);
    expect(signalsOf(fixture.events, {}, 'fr').map(({ signal }) => signal.description)).toEqual([
      'Clic sur « Appliquer » : rien de visible ne s’est passé pendant 18,6 s',
      'A cliqué 3 fois sur « Appliquer » en 0,4 s',
      'Lente a mis 2,3 s à se charger',
    ]);
  });

  it('places a signal whose first event no step holds on the step current at its time', () => {
    const fixture = home();
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.click('c2', 1200, { name: 'Mugs' });
    fixture.click('c3', 1400, { name: 'Mugs' });
    fixture.click('x', 5000, { name: 'Other', selectors: [['#o']] }, { point: { x: 900, y: 900 } });
    const steps = [
      { id: 'start', t: 0, eventIds: ['start'] },
      { id: 'x', t: 5000, eventIds: ['x'] },
    ];
    const rage = ofType(detectSignals(fixture.events, steps), 'rage-click');
    expect(rage.map(({ stepId }) => stepId)).toEqual(['start']);
    expect(ofType(detectSignals(fixture.events, []), 'rage-click').map(({ stepId }) => stepId)).toEqual([null]);
  });

  it('gives the same ids however often it runs, and whatever the grouping', () => {
    const events = demoEvents();
    const once = detectSignals(events, groupSteps(events)).map(({ signal }) => signal.id);
    const raw = detectSignals(
      events,
      events.map((event) => ({ id: event.id, eventIds: [event.id] })),
    ).map(({ signal }) => signal.id);
    expect(once).toEqual(raw);
    expect(new Set(once).size).toBe(once.length);
  });

  it('lists the signals of each step', () => {
    const events = demoEvents();
    const byStep = signalsByStep(detectSignals(events, groupSteps(events)));
    expect([...byStep.values()].flat()).toHaveLength(4);
  });
});

describe('the demo walk', () => {
  it('finds the dead button, the stubborn promo button, the invalid email and the slow confirmation, and nothing else', () => {
    const events = demoEvents();
    const steps = groupSteps(events, 'en');
    const detected = detectSignals(events, steps, DEFAULT_THRESHOLDS, { locale: 'en' });
    const actionOf = (stepId: string | null) => steps.find((step) => step.id === stepId)?.action;
    expect(detected.map(({ stepId, signal }) => [signal.type, actionOf(stepId)])).toEqual([
      ['dead-click', 'Click "Track my order"'],
      ['rage-click', 'Click "Apply promo code" (4 times)'],
      ['form-error', 'Fill in the shipping form'],
      ['slow-load', 'Fill in the card form'],
    ]);
    const track = recordedEvent(events, 'click', (click) => click.target.name === 'Track my order');
    const promo = events.filter((event) => event.kind === 'click' && event.target.name === 'Apply promo code').map((event) => event.id);
    const submit = recordedEvent(events, 'submit', (event) => event.form.name === 'shipping-form');
    const invalid = recordedEvent(events, 'invalid');
    const alert = recordedEvent(events, 'form-alert');
    const confirmation = recordedEvent(events, 'navigation', (event) => event.url?.includes('/confirmation') ?? false);
    const load = recordedEvent(events, 'page-load', (event) => event.url?.includes('/confirmation') ?? false);
    expect(detected.map(({ signal }) => [signal.id, signal.eventIds, signal.value])).toEqual([
      [`dead-click:${track.id}`, [track.id], 3458],
      [`rage-click:${promo[0]}`, promo, 4],
      [`form-error:${submit.id}`, [submit.id, invalid.id, alert.id], 1],
      [`slow-load:${confirmation.id}`, [confirmation.id, load.id], 1604],
    ]);
    expect(detected.map(({ signal }) => signal.description)).toEqual([
      'Clicked "Track my order": nothing visible happened for 3.5 s',
      'Clicked "Apply promo code" 4 times in 0.6 s',
      'The form was refused: "Email" (Please enter a valid email address)',
      'Parcours Shop – Order confirmed took 1.6 s to load',
    ]);
  });

  it('has the page’s own answers in the recording: DOM changes after the clicks that changed the page, the alert of the refused form', () => {
    const events = demoEvents();
    const clickName = new Map(events.flatMap((event) => (event.kind === 'click' ? [[event.id, event.target.name] as const] : [])));
    const changed = events.flatMap((event) => (event.kind === 'dom-change' ? [clickName.get(event.forEventId)] : []));
    expect(changed).toEqual(['Apply promo code', 'Increase quantity', 'Add to cart', 'Gift wrap (€3.50)', 'Continue to payment', 'Continue to payment', 'Pay']);
    expect(recordedEvent(events, 'form-alert').text).toBe('Please correct 1 field below.');
    expect(recordedEvent(events, 'invalid').source).toBe('constraint');
  });
});

describe('the friction walk (recorded)', () => {
  /** The recorded walk, its steps and signals, and the action of the step a signal landed on. */
  function frictionWalk(thresholds: Partial<SignalThresholds> = DEFAULT_THRESHOLDS) {
    const events = frictionEvents();
    const steps = groupSteps(events, 'en');
    const detected = detectSignals(events, steps, thresholds, { locale: 'en' });
    const actionOf = (stepId: string | null) => steps.find((step) => step.id === stepId)?.action;
    return { events, detected, actionOf };
  }
  function onlySignal(detected: readonly DetectedSignal[], type: SignalType) {
    const found = ofType(detected, type);
    expect(found).toHaveLength(1);
    return (found[0] as DetectedSignal).signal;
  }
  /** Whether an event happened on the shop page at `path` (its path and query, the shop's port left out). */
  const onPage = (path: string) => (event: { url: string | null }) => {
    if (event.url == null) return false;
    const url = new URL(event.url);
    return url.pathname + url.search === path;
  };

  it('finds the quick back, the excessive scrolling and the hesitation, each on its step, and nothing else', () => {
    const { events, detected, actionOf } = frictionWalk();
    expect(events.flatMap((event) => (event.kind === 'click' ? [event.target.name] : []))).toEqual(FRICTION_CLICKS);
    expect(detected.map(({ stepId, signal }) => [signal.type, actionOf(stepId)])).toEqual([
      ['quick-back', 'Click "Canvas Tote Bag"'],
      ['excessive-scroll', 'Click "Delivery and returns"'],
      ['hesitation', 'Click "Add to cart"'],
    ]);
  });

  it('measures the quick back from the tote bag page’s arrival to the Back navigation, and not a return after a long read', () => {
    const { events, detected } = frictionWalk();
    const toTote = recordedEvent(events, 'navigation', onPage('/product?id=tote'));
    const toteLoad = recordedEvent(events, 'page-load', onPage('/product?id=tote'));
    const back = recordedEvent(events, 'navigation', (event) => event.navigationType === 'back-forward');
    expect(back.url).toBe(toTote.fromUrl);
    const quickBack = onlySignal(detected, 'quick-back');
    expect(quickBack.eventIds).toEqual([toTote.id, back.id]);
    expect(quickBack.value).toBe(back.t - toteLoad.t);
    // The walk glanced at the page for 1.5 s: longer than a misclick, well within the 5 s of a quick back.
    expect(quickBack.value).toBeGreaterThanOrEqual(1000);
    expect(quickBack.value).toBeLessThan(DEFAULT_THRESHOLDS.quickBackMs);
    expect(quickBack.description).toMatch(/^Went back from Parcours Shop – Canvas Tote Bag after \d\.\d s$/);

    // Continue shopping also led back to the page before (the home page), but after reading for longer.
    const deliveryLoad = recordedEvent(events, 'page-load', onPage('/delivery'));
    const home = events.filter((event) => event.kind === 'navigation' && onPage('/')(event) && event.t > deliveryLoad.t);
    expect(home).toHaveLength(1);
    expect((home[0] as CapturedEvent).t - deliveryLoad.t).toBeGreaterThan(DEFAULT_THRESHOLDS.quickBackMs);
  });

  it('counts every scroll run down the delivery page, all downwards to its foot, as the excessive scrolling', () => {
    const { events, detected } = frictionWalk();
    const runs = events.filter((event): event is EventOf<'scroll'> => event.kind === 'scroll' && onPage('/delivery')(event));
    const excessive = onlySignal(detected, 'excessive-scroll');
    expect(excessive.eventIds).toEqual(runs.map((run) => run.id));
    expect(excessive.value).toBe(DELIVERY_SCROLL_RUNS);
    expect(excessive.description).toBe(`Scrolled ${DELIVERY_SCROLL_RUNS} times on Parcours Shop – Delivery and returns, changing direction 0 times`);
    const depths = runs.map((run) => run.scrollY);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(new Set(depths).size).toBe(depths.length);
    const last = runs[runs.length - 1] as EventOf<'scroll'>;
    // The returns policy is at the foot of a page over three screens long.
    expect(last.documentHeight).toBeGreaterThan(3 * last.viewportHeight);
    expect(last.scrollY + last.viewportHeight).toBe(last.documentHeight);
    expect(last.maxDepthPct).toBe(100);
  });

  it('measures the hesitation from the hoodie page’s arrival to Add to cart, below the recorder’s idle gap', () => {
    const { events, detected } = frictionWalk();
    const hoodieLoad = recordedEvent(events, 'page-load', onPage('/product?id=hoodie'));
    const addToCart = recordedEvent(events, 'click', (click) => click.target.name === 'Add to cart');
    const hesitation = onlySignal(detected, 'hesitation');
    expect(hesitation.eventIds).toEqual([addToCart.id]);
    expect(hesitation.value).toBe(addToCart.t - hoodieLoad.t);
    // The walk let HESITATION_MS pass after the page's load (as recorded), before the click.
    expect(hesitation.value).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.hesitationMs);
    expect(hesitation.value).toBeLessThan(HESITATION_MS + 3000);
    // One decimal at most: a whole number of seconds is said without one ("12 s").
    expect(hesitation.description).toMatch(/^No action for 1\d(\.\d)? s before this$/);
    // Shorter than the 30 s after which the store writes an idle gap: found from the quiet alone.
    expect(events.filter((event) => event.kind === 'idle')).toEqual([]);
  });

  it('has the page’s answer to every click within the dead-click window: a DOM change for Add to cart, a navigation for each link', () => {
    const { events, detected } = frictionWalk();
    const answers = events.flatMap((event) => {
      if (event.kind !== 'click') return [];
      const answer = events.find(
        (other) =>
          ((other.kind === 'dom-change' && other.forEventId === event.id) || (other.kind === 'navigation' && other.tabId === event.tabId)) &&
          other.t >= event.t &&
          other.t <= event.t + DEFAULT_THRESHOLDS.deadClickWindowMs,
      );
      return [[event.target.name, answer?.kind]];
    });
    expect(answers).toEqual([
      ['Canvas Tote Bag', 'navigation'],
      ['Delivery and returns', 'navigation'],
      ['Continue shopping', 'navigation'],
      ['Trail Hoodie', 'navigation'],
      ['Add to cart', 'dom-change'],
      ['View cart', 'navigation'],
    ]);
    expect(ofType(detected, 'dead-click')).toEqual([]);
  });

  it('drops each signal once the tester’s threshold is set past its recorded figure', () => {
    const { detected } = frictionWalk();
    const quickBack = onlySignal(detected, 'quick-back');
    const hesitation = onlySignal(detected, 'hesitation');
    expect(types(frictionWalk({ quickBackMs: quickBack.value - 1 }).detected)).toEqual(['excessive-scroll', 'hesitation']);
    expect(types(frictionWalk({ excessiveScrollRuns: DELIVERY_SCROLL_RUNS + 1 }).detected)).toEqual(['quick-back', 'hesitation']);
    expect(types(frictionWalk({ hesitationMs: hesitation.value + 1 }).detected)).toEqual(['quick-back', 'excessive-scroll']);
  });
});
