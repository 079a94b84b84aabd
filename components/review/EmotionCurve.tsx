import type { Valence } from '@/lib/annotations/types';
import { type Locale, t } from '@/lib/i18n';
import { emotionLabelText } from '@/lib/i18n/session-locale';
import { emotionCurve } from '@/lib/journey/curve';
import type { MapStep } from '@/lib/journey/map-types';
import { Face } from '../common/Face';
import { VALENCE_KEYS } from '../common/labels';

/** Vertical position of a valence in a lane of `height` px (+2 at the top). */
export function valenceY(valence: number, height: number, pad = 14): number {
  return pad + ((2 - valence) / 4) * (height - 2 * pad);
}

/**
 * The emotion curve over the map's window of steps (`number` is each step's number on the map): a line
 * only between neighbouring steps that both have an emotion, a face on each tagged step. Its words are the
 * map's, in the walk's `locale`.
 */
export function EmotionCurve({
  steps,
  columnWidth,
  height,
  locale,
}: {
  steps: readonly (MapStep & { number: number })[];
  columnWidth: number;
  height: number;
  locale?: Locale;
}) {
  const curve = emotionCurve(steps);
  const x = (position: number) => position * columnWidth + columnWidth / 2;
  const y = (valence: number) => valenceY(valence, height);
  const width = steps.length * columnWidth;
  return (
    <svg class="curve" width={width} height={height} role="img" aria-label={t('laneEmotion')}>
      {[2, 0, -2].map((valence) => (
        <line key={valence} x1={0} x2={width} y1={y(valence)} y2={y(valence)} class={valence === 0 ? 'axis zero' : 'axis'} />
      ))}
      <path d={curve.segments.map(([a, b]) => `M${x(a.position)},${y(a.valence)} L${x(b.position)},${y(b.valence)}`).join(' ')} class="line" />
      {curve.points.map((point) => (
        <g key={point.stepId} transform={`translate(${x(point.position) - 11},${y(point.valence) - 11})`}>
          <title>{`${steps[point.position]?.number}. ${t(VALENCE_KEYS[point.valence as Valence], {}, locale)}${point.label ? ` · ${emotionLabelText(point.label, locale)}` : ''}`}</title>
          <Face valence={point.valence as Valence} size={22} />
        </g>
      ))}
    </svg>
  );
}
