/**
 * How the map names a form: from what a person reads on the page (its accessible name, its legend, a search
 * landmark, its nearest heading, the text of the button that sent it), never from a short id or a hash-like
 * class. Events recorded before the submit carried those texts have only the form's code name (`name`
 * attribute, `aria-label` or id) and selectors: an id or a class is used only when it reads as words
 * ("shipping-form" → "shipping"). Pure.
 */
import type { FormDescriptor, SelectorAlternatives } from '../capture/events';
import { type Locale, t } from '../i18n';
import { isMaskedText } from '../privacy/masker';

/**
 * A form's name and where it comes from: `title` a text the page shows (quoted on the map), `words` a code name
 * read as words, `search` a search landmark, `button` the text of the button that sent it.
 */
export interface FormName {
  text: string;
  from: 'title' | 'words' | 'search' | 'button';
}

/** Words that say "form" and nothing else, dropped from code names and from the ends of titles. */
const FORM_WORDS = new Set(['form', 'frm', 'formulaire']);
const VOWEL = /[aeiouyàâäéèêëîïôöùûüÿæœ]/i;

/**
 * A code name as words for people, or null when it does not read as words: "shipping-form" → "shipping",
 * "checkoutForm" → "checkout", "billing_address" → "billing address"; never a one- or two-letter id ("f"),
 * nor a hash-like class ("css-1x7f3q", "sc-bdVaJa", "jsx-2893716745"). A name with spaces was written for
 * people (an `aria-label`): kept as it is.
 */
export function readableName(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text) return null;
  if (/\s/.test(text)) return titleText(text);
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[-_.:\s]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '' && !FORM_WORDS.has(word));
  const letters = words.filter((word) => !/^\d+$/.test(word));
  if (letters.length === 0 || letters.join('').length < 3) return null;
  // A word of letters and digits mixed, or without a vowel, is a hash or an abbreviation, not a word.
  if (letters.some((word) => /\d/.test(word) || !VOWEL.test(word) || word.length < 2)) return null;
  return words.join(' ');
}

/** A title as shown, without a "form" word at its ends ("Shipping form" → "Shipping"); null when nothing is left. */
function titleText(raw: string | null | undefined): string | null {
  // A strict walk's `[text]` names nothing.
  if (isMaskedText(raw)) return null;
  const text = raw
    ?.trim()
    .replace(/^(?:form|formulaire)(?:\s+(?:de|du|des|d['’]|for|of))?\s+/i, '')
    .replace(/\s+form$/i, '')
    .trim();
  if (!text || FORM_WORDS.has(text.toLowerCase())) return null;
  return text;
}

/** The id or first class of the form in its CSS selector ("#shipping-form", "form.search-form"), if it reads as words. */
function selectorName(selectors: SelectorAlternatives): string | null {
  for (const alternative of selectors) {
    const last = alternative[alternative.length - 1];
    if (!last || /^(aria|text|xpath)\//.test(last)) continue;
    const css = last.replace(/^pierce\//, '');
    const id = /#([\w-]+)/.exec(css)?.[1];
    const cls = /\.([\w-]+)/.exec(css)?.[1];
    const name = readableName(id) ?? readableName(cls);
    if (name) return name;
  }
  return null;
}

/**
 * The name of a form, best first: its accessible name, its legend, a search landmark, its nearest heading,
 * its submit button's text; then, for events recorded without those, its code name or selector read as
 * words, and the name of the button clicked to send it. Null when nothing names it.
 */
export function formName(form: FormDescriptor | null, submitButtonName: string | null = null): FormName | null {
  if (form) {
    for (const text of [form.label, form.legend]) {
      const title = titleText(text);
      if (title) return { text: title, from: 'title' };
    }
    if (form.role === 'search') return { text: 'search', from: 'search' };
    const heading = titleText(form.heading);
    if (heading) return { text: heading, from: 'title' };
    const button = form.submitText?.trim();
    if (button && !isMaskedText(button)) return { text: button, from: 'button' };
    const words = isMaskedText(form.name) ? null : readableName(form.name);
    if (words) return { text: words, from: /\s/.test(form.name?.trim() ?? '') ? 'title' : 'words' };
    const fromSelector = selectorName(form.selectors);
    if (fromSelector) return { text: fromSelector, from: 'words' };
  }
  const clicked = submitButtonName?.trim();
  return clicked && !isMaskedText(clicked) ? { text: clicked, from: 'button' } : null;
}

/** The form as a sentence names it: "the "Shipping" form", "the shipping form", "the form sent with "Continue"". */
export function formPhrase(name: FormName | null, locale: Locale | undefined): string {
  if (!name) return t('formUnnamed', {}, locale);
  switch (name.from) {
    case 'title':
      return t('formTitled', { name: name.text }, locale);
    case 'words':
      return t('formWords', { name: name.text }, locale);
    case 'search':
      return t('formSearch', {}, locale);
    case 'button':
      return t('formButton', { name: name.text }, locale);
  }
}

/** A phrase at the start of a sentence. */
export function capitalized(text: string, locale: Locale | undefined): string {
  return text.charAt(0).toLocaleUpperCase(locale ?? 'en') + text.slice(1);
}
