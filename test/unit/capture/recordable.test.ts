import { describe, expect, it } from 'vitest';
import { whyUnrecordable } from '@/lib/capture/recordable';

describe('whyUnrecordable', () => {
  it.each(['http://shop.test/', 'https://shop.test/products/42?color=red#reviews', 'http://localhost:5173/checkout', 'https://127.0.0.1:8443/'])(
    'allows the web page %s',
    (url) => {
      expect(whyUnrecordable(url)).toBeNull();
    },
  );

  it.each([
    'chrome://settings',
    'chrome://newtab/',
    'about:blank',
    'about:newtab',
    'chrome-extension://abcdefghijklmnop/review.html',
    'moz-extension://1234-5678/popup.html',
    'view-source:https://shop.test/',
    'edge://settings',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<p>hi</p>',
    'javascript:void(0)',
    'blob:https://shop.test/0f2e6c1a',
  ])('refuses the browser page %s', (url) => {
    expect(whyUnrecordable(url)).toBe('unrecordableBrowserPage');
  });

  it('refuses local files with their own reason', () => {
    expect(whyUnrecordable('file:///home/tester/page.html')).toBe('unrecordableFile');
  });

  it.each([
    'https://chrome.google.com/webstore/detail/some-extension/abcdef',
    'https://chromewebstore.google.com/detail/some-extension/abcdef',
    'https://addons.mozilla.org/en-US/firefox/addon/some-addon/',
    'https://microsoftedge.microsoft.com/addons/detail/abc',
    'https://addons.opera.com/en/extensions/',
  ])('refuses the extension store page %s', (url) => {
    expect(whyUnrecordable(url)).toBe('unrecordableStore');
  });

  it('allows other pages of the store hosts and look-alike hosts', () => {
    expect(whyUnrecordable('https://chrome.google.com/intl/en/chrome/')).toBeNull();
    expect(whyUnrecordable('https://addons.mozilla.org.example.com/')).toBeNull();
    expect(whyUnrecordable('https://chromewebstore.google.com.shop.test/')).toBeNull();
  });

  it.each(['ftp://files.example.com/readme.txt', 'mailto:someone@example.com', 'ws://shop.test/socket'])(
    'gives an unknown reason for the non-web scheme %s',
    (url) => {
      expect(whyUnrecordable(url)).toBe('unrecordableUnknown');
    },
  );

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['garbage', 'not a url at all'],
    ['a relative path', '/checkout'],
    ['a host without a scheme', 'shop.test/products'],
  ])('gives an unknown reason for %s', (_label, url) => {
    expect(whyUnrecordable(url)).toBe('unrecordableUnknown');
  });
});
