import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_FORMAT,
  type Checklist,
  type ChecklistAnswer,
  ChecklistError,
  checklistScores,
  isValidAnswer,
  missingRequired,
  parseChecklist,
  serializeChecklist,
} from '@/lib/annotations/checklist';
import type { Stage } from '@/lib/journey/stages';

/** A predictable id maker: new-1, new-2, ... */
function ids() {
  let count = 0;
  return () => `new-${++count}`;
}

const BARE = {
  id: 'store-visit',
  name: 'Store visit',
  questions: [
    { id: 'greeted', stageId: 'awareness', text: 'Were you greeted?', type: 'yes-no', required: true, photo: false },
    { id: 'price', stageId: 'purchase', text: 'Was the price clear?', type: 'score', required: false, photo: true },
    { id: 'comment', stageId: null, text: 'Anything else?', type: 'text', required: false, photo: false },
  ],
};

/** The error message of a parse, or null when it parses. */
function parseError(input: unknown): string | null {
  try {
    parseChecklist(input, ids());
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ChecklistError);
    return (error as Error).message;
  }
}

describe('parseChecklist', () => {
  it('reads a bare checklist', () => {
    expect(parseChecklist(BARE, ids())).toEqual(BARE);
  });

  it('reads the exported, wrapped form', () => {
    expect(parseChecklist({ format: CHECKLIST_FORMAT, version: 1, checklist: BARE }, ids())).toEqual(BARE);
  });

  it('refuses a file of another format, or another version', () => {
    expect(parseError({ format: 'parcours.journey', version: 1, checklist: BARE })).toMatch(/Not a Parcours checklist.*parcours\.journey/);
    expect(parseError({ format: CHECKLIST_FORMAT, version: 2, checklist: BARE })).toMatch(/version 2 is not supported/);
    expect(parseError({ format: CHECKLIST_FORMAT, checklist: BARE })).toMatch(/version undefined is not supported/);
  });

  it('refuses what is not a JSON object', () => {
    for (const input of [null, undefined, 42, 'checklist', [BARE], true]) expect(parseError(input), String(input)).toMatch(/must be a JSON object/);
    expect(parseError({ format: CHECKLIST_FORMAT, version: 1, checklist: null })).toMatch(/must be a JSON object/);
  });

  it('refuses a checklist without a name, or with a blank one', () => {
    expect(parseError({ ...BARE, name: undefined })).toMatch(/no name/);
    expect(parseError({ ...BARE, name: '   ' })).toMatch(/no name/);
    expect(parseError({ ...BARE, name: 42 })).toMatch(/no name/);
  });

  it('refuses a checklist without questions', () => {
    expect(parseError({ ...BARE, questions: [] })).toMatch(/no questions/);
    expect(parseError({ ...BARE, questions: undefined })).toMatch(/no questions/);
    expect(parseError({ ...BARE, questions: 'all of them' })).toMatch(/no questions/);
  });

  it('refuses more than 500 questions', () => {
    const many = Array.from({ length: 501 }, (_item, index) => ({ text: `Q${index}`, type: 'yes-no' }));
    expect(parseError({ name: 'Big', questions: many })).toMatch(/more than 500/);
    expect(parseError({ name: 'Big enough', questions: many.slice(0, 500) })).toBeNull();
  });

  it('says which question is wrong: not an object, no text, or a type it does not know', () => {
    expect(parseError({ name: 'X', questions: [{ text: 'ok', type: 'text' }, 'oops'] })).toBe('Question 2 is not an object.');
    expect(parseError({ name: 'X', questions: [{ text: '  ', type: 'text' }] })).toBe('Question 1 has no text.');
    expect(parseError({ name: 'X', questions: [{ type: 'text' }] })).toBe('Question 1 has no text.');
    expect(parseError({ name: 'X', questions: [{ text: 'Rate it', type: 'stars' }] })).toBe(
      'Question 1 has type "stars"; expected one of yes-no, score, text.',
    );
    expect(parseError({ name: 'X', questions: [{ text: 'Rate it' }] })).toMatch(/Question 1 has type "undefined"/);
  });

  it('gives new ids to questions without one and to duplicates, keeping the first of a duplicate', () => {
    const parsed = parseChecklist(
      {
        name: 'Dupes',
        questions: [
          { id: 'q', text: 'First', type: 'yes-no' },
          { id: 'q', text: 'Second', type: 'yes-no' },
          { text: 'Third', type: 'yes-no' },
          { id: '  ', text: 'Fourth', type: 'yes-no' },
          { id: ' r ', text: 'Fifth', type: 'yes-no' },
        ],
      },
      ids(),
    );
    expect(parsed.questions.map((question) => question.id)).toEqual(['q', 'new-1', 'new-2', 'new-3', 'r']);
    expect(new Set(parsed.questions.map((question) => question.id)).size).toBe(5);
  });

  it('keeps the stage of a question, trimmed, and asks it for the whole walk when it has none', () => {
    const parsed = parseChecklist(
      {
        name: 'Stages',
        questions: [
          { text: 'A', type: 'text', stageId: ' purchase ' },
          { text: 'B', type: 'text', stageId: '' },
          { text: 'C', type: 'text', stageId: 7 },
          { text: 'D', type: 'text' },
        ],
      },
      ids(),
    );
    expect(parsed.questions.map((question) => question.stageId)).toEqual(['purchase', null, null, null]);
  });

  it('takes required and photo only when they are exactly true', () => {
    const parsed = parseChecklist(
      {
        name: 'Flags',
        questions: [
          { text: 'A', type: 'yes-no', required: true, photo: true },
          { text: 'B', type: 'yes-no', required: 'yes', photo: 1 },
          { text: 'C', type: 'yes-no' },
        ],
      },
      ids(),
    );
    expect(parsed.questions.map(({ required, photo }) => ({ required, photo }))).toEqual([
      { required: true, photo: true },
      { required: false, photo: false },
      { required: false, photo: false },
    ]);
  });

  it('cleans names and texts to one line and cuts them (name 120, question 500 characters)', () => {
    const parsed = parseChecklist(
      { name: `  Mystery\n shop ${'n'.repeat(200)}`, questions: [{ text: `Was it\n\nclear? ${'q'.repeat(600)}`, type: 'yes-no' }] },
      ids(),
    );
    expect(parsed.name.startsWith('Mystery shop n')).toBe(true);
    expect(parsed.name).toHaveLength(120);
    expect(parsed.questions[0]?.text.startsWith('Was it clear? q')).toBe(true);
    expect(parsed.questions[0]?.text).toHaveLength(500);
  });

  it('gives the checklist a new id when it has none', () => {
    const { id: _id, ...withoutId } = BARE;
    expect(parseChecklist(withoutId, () => 'fresh').id).toBe('fresh');
    expect(parseChecklist({ ...BARE, id: ' kept ' }, ids()).id).toBe('kept');
  });

  it('drops fields it does not know', () => {
    const parsed = parseChecklist({ ...BARE, author: 'me', questions: [{ ...BARE.questions[0], weight: 3 }] }, ids());
    expect(parsed).not.toHaveProperty('author');
    expect(parsed.questions[0]).not.toHaveProperty('weight');
  });
});

describe('serializeChecklist', () => {
  it('writes the wrapped form, pretty-printed, ending with a newline', () => {
    const text = serializeChecklist(BARE as Checklist);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ format: 'parcours.checklist', version: 1, checklist: BARE });
    expect(text).toContain('\n  "format": "parcours.checklist"');
  });

  it('round-trips: what it writes parses back to the same checklist', () => {
    const checklist = parseChecklist(BARE, ids());
    expect(parseChecklist(JSON.parse(serializeChecklist(checklist)), ids())).toEqual(checklist);
  });
});

describe('isValidAnswer', () => {
  it('takes a boolean for a yes/no question', () => {
    expect(isValidAnswer('yes-no', true)).toBe(true);
    expect(isValidAnswer('yes-no', false)).toBe(true);
    for (const value of ['yes', 1, 0, null, undefined]) expect(isValidAnswer('yes-no', value), String(value)).toBe(false);
  });

  it('takes a whole number from 1 to 5 for a score', () => {
    for (const value of [1, 2, 3, 4, 5]) expect(isValidAnswer('score', value)).toBe(true);
    for (const value of [0, 6, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '3', true, null])
      expect(isValidAnswer('score', value), String(value)).toBe(false);
  });

  it('takes a text with something in it for a text question', () => {
    expect(isValidAnswer('text', 'Friendly staff')).toBe(true);
    expect(isValidAnswer('text', '<b>ok</b>')).toBe(true);
    for (const value of ['', '   ', '\n', 42, true, null]) expect(isValidAnswer('text', value), JSON.stringify(value)).toBe(false);
  });
});

const answer = (questionId: string, value: ChecklistAnswer['value']): ChecklistAnswer => ({ questionId, value, photoScreenshotId: null });

describe('missingRequired', () => {
  const checklist = parseChecklist(
    {
      name: 'Required',
      questions: [
        { id: 'r1', text: 'Greeted?', type: 'yes-no', required: true },
        { id: 'r2', text: 'Rate the help', type: 'score', required: true },
        { id: 'r3', text: 'What did they say?', type: 'text', required: true },
        { id: 'o1', text: 'Optional', type: 'yes-no' },
      ],
    },
    ids(),
  );

  it('lists the required questions without an answer', () => {
    expect(missingRequired(checklist, []).map((question) => question.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('counts "no" as an answer, and ignores optional questions', () => {
    expect(missingRequired(checklist, [answer('r1', false), answer('r2', 1), answer('r3', 'Hello')])).toEqual([]);
  });

  it('counts a cleared answer, or one of the wrong type, as missing', () => {
    const missing = missingRequired(checklist, [answer('r1', null), answer('r2', 9), answer('r3', '  ')]);
    expect(missing.map((question) => question.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('ignores answers to questions the checklist does not have', () => {
    expect(missingRequired(checklist, [answer('ghost', true)]).map((question) => question.id)).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('checklistScores', () => {
  const stages: Stage[] = [
    { id: 'awareness', name: 'Awareness', order: 0 },
    { id: 'decision', name: 'Decision', order: 1 },
    { id: 'purchase', name: 'Purchase', order: 2 },
  ];
  // Listed out of stage order on purpose, with whole-walk questions first.
  const checklist = parseChecklist(
    {
      name: 'Scores',
      questions: [
        { id: 'w1', stageId: null, text: 'Would you come back?', type: 'yes-no' },
        { id: 'p1', stageId: 'purchase', text: 'Paying was easy', type: 'score' },
        { id: 'p2', stageId: 'purchase', text: 'Receipt given?', type: 'yes-no' },
        { id: 'a1', stageId: 'awareness', text: 'Found the shop?', type: 'yes-no' },
        { id: 'a2', stageId: 'awareness', text: 'First impression', type: 'text' },
        { id: 'g1', stageId: 'removed-stage', text: 'Asked about an old stage', type: 'score' },
      ],
    },
    ids(),
  );

  it('scores per stage in stage order, then the questions for the whole walk (and of unknown stages)', () => {
    const { perStage } = checklistScores(checklist, [], stages);
    expect(perStage.map((score) => score.stageId)).toEqual(['awareness', 'purchase', null]);
    expect(perStage.map((score) => score.total)).toEqual([2, 2, 2]);
  });

  it('does not count unanswered questions: a stage with nothing answered has no score', () => {
    const scores = checklistScores(checklist, [], stages);
    expect(scores.perStage.every((score) => score.score === null && score.answered === 0)).toBe(true);
    expect(scores.overall).toBeNull();
  });

  it('scores yes as 100 and no as 0', () => {
    const { perStage } = checklistScores(checklist, [answer('a1', true)], stages);
    expect(perStage[0]).toEqual({ stageId: 'awareness', score: 100, answered: 1, total: 2 });
    expect(checklistScores(checklist, [answer('a1', false)], stages).perStage[0]?.score).toBe(0);
  });

  it('maps a score of 1..5 to 0..100', () => {
    const scoreOf = (value: number) => checklistScores(checklist, [answer('p1', value)], stages).perStage[1]?.score;
    expect([1, 2, 3, 4, 5].map(scoreOf)).toEqual([0, 25, 50, 75, 100]);
  });

  it('counts a text answer as answered without scoring it', () => {
    const { perStage } = checklistScores(checklist, [answer('a2', 'Clean and bright')], stages);
    expect(perStage[0]).toEqual({ stageId: 'awareness', score: null, answered: 1, total: 2 });
  });

  it('averages the scored answers of a stage, and overall the scored answers of the whole checklist', () => {
    const answers = [answer('a1', true), answer('a2', 'Fine'), answer('p1', 2), answer('p2', false), answer('w1', true), answer('g1', 4)];
    const { perStage, overall } = checklistScores(checklist, answers, stages);
    expect(perStage).toEqual([
      { stageId: 'awareness', score: 100, answered: 2, total: 2 },
      { stageId: 'purchase', score: 13, answered: 2, total: 2 }, // (0.25 + 0) / 2 = 12.5, rounded
      { stageId: null, score: 88, answered: 2, total: 2 }, // (1 + 0.75) / 2
    ]);
    // The mean of the five scored answers, not the mean of the stage scores.
    expect(overall).toBe(Math.round(((1 + 0.25 + 0 + 1 + 0.75) / 5) * 100));
  });

  it('ignores answers that are not valid for their question', () => {
    const { perStage, overall } = checklistScores(checklist, [answer('p1', 7), answer('p2', 'yes'), answer('a1', null)], stages);
    expect(perStage.map((score) => score.answered)).toEqual([0, 0, 0]);
    expect(overall).toBeNull();
  });

  it('puts every question in the whole-walk group when the walk has no stages', () => {
    const { perStage } = checklistScores(checklist, [answer('a1', true)], []);
    expect(perStage).toEqual([{ stageId: null, score: 100, answered: 1, total: 6 }]);
  });
});
