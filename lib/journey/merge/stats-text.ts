import { type Locale, t } from '../../i18n';
import type { Summary } from './stats';

function signed(value: number | null): string {
  return value == null ? '–' : value > 0 ? `+${value}` : String(value);
}

/** An emotion summary as the merged map writes it: "mean +0.17 · median +0.5 · min -2 · max +2", or "–". */
export function emotionSummaryText(summary: Summary, locale: Locale): string {
  if (summary.count === 0) return '–';
  return [
    `${t('merge.mean', {}, locale)} ${signed(summary.mean)}`,
    `${t('merge.median', {}, locale)} ${signed(summary.median)}`,
    `${t('merge.min', {}, locale)} ${signed(summary.min)}`,
    `${t('merge.max', {}, locale)} ${signed(summary.max)}`,
  ].join(' · ');
}
