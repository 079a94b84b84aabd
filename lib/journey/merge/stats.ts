/** The summary of a list of numbers the aggregate map shows: count, mean, median, min and max. */
export interface Summary {
  count: number;
  /** Null when there is no value (so never a made-up 0). */
  mean: number | null;
  /** The middle value; of an even count, the mean of the two middle ones. */
  median: number | null;
  min: number | null;
  max: number | null;
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { count: 0, mean: null, median: null, min: null, max: null };
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { count: sorted.length, mean: round(mean), median: round(median), min: sorted[0] as number, max: sorted.at(-1) as number };
}

/** Two decimals: a mean valence of 0.333… reads 0.33 in every file. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
