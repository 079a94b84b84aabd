import type { Valence } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';
import type { MapStep } from '@/lib/journey/map-types';
import { Face } from '../common/Face';
import { VALENCE_KEYS } from '../common/labels';

/** Vertical position of a valence in a lane of `height` px (+2 at the top). */
export function valenceY(valence: number, height: number, pad = 14): number {
  return pad + ((2 - valence) / 4) * (height - 2 * pad);
}

/**
 * The emotion curve over a window of steps: a line only between neighbouring steps that both have an
 * emotion, so missing emotions show as gaps, never as invented values; a face on each tagged step.
 */
export function EmotionCurve({ steps, first, columnWidth, height }: { steps: readonly MapStep[]; first: number; columnWidth: number; height: number }) {
  const x = (index: number) => (index - first) * columnWidth + columnWidth / 2;
  const segments: string[] = [];
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1];
    const b = steps[i];
    if (a?.emotion && b?.emotion) segments.push(`M${x(a.index)},${valenceY(a.emotion.valence, height)} L${x(b.index)},${valenceY(b.emotion.valence, height)}`);
  }
  const width = steps.length * columnWidth;
  return (
    <svg class="curve" width={width} height={height} role="img" aria-label={t('laneEmotion')}>
      {[2, 0, -2].map((valence) => (
        <line key={valence} x1={0} x2={width} y1={valenceY(valence, height)} y2={valenceY(valence, height)} class={valence === 0 ? 'axis zero' : 'axis'} />
      ))}
      <path d={segments.join(' ')} class="line" />
      {steps.map((step) =>
        step.emotion ? (
          <g key={step.id} transform={`translate(${x(step.index) - 11},${valenceY(step.emotion.valence, height) - 11})`}>
            <title>{`${step.index + 1}. ${t(VALENCE_KEYS[step.emotion.valence as Valence])}${step.emotion.label ? ` · ${step.emotion.label}` : ''}`}</title>
            <Face valence={step.emotion.valence as Valence} size={22} />
          </g>
        ) : null,
      )}
    </svg>
  );
}
