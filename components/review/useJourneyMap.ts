import { currentLocale } from '@/lib/i18n';
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
  redactions: Map<string, RedactionRecord>;
  answers: AnswerRecord[];
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * The map of a session, derived live from the raw capture, the annotations and the tester's edits (never
 * stored: recomputed whenever one of them changes).
 */
export function useJourneyMap(sessionId: string): ReviewData | null | undefined {
  const db = readDatabase();
  return useLiveQuery(async () => {
    const session = await db.sessions.get(sessionId);
    if (!session) return null;
    const [events, annotations, edits, redactions, thresholds, answers] = await Promise.all([
      sessionEvents(db, sessionId),
      db.annotations.where('sessionId').equals(sessionId).toArray(),
      db.edits.where('sessionId').equals(sessionId).toArray(),
      db.redactions.where('sessionId').equals(sessionId).toArray(),
      db.settings.get(SIGNAL_THRESHOLDS).then((row) => mergeThresholds(row?.value)),
      db.answers.where('sessionId').equals(sessionId).toArray(),
    ]);
    const locale = currentLocale();
    const map = applyEdits(assembleJourney({ events, annotations, stages: session.stages, locale, thresholds }), edits, { events, annotations, locale });
    const sorted = [...edits].sort((a, b) => a.at.localeCompare(b.at));
    return {
      session,
      map,
      answers,
      redactions: new Map(redactions.map((redaction) => [redaction.screenshotId, redaction])),
      canUndo: sorted.some((edit) => !edit.undone),
      canRedo: sorted.length > 0 && (sorted[sorted.length - 1]?.undone ?? false),
    };
  }, [sessionId]);
}
