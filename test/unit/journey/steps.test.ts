import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_IDS, defaultStages } from '@/lib/journey/stages';
import { buildSteps, chronological, navigationTitles, screenshotMissingReason, screenshotsByEvent } from '@/lib/journey/steps';
import { EventFixture, field, SHOP, START_EPOCH_MS } from '../fixtures/events';

const actions = (fixture: EventFixture) => buildSteps(fixture.events, 'en').map((step) => step.action);

describe('buildSteps', () => {
  it('makes no steps for an empty session', () => {
    expect(buildSteps([])).toEqual([]);
  });

  it('makes one start step for a session with only a start', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    const steps = buildSteps(fixture.events, 'en');
    expect(steps).toEqual([
      {
        id: 'start',
        index: 0,
        kind: 'start',
        t: 0,
        at: new Date(START_EPOCH_MS).toISOString(),
        durationMs: 0,
        url: `${SHOP}/`,
        pageTitle: 'Mug shop',
        tabId: 1,
        frameUrl: null,
        target: null,
        frame: null,
        point: null,
        devicePixelRatio: null,
        screenshotId: null,
        screenshotMissing: 'recorder-restarted',
        action: 'Start on "Mug shop"',
        eventIds: ['start'],
      },
    ]);
  });

  it('lasts a lone start until the session stopped', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.stop('stop', 42_000);
    expect(buildSteps(fixture.events).map((step) => [step.kind, step.durationMs])).toEqual([['start', 42_000]]);
  });

  it('describes clicks in plain language, by name, then text, then tag', () => {
    const fixture = new EventFixture();
    fixture.click('named', 100, { name: 'Add to cart', text: 'Add' });
    fixture.click('text', 200, { name: null, text: 'Continue shopping' });
    fixture.click('bare', 300, { tag: 'div', name: null, text: null });
    expect(actions(fixture)).toEqual(['Click "Add to cart"', 'Click "Continue shopping"', 'Click a div element']);
  });

  it('keeps the click target, point and frame on the step', () => {
    const fixture = new EventFixture();
    const frame = { iframeSelectors: [['iframe#pay']], offset: { x: 100, y: 50 }, indexPath: [0] };
    const click = fixture.click('c', 100, { name: 'Pay' }, { frame, frameUrl: 'https://pay.example/card', frameId: 3 });
    const [step] = buildSteps(fixture.events);
    expect(step).toMatchObject({
      kind: 'click',
      target: click.target,
      point: click.point,
      devicePixelRatio: click.devicePixelRatio,
      frame,
      frameUrl: 'https://pay.example/card',
    });
  });

  it('names a full-load navigation after the page-load that follows it, not after late events of the page it left', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 1000, { name: 'Mugs' });
    fixture.navigation('n1', 1100, `${SHOP}/mugs`);
    // A late event of the page being left still carries its title.
    fixture.add('visibility', 'late', 1150, { state: 'hidden', pageTitle: 'Mug shop' });
    fixture.pageLoad('l1', 1400, 'All mugs');
    const navigation = buildSteps(fixture.events, 'en').find((step) => step.id === 'n1');
    expect(navigation).toMatchObject({ kind: 'navigation', action: 'Go to All mugs', pageTitle: 'All mugs', url: `${SHOP}/mugs` });
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
    expect(buildSteps(fixture.events, 'en')[0]).toMatchObject({ action: 'Go to Blue mugs', pageTitle: 'Blue mugs' });
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

  it('falls back to the path, or the host for the home page, when no title ever comes', () => {
    const fixture = new EventFixture();
    fixture.navigation('to-cart', 100, `${SHOP}/cart`);
    fixture.navigation('home', 200, `${SHOP}/`);
    const steps = buildSteps(fixture.events, 'en');
    expect(steps.map((step) => step.action)).toEqual(['Go to /cart', 'Go to shop.example']);
    expect(steps[0]?.pageTitle).toBeNull();
  });

  it('says back and reload in plain language', () => {
    const fixture = new EventFixture();
    fixture.navigation('back', 100, `${SHOP}/`, { navigationType: 'back-forward' });
    fixture.pageLoad('l1', 200, 'Mug shop');
    fixture.navigation('reload', 300, `${SHOP}/`, { navigationType: 'reload' });
    fixture.pageLoad('l2', 400, 'Mug shop');
    expect(actions(fixture)).toEqual(['Go back to Mug shop', 'Reload Mug shop']);
  });

  it('makes input, submit, form-error and new-tab steps', () => {
    const fixture = new EventFixture();
    fixture.fieldChange('email', 100, { label: 'Email', name: 'email', inputType: 'email' });
    fixture.fieldChange('nameless', 150, { label: null, name: 'zip' });
    fixture.fieldChange('typed', 160, { label: null, name: null, inputType: 'search' });
    fixture.fieldChange('size', 200, { tag: 'select', label: 'Size', inputType: null }, { selectedText: 'Large' });
    fixture.submit('submit', 300, 'checkout');
    fixture.add('submit', 'anonymous', 350, { form: { name: 'f', selectors: [['form#f']], method: 'post', action: null, fieldCount: 1 } });
    fixture.add('submit', 'titled', 360, { form: { name: 'f', selectors: [['form#f']], method: 'post', action: null, fieldCount: 1, heading: 'Delivery' } });
    fixture.add('key', 'enter', 370, { key: 'Enter', field: field({ label: 'What needs to be done?' }), valueLength: 8, devicePixelRatio: 1 });
    fixture.add('key', 'empty-enter', 380, { key: 'Enter', field: field({ label: 'What needs to be done?' }), valueLength: 0, devicePixelRatio: 1 });
    fixture.invalid('invalid', 400, { label: 'Card number' }, 'Please fill in this field.');
    fixture.tabOpened('tab', 500, 2, `${SHOP}/size-guide`);
    const steps = buildSteps(fixture.events, 'en');
    expect(steps.map((step) => [step.kind, step.action])).toEqual([
      ['input', 'Fill in "Email"'],
      ['input', 'Fill in "zip"'],
      ['input', 'Fill in "search"'],
      ['input', 'Choose "Large" in "Size"'],
      ['submit', 'Submit the checkout form'],
      ['submit', 'Submit the form'],
      ['submit', 'Submit the "Delivery" form'],
      ['input', 'Fill in "What needs to be done?" and press Enter'],
      ['input', 'Press Enter in "What needs to be done?"'],
      ['form-error', 'Form error on "Card number": Please fill in this field.'],
      ['new-tab', `Open a new tab: ${SHOP}/size-guide`],
    ]);
    expect(steps[0]?.target).toMatchObject({ tag: 'input', name: 'Email', role: null, text: null, selectors: [['#field']], inputType: 'email' });
    expect(steps[4]?.target).toBeNull();
    expect(steps[7]?.target).toMatchObject({ tag: 'input', name: 'What needs to be done?', selectors: [['#field']] });
  });

  it('names boxes ticked as the map does, for the side panel’s timeline', () => {
    const fixture = new EventFixture();
    fixture.fieldChange('tick', 100, { label: 'Toggle Todo', inputType: 'checkbox' }, { checked: true });
    fixture.fieldChange('untick', 200, { label: 'Toggle Todo', inputType: 'checkbox' }, { checked: false });
    fixture.fieldChange('radio', 300, { label: 'Express', inputType: 'radio' }, { checked: true });
    fixture.fieldChange('secret', 400, { label: 'Remember my card', inputType: 'checkbox', sensitive: true });
    fixture.fieldChange('closed', 500, { tag: 'gift-assignee', label: null, inputType: null, closedRoot: true }, { valueLength: null });
    expect(buildSteps(fixture.events, 'en').map((step) => step.action)).toEqual([
      'Tick "Toggle Todo"',
      'Untick "Toggle Todo"',
      'Choose "Express"',
      'Change "Remember my card"',
      'Fill in "gift-assignee"',
    ]);
  });

  it('makes no steps of events that are not steps', () => {
    const fixture = new EventFixture();
    fixture.pageLoad('load', 10, 'Mugs');
    fixture.scroll('scroll', 20);
    fixture.add('field-focus', 'focus', 30, { field: field({ label: 'Name' }) });
    fixture.add('idle', 'idle', 40, { gapMs: 30_000, sinceT: 10 });
    fixture.add('pause', 'pause', 50, {});
    fixture.add('resume', 'resume', 55, { afterInterruption: false });
    fixture.add('visibility', 'hidden', 60, { state: 'hidden' });
    fixture.screenshot('load', 70, { screenshotId: 'x' });
    fixture.add('tab-closed', 'closed', 75, { closedTabId: 1 });
    fixture.add('interrupted', 'cut', 78, { reason: 'tab-closed' });
    fixture.stop('stop', 80);
    expect(fixture.events).toHaveLength(11);
    expect(buildSteps(fixture.events)).toEqual([]);
  });

  it('lasts each step until the next one, and the last one until the session stopped', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.scroll('scroll', 500);
    fixture.click('c1', 1200, { name: 'A' });
    fixture.click('c2', 4000, { name: 'B' });
    fixture.stop('stop', 10_000);
    expect(buildSteps(fixture.events).map((step) => [step.id, step.durationMs])).toEqual([
      ['start', 1200],
      ['c1', 2800],
      ['c2', 6000],
    ]);
  });

  it('lasts the last step until the last event when the session never stopped', () => {
    const fixture = new EventFixture();
    fixture.click('c1', 1000, { name: 'A' });
    fixture.scroll('scroll', 3500);
    expect(buildSteps(fixture.events)[0]?.durationMs).toBe(2500);
  });

  it('orders steps by time, then commit order, and numbers them from 0', () => {
    const fixture = new EventFixture();
    fixture.click('third', 300, { name: 'C' });
    fixture.click('first', 100, { name: 'A' });
    fixture.click('second-a', 200, { name: 'B1' });
    fixture.click('second-b', 200, { name: 'B2' });
    const steps = buildSteps(fixture.events);
    expect(steps.map((step) => [step.index, step.id])).toEqual([
      [0, 'first'],
      [1, 'second-a'],
      [2, 'second-b'],
      [3, 'third'],
    ]);
    expect(chronological(fixture.events).map((event) => event.id)).toEqual(['first', 'second-a', 'second-b', 'third']);
    expect(fixture.events[0]?.id).toBe('third'); // the input is not reordered in place
  });

  describe('screenshots', () => {
    it('attaches a screenshot by forEventId, with the point the screenshot event marks', () => {
      const fixture = new EventFixture();
      fixture.click('c1', 100, { name: 'Pay' });
      fixture.screenshot('c1', 130, { screenshotId: 'shot-1' }, { point: { x: 260, y: 320 } });
      expect(buildSteps(fixture.events)[0]).toMatchObject({ screenshotId: 'shot-1', screenshotMissing: null, point: { x: 260, y: 320 } });
    });

    it('passes a missing reason through', () => {
      const fixture = new EventFixture();
      fixture.click('c1', 100, { name: 'Pay' });
      fixture.screenshot('c1', 130, { missingReason: 'tab-not-visible' });
      expect(buildSteps(fixture.events)[0]).toMatchObject({ screenshotId: null, screenshotMissing: 'tab-not-visible', point: { x: 160, y: 220 } });
    });

    it('uses the first screenshot event of an event', () => {
      const fixture = new EventFixture();
      fixture.click('c1', 100, { name: 'Pay' });
      fixture.screenshot('c1', 130, { screenshotId: 'first' });
      fixture.add('screenshot', 'another', 140, {
        forEventId: 'c1',
        screenshotId: 'second',
        missingReason: null,
        point: null,
        delayMs: 0,
        shared: false,
      });
      expect(screenshotsByEvent(fixture.events).get('c1')?.screenshotId).toBe('first');
      expect(buildSteps(fixture.events)[0]?.screenshotId).toBe('first');
    });

    it('says recorder-restarted for a click, navigation or start without a screenshot event, not-captured for others', () => {
      const fixture = new EventFixture();
      fixture.start('start', 0);
      fixture.click('click', 100, { name: 'Go' });
      fixture.navigation('nav', 200, `${SHOP}/next`);
      fixture.fieldChange('input', 300, { label: 'Name' });
      fixture.submit('submit', 400, 'form');
      expect(buildSteps(fixture.events).map((step) => [step.kind, step.screenshotMissing])).toEqual([
        ['start', 'recorder-restarted'],
        ['click', 'recorder-restarted'],
        ['navigation', 'recorder-restarted'],
        ['input', 'not-captured'],
        ['submit', 'not-captured'],
      ]);
    });
  });

  it('speaks French when asked', () => {
    const fixture = new EventFixture();
    fixture.start('start', 0);
    fixture.click('c1', 100, { name: 'Ajouter au panier' });
    fixture.navigation('n1', 200, `${SHOP}/panier`);
    fixture.pageLoad('l1', 300, 'Panier');
    fixture.submit('s', 400, null);
    const steps = buildSteps(fixture.events, 'fr');
    expect(steps.map((step) => step.action)).toEqual([
      expect.stringMatching(/^Commencer sur .*Mug shop/),
      expect.stringMatching(/^Cliquer sur .*Ajouter au panier/),
      'Aller à Panier',
      'Envoyer le formulaire « checkout »',
    ]);
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
