// The icon sizes the browsers and the stores ask for, in one place: scripts/make-icons.mjs renders them and
// test/unit/packaging/icons.test.ts checks them.
//
// - Chrome's manifest `icons`: 16 (favicon of the extension's pages), 32 (Windows), 48 (chrome://extensions)
//   and 128 (install dialog, Chrome Web Store).
// - Firefox's manifest `icons`: 48 for the add-ons manager and 96 for its high-resolution screens; 32 and 64
//   are the same pair for smaller places.
// - The toolbar button (`action` / `browser_action`) and Firefox's sidebar: 16 and 32 (its 2x). Chrome also
//   uses 24 for the toolbar at 150 %.
export const ICON_SIZES = [16, 24, 32, 48, 64, 96, 128] as const;

/** Sizes the toolbar button and Firefox's sidebar declare (`default_icon`). */
export const TOOLBAR_ICON_SIZES = [16, 24, 32] as const;

/** Chrome Web Store icon: 128x128 with 96x96 of art and 16 px of transparent padding on each side. */
export const STORE_ICON = { size: 128, art: 96 } as const;

/** Chrome Web Store small promo tile (mandatory). */
export const PROMO_TILE = { width: 440, height: 280 } as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The width and height a PNG file declares in its header (the IHDR chunk, always first), or an error saying
 * why the bytes are not a PNG.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < 24 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte)) {
    throw new Error('Not a PNG file: the 8-byte PNG signature is missing.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunkType !== 'IHDR') throw new Error(`Not a valid PNG file: its first chunk is "${chunkType}", not IHDR.`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** One icon a manifest declares: where (`icons`, `action.default_icon`…), at which size, which file. */
export interface DeclaredIcon {
  where: string;
  size: number;
  file: string;
}

const ICON_KEYS: Array<[string, string | null]> = [
  ['icons', null],
  ['action', 'default_icon'],
  ['browser_action', 'default_icon'],
  ['page_action', 'default_icon'],
  ['sidebar_action', 'default_icon'],
];

/**
 * Every icon a manifest declares with its size (Chrome MV3 and Firefox MV2 keys). A `default_icon` given as a
 * single path declares no size, which no store check could hold against the file: it is an error here.
 */
export function declaredIcons(manifest: Record<string, unknown>): DeclaredIcon[] {
  const found: DeclaredIcon[] = [];
  for (const [key, sub] of ICON_KEYS) {
    const holder = manifest[key];
    if (holder === undefined) continue;
    const value = sub === null ? holder : (holder as Record<string, unknown>)[sub];
    if (value === undefined) continue;
    const where = sub === null ? key : `${key}.${sub}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`${where} must map each size to a file (e.g. { "16": "icon/16.png" }), not ${JSON.stringify(value)}.`);
    }
    for (const [size, file] of Object.entries(value)) {
      if (!/^[1-9]\d*$/.test(size) || typeof file !== 'string') {
        throw new Error(`${where} has an entry that is not "<size in px>": "<file>": ${JSON.stringify(size)}: ${JSON.stringify(file)}.`);
      }
      found.push({ where, size: Number(size), file: file.replace(/^\//, '') });
    }
  }
  return found;
}
