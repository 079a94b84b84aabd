import type { JourneyDocument } from '../../bundle/journey-document';
import { compareWalks, type WalkComparison } from './compare';

export const COMPARISONS_FORMAT = 'parcours.merged-comparisons';
export const COMPARISONS_VERSION = 1;

/**
 * A merged bundle's `compare.json`: every walk after the first compared with the first (the baseline), in
 * walk order; of two walks, the one pair. `walk` is the walk's index in merged.json's `walks`; each
 * comparison's `a` is the baseline and `b` that walk, so every difference reads "this walk − the baseline".
 */
export interface MergedComparisons {
  format: typeof COMPARISONS_FORMAT;
  version: typeof COMPARISONS_VERSION;
  baseline: 0;
  comparisons: { walk: number; comparison: WalkComparison }[];
}

/**
 * Compares each walk with the baseline as it is added, so a caller reading 50 bundles one at a time keeps the
 * baseline's map and one comparison per walk (a few numbers per step), never 50 maps.
 */
export class BaselineComparer {
  private baseline: JourneyDocument | null = null;
  private readonly comparisons: MergedComparisons['comparisons'] = [];
  private walks = 0;

  add(journey: JourneyDocument): void {
    const walk = this.walks++;
    if (this.baseline === null) this.baseline = journey;
    else this.comparisons.push({ walk, comparison: compareWalks(this.baseline, journey) });
  }

  result(): MergedComparisons {
    return { format: COMPARISONS_FORMAT, version: COMPARISONS_VERSION, baseline: 0, comparisons: [...this.comparisons] };
  }
}
