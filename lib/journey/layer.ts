import { type StageSwitch, stageAt } from '../annotations/stages';
import type { Author, EmotionData, NoteKind } from '../annotations/types';
import type { AnnotationRecord } from '../store/records';
import type { Stage } from './stages';
import type { Step } from './steps';

/** The lane each kind of note fills on the map (journey.json field names). */
export const NOTE_LANES: Record<NoteKind, 'thoughts' | 'painPoints' | 'opportunities' | 'expectations' | 'notes'> = {
  thought: 'thoughts',
  pain: 'painPoints',
  opportunity: 'opportunities',
  expectation: 'expectations',
  note: 'notes',
};

export interface StepNote {
  id: string;
  noteKind: NoteKind;
  text: string;
  author: Author;
  at: string;
}

/** The tester's layer on a step: stage, emotion, the written lanes, moment of truth. */
export interface TesterLanes {
  stageId: string | null;
  emotion: (EmotionData & { author: Author; annotationId: string }) | null;
  thoughts: string[];
  painPoints: string[];
  opportunities: string[];
  expectations: string[];
  notes: string[];
  /** Every note with who wrote it, in the order written. */
  annotations: StepNote[];
  momentOfTruth: boolean;
}

/** A raw step with the tester's layer on it. */
export interface AnnotatedStep extends Step, TesterLanes {}

/** Which step each event belongs to: its own step, else the latest step before it (by time). */
function stepFinder(steps: readonly Step[], eventTimes: ReadonlyMap<string, number>) {
  const byEvent = new Map<string, Step>();
  for (const step of steps) for (const id of step.eventIds) byEvent.set(id, step);
  return (eventId: string | null): Step | undefined => {
    if (eventId == null) return steps[0];
    const direct = byEvent.get(eventId);
    if (direct) return direct;
    const t = eventTimes.get(eventId);
    if (t == null) return steps[0];
    return steps.findLast((step) => step.t <= t) ?? steps[0];
  };
}

/**
 * Puts the tester's layer on the raw steps. Removed annotations are ignored; the latest emotion of a step
 * wins (tagging again replaces); stage switches give each step the stage current at its time.
 */
export function applyTesterLayer(
  steps: readonly Step[],
  annotations: readonly AnnotationRecord[],
  stages: readonly Stage[],
  eventTimes: ReadonlyMap<string, number>,
): AnnotatedStep[] {
  const live = annotations.filter((annotation) => !annotation.removed).sort((a, b) => a.t - b.t || a.at.localeCompare(b.at));
  const switches: StageSwitch[] = live.flatMap((annotation) => (annotation.kind === 'stage' ? [{ t: annotation.t, stageId: annotation.data.stageId }] : []));
  const annotated = new Map<string, AnnotatedStep>(
    steps.map((step) => [
      step.id,
      {
        ...step,
        stageId: stageAt(step.t, switches, stages),
        emotion: null,
        thoughts: [],
        painPoints: [],
        opportunities: [],
        expectations: [],
        notes: [],
        annotations: [],
        momentOfTruth: false,
      },
    ]),
  );
  const find = stepFinder(steps, eventTimes);
  for (const annotation of live) {
    const step = find(annotation.eventId);
    const target = step ? annotated.get(step.id) : undefined;
    if (!target) continue;
    switch (annotation.kind) {
      case 'emotion':
        target.emotion = { ...annotation.data, author: annotation.author, annotationId: annotation.id };
        break;
      case 'note':
        target[NOTE_LANES[annotation.data.noteKind]].push(annotation.data.text);
        target.annotations.push({
          id: annotation.id,
          noteKind: annotation.data.noteKind,
          text: annotation.data.text,
          author: annotation.author,
          at: annotation.at,
        });
        break;
      case 'moment-of-truth':
        target.momentOfTruth = annotation.data.on;
        break;
      case 'stage':
        break;
    }
  }
  return steps.map((step) => annotated.get(step.id) as AnnotatedStep);
}

/** Time and steps per stage, in stage order (stages without steps included, with zeros). */
export function perStageMetrics(steps: readonly AnnotatedStep[], stages: readonly Stage[]): { stageId: string; durationMs: number; steps: number }[] {
  return stages.map((stage) => {
    const mine = steps.filter((step) => step.stageId === stage.id);
    return { stageId: stage.id, durationMs: mine.reduce((sum, step) => sum + step.durationMs, 0), steps: mine.length };
  });
}
