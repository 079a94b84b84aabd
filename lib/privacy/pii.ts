/**
 * Personal data in free text, found by shape and replaced by a placeholder that says what was there. Two
 * levels: `secrets` (e-mail addresses, card numbers, IBANs: what relaxed walks still mask) and `personal`
 * (those, and phone numbers, other long digit runs, postal addresses: balanced walks). Pure; every function
 * is idempotent (a placeholder is never taken for personal data).
 */

export type PiiLevel = 'secrets' | 'personal';

export const PLACEHOLDERS = {
  email: '[email]',
  card: '[card]',
  iban: '[iban]',
  phone: '[phone]',
  number: '[number]',
  address: '[address]',
} as const;

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;

// Country code, two check digits, then the account in groups of four (spaced or not); 15 to 34 characters.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;

// 13 to 19 digits, optionally grouped by single spaces or dashes: a card number when the Luhn check holds.
const DIGIT_RUN = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
// 12 to 19 digits (account numbers, references that identify a person): balanced masks them all.
const LONG_NUMBER = /\b(?:\d[ -]?){11,18}\d\b/g;

// Phones: an international number (+ and 8 to 15 digits in groups), a French one (0X and four pairs), another
// European national number (a leading 0, 9 to 12 digits in groups), a North American one (3-3-4). Dates
// (2024-01-15, 15/01/2024, 15.01.2024) have too few digits or the wrong groups, prices have decimals.
const PHONE_INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\w])/g;
const PHONE_FRENCH = /(?<![\d.,])0[1-9](?:[ .-]?\d{2}){4}(?![\d])/g;
const PHONE_NATIONAL = /(?<![\d.,])0\d{1,4}(?:[ .-]\d{2,8}){1,4}(?![\d])/g;
const PHONE_NANP = /(?<![\d.,])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d])/g;

const LETTERS = "\\p{L}\\p{M}'’.\\-";
// A French street: number (bis, ter, a letter), the street's kind, then its name (words up to a comma, a
// digit or the end). The kinds that are also common words (place, route, cours…) need a particle or a
// capital after them, so "3 place mats" is not an address.
const STREET_FR = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?: ?(?:bis|ter|[a-z]))?,? (?:rue|avenue|av\\.|bd|boulevard|blvd|all[ée]e|impasse|chemin|quai|faubourg|esplanade|parvis)(?: [${LETTERS}]+){1,6}`,
  'giu',
);
const STREET_FR_AMBIGUOUS = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?: ?(?:bis|ter|[a-z]))?,? (?:[Pp]lace|[Rr]oute|[Cc]ours|[Ss]quare|[Pp]assage|[Vv]oie|[Ss]entier|[Rr][ée]sidence|[Ll]otissement) (?:(?:de|du|des|la|le|les)\\b|[ld]['’]|\\p{Lu})[${LETTERS} ]{0,60}?(?= ?(?:,|\\d|$|[^${LETTERS} ]))`,
  'gu',
);
// An English street: number (with a letter: 221B), one to four capitalised words, then the street's kind.
const STREET_EN = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,5}[A-Za-z]? (?:\\p{Lu}[${LETTERS}]* ){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Square|Sq|Way|Terrace|Close|Crescent|Highway|Hwy|Parkway|Pkwy)\\b\\.?`,
  'gu',
);
// A French postcode and its town ("75011 Paris", "69003 Lyon Cedex 03"); a British postcode ("NW1 6XE").
const POSTCODE_CITY =
  /(?<![\p{L}\p{N}])\d{5} \p{Lu}[\p{L}\p{M}'’-]+(?:[ -](?:C[Ee][Dd][Ee][Xx](?: \d{1,2}(?!\d))?|\p{Lu}[\p{L}\p{M}'’-]+|sur|sous|le|la|les|de|du|des|en|lès))*/gu;
const POSTCODE_UK = /\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/g;

/** True when a digit string passes the Luhn check (card numbers do; most other numbers do not). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const digitCount = (text: string) => text.replace(/\D/g, '').length;

function maskCards(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? PLACEHOLDERS.card : run;
  });
}

function maskPhones(text: string): string {
  return text
    .replace(PHONE_INTERNATIONAL, (match) => (digitCount(match) >= 8 && digitCount(match) <= 15 ? PLACEHOLDERS.phone : match))
    .replace(PHONE_FRENCH, PLACEHOLDERS.phone)
    .replace(PHONE_NATIONAL, (match) => (digitCount(match) >= 9 && digitCount(match) <= 12 ? PLACEHOLDERS.phone : match))
    .replace(PHONE_NANP, PLACEHOLDERS.phone);
}

function maskAddresses(text: string): string {
  return text
    .replace(STREET_FR, PLACEHOLDERS.address)
    .replace(STREET_FR_AMBIGUOUS, PLACEHOLDERS.address)
    .replace(STREET_EN, PLACEHOLDERS.address)
    .replace(POSTCODE_CITY, PLACEHOLDERS.address)
    .replace(POSTCODE_UK, PLACEHOLDERS.address);
}

/** Replaces the personal data of a level in a text by placeholders (`[email]`, `[card]`, `[phone]`…). */
export function maskPii(text: string, level: PiiLevel): string {
  if (text === '' || !/[\d@]/.test(text)) return text;
  let masked = text.replace(EMAIL, PLACEHOLDERS.email).replace(IBAN, PLACEHOLDERS.iban);
  masked = maskCards(masked);
  if (level === 'secrets') return masked;
  masked = maskPhones(masked);
  masked = masked.replace(LONG_NUMBER, PLACEHOLDERS.number);
  return maskAddresses(masked);
}
