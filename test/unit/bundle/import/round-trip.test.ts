import { describe, expect, it } from 'vitest';
import type { Checklist } from '@/lib/annotations/checklist';
import { checkBundle } from '@/lib/bundle/import/check-bundle';
import { rebuildWalk } from '@/lib/bundle/import/rebuild-walk';
import type { JourneyDocument } from '@/lib/bundle/journey-document';
import { writeBundle } from '@/lib/bundle/write-bundle';
import { assembleJourney } from '@/lib/journey/assemble';
import type { AnnotationRecord, AnswerRecord, EditRecord, SessionRecord } from '@/lib/store/records';
import { sessionRecord } from '../../fixtures/events';
import { demoEvents } from '../../journey/journey-fixtures';
import { fakeJpeg } from '../demo-bundle';

const CHECKLIST: Checklist = {
  id: 'c',
  name: 'Visit',
  questions: [
    { id: 'q1', stageId: null, text: 'Was the price clear?', type: 'yes-no', required: true, photo: true },
    { id: 'q2', stageId: null, text: 'Score the checkout', type: 'score', required: false, photo: false },
  ],
};

/** The demo walk with a tester's layer on it: notes, emotions, a moment of truth, a stage switch, edits, answers. */
function layeredWalk() {
  const events = demoEvents();
  const start = events[0]!;
  const session: SessionRecord = sessionRecord({
    id: start.sessionId,
    title: 'Demo purchase',
    startedAt: start.at,
    startEpochMs: Date.parse(start.at) - start.t,
    startUrl: start.url ?? '',
    checklist: CHECKLIST,
  });
  const steps = assembleJourney({ events, stages: session.stages }).steps;
  expect(steps.length).toBeGreaterThan(6);
  const at = (n: number) => new Date(Date.parse(start.at) + 3_600_000 + n * 1000).toISOString();
  const note = (id: string, stepIndex: number, extra: Partial<AnnotationRecord> & Pick<AnnotationRecord, 'kind' | 'data'>) =>
    ({
      id,
      sessionId: session.id,
      eventId: steps[stepIndex]!.id,
      t: steps[stepIndex]!.t,
      at: at(stepIndex),
      author: 'tester',
      updatedAt: null,
      removed: false,
      ...extra,
    }) as AnnotationRecord;
  const annotations: AnnotationRecord[] = [
    note('a1', 1, { kind: 'note', data: { noteKind: 'thought', text: 'Looks like a real shop' } }),
    note('a2', 2, { kind: 'note', data: { noteKind: 'pain', text: 'Where is the cart?' }, author: 'observer' }),
    note('a3', 2, { kind: 'emotion', data: { valence: -1, label: 'confused' } }),
    note('a4', 3, { kind: 'emotion', data: { valence: 2, label: 'delighted' } }),
    note('a5', 3, { kind: 'moment-of-truth', data: { on: true } }),
    note('a6', 4, { kind: 'stage', data: { stageId: session.stages[2]!.id } }),
  ];
  const edit = (id: string, n: number, change: EditRecord['edit']): EditRecord => ({
    id,
    sessionId: session.id,
    at: at(100 + n),
    author: 'tester',
    undone: false,
    undoneAt: null,
    edit: change,
  });
  const edits: EditRecord[] = [
    edit('e1', 1, { kind: 'title', stepId: steps[1]!.id, title: 'Open the shop' }),
    edit('e2', 2, { kind: 'merge', stepIds: [steps[5]!.id, steps[6]!.id] }),
    edit('e3', 3, { kind: 'hide', stepId: steps[2]!.id, hidden: true }),
    edit('e4', 4, { kind: 'stage', stepId: steps[1]!.id, stageId: session.stages[1]!.id }),
  ];
  const answers: AnswerRecord[] = [
    { id: `${session.id}:q1`, sessionId: session.id, questionId: 'q1', value: true, photoScreenshotId: 'photo-1', author: 'tester', at: at(200) },
    { id: `${session.id}:q2`, sessionId: session.id, questionId: 'q2', value: 4, photoScreenshotId: null, author: 'observer', at: at(201) },
  ];
  return { session, events, annotations, edits, answers };
}

/** journey.json without what an export alone decides (the generator). */
const comparable = ({ generator: _generator, ...journey }: JourneyDocument) => journey;

describe('export, import, export', () => {
  it('gives the same journey.json, tester layer, edits, checklist and screenshots included', async () => {
    const walk = layeredWalk();
    const first = await writeBundle({
      ...walk,
      locale: 'en',
      loadScreenshot: async (id) => new Blob([fakeJpeg(id) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
    });
    const bytes = new Uint8Array(await first.zip.arrayBuffer());
    const checked = await checkBundle(bytes);
    let n = 0;
    const imported = rebuildWalk(checked, {
      sessionId: walk.session.id,
      fileName: 'demo.parcours.zip',
      importedAt: '2026-12-01T00:00:00.000Z',
      randomId: () => `id-${++n}`,
    });
    expect(imported.session.imported).toEqual({ fileName: 'demo.parcours.zip', at: '2026-12-01T00:00:00.000Z', originalSessionId: walk.session.id });
    expect(imported.events).toEqual(walk.events);
    const images = new Map(imported.screenshots.map((record) => [record.id, record.blob]));
    const second = await writeBundle({ ...imported, locale: 'en', loadScreenshot: async (id) => images.get(id) ?? null });
    expect(comparable(second.journey)).toEqual(comparable(first.journey));
    // The images are the same bytes under the same names.
    const again = await checkBundle(new Uint8Array(await second.zip.arrayBuffer()));
    for (const [path, content] of checked.files) if (path.startsWith('screenshots/')) expect(again.files.get(path)).toEqual(content);
    expect(first.journey.steps.some((step) => step.titled)).toBe(true);
    const hidden = walk.edits.find((item) => item.edit.kind === 'hide')?.edit as { stepId: string };
    expect(first.journey.steps.map((step) => step.id)).not.toContain(hidden.stepId);
    expect(imported.edits.map((item) => item.edit.kind).sort()).toEqual(['hide', 'merge', 'title']);
    // The stage the tester moved a step to comes back as a stage switch on that step (no edit needed).
    // a2 was written on the step the tester hid: journey.json leaves hidden steps out, their notes with them.
    expect(imported.annotations.filter((item) => item.kind === 'note').map((item) => item.id)).toEqual(['a1']);
    expect(first.journey.checklist?.questions[0]?.answer?.photo).toMatch(/^screenshots\//);
  });
});
