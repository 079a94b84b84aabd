/**
 * Privacy rules of the capture: field values are never recorded; which fields are sensitive. The masking of
 * texts and URLs lives in lib/privacy/ (masker.ts: by the walk's mode; echoes.ts: what was typed, shown back);
 * the two functions here are its balanced rules, for texts that have no walk (yet).
 */
import { TYPED } from '../privacy/echoes';
import { BALANCED } from '../privacy/masker';

export { MASK } from '../privacy/urls';
export { TYPED };

// Short words count only as whole words; `_`, `-` and digits separate words too (user_pin, otp-code, tel2).
const SENSITIVE_NAME =
  /pass(word|wd|code)?|pwd|secret|token|(?<![a-z])otp(?![a-z])|card|cc-?(num|number|csc|cvc|exp)|cvv|cvc|(?<![a-z])csc(?![a-z])|iban|(?<![a-z])ssn(?![a-z])|social.?security|(?<![a-z])pin(?![a-z])|(?<![a-z])auth|api.?key|email|e-mail|phone|(?<![a-z])tel(?![a-z])/i;
const SENSITIVE_AUTOCOMPLETE = /^(cc-|current-password|new-password|one-time-code|email|tel)/i;
/** What a person is reached at: sensitive, but a site shows it back ("Confirmation sent to …"). */
const CONTACT_NAME = /email|e-mail|phone|(?<![a-z])tel(?![a-z])/i;
const CONTACT_AUTOCOMPLETE = /^(email|tel)/i;

/** Replaces personal data in free text (balanced rules: e-mails, phones, cards, IBANs, long numbers, addresses). */
export function maskSensitiveText(text: string): string {
  return BALANCED.text(text);
}

/** Masks a URL's credentials, secrets, tokens and personal data (balanced rules). Invalid URLs are scrubbed as text. */
export function maskUrl(url: string): string {
  return BALANCED.url(url);
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

/**
 * A secret: a sensitive field that is no contact detail (a password, a one-time code, a card, a PIN). Its
 * value never leaves the page, not even hashed as an echo (see lib/privacy/echoes.ts): sites do not show
 * it back, and if one does, the masking of cards and numbers covers it.
 */
export function isSecretField(field: FieldTraits): boolean {
  if (!isSensitiveField(field)) return false;
  if (field.inputType === 'password') return true;
  if (field.inputType === 'email' || field.inputType === 'tel') return false;
  const autocomplete = field.autocomplete?.trim() ?? '';
  if (SENSITIVE_AUTOCOMPLETE.test(autocomplete)) return !CONTACT_AUTOCOMPLETE.test(autocomplete);
  // Sensitive by a name: a secret unless the name says a contact detail.
  return [field.name, field.id, field.label].some((value) => value != null && SENSITIVE_NAME.test(value) && !CONTACT_NAME.test(value));
}

/** Typed values shorter than this are too common to find in a text reliably ("a", "no"). */
const MIN_TYPED_LENGTH = 3;

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
