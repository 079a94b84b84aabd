/** Why a page cannot be recorded, as an i18n message key, or null when it can. */
export type UnrecordableReason = 'unrecordableBrowserPage' | 'unrecordableStore' | 'unrecordableFile' | 'unrecordableUnknown';

const BROWSER_SCHEMES = new Set([
  'chrome:',
  'chrome-extension:',
  'chrome-search:',
  'chrome-untrusted:',
  'devtools:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'about:',
  'moz-extension:',
  'resource:',
  'view-source:',
  'data:',
  'javascript:',
  'blob:',
]);

// Extension stores are closed to every extension's content scripts.
const STORE_PAGES = [
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
  /^https:\/\/addons\.mozilla\.org\//,
  /^https:\/\/addons\.opera\.com\//,
];

export function whyUnrecordable(url: string | null | undefined): UnrecordableReason | null {
  if (!url) return 'unrecordableUnknown';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'unrecordableUnknown';
  }
  if (BROWSER_SCHEMES.has(parsed.protocol)) return 'unrecordableBrowserPage';
  if (parsed.protocol === 'file:') return 'unrecordableFile';
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'unrecordableUnknown';
  if (STORE_PAGES.some((pattern) => pattern.test(url))) return 'unrecordableStore';
  return null;
}
