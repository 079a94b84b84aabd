import { formatDuration } from '../../format';
import { type Locale, t } from '../../i18n';
import type { ComparedStage, ComparedStep, StepSide, WalkComparison } from './compare';

/** A signed difference: "+1.5 s", "−2 s", "±0". */
export function signedDuration(ms: number, locale?: Locale): string {
  if (ms === 0) return '±0';
  return `${ms > 0 ? '+' : '−'}${formatDuration(Math.abs(ms), locale)}`;
}

export function signedNumber(value: number | null): string {
  if (value == null) return '–';
  if (value === 0) return '±0';
  return `${value > 0 ? '+' : '−'}${Math.abs(value)}`;
}

/** A valence as the map writes it: "+2", "0", "-1", or "–" for none. */
export function valence(value: number | null): string {
  return value == null ? '–' : value > 0 ? `+${value}` : String(value);
}

/** "Shopper one (Ana, 2026-12-01)". */
export function walkLabel(side: WalkComparison['a'], locale: Locale): string {
  return t('compare.walk', { title: side.title || side.id, persona: side.persona || '–', date: side.startedAt.slice(0, 10) }, locale);
}

/** The comparison's three headline facts: steps matched, time and mean emotion, each side and the difference. */
export function summaryLines(comparison: WalkComparison, locale: Locale): string[] {
  const { a, b, totals } = comparison;
  return [
    t('compare.stepsLine', { a: a.steps, b: b.steps, matched: totals.matched, onlyA: totals.onlyA, onlyB: totals.onlyB }, locale),
    t(
      'compare.timeLine',
      { a: formatDuration(a.durationMs, locale), b: formatDuration(b.durationMs, locale), delta: signedDuration(totals.durationDeltaMs, locale) },
      locale,
    ),
    t('compare.emotionLine', { a: valence(a.emotion.mean), b: valence(b.emotion.mean), delta: signedNumber(totals.emotionDelta) }, locale),
  ];
}

/** One side of a compared step in a table cell: "Click “Pay” · 2 s · -1", or "—" when that walk lacks it. */
export function sideText(side: StepSide | null, locale?: Locale): string {
  return side ? `${side.action} · ${formatDuration(side.durationMs, locale)} · ${valence(side.valence)}` : '—';
}

/** What differs in a step: only in one walk, or the time difference and the emotion change. */
export function stepDifference(step: ComparedStep, locale: Locale): string {
  if (step.status === 'only-a') return t('compare.onlyA', {}, locale);
  if (step.status === 'only-b') return t('compare.onlyB', {}, locale);
  const parts = [signedDuration(step.durationDeltaMs ?? 0, locale)];
  if (step.a?.valence !== step.b?.valence)
    parts.push(t('compare.emotionChange', { a: valence(step.a?.valence ?? null), b: valence(step.b?.valence ?? null) }, locale));
  return parts.join(' · ');
}

/** A matched step worth the eye: its emotion changed, or its time by a second or more. */
export function stepDiffers(step: ComparedStep): boolean {
  return step.status === 'matched' && ((step.valenceDelta ?? 0) !== 0 || Math.abs(step.durationDeltaMs ?? 0) >= 1000);
}

/** A stage's row: "2 / 3 steps, 4 s / 6 s (+2 s), emotion +1 / -1". */
export function stageText(stage: ComparedStage, locale: Locale): string {
  return t(
    'compare.stageLine',
    {
      a: stage.a.steps,
      b: stage.b.steps,
      timeA: formatDuration(stage.a.durationMs, locale),
      timeB: formatDuration(stage.b.durationMs, locale),
      delta: signedDuration(stage.durationDeltaMs, locale),
      emotionA: valence(stage.a.emotion.mean),
      emotionB: valence(stage.b.emotion.mean),
    },
    locale,
  );
}

/** `parcours compare`'s plain-text report, one line per fact, in the given language. */
export function comparisonText(comparison: WalkComparison, locale: Locale): string[] {
  const lines = [
    `A: ${walkLabel(comparison.a, locale)}`,
    `B: ${walkLabel(comparison.b, locale)}`,
    ...summaryLines(comparison, locale),
    '',
    t('compare.stagesHeading', {}, locale),
  ];
  for (const stage of comparison.stages) lines.push(`  ${stage.name || t('bundle.noStage', {}, locale)}: ${stageText(stage, locale)}`);
  lines.push('', t('compare.stepsHeading', {}, locale));
  for (const step of comparison.steps) {
    if (step.a && step.b) {
      const emotion =
        step.a.valence !== step.b.valence ? `  ${t('compare.emotionChange', { a: valence(step.a.valence), b: valence(step.b.valence) }, locale)}` : '';
      lines.push(
        `  = ${step.a.action}  ${formatDuration(step.a.durationMs, locale)} → ${formatDuration(step.b.durationMs, locale)} (${signedDuration(step.durationDeltaMs ?? 0, locale)})${emotion}`,
      );
    } else if (step.a) lines.push(`  A ${step.a.action}  ${formatDuration(step.a.durationMs, locale)}  (${t('compare.onlyA', {}, locale)})`);
    else if (step.b) lines.push(`  B ${step.b.action}  ${formatDuration(step.b.durationMs, locale)}  (${t('compare.onlyB', {}, locale)})`);
  }
  if (comparison.signals.length > 0) {
    lines.push('', t('compare.signalsHeading', {}, locale));
    for (const signal of comparison.signals) lines.push(`  ${signal.type}: ${signal.a} / ${signal.b} (${signedNumber(signal.delta)})`);
  }
  if (comparison.painPoints.length > 0) {
    lines.push('', t('compare.painHeading', {}, locale));
    for (const pain of comparison.painPoints) lines.push(`  ${pain.text}: ${pain.a} / ${pain.b}`);
  }
  return lines;
}
