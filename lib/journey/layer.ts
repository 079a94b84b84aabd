import { type StageSwitch, stageAt } from '../annotations/stages';
import type { Author, EmotionData, NoteKind } from '../annotations/types';
import type { AnnotationRecord } from '../store/records';
import type { Stage } from './stages';

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

/** What the layer needs of a step: when it began and which events it holds. Steps are in time order. */
export interface LayerAnchor {
  t: number;
  eventIds: readonly string[];
}

/** Index of the latest step that began at or before t; -1 when none did. */
function stepAtOrBefore(steps: readonly LayerAnchor[], t: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] as LayerAnchor).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The tester's layer of each human step (of the map, or of the side panel's live steps): removed
 * annotations are ignored; each step takes the stage current at its time (the first stage before any
 * switch); an annotation anchored to any event of a step lands on that step (an unknown event: the latest
 * step before its time; no event: the first step); the latest emotion of a step wins (tagging again
 * replaces); notes fill their lane in the order written; the latest moment-of-truth mark decides.
 * `stepIndexOf`, when the caller already knows the step of each event (LiveSteps), spares indexing every
 * event again. O(n log n) in steps and annotations.
 */
export function testerLayers(
  steps: readonly LayerAnchor[],
  annotations: readonly AnnotationRecord[],
  stages: readonly Stage[],
  eventTimes: Pick<ReadonlyMap<string, number>, 'get'>,
  stepIndexOf?: (eventId: string) => number | undefined,
): TesterLanes[] {
  const live = annotations.filter((annotation) => !annotation.removed).sort((a, b) => a.t - b.t || a.at.localeCompare(b.at));
  const switches: StageSwitch[] = live.flatMap((annotation) => (annotation.kind === 'stage' ? [{ t: annotation.t, stageId: annotation.data.stageId }] : []));
  const known = new Set(stages.map((stage) => stage.id));

  // Stages by one sweep: steps and switches are both in time order.
  let current: string | null = stageAt(Number.NEGATIVE_INFINITY, [], stages);
  let next = 0;
  const layers: TesterLanes[] = steps.map((step) => {
    while (next < switches.length && (switches[next] as StageSwitch).t <= step.t) {
      const change = switches[next++] as StageSwitch;
      if (known.has(change.stageId)) current = change.stageId;
    }
    return {
      stageId: current,
      emotion: null,
      thoughts: [],
      painPoints: [],
      opportunities: [],
      expectations: [],
      notes: [],
      annotations: [],
      momentOfTruth: false,
    };
  });

  let indexOf = stepIndexOf;
  if (!indexOf) {
    const stepOfEvent = new Map<string, number>();
    for (const [index, step] of steps.entries()) for (const id of step.eventIds) stepOfEvent.set(id, index);
    indexOf = (eventId) => stepOfEvent.get(eventId);
  }
  const anchor = (eventId: string | null): number => {
    if (eventId == null) return 0;
    const direct = indexOf(eventId);
    if (direct != null) return direct;
    const t = eventTimes.get(eventId);
    return t == null ? 0 : Math.max(0, stepAtOrBefore(steps, t));
  };

  for (const annotation of live) {
    const layer = layers[anchor(annotation.eventId)];
    if (!layer) continue;
    switch (annotation.kind) {
      case 'emotion':
        layer.emotion = { ...annotation.data, author: annotation.author, annotationId: annotation.id };
        break;
      case 'note': {
        const note: StepNote = {
          id: annotation.id,
          noteKind: annotation.data.noteKind,
          text: annotation.data.text,
          author: annotation.author,
          at: annotation.at,
        };
        layer[NOTE_LANES[note.noteKind]].push(note.text);
        layer.annotations.push(note);
        break;
      }
      case 'moment-of-truth':
        layer.momentOfTruth = annotation.data.on;
        break;
      case 'stage':
        break;
    }
  }
  return layers;
}
