#!/usr/bin/env node
// npm start: build, start the demo shop and open Chromium with Parcours loaded, for a person to try.
import { startShop } from '../test/fixtures/shop-server.mjs';
import { launchWithExtension } from './lib/browser.mjs';
import { ensureBuild } from './lib/build.mjs';

const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

ensureBuild();
if (!hasDisplay) {
  console.log('No display found: a browser window cannot open here.');
  console.log('Run `npm run demo` to record the demo walk headless (it writes out/demo.zip),');
  console.log('or load .output/chrome-mv3 in Chrome by hand (see README.md).');
  process.exit(0);
}

const shop = await startShop({ shopPort: Number(process.env.SHOP_PORT ?? 5310), paymentPort: Number(process.env.PAYMENT_PORT ?? 5311) });
const { context, extensionId, close } = await launchWithExtension({ headed: true, viewport: null });
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(shop.shopUrl);
const sessionsPage = await context.newPage();
await sessionsPage.goto(`chrome-extension://${extensionId}/sessions.html`);
await page.bringToFront();
console.log(`Demo shop: ${shop.shopUrl}`);
console.log('Parcours is loaded: press its toolbar button (pin it from the puzzle menu) or Alt+Shift+R to record.');
console.log('Close the browser or press Ctrl+C to quit.');

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await close();
  await shop.close();
  process.exit(0);
};
context.on('close', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
