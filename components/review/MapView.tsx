import { useState } from 'preact/hooks';
import { checklistScores } from '@/lib/annotations/checklist';
import { formatDateTime, formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { explain } from '../common/errors';
import { ExportButton } from '../sessions/ExportButton';
import { TimePerStage, WhereItHurts } from './Charts';
import { JourneyGrid } from './JourneyGrid';
import { ThresholdSettings } from './ThresholdSettings';
import { useJourneyMap } from './useJourneyMap';

/** The review of one walk: who and why, the numbers, where it hurts, and the map itself. */
export function MapView({ sessionId }: { sessionId: string }) {
  const data = useJourneyMap(sessionId);
  const [error, setError] = useState<string | null>(null);
  if (data === undefined) return null;
  if (data === null) {
    return (
      <main class="page">
        <a href="#/">{t('back')}</a>
        <p class="message error">{t('errorGeneric', { message: sessionId })}</p>
      </main>
    );
  }
  const { session, map } = data;
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(explain(failure));
    }
  };
  const decide = (signalId: string, decision: 'accepted' | 'dismissed' | null) =>
    run(() => sendToBackground('map/edit', { id: crypto.randomUUID(), sessionId, author: 'tester', edit: { kind: 'signal', signalId, decision } }));
  const moveToStage = (stepId: string, stageId: string) =>
    run(() => sendToBackground('map/edit', { id: crypto.randomUUID(), sessionId, author: 'tester', edit: { kind: 'stage', stepId, stageId } }));
  const hidden = map.steps.filter((step) => step.hidden).length;
  const metrics = map.metrics;
  const score = session.checklist ? checklistScores(session.checklist, data.answers, session.stages).overall : null;
  return (
    <main class="page review">
      <p class="no-print">
        <a href="#/">{t('back')}</a>
      </p>
      <header class="page-header">
        <div>
          <h1>{session.title}</h1>
          <p class="hint">
            {formatDateTime(session.startedAt)} · {session.startUrl}
          </p>
          <dl class="setup">
            {session.persona.name && (
              <>
                <dt>{t('fieldPersona')}</dt>
                <dd>{[session.persona.name, session.persona.description].filter(Boolean).join(' – ')}</dd>
              </>
            )}
            {session.scenario && (
              <>
                <dt>{t('fieldScenario')}</dt>
                <dd>{session.scenario}</dd>
              </>
            )}
            {session.goal && (
              <>
                <dt>{t('fieldGoal')}</dt>
                <dd>{session.goal}</dd>
              </>
            )}
            {session.expectations && (
              <>
                <dt>{t('fieldExpectations')}</dt>
                <dd>{session.expectations}</dd>
              </>
            )}
          </dl>
        </div>
        <div class="actions no-print">
          <button type="button" disabled={!data.canUndo} onClick={() => void run(() => sendToBackground('map/undo', { sessionId }))}>
            {t('undoEdit')}
          </button>
          <button type="button" disabled={!data.canRedo} onClick={() => void run(() => sendToBackground('map/redo', { sessionId }))}>
            {t('redoEdit')}
          </button>
          <a href={`/sidepanel.html?session=${encodeURIComponent(session.id)}`} target="_blank" rel="noreferrer">
            {t('annotateWalk')}
          </a>
          <ExportButton session={session} />
        </div>
      </header>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      <section class="metrics" aria-label={t('metricsHeading')}>
        <dl>
          <div>
            <dt>{t('metricDuration')}</dt>
            <dd>{formatDuration(metrics.durationMs)}</dd>
          </div>
          <div>
            <dt>{t('metricSteps')}</dt>
            <dd>{metrics.steps}</dd>
          </div>
          <div>
            <dt>{t('metricClicks')}</dt>
            <dd>{metrics.clicks}</dd>
          </div>
          <div>
            <dt>{t('metricPages')}</dt>
            <dd>{metrics.pages}</dd>
          </div>
          <div>
            <dt>{t('metricBacktracks')}</dt>
            <dd>{metrics.backtracks}</dd>
          </div>
          <div>
            <dt>{t('metricHesitations')}</dt>
            <dd>{metrics.hesitations}</dd>
          </div>
          {score != null && (
            <div>
              <dt>{t('metricChecklist')}</dt>
              <dd>{score}%</dd>
            </div>
          )}
        </dl>
      </section>
      <ThresholdSettings />
      <div class="charts">
        <TimePerStage map={map} />
        <WhereItHurts map={map} sessionId={sessionId} />
      </div>
      <h2>
        {t('mapHeading')} {hidden > 0 && <span class="hint">({t('hiddenSteps', { count: hidden })})</span>}
      </h2>
      <JourneyGrid
        map={map}
        sessionId={sessionId}
        onDecide={(signalId, decision) => void decide(signalId, decision)}
        onMoveToStage={(stepId, stageId) => void moveToStage(stepId, stageId)}
      />
    </main>
  );
}
