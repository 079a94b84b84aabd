import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension, serviceWorker } from '../../scripts/lib/browser.mjs';
import { wakeServiceWorker } from '../../scripts/lib/database.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import demoWalk from '../walks/demo-walk.mjs';
import { expect, stopServiceWorkers, test } from './fixtures';
import { DEVTOOLS_PORT_SWITCH, NetworkWatcher, type WatchedRequest } from './network-watcher';

// Parcours makes no network request of its own (docs/permissions.md): recording a walk and exporting it
// touch only the site walked. Watched at the browser's DevTools, for every target: pages and their frames,
// the extension's pages, its service worker and its offscreen document.

/** Where a request may go: the site walked (the shop and its payment provider), and the extension itself. */
function outsider(request: WatchedRequest, allowed: { origins: string[]; extensionId: string }): boolean {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return true;
  }
  if (url.protocol === 'data:') return false;
  // Chrome's own interface (the omnibox popup is a WebUI page) loads its resources from inside the browser.
  if (request.target.type === 'browser_ui' && url.protocol === 'chrome:') return false;
  // A blob: URL is local memory of the origin it names.
  if (url.protocol === 'blob:') return outsider({ ...request, url: request.url.slice('blob:'.length) }, allowed);
  if (url.protocol === 'chrome-extension:') return url.host !== allowed.extensionId;
  return !allowed.origins.includes(url.origin);
}

/** A port nothing listens on: the controls' requests fail at once, yet the browser reports them as sent. */
const UNREACHABLE = 'http://127.0.0.1:9';

test.describe('no network: a walk recorded and exported', () => {
  let watcher: NetworkWatcher;
  let walkRequests: WatchedRequest[];
  let allowed: { origins: string[]; extensionId: string };
  let page: Page;
  let launched: Awaited<ReturnType<typeof launchWithExtension>>;

  test.beforeAll(async ({ shop }, testInfo) => {
    testInfo.setTimeout(240_000);
    launched = await launchWithExtension({ args: [DEVTOOLS_PORT_SWITCH] });
    const { context, extensionId } = launched;
    watcher = await NetworkWatcher.attach(launched.profile);
    allowed = { origins: [new URL(shop.shopUrl).origin, new URL(shop.paymentUrl).origin], extensionId };
    page = context.pages()[0] ?? (await context.newPage());
    // The worker started with the browser, before the watcher: stopped, it starts again under watch (the
    // tester's popup wakes it), so its start-up runs watched too.
    await stopServiceWorkers(page);
    await page.goto(shop.shopUrl);
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: 'No network', persona: 'Sandrine', scenario: 'Needs a mug', goal: 'Buy it' });
    await demoWalk({ page, context, tester });
    await tester.stop();
    // The review (the map with its screenshots) and the export, as the tester uses them.
    const sessions = await context.newPage();
    await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
    await sessions.locator(`tr[data-session-id="${tester.sessionId}"]`).getByRole('link', { name: 'No network' }).click();
    const map = sessions.getByRole('region', { name: 'Journey map', exact: true });
    await expect(map.locator('img').first()).toBeVisible();
    await sessions.close();
    await tester.exportTo(testInfo.outputPath('no-network.zip'));
    walkRequests = [...watcher.requests];
  });

  test.afterAll(async () => {
    watcher?.close();
    await launched?.close();
  });

  test('every request of every page, frame, worker and the offscreen document went to the shop, its payment provider or the extension', () => {
    const outside = walkRequests.filter((request) => outsider(request, allowed));
    expect(outside, 'requests to anywhere else').toEqual([]);
    // The watcher saw the walk: the shop's pages, the payment iframe, the extension's own pages.
    const origins = new Set(walkRequests.map((request) => (request.url.startsWith('http') ? new URL(request.url).origin : request.url.split(':')[0])));
    expect([...origins]).toEqual(expect.arrayContaining([...allowed.origins, 'chrome-extension']));
    expect(walkRequests.some((request) => request.resourceType === 'Document' && request.url.startsWith(allowed.origins[1] as string))).toBe(true);
    // It was attached to the service worker and to the offscreen document that held the tab's stream.
    const types = new Set([...watcher.targets.values()].map((target) => `${target.type} ${new URL(target.url || 'about:blank').pathname}`));
    expect([...types]).toEqual(expect.arrayContaining(['service_worker /background.js', 'background_page /offscreen.html']));
  });

  test('control: the watcher does see a request of the service worker, of a worker started again, of the offscreen document and of a page', async () => {
    const { context, extensionId } = launched;
    const tryFetch = (url: string) =>
      fetch(url).then(
        () => 'answered',
        () => 'refused',
      );
    const seen = (pathname: string, type: string) => () =>
      watcher.requests.some((request) => request.url === `${UNREACHABLE}${pathname}` && request.target.type === type);
    const workers = () => watcher.live('service_worker').filter((target) => target.url.startsWith(`chrome-extension://${extensionId}/`));

    // Asked through Playwright, not through the watcher's own session.
    await (await serviceWorker(context, extensionId)).evaluate(tryFetch, `${UNREACHABLE}/control-worker`);
    await expect.poll(seen('/control-worker', 'service_worker'), { message: 'the service worker’s request' }).toBe(true);

    // A worker the browser stopped and started again (as it does to an idle extension during a walk): its target
    // stays, and the new worker is watched from its first moment (a mark left in the old one is gone).
    const [sessionOfWorker] = workers();
    expect(sessionOfWorker, 'the extension’s service worker, attached').toBeTruthy();
    const workerSession = sessionOfWorker?.sessionId as string;
    await watcher.evaluate(workerSession, 'self.parcoursControlMark = 1');
    await stopServiceWorkers(page);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect
      .poll(
        async () => {
          await wakeServiceWorker(popup);
          return watcher.evaluate(workerSession, 'typeof self.parcoursControlMark').catch(() => null);
        },
        { message: 'a new worker instance' },
      )
      .toBe('undefined');
    await watcher.evaluate(workerSession, `(${tryFetch})('${UNREACHABLE}/control-woken-worker')`);
    await expect.poll(seen('/control-woken-worker', 'service_worker'), { message: 'the restarted service worker’s request' }).toBe(true);
    await popup.close();

    const [offscreen] = watcher.live('background_page').filter((target) => target.url.endsWith('/offscreen.html'));
    expect(offscreen, 'the offscreen document, still open').toBeTruthy();
    await watcher.evaluate(offscreen?.sessionId as string, `(${tryFetch})('${UNREACHABLE}/control-offscreen')`);
    await expect.poll(seen('/control-offscreen', 'background_page'), { message: 'the offscreen document’s request' }).toBe(true);

    await page.evaluate(tryFetch, `${UNREACHABLE}/control-page`);
    await expect.poll(seen('/control-page', 'page'), { message: 'the page’s request' }).toBe(true);
    // And the rule of the walk's test catches each of them.
    const controls = watcher.requests.filter((request) => request.url.startsWith(UNREACHABLE));
    expect(controls.length).toBeGreaterThanOrEqual(4);
    expect(controls.every((request) => outsider(request, allowed))).toBe(true);
  });
});

/** Every file of the built extension, by its path inside it. */
function builtFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? builtFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/**
 * Addresses written in the built extension that are never requested, and why. A new one fails the test below
 * until it is looked at and added here.
 */
const INERT_URLS: Record<string, string> = {
  'http://www.w3.org/2000/svg': 'XML namespace (Preact creates SVG elements in it; the icon declares it)',
  'http://www.w3.org/1999/xhtml': 'XML namespace (Preact)',
  'http://www.w3.org/1998/Math/MathML': 'XML namespace (Preact)',
  'http://relative.invalid': 'base for parsing relative addresses while masking them (lib/capture/masking.ts); .invalid never resolves',
  'https://tinyurl.com/y2uuvskb': 'help link in a Dexie error message',
  'http://bit.ly/2kdckMn': 'help link in a Dexie error message',
  'https://stuk.github.io/jszip/documentation/howto/read_zip.html': 'help link in a JSZip error message',
  'https://json-schema.org/draft/2020-12/schema': "the `$schema` of journey.json's JSON Schema, written into the bundle (an identifier, never fetched)",
  'https://parcours.dev/schema/journey-1.json': "the `$id` of journey.json's JSON Schema (an identifier, never fetched)",
  'https://parcours.dev/schema/merged-journey-1.json': "the `$id` of a merged bundle's merged.json Schema (an identifier, never fetched)",
  'https://parcours.dev/schema/merged-comparisons-1.json': "the `$id` of a merged bundle's compare.json Schema (an identifier, never fetched)",
};

test('the built extension loads no remote code and names no address it would fetch', () => {
  const files = builtFiles(EXTENSION_DIR).filter((file) => /\.(js|html|css|json|svg)$/.test(file));
  expect(files).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'content-scripts/content.js', 'offscreen.html']));
  const found = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(EXTENSION_DIR, file), 'utf8');
    for (const [url] of text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`<>)\\]+/g)) found.set(url, [...(found.get(url) ?? []), file]);
    // Protocol-relative addresses (//host/...) in attributes or CSS.
    for (const [, url] of text.matchAll(/(?:src|href)\s*=\s*["'](\/\/[^"']+)/g)) problems.push(`${file}: protocol-relative ${url}`);
    if (file.endsWith('.html')) {
      for (const [, src] of text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) if (!src?.startsWith('/')) problems.push(`${file}: script ${src}`);
    }
    if (file.endsWith('.css')) {
      for (const [, ref] of text.matchAll(/(?:@import|url\()\s*["']?([^"')]+)/g)) if (!/^(data:|\/|\.)/.test(ref ?? '')) problems.push(`${file}: ${ref}`);
    }
    if (file.endsWith('.js')) {
      // Modules import only the extension's own chunks. A module specifier has no space or punctuation of code
      // in it: words in strings ("Cancel import", "parcours/import") are not imports.
      for (const [, from] of text.matchAll(/(?<![\w$."'])(?:from|import)\s*["']([^"'\s;,{}()]+)["']/g))
        if (!/^\.{0,2}\//.test(from ?? '')) problems.push(`${file}: imports ${from}`);
      if (/\bimport\s*\(/.test(text)) problems.push(`${file}: a dynamic import()`);
      if (/\bimportScripts\s*\(/.test(text)) problems.push(`${file}: importScripts()`);
      // html2canvas (map.png, drawn at export) names XMLHttpRequest in two feature tests that only construct one,
      // and in its loader for the `proxy` option, which throws "No proxy defined" first: Parcours sets no proxy.
      // Those three uses are left out; any other use still fails. The export is watched for requests above.
      const checked = text
        .replace('typeof new XMLHttpRequest().responseType=="string"', '')
        .replace('"withCredentials"in new XMLHttpRequest', '')
        .replace(/throw new Error\("No proxy defined"\);[\s\S]{0,400}?new XMLHttpRequest;[\s\S]{0,1000}? instanceof XMLHttpRequest/, '');
      for (const api of ['XMLHttpRequest', 'WebSocket(', 'EventSource(', 'sendBeacon(', 'RTCPeerConnection', 'WebTransport(']) {
        if (checked.includes(api)) problems.push(`${file}: ${api}`);
      }
      // Two fetch() calls, each of the extension's own: Vite's modulepreload polyfill (it preloads the page's own
      // <link rel=modulepreload> chunks), and the worker reading a bundle being imported from the object URL the
      // sessions page made of the chosen file (lib/recorder/import-port.ts takes only `blob:` URLs of the
      // extension's own origin).
      const fetches = [...text.matchAll(/\bfetch\(([^)]*)\)/g)].map((match) => match[1]);
      const own = (args: string | undefined) =>
        (/^\w+\.href,\w+$/.test(args ?? '') && text.includes('modulepreload')) ||
        (file === 'background.js' && /^\w+,\{signal:\w+\}$/.test(args ?? '') && /fetchBytes:async\(\w+,\w+\)=>new Uint8Array\(await\(await fetch\(/.test(text));
      for (const args of fetches) if (!own(args)) problems.push(`${file}: fetch(${args})`);
    }
  }
  expect(problems).toEqual([]);
  const unexplained = [...found.keys()].filter((url) => !(url in INERT_URLS));
  expect(unexplained, `addresses in ${unexplained.map((url) => found.get(url)?.join(', ')).join('; ')}`).toEqual([]);

  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  // No page outside may talk to the extension, no remote script source is allowed, no update server is named.
  expect(manifest).not.toHaveProperty('externally_connectable');
  expect(manifest).not.toHaveProperty('content_security_policy');
  expect(manifest).not.toHaveProperty('update_url');
});
