import { useMemo } from 'preact/hooks';
import type { CapturedEvent } from '@/lib/capture/events';
import type { Locale } from '@/lib/i18n';
import { sessionLocale } from '@/lib/i18n/session-locale';
import { assembleJourney } from '@/lib/journey/assemble';
import { applyEdits } from '@/lib/journey/edits';
import type { JourneyMap } from '@/lib/journey/map-types';
import { mergeThresholds } from '@/lib/journey/thresholds';
import { readDatabase, sessionEvents } from '@/lib/store/reads';
import type { AnswerRecord, RedactionRecord, SessionRecord } from '@/lib/store/records';
import { SIGNAL_THRESHOLDS } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';

export interface ReviewData {
  session: SessionRecord;
  map: JourneyMap;
  /** The raw capture, in commit order (the step view lists a step's own events from it). */
  events: readonly CapturedEvent[];
  redactions: Map<string, RedactionRecord>;
  answers: AnswerRecord[];
  canUndo: boolean;
  canRedo: boolean;
  /** The map's language: the walk's (lib/i18n/session-locale.ts), not the interface's. */
  locale: Locale;
}

/**
 * The map of a session, derived live from the raw capture, the annotations and the tester's edits (never
 * stored: recomputed whenever one of them changes). Each is followed by a query of its own, and each stage of
 * the derivation is redone only when what it depends on changed: an edit of the map, the review page's usual
 * change, re-reads the edits and applies them again, but neither reads nor groups the walk's events again
 * (at 2,000 steps, some 6,000 events: a read and a grouping of several hundred ms on a loaded machine).
 */
export function useJourneyMap(sessionId: string): ReviewData | null | undefined {
  const db = readDatabase();
  const events = useLiveQuery(() => sessionEvents(db, sessionId), [sessionId]);
  const session = useLiveQuery(async () => (await db.sessions.get(sessionId)) ?? null, [sessionId]);
  const annotations = useLiveQuery(() => db.annotations.where('sessionId').equals(sessionId).toArray(), [sessionId]);
  const edits = useLiveQuery(() => db.edits.where('sessionId').equals(sessionId).toArray(), [sessionId]);
  const redactions = useLiveQuery(() => db.redactions.where('sessionId').equals(sessionId).toArray(), [sessionId]);
  const answers = useLiveQuery(() => db.answers.where('sessionId').equals(sessionId).toArray(), [sessionId]);
  const thresholdsRow = useLiveQuery(async () => (await db.settings.get(SIGNAL_THRESHOLDS))?.value ?? null, []);
  // Keys by content: the session's record changes with every event counted, its stages seldom.
  const stagesKey = session ? JSON.stringify(session.stages) : '';
  const thresholdsKey = thresholdsRow === undefined ? '' : JSON.stringify(thresholdsRow);
  const locale = sessionLocale(session);
  const assembled = useMemo(
    () =>
      events && session && annotations && thresholdsRow !== undefined
        ? assembleJourney({ events, annotations, stages: session.stages, locale, thresholds: mergeThresholds(thresholdsRow) })
        : undefined,
    [events, annotations, stagesKey, thresholdsKey, locale, session != null],
  );
  const map = useMemo(
    () => (assembled && events && annotations && edits ? applyEdits(assembled, edits, { events, annotations, locale }) : undefined),
    [assembled, edits],
  );
  const layers = useMemo(() => {
    if (!edits || !redactions) return undefined;
    const sorted = [...edits].sort((a, b) => a.at.localeCompare(b.at));
    return {
      redactions: new Map(redactions.map((redaction) => [redaction.screenshotId, redaction])),
      canUndo: sorted.some((edit) => !edit.undone),
      canRedo: sorted.length > 0 && (sorted[sorted.length - 1]?.undone ?? false),
    };
  }, [edits, redactions]);
  if (session === null) return null;
  if (!session || !map || !events || !answers || !layers) return undefined;
  return { session, map, events, answers, ...layers, locale };
}
