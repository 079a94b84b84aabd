import type { Locale } from '../../i18n';
import { t } from '../../i18n';
import type { MergedJourney } from '../../journey/merge/types';
import { csvField, lane } from '../formats/steps-csv';

/** The merged bundle's `steps.csv`: one row per aligned step, with its statistics over the walks that have it. */
export const MERGED_CSV_COLUMNS = [
  'stage_order',
  'stage',
  'step_order',
  'page',
  'action',
  'walks',
  'of_walks',
  'emotion_count',
  'emotion_mean',
  'emotion_median',
  'emotion_min',
  'emotion_max',
  'duration_median_ms',
  'duration_min_ms',
  'duration_max_ms',
  'pain_points',
  'signals',
  'screenshot_file',
] as const;

type Cell = string | number | null;

/** A tally as "text (walks/of)": "Slow page (2/3)". */
function tallies(items: readonly { text: string; walks: number }[], of: number): string {
  return lane(items.map((item) => `${item.text} (${item.walks}/${of})`));
}

export function writeMergedCsv(merged: MergedJourney, locale: Locale = 'en'): string {
  const of = merged.walks.length;
  const rows: Cell[][] = [];
  let position = 0;
  for (const stage of merged.stages) {
    const stageOrder = stage.key === '' ? 0 : ++position;
    const name = stage.key === '' ? t('bundle.noStage', {}, locale) : stage.name;
    for (const step of stage.steps) {
      rows.push([
        stageOrder,
        name,
        step.order,
        step.page,
        step.action,
        step.walks,
        of,
        step.emotion.count,
        step.emotion.mean,
        step.emotion.median,
        step.emotion.min,
        step.emotion.max,
        step.durationMs.median,
        step.durationMs.min,
        step.durationMs.max,
        tallies(step.painPoints, of),
        tallies(step.signals, of),
        step.screenshot,
      ]);
    }
  }
  const lines = [MERGED_CSV_COLUMNS as readonly Cell[], ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}
