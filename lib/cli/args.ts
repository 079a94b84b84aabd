import { type Locale, t } from '../i18n';

/** The command line's words: a command, its positional arguments, and `--name value` / `--flag` options. */
export interface ParsedArgs {
  command: string | null;
  positional: string[];
  options: Map<string, string | true>;
}

/** Options that take a value; any other `--name` is a flag. */
const VALUED = new Set(['to', 'out', 'title']);

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], locale: Locale): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '-h') options.set('help', true);
    else if (word.startsWith('--')) {
      const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (VALUED.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined || value === '') throw new UsageError(t('cli.needsValue', { option: `--${name}` }, locale));
        options.set(name, value);
      } else options.set(name, true);
    } else positional.push(word);
  }
  return { command: positional.shift() ?? null, positional, options };
}
