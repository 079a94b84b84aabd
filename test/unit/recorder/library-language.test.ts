import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followLanguage, LANGUAGE_KEY, type PreferenceStorage } from '@/lib/i18n/preference';
import { ProtocolFailure } from '@/lib/messaging/protocol';
import { Library } from '@/lib/recorder/library';
import { ParcoursDatabase } from '@/lib/store/db';
import { LANGUAGE } from '@/lib/store/settings';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

/** storage.local as the background sees it: writes land, and every follower hears of them. */
class LocalArea implements PreferenceStorage {
  readonly values: Record<string, unknown> = {};
  private readonly listeners = new Set<Listener>();
  readonly onChanged = {
    addListener: (listener: Listener) => void this.listeners.add(listener),
    removeListener: (listener: Listener) => void this.listeners.delete(listener),
  };
  async get(key: string) {
    return key in this.values ? { [key]: this.values[key] } : {};
  }
  async set(items: Record<string, unknown>) {
    Object.assign(this.values, items);
    const changes = Object.fromEntries(Object.entries(items).map(([key, newValue]) => [key, { newValue }]));
    for (const listener of this.listeners) listener(changes, 'local');
  }
}

describe('the language setting, written by the background', () => {
  let db: ParcoursDatabase;
  beforeEach(async () => {
    db = new ParcoursDatabase(`library-language-${Math.random().toString(36).slice(2)}`);
    await db.open();
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('goes to storage.local (not the IndexedDB), where every surface following it hears the change', async () => {
    const local = new LocalArea();
    const heard: string[] = [];
    await followLanguage(
      local,
      () => 'en-GB',
      (locale) => heard.push(locale),
    ).ready;
    const library = new Library(db, { now: () => 0 }, local);
    expect(await library.setSetting({ key: LANGUAGE, value: 'fr' })).toBe('fr');
    expect(local.values[LANGUAGE_KEY]).toBe('fr');
    expect(await db.settings.get(LANGUAGE)).toBeUndefined();
    await library.setSetting({ key: LANGUAGE, value: 'auto' });
    expect(heard).toEqual(['en', 'fr', 'en']);
  });

  it('refuses clearly where there is no storage.local, storing nothing', async () => {
    const library = new Library(db, { now: () => 0 });
    await expect(library.setSetting({ key: LANGUAGE, value: 'fr' })).rejects.toBeInstanceOf(ProtocolFailure);
    expect(await db.settings.count()).toBe(0);
  });
});
