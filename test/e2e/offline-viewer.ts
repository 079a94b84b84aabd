import type { BrowserContext, Page } from '@playwright/test';
import { chromium } from 'playwright';
import { findChromium } from '../../scripts/lib/browser.mjs';

export interface OfflineViewer {
  viewer: BrowserContext;
  /** The page to open the bundle's index.html in. */
  map: Page;
  /** Every request any page of the viewer made (anything but file:// was refused). */
  requests: string[];
  /** The map page's console errors and warnings, and its uncaught errors. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A browser of its own, without the extension: a bundle's index.html as anyone would double-click it. Anything
 * but the bundle's own files (file://) is refused, and every request is recorded.
 */
export async function openOfflineViewer(viewport?: { width: number; height: number }): Promise<OfflineViewer> {
  const browser = await chromium.launch({ executablePath: findChromium() });
  const viewer = await browser.newContext(viewport ? { viewport } : {});
  const requests: string[] = [];
  const problems: string[] = [];
  await viewer.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  viewer.on('request', (request) => requests.push(request.url()));
  const map = await viewer.newPage();
  map.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  map.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { viewer, map, requests, problems, close: () => browser.close() };
}
