import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isStorageFullRecord, STORAGE_FULL_KEY, type StorageFullRecord } from '@/lib/recorder/storage-full';

/**
 * Whether the walk is paused because the disk is full. The database cannot say it (it takes no write while
 * the disk is full), so the background keeps it in `storage.session`, which extension pages read and follow.
 */
export function useStorageFull(sessionId: string | null | undefined): StorageFullRecord | null {
  const [record, setRecord] = useState<StorageFullRecord | null>(null);
  useEffect(() => {
    const area = browser.storage?.session;
    if (!area) return;
    let cancelled = false;
    const take = (value: unknown) => {
      if (!cancelled) setRecord(isStorageFullRecord(value) ? value : null);
    };
    void area
      .get(STORAGE_FULL_KEY)
      .then((stored) => take(stored[STORAGE_FULL_KEY]))
      .catch(() => undefined);
    const changed = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
      if (areaName === 'session' && STORAGE_FULL_KEY in changes) take(changes[STORAGE_FULL_KEY]?.newValue);
    };
    browser.storage.onChanged.addListener(changed);
    return () => {
      cancelled = true;
      browser.storage.onChanged.removeListener(changed);
    };
  }, []);
  return record && sessionId != null && record.sessionId === sessionId ? record : null;
}
