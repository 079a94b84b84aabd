import { useMemo, useRef, useState } from 'preact/hooks';
import { type MergedBundleInput, mergeWalks } from '@/lib/bundle/merged/merge-walks';
import { mergedFileName, writeMergedBundle } from '@/lib/bundle/merged/write-merged-bundle';
import { formatDuration } from '@/lib/format';
import { currentLocale, t } from '@/lib/i18n';
import { MergeError } from '@/lib/journey/merge/merge';
import type { Summary } from '@/lib/journey/merge/stats';
import { emotionSummaryText } from '@/lib/journey/merge/stats-text';
import type { MergedJourney, Tally } from '@/lib/journey/merge/types';
import { loadScreenshotForExport, readDatabase } from '@/lib/store/reads';
import { explain } from '../../common/errors';
import { saveBlob } from '../download';
import { Comparison } from './CompareView';
import type { LoadedWalk } from './journeys';
import { useWalks } from './useWalks';

/** `#/merge/<ids>`: the aggregate map of the selected walks, exportable as a merged bundle. */
export function MergeView({ ids }: { ids: readonly string[] }) {
  const state = useWalks(ids);
  return (
    <main class="page merge-view">
      <p>
        <a href="#/">{t('merge.back')}</a>
      </p>
      {state.status === 'loading' && (
        <p role="status">
          {t('merge.loading', { done: state.done, total: state.total })}{' '}
          <progress max={state.total} value={state.done} aria-label={t('merge.loading', { done: state.done, total: state.total })} />
        </p>
      )}
      {state.status === 'error' && (
        <p class="message error" role="alert">
          {t('merge.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && <Merged walks={state.walks} />}
    </main>
  );
}

function Merged({ walks }: { walks: LoadedWalk[] }) {
  const result = useMemo(() => {
    try {
      return {
        input: mergeWalks(
          walks.map((walk) => walk.journey),
          { locale: currentLocale() },
        ),
      };
    } catch (error) {
      if (error instanceof MergeError && error.code === 'different-sites') return { error: t('merge.differentSites', { detail: error.detail }) };
      return { error: explain(error) };
    }
  }, [walks]);
  if (!result.input)
    return (
      <p class="message error" role="alert">
        {t('merge.failed', { message: result.error ?? '' })}
      </p>
    );
  const input = result.input;
  const merged = input.merged;
  const of = merged.walks.length;
  return (
    <>
      <header class="page-header">
        <h1>{t('merge.title', { title: merged.title })}</h1>
        <p class="hint" data-merge-summary>
          {t('merge.summary', { walks: of, stages: merged.stages.length, steps: merged.totals.alignedSteps })}
        </p>
        <MergeExport input={input} walks={walks} />
      </header>
      <section aria-labelledby="merge-walks">
        <h2 id="merge-walks">{t('merge.walks')}</h2>
        <ol class="merge-walks">
          {merged.walks.map((walk) => (
            <li key={walk.id} data-walk-id={walk.id}>
              <a href={`#/session/${encodeURIComponent(walk.id)}`}>{walk.title}</a>
              {` · ${t('merge.walkLine', { persona: walk.persona || '–', date: walk.startedAt.slice(0, 10), steps: walk.steps })}`}
            </li>
          ))}
        </ol>
      </section>
      {merged.stages.map((stage) => (
        <section key={stage.key} class="merge-stage" data-stage-key={stage.key} aria-labelledby={`stage-${stage.key || 'none'}`}>
          <h2 id={`stage-${stage.key || 'none'}`}>
            {stage.name || t('bundle.noStage')} <span class="hint">{t('merge.stageWalks', { walks: stage.walks, of })}</span>
          </h2>
          <dl class="merge-stats">
            <dt>{t('merge.emotion')}</dt>
            <dd data-emotion>
              <EmotionStats summary={stage.emotion} />
            </dd>
            <dt>{t('merge.medianTime')}</dt>
            <dd data-median-time>{formatDuration(stage.durationMs.median)}</dd>
            <dt>{t('merge.painPoints')}</dt>
            <dd data-pain-points>
              <Tallies items={stage.painPoints} of={of} />
            </dd>
            <dt>{t('merge.signals')}</dt>
            <dd data-signals>
              <Tallies items={stage.signals} of={of} />
            </dd>
          </dl>
          <table class="merge-steps">
            <caption>{t('merge.steps')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('compare.step')}</th>
                <th scope="col">{t('merge.walks')}</th>
                <th scope="col">{t('merge.emotion')}</th>
                <th scope="col">{t('merge.medianTime')}</th>
              </tr>
            </thead>
            <tbody>
              {stage.steps.map((step) => (
                <tr key={step.order} data-aligned-step={step.order}>
                  <td class="number">{step.order}</td>
                  <th scope="row">
                    {step.action}
                    <div class="hint">{step.page}</div>
                  </th>
                  <td class="number">{`${step.walks}/${of}`}</td>
                  <td>
                    <EmotionStats summary={step.emotion} />
                  </td>
                  <td class="number">{formatDuration(step.durationMs.median)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {merged.checklist && <ChecklistScores merged={merged} />}
      <section aria-labelledby="merge-comparisons" data-merge-comparisons>
        <h2 id="merge-comparisons">{t('mergedHtml.comparisons', { title: merged.walks[0]?.title ?? '' })}</h2>
        {input.comparisons.comparisons.map(({ walk, comparison }) => (
          <details key={walk} data-comparison-walk={walk}>
            <summary>{t('mergedHtml.comparisonHeading', { b: comparison.b.title || comparison.b.id, a: comparison.a.title || comparison.a.id })}</summary>
            <Comparison comparison={comparison} headingLevel={3} />
          </details>
        ))}
      </section>
    </>
  );
}

function EmotionStats({ summary }: { summary: Summary }) {
  return <span>{emotionSummaryText(summary, currentLocale())}</span>;
}

function Tallies({ items, of }: { items: readonly Tally[]; of: number }) {
  if (items.length === 0) return <span>{t('merge.none')}</span>;
  return (
    <ul>
      {items.map((item) => (
        <li key={item.text}>
          {item.text} <span class="badge">{t('merge.met', { walks: item.walks, of })}</span>
        </li>
      ))}
    </ul>
  );
}

function ChecklistScores({ merged }: { merged: MergedJourney }) {
  const checklist = merged.checklist;
  if (!checklist) return null;
  const score = (value: number | null) => (value == null ? '–' : `${value}`);
  return (
    <section aria-labelledby="merge-checklist">
      <h2 id="merge-checklist">{t('merge.checklist')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('merge.stage')}</th>
            {merged.walks.map((walk) => (
              <th scope="col" key={walk.id}>
                {walk.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {checklist.perStage.map((stage) => (
            <tr key={stage.stageKey}>
              <th scope="row">{stage.name || t('bundle.noStage')}</th>
              {stage.scores.map((value, walk) => (
                <td class="number" key={merged.walks[walk]?.id}>
                  {score(value)}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('merge.overall')}</th>
            {checklist.overall.map((value, walk) => (
              <td class="number" key={merged.walks[walk]?.id}>
                {score(value)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** Export as a merged bundle, with progress and Cancel; the images are read one at a time. */
function MergeExport({ input, walks }: { input: MergedBundleInput; walks: LoadedWalk[] }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setOutcome(null);
    setProgress({ done: 0, total: 1 });
    try {
      const db = readDatabase();
      const { zip } = await writeMergedBundle(
        input,
        async (walk, path) => {
          const screenshotId = walks[walk]?.screenshotIds.get(path);
          return screenshotId ? loadScreenshotForExport(db, screenshotId) : null;
        },
        { locale: currentLocale(), signal: controller.signal, onProgress: ({ phase, done, total }) => phase === 'screenshots' && setProgress({ done, total }) },
      );
      const file = mergedFileName(input.merged);
      saveBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), file);
      setOutcome({ ok: true, text: t('exported', { file }) });
    } catch (error) {
      setOutcome(controller.signal.aborted ? { ok: true, text: t('merge.cancelled') } : { ok: false, text: explain(error) });
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };
  return (
    <div class="row export">
      <button type="button" onClick={start} disabled={progress !== null}>
        {t('merge.export')}
      </button>
      {progress && (
        <>
          <progress max={progress.total} value={progress.done} aria-label={t('merge.exporting', progress)} />
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('merge.cancel')}
          </button>
        </>
      )}
      <span role="status" class={outcome && !outcome.ok ? 'message error' : 'hint'}>
        {outcome?.text}
      </span>
    </div>
  );
}
