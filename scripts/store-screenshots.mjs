#!/usr/bin/env node
// The Chrome Web Store's screenshots (at least one, 1280x800): the demo purchase walked in the built extension,
// then its review page, as a tester sees it. Writes docs/store/images/screenshot-<n>-1280x800-en.png.
// Needs `npm run build` first (it says so). English only: the scripted tester reads the English interface.
import path from 'node:path';
import { startShop } from '../test/fixtures/shop-server.mjs';
import demoWalk from '../test/walks/demo-walk.mjs';
import { launchWithExtension, ROOT } from './lib/browser.mjs';
import { Tester } from './lib/tester.mjs';

const SIZE = { width: 1280, height: 800 };
const images = path.join(ROOT, 'docs', 'store', 'images');
const shop = await startShop();
const { context, extensionId, close } = await launchWithExtension({ viewport: SIZE });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(shop.shopUrl, { waitUntil: 'load' });
  const tester = new Tester({ context, extensionId, page });
  await tester.start({ title: 'Demo purchase: a mug' });
  await demoWalk({ page, context, tester });
  await tester.stop();

  const review = await context.newPage();
  await review.setViewportSize(SIZE);
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await map.waitFor();
  // Every screenshot drawn in view has loaded, so that the store's image shows them rather than placeholders.
  const imagesLoaded = () => review.waitForFunction(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0));
  await imagesLoaded();
  await review.screenshot({ path: path.join(images, 'screenshot-1-1280x800-en.png') });
  await map.scrollIntoViewIfNeeded();
  await review.evaluate(() => document.querySelector('[aria-label="Journey map"]')?.scrollIntoView({ block: 'start' }));
  await imagesLoaded();
  await review.screenshot({ path: path.join(images, 'screenshot-2-1280x800-en.png') });
  console.log('Screenshots written to docs/store/images/.');
} finally {
  await close();
  await shop.close();
}
