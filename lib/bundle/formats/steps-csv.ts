import type { JourneyStep } from '../journey-document';
import { placedStages, stageOfStep } from './stage-groups';
import type { BundleFormat, FormatContext } from './types';

/** The columns of `steps.csv`, in order (issue 12; docs/bundle-format.md). */
export const STEPS_CSV_COLUMNS = [
  'stage_order',
  'stage',
  'step_order',
  'step_id',
  'action',
  'touchpoint',
  'url',
  'page_title',
  'thoughts',
  'emotion_valence',
  'emotion_label',
  'satisfaction_1_5',
  'pain_points',
  'opportunities',
  'expectations',
  'signals',
  'started_at',
  't_ms',
  'duration_ms',
  'screenshot_file',
  'notes',
] as const;

/** Between the items of a multi-valued lane (thoughts, pain points, signals…) in one cell. */
export const LANE_SEPARATOR = ' | ';

/** A cell: text (from the page or the tester: guarded against formulas) or a number Parcours computed. */
type Cell = string | number | null;

/**
 * `steps.csv`: one row per step, for spreadsheets. RFC 4180 (CRLF between records, a field quoted when it
 * holds a comma, a double quote, CR or LF, quotes doubled), UTF-8 with a byte order mark so that Excel reads
 * it as UTF-8.
 */
export function writeStepsCsv({ journey }: FormatContext): string {
  const stages = placedStages(journey);
  const byId = new Map(stages.map((placed) => [placed.stage.id, placed]));
  const rows: Cell[][] = journey.steps.map((step) => {
    const placed = stageOfStep(step, byId);
    const emotion = step.emotion;
    return [
      // 0: no stage, so that sorting by stage_order keeps such steps together, before the first stage.
      placed?.position ?? 0,
      placed?.stage.name ?? '',
      step.index + 1,
      step.id,
      step.action,
      touchpointText(step),
      step.url,
      step.pageTitle,
      lane(step.thoughts),
      emotion?.valence ?? null,
      emotion?.label ?? null,
      emotion ? emotion.valence + 3 : null,
      lane(step.painPoints),
      lane(step.opportunities),
      lane(step.expectations),
      lane(step.signals.map(signalText)),
      step.at,
      step.t,
      step.durationMs,
      step.screenshot,
      lane(step.notes),
    ];
  });
  const lines = [STEPS_CSV_COLUMNS as readonly Cell[], ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** Where the step happened: channel, site and page, those that are known. */
function touchpointText(step: JourneyStep): string {
  const { channel, site, page } = step.touchpoint;
  return [channel, site, page].filter((part): part is string => Boolean(part)).join(' · ');
}

function signalText(signal: JourneyStep['signals'][number]): string {
  const decided = signal.decision ? ` (${signal.decision})` : '';
  return `${signal.type}${decided}: ${signal.description}`;
}

/**
 * A lane's items in one cell, joined by " | ". An item's own backslashes and bars are escaped (`\\`, `\|`), so
 * that splitting on unescaped " | " gives the items back exactly.
 */
export function lane(items: readonly string[]): string {
  return items.map((item) => item.replace(/[\\|]/g, (char) => `\\${char}`)).join(LANE_SEPARATOR);
}

/** The characters a spreadsheet takes as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** C0 controls but tab, LF and CR, and DEL: no spreadsheet shows them, and a NUL cuts some readers short. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** One RFC 4180 field. Text is guarded against formula injection; numbers are written as they are. */
export function csvField(value: Cell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value.replace(CONTROL, '');
  // A page title or a note such as "=HYPERLINK(…)" or "-2+3" must stay text: a leading apostrophe makes it so.
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const stepsCsv: BundleFormat = {
  id: 'csv',
  write: (context) => [{ path: 'steps.csv', data: writeStepsCsv(context), compress: true }],
};
