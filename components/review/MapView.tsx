import { useEffect, useState } from 'preact/hooks';
import { checklistScores } from '@/lib/annotations/checklist';
import { formatDateTime, formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import type { StepEdit } from '@/lib/store/records';
import { useRun } from '../common/useRun';
import { ExportButton } from '../sessions/ExportButton';
import { EmotionOverWalk, TimePerStage, WhereItHurts } from './Charts';
import { CompareWith } from './CompareWith';
import { HiddenSteps } from './HiddenSteps';
import { JourneyGrid } from './JourneyGrid';
import { RecordingGaps } from './RecordingGaps';
import { ThresholdSettings } from './ThresholdSettings';
import { reviewHistory, UndoButtons } from './UndoButtons';
import { useJourneyMap } from './useJourneyMap';
import { useBundleVerification, VerificationReport, VerifyButton } from './VerifyBundle';

/** The review of one walk: who and why, the numbers, where it hurts, and the map itself. */
export function MapView({ sessionId }: { sessionId: string }) {
  const data = useJourneyMap(sessionId);
  const { error, run } = useRun();
  const print = usePrint();
  const verification = useBundleVerification();
  if (data === undefined) return null;
  if (data === null) {
    return (
      <main class="page">
        <a href="#/">{t('back')}</a>
        <p class="message error" role="alert">
          {t('sessionNotFound')}
        </p>
      </main>
    );
  }
  const { session, map } = data;
  const mapEdit = (edit: StepEdit) =>
    run(async () => {
      await sendToBackground('map/edit', { id: crypto.randomUUID(), sessionId, author: 'tester', edit });
      reviewHistory(sessionId).record({ kind: 'map-edit' });
    });
  const decide = (signalId: string, decision: 'accepted' | 'dismissed' | null) => mapEdit({ kind: 'signal', signalId, decision });
  const moveToStage = (stepId: string, stageId: string) => mapEdit({ kind: 'stage', stepId, stageId });
  const showStep = (stepId: string) => mapEdit({ kind: 'hide', stepId, hidden: false });
  const metrics = map.metrics;
  const scores = session.checklist ? checklistScores(session.checklist, data.answers, session.stages) : null;
  const score = scores?.overall ?? null;
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
          <UndoButtons sessionId={sessionId} storedUndo={data.canUndo} storedRedo={data.canRedo} run={run} />
          <a href={`/sidepanel.html?session=${encodeURIComponent(session.id)}`} target="_blank" rel="noreferrer">
            {t('annotateWalk')}
          </a>
          <button type="button" onClick={print.start} disabled={print.progress != null}>
            {t('printMap')}
          </button>
          <ExportButton session={session} />
          <VerifyButton verification={verification} />
        </div>
      </header>
      <VerificationReport verification={verification} />
      {print.progress && print.progress.mode === 'prepared' && (
        <p class="message no-print" role="status">
          {t('printPreparing', { ready: print.progress.ready, total: print.progress.total })}
        </p>
      )}
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
        <EmotionOverWalk map={map} />
        <WhereItHurts map={map} sessionId={sessionId} />
      </div>
      <h2>{t('mapHeading')}</h2>
      <RecordingGaps map={map} />
      <HiddenSteps map={map} sessionId={sessionId} onShow={(stepId) => void showStep(stepId)} />
      <JourneyGrid
        map={map}
        sessionId={sessionId}
        scores={scores?.perStage ?? []}
        onDecide={(signalId, decision) => void decide(signalId, decision)}
        onMoveToStage={(stepId, stageId) => void moveToStage(stepId, stageId)}
        printing={print.progress != null}
        onPrintProgress={print.onProgress}
        locale={data.locale}
      />
      <CompareWith session={session} />
    </main>
  );
}

type PrintProgress = { mode: 'prepared' | 'browser'; ready: number; total: number };

/**
 * Printing the map. The Print button (and Ctrl+P / ⌘P) first draws every column and loads every screenshot,
 * showing progress, then opens the browser's print dialog. A print started from the browser's menu gets
 * every column too (drawn before the page is laid out for print), with the screenshots already loaded.
 */
function usePrint() {
  const [progress, setProgress] = useState<PrintProgress | null>(null);
  const start = () => setProgress((current) => current ?? { mode: 'prepared', ready: 0, total: 0 });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        start();
      }
    };
    const before = () => setProgress((current) => current ?? { mode: 'browser', ready: 0, total: 0 });
    const after = () => setProgress((current) => (current?.mode === 'browser' ? null : current));
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  const onProgress = (next: { ready: number; total: number; done: boolean }) => {
    setProgress((current) => (current?.mode === 'prepared' ? { ...current, ready: next.ready, total: next.total } : current));
    if (next.done && progress?.mode === 'prepared') {
      window.print();
      setProgress(null);
    }
  };
  return { progress, start, onProgress };
}
