import { describe, expect, it } from 'vitest';
import { type GroupedStep, groupSteps, isFieldTarget, isToggleTarget } from '@/lib/journey/group';
import { EventFixture, SHOP, START_EPOCH_MS, target } from '../fixtures/events';
import {
  change,
  demoEvents,
  domChange,
  enter,
  focus,
  formAlert,
  idle,
  pause,
  recordedEvent,
  resume,
  scrollTo,
  submitForm,
  visibility,
} from './journey-fixtures';

const summary = (steps: readonly GroupedStep[]) => steps.map((step) => [step.kind, step.action]);
const stepOf = (steps: readonly GroupedStep[], eventId: string) => steps.find((step) => step.eventIds.includes(eventId));

/** The shop's checkout: name, email, delivery, gift wrap, then "Continue to payment". */
function fillShipping(fixture: EventFixture, from: number, prefix = '') {
  focus(fixture, `${prefix}fo1`, from, { label: 'Full name', name: 'fullName', selectors: [['#fullName']] });
  change(fixture, `${prefix}ch1`, from + 400, { label: 'Full name', name: 'fullName', selectors: [['#fullName']] });
  focus(fixture, `${prefix}fo2`, from + 410, { label: 'Email', name: 'email', inputType: 'email', selectors: [['#email']] });
  change(fixture, `${prefix}ch2`, from + 900, { label: 'Email', name: 'email', inputType: 'email', selectors: [['#email']] });
}

describe('groupSteps: basics', () => {
  it('makes no step of no events', () => {
    expect(groupSteps([])).toEqual([]);
  });

  it('makes the session start the first step, lasting until the stop, with every event of the walk', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.pageLoad('load', 30, 'Mug shop');
    fixture.screenshot('start', 120, { screenshotId: 'img-start' });
    fixture.stop('stop', 42_000);
    const steps = groupSteps(fixture.events, 'en');
    expect(steps).toEqual([
      {
        id: 'start',
        index: 0,
        kind: 'start',
        t: 0,
        at: new Date(START_EPOCH_MS).toISOString(),
        durationMs: 42_000,
        action: 'Start on "Mug shop"',
        url: `${SHOP}/`,
        pageTitle: 'Mug shop',
        tabId: 1,
        frameUrl: null,
        touchpoint: { site: 'shop.example', page: 'Mug shop', channel: 'web' },
        target: null,
        frame: null,
        point: null,
        devicePixelRatio: null,
        screenshotId: 'img-start',
        screenshotMissing: null,
        screenshotSource: null,
        screenshotDelayMs: null,
        lateScreenshotId: null,
        eventIds: ['start', 'load', 'start:screenshot', 'stop'],
      },
    ]);
  });

  it('places every event of a walk in exactly one step (checklist photos aside)', () => {
    const events = demoEvents();
    const ids = groupSteps(events, 'en').flatMap((step) => step.eventIds);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));
  });

  it('keeps event ids in the order they happened and steps in time order, indexed', () => {
    const steps = groupSteps(demoEvents(), 'en');
    const byId = new Map(demoEvents().map((event) => [event.id, event]));
    for (const [index, step] of steps.entries()) {
      expect(step.index).toBe(index);
      const times = step.eventIds.map((id) => byId.get(id)?.t as number);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      if (index > 0) expect(step.t).toBeGreaterThanOrEqual((steps[index - 1] as GroupedStep).t);
      expect(step.id).toBe(step.eventIds.find((id) => byId.get(id)?.t === step.t) ?? step.id);
    }
  });

  it('orders events by time, whatever order they come in', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.click('c2', 5000, { name: 'Cups', selectors: [['#cups']] }, { point: { x: 600, y: 300 } });
    const shuffled = [...fixture.events].reverse();
    expect(summary(groupSteps(shuffled, 'en'))).toEqual(summary(groupSteps(fixture.events, 'en')));
  });

  it('does not change the events it is given', () => {
    const events = demoEvents();
    const copy = structuredClone(events);
    groupSteps(Object.freeze(events), 'en');
    expect(events).toEqual(copy);
  });
});

describe('groupSteps: clicks and navigations', () => {
  it('makes a click and the full navigation it caused one step, on the page where the click happened', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const click = fixture.click('c1', 1000, { name: 'Mugs', tag: 'a', role: 'link' });
    fixture.screenshot('c1', 1050, { screenshotId: 'img-click' }, { point: { x: 160, y: 220 } });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`);
    visibility(fixture, 'hidden', 1030, 'hidden');
    fixture.pageLoad('l1', 1300, 'All mugs');
    fixture.screenshot('n1', 1700, { screenshotId: 'img-nav' });
    fixture.click('c2', 4000, { name: 'Blue mug', selectors: [['#blue']] }, { point: { x: 500, y: 500 } });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Mug shop"'],
      ['click', 'Click "Mugs"'],
      ['click', 'Click "Blue mug"'],
    ]);
    expect(steps[1]).toMatchObject({
      id: 'c1',
      url: `${SHOP}/`,
      pageTitle: 'Mug shop',
      target: click.target,
      point: { x: 160, y: 220 },
      screenshotId: 'img-click',
      eventIds: ['c1', 'n1', 'hidden', 'c1:screenshot', 'l1', 'n1:screenshot'],
      durationMs: 3000,
    });
    // The next step is on the page the click reached.
    expect(steps[2]).toMatchObject({ url: `${SHOP}/mugs`, pageTitle: 'All mugs' });
  });

  it('makes a navigation more than 1.5 s after the click its own step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 2600, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 2800, 'All mugs');
    expect(summary(groupSteps(fixture.events, 'en'))).toEqual([
      ['start', 'Start on "Mug shop"'],
      ['click', 'Click "Mugs"'],
      ['navigation', 'Go to All mugs'],
    ]);
  });

  it('honours a wider navigation window when asked', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 2600, `${SHOP}/mugs`);
    expect(groupSteps(fixture.events, 'en', { navigationWindowMs: 2000 })).toHaveLength(2);
  });

  it('keeps navigations the browser made (typed, reload, back/forward) as steps of their own, even right after a click', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1100, `${SHOP}/mugs`);
    fixture.pageLoad('l1', 1300, 'All mugs');
    fixture.click('c2', 3000, { name: 'Nothing', selectors: [['#x']] }, { point: { x: 700, y: 100 } });
    fixture.navigation('back', 3200, `${SHOP}/`, { navigationType: 'back-forward' });
    fixture.pageLoad('l2', 3400, 'Mug shop');
    fixture.navigation('reload', 6000, `${SHOP}/`, { navigationType: 'reload' });
    fixture.pageLoad('l3', 6300, 'Mug shop');
    fixture.navigation('typed', 9000, `${SHOP}/about`, { navigationType: 'typed' });
    expect(summary(groupSteps(fixture.events, 'en'))).toEqual([
      ['start', 'Start on "Mug shop"'],
      ['click', 'Click "Mugs"'],
      ['click', 'Click "Nothing"'],
      ['navigation', 'Go back to Mug shop'],
      ['navigation', 'Reload Mug shop'],
      ['navigation', 'Go to /about'],
    ]);
  });

  it('folds a history push right after a click into it, and makes one nothing caused a step', () => {
    const fixture = new EventFixture().on(`${SHOP}/mugs`, 'All mugs');
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Blue' });
    fixture.navigation('n1', 1020, `${SHOP}/mugs?colour=blue`, { sameDocument: true });
    fixture.navigation('n2', 9000, `${SHOP}/mugs?page=2`, { sameDocument: true });
    fixture.scroll('sc', 9600);
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "All mugs"'],
      ['click', 'Click "Blue"'],
      ['navigation', 'Go to /mugs'],
    ]);
    expect(stepOf(steps, 'n1')?.id).toBe('c1');
    expect(stepOf(steps, 'sc')?.id).toBe('n2');
  });

  it('does not fold a navigation of another tab into a click', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.on(`${SHOP}/help`, null, 2).navigation('n1', 1100, `${SHOP}/help`);
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => [step.id, step.tabId])).toEqual([
      ['start', 1],
      ['c1', 1],
      ['n1', 2],
    ]);
  });

  it('keeps a click in a frame and the top navigation it caused together, with its frame and target', () => {
    const fixture = new EventFixture().on(`${SHOP}/pay`, 'Payment');
    fixture.start('start', 0);
    const frame = { iframeSelectors: [['iframe#pay']], offset: { x: 100, y: 50 }, indexPath: [0] };
    fixture.click('pay', 1000, { name: 'Pay' }, { frame, frameId: 3, frameUrl: 'https://pay.example/card' });
    fixture.navigation('n1', 1200, `${SHOP}/thanks`);
    const steps = groupSteps(fixture.events, 'en');
    expect(steps[1]).toMatchObject({ id: 'pay', frame, frameUrl: 'https://pay.example/card', eventIds: ['pay', 'n1'] });
    expect(steps).toHaveLength(2);
  });

  it('makes quick repeated clicks on one spot one step, and keeps slower or distant ones apart', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    for (const [i, t] of [1000, 1200, 1400, 1650].entries()) fixture.click(`p${i}`, t, { name: 'Apply promo code', selectors: [['#promo']] });
    fixture.click('slow', 3000, { name: 'Apply promo code', selectors: [['#promo']] });
    fixture.click('far', 3500, { name: 'Other', selectors: [['#other']] }, { point: { x: 600, y: 600 } });
    fixture.click('near', 3900, { name: 'Next to it', selectors: [['#near']] }, { point: { x: 610, y: 615 } });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Mug shop"'],
      ['click', 'Click "Apply promo code" (4 times)'],
      ['click', 'Click "Apply promo code"'],
      ['click', 'Click "Other" (2 times)'],
    ]);
    expect(steps[1]?.eventIds).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(groupSteps(fixture.events, 'en', { repeatClickMs: 100 })).toHaveLength(8);
  });

  it('does not merge a click into one that navigated', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Next' });
    fixture.navigation('n1', 1010, `${SHOP}/2`, { sameDocument: true });
    fixture.click('c2', 1500, { name: 'Next' });
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([
      ['click', 'Click "Next"'],
      ['click', 'Click "Next"'],
    ]);
  });
});

describe('groupSteps: new tabs', () => {
  it('folds a tab-opened into the click that opened it; the new tab’s page is the next step, in that tab', () => {
    const fixture = new EventFixture().on(`${SHOP}/product`, 'Blue mug');
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Read reviews', tag: 'a' });
    fixture.on(`${SHOP}/reviews`, null, 2).navigation('n1', 1020, `${SHOP}/reviews`, { fromUrl: `${SHOP}/product` });
    fixture.on(`${SHOP}/product`, 'Blue mug', 1).tabOpened('open', 1060, 2, `${SHOP}/reviews`);
    fixture.on(`${SHOP}/reviews`, null, 2).pageLoad('l1', 1200, 'Reviews of the blue mug');
    scrollTo(fixture, 'sc', 2000, 500);
    fixture.add('tab-closed', 'closed', 3000, { frameId: null, url: null, pageTitle: null, closedTabId: 2 });
    fixture.on(`${SHOP}/product`, 'Blue mug', 1).click('c2', 4000, { name: 'Add to cart', selectors: [['#add']] }, { point: { x: 700, y: 700 } });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Blue mug"'],
      ['click', 'Click "Read reviews"'],
      ['navigation', 'Go to Reviews of the blue mug'],
      ['click', 'Click "Add to cart"'],
    ]);
    expect(steps[1]?.eventIds).toEqual(['c1', 'open']);
    expect(steps[2]).toMatchObject({ tabId: 2, url: `${SHOP}/reviews`, eventIds: ['n1', 'l1', 'sc', 'closed'] });
  });

  it('makes a tab the page opened by itself a "new tab" step, whichever of the tab and its page comes first', () => {
    for (const openFirst of [true, false]) {
      const fixture = new EventFixture();
      fixture.start('start', 0);
      if (openFirst) fixture.tabOpened('open', 5000, 2, `${SHOP}/offer`);
      fixture.on(`${SHOP}/offer`, null, 2).navigation('n1', 5010, `${SHOP}/offer`);
      if (!openFirst) fixture.on(`${SHOP}/`, 'Mug shop', 1).tabOpened('open', 5050, 2, `${SHOP}/offer`);
      fixture.on(`${SHOP}/offer`, null, 2).pageLoad('l1', 5200, 'Special offer');
      const steps = groupSteps(fixture.events, 'en');
      expect(summary(steps), String(openFirst)).toEqual([
        ['start', 'Start on "Mug shop"'],
        ['new-tab', 'Open a new tab: Special offer'],
      ]);
      expect(steps[1]).toMatchObject({ tabId: 2, url: `${SHOP}/offer`, pageTitle: 'Special offer' });
      expect(new Set(steps[1]?.eventIds)).toEqual(new Set(['open', 'n1', 'l1']));
    }
  });

  it('keeps what happens next in the opener tab out of a new tab’s step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.tabOpened('open', 5000, 2, `${SHOP}/offer`);
    fixture.scroll('opener-scroll', 5500);
    fixture.on(`${SHOP}/offer`, null, 2).navigation('n1', 5010, `${SHOP}/offer`);
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => step.eventIds)).toEqual([
      ['start', 'opener-scroll'],
      ['open', 'n1'],
    ]);
  });

  it('names a new tab whose page never reported by the URL it was opened with', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.tabOpened('open', 5000, 2, `${SHOP}/offer`);
    expect(groupSteps(fixture.events, 'en')[1]).toMatchObject({ kind: 'new-tab', action: 'Open a new tab: /offer', tabId: 2, url: `${SHOP}/offer` });
  });
});

describe('groupSteps: forms', () => {
  it('makes fields filled, the submit click, the submit, its invalid fields and its navigation one "Fill in the … form" step', () => {
    const fixture = new EventFixture().on(`${SHOP}/checkout`, 'Checkout');
    fixture.start('start', 0);
    fillShipping(fixture, 1000);
    fixture.click('gift', 2000, { tag: 'input', inputType: 'checkbox', role: 'checkbox', name: 'Gift wrap', selectors: [['#gift']] });
    change(fixture, 'giftc', 2001, { label: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] }, { checked: true });
    const submitClick = fixture.click('go', 2500, { name: 'Continue to payment', selectors: [['#go']] }, { point: { x: 230, y: 680 } });
    fixture.screenshot('go', 2550, { screenshotId: 'img-go' });
    submitForm(fixture, 'sub', 2501, 'shipping-form', [['#shipping-form']]);
    fixture.navigation('n1', 2510, `${SHOP}/checkout/payment`, { sameDocument: true });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Checkout"'],
      ['form', 'Fill in the shipping form'],
    ]);
    expect(steps[1]).toMatchObject({
      id: 'fo1',
      t: 1000,
      url: `${SHOP}/checkout`,
      pageTitle: 'Checkout',
      target: submitClick.target,
      screenshotId: 'img-go',
      eventIds: ['fo1', 'ch1', 'fo2', 'ch2', 'gift', 'giftc', 'go', 'sub', 'n1', 'go:screenshot'],
    });
  });

  it('keeps the refused try and the corrected one as two steps, the second "again"', () => {
    const fixture = new EventFixture().on(`${SHOP}/checkout`, 'Checkout');
    fixture.start('start', 0);
    fillShipping(fixture, 1000);
    fixture.click('go1', 2500, { name: 'Continue to payment', selectors: [['#go']] });
    submitForm(fixture, 'sub1', 2501, 'shipping-form', [['#shipping-form']]);
    fixture.invalid('inv', 2502, { label: 'Email', name: 'email', selectors: [['#email']] }, 'Please enter a valid email address');
    focus(fixture, 'refocus', 2503, { label: 'Email', name: 'email', selectors: [['#email']] });
    fixture.scroll('sc', 3000);
    change(fixture, 'fix', 5000, { label: 'Email', name: 'email', selectors: [['#email']] });
    fixture.click('go2', 5500, { name: 'Continue to payment', selectors: [['#go']] });
    submitForm(fixture, 'sub2', 5501, 'shipping-form', [['#shipping-form']]);
    fixture.navigation('n1', 5510, `${SHOP}/checkout/payment`, { sameDocument: true });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Checkout"'],
      ['form', 'Fill in the shipping form'],
      ['form', 'Fill in the shipping form again'],
    ]);
    expect(steps[1]?.eventIds).toEqual(['fo1', 'ch1', 'fo2', 'ch2', 'go1', 'sub1', 'inv']);
    expect(steps[2]?.eventIds).toEqual(['refocus', 'sc', 'fix', 'go2', 'sub2', 'n1']);
    expect(summary(groupSteps(fixture.events, 'fr')).slice(1)).toEqual([
      ['form', 'Remplir le formulaire « shipping »'],
      ['form', 'Remplir à nouveau le formulaire « shipping »'],
    ]);
  });

  it('does not say "again" after a form that was sent and left', () => {
    const fixture = new EventFixture().on(`${SHOP}/search`, 'Search');
    fixture.start('start', 0);
    change(fixture, 'q1', 1000, { label: 'Search', selectors: [['#q']] });
    submitForm(fixture, 's1', 1100, null, [['form.search-form']]);
    fixture.navigation('n1', 1110, `${SHOP}/search?q=mug`, { sameDocument: true });
    change(fixture, 'q2', 5000, { label: 'Search', selectors: [['#q']] });
    submitForm(fixture, 's2', 5100, null, [['form.search-form']]);
    fixture.navigation('n2', 5110, `${SHOP}/search?q=cup`, { sameDocument: true });
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([
      ['form', 'Fill in the search form'],
      ['form', 'Fill in the search form'],
    ]);
  });

  it('makes a form refused by the browser itself (invalid, no submit) a form step, named by the button that tried to send it', () => {
    const fixture = new EventFixture().on(`${SHOP}/login`, 'Sign in');
    fixture.start('start', 0);
    change(fixture, 'e', 1000, { label: 'Email', selectors: [['#email']] });
    fixture.click('go', 1500, { name: 'Sign in', selectors: [['#go']] });
    fixture.invalid('inv', 1501, { label: 'Password', selectors: [['#pw']] }, 'Please fill in this field.');
    const steps = groupSteps(fixture.events, 'en');
    // Never by its first field's label: "the Email form" is not what the page calls it.
    expect(summary(steps).slice(1)).toEqual([['form', 'Fill in the form sent with "Sign in"']]);
    expect(steps[1]?.eventIds).toEqual(['e', 'go', 'inv']);
  });

  it('names fields filled without a submit: one, a choice, a tick, several, many', () => {
    const cases: [string, (fixture: EventFixture) => void][] = [
      ['Fill in "Email"', (f) => change(f, 'a', 1000, { label: 'Email' })],
      ['Choose "Express" in "Delivery"', (f) => change(f, 'a', 1000, { label: 'Delivery', tag: 'select', inputType: 'select' }, { selectedText: 'Express' })],
      ['Tick "Gift wrap"', (f) => change(f, 'a', 1000, { label: 'Gift wrap', inputType: 'checkbox' }, { checked: true })],
      ['Untick "Newsletter"', (f) => change(f, 'a', 1000, { label: 'Newsletter', inputType: 'checkbox' }, { checked: false })],
      ['Choose "Express"', (f) => change(f, 'a', 1000, { label: 'Express', inputType: 'radio' }, { checked: true })],
      // A sensitive box's state is withheld: it changed, how is not said.
      ['Change "Remember my card"', (f) => change(f, 'a', 1000, { label: 'Remember my card', inputType: 'checkbox', sensitive: true })],
      [
        'Fill in "Name", "Email"',
        (f) => {
          change(f, 'a', 1000, { label: 'Name', selectors: [['#name']] });
          change(f, 'b', 1500, { label: 'Email', selectors: [['#email']] });
          change(f, 'c', 2000, { label: 'Name', selectors: [['#name']] });
        },
      ],
      [
        'Fill in "A", "B", "C" and 2 more',
        (f) => {
          for (const [i, label] of ['A', 'B', 'C', 'D', 'E'].entries()) change(f, `f${i}`, 1000 + i * 100, { label, selectors: [[`#${label}`]] });
        },
      ],
      ['Fill in "postcode"', (f) => change(f, 'a', 1000, { label: null, name: 'postcode' })],
    ];
    for (const [expected, build] of cases) {
      const fixture = new EventFixture();
      fixture.start('start', 0);
      build(fixture);
      fixture.click('elsewhere', 9000, { name: 'Help', selectors: [['#help']] }, { point: { x: 900, y: 30 } });
      expect(summary(groupSteps(fixture.events, 'en')).slice(1), expected).toEqual([
        ['form', expected],
        ['click', 'Click "Help"'],
      ]);
    }
  });

  it('says the field lists in French with French quotes', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'a', 1000, { label: 'Nom', selectors: [['#n']] });
    change(fixture, 'b', 1100, { label: 'Ville', selectors: [['#v']] });
    change(fixture, 'c', 1200, { label: 'Rue', selectors: [['#r']] });
    expect(groupSteps(fixture.events, 'fr')[1]?.action).toBe('Remplir « Nom », « Ville », « Rue »');
  });

  it('makes no step of fields only focused (tabbing through): they belong to the step before', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    focus(fixture, 'f1', 2000, { label: 'Search' });
    focus(fixture, 'f2', 2100, { label: 'Email' });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps)).toEqual([
      ['start', 'Start on "Mug shop"'],
      ['click', 'Click "Mugs"'],
    ]);
    expect(steps[1]?.eventIds).toEqual(['c1', 'f1', 'f2']);
  });

  it('keeps a lone focused field at the very start with the first step', () => {
    const fixture = new EventFixture();
    focus(fixture, 'f1', 0, { label: 'Search' });
    fixture.click('c1', 1000, { name: 'Mugs' });
    expect(groupSteps(fixture.events, 'en').map((step) => step.eventIds)).toEqual([['f1', 'c1']]);
  });

  it('keeps a click into a field that was not changed a click step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    focus(fixture, 'f1', 999, { label: 'Email' });
    fixture.click('c1', 1000, { tag: 'input', inputType: 'email', name: 'Email', role: 'textbox' });
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([['click', 'Click "Email"']]);
  });

  it('names a step of clicks into several fields, nothing typed, after the first (not "2 times")', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { tag: 'input', inputType: 'email', name: 'Email', role: 'textbox', selectors: [['#email']] });
    fixture.click('c2', 1500, { tag: 'input', inputType: 'password', name: 'Password', role: 'textbox', selectors: [['#pw']] }, { point: { x: 160, y: 300 } });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['click', 'Click "Email"']]);
    expect(steps[1]?.eventIds).toEqual(['c1', 'c2']);
  });

  it('makes a button that submits a form without fields a click step', () => {
    const fixture = new EventFixture().on(`${SHOP}/product`, 'Blue mug');
    fixture.start('start', 0);
    fixture.click('add', 1000, { name: 'Add to cart' });
    submitForm(fixture, 'sub', 1001, 'add-to-cart');
    fixture.navigation('n1', 1010, `${SHOP}/cart`);
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['click', 'Click "Add to cart"']]);
    expect(steps[1]?.eventIds).toEqual(['add', 'sub', 'n1']);
  });

  it('makes a form sent with Enter (no click) a form step, and a bare submit a "Submit" step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'q', 1000, { label: 'Search', selectors: [['#q']] });
    submitForm(fixture, 's1', 1200, 'searchForm');
    submitForm(fixture, 's2', 9000, 'newsletter');
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([
      ['form', 'Fill in the search form'],
      ['form', 'Submit the newsletter form'],
    ]);
    expect(steps[1]?.target).toMatchObject({ tag: 'input', name: 'Search', selectors: [['#q']] });
  });

  it('keeps the fields of different frames apart', () => {
    const fixture = new EventFixture().on(`${SHOP}/pay`, 'Payment');
    fixture.start('start', 0);
    change(fixture, 'top', 1000, { label: 'Name', selectors: [['#name']] });
    change(fixture, 'card', 1500, { label: 'Card number', selectors: [['#cc']] }, { frameId: 3, frameUrl: 'https://pay.example/' });
    change(fixture, 'cvc', 1700, { label: 'CVC', selectors: [['#cvc']] }, { frameId: 3, frameUrl: 'https://pay.example/' });
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([
      ['form', 'Fill in "Name"'],
      ['form', 'Fill in "Card number", "CVC"'],
    ]);
  });

  it('makes an invalid event on its own a form step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.invalid('inv', 1000, { label: 'Email' }, 'Required');
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([['form', 'Form error on "Email": Required']]);
  });
});

describe('isFieldTarget', () => {
  it('tells fields from buttons and links', () => {
    expect(isFieldTarget(target({ tag: 'input', inputType: 'text' }))).toBe(true);
    expect(isFieldTarget(target({ tag: 'input', inputType: 'checkbox' }))).toBe(true);
    expect(isFieldTarget(target({ tag: 'input', inputType: 'submit' }))).toBe(false);
    expect(isFieldTarget(target({ tag: 'textarea', role: null }))).toBe(true);
    expect(isFieldTarget(target({ tag: 'div', role: 'combobox' }))).toBe(true);
    expect(isFieldTarget(target({ tag: 'button', role: 'button' }))).toBe(false);
    expect(isFieldTarget(target({ tag: 'a', role: 'link' }))).toBe(false);
  });
});

/** TodoMVC's new-todo field: no form, a placeholder for a label. */
const NEW_TODO = { label: 'What needs to be done?', selectors: [['todo-app', 'input.new-todo']] };
const TOGGLE = { label: 'Toggle Todo', inputType: 'checkbox', selectors: [['todo-app', 'todo-item', 'input.toggle']] };
const toggleTarget = { tag: 'input', inputType: 'checkbox', role: 'checkbox', name: 'Toggle Todo', selectors: TOGGLE.selectors };

describe('groupSteps: Enter in a field with no form', () => {
  it('makes typing in the field and pressing Enter one step, named after the field, with its screenshot', () => {
    const fixture = new EventFixture().on(`${SHOP}/todos`, 'Todos');
    fixture.start('start', 0);
    focus(fixture, 'fo', 999, NEW_TODO);
    const into = fixture.click('into', 1000, { tag: 'input', inputType: 'text', role: 'textbox', name: NEW_TODO.label, selectors: NEW_TODO.selectors });
    enter(fixture, 'k1', 3000, NEW_TODO);
    fixture.screenshot('k1', 3040, { screenshotId: 'img-k1' });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['form', 'Fill in "What needs to be done?" and press Enter']]);
    expect(steps[1]).toMatchObject({ id: 'fo', target: into.target, screenshotId: 'img-k1', eventIds: ['fo', 'into', 'k1', 'k1:screenshot'] });
    // The mark on its screenshot: the point the screenshot was asked for, at the click's ratio (the key's without a click).
    expect(steps[1]?.devicePixelRatio).toBe(1);
    expect(
      groupSteps(
        fixture.events.filter((event) => event.id !== 'into'),
        'en',
      )[1]?.devicePixelRatio,
    ).toBe(2);
    expect(groupSteps(fixture.events, 'fr')[1]?.action).toBe('Remplir « What needs to be done? » et appuyer sur Entrée');
  });

  it('makes each Enter a step of its own: three todos added are three steps', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    focus(fixture, 'fo', 500, NEW_TODO);
    enter(fixture, 'k1', 2000, NEW_TODO);
    enter(fixture, 'k2', 4000, NEW_TODO);
    enter(fixture, 'k3', 4500, NEW_TODO);
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.slice(1).map((step) => step.eventIds)).toEqual([['fo', 'k1'], ['k2'], ['k3']]);
    expect(steps.slice(1).every((step) => step.target?.name === NEW_TODO.label)).toBe(true);
  });

  it('keeps the change the browser reports right after Enter in its step, not a later one or another field’s', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    enter(fixture, 'k1', 2000, NEW_TODO);
    change(fixture, 'after', 2003, NEW_TODO);
    change(fixture, 'late', 4000, NEW_TODO);
    change(fixture, 'other', 4100, { label: 'List name', selectors: [['#list-name']] });
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.slice(1).map((step) => step.eventIds)).toEqual([
      ['k1', 'after'],
      ['late', 'other'],
    ]);
  });

  it('says "Press Enter" when the field was empty', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    enter(fixture, 'k1', 2000, NEW_TODO, 0);
    expect(groupSteps(fixture.events, 'en')[1]?.action).toBe('Press Enter in "What needs to be done?"');
    expect(groupSteps(fixture.events, 'fr')[1]?.action).toBe('Appuyer sur Entrée dans « What needs to be done? »');
  });

  it('leaves another field’s typing its own step, and keeps a navigation the Enter caused', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'list', 1000, { label: 'List name', selectors: [['#list-name']] });
    focus(fixture, 'fo', 1500, { label: 'Search', selectors: [['#q']] });
    enter(fixture, 'k1', 2000, { label: 'Search', selectors: [['#q']] });
    fixture.navigation('n1', 2100, `${SHOP}/?q=mug`, { sameDocument: true });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([
      ['form', 'Fill in "List name"'],
      ['form', 'Fill in "Search" and press Enter'],
    ]);
    expect(steps[1]?.eventIds).toEqual(['list', 'fo']);
    expect(steps[2]?.eventIds).toEqual(['k1', 'n1']);
  });
});

describe('groupSteps: boxes ticked outside a form that is sent', () => {
  it('makes a tick its own step, apart from the typing before and after it', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'list', 1000, { label: 'List name', selectors: [['#list-name']] });
    focus(fixture, 'fo', 2000, TOGGLE);
    const box = fixture.click('box', 2001, toggleTarget);
    change(fixture, 'ticked', 2002, TOGGLE, { checked: true });
    fixture.screenshot('box', 2040, { screenshotId: 'img-box' });
    focus(fixture, 'fo2', 5000, NEW_TODO);
    change(fixture, 'typed', 6000, NEW_TODO);
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([
      ['form', 'Fill in "List name"'],
      ['form', 'Tick "Toggle Todo"'],
      ['form', 'Fill in "What needs to be done?"'],
    ]);
    // Its focus (at the press) is no action: it stays with the step before.
    expect(steps[1]?.eventIds).toEqual(['list', 'fo']);
    expect(steps[2]).toMatchObject({ id: 'box', target: box.target, screenshotId: 'img-box', eventIds: ['box', 'ticked', 'box:screenshot'] });
    expect(groupSteps(fixture.events, 'fr')[2]?.action).toBe('Cocher « Toggle Todo »');
  });

  it('makes ticking two todos two steps, and unticking one a step too', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const second = { ...TOGGLE, selectors: [['todo-app', 'todo-item:nth-of-type(2)', 'input.toggle']] };
    fixture.click('b1', 1000, toggleTarget);
    change(fixture, 't1', 1001, TOGGLE, { checked: true });
    fixture.click('b2', 1300, { ...toggleTarget, selectors: second.selectors }, { point: { x: 160, y: 260 } });
    change(fixture, 't2', 1301, second, { checked: true });
    fixture.click('b3', 1600, toggleTarget);
    change(fixture, 't3', 1601, TOGGLE, { checked: false });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([
      ['form', 'Tick "Toggle Todo"'],
      ['form', 'Tick "Toggle Todo"'],
      ['form', 'Untick "Toggle Todo"'],
    ]);
    expect(steps.slice(1).map((step) => step.eventIds)).toEqual([
      ['b1', 't1'],
      ['b2', 't2'],
      ['b3', 't3'],
    ]);
    expect(groupSteps(fixture.events, 'fr')[3]?.action).toBe('Décocher « Toggle Todo »');
  });

  it('takes the click on the box’s label into the tick', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('label', 1000, { tag: 'label', role: null, name: null, text: 'Gift wrap', selectors: [['label[for="gift"]']] });
    fixture.click('box', 1001, { ...toggleTarget, name: 'Gift wrap', selectors: [['#gift']] });
    change(fixture, 'ticked', 1002, { label: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] }, { checked: true });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['form', 'Tick "Gift wrap"']]);
    expect(steps[1]?.eventIds).toEqual(['label', 'box', 'ticked']);
  });

  it('keeps a tick in the form it is part of when that form is sent, even a while later', () => {
    const fixture = new EventFixture().on(`${SHOP}/checkout`, 'Checkout');
    fixture.start('start', 0);
    fixture.click('gift', 1000, { ...toggleTarget, name: 'Gift wrap', selectors: [['#gift']] });
    change(fixture, 'giftc', 1001, { label: 'Gift wrap', inputType: 'checkbox', selectors: [['#gift']] }, { checked: true });
    change(fixture, 'name', 20_000, { label: 'Full name', selectors: [['#name']] });
    fixture.click('go', 30_000, { name: 'Continue to payment', selectors: [['#go']] });
    submitForm(fixture, 'sub', 30_001, 'shipping-form', [['#shipping-form']]);
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['form', 'Fill in the shipping form']]);
    expect(steps[1]?.eventIds).toEqual(['gift', 'giftc', 'name', 'go', 'sub']);
  });

  it('makes a tick its own step when the tester leaves before a submit: a click that sends nothing, a navigation, an Enter', () => {
    const leaving: [string, (fixture: EventFixture) => void][] = [
      ['a click', (f) => f.click('help', 2000, { name: 'Help', selectors: [['#help']] }, { point: { x: 900, y: 30 } })],
      ['a navigation', (f) => f.navigation('nav', 5000, `${SHOP}/other`, { sameDocument: true })],
      ['an Enter', (f) => enter(f, 'enter', 2000, NEW_TODO)],
    ];
    for (const [what, leave] of leaving) {
      const fixture = new EventFixture();
      fixture.start('start', 0);
      fixture.click('box', 1000, toggleTarget);
      change(fixture, 'ticked', 1001, TOGGLE, { checked: true });
      leave(fixture);
      submitForm(fixture, 'sub', 9000, 'newsletter');
      const steps = groupSteps(fixture.events, 'en');
      expect(steps[1]?.action, what).toBe('Tick "Toggle Todo"');
      expect(steps[1]?.eventIds, what).toEqual(['box', 'ticked']);
    }
  });

  it('makes a switch clicked outside a form (no change reported) its own click step, not part of the typing after it', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('dark', 1000, { tag: 'button', role: 'switch', name: 'Dark mode', selectors: [['#dark']] });
    change(fixture, 'typed', 3000, NEW_TODO);
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([
      ['click', 'Click "Dark mode"'],
      ['form', 'Fill in "What needs to be done?"'],
    ]);
  });

  it('tells boxes to tick from other targets', () => {
    expect(isToggleTarget(target({ tag: 'input', inputType: 'checkbox' }))).toBe(true);
    expect(isToggleTarget(target({ tag: 'input', inputType: 'radio' }))).toBe(true);
    expect(isToggleTarget(target({ tag: 'button', role: 'switch' }))).toBe(true);
    expect(isToggleTarget(target({ tag: 'div', role: 'menuitemcheckbox' }))).toBe(true);
    expect(isToggleTarget(target({ tag: 'input', inputType: 'text', role: 'checkbox' }))).toBe(false);
    expect(isToggleTarget(target({ tag: 'label', role: null }))).toBe(false);
    expect(isToggleTarget(target({ tag: 'button', role: 'button' }))).toBe(false);
  });
});

describe('groupSteps: fields in closed shadow roots', () => {
  const HOST = { tag: 'todo-owner', inputType: null, label: 'Assigned to', selectors: [['#owner']], closedRoot: true as const };

  it('makes the click on a closed root’s host and the change seen there one "Fill in" step', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const click = fixture.click('into', 1000, { tag: 'todo-owner', role: null, name: 'Assigned to', selectors: [['#owner']] });
    change(fixture, 'typed', 1300, HOST, { valueLength: null });
    const steps = groupSteps(fixture.events, 'en');
    expect(summary(steps).slice(1)).toEqual([['form', 'Fill in "Assigned to"']]);
    expect(steps[1]).toMatchObject({ target: click.target, eventIds: ['into', 'typed'] });
  });

  it('keeps a click on something else a click, and names an unlabelled host by its tag', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('other', 1000, { name: 'Help', selectors: [['#help']] });
    change(fixture, 'typed', 1300, { ...HOST, label: null }, { valueLength: null });
    expect(summary(groupSteps(fixture.events, 'en')).slice(1)).toEqual([
      ['click', 'Click "Help"'],
      ['form', 'Fill in "todo-owner"'],
    ]);
  });
});

describe('groupSteps: events that are no steps', () => {
  it('folds scrolls, visibility changes and closed tabs into the step before them', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.scroll('s0', 500);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.scroll('s1', 2000);
    visibility(fixture, 'v', 2500, 'hidden');
    fixture.add('tab-closed', 'tc', 2600, { frameId: null, url: null, pageTitle: null, closedTabId: 1 });
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => step.eventIds)).toEqual([
      ['start', 's0'],
      ['c1', 's1', 'v', 'tc'],
    ]);
  });

  it('puts a page-load with the step that navigated there, even when another tab acted meanwhile', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Slow page' });
    fixture.navigation('n1', 1005, `${SHOP}/slow`);
    fixture.on(`${SHOP}/other`, 'Other', 2).click('c2', 2000, { name: 'Elsewhere' });
    fixture.on(`${SHOP}/slow`, null, 1).pageLoad('l1', 4000, 'Slow page');
    const steps = groupSteps(fixture.events, 'en');
    expect(stepOf(steps, 'l1')?.id).toBe('c1');
  });

  it('puts a DOM change with the click it followed, even after a later step began', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Add to cart' });
    fixture.navigation('n', 1200, `${SHOP}/elsewhere`, { navigationType: 'typed' });
    domChange(fixture, 'd1', 1300, 'c1');
    domChange(fixture, 'd-unknown', 1400, 'gone');
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => step.id)).toEqual(['start', 'c1', 'n']);
    expect(stepOf(steps, 'd1')?.id).toBe('c1');
    // A change whose click is unknown goes by time.
    expect(stepOf(steps, 'd-unknown')?.id).toBe('n');
  });

  it('puts an alert and fields marked on a page’s arrival with the step before them, never as steps', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    change(fixture, 'ch', 500, { label: 'Username' });
    submitForm(fixture, 'sub', 1000, 'signup');
    fixture.navigation('n', 1010, `${SHOP}/signup`, { navigationType: 'form-submit' });
    fixture.invalid('i1', 3000, { label: 'Username' }, 'Already taken', { source: 'aria-invalid', onArrival: true });
    formAlert(fixture, 'a1', 3100, 'Please choose another username');
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => step.id)).toEqual(['start', 'ch']);
    expect(steps[1]?.eventIds).toEqual(['ch', 'sub', 'n', 'i1', 'a1']);
  });

  it('puts an idle gap with the step of the action that ended it', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    idle(fixture, 'c2', 1000, 40_000);
    fixture.click('c2', 41_000, { name: 'Cups', selectors: [['#cups']] });
    const steps = groupSteps(fixture.events, 'en');
    expect(stepOf(steps, 'c2:idle')?.id).toBe('c2');
  });

  it('leaves checklist evidence photos (screenshots of no event) out of the steps', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.screenshot('evidence:abc', 500, { screenshotId: 'photo' });
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.flatMap((step) => step.eventIds)).toEqual(['start']);
    expect(steps[0]?.screenshotId).toBeNull();
  });

  it('puts pause, resume and stop in the step they happen in', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    pause(fixture, 'p', 2000);
    resume(fixture, 'r', 9000);
    fixture.stop('stop', 10_000);
    expect(groupSteps(fixture.events, 'en')[1]?.eventIds).toEqual(['c1', 'p', 'r', 'stop']);
  });
});

describe('groupSteps: screenshots', () => {
  it('never takes the page a click opened for the click’s step: without its own image it says why', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1010, `${SHOP}/mugs`);
    fixture.screenshot('c1', 1100, { missingReason: 'tab-not-visible' });
    fixture.screenshot('n1', 1600, { screenshotId: 'img-nav' });
    expect(groupSteps(fixture.events, 'en')[1]).toMatchObject({ screenshotId: null, screenshotMissing: 'tab-not-visible' });
  });

  it('says why a step has no screenshot', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.screenshot('c1', 1100, { missingReason: 'rate-limited' });
    fixture.click('c2', 3000, { name: 'Cups', selectors: [['#cups']] }, { point: { x: 900, y: 100 } });
    change(fixture, 'f', 5000, { label: 'Email' });
    const steps = groupSteps(fixture.events, 'en');
    expect(steps.map((step) => [step.screenshotId, step.screenshotMissing])).toEqual([
      [null, 'recorder-restarted'],
      [null, 'rate-limited'],
      [null, 'recorder-restarted'],
      [null, 'not-captured'],
    ]);
  });

  it('marks the point the screenshot marks', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' }, { point: { x: 10, y: 20 } });
    fixture.screenshot('c1', 1100, { screenshotId: 'img' }, { point: { x: 110, y: 70 } });
    expect(groupSteps(fixture.events, 'en')[1]?.point).toEqual({ x: 110, y: 70 });
  });
});

describe('groupSteps: durations', () => {
  it('lasts each step until the next, the last until the stop (or the last event without one)', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.click('c2', 4000, { name: 'Cups', selectors: [['#cups']] }, { point: { x: 900, y: 100 } });
    fixture.scroll('late', 7000);
    expect(groupSteps(fixture.events, 'en').map((step) => step.durationMs)).toEqual([1000, 3000, 3000]);
    fixture.stop('stop', 20_000);
    expect(groupSteps(fixture.events, 'en').map((step) => step.durationMs)).toEqual([1000, 3000, 16_000]);
  });

  it('leaves paused time out, and an interruption until the walk was finished', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    pause(fixture, 'p', 2000);
    resume(fixture, 'r', 62_000);
    fixture.click('c2', 63_000, { name: 'Cups', selectors: [['#cups']] }, { point: { x: 900, y: 100 } });
    fixture.add('interrupted', 'cut', 64_000, { tabId: null, frameId: null, url: null, pageTitle: null, reason: 'browser-closed' });
    fixture.add('session-stop', 'stop', 3_600_000, { tabId: null, frameId: null, url: null, pageTitle: null, reason: 'finished-after-interruption' });
    expect(groupSteps(fixture.events, 'en').map((step) => step.durationMs)).toEqual([1000, 2000, 1000]);
  });
});

describe('groupSteps: the demo walk', () => {
  it('makes 14 human steps of the 105 recorded events', () => {
    const events = demoEvents();
    expect(events).toHaveLength(105);
    expect(summary(groupSteps(events, 'en'))).toEqual([
      ['start', 'Start on "Parcours Shop – Home"'],
      ['click', 'Click "Track my order"'],
      ['click', 'Click "Apply promo code" (4 times)'],
      ['form', 'Fill in the search form'],
      ['click', 'Click "Stoneware Mug"'],
      ['click', 'Click "Read reviews"'],
      ['navigation', 'Go to Parcours Shop – Reviews of Stoneware Mug'],
      ['click', 'Click "Increase quantity"'],
      ['click', 'Click "Add to cart"'],
      ['click', 'Click "View cart"'],
      ['click', 'Click "Proceed to checkout"'],
      ['form', 'Fill in the shipping form'],
      ['form', 'Fill in the shipping form again'],
      ['form', 'Fill in the card form'],
    ]);
  });

  it('keeps the walk’s details on its steps: pages, tabs, frames, screenshots, durations', () => {
    const events = demoEvents();
    const steps = groupSteps(events, 'en');
    const reviews = steps[6] as GroupedStep;
    const card = steps[13] as GroupedStep;
    const confirmation = recordedEvent(events, 'navigation', (event) => event.url?.includes('/confirmation') ?? false);
    expect(reviews.tabId).not.toBe(steps[5]?.tabId);
    expect(reviews.url).toMatch(/\/reviews\?id=mug$/);
    expect(steps[5]?.eventIds).toContain(recordedEvent(events, 'tab-opened').id);
    expect(card).toMatchObject({ frameUrl: expect.stringMatching(/^http/), target: { name: 'Pay' } });
    expect(card.frame?.indexPath).toEqual([0]);
    expect(card.eventIds).toContain(confirmation.id);
    expect(steps.every((step) => step.screenshotId != null)).toBe(true);
    const stop = recordedEvent(events, 'session-stop');
    expect(steps.reduce((sum, step) => sum + step.durationMs, 0)).toBe(stop.t - (steps[0] as GroupedStep).t);
  });

  it('reads the demo in French', () => {
    expect(summary(groupSteps(demoEvents(), 'fr')).map(([, action]) => action)).toEqual([
      'Commencer sur « Parcours Shop – Home »',
      'Cliquer sur « Track my order »',
      'Cliquer sur « Apply promo code » (4 fois)',
      'Remplir le formulaire « search »',
      'Cliquer sur « Stoneware Mug »',
      'Cliquer sur « Read reviews »',
      'Aller à Parcours Shop – Reviews of Stoneware Mug',
      'Cliquer sur « Increase quantity »',
      'Cliquer sur « Add to cart »',
      'Cliquer sur « View cart »',
      'Cliquer sur « Proceed to checkout »',
      'Remplir le formulaire « shipping »',
      'Remplir à nouveau le formulaire « shipping »',
      'Remplir le formulaire « card »',
    ]);
  });
});
