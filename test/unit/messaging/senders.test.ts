import { describe, expect, it } from 'vitest';
import { classifySender } from '@/lib/messaging/senders';

const CHROME = { id: 'abcdefgh', baseUrl: 'chrome-extension://abcdefgh/' };
const FIREFOX = { id: 'parcours@example.org', baseUrl: 'moz-extension://5b3c0a1e-uuid/' };
const tab = { id: 12, title: 'Checkout', url: 'https://shop.example/checkout' };

describe('classifySender', () => {
  it('takes a content script of a tab, top frame or subframe, with its tab and frame', () => {
    expect(classifySender({ id: CHROME.id, origin: 'https://shop.example', url: tab.url, frameId: 0, tab }, CHROME)).toEqual({
      kind: 'content-script',
      tab: { tabId: 12, frameId: 0, tabTitle: 'Checkout', tabUrl: tab.url },
    });
    expect(classifySender({ id: CHROME.id, origin: 'https://pay.example', url: 'https://pay.example/card', frameId: 4, tab }, CHROME)).toMatchObject({
      kind: 'content-script',
      tab: { tabId: 12, frameId: 4 },
    });
    // A tab opened from another names its opener (how a tab closed before the worker saw it is placed).
    expect(classifySender({ id: CHROME.id, origin: 'https://shop.example', url: tab.url, frameId: 0, tab: { ...tab, openerTabId: 7 } }, CHROME)).toEqual({
      kind: 'content-script',
      tab: { tabId: 12, frameId: 0, tabTitle: 'Checkout', tabUrl: tab.url, openerTabId: 7 },
    });
  });

  it('takes an extension page by its origin, with no tab (popup, side panel) or in a tab or iframe of one', () => {
    expect(classifySender({ id: CHROME.id, origin: 'chrome-extension://abcdefgh', url: 'chrome-extension://abcdefgh/popup.html' }, CHROME)).toEqual({
      kind: 'extension-page',
      tab: null,
    });
    // The extension's own page framed inside a recorded tab has that tab, and is an extension page all the same.
    const framed = { id: CHROME.id, origin: 'chrome-extension://abcdefgh', url: 'chrome-extension://abcdefgh/note.html', frameId: 9, tab };
    expect(classifySender(framed, CHROME)).toMatchObject({ kind: 'extension-page', tab: { tabId: 12, frameId: 9 } });
  });

  it('trusts the origin over the URL when the browser gives both (a page cannot name itself into the extension)', () => {
    const spoofed = { id: CHROME.id, origin: 'https://evil.example', url: 'chrome-extension://abcdefgh/popup.html', tab };
    expect(classifySender(spoofed, CHROME).kind).toBe('content-script');
    const lookalike = { id: CHROME.id, origin: 'chrome-extension://abcdefghij', url: 'chrome-extension://abcdefghij/x.html' };
    expect(classifySender(lookalike, CHROME).kind).toBe('unknown');
  });

  it('uses the URL where the browser gives no origin (Firefox), prefix and all', () => {
    expect(classifySender({ id: FIREFOX.id, url: 'moz-extension://5b3c0a1e-uuid/sidepanel.html' }, FIREFOX).kind).toBe('extension-page');
    expect(classifySender({ id: FIREFOX.id, url: 'moz-extension://5b3c0a1e-uuid-other/x.html' }, FIREFOX).kind).toBe('unknown');
    expect(classifySender({ id: FIREFOX.id, url: 'https://shop.example/', tab }, FIREFOX).kind).toBe('content-script');
    expect(classifySender({ id: FIREFOX.id, url: 'moz-extension://5b3c0a1e-uuid/x.html' }, { ...FIREFOX, baseUrl: 'moz-extension://5b3c0a1e-uuid' }).kind).toBe(
      'extension-page',
    );
  });

  it('calls unknown what has neither an extension origin nor a tab, and what another extension sent', () => {
    expect(classifySender({ id: CHROME.id, origin: 'https://shop.example', url: 'https://shop.example/' }, CHROME)).toEqual({ kind: 'unknown', tab: null });
    expect(classifySender({ id: CHROME.id }, CHROME)).toEqual({ kind: 'unknown', tab: null });
    const other = { id: 'another-extension', origin: 'chrome-extension://abcdefgh', url: 'chrome-extension://abcdefgh/popup.html', tab };
    expect(classifySender(other, CHROME)).toEqual({ kind: 'unknown', tab: null });
  });

  it('counts a frame the browser did not number as the top frame', () => {
    expect(classifySender({ id: CHROME.id, url: tab.url, tab }, CHROME)).toMatchObject({ tab: { frameId: 0 } });
  });
});
