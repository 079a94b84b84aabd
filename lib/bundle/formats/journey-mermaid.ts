import { t } from '../../i18n';
import { stepsByStage } from './stage-groups';
import type { BundleFormat, FormatContext } from './types';

/** The score a step without an emotion gets: Mermaid needs one, and 3 is the neutral middle of 1..5. */
export const NEUTRAL_SCORE = 3;
/** Longer names are cut (with "…"): the diagram draws each task in a small box. */
export const MAX_TASK_NAME = 120;
export const MAX_HEADING = 200;

/**
 * `journey.mmd`: the walk as a Mermaid `journey` diagram. A section per stage in stage order (the steps
 * without a stage first, in a section "No stage"), a task per step in walk order, `Task name: score: actor`,
 * score = valence + 3, the persona as actor.
 */
export function writeJourneyMermaid({ journey, locale = 'en' }: FormatContext): string {
  const lines = ['journey'];
  const title = mermaidText(journey.session.title, { colons: true, max: MAX_HEADING });
  if (title) lines.push(`  title ${title}`);
  const actor = mermaidText(journey.session.persona.name, { commas: false, max: MAX_HEADING }) || t('author.tester', {}, locale);
  for (const { stage, steps } of stepsByStage(journey)) {
    const section = stage
      ? mermaidText(stage.stage.name, { max: MAX_HEADING }) || t('bundle.stageFallback', { n: stage.position }, locale)
      : t('bundle.noStage', {}, locale);
    lines.push(`  section ${section}`);
    for (const step of steps) {
      const name = taskName(mermaidText(step.action, { max: MAX_TASK_NAME })) || t('bundle.stepFallback', { n: step.index + 1 }, locale);
      lines.push(`    ${name}: ${score(step.emotion?.valence)}: ${actor}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function score(valence: number | undefined): number {
  if (valence == null || !Number.isFinite(valence)) return NEUTRAL_SCORE;
  return Math.min(5, Math.max(1, Math.round(valence) + 3));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and other controls become spaces.
const BREAKS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/**
 * A text made safe for one line of Mermaid's journey grammar (its lexer, `journey.jison`): no line break; no
 * `#` (a comment to the end of the line: removed); no `;` (ends a statement) and, in task names and sections,
 * no `:` (separates the score) — both become commas; no `%%` (a comment), runs of `%` become one and a `%`
 * at the start goes; in the actor, a comma would start a second actor: it goes too. Cut at `max` characters.
 */
export function mermaidText(text: string | null | undefined, options: { colons?: boolean; commas?: boolean; max: number }): string {
  let out = (text ?? '')
    .replace(BREAKS, ' ')
    .replace(/#/g, '')
    // A run of separators becomes one comma; the text's own commas stay as they are ("1,5 kg").
    .replace(options.colons ? /\s*;[\s;]*/g : /\s*[:;][\s:;]*/g, ', ')
    .replace(/%+/g, '%');
  if (options.commas === false) out = out.replace(/,/g, ' ');
  out = out.replace(/\s+/g, ' ').replace(/^[\s,%]+|[\s,]+$/g, '');
  const chars = [...out];
  if (chars.length <= options.max) return out;
  const cut = chars.slice(0, options.max - 1).join('');
  return `${cut.trimEnd()}…`;
}

/**
 * The lexer reads a line starting with a keyword (`journey`, `title `, `section `, `accTitle`, `accDescr`) as
 * that keyword, whatever follows: such a task name ("Title of the page") is put in quotes.
 */
function taskName(name: string): string {
  return /^(journey\b|title\s|section\s|acc(Title|Descr)\b)/i.test(name) ? `“${name}”` : name;
}

export const journeyMermaid: BundleFormat = {
  id: 'mermaid',
  write: (context) => [{ path: 'journey.mmd', data: writeJourneyMermaid(context), compress: true }],
};
