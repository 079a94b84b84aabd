import { useMemo, useState } from 'preact/hooks';
import type { StageScore } from '@/lib/annotations/checklist';
import { formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import type { JourneyMap, MapStep } from '@/lib/journey/map-types';
import { STEP_DRAG_TYPE } from './drag';

/**
 * Every stage of the walk in order, those without steps included: its steps, time and checklist score. A
 * stage jumps the map to its first step; it is also where a step dragged from the map can be dropped, so a
 * step can go to a stage far away or still empty.
 */
export function StageOverview({
  map,
  scores,
  onJump,
  onMoveToStage,
}: {
  map: JourneyMap;
  scores: readonly StageScore[];
  onJump: (stepId: string) => void;
  onMoveToStage: (stepId: string, stageId: string) => void;
}) {
  const [over, setOver] = useState<string | null>(null);
  // Once per map: the map's window re-renders this on every scroll.
  const stepsOf = useMemo(() => {
    const byStage = new Map<string | null, MapStep[]>();
    for (const step of map.steps) {
      if (step.hidden) continue;
      const list = byStage.get(step.stageId);
      if (list) list.push(step);
      else byStage.set(step.stageId, [step]);
    }
    return byStage;
  }, [map]);
  const ordered = [...map.stages].sort((a, b) => a.order - b.order);
  return (
    <ol class="stage-overview" aria-label={t('stagesHeading')}>
      {ordered.map((stage) => {
        const steps = stepsOf.get(stage.id) ?? [];
        const durationMs = map.metrics.perStage.find((row) => row.stageId === stage.id)?.durationMs ?? 0;
        const score = scores.find((row) => row.stageId === stage.id);
        const first = steps[0];
        const carries = (event: DragEvent) => (event.dataTransfer?.types ?? []).includes(STEP_DRAG_TYPE);
        return (
          <li
            key={stage.id}
            class={`stage-card${steps.length === 0 ? ' empty' : ''}${over === stage.id ? ' drop-target' : ''}`}
            data-stage={stage.id}
            onDragOver={(event) => {
              if (!carries(event)) return;
              event.preventDefault();
              setOver(stage.id);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(event) => {
              setOver(null);
              const stepId = event.dataTransfer?.getData(STEP_DRAG_TYPE);
              if (!stepId) return;
              event.preventDefault();
              if (map.steps.find((step) => step.id === stepId)?.stageId !== stage.id) onMoveToStage(stepId, stage.id);
            }}
          >
            {first ? (
              <button type="button" class="link stage-name" onClick={() => onJump(first.id)} title={t('stageJump')}>
                {stage.name}
              </button>
            ) : (
              <span class="stage-name">{stage.name}</span>
            )}
            <span class="meta">{steps.length === 0 ? t('stageNoSteps') : t('stageSteps', { count: steps.length, time: formatDuration(durationMs) })}</span>
            {score && (
              <span class="meta">
                {score.score != null
                  ? t('stageScore', { score: score.score, answered: score.answered, total: score.total })
                  : t('stageScoreNone', { answered: score.answered, total: score.total })}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
