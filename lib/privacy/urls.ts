/**
 * Masking of addresses: credentials, personal data and secrets out of a URL's user info, path, query and
 * fragment, whatever the walk's mode; strict walks also drop every query and fragment value. Pure.
 */
import { maskPii, type PiiLevel } from './pii';
import { isTokenLike } from './tokens';

export const MASK = '[masked]';

const RELATIVE_BASE = 'http://relative.invalid';

/**
 * Words of a parameter name that say its value is a credential or personal data (`access_token`, `X-Amz-Signature`,
 * `sessionId`, `api_key`, `sid`, `jwt`, `email`). Names are split into words at `_`, `-`, `.`, and case changes,
 * so `shipping` or `keyword` are not flagged for holding `pin` or `key`.
 */
const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passcode',
  'secret',
  'token',
  'jwt',
  'sig',
  'signature',
  'credential',
  'credentials',
  'session',
  'sessionid',
  'sessid',
  'phpsessid',
  'jsessionid',
  'sid',
  'auth',
  'authorization',
  'apikey',
  'key',
  'otp',
  'nonce',
  'ticket',
  'saml',
  'samlresponse',
  'assertion',
  'ssn',
  'iban',
  'card',
  'cvv',
  'cvc',
  'pin',
  'email',
  'mail',
  'phone',
  'tel',
  'verification',
]);
/** Whole names that are credentials on their own (`code`: an OAuth code; `country_code` is not). */
const SENSITIVE_NAMES = new Set(['code', 'hash']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True for a parameter name whose value is a credential or personal data, so its value is masked whatever it is. */
export function isSensitiveParameter(name: string): boolean {
  const lowered = name.toLowerCase();
  if (SENSITIVE_NAMES.has(lowered)) return true;
  return nameWords(name).some((word) => SENSITIVE_WORDS.has(word));
}

export interface UrlMasking {
  pii: PiiLevel;
  /** Strict walks: every query and fragment value masked. */
  allValues: boolean;
  /** Removes what the tester typed (see echoes.ts). */
  echoes: (text: string) => string;
}

/** A value of a query, a fragment or a path's matrix parameter: masked whole for a credential, scrubbed otherwise. */
function maskValue(key: string, value: string, masking: UrlMasking): string {
  if (value === '') return value;
  if (isSensitiveParameter(key) || masking.allValues || isTokenLike(value)) return MASK;
  return scrub(value, masking);
}

/** Percent-encodes a masked value, placeholders left readable (`[masked]`, `[email]`). */
function encodeMasked(value: string): string {
  return encodeURIComponent(value).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** `a=1&b=2` with its values masked, pairs left as written when nothing in them changed; null when nothing did. */
function maskParameters(query: string, masking: UrlMasking): string | null {
  if (query === '') return null;
  let changed = false;
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? '' : pair.slice(equals + 1);
    const key = decodeSafe(rawKey.replace(/\+/g, ' '));
    const value = decodeSafe(rawValue.replace(/\+/g, ' '));
    const maskedKey = scrub(key, masking);
    const masked = maskValue(key, value, masking);
    if (masked === value && maskedKey === key) return pair;
    changed = true;
    const keyText = maskedKey === key ? rawKey : encodeMasked(maskedKey);
    return equals < 0 ? keyText : `${keyText}=${encodeMasked(masked)}`;
  });
  return changed ? pairs.join('&') : null;
}

/** Personal data first (an address that holds a typed word is an address), then what was typed. */
function scrub(text: string, masking: UrlMasking): string {
  return masking.echoes(maskPii(text, masking.pii));
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A path segment: a token or an id whole, personal data and echoes in place, matrix parameters (`;jsessionid=…`) like a query's. */
function maskSegment(segment: string, masking: UrlMasking): string {
  if (segment === '') return segment;
  const [head = '', ...matrix] = segment.split(';');
  const decoded = decodeSafe(head);
  let out = isTokenLike(decoded) ? MASK : scrub(decoded, masking);
  out = out === decoded ? head : out;
  for (const parameter of matrix) {
    const equals = parameter.indexOf('=');
    if (equals < 0) out += `;${parameter}`;
    else {
      const key = parameter.slice(0, equals);
      const value = decodeSafe(parameter.slice(equals + 1));
      const masked = maskValue(key, value, masking);
      out += `;${key}=${masked === value ? parameter.slice(equals + 1) : masked}`;
    }
  }
  return out;
}

/** The fragment: parameters (`#access_token=…&state=…`) like a query's; a bare one kept unless it is a token, personal data or an echo. */
function maskFragment(hash: string, masking: UrlMasking): string {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return hash;
  const bare = !fragment.includes('=');
  if (bare) {
    const decoded = decodeSafe(fragment);
    if (isTokenLike(decoded)) return `#${MASK}`;
    const masked = scrub(decoded, masking);
    return masked === decoded ? hash : `#${masked}`;
  }
  const query = fragment.startsWith('?') || fragment.startsWith('/') ? fragment.replace(/^[^?]*\?/, '') : fragment;
  const prefix = fragment.slice(0, fragment.length - query.length);
  const masked = maskParameters(query, masking);
  return masked == null ? hash : `#${prefix}${masked}`;
}

/**
 * Masks a URL (absolute or relative: a form's action, an href as written): user info removed; credential
 * parameters and token-like values masked `[masked]` in the query, the fragment and the path; personal data
 * and echoes replaced by their placeholders. A text that is no URL is scrubbed as text.
 */
export function maskUrlWith(url: string, masking: UrlMasking): string {
  let parsed: URL;
  let relative = false;
  try {
    parsed = new URL(url);
  } catch {
    const looksRelative = url !== '' && !/\s/.test(url) && !/^[a-z][a-z0-9+.-]*:/i.test(url);
    if (!looksRelative) return scrub(url, masking);
    try {
      parsed = new URL(url, RELATIVE_BASE);
    } catch {
      return scrub(url, masking);
    }
    relative = true;
  }
  if (!/^(https?|wss?|ftp|file|chrome-extension|moz-extension):$/.test(parsed.protocol) && !relative) return scrub(url, masking);
  parsed.username = '';
  parsed.password = '';
  const path = parsed.pathname.split('/').map((segment) => maskSegment(segment, masking));
  const joined = path.join('/');
  if (joined !== parsed.pathname) parsed.pathname = joined;
  const query = maskParameters(parsed.search.slice(1), masking);
  if (query != null) parsed.search = query;
  const hash = maskFragment(parsed.hash, masking);
  if (hash !== parsed.hash) parsed.hash = hash;
  const masked = parsed.toString();
  return relative ? masked.slice(RELATIVE_BASE.length) : masked;
}
