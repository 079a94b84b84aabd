/**
 * The longest common subsequence of two key sequences, as the pairs of indices it matches (in order). The
 * classic dynamic programme, O(a × b) time and memory: a stage of a walk holds tens of steps, a walk a few
 * hundred, so 200 × 200 cells is the most it meets. Ties prefer matching early in `a`, so that of two
 * identical clicks the first is matched with the first.
 */
export function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const rows = a.length;
  const cols = b.length;
  // lengths[i * (cols + 1) + j]: LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((rows + 1) * (cols + 1));
  const at = (i: number, j: number) => lengths[i * (cols + 1) + j] as number;
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      lengths[i * (cols + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}
