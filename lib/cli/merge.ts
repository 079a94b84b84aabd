import JSZip from 'jszip';
import { MergedBundleBuilder } from '../bundle/merged/merge-walks';
import { writeMergedBundle } from '../bundle/merged/write-merged-bundle';
import { type Locale, t } from '../i18n';
import { MergeError } from '../journey/merge/merge';
import { type ParsedArgs, UsageError } from './args';
import type { CliIo } from './io';
import { progressReporter, readInput } from './read-input';
import { readJourneyOnly } from './read-journey';

/**
 * `parcours merge <bundle>... --out <bundle> [--any-site] [--title <text>]`: the aggregate map of the walks
 * as a merged bundle, written by the sessions page's own code (lib/bundle/merged/). It streams: each bundle is
 * read for its journey.json alone and dropped before the next one (the aggregate keeps a few numbers per step,
 * the comparisons the first walk's map and a few numbers per step of each walk, and each walk's CJML text); then the representative screenshots are copied one at a
 * time, each source bundle opened once. Walks must start on one site unless `--any-site`; one walk given
 * twice is refused.
 */
export async function mergeCommand(args: ParsedArgs, io: CliIo, locale: Locale): Promise<number> {
  const paths = args.positional;
  const out = args.options.get('out');
  if (paths.length < 2) throw new UsageError(t('cli.mergeNeedsBundles', {}, locale));
  if (typeof out !== 'string') throw new UsageError(t('cli.mergeNeedsOut', {}, locale));
  const title = args.options.get('title');
  const builder = new MergedBundleBuilder({ anySite: args.options.has('any-site'), locale });
  const reading = progressReporter(io, (done, total) => t('cli.mergeRead', { done, total }, locale));
  for (const [index, path] of paths.entries()) {
    const bytes = await readInput(io, path, locale);
    if (typeof bytes === 'string') return fail(io, bytes);
    const read = await readJourneyOnly(bytes, path, locale);
    if (typeof read === 'string') return fail(io, read);
    try {
      builder.add(read.journey, read.source);
    } catch (error) {
      if (!(error instanceof MergeError)) throw error;
      return fail(io, t(error.code === 'different-sites' ? 'cli.mergeDifferentSites' : 'cli.mergeSameWalk', { path, detail: error.detail }, locale));
    }
    reading(index + 1, paths.length);
  }
  const input = builder.finish({ title: typeof title === 'string' ? title : undefined });
  const merged = input.merged;
  const copying = progressReporter(io, (done, total) => t('cli.mergeCopied', { done, total }, locale));
  let open: { walk: number; zip: JSZip } | null = null;
  let written: Uint8Array;
  try {
    ({ zip: written } = await writeMergedBundle(
      input,
      async (walk, path) => {
        if (open?.walk !== walk) {
          open = null; // the previous bundle's bytes can go before the next one is read
          const bytes = await io.readFile(paths[walk] as string);
          open = { walk, zip: await JSZip.loadAsync(bytes) };
        }
        return (await open.zip.file(path)?.async('uint8array')) ?? null;
      },
      { locale, onProgress: ({ phase, done, total }) => phase === 'screenshots' && copying(done, total) },
    ));
  } catch (error) {
    return fail(io, t('cli.cannotRead', { path: paths[(open as { walk: number } | null)?.walk ?? 0] ?? '', message: (error as Error).message }, locale));
  }
  open = null;
  try {
    await io.writeFile(out, written);
  } catch (error) {
    io.err(`parcours: ${t('cli.cannotWrite', { path: out, message: (error as Error).message }, locale)}\n`);
    return 1;
  }
  const steps = merged.totals.alignedSteps;
  io.out(`${t('cli.merged', { path: out, walks: merged.walks.length, stages: merged.stages.length, steps, size: written.byteLength }, locale)}\n`);
  return 0;
}

function fail(io: CliIo, message: string): number {
  io.err(`parcours: ${message}\n`);
  return 2;
}
