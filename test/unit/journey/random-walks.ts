/**
 * Random walks for property tests of the grouping: several tabs, a frame, forms filled, refused and sent
 * again, repeated clicks, new tabs, pauses, idle gaps, late screenshots and DOM changes, and events committed
 * out of time order as the background commits them (a navigation after the events that followed it, an idle
 * gap dated at the last action). And what capture added: Enter in a field with no form (and the change the
 * browser reports after it), boxes ticked (by their label, as switches, in a frame), then a form sent, left or
 * neither yet; a closed shadow root's host clicked then changed; full-page screenshots; screenshots that say
 * their moment (requestedT, a signed delay, the source), late or from before a page change. Seeded: a failing
 * walk is replayed by its seed.
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
const TODO = 'What needs to be done?';
const BOXES = ['Toggle Todo', 'Gift wrap', 'Newsletter', 'Express'];

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
    // Its moment, as walks recorded since tab streams say it (older walks say none): a stream frame from before
    // the press (a change of the page in between makes it stale), one just after, or one too late.
    const moment = chance(0.75)
      ? {
          requestedT: at - 40,
          delayMs: pick([-(5 + Math.floor(next() * 400)), Math.floor(next() * 90), 120 + Math.floor(next() * 800)]),
          source: pick(['tab-stream', 'visible-tab', null] as const),
        }
      : {};
    add(fixture.screenshot(forEventId, at, outcome, { ...moment, ...(taken ? { id: id(`${forEventId}:screenshot`) } : {}) }), Math.floor(next() * 400));
  };
  const fullPage = (forEventId: string, at: number) => {
    const outcome = chance(0.8) ? { screenshotId: `full-${n}` } : { missingReason: 'capture-failed' as const };
    add(fixture.fullPage(id('request'), at, forEventId, outcome), Math.floor(next() * 1500));
  };
  /** Where the latest box was ticked, for what comes after it (a form sent there, left, or neither yet). */
  let tickedIn: number | null = null;
  /** A box ticked: its label clicked first sometimes, the box (or a switch), and its change. */
  const tick = (frameId: number) => {
    const label = pick(BOXES);
    const selector = `#${label.replace(/\W/g, '')}`;
    if (chance(0.3)) {
      const byLabel = fixture.click(
        id('click'),
        t,
        { tag: 'label', role: null, name: label, text: label, selectors: [[`label[for="${selector.slice(1)}"]`]] },
        { frameId },
      );
      add(byLabel);
      recent.push(byLabel.id);
      if (chance(0.5)) shot(byLabel.id, t + 40);
      // The browser's click on the box, usually at once; sometimes later than a label's click can be.
      t += chance(0.85) ? Math.floor(next() * 60) : 150 + Math.floor(next() * 200);
    }
    const kind = pick(['checkbox', 'checkbox', 'radio', 'switch', 'menuitemcheckbox'] as const);
    const input = kind === 'checkbox' || kind === 'radio';
    const box = fixture.click(
      id('click'),
      t,
      input
        ? { tag: 'input', role: kind, name: label, inputType: kind, selectors: [[selector]] }
        : { tag: kind === 'switch' ? 'button' : 'div', role: kind, name: label, selectors: [[selector]] },
      { frameId, point: { x: 20, y: 300 } },
    );
    add(box);
    recent.push(box.id);
    lastClick = { id: box.id, selector };
    if (chance(0.8)) shot(box.id, t + 40);
    if (input && chance(0.9))
      add(
        fixture.add('field-change', id('change'), t + Math.floor(next() * 30), {
          field: field({ label, name: label.toLowerCase(), selectors: [[selector]], inputType: kind }),
          valueLength: 0,
          frameId,
          ...(chance(0.8) ? { checked: chance(0.6) } : {}),
        }),
      );
    if (chance(0.3)) add(fixture.add('dom-change', id('dom'), t + 5 + Math.floor(next() * 120), { forEventId: box.id, delayMs: 5, mutations: 1 }), 20);
    tickedIn = frameId;
  };
  const navigate = (at: number, type: 'link' | 'typed' | 'reload' | 'back-forward' | 'push-state' | 'hash' | 'replace-state', frameId = 0) => {
    const url = `${SHOP}${pick(PAGES)}${chance(0.2) ? `?q=${n}` : ''}`;
    const sameDocument = type === 'push-state' || type === 'hash' || type === 'replace-state';
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
    if (chance(0.3)) {
      // What capture added.
      const frameId = chance(0.15) ? 3 : 0;
      const what = next();
      if (what < 0.25) {
        // Enter in a field with no form: typed first (or not), the browser's change after it sometimes.
        const todo = field({ label: TODO, name: null, selectors: [['#new-todo']], inputType: 'text' });
        if (chance(0.7)) add(fixture.add('field-focus', id('focus'), t, { field: todo, frameId }));
        if (chance(0.5)) {
          t += 100 + Math.floor(next() * 900);
          add(fixture.add('field-change', id('change'), t, { field: todo, valueLength: 6, frameId }));
        }
        t += 50 + Math.floor(next() * 600);
        const key = fixture.add('key', id('key'), t, { key: 'Enter', field: todo, valueLength: chance(0.8) ? 6 : 0, devicePixelRatio: 2, frameId });
        add(key);
        recent.push(key.id);
        if (chance(0.8)) shot(key.id, t + 30);
        if (chance(0.6)) add(fixture.add('field-change', id('change'), t + Math.floor(next() * 1200), { field: todo, valueLength: 0, frameId }));
      } else if (what < 0.6) {
        // Boxes ticked, then perhaps their form sent (by a button or by itself), left, or neither yet.
        for (let b = 0, count = 1 + Math.floor(next() * 3); b < count; b++) {
          tick(frameId);
          t += 80 + Math.floor(next() * 1400);
        }
        const then = next();
        if (then < 0.3) {
          if (chance(0.5)) {
            const button = fixture.click(id('click'), t, { name: 'Save', selectors: [['#save']] }, { frameId });
            add(button);
            lastClick = { id: button.id, selector: '#save' };
          }
          add(
            fixture.add('submit', id('submit'), t + Math.floor(next() * 900), {
              form: { name: null, selectors: [['form#prefs']], method: 'post', action: null, fieldCount: 2, heading: chance(0.5) ? 'Preferences' : null },
              frameId,
            }),
          );
        } else if (then < 0.45)
          add(fixture.add('key', id('key'), t, { key: 'Enter', field: field({ label: TODO }), valueLength: 3, devicePixelRatio: 1, frameId }));
        else if (then < 0.55) navigate(t, pick(['link', 'hash', 'replace-state'] as const), frameId);
      } else if (what < 0.75) {
        // A closed shadow root's host clicked, then what it holds changed (seen as the host).
        const host = fixture.click(id('click'), t, { tag: 'gift-assignee', role: null, name: null, text: 'Assign', selectors: [['#assignee']] }, { frameId });
        add(host);
        recent.push(host.id);
        lastClick = { id: host.id, selector: '#assignee' };
        if (chance(0.8)) shot(host.id, t + 40);
        t += Math.floor(next() * 800);
        add(
          fixture.add('field-change', id('change'), t, {
            field: field({ tag: 'gift-assignee', label: null, inputType: null, selectors: [[chance(0.85) ? '#assignee' : '#other']], closedRoot: true }),
            valueLength: null,
            frameId,
          }),
        );
      } else if (what < 0.9) {
        // A full-page screenshot, for the latest step's event or one the walk never recorded.
        fullPage(chance(0.85) ? pick(recent.length ? recent : ['start']) : 'unknown', t);
      } else if (tickedIn != null) {
        // A form sent long after a box was ticked, in the frame of the box.
        add(
          fixture.add('submit', id('submit'), t, {
            form: { name: 'prefs', selectors: [['form#prefs']], method: 'post', action: null, fieldCount: 2 },
            frameId: tickedIn,
          }),
        );
      }
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
      if (chance(0.5))
        add(
          fixture.add('dom-change', id('dom'), t + (chance(0.3) ? Math.floor(next() * 120) : Math.floor(next() * 3000)), {
            forEventId: click.id,
            delayMs: 0,
            mutations: 2,
          }),
          20,
        );
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
  const actionKinds = new Set(['click', 'field-focus', 'field-change', 'submit', 'key', 'scroll']);
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
