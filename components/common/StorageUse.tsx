import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { type StorageUse, storageFigures, storageUse } from '@/lib/store/storage-use';

/**
 * What the extension really keeps on disk (events, screenshots, blurred copies, edits: the whole origin) and
 * what the browser still allows, read again whenever `trigger` changes (the list of walks, say). Null where
 * the browser does not say.
 */
export function useStorageUse(trigger: unknown): StorageUse | null {
  const [use, setUse] = useState<StorageUse | null>(null);
  useEffect(() => {
    let cancelled = false;
    void navigator.storage
      ?.estimate()
      .then((estimate) => {
        if (!cancelled) setUse(storageUse(estimate));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [trigger]);
  return use;
}

/** The warning shown from STORAGE_WARNING_RATIO on: how full, and what to do before a walk pauses for it. */
export function StorageWarning({ use }: { use: StorageUse | null }) {
  if (use?.level !== 'warning') return null;
  return (
    <p class="storage-warning" role="status">
      {t('storageWarning', { percent: storageFigures(use).percent })}
    </p>
  );
}
