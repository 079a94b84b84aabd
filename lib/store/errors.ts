/** True when IndexedDB refused a write because the disk or the origin's quota is full. */
export function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const named = error as { name?: string; inner?: unknown; message?: string };
  if (named.name === 'QuotaExceededError' || named.name === 'QuotaExceeded') return true;
  if (typeof named.message === 'string' && /quota/i.test(named.message)) return true;
  return named.inner != null && isQuotaError(named.inner);
}
