// Percentiles and medians of benchmark figures (nearest rank, as the other benchmarks report them).

/** The `p` (0..1) percentile of `values` by nearest rank; null when there are none. */
export function percentile(values, p) {
  const sorted = values.filter((value) => value != null && Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
}

/** The median of `values` (the mean of the two middle ones for an even count); null when there are none. */
export function median(values) {
  const sorted = values.filter((value) => value != null && Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
