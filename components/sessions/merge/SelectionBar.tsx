import { t } from '@/lib/i18n';
import { routeOf } from './journeys';

/** Merge (two or more selected sessions) and Compare (exactly two), with how many are selected. */
export function SelectionBar({ selected }: { selected: readonly string[] }) {
  const count = selected.length;
  return (
    <div class="row selection-bar" role="group" aria-label={t('merge.hint')}>
      <span class="hint" aria-live="polite">
        {count > 0 ? t('merge.selected', { count }) : t('merge.hint')}
      </span>
      <button type="button" disabled={count < 2} onClick={() => (location.hash = routeOf('merge', selected))}>
        {t('merge.merge')}
      </button>
      <button type="button" disabled={count !== 2} onClick={() => (location.hash = routeOf('compare', selected))}>
        {t('merge.compare')}
      </button>
    </div>
  );
}
