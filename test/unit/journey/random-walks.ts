/**
 * Random walks for property tests of the grouping: several tabs, a frame, forms filled, refused and sent
 * again, repeated clicks, new tabs, pauses, idle gaps, late screenshots and DOM changes, and events committed
 * out of time order as the background commits them (a navigation after the events that followed it, an idle
 * gap dated at the last action). Seeded: a failing walk is replayed by its seed.
 */
import type { CapturedEvent } from '@/lib/capture/events';
import { EventFixture, field, SHOP } from '../fixtures/events';

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const BUTTONS = ['Add to cart', 'Search', 'Continue', 'Apply promo code', 'Pay'];
const FIELDS = ['Email', 'Full name', 'Card number', 'Gift wrap'];
const FORMS = ['shipping-form', 'checkout', null];
const PAGES = ['/', '/mugs', '/cart', '/checkout', '/pay', '/help'];

/**
 * A walk of about `actions` tester actions, in commit order (seq), with times that do not always follow it.
 * `stop`: whether the walk ends with a stop.
 */
export function randomWalk(seed: number, actions = 60, stop = true): CapturedEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const fixture = new EventFixture();
  // When each event is committed: later than it happened for some kinds.
  const commitAt = new Map<CapturedEvent, number>();
  const add = (event: CapturedEvent, lag = 0) => commitAt.set(event, event.t + lag);
  let t = 0;
  let n = 0;
  const id = (kind: string) => `${kind}-${n++}`;
  const tabs = [1];
  let tab = 1;
  let paused = false;
  const urls = new Map<number, string>([[1, `${SHOP}/`]]);
  const recent: string[] = [];
  let lastClick: { id: string; selector: string } | null = null;

  const on = (tabId: number) => {
    tab = tabId;
    fixture.on(urls.get(tabId) ?? `${SHOP}/`, chance(0.8) ? `Page ${tabId}` : null, tabId);
  };
  const shot = (forEventId: string, at: number) => {
    const missing = chance(0.15);
    const outcome = missing ? { missingReason: pick(['tab-not-visible', 'rate-limited'] as const) } : { screenshotId: `img-${n++}` };
    // Ids are unique: a second screenshot of an event (a late one) has its own.
    const taken = fixture.events.some((event) => event.id === `${forEventId}:screenshot`);
    add(fixture.screenshot(forEventId, at, outcome, taken ? { id: id(`${forEventId}:screenshot`) } : {}), Math.floor(next() * 400));
  };
  const navigate = (at: number, type: 'link' | 'typed' | 'reload' | 'back-forward' | 'push-state' | 'hash', frameId = 0) => {
    const url = `${SHOP}${pick(PAGES)}${chance(0.2) ? `?q=${n}` : ''}`;
    const sameDocument = type === 'push-state' || type === 'hash';
    const navigation = fixture.navigation(id('nav'), at, url, { navigationType: type, sameDocument, frameId });
    if (frameId === 0) urls.set(tab, url);
    // A navigation is often committed after the events that followed it.
    add(navigation, chance(0.5) ? Math.floor(next() * 1600) : 0);
    recent.push(navigation.id);
    if (frameId === 0 && chance(0.7)) shot(navigation.id, at + 300);
    if (!sameDocument && chance(0.85)) add(fixture.pageLoad(id('load'), at + 100 + Math.floor(next() * 900), `Title ${n}`));
    else if (chance(0.5)) fixture.on(url, `Title ${n}`, tab);
    return navigation;
  };

  add(fixture.start('start', 0));
  shot('start', 150);
  for (let i = 0; i < actions; i++) {
    t += chance(0.15) ? 30_000 + Math.floor(next() * 20_000) : 50 + Math.floor(next() * 2200);
    if (paused) {
      add(fixture.add('resume', id('resume'), t, { tabId: null, frameId: null, url: null, pageTitle: null, afterInterruption: false }));
      paused = false;
      continue;
    }
    const choice = next();
    if (choice < 0.28) {
      // A click: a button, a field, the same spot again, sometimes in a frame.
      const again: boolean = lastClick != null && chance(0.3);
      const fieldClick = !again && chance(0.2);
      const selector: string = again
        ? (lastClick?.selector ?? '#b')
        : fieldClick
          ? `#${pick(FIELDS).replace(/\W/g, '')}`
          : `#${pick(BUTTONS).replace(/\W/g, '')}`;
      const frameId = chance(0.1) ? 3 : 0;
      const click = fixture.click(
        id('click'),
        t,
        fieldClick
          ? { tag: 'input', role: 'textbox', name: pick(FIELDS), inputType: 'text', selectors: [[selector]] }
          : { name: chance(0.9) ? pick(BUTTONS) : null, text: chance(0.5) ? 'Go' : null, selectors: [[selector]] },
        { frameId, point: { x: Math.floor(next() * 60), y: 220 } },
      );
      add(click);
      lastClick = { id: click.id, selector };
      recent.push(click.id);
      if (chance(0.8)) shot(click.id, t + 40);
      if (chance(0.5)) add(fixture.add('dom-change', id('dom'), t + Math.floor(next() * 3000), { forEventId: click.id, delayMs: 0, mutations: 2 }), 20);
      if (chance(0.3)) navigate(t + Math.floor(next() * 2500), pick(['link', 'push-state', 'link'] as const));
      if (chance(0.1)) {
        const opened = Math.max(...tabs) + 1;
        tabs.push(opened);
        add(fixture.tabOpened(id('tab'), t + Math.floor(next() * 2500), opened, `${SHOP}/help`));
        if (chance(0.8)) {
          const from = tab;
          on(opened);
          navigate(t + 200 + Math.floor(next() * 600), 'link');
          if (chance(0.5)) on(from);
        }
      }
    } else if (choice < 0.5) {
      // Fields filled in a frame, perhaps sent, perhaps refused.
      const frameId = chance(0.15) ? 3 : 0;
      const form = pick(FORMS);
      const count = 1 + Math.floor(next() * 3);
      for (let f = 0; f < count; f++) {
        const label = pick(FIELDS);
        const described = field({
          label,
          name: label.toLowerCase(),
          selectors: [[`#${label.replace(/\W/g, '')}`]],
          inputType: label === 'Gift wrap' ? 'checkbox' : 'text',
        });
        add(fixture.add('field-focus', id('focus'), t, { field: described, frameId }));
        t += 100 + Math.floor(next() * 700);
        if (chance(0.8))
          add(
            fixture.add('field-change', id('change'), t, {
              field: described,
              valueLength: 4,
              frameId,
              ...(label === 'Gift wrap' ? { checked: chance(0.5) } : {}),
            }),
          );
      }
      if (chance(0.6)) {
        t += 200 + Math.floor(next() * 900);
        const button = fixture.click(id('click'), t, { name: 'Continue', selectors: [['#continue']] }, { frameId });
        add(button);
        lastClick = { id: button.id, selector: '#continue' };
        if (chance(0.8)) shot(button.id, t + 40);
        const sentAt = t + Math.floor(next() * 1300);
        if (chance(0.7))
          add(
            fixture.add('submit', id('submit'), sentAt, {
              form: { name: form, selectors: [[`form#${form ?? 'f'}`]], method: 'post', action: null, fieldCount: count },
              frameId,
            }),
          );
        if (chance(0.4)) {
          add(
            fixture.add('invalid', id('invalid'), sentAt + 30, {
              field: field({ label: pick(FIELDS) }),
              validationMessage: 'Required',
              frameId,
              source: 'constraint',
            }),
          );
          if (chance(0.5)) add(fixture.add('form-alert', id('alert'), sentAt + 80, { text: 'Check the form', inForm: true }));
        } else if (chance(0.6)) navigate(sentAt + Math.floor(next() * 1700), 'link');
      }
    } else if (choice < 0.62) {
      navigate(t, pick(['typed', 'reload', 'back-forward', 'push-state', 'hash', 'link'] as const), chance(0.1) ? 3 : 0);
    } else if (choice < 0.74) {
      for (let s = 0, count = 1 + Math.floor(next() * 3); s < count; s++)
        add(fixture.add('scroll', id('scroll'), t + s * 200, { scrollY: s * 300, maxDepthPct: 40, documentHeight: 3000, viewportHeight: 700 }));
    } else if (choice < 0.8) {
      add(fixture.add('visibility', id('visibility'), t, { state: chance(0.5) ? 'hidden' : 'visible' }));
      if (tabs.length > 1 && chance(0.6)) on(pick(tabs));
    } else if (choice < 0.84) {
      add(fixture.add('invalid', id('invalid'), t, { field: field({ label: pick(FIELDS) }), validationMessage: 'Invalid', onArrival: chance(0.5) }));
    } else if (choice < 0.87) {
      add(fixture.add('pause', id('pause'), t, { tabId: null, frameId: null, url: null, pageTitle: null }));
      paused = true;
    } else if (choice < 0.9 && tabs.length > 1) {
      const closed = tabs.pop() as number;
      add(fixture.add('tab-closed', id('closed'), t, { closedTabId: closed }));
      if (tab === closed) on(tabs[0] as number);
    } else if (choice < 0.93) {
      // A DOM change or screenshot of an event the walk never recorded (a checklist photo), or a late one.
      if (chance(0.5))
        add(
          fixture.add('dom-change', id('dom'), t, { forEventId: chance(0.5) ? 'unknown' : pick(recent.length ? recent : ['start']), delayMs: 5, mutations: 1 }),
        );
      else shot(chance(0.5) ? `photo-${n}` : pick(recent.length ? recent : ['start']), t);
    } else if (choice < 0.96) {
      add(fixture.add('submit', id('submit'), t, { form: { name: pick(FORMS), selectors: [['form#search']], method: 'get', action: null, fieldCount: 1 } }));
    } else {
      add(fixture.add('interrupted', id('interrupted'), t, { tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tab-closed' }));
      paused = true;
    }
  }
  if (stop) add(fixture.stop('stop', t + 5000));

  // Idle gaps, as the store writes them: before an action after 30 s without any, dated at the last action.
  const actionKinds = new Set(['click', 'field-focus', 'field-change', 'submit', 'scroll']);
  let lastAction: number | null = null;
  const byTime = [...fixture.events].sort((a, b) => a.t - b.t);
  for (const event of byTime) {
    if (!actionKinds.has(event.kind)) continue;
    if (lastAction != null && event.t - lastAction >= 30_000) {
      const gap = fixture.add('idle', `${event.id}:idle`, lastAction, { gapMs: event.t - lastAction, sinceT: lastAction, tabId: event.tabId, url: event.url });
      commitAt.set(gap, (commitAt.get(event) ?? event.t) - 0.5);
    }
    lastAction = event.t;
  }
  // Commit order: seq as the background assigns it.
  const committed = [...fixture.events].sort((a, b) => (commitAt.get(a) ?? a.t) - (commitAt.get(b) ?? b.t));
  for (const [seq, event] of committed.entries()) event.seq = seq;
  return committed;
}
