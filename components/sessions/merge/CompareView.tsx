import { useMemo } from 'preact/hooks';
import { currentLocale, t } from '@/lib/i18n';
import { compareWalks, type WalkComparison } from '@/lib/journey/compare/compare';
import { sideText, signedNumber, stageText, stepDifference, stepDiffers, summaryLines, walkLabel } from '@/lib/journey/compare/compare-text';
import type { LoadedWalk } from './journeys';
import { useWalks } from './useWalks';

/** `#/compare/<a>,<b>`: two walks side by side, matched steps in one row, differences marked. */
export function CompareView({ ids }: { ids: readonly string[] }) {
  return (
    <main class="page compare-view">
      <p>
        <a href="#/">{t('merge.back')}</a>
      </p>
      <h1>{t('compare.title')}</h1>
      <LoadedComparison ids={ids.slice(0, 2)} headingLevel={2} />
    </main>
  );
}

/**
 * Reads two walks (with progress) and shows them compared: the sessions page's Compare and the review page's
 * "Compare with another walk" both use it. `headingLevel` fits its headings under the page's own.
 */
export function LoadedComparison({ ids, headingLevel }: { ids: readonly string[]; headingLevel: 2 | 3 }) {
  const state = useWalks(ids);
  if (state.status === 'loading')
    return (
      <p role="status">
        {t('merge.loading', { done: state.done, total: state.total })}{' '}
        <progress max={state.total} value={state.done} aria-label={t('merge.loading', { done: state.done, total: state.total })} />
      </p>
    );
  if (state.status === 'error')
    return (
      <p class="message error" role="alert">
        {state.message}
      </p>
    );
  return <ComparedWalks walks={state.walks} headingLevel={headingLevel} />;
}

function ComparedWalks({ walks, headingLevel }: { walks: LoadedWalk[]; headingLevel: 2 | 3 }) {
  const [a, b] = walks as [LoadedWalk, LoadedWalk];
  const comparison = useMemo(() => compareWalks(a.journey, b.journey), [a, b]);
  return <Comparison comparison={comparison} headingLevel={headingLevel} />;
}

/** One comparison (lib/journey/compare): the summary, the stages, the steps side by side, signals and pain points. */
export function Comparison({ comparison, headingLevel }: { comparison: WalkComparison; headingLevel: 2 | 3 | 4 }) {
  const locale = currentLocale();
  const Heading = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'h4';
  const id = `compare-${comparison.a.id}-${comparison.b.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <div class="comparison">
      <ul class="compare-summary" data-compare-summary>
        <li>A: {walkLabel(comparison.a, locale)}</li>
        <li>B: {walkLabel(comparison.b, locale)}</li>
        {summaryLines(comparison, locale).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <table class="compare-stages">
        <caption>{t('compare.stagesHeading')}</caption>
        <tbody>
          {comparison.stages.map((stage) => (
            <tr key={stage.key} data-stage-key={stage.key}>
              <th scope="row">{stage.name || t('bundle.noStage')}</th>
              <td>{stageText(stage, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="compare-steps">
        <caption>{t('compare.stepsHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('merge.stage')}</th>
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col">{t('compare.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {comparison.steps.map((step, index) => (
            <tr key={index} data-status={step.status} class={step.status === 'matched' ? (stepDiffers(step) ? 'differs' : undefined) : 'only'}>
              <td>{step.stageName || t('bundle.noStage')}</td>
              <td>{sideText(step.a, locale)}</td>
              <td>{sideText(step.b, locale)}</td>
              <td>{stepDifference(step, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.signals.length > 0 && (
        <section aria-labelledby={`${id}-signals`}>
          <Heading id={`${id}-signals`}>{t('compare.signalsHeading')}</Heading>
          <ul data-compare-signals>
            {comparison.signals.map((signal) => (
              <li key={signal.type}>{`${signal.type}: ${signal.a} / ${signal.b} (${signedNumber(signal.delta)})`}</li>
            ))}
          </ul>
        </section>
      )}
      {comparison.painPoints.length > 0 && (
        <section aria-labelledby={`${id}-pain`}>
          <Heading id={`${id}-pain`}>{t('compare.painHeading')}</Heading>
          <ul data-compare-pain>
            {comparison.painPoints.map((pain) => (
              <li key={pain.text}>{`${pain.text}: ${pain.a} / ${pain.b}`}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
