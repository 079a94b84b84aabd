#!/usr/bin/env node
// Renders public/icon/parcours.svg to the PNG sizes browsers ask for (run after changing the SVG).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright';
import { findChromium, ROOT } from './lib/browser.mjs';

const svg = readFileSync(path.join(ROOT, 'public', 'icon', 'parcours.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: path.join(ROOT, 'public', 'icon', `${size}.png`), omitBackground: true });
}
await browser.close();
console.log('Icons written to public/icon/.');
