import { BUNDLE_FORMATS } from '../bundle/formats';
import { type Locale, localeFor, t } from '../i18n';
import { parseArgs, UsageError } from './args';
import { compareCommand } from './compare';
import { convertCommand } from './convert';
import { type CliIo, nodeIo } from './io';
import { mergeCommand } from './merge';
import { verifyCommand } from './verify';

/** Exit codes: 0 done (verify: intact), 1 verify: altered, or a conversion or write failed; 2 usage, an unreadable bundle, or walks that are not of one journey. */
export const EXIT = { ok: 0, altered: 1, failed: 1, usage: 2 } as const;

export function usage(locale: Locale): string {
  return `${t('cli.usage', { formats: BUNDLE_FORMATS.map((format) => format.id).join(', ') }, locale)}\n`;
}

/** Runs `parcours <command> …` and returns its exit code. The language follows LANG (French for fr_*). */
export async function main(argv: readonly string[], io: CliIo = nodeIo(), language = process.env.LC_ALL || process.env.LANG): Promise<number> {
  const locale = localeFor(language);
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv, locale);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`parcours: ${error.message}\n${t('cli.seeHelp', {}, locale)}\n`);
    return EXIT.usage;
  }
  if (args.options.has('help') || args.command === 'help') {
    io.out(usage(locale));
    return EXIT.ok;
  }
  if (args.options.has('version') && args.command === null) {
    io.out('parcours 0.1.0\n');
    return EXIT.ok;
  }
  try {
    if (args.command === 'verify') return await verifyCommand(args, io, locale);
    if (args.command === 'convert') return await convertCommand(args, io, locale);
    if (args.command === 'merge') return await mergeCommand(args, io, locale);
    if (args.command === 'compare') return await compareCommand(args, io, locale);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`parcours: ${error.message}\n${t('cli.seeHelp', {}, locale)}\n`);
    return EXIT.usage;
  }
  io.err(`parcours: ${args.command === null ? t('cli.noCommand', {}, locale) : t('cli.unknownCommand', { command: args.command }, locale)}\n${usage(locale)}`);
  return EXIT.usage;
}
