import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { type AlwaysBlurMap, isAlwaysBlurMap } from '@/lib/privacy/always-blur';
import { readDatabase } from '@/lib/store/reads';
import { ALWAYS_BLUR, readSetting } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';
import type { Run } from '../common/useRun';

/** The elements hidden in every screenshot of each site ("Always blur…" in the page toolbar), each removable. */
export function AlwaysBlurList({ run }: { run: Run }) {
  const map = useLiveQuery(() => readSetting<AlwaysBlurMap>(readDatabase(), ALWAYS_BLUR, {}, isAlwaysBlurMap), []);
  const sites = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section class="always-blur" aria-labelledby="always-blur-heading">
      <h2 id="always-blur-heading">{t('alwaysBlurHeading')}</h2>
      <p class="hint">{t('alwaysBlurIntro')}</p>
      {map !== undefined && sites.length === 0 && <p class="hint">{t('alwaysBlurNone')}</p>}
      {sites.map(([origin, selectors]) => (
        <div key={origin} class="always-blur-site">
          <h3>{origin}</h3>
          <ul>
            {selectors.map((selector) => (
              <li key={selector}>
                <code>{selector}</code>{' '}
                <button
                  type="button"
                  aria-label={t('alwaysBlurRemove', { selector, site: origin })}
                  onClick={() => void run(() => sendToBackground('privacy/always-blur-remove', { origin, selector }))}
                >
                  {t('alwaysBlurRemoveShort')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
