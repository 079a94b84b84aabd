// @vitest-environment jsdom
/**
 * The table of leaks: every way a text was seen reaching the store unmasked (issue 10), and more found since,
 * each with what must never be stored, in every masking mode, and what must stay so the map still reads.
 * Each row runs the real path: the page's descriptors on a DOM, the page's pass over the event it sends, the
 * background's commit (lib/store/events.ts) through the session controller, with the tab's own title.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeField, describeForm, describeTarget } from '@/lib/capture/describe';
import type { PageEventDraft, TargetDescriptor } from '@/lib/capture/events';
import type { PartEvent } from '@/lib/page-recorder/context';
import { createEchoMatcher, type EchoMatcher, typedValueHashes } from '@/lib/privacy/echoes';
import { maskEvent } from '@/lib/privacy/event-masking';
import { createMasker } from '@/lib/privacy/masker';
import { MASKING_MODES, type MaskingMode } from '@/lib/privacy/masking-mode';
import { type EventSender, SessionController } from '@/lib/recorder/controller';
import type { BrowserPorts, TabInfo } from '@/lib/recorder/ports';
import { ParcoursDatabase } from '@/lib/store/db';

const T0 = Date.UTC(2026, 2, 14, 9, 30, 0);
const SHOP = 'https://shop.example';

/** The browser as the controller sees it: one tab, no screenshots, storage.session in memory. */
function fakePorts(tab: TabInfo): BrowserPorts {
  let stored: unknown;
  let ids = 0;
  const known: Partial<BrowserPorts> = {
    getTab: async (id) => (id === tab.id ? { ...tab } : null),
    captureVisibleTab: async () => {
      throw new Error('no screenshots here');
    },
    frames: async () => [],
    startTabStream: async () => ({ ok: false as const, reason: 'no stream' }),
    holdStreamFrame: async () => false,
    composeStreamFrame: async () => null,
    hideOverlay: async () => null,
    outboxEntries: async () => [],
    shotEntries: async () => [],
    browserInfo: async () => ({ name: 'Chrome', version: '140' }),
    echoMemory: {
      read: async () => stored,
      write: async (value) => {
        stored = value;
      },
    },
    // Never full here: no walk of this table pauses for storage.
    storageFullMemory: { read: async () => undefined, write: async () => undefined },
    now: () => T0 + 1000,
    sleep: async () => undefined,
    randomId: () => `id-${++ids}`,
  };
  // Everything else the controller may call (badge, overlay, broadcasts) does nothing here.
  return new Proxy(known as BrowserPorts, { get: (target, key) => (key in target ? target[key as keyof BrowserPorts] : async () => undefined) });
}

let db: ParcoursDatabase;
let count = 0;
beforeEach(async () => {
  db = new ParcoursDatabase(`leaks-${++count}-${Math.random().toString(36).slice(2)}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
  document.body.innerHTML = '';
  document.title = '';
});

interface Walk {
  controller: SessionController;
  sessionId: string;
  /** Sends a page event as the tab's top frame would, the tab showing `tabTitle` at `tabUrl`. */
  send(draft: PartEvent, tab?: { tabTitle?: string | null; tabUrl?: string }): Promise<void>;
  /** The page's side: the masker it describes with (its mode, the echoes it was told of). */
  page(): Promise<ReturnType<typeof createMasker>>;
  /** A value typed in the page: its hashes reach the background, as the content script sends them. */
  type(value: string): Promise<void>;
  /** Everything the walk stored (sessions and events), as one string. */
  stored(): Promise<string>;
}

/** A walk started in `mode` on a tab at `url` titled `title`. */
async function walk(mode: MaskingMode, tab: Partial<TabInfo> = {}): Promise<Walk> {
  const info: TabInfo = { id: 1, windowId: 1, openerTabId: null, url: `${SHOP}/`, title: 'Mug shop', active: true, width: 1280, height: 720, ...tab };
  const controller = new SessionController(db, fakePorts(info));
  const session = await controller.start(1, { title: '', persona: { name: '', description: '' }, scenario: '', goal: '', masking: mode });
  let seq = 0;
  const hello = () => controller.hello(1, true);
  return {
    controller,
    sessionId: session.id,
    send: async (draft, sent = {}) => {
      const sender: EventSender = { tabId: 1, frameId: 0, tabTitle: sent.tabTitle ?? info.title, tabUrl: sent.tabUrl ?? info.url };
      const page = await pageMasker(await hello());
      const full = { id: `event-${++seq}`, epochMs: T0 + 2000 + seq, frameUrl: sent.tabUrl ?? info.url ?? '', ...draft } as PageEventDraft;
      // The page masks what it sends; the background masks it again before the commit.
      const result = await controller.recordPageEvent(maskEvent(full, page), sender);
      if ('dropped' in result) throw new Error('event dropped');
    },
    page: async () => pageMasker(await hello()),
    type: async (value) => {
      const state = await hello();
      await controller.addEchoes(1, typedValueHashes(state.echoes?.salt ?? '', value));
    },
    stored: async () => JSON.stringify({ sessions: await db.sessions.toArray(), events: await db.events.toArray() }),
  };
}

async function pageMasker(state: Awaited<ReturnType<SessionController['hello']>>) {
  const echoes: EchoMatcher | null = state.echoes ? createEchoMatcher(state.echoes.salt, state.echoes.hashes) : null;
  return createMasker(state.masking ?? 'balanced', echoes);
}

function click(target: TargetDescriptor): PartEvent {
  return {
    id: `click-${Math.random()}`,
    kind: 'click',
    target,
    point: { x: 1, y: 1 },
    button: 0,
    pointerType: 'mouse',
    devicePixelRatio: 1,
    frame: null,
    clickCount: 1,
  };
}

function mount(html: string): Element {
  document.body.innerHTML = html;
  const probe = document.querySelector('[data-probe]') ?? document.body.firstElementChild;
  if (!probe) throw new Error('nothing mounted');
  return probe;
}

interface Leak {
  /** The leak, as it was seen. */
  leak: string;
  /** Records it in a walk of the mode. */
  record(walk: Walk, mode: MaskingMode): Promise<void>;
  /** Never stored, in any mode. */
  never: string[];
  /** Never stored in these modes (relaxed keeps phones and addresses; strict masks all page text). */
  also?: Partial<Record<MaskingMode, string[]>>;
  /** Still stored in these modes: masking must not destroy what the map needs. */
  keeps?: Partial<Record<MaskingMode, string[]>>;
}

const navigation = (fromUrl: string | null = null): PartEvent => ({
  id: `nav-${Math.random()}`,
  kind: 'navigation',
  navigationType: 'link',
  sameDocument: false,
  fromUrl,
});

/** A page address the tab is at when an event is sent (its `url`), and what the event quotes of it. */
function atUrl(url: string): Leak['record'] {
  return async (walk) => walk.send(navigation(url), { tabUrl: url });
}

const LEAKS: Leak[] = [
  // Addresses.
  {
    leak: 'an OAuth implicit-flow fragment (#access_token=…&state=…)',
    record: atUrl(`${SHOP}/callback#access_token=ya29.A0AfH6SMBxQ&token_type=Bearer&state=af0ifjsldkjQ9x8c7v6b5n4m3`),
    never: ['ya29', 'af0ifjsldkj'],
    keeps: { balanced: ['/callback#access_token=[masked]'], relaxed: ['/callback#'] },
  },
  {
    leak: 'a bare high-entropy fragment',
    record: atUrl(`${SHOP}/welcome#Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRg`),
    never: ['Zm9vYmFy'],
    keeps: { balanced: ['/welcome#'] },
  },
  {
    leak: 'credential parameters: session, sid, code, key, sig, signature, jwt, token, auth, api_key',
    record: atUrl(
      `${SHOP}/s?session=s3ss10n&sid=51d&code=0authc0de&key=k3y&sig=s1g&signature=s1gnature&jwt=j.w.t&token=t0ken&auth=4uth&api_key=4p1k3y&color=red`,
    ),
    never: ['s3ss10n', '51d', '0authc0de', 'k3y', 's1g', 's1gnature', 'j.w.t', 't0ken', '4uth', '4p1k3y'],
    keeps: { balanced: ['color=red'], relaxed: ['color=red'] },
  },
  {
    leak: 'a signed S3 link (X-Amz-Signature, X-Amz-Credential)',
    record: atUrl(
      'https://bucket.s3.amazonaws.com/invoice.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260314%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    ),
    never: ['AKIAIOSFODNN7EXAMPLE', 'fe5f80f77d5fa3beca'],
    keeps: { balanced: ['invoice.pdf', 'X-Amz-Algorithm=AWS4-HMAC-SHA256'] },
  },
  {
    leak: 'path segments: a reset token, a JWT, a UUID, an e-mail, a jsessionid',
    record: atUrl(
      `${SHOP}/reset/4f9c2a1b7e3d5f6a8b9c0d1e2f3a4b5c/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U/550e8400-e29b-41d4-a716-446655440000/jane.doe@example.com/cart;jsessionid=0AAB6C8DE415`,
    ),
    never: ['4f9c2a1b', 'eyJhbGci', '550e8400', 'jane.doe', '0AAB6C8DE415'],
    keeps: { balanced: ['/reset/', '/cart'], relaxed: ['/reset/', '/cart'] },
  },
  {
    leak: 'credentials in the URL’s user info',
    record: atUrl('https://admin:hunter2@shop.example/dashboard'),
    never: ['hunter2', 'admin:'],
  },
  {
    leak: 'a search term in the URL: kept in balanced and relaxed walks, not in strict ones',
    record: atUrl(`${SHOP}/search?q=stoneware+mug`),
    never: [],
    also: { strict: ['stoneware'] },
    keeps: { balanced: ['q=stoneware+mug'], relaxed: ['q=stoneware+mug'], strict: ['/search?q='] },
  },
  {
    leak: 'a link’s href with a token, clicked',
    record: async (walk) => {
      const link = mount(`<a data-probe href="${SHOP}/verify?token=9f8e7d6c5b4a39281706f5e4d3c2b1a0">Verify my account</a>`);
      await walk.send(click(describeTarget(link, await walk.page())));
    },
    never: ['9f8e7d6c5b4a'],
    also: { strict: ['Verify my account'] },
    keeps: { balanced: ['Verify my account', '/verify?token='] },
  },
  {
    leak: 'a new tab’s address (tab-opened targetUrl, written by the background)',
    record: async (walk) => {
      await walk.controller.onTabOpened({ sourceTabId: 1, tabId: 2, url: `${SHOP}/share?invite=Qm9vbTEyMzQ1Njc4OTBBQkNERUZHSA&email=jane.doe%40example.com` });
    },
    never: ['Qm9vbTEy', 'jane.doe'],
    keeps: { balanced: ['/share?invite='] },
  },
  // Titles, on every path.
  {
    leak: 'the tab’s title when the walk starts (session-start pageTitle, and the walk named after it)',
    record: async () => undefined,
    never: ['jane.doe@example.com'],
    also: { strict: ['Orders of'] },
    keeps: { balanced: ['Orders of [email]'], relaxed: ['Orders of [email]'], strict: ['Untitled walk'] },
  },
  {
    leak: 'a page-load title (the document’s own title)',
    record: async (walk) => {
      document.title = 'Commande 4111 1111 1111 1111 – IBAN FR76 3000 6000 0112 3456 7890 189';
      await walk.send({
        id: 'load',
        kind: 'page-load',
        title: document.title,
        viewport: { width: 1280, height: 720, deviceScaleFactor: 1 },
        timing: { responseStartMs: null, domContentLoadedMs: null, loadMs: null, transferSize: null },
        restoredFromCache: false,
      });
    },
    never: ['4111', 'FR76', '3000 6000'],
    also: { strict: ['Commande'] },
    keeps: { balanced: ['Commande [card]'], relaxed: ['Commande [card]'] },
  },
  {
    leak: 'the tab’s title on every page event (tab.title), with a phone number and an address',
    record: async (walk) =>
      walk.send(click(describeTarget(mount('<button data-probe>Add to cart</button>'), await walk.page())), {
        tabTitle: 'Contact +33 6 12 34 56 78 – 12 rue des Lilas, 75011 Paris',
      }),
    never: [],
    also: { balanced: ['12 34 56 78', 'Lilas', '75011'], strict: ['12 34 56 78', 'Lilas', 'Contact'] },
    keeps: { balanced: ['Add to cart', 'Contact [phone]'], relaxed: ['Add to cart', '+33 6 12 34 56 78', '12 rue des Lilas'] },
  },
  // Selectors.
  {
    leak: 'an aria-label with an e-mail in a selector (and no selector saying what the name hides)',
    record: async (walk) => {
      const button = mount('<div><button data-probe aria-label="Account of jane.doe@example.com">Account</button><button aria-label="Help">?</button></div>');
      await walk.send(click(describeTarget(button, await walk.page())));
    },
    never: ['jane.doe', 'aria/Account of', 'aria-label="Account'],
    keeps: { balanced: ['Account of [email]', '"selectors":[['], strict: ['"selectors":[['] },
  },
  {
    leak: 'ids, names and test attributes holding personal data or tokens',
    record: async (walk) => {
      const field = mount(
        '<form><input data-probe id="jane.doe@example.com" name="user-4f9c2a1b7e3d5f6a8b9c" data-testid="phone-0612345678" aria-label="Your city"></form>',
      ) as HTMLInputElement;
      await walk.send({ id: 'focus', kind: 'field-focus', field: describeField(field, await walk.page()) });
    },
    never: ['jane.doe', '4f9c2a1b7e3d'],
    // Relaxed walks keep phone numbers.
    also: { balanced: ['0612345678'], strict: ['0612345678'] },
    keeps: { balanced: ['Your city', '"selectors":[['], strict: ['"selectors":[['] },
  },
  // Editable regions.
  {
    leak: 'the text typed in a contenteditable, clicked in, clicked around, and in a labelled editor',
    record: async (walk) => {
      mount(`
        <section class="card"><h3>Your message</h3>
          <div id="editor" contenteditable="true" aria-label="Message"><p>Dear support, my name is <b>Octave Ribaudeau</b></p></div>
        </section>
        <div role="button" id="wrap"><span>Send</span><div contenteditable>Octave again</div></div>`);
      const masker = await walk.page();
      await walk.send(click(describeTarget(document.querySelector('b') as Element, masker)));
      await walk.send(click(describeTarget(document.querySelector('section') as Element, masker)));
      await walk.send(click(describeTarget(document.getElementById('wrap') as Element, masker)));
    },
    never: ['Octave', 'Ribaudeau', 'Dear support'],
    keeps: { balanced: ['"name":"Message"', '"role":"textbox"', 'Your message'], relaxed: ['Your message'] },
  },
  // Echoes of what was typed.
  {
    leak: 'the title "Compte de <name>" echoing the name just typed (the tab’s title and the page-load title)',
    record: async (walk) => {
      await walk.type('Sandrine Martinez');
      await walk.send(
        {
          id: 'load',
          kind: 'page-load',
          title: 'Compte de Sandrine',
          viewport: { width: 1280, height: 720, deviceScaleFactor: 1 },
          timing: { responseStartMs: null, domContentLoadedMs: null, loadMs: null, transferSize: null },
          restoredFromCache: false,
        },
        { tabTitle: 'Compte de Sandrine Martinez' },
      );
    },
    never: ['Sandrine', 'Martinez'],
    keeps: { balanced: ['Compte de [typed]'], relaxed: ['Compte de [typed]'] },
  },
  {
    leak: 'a URL echoing the name typed (?name=…, #…, a path segment), on the next page',
    record: async (walk) => {
      await walk.type('Sandrine Martinez');
      const url = `${SHOP}/account/sandrine-martinez?name=Sandrine+Martinez#welcome-sandrine`;
      await walk.send(navigation(`${SHOP}/signup?first=Sandrine`), { tabUrl: url });
    },
    never: ['andrine', 'artinez'],
    keeps: { balanced: ['/account/[typed]', 'name=[typed]'] },
  },
  {
    leak: 'a button’s text and aria-label echoing the name typed ("Shipping to Sandrine Martinez")',
    record: async (walk) => {
      await walk.type('Sandrine Martinez');
      const button = mount('<button data-probe aria-label="Ship to Sandrine Martinez">Shipping to Sandrine Martinez</button>');
      await walk.send(click(describeTarget(button, await walk.page())));
    },
    never: ['Sandrine', 'Martinez'],
    keeps: { balanced: ['Shipping to [typed]'] },
  },
  {
    leak: 'an echo the page could not see (typed in another frame): the background’s pass masks it',
    record: async (walk) => {
      await walk.type('Octave Ribaudeau');
      // Described before the hashes were known (the page masks nothing of it).
      await walk.send(click({ ...describeTarget(mount('<button data-probe>Hello Octave Ribaudeau</button>')), name: 'Hello Octave' }));
    },
    never: ['Octave', 'Ribaudeau'],
    keeps: { balanced: ['Hello [typed]'] },
  },
  // Messages and texts of forms.
  {
    leak: 'an alert quoting an e-mail and a phone number',
    record: async (walk) => {
      const masker = await walk.page();
      await walk.send({ id: 'alert', kind: 'form-alert', text: masker.pageText('We sent a code to jane.doe@example.com and +33 6 12 34 56 78'), inForm: true });
    },
    never: ['jane.doe'],
    also: { balanced: ['12 34 56 78'], strict: ['We sent a code'] },
    keeps: { balanced: ['We sent a code to [email] and [phone]'], relaxed: ['+33 6 12 34 56 78'] },
  },
  {
    leak: 'a validation message quoting a card number',
    record: async (walk) => {
      const field = mount('<input data-probe name="card" aria-label="Card">') as HTMLInputElement;
      await walk.send({
        id: 'invalid',
        kind: 'invalid',
        field: describeField(field),
        validationMessage: '4242 4242 4242 4242 is not accepted',
        source: 'constraint',
      });
    },
    never: ['4242 4242'],
    keeps: { balanced: ['[card] is not accepted'] },
  },
  {
    leak: 'a select’s option text with an e-mail and an address',
    record: async (walk) => {
      await walk.send({
        id: 'change',
        kind: 'field-change',
        field: describeField(mount('<select data-probe name="ship"><option>x</option></select>') as HTMLSelectElement, await walk.page()),
        valueLength: 1,
        selectedText: 'Jane <jane.doe@example.com>, 221B Baker Street',
      });
    },
    never: ['jane.doe'],
    also: { balanced: ['Baker'], strict: ['Jane'] },
    keeps: { relaxed: ['221B Baker Street'] },
  },
  {
    leak: 'a form named by an aria-label and a heading with an e-mail and an IBAN',
    record: async (walk) => {
      const form = mount(
        '<section><h2>Refund to FR76 3000 6000 0112 3456 7890 189</h2><form data-probe aria-label="Billing of jane.doe@example.com"><input name="x"><button>Save</button></form></section>',
      ) as HTMLFormElement;
      await walk.send({ id: 'submit', kind: 'submit', form: describeForm(form, null, await walk.page()) });
    },
    never: ['jane.doe', 'FR76'],
    also: { strict: ['Billing', 'Refund'] },
    keeps: { balanced: ['Billing of [email]', 'Refund to [iban]'] },
  },
  {
    leak: 'a browser error message quoting an address (screenshot missingDetail)',
    record: async (walk) => {
      // The capture fails with the browser's words; the controller stores them masked.
      await walk.controller.requestScreenshot(
        { eventId: 'shot', point: null, epochMs: T0 + 3000, priority: 'click' },
        {
          tabId: 1,
          frameId: 0,
          tabTitle: null,
          tabUrl: null,
        },
      );
      await walk.controller.settleScreenshots();
    },
    never: [],
    keeps: { balanced: ['no screenshots here'] },
  },
];

describe('the table of leaks', () => {
  for (const row of LEAKS) {
    describe(row.leak, () => {
      for (const mode of MASKING_MODES) {
        it(`${mode}: never stores ${[...row.never, ...(row.also?.[mode] ?? [])].join(', ') || 'what it must not'}`, async () => {
          const session = await walk(mode, {
            url: `${SHOP}/orders?email=jane.doe%40example.com`,
            title: 'Orders of jane.doe@example.com',
          });
          await row.record(session, mode);
          const stored = await session.stored();
          for (const secret of [...row.never, ...(row.also?.[mode] ?? [])]) expect(stored, `"${secret}" stored in ${mode}`).not.toContain(secret);
          for (const kept of row.keeps?.[mode] ?? []) expect(stored, `"${kept}" lost in ${mode}`).toContain(kept);
        });
      }
    });
  }
});

describe('typed values in any mode', () => {
  it('stores neither a sensitive field’s value nor its length, and keeps a search term except in strict walks', async () => {
    for (const mode of MASKING_MODES) {
      const session = await walk(mode);
      const masker = await session.page();
      const search = mount('<input data-probe type="search" name="q" aria-label="Search">') as HTMLInputElement;
      await session.send({ id: `search-${mode}`, kind: 'field-change', field: describeField(search, masker), valueLength: 11, searchTerm: 'stoneware mug' });
      const stored = JSON.parse(await session.stored()) as { events: { kind: string; searchTerm?: string }[] };
      const change = stored.events.find((event) => event.kind === 'field-change');
      expect(change?.searchTerm, mode).toBe(mode === 'strict' ? undefined : 'stoneware mug');
      db.close();
      await Dexie.delete(db.name);
      db = new ParcoursDatabase(`leaks-${++count}`);
      await db.open();
    }
  });
});
