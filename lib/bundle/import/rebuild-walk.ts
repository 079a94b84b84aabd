import type { Checklist } from '../../annotations/checklist';
import { jpegSize } from '../../capture/jpeg-size';
import { assembleJourney } from '../../journey/assemble';
import { applyEdits } from '../../journey/edits';
import type { JourneyMap } from '../../journey/map-types';
import type { AnnotationRecord, AnswerRecord, EditRecord, EventRecord, ScreenshotRecord, SessionRecord, StepEdit } from '../../store/records';
import type { JourneyDocument } from '../journey-document';
import type { CheckedBundle } from './check-bundle';

/** A walk read back from a bundle, as the tables hold it; stored in one transaction (lib/store/import-walk.ts). */
export interface ImportedWalk {
  session: SessionRecord;
  events: EventRecord[];
  screenshots: ScreenshotRecord[];
  annotations: AnnotationRecord[];
  answers: AnswerRecord[];
  edits: EditRecord[];
}

export interface RebuildOptions {
  /** The session id to store under (the bundle's own when unused, else a new one). */
  sessionId: string;
  fileName: string;
  /** ISO 8601 of the import. */
  importedAt: string;
  randomId: () => string;
}

/**
 * Rebuilds a walk from a checked bundle. The raw capture is events.json as it is (only the session id changes
 * when the original one is taken). The tester's layer is rebuilt from journey.json: notes and moments of truth
 * as annotations on their step, the emotion of each step (the one that won, not every earlier tag), a stage
 * switch wherever the stage changes, and as edits what the map shows that the capture alone does not give:
 * merged steps, hidden steps (absent from journey.json), titles, stage moves and signal decisions. Deriving the
 * map again from these gives the map the bundle holds (test/unit/bundle/import.test.ts checks it).
 */
export function rebuildWalk(bundle: CheckedBundle, options: RebuildOptions): ImportedWalk {
  const { journey } = bundle;
  const { sessionId } = options;
  const events: EventRecord[] = bundle.events.map((event) => ({ ...event, sessionId }));
  const byId = new Map(events.map((event) => [event.id, event]));
  const start = events.find((event) => event.kind === 'session-start') ?? events[0];
  const startEpochMs = Date.parse(journey.session.startedAt);
  let at = Date.parse(options.importedAt);
  // Edits apply in the order of `at`, strictly increasing within a session.
  const nextAt = () => new Date(at++).toISOString();

  const annotations = rebuildAnnotations(journey, sessionId, options.randomId);
  const edits: EditRecord[] = [];
  const edit = (change: StepEdit) =>
    edits.push({ id: options.randomId(), sessionId, at: nextAt(), author: 'tester', undone: false, undoneAt: null, edit: change });
  const stages = journey.stages;
  const assembled = assembleJourney({ events, annotations, stages });
  const wanted = journey.steps;
  const shownEvents = new Set(wanted.flatMap((step) => step.eventIds));
  // Merges: a step of the bundle whose events span several steps of the capture.
  for (const step of wanted) {
    const parts = assembled.steps.filter((candidate) => candidate.eventIds.some((id) => step.eventIds.includes(id)));
    if (parts.length > 1) edit({ kind: 'merge', stepIds: parts.map((part) => part.id) });
  }
  // Hidden steps: the steps of the capture none of whose events the bundle's map shows.
  for (const step of assembled.steps) if (!step.eventIds.some((id) => shownEvents.has(id))) edit({ kind: 'hide', stepId: step.id, hidden: true });
  let map: JourneyMap = applyEdits(assembled, edits, { events, annotations });
  const mapStep = new Map(map.steps.map((step) => [step.id, step]));
  for (const step of wanted) {
    const derived = mapStep.get(step.id);
    if (step.titled) edit({ kind: 'title', stepId: step.id, title: step.action });
    if (derived && step.stageId && derived.stageId !== step.stageId) edit({ kind: 'stage', stepId: step.id, stageId: step.stageId });
    for (const signal of step.signals) if (signal.decision) edit({ kind: 'signal', signalId: signal.id, decision: signal.decision });
  }
  map = applyEdits(assembled, edits, { events, annotations });

  const screenshots = rebuildScreenshots(bundle, map, sessionId, byId);
  const answers: AnswerRecord[] = [];
  const checklist: Checklist | null = journey.checklist
    ? {
        id: journey.checklist.id,
        name: journey.checklist.name,
        questions: journey.checklist.questions.map(({ id, stageId, text, type, required, photo }) => ({ id, stageId, text, type, required, photo })),
      }
    : null;
  for (const question of journey.checklist?.questions ?? []) {
    const answer = question.answer;
    if (!answer) continue;
    let photoScreenshotId: string | null = null;
    if (answer.photo) {
      photoScreenshotId = `${sessionId}:photo:${question.id}`;
      screenshots.push(screenshotRecord(bundle, answer.photo, photoScreenshotId, sessionId, -1, 0));
    }
    answers.push({
      id: `${sessionId}:${question.id}`,
      sessionId,
      questionId: question.id,
      value: answer.value as AnswerRecord['value'],
      photoScreenshotId,
      author: answer.author,
      at: answer.at,
    });
  }

  const s = journey.session;
  const last = events.at(-1);
  const session: SessionRecord = {
    id: sessionId,
    title: s.title,
    persona: s.persona,
    scenario: s.scenario,
    goal: s.goal,
    segment: s.segment,
    expectations: s.expectations,
    stages,
    checklist,
    // The walk keeps the language it was recorded in (bundles from before it was stored have English maps).
    language: s.language === 'fr' ? 'fr' : 'en',
    currentStageId: wanted.at(-1)?.stageId ?? stages[0]?.id ?? null,
    selectedEventId: null,
    completedAt: s.completedAt,
    // An imported walk is never recording: it ended where its bundle ends.
    status: 'ended',
    startedAt: s.startedAt,
    startEpochMs: Number.isFinite(startEpochMs) ? startEpochMs : Date.parse(start?.at ?? options.importedAt) - (start?.t ?? 0),
    endedAt: s.endedAt ?? last?.at ?? s.startedAt,
    startUrl: s.startUrl,
    tabIds: [],
    nextSeq: events.reduce((max, event) => Math.max(max, event.seq + 1), 0),
    lastActionT: null,
    browser: s.browser,
    viewport: s.viewport,
    eventCount: events.length,
    screenshotCount: screenshots.length,
    screenshotBytes: screenshots.reduce((sum, record) => sum + record.bytes, 0),
    imported: { fileName: options.fileName, at: options.importedAt, originalSessionId: s.id },
  };
  return { session, events, screenshots, annotations, answers, edits };
}

/** Notes, moments of truth, emotions and stage switches, each on its step's first event. */
function rebuildAnnotations(journey: JourneyDocument, sessionId: string, randomId: () => string): AnnotationRecord[] {
  const out: AnnotationRecord[] = [];
  const base = (eventId: string, t: number, at: string, author: AnnotationRecord['author']) => ({
    sessionId,
    eventId,
    t,
    at,
    author,
    updatedAt: null,
    removed: false,
  });
  let stage: string | null = journey.stages[0]?.id ?? null;
  for (const step of journey.steps) {
    if (step.stageId && step.stageId !== stage) {
      out.push({ id: randomId(), kind: 'stage', data: { stageId: step.stageId }, ...base(step.id, step.t, step.at, 'tester') });
      stage = step.stageId;
    }
    for (const note of step.annotations)
      out.push({ id: note.id, kind: 'note', data: { noteKind: note.noteKind, text: note.text }, ...base(step.id, step.t, note.at, note.author) });
    if (step.emotion)
      out.push({
        id: randomId(),
        kind: 'emotion',
        data: { valence: step.emotion.valence as -2 | -1 | 0 | 1 | 2, label: step.emotion.label },
        ...base(step.id, step.t, step.at, step.emotion.author),
      });
    if (step.momentOfTruth) out.push({ id: randomId(), kind: 'moment-of-truth', data: { on: true }, ...base(step.id, step.t, step.at, 'tester') });
  }
  return out;
}

/** The images of the map's steps, under the screenshot ids the capture's events name. */
function rebuildScreenshots(bundle: CheckedBundle, map: JourneyMap, sessionId: string, byId: Map<string, EventRecord>): ScreenshotRecord[] {
  const records = new Map<string, ScreenshotRecord>();
  const steps = new Map(map.steps.map((step) => [step.id, step]));
  const eventOf = new Map<string, EventRecord>();
  for (const event of byId.values())
    if ((event.kind === 'screenshot' || event.kind === 'full-page') && event.screenshotId) eventOf.set(event.screenshotId, event);
  const add = (path: string, screenshotId: string | null) => {
    if (!screenshotId || records.has(screenshotId)) return;
    const event = eventOf.get(screenshotId);
    records.set(screenshotId, screenshotRecord(bundle, path, screenshotId, sessionId, event?.tabId ?? -1, event?.t ?? 0));
  };
  for (const step of bundle.journey.steps) {
    const derived = steps.get(step.id);
    if (!derived) continue;
    if (step.screenshot) add(step.screenshot, derived.screenshotId);
    if (step.lateScreenshot) add(step.lateScreenshot, derived.lateScreenshotId);
    for (const [index, page] of step.fullPages.entries()) add(page.screenshot, derived.fullPageScreenshotIds[index] ?? null);
  }
  return [...records.values()];
}

function screenshotRecord(bundle: CheckedBundle, path: string, id: string, sessionId: string, tabId: number, t: number): ScreenshotRecord {
  const bytes = bundle.files.get(path) as Uint8Array;
  const size = jpegSize(bytes) ?? { width: 0, height: 0 };
  const mime = path.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return {
    id,
    sessionId,
    tabId,
    t,
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }),
    mime,
    width: size.width,
    height: size.height,
    bytes: bytes.byteLength,
  };
}
