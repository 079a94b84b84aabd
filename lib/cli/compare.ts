import { type Locale, t } from '../i18n';
import { compareWalks } from '../journey/compare/compare';
import { comparisonText } from '../journey/compare/compare-text';
import { startSite } from '../journey/merge/keys';
import { type ParsedArgs, UsageError } from './args';
import type { CliIo } from './io';
import { readInput } from './read-input';
import { readJourneyOnly } from './read-journey';

/** `parcours compare <a> <b> [--json] [--any-site]`: two walks side by side; all differences are b − a. */
export async function compareCommand(args: ParsedArgs, io: CliIo, locale: Locale): Promise<number> {
  const [pathA, pathB, ...extra] = args.positional;
  if (!pathA || !pathB) throw new UsageError(t('cli.compareNeedsBundles', {}, locale));
  if (extra.length > 0) throw new UsageError(t('cli.tooManyArguments', { extra: extra.join(' ') }, locale));
  const journeys = [];
  for (const path of [pathA, pathB]) {
    io.err(`${t('cli.reading', { path }, locale)}\n`);
    const bytes = await readInput(io, path, locale);
    if (typeof bytes === 'string') return fail(io, bytes);
    const read = await readJourneyOnly(bytes, path, locale);
    if (typeof read === 'string') return fail(io, read);
    journeys.push(read.journey);
  }
  const [a, b] = journeys as [(typeof journeys)[number], (typeof journeys)[number]];
  if (startSite(a) !== startSite(b) && !args.options.has('any-site'))
    return fail(io, t('cli.mergeDifferentSites', { path: pathB, detail: `${startSite(b)} ≠ ${startSite(a)}` }, locale));
  const comparison = compareWalks(a, b);
  io.out(args.options.has('json') ? `${JSON.stringify(comparison, null, 2)}\n` : `${comparisonText(comparison, locale).join('\n')}\n`);
  return 0;
}

function fail(io: CliIo, message: string): number {
  io.err(`parcours: ${message}\n`);
  return 2;
}
