import type { Stage } from '../journey/stages';
import { cleanLabel, cleanNote } from './text';

export const CHECKLIST_FORMAT = 'parcours.checklist';

export type QuestionType = 'yes-no' | 'score' | 'text';
export const QUESTION_TYPES: readonly QuestionType[] = ['yes-no', 'score', 'text'];

/** One evaluation question of a mystery-shopping checklist, asked at a stage (or for the whole walk). */
export interface ChecklistQuestion {
  id: string;
  stageId: string | null;
  text: string;
  type: QuestionType;
  required: boolean;
  /** The shopper may attach a screenshot of the current screen as evidence. */
  photo: boolean;
}

export interface Checklist {
  id: string;
  name: string;
  questions: ChecklistQuestion[];
}

export type AnswerValue = boolean | number | string;

export interface ChecklistAnswer {
  questionId: string;
  value: AnswerValue | null;
  photoScreenshotId: string | null;
}

export class ChecklistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecklistError';
  }
}

/** Whether a value is a valid answer to a question of this type (yes/no, 1..5, non-empty text). */
export function isValidAnswer(type: QuestionType, value: unknown): value is AnswerValue {
  if (type === 'yes-no') return typeof value === 'boolean';
  if (type === 'score') return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
  return typeof value === 'string' && cleanNote(value) != null;
}

/**
 * Reads a checklist template from imported JSON, with a clear message for each problem. Accepts the
 * exported form (`{ format: "parcours.checklist", version: 1, checklist }`) and a bare checklist.
 */
export function parseChecklist(input: unknown, newId: () => string): Checklist {
  const wrapper = input as { format?: unknown; version?: unknown; checklist?: unknown } | null;
  if (wrapper && typeof wrapper === 'object' && 'format' in wrapper) {
    if (wrapper.format !== CHECKLIST_FORMAT) throw new ChecklistError(`Not a Parcours checklist (format "${String(wrapper.format)}").`);
    if (wrapper.version !== 1) throw new ChecklistError(`Checklist version ${String(wrapper.version)} is not supported (expected 1).`);
  }
  const raw = (wrapper && typeof wrapper === 'object' && 'checklist' in wrapper ? wrapper.checklist : input) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ChecklistError('A checklist must be a JSON object.');
  const name = typeof raw.name === 'string' ? cleanLabel(raw.name, 120) : '';
  if (!name) throw new ChecklistError('The checklist has no name.');
  if (!Array.isArray(raw.questions) || raw.questions.length === 0) throw new ChecklistError('The checklist has no questions.');
  if (raw.questions.length > 500) throw new ChecklistError('The checklist has more than 500 questions.');
  const seen = new Set<string>();
  const questions = raw.questions.map((item: unknown, index: number): ChecklistQuestion => {
    const question = item as Record<string, unknown> | null;
    const where = `Question ${index + 1}`;
    if (!question || typeof question !== 'object') throw new ChecklistError(`${where} is not an object.`);
    const text = typeof question.text === 'string' ? cleanLabel(question.text, 500) : '';
    if (!text) throw new ChecklistError(`${where} has no text.`);
    const type = question.type;
    if (typeof type !== 'string' || !QUESTION_TYPES.includes(type as QuestionType)) {
      throw new ChecklistError(`${where} has type "${String(type)}"; expected one of ${QUESTION_TYPES.join(', ')}.`);
    }
    let id = typeof question.id === 'string' && question.id.trim() ? question.id.trim() : newId();
    if (seen.has(id)) id = newId();
    seen.add(id);
    const stageId = typeof question.stageId === 'string' && question.stageId.trim() ? question.stageId.trim() : null;
    return { id, stageId, text, type: type as QuestionType, required: question.required === true, photo: question.photo === true };
  });
  const id = typeof raw.id === 'string' && raw.id.trim() ? raw.id.trim() : newId();
  return { id, name, questions };
}

/** The exported form of a checklist template. */
export function serializeChecklist(checklist: Checklist): string {
  return `${JSON.stringify({ format: CHECKLIST_FORMAT, version: 1, checklist }, null, 2)}\n`;
}

/** Required questions without a valid answer: what blocks marking the session complete. */
export function missingRequired(checklist: Checklist, answers: readonly ChecklistAnswer[]): ChecklistQuestion[] {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  return checklist.questions.filter((question) => question.required && !isValidAnswer(question.type, byQuestion.get(question.id)?.value));
}

export interface StageScore {
  stageId: string | null;
  /** 0..100, or null when no scored question of the stage is answered. */
  score: number | null;
  answered: number;
  total: number;
}

/** A scored answer as a fraction: yes = 1, no = 0, a 1..5 score maps to 0..1. Text answers are not scored. */
function fraction(question: ChecklistQuestion, value: AnswerValue | null | undefined): number | null {
  if (question.type === 'yes-no' && typeof value === 'boolean') return value ? 1 : 0;
  if (question.type === 'score' && typeof value === 'number' && isValidAnswer('score', value)) return (value - 1) / 4;
  return null;
}

/**
 * Scores per stage (in stage order, then questions for the whole walk) and overall: the mean of the scored
 * answers, as a percentage. Unanswered questions do not count as zero; they are reported as unanswered.
 */
export function checklistScores(
  checklist: Checklist,
  answers: readonly ChecklistAnswer[],
  stages: readonly Stage[],
): { perStage: StageScore[]; overall: number | null } {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  const groups = new Map<string | null, ChecklistQuestion[]>();
  const known = new Set(stages.map((stage) => stage.id));
  for (const question of checklist.questions) {
    const key = question.stageId && known.has(question.stageId) ? question.stageId : null;
    groups.set(key, [...(groups.get(key) ?? []), question]);
  }
  const order = [...stages.map((stage) => stage.id), null].filter((key) => groups.has(key));
  const all: number[] = [];
  const perStage = order.map((stageId): StageScore => {
    const questions = groups.get(stageId) ?? [];
    const values = questions.map((question) => fraction(question, byQuestion.get(question.id)?.value)).filter((value): value is number => value != null);
    all.push(...values);
    const answered = questions.filter((question) => isValidAnswer(question.type, byQuestion.get(question.id)?.value)).length;
    return { stageId, score: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) : null, answered, total: questions.length };
  });
  const overall = all.length ? Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 100) : null;
  return { perStage, overall };
}
