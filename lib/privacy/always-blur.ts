/**
 * "Always blur this": elements a tester chose on a site (by origin), hidden in every screenshot of that site
 * from then on, in this walk and later ones, in every mode. Kept in the settings table under ALWAYS_BLUR as
 * `{ [origin]: selector[] }`, written only by the background (`privacy/always-blur-add`, `-remove`).
 */

/** Sites and their selectors, as kept. */
export type AlwaysBlurMap = Record<string, string[]>;

/** Selectors kept per site, and the longest one. */
export const MAX_SELECTORS_PER_SITE = 100;
export const MAX_SELECTOR_LENGTH = 1000;

/** An http(s) origin as `URL.origin` writes it (`https://shop.example`, `http://127.0.0.1:5310`). */
export function isSiteOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 300) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** A selector as the picker writes it: CSS, or CSS steps into shadow roots joined by ` >>> `. */
export function isBlurSelector(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= MAX_SELECTOR_LENGTH &&
    value.split(' >>> ').every((step) => step.trim() !== '') &&
    // No line breaks or control characters: a selector is one line.
    ![...value].some((character) => (character.codePointAt(0) ?? 0) < 0x20 || character === '\u007f')
  );
}

export function isAlwaysBlurMap(value: unknown): value is AlwaysBlurMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([origin, selectors]) => isSiteOrigin(origin) && Array.isArray(selectors) && selectors.every(isBlurSelector));
}

/** The map with `selector` added for `origin` (once; the oldest go past MAX_SELECTORS_PER_SITE). */
export function withSelector(map: AlwaysBlurMap, origin: string, selector: string): AlwaysBlurMap {
  const current = (map[origin] ?? []).filter((existing) => existing !== selector);
  return { ...map, [origin]: [...current, selector].slice(-MAX_SELECTORS_PER_SITE) };
}

/** The map without `selector` for `origin` (a site left without any is dropped). */
export function withoutSelector(map: AlwaysBlurMap, origin: string, selector: string): AlwaysBlurMap {
  const rest = (map[origin] ?? []).filter((existing) => existing !== selector);
  const next = { ...map };
  if (rest.length > 0) next[origin] = rest;
  else delete next[origin];
  return next;
}

/** The entries for the sites given (a tab's frames), for the frames to take their own. */
export function forOrigins(map: AlwaysBlurMap, origins: Iterable<string | null>): AlwaysBlurMap {
  const out: AlwaysBlurMap = {};
  for (const origin of origins) {
    const selectors = origin ? map[origin] : undefined;
    if (origin && selectors?.length) out[origin] = selectors;
  }
  return out;
}
