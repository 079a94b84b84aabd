/**
 * The gaps of a recording: from a pause (the tester's, or the disk refusing a write) or an interruption to the
 * resume that ended it, with the reason. Derived from the raw capture like the rest of the map, so a walk
 * paused for a full disk shows where nothing was recorded and why.
 */
import type { CapturedEvent } from '../capture/events';
import { formatDuration } from '../format';
import { type Locale, t } from '../i18n';
import { chronological } from './event-facts';

export type GapReason = 'tester' | 'storage-full' | 'interrupted';

export interface RecordingGap {
  /** Session ms of the pause; `toT` of the resume, null when the walk ended paused. */
  fromT: number;
  toT: number | null;
  reason: GapReason;
  /** Page events of the gap that reached the background and were not kept (storage-full pauses). */
  lostEvents: number;
}

export function recordingGaps(events: readonly CapturedEvent[]): RecordingGap[] {
  const gaps: RecordingGap[] = [];
  let open: RecordingGap | null = null;
  for (const event of chronological(events)) {
    if (event.kind === 'pause' || event.kind === 'interrupted') {
      // A second pause inside an open gap (a full disk while paused) does not open another.
      if (open) continue;
      const reason: GapReason = event.kind === 'interrupted' ? 'interrupted' : event.reason === 'storage-full' ? 'storage-full' : 'tester';
      open = { fromT: event.t, toT: null, reason, lostEvents: 0 };
      gaps.push(open);
    } else if (event.kind === 'resume' && open) {
      open.toT = Math.max(open.fromT, event.t);
      open.lostEvents = event.lostEvents ?? 0;
      open = null;
    }
  }
  return gaps;
}

/** What the map says of a gap, times as session time (1 m 05 s). */
export function describeGap(gap: RecordingGap, locale?: Locale): string {
  const from = formatDuration(gap.fromT, locale);
  if (gap.toT == null) {
    const key = gap.reason === 'storage-full' ? 'gapStorageFullOpen' : gap.reason === 'interrupted' ? 'gapInterruptedOpen' : 'gapTesterOpen';
    return t(key, { from }, locale);
  }
  const to = formatDuration(gap.toT, locale);
  if (gap.reason === 'storage-full')
    return gap.lostEvents > 0 ? t('gapStorageFullLost', { from, to, count: gap.lostEvents }, locale) : t('gapStorageFull', { from, to }, locale);
  return t(gap.reason === 'interrupted' ? 'gapInterrupted' : 'gapTester', { from, to }, locale);
}
