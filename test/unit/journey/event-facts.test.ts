import { describe, expect, it } from 'vitest';
import type { CapturedEvent } from '@/lib/capture/events';
import {
  actionFor,
  addEvidence,
  chronological,
  compareEvents,
  fieldTarget,
  NavigationTitles,
  navigationTitles,
  screenshotMissingReason,
  screenshotsByEvent,
} from '@/lib/journey/event-facts';
import { DEFAULT_STAGE_IDS, defaultStages } from '@/lib/journey/stages';
import { EventFixture, field, SHOP } from '../fixtures/events';

describe('actionFor: what one event says', () => {
  it('says clicks in plain language, by name, then text, then tag', () => {
    const fixture = new EventFixture();
    const named = fixture.click('named', 100, { name: 'Add to cart', text: 'Add' });
    const text = fixture.click('text', 200, { name: null, text: 'Continue shopping' });
    const bare = fixture.click('bare', 300, { tag: 'div', name: null, text: null });
    expect([named, text, bare].map((event) => actionFor(event, undefined, 'en'))).toEqual([
      'Click "Add to cart"',
      'Click "Continue shopping"',
      'Click a div element',
    ]);
  });

  it('says the start, navigations (with the title they led to), back and reload', () => {
    const fixture = new EventFixture();
    const start = fixture.start('start', 0);
    const to = fixture.navigation('to', 100, `${SHOP}/cart`);
    const home = fixture.navigation('home', 150, `${SHOP}/`);
    const back = fixture.navigation('back', 200, `${SHOP}/`, { navigationType: 'back-forward' });
    const reload = fixture.navigation('reload', 300, `${SHOP}/`, { navigationType: 'reload' });
    expect(actionFor(start, undefined, 'en')).toBe('Start on "Mug shop"');
    // Without a title: the path, or the host for the home page.
    expect(actionFor(to, undefined, 'en')).toBe('Go to /cart');
    expect(actionFor(home, undefined, 'en')).toBe('Go to shop.example');
    expect(actionFor(to, 'Your cart', 'en')).toBe('Go to Your cart');
    expect(actionFor(back, 'Mug shop', 'en')).toBe('Go back to Mug shop');
    expect(actionFor(reload, 'Mug shop', 'en')).toBe('Reload Mug shop');
  });

  it('says field changes, submits, form errors and new tabs', () => {
    const fixture = new EventFixture();
    const events = [
      fixture.fieldChange('email', 100, { label: 'Email', name: 'email', inputType: 'email' }),
      fixture.fieldChange('nameless', 150, { label: null, name: 'zip' }),
      fixture.fieldChange('typed', 160, { label: null, name: null, inputType: 'search' }),
      fixture.fieldChange('size', 200, { tag: 'select', label: 'Size', inputType: null }, { selectedText: 'Large' }),
      fixture.submit('submit', 300, 'checkout'),
      fixture.add('submit', 'anonymous', 350, { form: { name: 'f', selectors: [['form#f']], method: 'post', action: null, fieldCount: 1 } }),
      fixture.add('submit', 'titled', 360, {
        form: { name: 'f', selectors: [['form#f']], method: 'post', action: null, fieldCount: 1, heading: 'Delivery' },
      }),
      fixture.add('key', 'enter', 370, { key: 'Enter', field: field({ label: 'What needs to be done?' }), valueLength: 8, devicePixelRatio: 1 }),
      fixture.add('key', 'empty-enter', 380, { key: 'Enter', field: field({ label: 'What needs to be done?' }), valueLength: 0, devicePixelRatio: 1 }),
      fixture.invalid('invalid', 400, { label: 'Card number' }, 'Please fill in this field.'),
      fixture.tabOpened('tab', 500, 2, `${SHOP}/size-guide`),
    ];
    expect(events.map((event) => actionFor(event, undefined, 'en'))).toEqual([
      'Fill in "Email"',
      'Fill in "zip"',
      'Fill in "search"',
      'Choose "Large" in "Size"',
      'Submit the checkout form',
      'Submit the form',
      'Submit the "Delivery" form',
      'Fill in "What needs to be done?" and press Enter',
      'Press Enter in "What needs to be done?"',
      'Form error on "Card number": Please fill in this field.',
      `Open a new tab: ${SHOP}/size-guide`,
    ]);
  });

  it('names boxes ticked as the map does, for the side panel’s timeline', () => {
    const fixture = new EventFixture();
    const events = [
      fixture.fieldChange('tick', 100, { label: 'Toggle Todo', inputType: 'checkbox' }, { checked: true }),
      fixture.fieldChange('untick', 200, { label: 'Toggle Todo', inputType: 'checkbox' }, { checked: false }),
      fixture.fieldChange('radio', 300, { label: 'Express', inputType: 'radio' }, { checked: true }),
      fixture.fieldChange('secret', 400, { label: 'Remember my card', inputType: 'checkbox', sensitive: true }),
      fixture.fieldChange('closed', 500, { tag: 'gift-assignee', label: null, inputType: null, closedRoot: true }, { valueLength: null }),
    ];
    expect(events.map((event) => actionFor(event, undefined, 'en'))).toEqual([
      'Tick "Toggle Todo"',
      'Untick "Toggle Todo"',
      'Choose "Express"',
      'Change "Remember my card"',
      'Fill in "gift-assignee"',
    ]);
  });

  it('says nothing for events that begin no step by themselves', () => {
    const fixture = new EventFixture();
    const events: CapturedEvent[] = [
      fixture.pageLoad('load', 10, 'Mugs'),
      fixture.scroll('scroll', 20),
      fixture.add('field-focus', 'focus', 30, { field: field({ label: 'Name' }) }),
      fixture.add('idle', 'idle', 40, { gapMs: 30_000, sinceT: 10 }),
      fixture.add('pause', 'pause', 50, {}),
      fixture.add('visibility', 'hidden', 60, { state: 'hidden' }),
      fixture.screenshot('load', 70, { screenshotId: 'x' }),
      fixture.stop('stop', 80),
    ];
    expect(events.map((event) => actionFor(event, undefined, 'en'))).toEqual(events.map(() => null));
  });

  it('speaks French when asked', () => {
    const fixture = new EventFixture();
    expect(actionFor(fixture.start('start', 0), undefined, 'fr')).toMatch(/^Commencer sur .*Mug shop/);
    expect(actionFor(fixture.click('c1', 100, { name: 'Ajouter au panier' }), undefined, 'fr')).toMatch(/^Cliquer sur .*Ajouter au panier/);
    expect(actionFor(fixture.navigation('n1', 200, `${SHOP}/panier`), 'Panier', 'fr')).toBe('Aller à Panier');
    expect(actionFor(fixture.submit('s', 400, null), undefined, 'fr')).toBe('Envoyer le formulaire « checkout »');
  });
});

describe('navigationTitles', () => {
  it('names a full-load navigation after the page-load that follows it, not after late events of the page it left', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1100, `${SHOP}/mugs`);
    // A late event of the page being left still carries its title.
    fixture.add('visibility', 'late', 1150, { state: 'hidden', pageTitle: 'Mug shop' });
    fixture.pageLoad('l1', 1400, 'All mugs');
    expect(navigationTitles(fixture.events).get('n1')).toBe('All mugs');
  });

  it('names a same-document navigation after the next top-frame event of its tab', () => {
    const fixture = new EventFixture().on(`${SHOP}/mugs`, 'All mugs');
    fixture.navigation('n2', 2000, `${SHOP}/mugs?colour=blue`, { sameDocument: true });
    fixture.screenshot('n2', 2400, { screenshotId: 'shot' });
    fixture.add('scroll', 'in-frame', 2450, { frameId: 3, pageTitle: 'Payment', scrollY: 1, maxDepthPct: 1, documentHeight: 1, viewportHeight: 1 });
    fixture.add('scroll', 'other-tab', 2460, { tabId: 2, pageTitle: 'Help', scrollY: 1, maxDepthPct: 1, documentHeight: 1, viewportHeight: 1 });
    fixture.on(`${SHOP}/mugs?colour=blue`, 'Blue mugs');
    fixture.scroll('s', 2500);
    expect(navigationTitles(fixture.events).get('n2')).toBe('Blue mugs');
  });

  it('keeps waiting past events without a title', () => {
    const fixture = new EventFixture().on(`${SHOP}/`, null);
    fixture.navigation('n', 100, `${SHOP}/cart`, { sameDocument: true });
    fixture.scroll('untitled', 150);
    fixture.on(`${SHOP}/cart`, 'Cart');
    fixture.scroll('titled', 200);
    expect(navigationTitles(fixture.events).get('n')).toBe('Cart');
  });

  it('names each tab’s navigation from that tab', () => {
    const fixture = new EventFixture();
    fixture.on(`${SHOP}/`, 'Mug shop', 1).navigation('n-tab1', 100, `${SHOP}/a`);
    fixture.on(`${SHOP}/`, 'Mug shop', 2).navigation('n-tab2', 110, `${SHOP}/b`);
    fixture.on(`${SHOP}/b`, null, 2).pageLoad('l-tab2', 200, 'Page B');
    fixture.on(`${SHOP}/a`, null, 1).pageLoad('l-tab1', 300, 'Page A');
    const titles = navigationTitles(fixture.events);
    expect(titles.get('n-tab1')).toBe('Page A');
    expect(titles.get('n-tab2')).toBe('Page B');
  });

  it('resumes from a saved place as if read from the start: titles found after it are found again', () => {
    const fixture = new EventFixture();
    fixture.navigation('n1', 100, `${SHOP}/a`);
    fixture.pageLoad('l1', 200, 'Page A');
    fixture.navigation('n2', 300, `${SHOP}/b`);
    fixture.scroll('s', 350);
    fixture.pageLoad('l2', 400, 'Page B');
    const [first, second, third, ...rest] = fixture.events as [CapturedEvent, CapturedEvent, CapturedEvent, ...CapturedEvent[]];
    const reading = new NavigationTitles();
    for (const event of [first, second, third]) reading.read(event);
    const saved = reading.save();
    // Read on to the end with a different page-load, then come back and read what really happened.
    reading.read({ ...(rest[1] as CapturedEvent), title: 'Not it' } as CapturedEvent);
    expect(reading.titles.get('n2')).toBe('Not it');
    reading.restore(saved, rest);
    expect(reading.titles.get('n2')).toBeUndefined();
    for (const event of rest) reading.read(event);
    expect(reading.titles).toEqual(navigationTitles(fixture.events));
    expect(reading.titles.get('n1')).toBe('Page A');
  });
});

describe('screenshotsByEvent and addEvidence', () => {
  it('keeps the first screenshot event of each event, in the walk’s order whatever order they come in', () => {
    const fixture = new EventFixture();
    fixture.click('c1', 100, { name: 'Pay' });
    const first = fixture.screenshot('c1', 130, { screenshotId: 'first' });
    const second = fixture.add('screenshot', 'another', 140, {
      forEventId: 'c1',
      screenshotId: 'second',
      missingReason: null,
      point: null,
      delayMs: 0,
      shared: false,
    });
    expect(screenshotsByEvent(fixture.events).get('c1')?.screenshotId).toBe('first');
    const byEvent = new Map();
    expect(addEvidence(byEvent, second)).toBe(true);
    expect(addEvidence(byEvent, first)).toBe(true);
    expect(addEvidence(byEvent, second)).toBe(false);
    expect(addEvidence(byEvent, fixture.events[0] as CapturedEvent)).toBe(false);
    expect(byEvent.get('c1')).toBe(first);
  });
});

describe('chronological', () => {
  it('orders by time, then commit order, without reordering its input', () => {
    const fixture = new EventFixture();
    fixture.click('third', 300, { name: 'C' });
    fixture.click('first', 100, { name: 'A' });
    fixture.click('second-a', 200, { name: 'B1' });
    fixture.click('second-b', 200, { name: 'B2' });
    expect(chronological(fixture.events).map((event) => event.id)).toEqual(['first', 'second-a', 'second-b', 'third']);
    expect(fixture.events[0]?.id).toBe('third');
    const [third, first] = fixture.events as [CapturedEvent, CapturedEvent];
    expect(compareEvents(first, third)).toBeLessThan(0);
    expect(compareEvents(third, third)).toBe(0);
  });
});

describe('fieldTarget', () => {
  it('describes a field as a target, without its value', () => {
    expect(fieldTarget(field({ label: 'Email', inputType: 'email' }))).toMatchObject({
      tag: 'input',
      name: 'Email',
      role: null,
      text: null,
      selectors: [['#field']],
      inputType: 'email',
    });
  });
});

describe('screenshotMissingReason', () => {
  const fixture = new EventFixture();
  const click = fixture.click('c1', 100, { name: 'Pay' });
  const frameNavigation = fixture.navigation('frame-nav', 200, `${SHOP}/widget`, { frameId: 3 });
  const change = fixture.fieldChange('f1', 300, { label: 'Name' });

  it('is null when the step has its screenshot', () => {
    expect(screenshotMissingReason(fixture.screenshot('c1', 150, { screenshotId: 'img' }), [click])).toBeNull();
  });

  it('gives the reason the screenshot event gave, or not-captured when it gave none', () => {
    expect(screenshotMissingReason(fixture.screenshot('c1', 150, { missingReason: 'paused' }), [click])).toBe('paused');
    expect(screenshotMissingReason(fixture.screenshot('c1', 150, { missingReason: null }), [click])).toBe('not-captured');
  });

  it('without a screenshot event, says recorder-restarted for a step the recorder always captures, not-captured otherwise', () => {
    expect(screenshotMissingReason(undefined, [change, click])).toBe('recorder-restarted');
    // A navigation inside a frame and a field are never captured by themselves.
    expect(screenshotMissingReason(undefined, [frameNavigation, change])).toBe('not-captured');
    expect(screenshotMissingReason(undefined, [])).toBe('not-captured');
  });
});

describe('defaultStages', () => {
  it('lists the seven default stages in order, in English', () => {
    expect(defaultStages('en')).toEqual([
      { id: 'awareness', name: 'Awareness', order: 0 },
      { id: 'consideration', name: 'Consideration', order: 1 },
      { id: 'comparison', name: 'Comparison', order: 2 },
      { id: 'decision', name: 'Decision', order: 3 },
      { id: 'purchase', name: 'Purchase', order: 4 },
      { id: 'retention', name: 'Retention', order: 5 },
      { id: 'advocacy', name: 'Advocacy', order: 6 },
    ]);
  });

  it('names them in French, with their accents, and keeps the same ids', () => {
    const stages = defaultStages('fr');
    expect(stages.map((stage) => stage.name)).toEqual(['Sensibilisation', 'Réflexion', 'Comparaison', 'Décision', 'Achat', 'Fidélisation', 'Recommandation']);
    expect(stages.map((stage) => stage.id)).toEqual([...DEFAULT_STAGE_IDS]);
  });

  it('returns fresh objects each time (a caller may edit its copy)', () => {
    const first = defaultStages('en');
    first[0]!.name = 'Changed';
    expect(defaultStages('en')[0]?.name).toBe('Awareness');
  });
});
