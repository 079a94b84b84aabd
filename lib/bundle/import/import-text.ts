import { type Locale, t } from '../../i18n';
import type { ImportOutcome, ImportPortReply } from '../../messaging/protocol';
import type { ImportProblem } from './check-bundle';

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0);
/** A few paths by name, then how many more (a bundle may have a thousand files altered). */
function paths(list: readonly string[], locale?: Locale): string {
  const shown = list.slice(0, 5).join(', ');
  return list.length > 5 ? t('import.andMore', { shown, count: list.length - 5 }, locale) : shown;
}

/** Why a bundle was refused, in plain words. */
export function importProblemText(problem: ImportProblem, locale?: Locale): string {
  switch (problem.code) {
    case 'not-a-zip':
      return t('import.notZip', {}, locale);
    case 'truncated':
      return t('import.truncated', {}, locale);
    case 'zip64':
      return t('import.zip64', {}, locale);
    case 'encrypted':
      return t('import.encrypted', { path: problem.path }, locale);
    case 'bad-path':
      return t('import.badPath', { path: JSON.stringify(problem.path) }, locale);
    case 'duplicate-path':
      return t('import.duplicatePath', { path: problem.path }, locale);
    case 'too-many-entries':
      return t('import.tooManyEntries', { count: problem.count, limit: problem.limit }, locale);
    case 'entry-too-large':
      return t('import.entryTooLarge', { path: problem.path, size: mib(problem.size), limit: mib(problem.limit) }, locale);
    case 'total-too-large':
      return t('import.totalTooLarge', { size: mib(problem.size), limit: mib(problem.limit) }, locale);
    case 'ratio':
      return t('import.ratio', { path: problem.path, ratio: problem.ratio, limit: problem.limit }, locale);
    case 'size-lie':
      return t('import.sizeLie', { path: problem.path }, locale);
    case 'method':
      return t('import.method', { path: problem.path, method: problem.method }, locale);
    case 'damaged':
      return t('import.damaged', { path: problem.path }, locale);
    case 'no-manifest':
      return t('verify.noManifest', {}, locale);
    case 'not-json':
      return t('read.notJson', { path: problem.path }, locale);
    case 'manifest-invalid':
      return t('import.manifestInvalid', { what: problem.what }, locale);
    case 'wrong-format':
      return t('verify.wrongFormat', { found: problem.found }, locale);
    case 'future-version':
      return t('import.futureVersion', { path: problem.path, found: problem.found, supported: problem.supported }, locale);
    case 'missing':
      return t('import.missing', { paths: paths(problem.paths, locale) }, locale);
    case 'altered':
      return t('import.altered', { paths: paths(problem.paths, locale) }, locale);
    case 'unexpected':
      return t('import.unexpected', { paths: paths(problem.paths, locale) }, locale);
    case 'chain':
      return problem.index == null ? t('import.chainEnd', {}, locale) : t('import.chain', { index: problem.index + 1, id: problem.eventId ?? '?' }, locale);
    case 'journey-invalid':
      return t('import.journeyInvalid', { detail: problem.detail }, locale);
    case 'events-invalid':
      return t('import.eventsInvalid', { detail: problem.detail }, locale);
    case 'cancelled':
      return t('import.cancelled', {}, locale);
  }
}

/** What the sessions page says when an import ends. */
export function importOutcomeText(outcome: ImportOutcome, fileName: string, locale?: Locale): string {
  if (outcome.ok) return t('import.done', { title: outcome.title, fileName }, locale);
  const { problem } = outcome;
  const reason =
    problem.code === 'exists'
      ? t('import.exists', { title: problem.title }, locale)
      : problem.code === 'failed'
        ? t('import.failed', { detail: problem.detail }, locale)
        : importProblemText(problem, locale);
  return t('import.refused', { fileName, reason }, locale);
}

/** An import's progress as one figure: reading the file 0–5 %, checking its files 5–90 %, storing 90–100 %. */
export function importPercent(progress: Extract<ImportPortReply, { type: 'progress' }>): number {
  const share = progress.total === 0 ? 1 : Math.min(1, progress.done / progress.total);
  if (progress.phase === 'read') return Math.round(share * 5);
  if (progress.phase === 'check') return Math.round(5 + share * 85);
  return Math.round(90 + share * 10);
}
