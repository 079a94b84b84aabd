#!/usr/bin/env node
// npm run demo: records the whole demo purchase walk and writes out/demo.zip.
import path from 'node:path';
import { startShop } from '../test/fixtures/shop-server.mjs';
import { ROOT } from './lib/browser.mjs';
import { recordWalk } from './lib/record-walk.mjs';

const shop = await startShop();
try {
  console.log(`Demo shop at ${shop.shopUrl} (payments at ${shop.paymentUrl})`);
  await recordWalk({
    url: shop.shopUrl,
    walk: path.join(ROOT, 'test', 'walks', 'demo-walk.mjs'),
    out: path.join(ROOT, 'out', 'demo.zip'),
    title: 'Demo purchase: a mug',
  });
  process.exitCode = 0;
} catch (error) {
  console.error(`parcours demo: ${error.message}`);
  process.exitCode = 1;
} finally {
  await shop.close();
}
