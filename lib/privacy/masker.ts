/**
 * The text side of a walk's masking mode, in one object both sides use: content scripts as they describe
 * what happened, the background once more before each commit (lib/store/events.ts). Pure.
 *
 * - strict: every text the page shows (names, visible texts, labels, headings, titles, messages, option
 *   texts) becomes `[text]`; what is left is structure (tag, role, input type, the step's kind) and URLs with
 *   their paths but no query value or fragment parameter. Search terms are not kept.
 * - balanced: e-mail addresses `[email]`, card numbers `[card]`, IBANs `[iban]`, phone numbers `[phone]`, other
 *   runs of 12-19 digits `[number]`, postal addresses `[address]`; search terms kept.
 * - relaxed: page text kept, but e-mail addresses, card numbers and IBANs (secrets) still masked; phones and
 *   addresses kept; search terms kept.
 *
 * In every mode: what the tester typed is never stored, and where the site shows it back it becomes
 * `[typed]` (echoes.ts); URLs lose their credentials, secrets and tokens (urls.ts).
 */
import type { EchoMatcher } from './echoes';
import { DEFAULT_MASKING_MODE, type MaskingMode } from './masking-mode';
import { maskPii, type PiiLevel } from './pii';
import { isTokenLike } from './tokens';
import { MASK, maskUrlWith, type UrlMasking } from './urls';

/** What strict walks keep of a page's text: that there was some. */
export const MASKED_TEXT = '[text]';

/** True for a text strict masking replaced (the map then names the thing by its structure instead). */
export function isMaskedText(text: string | null | undefined): boolean {
  return text === MASKED_TEXT;
}

export interface Masker {
  readonly mode: MaskingMode;
  /** A text the page shows: a name, a visible text, a label, a title, a message. */
  pageText(text: string): string;
  pageText(text: string | null): string | null;
  /**
   * A text that is no page content but may quote it (the browser's error messages, a field's code name):
   * personal data and echoes masked, never replaced whole.
   */
  text(text: string): string;
  text(text: string | null): string | null;
  url(url: string): string;
  url(url: string | null): string | null;
  /**
   * A search term the tester typed in a search field: kept (its personal data, and what was typed elsewhere,
   * masked) except in strict walks, where it is null.
   */
  searchTerm(value: string): string | null;
  /** Whether a value written into a selector (an id, a class, an attribute) may stay: masking would not change it. */
  keepsInSelector(value: string): boolean;
  /** Whether selectors may quote what the page shows (`aria/`, `text/`, `[aria-label=…]`): not in strict walks. */
  readonly selectorsQuoteText: boolean;
  /** The walk's echoes, if known. */
  readonly echoes: EchoMatcher | null;
}

const PII_LEVEL: Record<MaskingMode, PiiLevel> = { strict: 'personal', balanced: 'personal', relaxed: 'secrets' };
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;
/** Runs that may be a token in a text (an API key shown, a reset code in a field's code name), a JWT's dots included. */
const TOKEN_IN_TEXT = /[A-Za-z0-9+/_=-]{16,}(?:\.[A-Za-z0-9_-]+){0,2}/g;
/** Search terms are titles, not texts: kept short. */
const SEARCH_TERM_MAX = 160;

/** The masker of a mode, with the walk's echoes when they are known. */
export function createMasker(mode: MaskingMode = DEFAULT_MASKING_MODE, echoes: EchoMatcher | null = null): Masker {
  const pii = PII_LEVEL[mode];
  const scrubEchoes = (text: string) => (echoes && echoes.size > 0 ? echoes.scrub(text) : text);
  const urlMasking: UrlMasking = { pii, allValues: mode === 'strict', echoes: scrubEchoes };
  const url = (value: string) => maskUrlWith(value, urlMasking);
  const text = (value: string) => {
    if (value === '') return value;
    const withUrls = /https?:\/\//i.test(value) ? value.replace(URL_IN_TEXT, url) : value;
    // Personal data first ("name@example.org" is an e-mail, whatever word of it was typed), then echoes.
    return scrubEchoes(maskPii(withUrls, pii)).replace(TOKEN_IN_TEXT, (word) => (isTokenLike(word) ? MASK : word));
  };
  const pageText = (value: string) => (mode === 'strict' ? (value.trim() === '' ? value : MASKED_TEXT) : text(value));
  return {
    mode,
    pageText: ((value: string | null) => (value == null ? null : pageText(value))) as Masker['pageText'],
    text: ((value: string | null) => (value == null ? null : text(value))) as Masker['text'],
    url: ((value: string | null) => (value == null ? null : url(value))) as Masker['url'],
    searchTerm: (value) => {
      if (mode === 'strict') return null;
      const term = value.replace(/\s+/g, ' ').trim().slice(0, SEARCH_TERM_MAX);
      return term === '' ? null : scrubEchoes(maskPii(term, pii));
    },
    keepsInSelector: (value) => !isTokenLike(value) && text(value) === value && !value.includes(MASK),
    selectorsQuoteText: mode !== 'strict',
    echoes,
  };
}

/** Balanced masking without echoes: what a text gets where nothing else is known. */
export const BALANCED = createMasker('balanced');
