import { arrayOf, boolean, type Check, finite, id, nullable, object, oneOf, optional, text } from '../../messaging/validate';

/**
 * The part of journey.json an import rebuilds a walk from, checked field by field (the same small checks the
 * background runs on messages). The full JSON Schema (docs/journey.schema.json) is checked with ajv in the tests
 * and by teams' tools; the extension does not ship ajv (about 120 kB minified with its 2020 draft) for checks
 * these guards make at the fields import reads. Objects are open: the derived fields (metrics, signals'
 * descriptions…) are derived again, not read.
 */
const any: Check = () => null;
const str = text(1_000_000);
const author = oneOf(['tester', 'observer']);
const open = (fields: Record<string, Check>) => object(fields, { open: true });
const stage = open({ id, name: str, order: finite });
const note = open({ id, noteKind: oneOf(['thought', 'pain', 'opportunity', 'expectation', 'note']), text: str, author, at: str });
const step = open({
  id,
  t: finite,
  at: str,
  screenshot: nullable(str),
  lateScreenshot: optional(str),
  fullPages: arrayOf(open({ screenshot: str }), 10_000),
  stageId: nullable(id),
  action: str,
  titled: boolean,
  momentOfTruth: boolean,
  emotion: nullable(open({ valence: oneOf([-2, -1, 0, 1, 2]), label: nullable(str), author })),
  annotations: arrayOf(note, 100_000),
  signals: arrayOf(open({ id, decision: nullable(oneOf(['accepted', 'dismissed'])) }), 10_000),
  eventIds: arrayOf(id, 1_000_000),
});
const checklist = open({
  id,
  name: str,
  questions: arrayOf(
    open({
      ...{ id, stageId: nullable(id), text: str, type: str, required: boolean, photo: boolean },
      answer: nullable(open({ value: any, photo: nullable(str), author, at: str })),
    }),
    10_000,
  ),
  complete: boolean,
});

export const journeyShape: Check = open({
  format: oneOf(['parcours.journey']),
  version: finite,
  session: open({
    id,
    title: str,
    startedAt: str,
    endedAt: nullable(str),
    startUrl: str,
    persona: open({ name: str, description: str }),
    scenario: str,
    goal: str,
    segment: str,
    expectations: str,
    status: str,
    completedAt: nullable(str),
    browser: open({ name: str, version: str }),
    viewport: nullable(open({ width: finite, height: finite, deviceScaleFactor: finite })),
  }),
  stages: arrayOf(stage, 1_000),
  steps: arrayOf(step, 1_000_000),
  checklist: nullable(checklist),
});

/** An event of events.json as the rebuild needs it: the base fields every stored event has. */
export const eventShape: Check = open({
  id,
  sessionId: id,
  seq: finite,
  t: finite,
  at: str,
  kind: str,
});
