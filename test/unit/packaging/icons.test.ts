import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredIcons, ICON_SIZES, PROMO_TILE, pngSize, STORE_ICON, TOOLBAR_ICON_SIZES } from '@/lib/packaging/icons';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts));

/** A PNG's first 24 bytes: signature, IHDR length and type, width, height. */
function pngHeader(width: number, height: number, chunk = 'IHDR'): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set(
    [...chunk].map((c) => c.charCodeAt(0)),
    12,
  );
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe('pngSize', () => {
  it('reads the width and height from the header', () => {
    expect(pngSize(pngHeader(440, 280))).toEqual({ width: 440, height: 280 });
    expect(pngSize(pngHeader(1, 70_000))).toEqual({ width: 1, height: 70_000 });
  });

  it('reads a header that starts inside a larger buffer', () => {
    const outer = new Uint8Array(50);
    outer.set(pngHeader(96, 96), 7);
    expect(pngSize(outer.subarray(7))).toEqual({ width: 96, height: 96 });
  });

  it('refuses what is not a PNG, or too short to say, or has no IHDR first', () => {
    expect(() => pngSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toThrow(/signature/);
    expect(() => pngSize(pngHeader(16, 16).subarray(0, 20))).toThrow(/signature/);
    expect(() => pngSize(pngHeader(16, 16, 'IDAT'))).toThrow(/first chunk is "IDAT"/);
  });
});

describe('declaredIcons', () => {
  it('lists the icons and the toolbar and sidebar icons of Chrome MV3 and Firefox MV2 manifests', () => {
    expect(
      declaredIcons({
        icons: { '16': 'icon/16.png', '128': 'icon/128.png' },
        action: { default_icon: { '32': '/icon/32.png' }, default_popup: 'popup.html' },
        sidebar_action: { default_panel: 'sidepanel.html', default_icon: { '16': 'icon/16.png' } },
      }),
    ).toEqual([
      { where: 'icons', size: 16, file: 'icon/16.png' },
      { where: 'icons', size: 128, file: 'icon/128.png' },
      { where: 'action.default_icon', size: 32, file: 'icon/32.png' },
      { where: 'sidebar_action.default_icon', size: 16, file: 'icon/16.png' },
    ]);
    expect(declaredIcons({ browser_action: { default_icon: { '24': 'icon/24.png' } } })).toEqual([
      { where: 'browser_action.default_icon', size: 24, file: 'icon/24.png' },
    ]);
  });

  it('declares nothing for a manifest without icons, or a button without an icon', () => {
    expect(declaredIcons({})).toEqual([]);
    expect(declaredIcons({ action: { default_popup: 'popup.html' } })).toEqual([]);
  });

  it('refuses an icon without a size, or a size that is not a number of pixels', () => {
    expect(() => declaredIcons({ action: { default_icon: 'icon/16.png' } })).toThrow(/action\.default_icon must map each size/);
    expect(() => declaredIcons({ icons: { '16px': 'icon/16.png' } })).toThrow(/icons has an entry/);
    expect(() => declaredIcons({ icons: { '0': 'icon/0.png' } })).toThrow(/icons has an entry/);
    expect(() => declaredIcons({ icons: { '16': 16 } })).toThrow(/icons has an entry/);
  });
});

describe('the icons in public/icon', () => {
  const files = readdirSync(path.join(ROOT, 'public', 'icon')).filter((name) => name.endsWith('.png'));

  it('are a PNG of each size the stores ask for, each of the size its name says', () => {
    expect(files.map((name) => Number(name.replace('.png', ''))).sort((a, b) => a - b)).toEqual([...ICON_SIZES]);
    for (const size of ICON_SIZES) expect(pngSize(read('public', 'icon', `${size}.png`)), `${size}.png`).toEqual({ width: size, height: size });
  });

  it('cover Chrome’s 16, 32, 48 and 128 and Firefox’s 48 and 96', () => {
    for (const size of [16, 32, 48, 128, 96]) expect(ICON_SIZES).toContain(size);
  });

  it.each(['popup', 'sidepanel'])('are the toolbar icons the %s declares, each file of its size', (entry) => {
    const html = read('entrypoints', entry, 'index.html').toString('utf8');
    const content = /<meta name="manifest\.default_icon" content="([^"]+)"/.exec(html)?.[1];
    expect(content, `${entry}/index.html declares no manifest.default_icon`).toBeDefined();
    // WXT reads the meta with JSON5: single quotes and quoted keys (JSON5 takes no bare numbers as keys).
    const icons = declaredIcons({ action: { default_icon: JSON.parse((content as string).replaceAll("'", '"')) } });
    expect(icons.map((icon) => icon.size)).toEqual([...TOOLBAR_ICON_SIZES]);
    for (const icon of icons) expect(pngSize(read('public', icon.file)), icon.file).toEqual({ width: icon.size, height: icon.size });
  });
});

describe('the store images in docs/store/images', () => {
  it('have the Chrome Web Store icon at 128x128 and the small promo tile at 440x280 in English and French', () => {
    expect(pngSize(read('docs', 'store', 'images', `store-icon-${STORE_ICON.size}.png`))).toEqual({ width: 128, height: 128 });
    for (const lang of ['en', 'fr']) {
      expect(pngSize(read('docs', 'store', 'images', `small-promo-440x280-${lang}.png`))).toEqual({ width: PROMO_TILE.width, height: PROMO_TILE.height });
    }
  });

  it('have the screenshots at the Chrome Web Store’s 1280x800', () => {
    const shots = readdirSync(path.join(ROOT, 'docs', 'store', 'images')).filter((name) => name.startsWith('screenshot-'));
    expect(shots.length).toBeGreaterThan(0);
    for (const shot of shots) expect(pngSize(read('docs', 'store', 'images', shot)), shot).toEqual({ width: 1280, height: 800 });
  });
});
