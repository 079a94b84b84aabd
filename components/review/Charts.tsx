import { formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { rankHurts } from '@/lib/journey/hurts';
import type { JourneyMap } from '@/lib/journey/map-types';

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
                {t('hurtsItem', { n: hurt.index + 1, action: hurt.action })}
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
