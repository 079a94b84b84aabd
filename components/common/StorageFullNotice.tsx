import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';

/** What a walk paused for a full disk tells the tester: why nothing is recorded, and what to do about it. */
export function StorageFullNotice() {
  return (
    <div class="storage-full" role="alert">
      <p>{t('storageFullMessage')}</p>
      <a href={browser.runtime.getURL('/sessions.html')} target="_blank" rel="noreferrer">
        {t('storageFullDeleteWalks')}
      </a>
    </div>
  );
}
