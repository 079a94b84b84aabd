import { fileBytes } from '../bundle/evidence/sha256';
import { BUNDLE_FORMATS, bundleFormat } from '../bundle/formats';
import { BundleReadError, readBundle } from '../bundle/read-bundle';
import { type Locale, t } from '../i18n';
import { type ParsedArgs, UsageError } from './args';
import type { CliIo } from './io';
import { readInput } from './read-input';

/**
 * `parcours convert <bundle> --to <format> --out <file>`: reads journey.json and events.json from the bundle
 * and runs the registry's format by id, so any format added to BUNDLE_FORMATS is convertible. A format that
 * writes one file writes it to `--out`; one that writes several writes them under `--out` as a folder, at
 * their paths in the bundle.
 */
export async function convertCommand(args: ParsedArgs, io: CliIo, locale: Locale): Promise<number> {
  const [path, ...extra] = args.positional;
  const to = args.options.get('to');
  const out = args.options.get('out');
  if (!path) throw new UsageError(t('cli.convertNeedsBundle', {}, locale));
  if (extra.length > 0) throw new UsageError(t('cli.tooManyArguments', { extra: extra.join(' ') }, locale));
  if (typeof to !== 'string') throw new UsageError(t('cli.convertNeedsTo', {}, locale));
  if (typeof out !== 'string') throw new UsageError(t('cli.convertNeedsOut', {}, locale));
  const format = bundleFormat(to);
  if (!format) throw new UsageError(t('cli.unknownFormat', { format: to, formats: BUNDLE_FORMATS.map((item) => item.id).join(', ') }, locale));

  const bytes = await readInput(io, path, locale);
  if (typeof bytes === 'string') {
    io.err(`parcours: ${bytes}\n`);
    return 2;
  }
  io.err(`${t('cli.reading', { path }, locale)}\n`);
  let read: Awaited<ReturnType<typeof readBundle>>;
  try {
    read = await readBundle(bytes, locale);
  } catch (error) {
    if (!(error instanceof BundleReadError)) throw error;
    io.err(`parcours: ${error.message}\n`);
    return 2;
  }
  // Converting an altered bundle is allowed (the map is still a map), but never silently.
  if (read.chainBrokenAt !== null) io.err(`parcours: ${t('cli.chainWarning', { number: read.chainBrokenAt + 1, path }, locale)}\n`);
  io.err(`${t('cli.converting', { format: format.id }, locale)}\n`);
  let files: Awaited<ReturnType<typeof format.write>>;
  try {
    files = await format.write(read.context);
  } catch (error) {
    io.err(`parcours: ${t('cli.formatFailed', { format: format.id, message: (error as Error).message }, locale)}\n`);
    return 1;
  }
  try {
    if (files.length === 1) {
      const data = await fileBytes((files[0] as (typeof files)[number]).data);
      await io.writeFile(out, data);
      io.out(`${t('cli.wrote', { path: out, size: data.byteLength }, locale)}\n`);
    } else {
      await io.makeDirectory(out);
      for (const file of files) {
        // Our formats name plain relative paths; anything else would write outside the folder asked for.
        if (file.path.split('/').some((part) => part === '..' || part === '') || file.path.startsWith('/')) throw new Error(file.path);
        const target = `${out.replace(/\/+$/, '')}/${file.path}`;
        await io.makeDirectory(target.slice(0, target.lastIndexOf('/')));
        const data = await fileBytes(file.data);
        await io.writeFile(target, data);
        io.out(`${t('cli.wrote', { path: target, size: data.byteLength }, locale)}\n`);
      }
    }
  } catch (error) {
    io.err(`parcours: ${t('cli.cannotWrite', { path: out, message: (error as Error).message }, locale)}\n`);
    return 1;
  }
  return 0;
}
