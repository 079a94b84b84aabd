import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forOrigins, isAlwaysBlurMap, isBlurSelector, isSiteOrigin, MAX_SELECTORS_PER_SITE, withoutSelector, withSelector } from '@/lib/privacy/always-blur';
import type { SessionController } from '@/lib/recorder/controller';
import type { FullPageCapturer } from '@/lib/recorder/full-page';
import { backgroundHandlers, type MessageContext } from '@/lib/recorder/handlers';
import { Library } from '@/lib/recorder/library';
import type { MapEditor } from '@/lib/recorder/map-edits';
import type { TesterLayer } from '@/lib/recorder/tester-layer';
import { ParcoursDatabase } from '@/lib/store/db';
import { ALWAYS_BLUR } from '@/lib/store/settings';

describe('always-blur lists', () => {
  it('knows a site origin and a selector when it sees one', () => {
    expect(isSiteOrigin('https://shop.example')).toBe(true);
    expect(isSiteOrigin('http://127.0.0.1:5310')).toBe(true);
    for (const bad of ['https://shop.example/', 'shop.example', 'file:///tmp', 'chrome://settings', 'null', '', 42])
      expect(isSiteOrigin(bad), String(bad)).toBe(false);
    expect(isBlurSelector('#promo')).toBe(true);
    expect(isBlurSelector('shop-buy-box >>> #qty')).toBe(true);
    for (const bad of ['', '  ', 'a >>>  >>> b', 'a\nb', 'x'.repeat(1001), null]) expect(isBlurSelector(bad), JSON.stringify(bad)).toBe(false);
    expect(isAlwaysBlurMap({ 'https://a.example': ['#x'] })).toBe(true);
    expect(isAlwaysBlurMap({ 'https://a.example': '#x' })).toBe(false);
    expect(isAlwaysBlurMap({ nowhere: ['#x'] })).toBe(false);
    expect(isAlwaysBlurMap([])).toBe(false);
  });

  it('adds once, removes, forgets a site left empty, keeps the newest past the limit', () => {
    let map = withSelector({}, 'https://a.example', '#x');
    map = withSelector(map, 'https://a.example', '#x');
    map = withSelector(map, 'https://a.example', '#y');
    expect(map).toEqual({ 'https://a.example': ['#x', '#y'] });
    map = withoutSelector(map, 'https://a.example', '#x');
    expect(map).toEqual({ 'https://a.example': ['#y'] });
    expect(withoutSelector(map, 'https://a.example', '#y')).toEqual({});
    let full = {};
    for (let i = 0; i <= MAX_SELECTORS_PER_SITE; i++) full = withSelector(full, 'https://a.example', `#s${i}`);
    expect((full as Record<string, string[]>)['https://a.example']).toHaveLength(MAX_SELECTORS_PER_SITE);
    expect((full as Record<string, string[]>)['https://a.example']?.[0]).toBe('#s1');
  });

  it('gives a tab’s frames the entries of their own sites', () => {
    const map = { 'https://a.example': ['#x'], 'https://b.example': ['#y'] };
    expect(forOrigins(map, ['https://a.example', null, 'https://c.example'])).toEqual({ 'https://a.example': ['#x'] });
  });
});

describe('privacy/always-blur-add and -remove', () => {
  let db: ParcoursDatabase;
  beforeEach(async () => {
    db = new ParcoursDatabase(`always-blur-${Math.random().toString(36).slice(2)}`);
    await db.open();
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });
  const told: Record<string, string[]>[] = [];
  const controller = { alwaysBlurChanged: async (map: Record<string, string[]>) => void told.push(map) } as unknown as SessionController;
  const handlers = () =>
    backgroundHandlers(
      controller,
      {} as TesterLayer,
      db,
      {} as MapEditor,
      {} as Pick<FullPageCapturer, 'capture' | 'startInTopFrame'>,
      new Library(db, { now: () => 0 }),
    );
  const page: MessageContext = {
    sender: { kind: 'content-script', tab: { tabId: 4, frameId: 0, tabTitle: 'Cart', tabUrl: 'https://shop.example/cart' } },
  };
  const sidePanel: MessageContext = { sender: { kind: 'extension-page', tab: null } };
  const sidePanelInATab: MessageContext = {
    sender: { kind: 'extension-page', tab: { tabId: 9, frameId: 0, tabTitle: 'Parcours', tabUrl: 'chrome-extension://abcdefgh/sidepanel.html' } },
  };

  it('keeps a page’s choice for its own site, in the settings table, and lets the side panel remove it', async () => {
    expect(await handlers()['privacy/always-blur-add']({ origin: 'https://shop.example', selector: '#promo' }, page)).toEqual(['#promo']);
    expect(await handlers()['privacy/always-blur-add']({ origin: 'https://shop.example', selector: 'shop-box >>> #qty' }, page)).toEqual([
      '#promo',
      'shop-box >>> #qty',
    ]);
    expect((await db.settings.get(ALWAYS_BLUR))?.value).toEqual({ 'https://shop.example': ['#promo', 'shop-box >>> #qty'] });
    // The walk's pages are told each change.
    expect(told.at(-1)).toEqual({ 'https://shop.example': ['#promo', 'shop-box >>> #qty'] });
    expect(await handlers()['privacy/always-blur-remove']({ origin: 'https://shop.example', selector: '#promo' }, sidePanel)).toEqual(['shop-box >>> #qty']);
    expect(await handlers()['privacy/always-blur-remove']({ origin: 'https://shop.example', selector: 'shop-box >>> #qty' }, sidePanelInATab)).toEqual([]);
  });

  it('refuses another site’s list from a page, a bad origin, a bad selector', async () => {
    await expect(handlers()['privacy/always-blur-add']({ origin: 'https://elsewhere.example', selector: '#x' }, page)).rejects.toThrow(/own site/);
    await expect(handlers()['privacy/always-blur-remove']({ origin: 'https://elsewhere.example', selector: '#x' }, page)).rejects.toThrow(/own site/);
    await expect(handlers()['privacy/always-blur-add']({ origin: 'javascript:alert(1)', selector: '#x' }, sidePanel)).rejects.toThrow(/origin/);
    await expect(handlers()['privacy/always-blur-add']({ origin: 'https://shop.example', selector: '' }, page)).rejects.toThrow(/selector/);
    expect(await db.settings.get(ALWAYS_BLUR)).toBeUndefined();
  });

  it('keeps both of two changes made at once', async () => {
    await Promise.all([
      handlers()['privacy/always-blur-add']({ origin: 'https://shop.example', selector: '#a' }, page),
      handlers()['privacy/always-blur-add']({ origin: 'https://shop.example', selector: '#b' }, page),
    ]);
    expect((await db.settings.get(ALWAYS_BLUR))?.value).toEqual({ 'https://shop.example': expect.arrayContaining(['#a', '#b']) });
  });
});
