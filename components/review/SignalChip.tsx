import { type MessageKey, t } from '@/lib/i18n';
import type { FrictionSignal } from '@/lib/journey/map-types';

/** A detected friction signal: a suggested pain point the tester accepts or dismisses (and can undo). */
export function SignalChip({ signal, onDecide }: { signal: FrictionSignal; onDecide: (signalId: string, decision: 'accepted' | 'dismissed' | null) => void }) {
  const name = t(`signal.${signal.type}` as MessageKey);
  return (
    <div class={`signal ${signal.decision ?? 'open'}`} data-signal={signal.type}>
      <span class="signal-name" title={signal.description}>
        ⚑ {name}
      </span>
      {signal.decision === null ? (
        <span class="signal-actions">
          <button type="button" class="link" aria-label={t('signalAccept', { signal: name })} onClick={() => onDecide(signal.id, 'accepted')}>
            {t('accept')}
          </button>
          <button type="button" class="link" aria-label={t('signalDismiss', { signal: name })} onClick={() => onDecide(signal.id, 'dismissed')}>
            {t('dismiss')}
          </button>
        </span>
      ) : (
        <button type="button" class="link" aria-label={t('signalReopen', { signal: name })} onClick={() => onDecide(signal.id, null)}>
          {signal.decision === 'accepted' ? t('accepted') : t('dismissed')}
        </button>
      )}
    </div>
  );
}
