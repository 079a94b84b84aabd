/**
 * One clock for every context. `performance.timeOrigin + performance.now()` is wall-clock based at the
 * context's start and monotonic after it, so content scripts in several frames and the service worker agree
 * to within a millisecond or two and a clock change during a walk does not make time run backwards.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Milliseconds since the session started, never negative, rounded to the millisecond. */
export function sessionTime(epochMs: number, sessionStartEpochMs: number): number {
  return Math.max(0, Math.round(epochMs - sessionStartEpochMs));
}

export function isoAt(epochMs: number): string {
  return new Date(Math.round(epochMs)).toISOString();
}
