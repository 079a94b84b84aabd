import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type MessageKey, t } from '@/lib/i18n';
import { browserLanguage } from '@/lib/i18n/browser-language';
import { LANGUAGE_KEY, LANGUAGE_PREFERENCES, type LanguagePreference, resolveLocale, storedPreference } from '@/lib/i18n/preference';
import { sendToBackground } from '@/lib/messaging/client';
import { LANGUAGE } from '@/lib/store/settings';

// Each language named in itself, as language pickers do, so a tester lost in the other one finds theirs.
const NAMES: Record<'en' | 'fr', MessageKey> = { en: 'languageEnglish', fr: 'languageFrench' };

/** The stored preference, followed live (another page may change it). */
function usePreference(): LanguagePreference | undefined {
  const [preference, setPreference] = useState<LanguagePreference>();
  useEffect(() => {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && LANGUAGE_KEY in changes) setPreference(storedPreference({ [LANGUAGE_KEY]: changes[LANGUAGE_KEY]?.newValue }));
    };
    browser.storage.onChanged.addListener(listener);
    void browser.storage.local.get(LANGUAGE_KEY).then(
      (stored) => setPreference((current) => current ?? storedPreference(stored)),
      () => setPreference((current) => current ?? 'auto'),
    );
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return preference;
}

/**
 * The interface language: Automatic (the browser's, named in brackets), English or Français. The background
 * stores the choice; every open surface (this page too) redraws itself in it (components/common/render-localized.ts).
 */
export function LanguageChoice() {
  const preference = usePreference();
  const [error, setError] = useState<string | null>(null);
  const choose = async (value: LanguagePreference) => {
    setError(null);
    try {
      await sendToBackground('settings/set', { key: LANGUAGE, value });
    } catch (failure) {
      setError(t('languageSaveFailed', { message: failure instanceof Error ? failure.message : String(failure) }));
    }
  };
  const automatic = t(NAMES[resolveLocale('auto', browserLanguage())]);
  return (
    <span class="language-choice">
      <label>
        {t('languageLabel')}{' '}
        <select
          name="language"
          value={preference ?? 'auto'}
          disabled={preference === undefined}
          onChange={(event) => void choose(event.currentTarget.value as LanguagePreference)}
        >
          {LANGUAGE_PREFERENCES.map((value) => (
            <option key={value} value={value} lang={value === 'auto' ? undefined : value}>
              {value === 'auto' ? t('languageAuto', { language: automatic }) : t(NAMES[value])}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span class="message error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
