import { browser } from 'wxt/browser';
import type { Locale } from './index';
import { setLocale } from './index';
import { type FollowedLanguage, followLanguage, type PreferenceStorage } from './preference';

/**
 * The browser's language as extensions see it: the one the manifest's _locales are chosen by
 * (i18n.getUILanguage), else the page's navigator.language.
 */
export function browserLanguage(): string | null {
  try {
    return browser.i18n?.getUILanguage?.() || (typeof navigator === 'undefined' ? null : navigator.language);
  } catch {
    return typeof navigator === 'undefined' ? null : navigator.language;
  }
}

/**
 * Makes this context's t() follow the tester's language preference (storage.local): set once it is read,
 * then again at every change, each time calling `changed` so the surface draws itself again.
 */
export function followBrowserLanguage(changed: (locale: Locale) => void): FollowedLanguage {
  const storage: PreferenceStorage = {
    get: (key) => browser.storage.local.get(key) as Promise<Record<string, unknown>>,
    onChanged: browser.storage.onChanged as unknown as PreferenceStorage['onChanged'],
  };
  return followLanguage(storage, browserLanguage, (locale) => {
    setLocale(locale);
    changed(locale);
  });
}
