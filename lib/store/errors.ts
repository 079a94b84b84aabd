/** True when IndexedDB refused a write because the disk or the origin's quota is full. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  // Dexie wraps the browser's error in `inner`; a few levels are plenty (and a cycle cannot loop).
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const named = error as { name?: string; inner?: unknown; message?: string };
  if (named.name === 'QuotaExceededError' || named.name === 'QuotaExceeded') return true;
  if (typeof named.message === 'string' && /quota/i.test(named.message)) return true;
  return named.inner != null && isQuotaError(named.inner, depth + 1);
}
