import { type Locale, t } from '../../i18n';
import type { MergedJourney } from '../../journey/merge/types';
import { MAX_HEADING, MAX_TASK_NAME, mermaidText, NEUTRAL_SCORE } from '../formats/journey-mermaid';

/**
 * The merged bundle's `journey.mmd`: a section per stage, a task per aligned step, its score the median
 * valence + 3 (rounded, 1..5; 3 when no walk gave the step an emotion), and as actors the personas of the
 * walks that have the step (each once).
 */
export function writeMergedMermaid(merged: MergedJourney, locale: Locale = 'en'): string {
  const lines = ['journey'];
  const title = mermaidText(merged.title, { colons: true, max: MAX_HEADING });
  if (title) lines.push(`  title ${title}`);
  const actorOf = (walk: number) =>
    mermaidText(merged.walks[walk]?.persona, { commas: false, max: MAX_HEADING }) || t('merge.walkFallback', { n: walk + 1 }, locale);
  for (const [index, stage] of merged.stages.entries()) {
    const section =
      stage.key === '' ? t('bundle.noStage', {}, locale) : mermaidText(stage.name, { max: MAX_HEADING }) || t('bundle.stageFallback', { n: index + 1 }, locale);
    lines.push(`  section ${section}`);
    for (const step of stage.steps) {
      const name = quoteKeyword(mermaidText(step.action, { max: MAX_TASK_NAME })) || t('bundle.stepFallback', { n: step.order }, locale);
      const actors = [...new Set(step.members.map((item) => actorOf(item.walk)))].join(', ');
      lines.push(`    ${name}: ${score(step.emotion.median)}: ${actors}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function score(median: number | null): number {
  if (median == null) return NEUTRAL_SCORE;
  return Math.min(5, Math.max(1, Math.round(median) + 3));
}

function quoteKeyword(name: string): string {
  return /^(journey\b|title\s|section\s|acc(Title|Descr)\b)/i.test(name) ? `“${name}”` : name;
}
