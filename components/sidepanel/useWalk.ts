import { useMemo } from 'preact/hooks';
import { sessionLocale } from '@/lib/i18n/session-locale';
import type { GroupedStep } from '@/lib/journey/group';
import { type TesterLanes, testerLayers } from '@/lib/journey/layer';
import { LiveSteps } from '@/lib/journey/live-steps';
import { eventsSince, readDatabase } from '@/lib/store/reads';
import type { AnswerRecord, SessionRecord } from '@/lib/store/records';
import { ANNOTATOR, isAuthor, readSetting } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';

/**
 * The walk the side panel follows: the one named by `?session=` (opened from the sessions page), else the
 * one being recorded, else the latest one (to finish its checklist after the walk).
 */
export function useWalk(): SessionRecord | null | undefined {
  const db = readDatabase();
  const named = new URLSearchParams(location.search).get('session');
  return useLiveQuery(async () => {
    if (named) return (await db.sessions.get(named)) ?? null;
    return (await db.sessions.where('status').anyOf('recording', 'paused').first()) ?? (await db.sessions.orderBy('startedAt').last()) ?? null;
  }, [named]);
}

/** The walk's steps as the side panel lists them. */
export interface WalkSteps {
  /** The human steps, as the map shows them (same ids, actions and order). */
  steps: readonly GroupedStep[];
  /** The tester's layer of each step: stage, emotion, notes, moment of truth. */
  layers: readonly TesterLanes[];
  /** The index of the step selected (the one holding the session's selected event), null when none is. */
  selected: number | null;
}

/**
 * The walk's human steps with the tester's layer, following the database live. The steps are the map's
 * (groupSteps), assembled as the walk goes (LiveSteps): each change reads only the events committed since the
 * last one.
 */
export function useWalkSteps(session: SessionRecord | null | undefined): WalkSteps | undefined {
  const db = readDatabase();
  const sessionId = session?.id;
  // The steps are named in the walk's language, as its map is (lib/i18n/session-locale.ts).
  const live = useMemo(() => new LiveSteps(sessionLocale(session)), [sessionId]);
  return useLiveQuery(async () => {
    if (!sessionId) return { steps: [], layers: [], selected: null };
    live.add(await eventsSince(db, sessionId, live.lastSeq));
    const [annotations, fresh] = await Promise.all([db.annotations.where('sessionId').equals(sessionId).toArray(), db.sessions.get(sessionId)]);
    // Taken together after the reads: the steps, their layers and the selection are of one moment.
    const steps = live.steps;
    const indexOf = (eventId: string) => live.stepOf(eventId)?.index;
    const layers = testerLayers(steps, annotations, (fresh ?? session)?.stages ?? [], { get: (id) => live.timeOf(id) }, indexOf);
    const selectedId = (fresh ?? session)?.selectedEventId;
    return { steps, layers, selected: selectedId ? (indexOf(selectedId) ?? null) : null };
  }, [sessionId]);
}

export function useAnswers(sessionId: string | undefined): AnswerRecord[] | undefined {
  const db = readDatabase();
  return useLiveQuery(async () => (sessionId ? db.answers.where('sessionId').equals(sessionId).toArray() : []), [sessionId]);
}

export function useAnnotator() {
  const db = readDatabase();
  return useLiveQuery(() => readSetting(db, ANNOTATOR, 'tester', isAuthor), []) ?? 'tester';
}
