import type { PauseSpan, SessionRecord } from '../store/records';

/**
 * Whether a page's moment (its `epochMs`) falls inside one of the walk's pauses: an event or a screenshot
 * request of that moment arriving after Resume (re-sent after a worker restart, recovered from the outbox,
 * late behind a slow page) is not the walk's. Spans are the background's times of Pause and Resume; a page
 * learns of each a message later, so a page keeping to what it was told never stamps a moment inside one.
 * The page's clock and the worker's share `performance.timeOrigin` (lib/capture/clock.ts) and differ by a
 * millisecond or two: no margin is added, the edge cases are the page's own guard's (forms.ts and
 * `isRecording`).
 */
export function duringPause(session: Pick<SessionRecord, 'pauses'>, epochMs: number): boolean {
  return (session.pauses ?? []).some((span) => epochMs >= span.fromEpochMs && (span.toEpochMs == null || epochMs <= span.toEpochMs));
}

/** The spans after a Pause at `epochMs`. */
export function pauseBegun(pauses: PauseSpan[] | undefined, epochMs: number): PauseSpan[] {
  return [...(pauses ?? []), { fromEpochMs: epochMs, toEpochMs: null }];
}

/** The spans after a Resume at `epochMs`: the open one is closed. */
export function pauseEnded(pauses: PauseSpan[] | undefined, epochMs: number): PauseSpan[] {
  return (pauses ?? []).map((span) => (span.toEpochMs == null ? { ...span, toEpochMs: epochMs } : span));
}
