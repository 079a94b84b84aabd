import type { Stage } from '../journey/stages';

/** Who made an annotation: the tester walking, or an observer annotating on a participant's behalf. */
export type Author = 'tester' | 'observer';

/** The written lanes of the map. */
export const NOTE_KINDS = ['thought', 'pain', 'opportunity', 'expectation', 'note'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export type Valence = -2 | -1 | 0 | 1 | 2;
export const VALENCES: readonly Valence[] = [-2, -1, 0, 1, 2];

/** Emotion labels offered by default; testers add their own. */
export const DEFAULT_EMOTION_LABELS = ['frustrated', 'confused', 'anxious', 'neutral', 'reassured', 'satisfied', 'delighted'] as const;

export interface EmotionData {
  valence: Valence;
  label: string | null;
}

export interface NoteData {
  noteKind: NoteKind;
  text: string;
}

/** The tester's layer, one record per annotation. `eventId` anchors it to a step (null: the session start). */
export type AnnotationPayload =
  | { kind: 'emotion'; data: EmotionData }
  | { kind: 'note'; data: NoteData }
  | { kind: 'moment-of-truth'; data: { on: boolean } }
  | { kind: 'stage'; data: { stageId: string } };

export type AnnotationKind = AnnotationPayload['kind'];

export interface Persona {
  name: string;
  description: string;
}

/** The setup of a walk: who, what situation, what for, and the stages it goes through. */
export interface WalkSetup {
  title: string;
  persona: Persona;
  scenario: string;
  goal: string;
  segment: string;
  expectations: string;
  stages: Stage[];
}

export type { Stage };
