import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Locale = 'en' | 'fr';
export const LOCALES: Record<Locale, Record<MessageKey, string>> = { en, fr };
export type { MessageKey };
export { en };

/** The locale for a BCP 47 language tag: French for any `fr-*`, English otherwise. */
export function localeFor(language: string | null | undefined): Locale {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current: Locale = localeFor(typeof navigator === 'undefined' ? 'en' : navigator.language);

export function setLocale(locale: Locale): void {
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}

/** Translates a key, filling `{name}` placeholders. Unknown placeholders stay visible rather than vanish. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, locale: Locale = current): string {
  const template = LOCALES[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
