import type { Locale } from '../../i18n';
import { BaselineComparer, type MergedComparisons } from '../../journey/compare/baseline';
import { MergeBuilder } from '../../journey/merge/merge';
import type { MergedJourney, WalkSource } from '../../journey/merge/types';
import { writeCjml } from '../formats/cjml-xml';
import type { JourneyDocument } from '../journey-document';

/** Everything a merged bundle is written from, besides the screenshots (read at writing time, one at a time). */
export interface MergedBundleInput {
  merged: MergedJourney;
  /** compare.json: each walk compared with the first. */
  comparisons: MergedComparisons;
  /** Each walk's own CJML document (cjml/walk-NN.xml), in walk order: what lib/bundle/formats/cjml-xml.ts writes for that walk alone. */
  walkCjml: string[];
}

/**
 * What both the sessions page's Merge and `parcours merge` feed their walks to, one at a time, so the two
 * write the same bundle from the same code: the aggregate (lib/journey/merge), the comparisons with the
 * baseline (lib/journey/compare/baseline.ts) and each walk's CJML. A walk is refused (MergeError) before any
 * of the three takes it, so a refused walk leaves no trace in the others.
 */
export class MergedBundleBuilder {
  private readonly merge: MergeBuilder;
  private readonly compare = new BaselineComparer();
  private readonly cjml: string[] = [];

  constructor(private readonly options: { anySite?: boolean; locale?: Locale } = {}) {
    this.merge = new MergeBuilder({ anySite: options.anySite });
  }

  get count(): number {
    return this.merge.count;
  }

  add(journey: JourneyDocument, source: WalkSource | null = null): void {
    this.merge.add(journey, source);
    this.compare.add(journey);
    this.cjml.push(writeCjml({ journey, events: [], locale: this.options.locale }));
  }

  finish(options: { createdAt?: string; generatorVersion?: string; title?: string } = {}): MergedBundleInput {
    return { merged: this.merge.finish(options), comparisons: this.compare.result(), walkCjml: [...this.cjml] };
  }
}

/** The walks held in memory (the sessions page's few selected sessions), fed to one builder. */
export function mergeWalks(
  journeys: readonly JourneyDocument[],
  options: { anySite?: boolean; locale?: Locale; createdAt?: string; title?: string } = {},
): MergedBundleInput {
  const builder = new MergedBundleBuilder(options);
  for (const journey of journeys) builder.add(journey);
  return builder.finish(options);
}
