import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { launchWithExtension, tabIdOf } from '../../scripts/lib/browser.mjs';
import { extensionPage } from '../../scripts/lib/database.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { expect, stopServiceWorkers, test } from './fixtures';

// The narrowest permissions that work (docs/permissions.md): the manifest asks for what the code uses, and
// the page recorder is in no manifest: registered while a walk records or pauses, gone otherwise, whatever
// stops in between (the worker, the browser).

type Extension = { context: BrowserContext; extensionId: string };

/** The ids of the content scripts registered now, asked from an extension page. */
async function registered({ context, extensionId }: Extension): Promise<string[]> {
  const reader = await extensionPage(context, extensionId);
  return reader.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: typeof browser }).chrome;
    return (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id);
  });
}

/** Which frames of the page's tab run the recorder (they answer `tab/ping`), by address. */
async function recorderFrames(extension: Extension, page: Page): Promise<{ url: string; answers: boolean }[]> {
  const tabId = await tabIdOf(extension.context, extension.extensionId, page);
  const reader = await extensionPage(extension.context, extension.extensionId);
  return reader.evaluate(async (tab) => {
    const chrome = (globalThis as unknown as { chrome: typeof browser }).chrome;
    const frames = (await chrome.webNavigation.getAllFrames({ tabId: tab })) ?? [];
    return Promise.all(
      frames.map(async (frame) => ({
        url: frame.url,
        answers: await chrome.tabs.sendMessage(tab, { parcours: 1, name: 'tab/ping', request: {} }, { frameId: frame.frameId }).then(
          (answer) => (answer as { value?: unknown } | undefined)?.value === 'pong',
          () => false,
        ),
      })),
    );
  }, tabId);
}

/** Adds to the page a frame of another origin and an about:blank one, loaded. */
async function addFrames(page: Page, otherOrigin: string): Promise<void> {
  await page.evaluate(async (src) => {
    const loaded = (frame: HTMLIFrameElement) => new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const other = document.createElement('iframe');
    other.src = src;
    const blank = document.createElement('iframe');
    const waits = [loaded(other)];
    document.body.append(other, blank);
    await Promise.all(waits);
  }, new URL('/pay.html', otherOrigin).href);
}

test('the manifest asks only for what the code uses, and declares no content script', async ({ extension }) => {
  const reader = await extensionPage(extension.context, extension.extensionId);
  const manifest = await reader.evaluate(() => (globalThis as unknown as { chrome: typeof browser }).chrome.runtime.getManifest());
  expect([...(manifest.permissions ?? [])].sort()).toEqual([
    'offscreen',
    'scripting',
    'sidePanel',
    'storage',
    'tabCapture',
    'unlimitedStorage',
    'webNavigation',
  ]);
  expect(manifest.host_permissions).toEqual(['<all_urls>']);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest).not.toHaveProperty('optional_permissions');
  expect(manifest).not.toHaveProperty('optional_host_permissions');
  expect(await registered(extension)).toEqual([]);
});

test('the recorder reaches pages, in every frame, only while a walk records or pauses, and survives a worker restart', async ({ extension, shop }) => {
  const { page, tester } = extension;
  await page.goto(shop.shopUrl);
  // The tester's popup is open (it reads from it): nothing is registered, and no frame has a recorder.
  await tester.popup();
  expect(await registered(extension)).toEqual([]);
  await addFrames(page, shop.paymentUrl);
  const before = await recorderFrames(extension, page);
  expect(before).toHaveLength(3);
  expect(before.filter((frame) => frame.answers)).toEqual([]);

  // Start injects it into the page already there, each of its frames, and registers it for the pages to come.
  await tester.start({ title: 'Registration' });
  expect(await registered(extension)).toEqual(['parcours-recorder']);
  expect((await recorderFrames(extension, page)).filter((frame) => !frame.answers)).toEqual([]);

  // A stopped worker changes nothing: the next page of the walk, its frames added later included (another
  // origin, about:blank), are recorded from their start.
  await stopServiceWorkers(page);
  await page.getByRole('link', { name: 'Delivery and returns' }).click();
  await page.waitForURL(/\/delivery/);
  await tester.waitForNavigation(/\/delivery/);
  expect(await registered(extension)).toEqual(['parcours-recorder']);
  await addFrames(page, shop.paymentUrl);
  const during = await recorderFrames(extension, page);
  expect(during).toHaveLength(3);
  expect(during.filter((frame) => !frame.answers)).toEqual([]);

  await tester.pause();
  expect(await registered(extension)).toEqual(['parcours-recorder']);
  await tester.resume();

  await tester.stop();
  expect(await registered(extension)).toEqual([]);
  // A page loaded after the walk gets no recorder, in any frame, and shows no overlay.
  await page.goto(shop.shopUrl);
  await addFrames(page, shop.paymentUrl);
  const after = await recorderFrames(extension, page);
  expect(after).toHaveLength(3);
  expect(after.filter((frame) => frame.answers)).toEqual([]);
  await expect(page.locator('parcours-overlay')).toHaveCount(0);
});

test('a browser closed during a walk leaves no recorder behind; Continue registers it again, Stop removes it', async ({ shop }) => {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'parcours-registration-'));
  try {
    const first = await launchWithExtension({ profileDir });
    const page = first.context.pages()[0] ?? (await first.context.newPage());
    await page.goto(shop.shopUrl);
    const tester = new Tester({ context: first.context, extensionId: first.extensionId, page });
    await tester.start({ title: 'Cut off' });
    expect(await registered(first)).toEqual(['parcours-recorder']);
    await first.close();

    const second = await launchWithExtension({ profileDir });
    try {
      const popup = await second.context.newPage();
      await popup.goto(`chrome-extension://${second.extensionId}/popup.html`);
      await expect(popup.getByText(/"Cut off" was cut off/)).toBeVisible();
      expect(await registered(second)).toEqual([]);
      const next = second.context.pages().find((candidate) => candidate !== popup) ?? (await second.context.newPage());
      await next.goto(shop.shopUrl);
      expect((await recorderFrames(second, next)).filter((frame) => frame.answers)).toEqual([]);

      const again = new Tester({ context: second.context, extensionId: second.extensionId, page: next });
      const controls = await again.popup();
      await controls.getByRole('button', { name: 'Continue in this tab' }).click();
      await again.expectStatus(controls, 'Recording');
      await next.bringToFront();
      await again.expectOverlayStatus('Recording');
      expect(await registered(second)).toEqual(['parcours-recorder']);
      await again.stop();
      expect(await registered(second)).toEqual([]);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
});
