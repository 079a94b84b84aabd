import { verifyBundle } from '../bundle/verify';
import { chainText, fileText, verificationSummary } from '../bundle/verify-text';
import { type Locale, t } from '../i18n';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import type { CliIo } from './io';
import { progressReporter, readInput } from './read-input';

/** `parcours verify <bundle> [--json]`: 0 intact, 1 altered, 2 unreadable. */
export async function verifyCommand(args: ParsedArgs, io: CliIo, locale: Locale): Promise<number> {
  const [path, ...extra] = args.positional;
  if (!path) throw new UsageError(t('cli.verifyNeedsBundle', {}, locale));
  if (extra.length > 0) throw new UsageError(t('cli.tooManyArguments', { extra: extra.join(' ') }, locale));
  const bytes = await readInput(io, path, locale);
  if (typeof bytes === 'string') {
    io.err(`parcours: ${bytes}\n`);
    return 2;
  }
  io.err(`${t('cli.verifying', { path, size: megabytes(bytes.byteLength) }, locale)}\n`);
  const progress = progressReporter(io, (done, total) => t('cli.checked', { done, total }, locale));
  const verification = await verifyBundle(bytes, ({ done, total }) => progress(done, total));
  if (args.options.has('json')) io.out(`${JSON.stringify(verification, null, 2)}\n`);
  if (verification.status === 'unreadable') {
    io.err(`parcours: ${verificationSummary(verification, locale)}\n`);
    return 2;
  }
  if (!args.options.has('json')) {
    for (const file of verification.files) io.out(`${fileText(file, locale)}\n`);
    for (const line of chainText(verification.chain, locale)) io.out(`${line}\n`);
    io.out(`${verificationSummary(verification, locale)}\n`);
  }
  return verification.status === 'intact' ? 0 : 1;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
