/**
 * The spans of a walk when Parcours itself was away (its extension reloaded or updated mid-walk): the tester
 * went on, nothing was recorded. Unlike a pause they count as the tester's time (steps keep their durations);
 * they are told on the map's step and in the side panel, and no friction signal is read across them.
 */

import type { CapturedEvent, EventOf } from '../capture/events';
import { formatDuration } from '../format';
import { type Locale, t } from '../i18n';
import { seconds } from './timeline';

export type RecorderGap = EventOf<'extension-restarted'>;

/** The walk's gaps, in the order they began. */
export function recorderGaps(events: readonly CapturedEvent[]): RecorderGap[] {
  return events.filter((event): event is RecorderGap => event.kind === 'extension-restarted').sort((a, b) => a.fromT - b.fromT || a.seq - b.seq);
}

/** When nothing could be observed any more because of the gap: from its start (friction signals stop there). */
export function gapStart(gap: RecorderGap): number {
  return Math.min(gap.fromT, gap.t);
}

/** One sentence for a reader: what happened, when, how long nothing was recorded, which tabs it missed. */
export function describeGap(gap: RecorderGap, locale?: Locale): string {
  const what = t(gap.reason === 'update' ? 'recorderGapUpdate' : 'recorderGapReload', { version: gap.version }, locale);
  const span = t('recorderGapSpan', { at: formatDuration(gap.fromT, locale), seconds: seconds(gap.toT - gap.fromT, locale) }, locale);
  const missed = gap.tabsMissed > 0 ? ` ${t('recorderGapTabsMissed', { count: String(gap.tabsMissed) }, locale)}` : '';
  return `${what} ${span}${missed}`;
}
