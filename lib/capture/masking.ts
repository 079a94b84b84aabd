/**
 * Privacy rules of the capture: field values are never recorded; text and URLs that reach the store are
 * scrubbed of e-mail addresses and card-like numbers, and sensitive query parameters are masked.
 */

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// 12 to 19 digits, optionally grouped by spaces or dashes: card numbers, IBAN digits, account numbers.
const LONG_NUMBER = /\b(?:\d[ -]?){11,18}\d\b/g;

const SENSITIVE_NAME =
  /pass(word|wd|code)?|pwd|secret|token|\botp\b|card|cc-?(num|number|csc|cvc|exp)|cvv|cvc|\bcsc\b|iban|\bssn\b|social.?security|\bpin\b|\bauth|api.?key|email|e-mail|phone|\btel\b/i;
const SENSITIVE_AUTOCOMPLETE = /^(cc-|current-password|new-password|one-time-code|email|tel)/i;

export const MASK = '[masked]';

/** Replaces e-mail addresses and long digit runs in free text. */
export function maskSensitiveText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(LONG_NUMBER, '[number]');
}

/** Masks values of sensitive query parameters and scrubs the rest of the URL. Invalid URLs are scrubbed as text. */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskSensitiveText(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  const params = parsed.searchParams;
  let changed = false;
  const next = new URLSearchParams();
  for (const [key, value] of params) {
    const masked = SENSITIVE_NAME.test(key) ? MASK : maskSensitiveText(value);
    if (masked !== value) changed = true;
    next.append(key, masked);
  }
  if (changed) parsed.search = next.toString();
  const hash = maskSensitiveText(decodeSafe(parsed.hash));
  if (hash !== decodeSafe(parsed.hash)) parsed.hash = hash;
  return maskSensitiveText(parsed.toString());
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface FieldTraits {
  inputType: string | null;
  name: string | null;
  id: string | null;
  autocomplete: string | null;
  label: string | null;
}

/**
 * A field is sensitive when its type, autocomplete hint, name, id or label says it holds a secret or
 * personal data. For sensitive fields even the state of a select or checkbox is withheld.
 */
export function isSensitiveField(field: FieldTraits): boolean {
  if (field.inputType === 'password' || field.inputType === 'email' || field.inputType === 'tel') return true;
  if (field.autocomplete && SENSITIVE_AUTOCOMPLETE.test(field.autocomplete.trim())) return true;
  return [field.name, field.id, field.label].some((value) => value != null && SENSITIVE_NAME.test(value));
}
