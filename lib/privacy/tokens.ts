/**
 * Values that look like credentials whatever they are called: a JWT, a long hex or base64 string, a UUID.
 * Used on query and fragment values, path segments and selector attribute values. Pure.
 */

const JWT = /^eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*$/;
const HEX = /^[0-9a-f]{16,}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/_-]{20,}={0,2}$/;

/**
 * True for a value that reads as a secret or an identifier, not as words: a JWT; 16 or more hex digits (not
 * only digits: long numbers are personal data's business); a UUID (a record's id or a reset link's token:
 * either way it names one person's thing, not a page); 20 or more base64 or base64url characters with
 * digits and letters of both cases, or a third or more digits. A slug of words and short numbers
 * ("red-mug-350ml-2024") is kept.
 */
export function isTokenLike(value: string): boolean {
  if (value.length < 16) return false;
  if (JWT.test(value) || UUID.test(value)) return true;
  if (HEX.test(value)) return !/^\d+$/.test(value);
  if (!BASE64.test(value)) return false;
  if (isSlug(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  const upper = /[A-Z]/.test(value);
  const lower = /[a-z]/.test(value);
  if (digits === 0) return false;
  return (upper && lower) || digits / value.length >= 0.3;
}

/** A word, or words run together in camel case, ending in a short number at most ("ProductPage2024"). */
const WORDS = /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z]))+\d{0,6}$/;

/** Words and short numbers joined by dashes or underscores, or words in camel case: a page's name for people. */
function isSlug(value: string): boolean {
  const parts = value.split(/[-_]+/).filter(Boolean);
  return parts.every((part) => /^[A-Za-z]{1,20}$/.test(part) || /^\d{1,6}[A-Za-z]{0,3}$/.test(part) || WORDS.test(part));
}
