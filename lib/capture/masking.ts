/**
 * Privacy rules of the capture: field values are never recorded; text and URLs that reach the store are
 * scrubbed of e-mail addresses and card-like numbers, and sensitive query parameters are masked.
 */

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// 12 to 19 digits, optionally grouped by spaces or dashes: card numbers, IBAN digits, account numbers.
const LONG_NUMBER = /\b(?:\d[ -]?){11,18}\d\b/g;

// Short words count only as whole words; `_`, `-` and digits separate words too (user_pin, otp-code, tel2).
const SENSITIVE_NAME =
  /pass(word|wd|code)?|pwd|secret|token|(?<![a-z])otp(?![a-z])|card|cc-?(num|number|csc|cvc|exp)|cvv|cvc|(?<![a-z])csc(?![a-z])|iban|(?<![a-z])ssn(?![a-z])|social.?security|(?<![a-z])pin(?![a-z])|(?<![a-z])auth|api.?key|email|e-mail|phone|(?<![a-z])tel(?![a-z])/i;
const RELATIVE_BASE = 'http://relative.invalid';
const SENSITIVE_AUTOCOMPLETE = /^(cc-|current-password|new-password|one-time-code|email|tel)/i;

export const MASK = '[masked]';

/** Replaces e-mail addresses and long digit runs in free text. */
export function maskSensitiveText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(LONG_NUMBER, '[number]');
}

/** Masks values of sensitive query parameters and scrubs the rest of the URL. Invalid URLs are scrubbed as text. */
export function maskUrl(url: string): string {
  let parsed: URL;
  let relative = false;
  try {
    parsed = new URL(url);
  } catch {
    // A relative URL (a form's action, an href as written) has query parameters to mask too.
    const looksRelative = url !== '' && !/\s/.test(url) && !/^[a-z][a-z0-9+.-]*:/i.test(url);
    if (!looksRelative) return maskSensitiveText(url);
    parsed = new URL(url, RELATIVE_BASE);
    relative = true;
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
  const masked = maskSensitiveText(parsed.toString());
  return relative ? masked.slice(RELATIVE_BASE.length) : masked;
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

/** Typed values shorter than this are too common to find in a text reliably ("a", "no"). */
const MIN_TYPED_LENGTH = 3;
export const TYPED = '[typed]';

/**
 * Removes what the tester typed from a text the page wrote (an alert or an error message that repeats the
 * input: "'jdoe42' is already taken"). The values are compared in memory and never leave the page.
 */
export function scrubTypedValues(text: string, values: readonly string[]): string {
  const typed = [...new Set(values.map((value) => value.trim()).filter((value) => value.length >= MIN_TYPED_LENGTH))];
  // Longest first, so a value containing another is replaced whole.
  typed.sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const value of typed) scrubbed = scrubbed.split(value).join(TYPED);
  return scrubbed;
}
