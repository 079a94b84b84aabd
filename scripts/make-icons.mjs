#!/usr/bin/env node
// Renders public/icon/parcours.svg to every PNG the browsers and the stores ask for (run after changing the SVG;
// the PNGs are committed, so a build needs no browser). Sizes and why: lib/packaging/icons.ts.
// - public/icon/<size>.png: the manifest's icons and toolbar icons (WXT lists every public/icon/<size>.png).
// - docs/store/images/: what the store pages take and the package does not need: Chrome's 128x128 store icon
//   (96x96 of art in 16 px of transparent padding, as the Chrome Web Store asks) and its 440x280 small promo
//   tile in English and French.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright';
import { findChromium, ROOT } from './lib/browser.mjs';
import { libModule } from './lib/lib-module.mjs';

const { ICON_SIZES, PROMO_TILE, STORE_ICON } = await libModule('lib/packaging/icons.ts');
const svg = readFileSync(path.join(ROOT, 'public', 'icon', 'parcours.svg'), 'utf8');
const storeImages = path.join(ROOT, 'docs', 'store', 'images');
mkdirSync(storeImages, { recursive: true });

// The tile's words, one line under the name: kept here rather than in lib/i18n because they are part of an
// image for the store page, not of the extension.
const TAGLINES = {
  en: 'Record a walk through a website, get its customer journey map',
  fr: 'Enregistrez un parcours sur un site, obtenez sa carte du parcours client',
};

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();

/** Renders `body` in a `width` x `height` transparent page and saves it to `file`. */
async function render(body, width, height, file) {
  await page.setViewportSize({ width, height });
  await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;background:transparent}</style></head><body>${body}</body></html>`);
  await page.screenshot({ path: file, omitBackground: true });
}

for (const size of ICON_SIZES) {
  const body = `<style>svg{width:${size}px;height:${size}px;display:block}</style>${svg}`;
  await render(body, size, size, path.join(ROOT, 'public', 'icon', `${size}.png`));
}

const { size, art } = STORE_ICON;
const pad = (size - art) / 2;
await render(
  `<style>svg{width:${art}px;height:${art}px;display:block;margin:${pad}px}</style>${svg}`,
  size,
  size,
  path.join(storeImages, `store-icon-${size}.png`),
);

for (const [lang, tagline] of Object.entries(TAGLINES)) {
  const { width, height } = PROMO_TILE;
  const body = `<style>
    .tile{box-sizing:border-box;width:${width}px;height:${height}px;background:#f4f6fc;display:flex;flex-direction:column;
      align-items:center;justify-content:center;gap:14px;padding:24px;font-family:'DejaVu Sans',Arial,sans-serif;text-align:center}
    svg{width:112px;height:112px;display:block}
    h1{margin:0;font-size:38px;color:#1a2f7a;letter-spacing:.5px}
    p{margin:0;font-size:17px;line-height:1.3;color:#253049}
  </style><div class="tile" lang="${lang}">${svg}<h1>Parcours</h1><p>${tagline}</p></div>`;
  await render(body, width, height, path.join(storeImages, `small-promo-${width}x${height}-${lang}.png`));
}

await browser.close();
console.log('Icons written to public/icon/ and docs/store/images/.');
