import { type Locale, localeFor } from './index';

/** What the tester chose: follow the browser's language, or one of the locales whatever the browser says. */
export type LanguagePreference = 'auto' | Locale;
export const LANGUAGE_PREFERENCES: readonly LanguagePreference[] = ['auto', 'en', 'fr'];

/**
 * The storage.local key of the preference. storage.local rather than the IndexedDB: the content script (the
 * overlay) cannot read the extension's IndexedDB, and storage.onChanged tells every surface of a change at
 * once. Only the background writes it (settings/set), as it writes every other setting.
 */
export const LANGUAGE_KEY = 'parcours.language';

export function isLanguagePreference(value: unknown): value is LanguagePreference {
  return typeof value === 'string' && (LANGUAGE_PREFERENCES as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'fr';
}

/** The preference as stored: anything unknown (absent, from a newer version, damaged) is Automatic. */
export function storedPreference(stored: Record<string, unknown> | null | undefined): LanguagePreference {
  const value = stored?.[LANGUAGE_KEY];
  return isLanguagePreference(value) ? value : 'auto';
}

/** The locale a preference stands for: Automatic takes the browser's language (French for fr-*, else English). */
export function resolveLocale(preference: LanguagePreference, browserLanguage: string | null | undefined): Locale {
  return preference === 'auto' ? localeFor(browserLanguage) : preference;
}

/** The part of `browser.storage` the preference is read from and watched in. */
export interface PreferenceStorage {
  get(key: string): Promise<Record<string, unknown>>;
  onChanged: {
    addListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    removeListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  };
}

export interface FollowedLanguage {
  /** Resolves with the locale once the stored preference is read (a storage that fails leaves Automatic). */
  ready: Promise<Locale>;
  preference(): LanguagePreference;
  stop(): void;
}

/**
 * Reads the preference, then calls `apply` with the locale it stands for, at once and at every change (in
 * storage.local only). `apply` is called again only when the locale changes, not for every write.
 */
export function followLanguage(
  storage: PreferenceStorage,
  browserLanguage: () => string | null | undefined,
  apply: (locale: Locale) => void,
): FollowedLanguage {
  let preference: LanguagePreference = 'auto';
  let applied: Locale | null = null;
  let stopped = false;
  const use = (next: LanguagePreference) => {
    preference = next;
    const locale = resolveLocale(next, browserLanguage());
    if (locale !== applied && !stopped) {
      applied = locale;
      apply(locale);
    }
    return locale;
  };
  // A change written while the first read is on its way wins over what that read answers.
  let changedMeanwhile = false;
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(LANGUAGE_KEY in changes)) return;
    changedMeanwhile = true;
    use(storedPreference({ [LANGUAGE_KEY]: changes[LANGUAGE_KEY]?.newValue }));
  };
  storage.onChanged.addListener(listener);
  const ready = storage.get(LANGUAGE_KEY).then(
    (stored) => (changedMeanwhile ? use(preference) : use(storedPreference(stored))),
    () => use(changedMeanwhile ? preference : 'auto'),
  );
  return {
    ready,
    preference: () => preference,
    stop: () => {
      stopped = true;
      storage.onChanged.removeListener(listener);
    },
  };
}
