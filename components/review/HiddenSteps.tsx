import { t } from '@/lib/i18n';
import type { JourneyMap } from '@/lib/journey/map-types';

/** The steps the tester hid from the map, each with the way back onto it. */
export function HiddenSteps({ map, sessionId, onShow }: { map: JourneyMap; sessionId: string; onShow: (stepId: string) => void }) {
  const hidden = map.steps.filter((step) => step.hidden);
  if (hidden.length === 0) return null;
  return (
    <details class="hidden-steps no-print">
      <summary>{t('hiddenSteps', { count: hidden.length })}</summary>
      <ul>
        {hidden.map((step) => (
          <li key={step.id}>
            <a href={`#/session/${encodeURIComponent(sessionId)}/step/${encodeURIComponent(step.id)}`}>{step.action}</a>{' '}
            <button type="button" class="link" onClick={() => onShow(step.id)} aria-label={t('stepShowNamed', { action: step.action })}>
              {t('stepShow')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
