import { type AnswerValue, type Checklist, isValidAnswer, missingRequired } from '../annotations/checklist';
import { normalizeSetup } from '../annotations/setup';
import { moveStage, removeStage } from '../annotations/stages';
import { cleanLabel, cleanNote } from '../annotations/text';
import { type AnnotationPayload, type Author, NOTE_KINDS, VALENCES, type WalkSetup } from '../annotations/types';
import { isoAt, sessionTime } from '../capture/clock';
import { sessionLocale } from '../i18n/session-locale';
import type { GroupedStep } from '../journey/group';
import { LiveSteps } from '../journey/live-steps';
import { ProtocolFailure } from '../messaging/protocol';
import type { ParcoursDatabase } from '../store/db';
import { eventsSince } from '../store/events';
import type { AnnotationRecord, AnswerRecord, SessionRecord } from '../store/records';
import { activeSession } from '../store/sessions';

export interface LayerClock {
  now(): number;
}

/** Where an annotation landed, for the confirmation the tester sees: its event, and its step's action as the map names it. */
export interface Anchor {
  eventId: string | null;
  action: string | null;
}

/** What undoes a stage removal: the stage list and the stage switches as they were. */
export interface StageRemoval {
  stages: SessionRecord['stages'];
  switches: { id: string; stageId: string }[];
  currentStageId: string | null;
}

/**
 * The writer of the tester's layer (annotations, stages, setup, checklist answers). Like the session
 * controller it is the only writer, each change is its own transaction, and every change is idempotent by
 * a client-made id, so a request re-sent after a worker restart changes nothing twice.
 */
export class TesterLayer {
  /** The walk whose human steps are followed (the one being annotated). */
  private followed: { sessionId: string; steps: LiveSteps } | null = null;

  constructor(
    private readonly db: ParcoursDatabase,
    private readonly clock: LayerClock,
  ) {}

  /** The session a request is about: the one named, else the walk being recorded. */
  async session(sessionId?: string | null): Promise<SessionRecord> {
    const session = sessionId ? await this.db.sessions.get(sessionId) : await activeSession(this.db);
    if (!session) throw new ProtocolFailure({ code: 'no-session', message: sessionId ? `No session ${sessionId}` : 'No walk is being recorded' });
    return session;
  }

  /**
   * The human steps of a walk, as the map makes them: kept for the walk being annotated, and brought up to
   * date with only the events committed since the last call (a worker restart reads the walk once again).
   */
  async steps(sessionId: string): Promise<LiveSteps> {
    // In the walk's language, as its map is (lib/i18n/session-locale.ts).
    if (this.followed?.sessionId !== sessionId) this.followed = { sessionId, steps: new LiveSteps(sessionLocale(await this.db.sessions.get(sessionId))) };
    const { steps } = this.followed;
    steps.add(await eventsSince(this.db, sessionId, steps.lastSeq));
    return steps;
  }

  /** The latest human step of a session (null before the first), however many events follow it. */
  async latestStep(sessionId: string): Promise<GroupedStep | null> {
    const { steps } = await this.steps(sessionId);
    return steps[steps.length - 1] ?? null;
  }

  /** The anchor of an event: its id and the action of the human step holding it, as the map names it. */
  async anchorOf(sessionId: string, eventId: string | null): Promise<Anchor> {
    if (eventId == null) return { eventId: null, action: null };
    return { eventId, action: (await this.steps(sessionId)).stepOf(eventId)?.action ?? null };
  }

  private async anchorFor(session: SessionRecord, requested: string | null | undefined): Promise<Anchor> {
    const eventId = requested === undefined ? (session.selectedEventId ?? (await this.latestStep(session.id))?.id ?? null) : requested;
    if (eventId == null) return { eventId: null, action: null };
    const event = await this.db.events.get(eventId);
    if (!event || event.sessionId !== session.id) throw new ProtocolFailure({ code: 'invalid-state', message: 'That step is not part of this walk' });
    return this.anchorOf(session.id, eventId);
  }

  /**
   * Adds an annotation to a step: the one named, else the step selected in the side panel, else the latest
   * human step (the session start before any), anchored to the step's first event. A second emotion (or moment of truth) of the same author on a step
   * replaces the first: the first is marked removed, and named in `replaced` so an undo can restore it.
   */
  async annotate(request: {
    id: string;
    sessionId?: string | null;
    eventId?: string | null;
    author: Author;
    payload: AnnotationPayload;
  }): Promise<{ annotation: AnnotationRecord; anchor: Anchor; replaced: string[] }> {
    const existing = await this.db.annotations.get(request.id);
    if (existing) {
      // A request sent again: the same answer as the first time, the tags it replaced included.
      const replaced = (await this.db.annotations.where('[sessionId+kind]').equals([existing.sessionId, existing.kind]).toArray())
        .filter(
          (old) => old.id !== existing.id && old.eventId === existing.eventId && old.author === existing.author && old.removed && old.updatedAt === existing.at,
        )
        .map((old) => old.id);
      return { annotation: existing, anchor: await this.anchorFor(await this.session(existing.sessionId), existing.eventId), replaced };
    }
    const payload = validPayload(request.payload);
    const session = await this.session(request.sessionId);
    const anchor = await this.anchorFor(session, request.eventId);
    const epochMs = this.clock.now();
    const annotation = {
      ...payload,
      id: request.id,
      sessionId: session.id,
      eventId: anchor.eventId,
      t: sessionTime(epochMs, session.startEpochMs),
      at: isoAt(epochMs),
      author: request.author === 'observer' ? 'observer' : 'tester',
      updatedAt: null,
      removed: false,
    } as AnnotationRecord;
    const replaced: string[] = [];
    await this.db.transaction('rw', this.db.annotations, async () => {
      if (annotation.kind === 'emotion' || annotation.kind === 'moment-of-truth') {
        // Tagging again replaces: the earlier tag of this kind on the step, by the same author, is removed
        // (stamped with the new tag's time, which is how a request sent again finds them).
        const earlier = await this.db.annotations.where('[sessionId+kind]').equals([session.id, annotation.kind]).toArray();
        for (const old of earlier) {
          if (old.eventId === annotation.eventId && old.author === annotation.author && !old.removed) {
            await this.db.annotations.update(old.id, { removed: true, updatedAt: annotation.at });
            replaced.push(old.id);
          }
        }
      }
      await this.db.annotations.add(annotation);
    });
    return { annotation, anchor, replaced };
  }

  async editNote(id: string, text: string): Promise<AnnotationRecord> {
    const annotation = await this.db.annotations.get(id);
    if (annotation?.kind !== 'note') throw new ProtocolFailure({ code: 'invalid-state', message: 'No such note' });
    const clean = cleanNote(text);
    if (clean == null) throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorEmptyNote', message: 'A note cannot be empty' });
    await this.db.annotations.update(id, { data: { ...annotation.data, text: clean }, updatedAt: isoAt(this.clock.now()) });
    return (await this.db.annotations.get(id)) as AnnotationRecord;
  }

  /** Removes (or restores) an annotation. Removed ones are kept, marked, so a removal can be undone. */
  async setRemoved(id: string, removed: boolean): Promise<AnnotationRecord> {
    const annotation = await this.db.annotations.get(id);
    if (!annotation) throw new ProtocolFailure({ code: 'invalid-state', message: 'No such annotation' });
    await this.db.annotations.update(id, { removed, updatedAt: isoAt(this.clock.now()) });
    return (await this.db.annotations.get(id)) as AnnotationRecord;
  }

  /** Switches the current stage (by id, or to the next/previous one); steps from now on belong to it. */
  async switchStage(request: {
    id: string;
    sessionId?: string | null;
    to: { stageId: string } | { delta: -1 | 1 };
    author: Author;
  }): Promise<{ stageId: string }> {
    const done = await this.db.annotations.get(request.id);
    if (done?.kind === 'stage') return { stageId: done.data.stageId };
    const session = await this.session(request.sessionId);
    const stages = session.stages;
    const to = request.to;
    let stageId: string | undefined;
    // A stage is named by id or by its name as shown (scripted walks say `tester.stage('Purchase')`).
    if ('stageId' in to)
      stageId = (stages.find((stage) => stage.id === to.stageId) ?? stages.find((stage) => stage.name.toLowerCase() === to.stageId.toLowerCase()))?.id;
    else {
      const index = Math.max(
        0,
        stages.findIndex((stage) => stage.id === session.currentStageId),
      );
      stageId = stages[Math.min(stages.length - 1, Math.max(0, index + to.delta))]?.id;
    }
    if (!stageId) throw new ProtocolFailure({ code: 'invalid-state', message: 'No such stage in this walk' });
    if (stageId === session.currentStageId && 'delta' in to) return { stageId };
    const epochMs = this.clock.now();
    const latest = await this.latestStep(session.id);
    await this.db.transaction('rw', this.db.annotations, this.db.sessions, async () => {
      await this.db.annotations.add({
        kind: 'stage',
        data: { stageId: stageId as string },
        id: request.id,
        sessionId: session.id,
        eventId: latest?.id ?? null,
        t: sessionTime(epochMs, session.startEpochMs),
        at: isoAt(epochMs),
        author: request.author,
        updatedAt: null,
        removed: false,
      });
      await this.db.sessions.update(session.id, { currentStageId: stageId });
    });
    return { stageId };
  }

  /** Changes the setup (persona, scenario, goal, segment, expectations, title, stage names and order). */
  async updateSetup(sessionId: string, changes: Partial<WalkSetup>): Promise<SessionRecord> {
    const session = await this.session(sessionId);
    const next = normalizeSetup({ ...session, ...changes }, session.title);
    const stageIds = new Set(next.stages.map((stage) => stage.id));
    const dropped = session.stages.filter((stage) => !stageIds.has(stage.id));
    if (dropped.length > 0) throw new ProtocolFailure({ code: 'invalid-state', message: 'Remove stages with stage/remove, which moves their steps' });
    await this.db.sessions.update(session.id, {
      ...next,
      currentStageId: stageIds.has(session.currentStageId ?? '') ? session.currentStageId : (next.stages[0]?.id ?? null),
    });
    return this.session(session.id);
  }

  async moveStage(sessionId: string, stageId: string, delta: -1 | 1): Promise<SessionRecord> {
    const session = await this.session(sessionId);
    await this.db.sessions.update(session.id, { stages: moveStage(session.stages, stageId, delta) });
    return this.session(session.id);
  }

  /**
   * Removes a stage; steps that belonged to it move to the stage before it (switches to it are redirected).
   * Returns what undoes it.
   */
  async removeStage(sessionId: string, stageId: string): Promise<StageRemoval> {
    const session = await this.session(sessionId);
    const { stages, movedTo } = removeStage(session.stages, stageId);
    if (movedTo == null) throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorLastStage', message: 'A walk keeps at least one stage' });
    const undo: StageRemoval = { stages: session.stages, switches: [], currentStageId: session.currentStageId };
    await this.db.transaction('rw', this.db.annotations, this.db.sessions, async () => {
      const switches = await this.db.annotations.where('[sessionId+kind]').equals([session.id, 'stage']).toArray();
      for (const change of switches) {
        if (change.kind === 'stage' && change.data.stageId === stageId) {
          undo.switches.push({ id: change.id, stageId });
          await this.db.annotations.update(change.id, { data: { stageId: movedTo } });
        }
      }
      await this.db.sessions.update(session.id, { stages, currentStageId: session.currentStageId === stageId ? movedTo : session.currentStageId });
    });
    return undo;
  }

  async undoStageRemoval(sessionId: string, undo: StageRemoval): Promise<SessionRecord> {
    const session = await this.session(sessionId);
    await this.db.transaction('rw', this.db.annotations, this.db.sessions, async () => {
      for (const change of undo.switches) await this.db.annotations.update(change.id, { data: { stageId: change.stageId } });
      await this.db.sessions.update(session.id, { stages: undo.stages, currentStageId: undo.currentStageId });
    });
    return this.session(session.id);
  }

  /** The side panel's selection: annotations land on this step until it is cleared (null). */
  async select(sessionId: string, eventId: string | null): Promise<null> {
    const session = await this.session(sessionId);
    if (eventId != null) await this.anchorFor(session, eventId);
    await this.db.sessions.update(session.id, { selectedEventId: eventId });
    return null;
  }

  async setChecklist(sessionId: string, checklist: Checklist | null): Promise<SessionRecord> {
    const session = await this.session(sessionId);
    await this.db.sessions.update(session.id, { checklist, completedAt: null });
    return this.session(session.id);
  }

  /** Answers a checklist question (null clears the answer; a photo is added with `photoScreenshotId`). */
  async answer(request: {
    sessionId: string;
    questionId: string;
    value: AnswerValue | null;
    author: Author;
    photoScreenshotId?: string | null;
  }): Promise<AnswerRecord> {
    const session = await this.session(request.sessionId);
    const question = session.checklist?.questions.find((item) => item.id === request.questionId);
    if (!question) throw new ProtocolFailure({ code: 'invalid-state', message: 'No such question in this walk' });
    let value = request.value;
    if (typeof value === 'string') value = cleanNote(value);
    if (value != null && !isValidAnswer(question.type, value))
      throw new ProtocolFailure({ code: 'invalid-state', message: `Not a valid answer to a ${question.type} question` });
    const id = `${session.id}:${question.id}`;
    const previous = await this.db.answers.get(id);
    const record: AnswerRecord = {
      id,
      sessionId: session.id,
      questionId: question.id,
      value,
      photoScreenshotId: request.photoScreenshotId === undefined ? (previous?.photoScreenshotId ?? null) : request.photoScreenshotId,
      author: request.author,
      at: isoAt(this.clock.now()),
    };
    await this.db.answers.put(record);
    if (session.completedAt && question.required && value == null) await this.db.sessions.update(session.id, { completedAt: null });
    return record;
  }

  /** Marks a finished walk complete; refused while a required question is unanswered. */
  async complete(sessionId: string): Promise<SessionRecord> {
    const session = await this.session(sessionId);
    if (session.status === 'recording' || session.status === 'paused')
      throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorStopBeforeComplete', message: 'Stop the walk before marking it complete' });
    if (session.checklist) {
      const answers = await this.db.answers.where('sessionId').equals(session.id).toArray();
      const missing = missingRequired(session.checklist, answers);
      if (missing.length > 0) {
        throw new ProtocolFailure({
          code: 'checklist-incomplete',
          message: missing.map((question) => question.text).join('\n'),
          missing: missing.map((question) => question.id),
        });
      }
    }
    await this.db.sessions.update(session.id, { completedAt: isoAt(this.clock.now()) });
    return this.session(session.id);
  }
}

/** Checks and cleans an annotation coming from a page or a panel. */
function validPayload(payload: AnnotationPayload): AnnotationPayload {
  switch (payload?.kind) {
    case 'emotion': {
      const valence = payload.data?.valence;
      if (!VALENCES.includes(valence)) throw new ProtocolFailure({ code: 'invalid-state', message: 'An emotion is a valence from -2 to +2' });
      const raw = payload.data.label;
      if (raw != null && typeof raw !== 'string') throw new ProtocolFailure({ code: 'invalid-state', message: 'An emotion label is text' });
      const label = raw ? cleanLabel(raw, 40) || null : null;
      return { kind: 'emotion', data: { valence, label } };
    }
    case 'note': {
      if (!NOTE_KINDS.includes(payload.data?.noteKind)) throw new ProtocolFailure({ code: 'invalid-state', message: 'Unknown kind of note' });
      const text = cleanNote(payload.data?.text ?? '');
      if (text == null) throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorEmptyNote', message: 'A note cannot be empty' });
      return { kind: 'note', data: { noteKind: payload.data.noteKind, text } };
    }
    case 'moment-of-truth':
      return { kind: 'moment-of-truth', data: { on: payload.data?.on !== false } };
    default:
      throw new ProtocolFailure({ code: 'invalid-state', message: 'Unknown annotation' });
  }
}
