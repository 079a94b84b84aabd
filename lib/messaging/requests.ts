import { QUESTION_TYPES } from '../annotations/checklist';
import { NOTE_KINDS, VALENCES } from '../annotations/types';
import { PAGE_EVENT_KINDS } from '../capture/events';
import { LANGUAGE_PREFERENCES } from '../i18n/preference';
import { EDITABLE_THRESHOLDS } from '../journey/thresholds';
import { MAX_BATCH } from '../page-recorder/outbox';
import { MASKING_MODES } from '../privacy/masking-mode';
import { ANNOTATOR, CUSTOM_EMOTION_LABELS, LANGUAGE, MASKING_DEFAULT, SIGNAL_THRESHOLDS } from '../store/settings';
import type { BackgroundMessageName } from './protocol';
import { arrayOf, boolean, type Check, either, empty, finite, id, integer, nullable, object, oneOf, optional, positive, text, variants } from './validate';

// Generous bounds: what the UI allows, with room; the handlers clean texts to their own limits.
const LABEL = text(500);
const LONG_TEXT = text(20_000);
/** A redacted screenshot as a data URL: a JPEG of a screen at ratio 2 stays far below this. */
const MAX_IMAGE_DATA_URL = 30_000_000;
const MAX_STAGES = 50;
const MAX_QUESTIONS = 500;

const author = oneOf(['tester', 'observer']);
const point = object({ x: finite, y: finite });
const rect = object({ x: finite, y: finite, width: finite, height: finite });
/** What a pressed frame found not to be readable at the press (lib/privacy/private-boxes.ts). */
const privateBoxes = object({
  viewport: object({ width: finite, height: finite }),
  boxes: arrayOf(rect, 5_000),
  slots: arrayOf(object({ src: text(8_192), box: rect, viewportWidth: finite, viewportHeight: finite, skewed: boolean }), 500),
  tookMs: finite,
});
const stage = object({ id, name: LABEL, order: finite });
const stages = arrayOf(stage, MAX_STAGES);
const persona = object({ name: LABEL, description: LONG_TEXT });
const checklist = object({
  id,
  name: LABEL,
  questions: arrayOf(object({ id, stageId: nullable(id), text: LABEL, type: oneOf(QUESTION_TYPES), required: boolean, photo: boolean }), MAX_QUESTIONS),
});
/** A walk's setup as a template keeps it (no title). */
const templateSetup = object({ persona, scenario: LONG_TEXT, goal: LONG_TEXT, segment: LABEL, expectations: LONG_TEXT, stages });
const setupChanges = object({
  title: optional(LABEL),
  persona: optional(persona),
  scenario: optional(LONG_TEXT),
  goal: optional(LONG_TEXT),
  segment: optional(LABEL),
  expectations: optional(LONG_TEXT),
  stages: optional(stages),
});
const sessionSetup = object({
  title: LABEL,
  persona,
  scenario: LONG_TEXT,
  goal: LONG_TEXT,
  segment: optional(LABEL),
  expectations: optional(LONG_TEXT),
  stages: optional(stages),
  checklist: optional(nullable(checklist)),
  masking: optional(oneOf(MASKING_MODES)),
  language: optional(oneOf(['en', 'fr'])),
});
/**
 * A page event: the fields every draft has. The rest is the kind's own description, built by the page
 * recorder and masked again by the background; a draft may carry fields a newer recorder adds.
 */
const pageEvent = object({ id, kind: oneOf(PAGE_EVENT_KINDS), epochMs: finite, frameUrl: text(10_000) }, { open: true });
const annotationPayload = variants('kind', {
  emotion: object({ kind: oneOf(['emotion']), data: object({ valence: oneOf(VALENCES), label: optional(nullable(LABEL)) }) }),
  note: object({ kind: oneOf(['note']), data: object({ noteKind: oneOf(NOTE_KINDS), text: LONG_TEXT }) }),
  'moment-of-truth': object({ kind: oneOf(['moment-of-truth']), data: object({ on: optional(boolean) }) }),
});
const stepEdit = variants('kind', {
  title: object({ kind: oneOf(['title']), stepId: id, title: LABEL }),
  stage: object({ kind: oneOf(['stage']), stepId: id, stageId: id }),
  merge: object({ kind: oneOf(['merge']), stepIds: arrayOf(id, 1000) }),
  split: object({ kind: oneOf(['split']), stepId: id, atEventId: id }),
  hide: object({ kind: oneOf(['hide']), stepId: id, hidden: boolean }),
  signal: object({ kind: oneOf(['signal']), signalId: id, decision: nullable(oneOf(['accepted', 'dismissed'])) }),
});
const thresholds = object(Object.fromEntries(EDITABLE_THRESHOLDS.map((key) => [key, optional(positive)])));
const setting = variants('key', {
  [MASKING_DEFAULT]: object({ key: oneOf([MASKING_DEFAULT]), value: oneOf(MASKING_MODES) }),
  [ANNOTATOR]: object({ key: oneOf([ANNOTATOR]), value: author }),
  [CUSTOM_EMOTION_LABELS]: object({ key: oneOf([CUSTOM_EMOTION_LABELS]), value: arrayOf(text(40, 1), 200) }),
  [SIGNAL_THRESHOLDS]: object({ key: oneOf([SIGNAL_THRESHOLDS]), value: thresholds }),
  [LANGUAGE]: object({ key: oneOf([LANGUAGE]), value: oneOf(LANGUAGE_PREFERENCES) }),
});
const template = variants('kind', {
  setup: object({ id, kind: oneOf(['setup']), name: LABEL, updatedAt: text(40), setup: templateSetup }),
  checklist: object({ id, kind: oneOf(['checklist']), name: LABEL, updatedAt: text(40), checklist }),
});
const screenshotOf = object({ sessionId: id, screenshotId: id });
const box = object({ x: finite, y: finite, width: finite, height: finite });
const dataUrl: Check = (value, path) =>
  typeof value === 'string' && value.startsWith('data:image/jpeg;base64,') && value.length <= MAX_IMAGE_DATA_URL ? null : `${path} must be a JPEG data URL`;

/** The shape of every background message's request (a unit test checks none is missing). */
export const REQUEST_SHAPES: { readonly [N in BackgroundMessageName]: Check } = {
  'recorder/hello': object({ top: boolean, documentSince: optional(finite), documentId: optional(id) }),
  'recorder/events': object({ events: arrayOf(pageEvent, MAX_BATCH), unowned: optional(boolean), documentId: optional(id) }),
  'recorder/screenshot': object({
    eventId: id,
    point: nullable(point),
    epochMs: finite,
    priority: oneOf(['click', 'navigation']),
    changedAtEpochMs: optional(nullable(finite)),
    boxes: optional(nullable(privateBoxes)),
    lost: optional(boolean),
  }),
  'recorder/full-page': object({ id, epochMs: finite }),
  'session/current': empty,
  'settings/set': setting,
  'template/save': object({ template }),
  'template/delete': object({ id }),
  'session/delete': object({ sessionId: id }),
  'session/start': object({ tabId: integer, setup: sessionSetup }),
  'session/pause': empty,
  'session/resume': empty,
  'session/stop': empty,
  'session/continue': object({ sessionId: id, tabId: integer }),
  'session/finish': object({ sessionId: id }),
  'overlay/state': empty,
  'annotation/add': object({ id, sessionId: optional(nullable(id)), eventId: optional(nullable(id)), author, payload: annotationPayload }),
  'annotation/edit-note': object({ id, text: LONG_TEXT }),
  'annotation/set-removed': object({ id, removed: boolean }),
  'stage/switch': object({
    id,
    sessionId: optional(nullable(id)),
    to: either(object({ stageId: id }), object({ delta: oneOf([-1, 1]) })),
    author,
  }),
  'stage/move': object({ sessionId: id, stageId: id, delta: oneOf([-1, 1]) }),
  'stage/remove': object({ sessionId: id, stageId: id }),
  'stage/undo-remove': object({
    sessionId: id,
    undo: object({ stages, switches: arrayOf(object({ id, stageId: id }), 10_000), currentStageId: nullable(id) }),
  }),
  'session/update-setup': object({ sessionId: id, changes: setupChanges }),
  'step/select': object({ sessionId: id, eventId: nullable(id) }),
  'checklist/set': object({ sessionId: id, checklist: nullable(checklist) }),
  'checklist/answer': object({
    sessionId: id,
    questionId: id,
    value: nullable(either(boolean, finite, LONG_TEXT)),
    author,
    photo: optional(boolean),
  }),
  'session/complete': object({ sessionId: id }),
  'map/edit': object({ id, sessionId: id, author, edit: stepEdit }),
  'map/undo': object({ sessionId: id }),
  'map/redo': object({ sessionId: id }),
  'redaction/save': object({ sessionId: id, screenshotId: id, boxes: arrayOf(box, 500), redactedImage: nullable(dataUrl) }),
  'redaction/clear': screenshotOf,
  'redaction/destroy-original': screenshotOf,
  // A hash is `<words>:<cyrb53 in base 36>` (lib/privacy/echoes.ts); a page sends a few per field.
  'recorder/echoes': object({ hashes: arrayOf(text(32, 3), 1_000) }),
  // An origin (`https://shop.example`) and a selector of the element the tester picked (through shadow roots).
  'privacy/always-blur-add': object({ origin: text(300, 1), selector: text(2_000, 1) }),
  'privacy/always-blur-remove': object({ origin: text(300, 1), selector: text(2_000, 1) }),
  'overlay/open-note': object({ noteKind: oneOf(NOTE_KINDS) }),
  'overlay/note-closed': object({ noteKind: oneOf(NOTE_KINDS), saved: boolean, landed: nullable(text(500)) }),
  'overlay/full-page': empty,
};

/** What is wrong with a background message's request, or null when it has its shape. */
export function requestProblem(name: BackgroundMessageName, request: unknown): string | null {
  return REQUEST_SHAPES[name](request, 'request');
}
