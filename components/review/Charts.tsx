import type { Valence } from '@/lib/annotations/types';
import { formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { emotionCurve } from '@/lib/journey/curve';
import { rankHurts } from '@/lib/journey/hurts';
import type { JourneyMap } from '@/lib/journey/map-types';
import { Face } from '../common/Face';
import { VALENCE_KEYS } from '../common/labels';
import { valenceY } from './EmotionCurve';

/** Time per stage as horizontal bars (SVG), every stage shown, empty ones included. */
export function TimePerStage({ map }: { map: JourneyMap }) {
  const rows = map.metrics.perStage;
  const longest = Math.max(1, ...rows.map((row) => row.durationMs));
  const name = (id: string) => map.stages.find((stage) => stage.id === id)?.name ?? id;
  const rowHeight = 24;
  return (
    <figure class="chart">
      <figcaption>{t('chartTimePerStage')}</figcaption>
      <svg width="100%" height={rows.length * rowHeight} viewBox={`0 0 400 ${rows.length * rowHeight}`} role="img" aria-label={t('chartTimePerStage')}>
        {rows.map((row, i) => (
          <g key={row.stageId} transform={`translate(0,${i * rowHeight})`}>
            <text x={0} y={16} class="label">
              {name(row.stageId)}
            </text>
            <rect x={130} y={5} height={14} width={Math.max(row.durationMs > 0 ? 2 : 0, (row.durationMs / longest) * 200)} class="bar" />
            <text x={340} y={16} class="value">
              {formatDuration(row.durationMs)}
            </text>
          </g>
        ))}
      </svg>
      <table class="visually-hidden">
        <tbody>
          {rows.map((row) => (
            <tr key={row.stageId}>
              <th scope="row">{name(row.stageId)}</th>
              <td>{formatDuration(row.durationMs)}</td>
              <td>{row.steps}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The steps that hurt most, linked to their step view. */
export function WhereItHurts({ map, sessionId }: { map: JourneyMap; sessionId: string }) {
  const hurts = rankHurts(map);
  return (
    <figure class="chart">
      <figcaption>{t('chartWhereItHurts')}</figcaption>
      {hurts.length === 0 ? (
        <p class="hint">{t('hurtsEmpty')}</p>
      ) : (
        <ol class="hurts">
          {hurts.map((hurt) => (
            <li key={hurt.stepId}>
              <a href={`#/session/${encodeURIComponent(sessionId)}/step/${encodeURIComponent(hurt.stepId)}`}>
                {t('hurtsItem', { n: hurt.number, action: hurt.action })}
              </a>{' '}
              <span class="meta">
                {[
                  hurt.painPoints ? `${hurt.painPoints} ${t('lanePain').toLowerCase()}` : '',
                  hurt.signals ? `${hurt.signals} ⚑` : '',
                  hurt.valence != null && hurt.valence < 0 ? `${hurt.valence}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}

/** Faces are drawn on the whole-walk curve up to this many steps; beyond, dots keep it readable. */
const FACES_UP_TO = 40;

/**
 * The emotion curve of the whole walk at a glance (the map's lane shows only the steps in view): stages as
 * bands, a line only between neighbouring steps that both have an emotion, gaps where none was given.
 */
export function EmotionOverWalk({ map }: { map: JourneyMap }) {
  const steps = map.steps.filter((step) => !step.hidden);
  const curve = emotionCurve(steps);
  const width = 600;
  const height = 150;
  const left = 26;
  const span = Math.max(1, steps.length);
  const x = (position: number) => left + ((position + 0.5) / span) * (width - left);
  const y = (valence: number) => valenceY(valence, height, 16);
  const bands: { stageId: string | null; from: number; to: number }[] = [];
  for (const [position, step] of steps.entries()) {
    const band = bands[bands.length - 1];
    if (band && band.stageId === step.stageId) band.to = position;
    else bands.push({ stageId: step.stageId, from: position, to: position });
  }
  const stageName = (id: string | null) => map.stages.find((stage) => stage.id === id)?.name ?? '';
  const columnWidth = (width - left) / span;
  const faces = steps.length <= FACES_UP_TO;
  return (
    <figure class="chart emotion-chart">
      <figcaption>{t('chartEmotionCurve')}</figcaption>
      {curve.points.length === 0 ? (
        <p class="hint">{t('curveEmpty')}</p>
      ) : (
        <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('curveSummary', { tagged: curve.points.length, steps: steps.length })}>
          {bands.map((band, i) => (
            <g key={`${band.stageId}-${band.from}`} class={`band${i % 2 ? ' odd' : ''}`}>
              <rect x={left + band.from * columnWidth} y={0} width={(band.to - band.from + 1) * columnWidth} height={height} />
              {(band.to - band.from + 1) * columnWidth > 48 && (
                <text x={left + band.from * columnWidth + 4} y={11} class="band-name">
                  {stageName(band.stageId)}
                </text>
              )}
            </g>
          ))}
          {([2, 0, -2] as const).map((valence) => (
            <g key={valence}>
              <line x1={left} x2={width} y1={y(valence)} y2={y(valence)} class={valence === 0 ? 'axis zero' : 'axis'} />
              <g transform={`translate(2,${y(valence) - 8})`}>
                <Face valence={valence} size={16} />
              </g>
            </g>
          ))}
          <path d={curve.segments.map(([a, b]) => `M${x(a.position)},${y(a.valence)} L${x(b.position)},${y(b.valence)}`).join(' ')} class="line" />
          {curve.points.map((point) =>
            faces ? (
              <g key={point.stepId} transform={`translate(${x(point.position) - 8},${y(point.valence) - 8})`}>
                <Face valence={point.valence as Valence} size={16} />
              </g>
            ) : (
              <circle key={point.stepId} cx={x(point.position)} cy={y(point.valence)} r={2.5} class={`dot v${point.valence}`} />
            ),
          )}
        </svg>
      )}
      <table class="visually-hidden">
        <tbody>
          {curve.points.map((point) => (
            <tr key={point.stepId}>
              <th scope="row">{t('hurtsItem', { n: point.position + 1, action: steps[point.position]?.action ?? '' })}</th>
              <td>{t(VALENCE_KEYS[point.valence as Valence])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
