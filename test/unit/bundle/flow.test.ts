import { parse } from '@puppeteer/replay';
import { describe, expect, it } from 'vitest';
import { bundleFormat } from '@/lib/bundle/formats';
import { buildUserFlow, clickOffsets, FLOW_CUSTOM_STEPS, type FlowStep, isMasked } from '@/lib/bundle/formats/flow';
import type { CapturedEvent } from '@/lib/capture/events';
import { valueSource } from '../../../scripts/lib/replay-flow.mjs';
import demoEvents from '../fixtures/demo-events.json' with { type: 'json' };
import { EventFixture, SHOP } from '../fixtures/events';

const session = (overrides: Record<string, unknown> = {}) => ({
  session: { title: 'Buy a mug', startUrl: `${SHOP}/`, viewport: { width: 1280, height: 720, deviceScaleFactor: 1 }, ...overrides },
});
// biome-ignore lint/suspicious/noExplicitAny: the journey's other session fields play no part in the flow.
const flowOf = (events: CapturedEvent[], overrides: Record<string, unknown> = {}) => buildUserFlow(session(overrides) as any, events);
const ofType = <T extends FlowStep['type']>(steps: FlowStep[], type: T) => steps.filter((step): step is Extract<FlowStep, { type: T }> => step.type === type);

describe('flow.json: the walk as a Chrome DevTools Recorder user flow', () => {
  it('starts with the session’s viewport and the start page, asserted with its title', () => {
    const f = new EventFixture();
    f.start();
    f.pageLoad('load', 50, 'Mug shop');
    const flow = flowOf(f.events);
    expect(flow.title).toBe('Buy a mug');
    expect(flow.steps).toEqual([
      { type: 'setViewport', width: 1280, height: 720, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: true },
      { type: 'navigate', url: `${SHOP}/`, assertedEvents: [{ type: 'navigation', url: `${SHOP}/`, title: 'Mug shop' }] },
    ]);
    expect(() => parse(flow)).not.toThrow();
  });

  it('takes the viewport from the first page load when the session has none, and writes none when nothing measured it', () => {
    const f = new EventFixture();
    f.start();
    f.pageLoad('load', 50, 'Mug shop', { viewport: { width: 390, height: 844, deviceScaleFactor: 3 } });
    expect(flowOf(f.events, { viewport: null }).steps[0]).toMatchObject({
      type: 'setViewport',
      width: 390,
      height: 844,
      deviceScaleFactor: 3,
      isLandscape: false,
    });
    const bare = new EventFixture();
    bare.start();
    expect(flowOf(bare.events, { viewport: null }).steps.map((step) => step.type)).toEqual(['navigate']);
  });

  it('leaves a masked page title out of the start page’s assertion', () => {
    const f = new EventFixture();
    f.start();
    f.pageLoad('load', 50, 'Orders of [email]');
    expect(flowOf(f.events).steps[1]).toEqual({ type: 'navigate', url: `${SHOP}/`, assertedEvents: [{ type: 'navigation', url: `${SHOP}/` }] });
  });

  it('clicks with the recorded selectors and the offsets inside the element’s recorded box, and asserts the navigation it caused', () => {
    const f = new EventFixture();
    f.start();
    f.click('c1', 1000, { rect: { x: 100, y: 200, width: 120, height: 40 } }, { point: { x: 130.04, y: 215.56 } });
    f.navigation('n1', 1200, `${SHOP}/cart`);
    f.pageLoad('l1', 1400, 'Cart');
    const [click] = ofType(flowOf(f.events).steps, 'click');
    expect(click).toEqual({
      type: 'click',
      target: 'main',
      selectors: [['#add-to-cart'], ['aria/Add to cart[role="button"]']],
      offsetX: 30,
      offsetY: 15.6,
      deviceType: 'mouse',
      assertedEvents: [{ type: 'navigation', url: `${SHOP}/cart`, title: 'Cart' }],
    });
    // No navigation of its own for the page it brought.
    expect(flowOf(f.events).steps.map((step) => step.type)).toEqual(['setViewport', 'navigate', 'click']);
  });

  it('clicks the box’s centre when the point is outside it (the element moved between press and click)', () => {
    expect(clickOffsets({ point: { x: 10, y: 10 }, target: { rect: { x: 100, y: 200, width: 120, height: 41 } } as never })).toEqual({
      offsetX: 60,
      offsetY: 20.5,
    });
    expect(clickOffsets({ point: { x: 220, y: 240 }, target: { rect: { x: 100, y: 200, width: 120, height: 40 } } as never })).toEqual({
      offsetX: 120,
      offsetY: 40,
    });
  });

  it('drops masked selectors, skips a click none is left of, and names the button and the pointer', () => {
    const f = new EventFixture();
    f.start();
    f.click('c1', 1000, { selectors: [['aria/Hello [email][role="link"]'], ['#greeting']] }, { button: 2, pointerType: 'touch' });
    f.click('c2', 5000, { selectors: [['aria/[typed]']] });
    f.click('c3', 9000, { selectors: [] });
    const clicks = ofType(flowOf(f.events).steps, 'click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ selectors: [['#greeting']], button: 'secondary', deviceType: 'touch' });
    expect(isMasked('[masked]') && isMasked('x [text]') && !isMasked('[data-test="x"]')).toBe(true);
  });

  it('places a click in a frame by its index path, and waits for the top page an answer in the frame moved', () => {
    const f = new EventFixture();
    f.start();
    f.on(`${SHOP}/checkout/payment`, 'Payment');
    f.click(
      'pay',
      1000,
      {},
      { frameId: 6, frameUrl: 'https://pay.example/pay.html', frame: { iframeSelectors: [['#payment-frame']], offset: { x: 121, y: 487 }, indexPath: [0] } },
    );
    f.navigation('n1', 2500, `${SHOP}/confirmation?order=PS-123456`, { navigationType: 'load' });
    const steps = flowOf(f.events).steps.slice(2);
    expect(steps[0]).toMatchObject({ type: 'click', target: 'main', frame: [0] });
    expect(steps[0]).not.toHaveProperty('assertedEvents');
    expect(steps[1]).toEqual({ type: 'waitForExpression', target: 'main', expression: `location.origin + location.pathname === "${SHOP}/confirmation"` });
  });

  it('never writes a typed value: a typed field is a custom step naming it, a search term and a chosen option are replayed', () => {
    const f = new EventFixture();
    f.start();
    f.fieldChange(
      'email',
      1000,
      { name: 'email', label: 'Email', inputType: 'email', autocomplete: 'email', sensitive: true, selectors: [['#email']] },
      { valueLength: null },
    );
    f.fieldChange('city', 2000, { name: 'city', label: 'City', selectors: [['#city']] }, { valueLength: 4 });
    f.fieldChange('q', 3000, { name: 'q', inputType: 'search', selectors: [['#q']] }, { valueLength: 3, searchTerm: 'mug' });
    f.fieldChange('q2', 4000, { name: 'q', inputType: 'search', selectors: [['#q']] }, { valueLength: 9, searchTerm: 'to [email]' });
    f.fieldChange(
      'delivery',
      5000,
      { tag: 'select', inputType: 'select', name: 'delivery', selectors: [['#delivery']] },
      { valueLength: 1, selectedText: 'Express' },
    );
    f.fieldChange('gift', 6000, { inputType: 'checkbox', selectors: [['#gift']] }, { valueLength: 2, checked: true });
    f.fieldChange('closed', 7000, { closedRoot: true, selectors: [['assigned-to']] });
    const steps = flowOf(f.events).steps.slice(2);
    expect(steps).toEqual([
      {
        type: 'customStep',
        target: 'main',
        name: FLOW_CUSTOM_STEPS.typed,
        parameters: {
          selectors: [['#email']],
          field: { name: 'email', label: 'Email', inputType: 'email', autocomplete: 'email', sensitive: true },
          valueLength: null,
        },
      },
      {
        type: 'customStep',
        target: 'main',
        name: FLOW_CUSTOM_STEPS.typed,
        parameters: { selectors: [['#city']], field: { name: 'city', label: 'City', inputType: 'text', autocomplete: null, sensitive: false }, valueLength: 4 },
      },
      { type: 'change', target: 'main', selectors: [['#q']], value: 'mug' },
      expect.objectContaining({ type: 'customStep', name: FLOW_CUSTOM_STEPS.typed }),
      { type: 'customStep', target: 'main', name: FLOW_CUSTOM_STEPS.select, parameters: { selectors: [['#delivery']], optionText: 'Express' } },
    ]);
    expect(JSON.stringify(steps)).not.toContain('[email]');
  });

  it('fills a field of a frame only where a click told the frame’s index path', () => {
    const f = new EventFixture();
    f.start();
    const inFrame = { frameId: 6, frameUrl: 'https://pay.example/pay.html' };
    f.fieldChange('card-before', 1000, { name: 'cardnumber', sensitive: true }, { valueLength: null, ...inFrame });
    f.click('pay', 2000, {}, { ...inFrame, frame: { iframeSelectors: [['#payment-frame']], offset: { x: 0, y: 0 }, indexPath: [1, 0] } });
    f.fieldChange('other-frame', 3000, { name: 'x' }, { frameId: 9, frameUrl: 'https://ads.example/' });
    const typed = ofType(flowOf(f.events).steps, 'customStep');
    // The index path is the frame's, whenever in the walk the click told it; another frame's stays unknown.
    expect(typed).toHaveLength(1);
    expect(typed[0]).toMatchObject({ frame: [1, 0], parameters: { field: { name: 'cardnumber' } } });
  });

  it('makes the browser’s own navigations navigate steps, and waits for the pages that moved by themselves', () => {
    const f = new EventFixture();
    f.start();
    f.navigation('typed', 1000, `${SHOP}/account`, { navigationType: 'typed' });
    f.navigation('redirect', 1100, `${SHOP}/login?next=%2Faccount#top`, { navigationType: 'load' });
    f.navigation('back', 5000, `${SHOP}/`, { navigationType: 'back-forward' });
    expect(flowOf(f.events).steps.slice(2)).toEqual([
      { type: 'navigate', target: 'main', url: `${SHOP}/account` },
      { type: 'waitForExpression', target: 'main', expression: `location.origin + location.pathname === "${SHOP}/login"` },
      { type: 'navigate', target: 'main', url: `${SHOP}/` },
    ]);
  });

  it('replays another tab the page opened as its own target, by its address, and closes it; a tab opened by hand is left out', () => {
    const f = new EventFixture();
    f.start();
    f.click('reviews', 1000, { tag: 'a', role: 'link', selectors: [['#reviews-link']] });
    f.tabOpened('opened', 1100, 2, `${SHOP}/reviews`);
    f.on(`${SHOP}/reviews`, null, 2);
    f.navigation('n2', 1200, `${SHOP}/reviews`, { navigationType: 'load' });
    f.click('more', 3000, { selectors: [['#more']] });
    f.add('tab-closed', 'closed', 4000, { tabId: 1, url: `${SHOP}/`, closedTabId: 2 });
    // A tab the tester opened (no opener in the walk): a replay cannot open it.
    f.add('tab-opened', 'by-hand', 5000, { frameId: null, url: null, pageTitle: null, openerTabId: null, openedTabId: 3, targetUrl: null });
    f.on(`${SHOP}/elsewhere`, null, 3);
    f.click('elsewhere', 6000, { selectors: [['#elsewhere']] });
    const steps = flowOf(f.events).steps.slice(2);
    expect(steps).toEqual([
      expect.objectContaining({ type: 'click', target: 'main', selectors: [['#reviews-link']] }),
      expect.objectContaining({ type: 'click', target: `${SHOP}/reviews`, selectors: [['#more']] }),
      { type: 'close', target: `${SHOP}/reviews` },
    ]);
    expect(steps[0]).not.toHaveProperty('assertedEvents');
  });

  it('presses Enter as key steps, sends a form no click sent as a custom step, and scrolls the top page only', () => {
    const f = new EventFixture();
    f.start();
    f.add('key', 'enter', 1000, {
      key: 'Enter',
      field: { tag: 'input', inputType: 'text', name: 'todo', label: null, autocomplete: null, required: false, sensitive: false, selectors: [['#todo']] },
      valueLength: 4,
      devicePixelRatio: 1,
    });
    f.submit('sent', 5000, 'search');
    f.click('go', 9000, { selectors: [['#go']] });
    f.submit('sent-by-click', 9010, 'checkout');
    f.scroll('top', 12000);
    f.add('scroll', 'in-frame', 13000, { frameUrl: 'https://pay.example/', scrollY: 80, maxDepthPct: 10, documentHeight: 800, viewportHeight: 260 });
    expect(flowOf(f.events).steps.slice(2)).toEqual([
      { type: 'keyDown', target: 'main', key: 'Enter' },
      { type: 'keyUp', target: 'main', key: 'Enter' },
      { type: 'customStep', target: 'main', name: FLOW_CUSTOM_STEPS.submit, parameters: { selectors: [['form#checkout']] } },
      expect.objectContaining({ type: 'click', selectors: [['#go']] }),
      { type: 'scroll', target: 'main', x: 0, y: 400 },
    ]);
  });

  it('writes the recorded demo walk as a flow the Recorder’s parser takes: every click in order, the payment in its frame', () => {
    const events = demoEvents as unknown as CapturedEvent[];
    const start = events.find((event) => event.kind === 'session-start');
    const flow = flowOf(events, { startUrl: start?.url, viewport: { width: 1280, height: 800, deviceScaleFactor: 1 } });
    const parsed = parse(JSON.parse(JSON.stringify(flow)));
    const clicks = ofType(parsed.steps as FlowStep[], 'click');
    const recorded = events.filter((event) => event.kind === 'click');
    expect(clicks).toHaveLength(recorded.length);
    expect(clicks.map((click) => click.selectors[0])).toEqual(recorded.map((event) => (event.kind === 'click' ? event.target.selectors[0] : null)));
    expect(clicks.at(-1)).toMatchObject({ frame: [0] });
    expect(ofType(parsed.steps as FlowStep[], 'close')).toHaveLength(1);
  });

  it('is the bundle format `flow`, writing flow.json', async () => {
    const f = new EventFixture();
    f.start();
    // biome-ignore lint/suspicious/noExplicitAny: the journey's other fields play no part in the flow.
    const files = await bundleFormat('flow')?.write({ journey: session() as any, events: f.events });
    expect(files?.map((file) => [file.path, file.compress])).toEqual([['flow.json', true]]);
    expect(JSON.parse(files?.[0]?.data as string).steps[1].url).toBe(`${SHOP}/`);
  });
});

describe('the replayer’s test data for typed fields', () => {
  it('takes a field’s value by name, else autocomplete, else label; a list gives one value per time it was typed in', () => {
    const valueFor = valueSource({ email: ['wrong@', 'right@example.org'], 'address-level2': 'Lyon', 'Full name': 'S. M.' });
    expect(valueFor({ name: 'email' })).toBe('wrong@');
    expect(valueFor({ name: 'email' })).toBe('right@example.org');
    // Past the list's end, its last value.
    expect(valueFor({ name: 'email' })).toBe('right@example.org');
    expect(valueFor({ name: 'city', autocomplete: 'address-level2' })).toBe('Lyon');
    expect(valueFor({ name: null, autocomplete: null, label: 'Full name' })).toBe('S. M.');
    expect(valueFor({ name: 'cvc' })).toBeUndefined();
    expect(valueSource()({ name: 'toString' })).toBeUndefined();
  });
});
