import { useMemo } from 'preact/hooks';
import { formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { type ComparedStep, compareWalks } from '@/lib/journey/compare/compare';
import { signedDuration, signedNumber } from '@/lib/journey/compare/compare-text';
import type { LoadedWalk } from './journeys';
import { useWalks } from './useWalks';

/** `#/compare/<a>,<b>`: two walks side by side, matched steps in one row, differences marked. */
export function CompareView({ ids }: { ids: readonly string[] }) {
  const state = useWalks(ids.slice(0, 2));
  return (
    <main class="page compare-view">
      <p>
        <a href="#/">{t('merge.back')}</a>
      </p>
      <h1>{t('compare.title')}</h1>
      {state.status === 'loading' && (
        <p role="status">
          {t('merge.loading', { done: state.done, total: state.total })} <progress max={state.total} value={state.done} />
        </p>
      )}
      {state.status === 'error' && (
        <p class="message error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && <Comparison walks={state.walks} />}
    </main>
  );
}

function valence(value: number | null): string {
  return value == null ? '–' : value > 0 ? `+${value}` : String(value);
}

function Comparison({ walks }: { walks: LoadedWalk[] }) {
  const [a, b] = walks as [LoadedWalk, LoadedWalk];
  const comparison = useMemo(() => compareWalks(a.journey, b.journey), [a, b]);
  const { totals } = comparison;
  const walk = (side: typeof comparison.a) =>
    t('compare.walk', { title: side.title || side.id, persona: side.persona || '–', date: side.startedAt.slice(0, 10) });
  return (
    <>
      <ul class="compare-summary" data-compare-summary>
        <li>A: {walk(comparison.a)}</li>
        <li>B: {walk(comparison.b)}</li>
        <li>{t('compare.stepsLine', { a: comparison.a.steps, b: comparison.b.steps, matched: totals.matched, onlyA: totals.onlyA, onlyB: totals.onlyB })}</li>
        <li>
          {t('compare.timeLine', {
            a: formatDuration(comparison.a.durationMs),
            b: formatDuration(comparison.b.durationMs),
            delta: signedDuration(totals.durationDeltaMs),
          })}
        </li>
        <li>
          {t('compare.emotionLine', { a: valence(comparison.a.emotion.mean), b: valence(comparison.b.emotion.mean), delta: signedNumber(totals.emotionDelta) })}
        </li>
      </ul>
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
            <tr key={index} data-status={step.status} class={step.status === 'matched' ? (differs(step) ? 'differs' : undefined) : 'only'}>
              <td>{step.stageName || t('bundle.noStage')}</td>
              <td>{step.a ? `${step.a.action} · ${formatDuration(step.a.durationMs)} · ${valence(step.a.valence)}` : '—'}</td>
              <td>{step.b ? `${step.b.action} · ${formatDuration(step.b.durationMs)} · ${valence(step.b.valence)}` : '—'}</td>
              <td>{difference(step)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.signals.length > 0 && (
        <section aria-labelledby="compare-signals">
          <h2 id="compare-signals">{t('compare.signalsHeading')}</h2>
          <ul>
            {comparison.signals.map((signal) => (
              <li key={signal.type}>{`${signal.type}: ${signal.a} / ${signal.b} (${signedNumber(signal.delta)})`}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function differs(step: ComparedStep): boolean {
  return (step.valenceDelta ?? 0) !== 0 || Math.abs(step.durationDeltaMs ?? 0) >= 1000;
}

function difference(step: ComparedStep): string {
  if (step.status === 'only-a') return t('compare.onlyA');
  if (step.status === 'only-b') return t('compare.onlyB');
  const parts = [signedDuration(step.durationDeltaMs ?? 0)];
  if (step.a?.valence !== step.b?.valence) parts.push(t('compare.emotionChange', { a: valence(step.a?.valence ?? null), b: valence(step.b?.valence ?? null) }));
  return parts.join(' · ');
}
