import { describe, expect, it } from 'vitest';
import {
  followLanguage,
  isLanguagePreference,
  LANGUAGE_KEY,
  LANGUAGE_PREFERENCES,
  type PreferenceStorage,
  resolveLocale,
  storedPreference,
} from '@/lib/i18n/preference';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

/** An in-memory storage area that tells its listeners of every write, as browser.storage does. */
class MemoryStorage implements PreferenceStorage {
  readonly values = new Map<string, unknown>();
  readonly listeners = new Set<Listener>();
  /** While set, get() waits for it: a read still on its way. */
  gate: Promise<void> | null = null;
  failReads = false;
  readonly onChanged = {
    addListener: (listener: Listener) => void this.listeners.add(listener),
    removeListener: (listener: Listener) => void this.listeners.delete(listener),
  };
  async get(key: string): Promise<Record<string, unknown>> {
    const snapshot = this.values.has(key) ? { [key]: this.values.get(key) } : {};
    await this.gate;
    if (this.failReads) throw new Error('storage unavailable');
    return snapshot;
  }
  set(key: string, value: unknown, area = 'local'): void {
    this.values.set(key, value);
    for (const listener of this.listeners) listener({ [key]: { newValue: value } }, area);
  }
}

describe('language preference', () => {
  it('knows Automatic, English and Français, nothing else', () => {
    expect(LANGUAGE_PREFERENCES).toEqual(['auto', 'en', 'fr']);
    for (const value of LANGUAGE_PREFERENCES) expect(isLanguagePreference(value)).toBe(true);
    for (const value of ['de', 'FR', '', null, undefined, 1, {}]) expect(isLanguagePreference(value), String(value)).toBe(false);
  });

  it('reads Automatic when nothing, or something unknown, is stored', () => {
    expect(storedPreference({})).toBe('auto');
    expect(storedPreference(null)).toBe('auto');
    expect(storedPreference({ [LANGUAGE_KEY]: 'de' })).toBe('auto');
    expect(storedPreference({ [LANGUAGE_KEY]: 'fr' })).toBe('fr');
    expect(storedPreference({ other: 'fr' })).toBe('auto');
  });

  it('resolves Automatic by the browser language and a chosen locale whatever the browser says', () => {
    expect(resolveLocale('auto', 'fr-CA')).toBe('fr');
    expect(resolveLocale('auto', 'de-DE')).toBe('en');
    expect(resolveLocale('auto', null)).toBe('en');
    expect(resolveLocale('en', 'fr-FR')).toBe('en');
    expect(resolveLocale('fr', 'en-US')).toBe('fr');
  });
});

describe('followLanguage', () => {
  it('applies the stored choice once read, then every change of locale, once each', async () => {
    const storage = new MemoryStorage();
    storage.values.set(LANGUAGE_KEY, 'fr');
    const applied: string[] = [];
    const followed = followLanguage(
      storage,
      () => 'en-US',
      (locale) => applied.push(locale),
    );
    expect(await followed.ready).toBe('fr');
    expect(followed.preference()).toBe('fr');
    storage.set(LANGUAGE_KEY, 'en');
    storage.set(LANGUAGE_KEY, 'auto'); // the browser is English: the locale stays English, nothing to redraw
    storage.set(LANGUAGE_KEY, 'fr');
    expect(applied).toEqual(['fr', 'en', 'fr']);
    expect(followed.preference()).toBe('fr');
  });

  it('follows the browser under Automatic, and takes unknown values for Automatic', async () => {
    const storage = new MemoryStorage();
    const applied: string[] = [];
    const followed = followLanguage(
      storage,
      () => 'fr-FR',
      (locale) => applied.push(locale),
    );
    expect(await followed.ready).toBe('fr');
    storage.set(LANGUAGE_KEY, 'en');
    storage.set(LANGUAGE_KEY, 'klingon');
    expect(applied).toEqual(['fr', 'en', 'fr']);
    expect(followed.preference()).toBe('auto');
  });

  it('ignores other keys and other storage areas', async () => {
    const storage = new MemoryStorage();
    const applied: string[] = [];
    await followLanguage(
      storage,
      () => 'en',
      (locale) => applied.push(locale),
    ).ready;
    storage.set('something-else', 'fr');
    storage.set(LANGUAGE_KEY, 'fr', 'sync');
    expect(applied).toEqual(['en']);
  });

  it('lets a change made while the first read is on its way win over what that read answers', async () => {
    const storage = new MemoryStorage();
    storage.values.set(LANGUAGE_KEY, 'en');
    const opener: { open?: () => void } = {};
    storage.gate = new Promise<void>((resolve) => {
      opener.open = resolve;
    });
    const open = () => opener.open?.();
    const applied: string[] = [];
    const followed = followLanguage(
      storage,
      () => 'en',
      (locale) => applied.push(locale),
    );
    storage.set(LANGUAGE_KEY, 'fr');
    open();
    expect(await followed.ready).toBe('fr');
    expect(applied).toEqual(['fr']);
  });

  it('falls back to Automatic when the storage cannot be read, and still hears changes', async () => {
    const storage = new MemoryStorage();
    storage.failReads = true;
    const applied: string[] = [];
    const followed = followLanguage(
      storage,
      () => 'fr-BE',
      (locale) => applied.push(locale),
    );
    expect(await followed.ready).toBe('fr');
    storage.set(LANGUAGE_KEY, 'en');
    expect(applied).toEqual(['fr', 'en']);
  });

  it('stops listening when stopped', async () => {
    const storage = new MemoryStorage();
    const applied: string[] = [];
    const followed = followLanguage(
      storage,
      () => 'en',
      (locale) => applied.push(locale),
    );
    await followed.ready;
    followed.stop();
    expect(storage.listeners.size).toBe(0);
    storage.set(LANGUAGE_KEY, 'fr');
    expect(applied).toEqual(['en']);
  });
});
