import { currentLocale } from '@/lib/i18n';
import type { AnnotatedStep } from '@/lib/journey/layer';
import { applyTesterLayer } from '@/lib/journey/layer';
import { buildSteps } from '@/lib/journey/steps';
import { database } from '@/lib/store/db';
import { sessionEvents } from '@/lib/store/events';
import type { AnnotationRecord, AnswerRecord, SessionRecord } from '@/lib/store/records';
import { ANNOTATOR, isAuthor, readSetting } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';

/**
 * The walk the side panel follows: the one named by `?session=` (opened from the sessions page), else the
 * one being recorded, else the latest one (to finish its checklist after the walk).
 */
export function useWalk(): SessionRecord | null | undefined {
  const db = database();
  const named = new URLSearchParams(location.search).get('session');
  return useLiveQuery(async () => {
    if (named) return (await db.sessions.get(named)) ?? null;
    return (await db.sessions.where('status').anyOf('recording', 'paused').first()) ?? (await db.sessions.orderBy('startedAt').last()) ?? null;
  }, [named]);
}

/** The walk's steps with the tester's layer, following the database live. */
export function useAnnotatedSteps(session: SessionRecord | null | undefined): { steps: AnnotatedStep[]; annotations: AnnotationRecord[] } | undefined {
  const db = database();
  return useLiveQuery(async () => {
    if (!session) return { steps: [], annotations: [] };
    const events = await sessionEvents(db, session.id);
    const annotations = await db.annotations.where('sessionId').equals(session.id).toArray();
    const fresh = (await db.sessions.get(session.id)) ?? session;
    const times = new Map(events.map((event) => [event.id, event.t]));
    return { steps: applyTesterLayer(buildSteps(events, currentLocale()), annotations, fresh.stages, times), annotations };
  }, [session?.id]);
}

export function useAnswers(sessionId: string | undefined): AnswerRecord[] | undefined {
  const db = database();
  return useLiveQuery(async () => (sessionId ? db.answers.where('sessionId').equals(sessionId).toArray() : []), [sessionId]);
}

export function useAnnotator() {
  const db = database();
  return useLiveQuery(() => readSetting(db, ANNOTATOR, 'tester', isAuthor), []) ?? 'tester';
}
