/**
 * The last pass of masking over a whole event, string by string: run by the page as it sends an event and
 * by the background before it commits one, so whatever path a text took (a page-load title, a tab title, a
 * selector, a message) it is masked in the walk's mode, with the walk's echoes. Idempotent. Pure.
 */
import type { SelectorAlternatives } from '../capture/events';
import { TYPED } from './echoes';
import { MASKED_TEXT, type Masker } from './masker';
import { PLACEHOLDERS } from './pii';
import { isTokenLike } from './tokens';
import { MASK } from './urls';

/** Strings that are structure, never page text: identifiers, enums, types. */
const STRUCTURE = new Set([
  'id',
  'sessionId',
  'kind',
  'at',
  'tag',
  'role',
  'inputType',
  'autocomplete',
  'pointerType',
  'navigationType',
  'reason',
  'state',
  'key',
  'forEventId',
  'screenshotId',
  'missingReason',
  'source',
  'method',
]);
const URLS = new Set(['url', 'frameUrl', 'fromUrl', 'href', 'action', 'targetUrl', 'startUrl']);
const SELECTORS = new Set(['selectors']);
/** One chain per enclosing iframe, outermost first: a selector that may not stay is made the bare tag, never dropped. */
const FRAME_CHAINS = new Set(['iframeSelectors']);
/** Texts that are no page content (the browser's messages) but may quote it: masked, never replaced whole. */
const DIAGNOSTICS = new Set(['missingDetail', 'streamUnavailable']);
/** Objects whose `name` is what the page's code calls them (an attribute), not what a person reads. */
const CODE_NAMED = new Set(['field', 'form']);

const PLACEHOLDER_IN = new RegExp(
  [...Object.values(PLACEHOLDERS), TYPED, MASK, MASKED_TEXT].map((placeholder) => placeholder.replace(/[[\]]/g, '\\$&')).join('|'),
);
const QUOTES_TEXT = /^(aria|text)\//;
const WORDISH = /[\w-]{16,}/g;

/**
 * Whether one string of a selector chain may stay: it quotes no page text in strict walks (`aria/`, `text/`,
 * `[aria-label=…]`), holds no placeholder (a partly masked selector says what the name hides), no token, and
 * nothing masking would change.
 */
export function keepsSelector(part: string, masker: Masker): boolean {
  if (!masker.selectorsQuoteText && (QUOTES_TEXT.test(part) || /\[aria-label[~|^$*]?=/.test(part))) return false;
  if (PLACEHOLDER_IN.test(part)) return false;
  for (const word of part.match(WORDISH) ?? []) if (isTokenLike(word)) return false;
  return masker.text(part) === part;
}

/** The selector alternatives masking keeps: an alternative goes whole when one string of it may not stay. */
export function maskSelectors(alternatives: SelectorAlternatives, masker: Masker): SelectorAlternatives {
  return alternatives.filter((chain) => Array.isArray(chain) && chain.every((part) => typeof part === 'string' && keepsSelector(part, masker)));
}

function maskValue(key: string, value: unknown, parent: string | null, masker: Masker): unknown {
  if (typeof value === 'string') {
    if (STRUCTURE.has(key)) return value;
    if (URLS.has(key)) return masker.url(value);
    if (DIAGNOSTICS.has(key)) return masker.text(value);
    if (key === 'name' && parent != null && CODE_NAMED.has(parent)) return masker.text(value);
    if (key === 'searchTerm') return masker.searchTerm(value);
    return masker.pageText(value);
  }
  if (Array.isArray(value)) {
    if (SELECTORS.has(key)) return maskSelectors(value as SelectorAlternatives, masker);
    if (FRAME_CHAINS.has(key))
      return (value as unknown[]).map((chain) =>
        Array.isArray(chain) ? chain.map((part) => (typeof part === 'string' && keepsSelector(part, masker) ? part : 'iframe')) : chain,
      );
    return value.map((item) => maskValue(key, item, parent, masker));
  }
  if (value != null && typeof value === 'object') return maskObject(value as Record<string, unknown>, key, masker);
  return value;
}

function maskObject<T extends Record<string, unknown>>(object: T, name: string | null, masker: Masker): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const masked = maskValue(key, value, name, masker);
    // A search term strict walks do not keep is left out, not stored empty.
    if (key === 'searchTerm' && masked == null) continue;
    out[key] = masked;
  }
  return out as T;
}

/** A copy of an event with every string masked as its field calls for (see the sets above). */
export function maskEvent<T extends object>(event: T, masker: Masker): T {
  return maskObject(event as Record<string, unknown>, null, masker) as T;
}
