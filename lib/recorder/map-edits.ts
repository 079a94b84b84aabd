import Dexie from 'dexie';
import { cleanLabel } from '../annotations/text';
import type { Author } from '../annotations/types';
import { isoAt } from '../capture/clock';
import { jpegSize } from '../capture/jpeg-size';
import { redoTarget, undoTarget } from '../journey/edits';
import { isBoxInside } from '../journey/redaction-boxes';
import { ProtocolFailure, type ReachableRefusal } from '../messaging/protocol';
import type { ParcoursDatabase } from '../store/db';
import type { EditRecord, RedactionBox, RedactionRecord, ScreenshotRecord, SessionRecord, StepEdit } from '../store/records';
import type { LayerClock } from './tester-layer';

/** A step title is a label: one line, at most this many characters. */
export const MAX_STEP_TITLE_LENGTH = 200;
const MAX_ID_LENGTH = 200;

export interface EditRequest {
  id: string;
  sessionId: string;
  author: Author;
  edit: StepEdit;
}

export interface RedactionRequest {
  sessionId: string;
  screenshotId: string;
  /** In image pixels, inside the image (lib/journey/redaction-boxes.ts normalizes what the tester drew). */
  boxes: RedactionBox[];
  /** The screenshot with the boxes blurred, the same size as the original. */
  redactedBlob: Blob | null;
}

function refuse(message: string, reason?: ReachableRefusal): never {
  throw new ProtocolFailure({ code: 'invalid-state', message, ...(reason ? { reason } : {}) });
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** An ISO time after `previous` (1 ms later at least), so times written by one writer stay in order. */
function stampAfter(epochMs: number, previous: string | null | undefined): string {
  const floor = previous ? Date.parse(previous) + 1 : Number.NEGATIVE_INFINITY;
  return isoAt(Math.max(epochMs, Number.isNaN(floor) ? Number.NEGATIVE_INFINITY : floor));
}

/**
 * The writer of the review page's layer: edits of the map and redactions of screenshots. Like the tester
 * layer, each change is its own transaction and never touches the raw capture (a destroyed original is the
 * one, deliberate, exception); map edits are idempotent by a client-made id.
 *
 * Everything reaches it through messages answered by the background, the one writer: map/edit, map/undo,
 * map/redo, and redaction/save, redaction/clear, redaction/destroy-original. A redaction's blurred image is
 * drawn by the review page (a canvas with CSS filters, in a document) and sent as a JPEG data URL, since
 * Chrome's runtime.sendMessage serializes to JSON, where a Blob arrives as `{}`; it is a Blob again here.
 */
export class MapEditor {
  constructor(
    private readonly db: ParcoursDatabase,
    private readonly clock: LayerClock,
  ) {}

  private async session(sessionId: string): Promise<SessionRecord> {
    const session = isId(sessionId) ? await this.db.sessions.get(sessionId) : undefined;
    if (!session) throw new ProtocolFailure({ code: 'no-session', message: `No session ${String(sessionId)}` });
    return session;
  }

  private inOrder(sessionId: string) {
    return this.db.edits.where('[sessionId+at]').between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]);
  }

  /** Every edit of a session, in the order they apply (undone ones included). */
  async edits(sessionId: string): Promise<EditRecord[]> {
    return this.inOrder(sessionId).toArray();
  }

  /** Records one edit of the map. A request made again with the same id changes nothing and answers the first record. */
  async edit(request: EditRequest): Promise<EditRecord> {
    if (!isId(request?.id)) refuse('An edit needs an id');
    const existing = await this.db.edits.get(request.id);
    if (existing) {
      if (existing.sessionId !== request.sessionId) refuse('That edit id belongs to another walk');
      return existing;
    }
    const session = await this.session(request.sessionId);
    const edit = await this.validEdit(session, request.edit);
    return this.db.transaction('rw', this.db.edits, async () => {
      const again = await this.db.edits.get(request.id);
      if (again) return again;
      const latest = await this.inOrder(session.id).last();
      const record: EditRecord = {
        id: request.id,
        sessionId: session.id,
        at: stampAfter(this.clock.now(), latest?.at),
        author: request.author === 'observer' ? 'observer' : 'tester',
        undone: false,
        undoneAt: null,
        edit,
      };
      await this.db.edits.add(record);
      return record;
    });
  }

  /** Takes back the latest edit that applies; answers it, or null when there is nothing to undo. */
  async undo(sessionId: string): Promise<EditRecord | null> {
    const session = await this.session(sessionId);
    return this.db.transaction('rw', this.db.edits, async () => {
      const all = await this.edits(session.id);
      const target = undoTarget(all);
      return target ? this.markUndone(target, true, all) : null;
    });
  }

  /** Brings back the edit undone last, unless an edit was made after it; answers it, or null. */
  async redo(sessionId: string): Promise<EditRecord | null> {
    const session = await this.session(sessionId);
    return this.db.transaction('rw', this.db.edits, async () => {
      const all = await this.edits(session.id);
      const target = redoTarget(all);
      return target ? this.markUndone(target, false, all) : null;
    });
  }

  /** Undoes or re-applies one edit of the history, wherever it is (the history list's switch). */
  async setUndone(id: string, undone: boolean): Promise<EditRecord> {
    if (typeof undone !== 'boolean') refuse('Undone is true or false');
    return this.db.transaction('rw', this.db.edits, async () => {
      const record = isId(id) ? await this.db.edits.get(id) : undefined;
      if (!record) refuse('No such edit');
      if (record.undone === undone) return record;
      return this.markUndone(record, undone, await this.edits(record.sessionId));
    });
  }

  private async markUndone(record: EditRecord, undone: boolean, all: readonly EditRecord[]): Promise<EditRecord> {
    // Undo times stay in order too: redo brings back the edit undone last.
    const lastUndo = all.reduce<string | null>((latest, other) => (other.undoneAt && (!latest || other.undoneAt > latest) ? other.undoneAt : latest), null);
    const changes = { undone, undoneAt: undone ? stampAfter(this.clock.now(), lastUndo) : null };
    await this.db.edits.update(record.id, changes);
    return { ...record, ...changes };
  }

  /** Checks an edit's shape and that the steps and stage it names are part of the walk; answers a clean copy. */
  private async validEdit(session: SessionRecord, edit: StepEdit): Promise<StepEdit> {
    switch (edit?.kind) {
      case 'title': {
        await this.requireEvents(session, [edit.stepId]);
        const title = typeof edit.title === 'string' ? cleanLabel(edit.title, MAX_STEP_TITLE_LENGTH) : '';
        if (title === '') refuse('A step title cannot be empty', 'errorEmptyTitle');
        return { kind: 'title', stepId: edit.stepId, title };
      }
      case 'stage':
        await this.requireEvents(session, [edit.stepId]);
        if (!session.stages.some((stage) => stage.id === edit.stageId)) refuse('No such stage in this walk');
        return { kind: 'stage', stepId: edit.stepId, stageId: edit.stageId };
      case 'merge': {
        if (!Array.isArray(edit.stepIds)) refuse('A merge names the steps it merges');
        const stepIds = [...new Set(edit.stepIds)];
        if (stepIds.length < 2) refuse('A merge needs at least two steps');
        await this.requireEvents(session, stepIds);
        return { kind: 'merge', stepIds };
      }
      case 'split':
        await this.requireEvents(session, [edit.stepId, edit.atEventId]);
        if (edit.stepId === edit.atEventId) refuse('A step is split before one of its later events');
        return { kind: 'split', stepId: edit.stepId, atEventId: edit.atEventId };
      case 'hide':
        await this.requireEvents(session, [edit.stepId]);
        if (typeof edit.hidden !== 'boolean') refuse('Hidden is true or false');
        return { kind: 'hide', stepId: edit.stepId, hidden: edit.hidden };
      case 'signal':
        if (!isId(edit.signalId)) refuse('A signal decision names its signal');
        if (!(edit.decision === null || edit.decision === 'accepted' || edit.decision === 'dismissed'))
          refuse('A signal is accepted, dismissed or undecided (null)');
        return { kind: 'signal', signalId: edit.signalId, decision: edit.decision };
      default:
        refuse('Unknown edit');
    }
  }

  /** Step ids are event ids (a step's first event): each must be an event of this walk. */
  private async requireEvents(session: SessionRecord, ids: readonly unknown[]): Promise<void> {
    if (!ids.every(isId)) refuse('A step is named by the id of its first event');
    const events = await this.db.events.bulkGet(ids as string[]);
    if (events.some((event) => event?.sessionId !== session.id)) refuse('That step is not part of this walk');
  }

  /**
   * Saves the redaction of a screenshot, replacing the one it had: the boxes (inside the image) and the blurred
   * image exports will carry. Once the original is destroyed, the new blurred image replaces the stored one too.
   */
  async redact(request: RedactionRequest): Promise<RedactionRecord> {
    const session = await this.session(request?.sessionId);
    const { screenshotId, redactedBlob } = request;
    const screenshot = await this.screenshotOf(session, screenshotId);
    const size = screenshot.width > 0 && screenshot.height > 0 ? { width: screenshot.width, height: screenshot.height } : null;
    if (!Array.isArray(request.boxes) || request.boxes.length === 0) refuse('A redaction needs at least one box; clear it to remove it');
    // With the image size unknown (an image the recorder could not measure), boxes are only checked for shape.
    const bounds = size ?? { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY };
    if (!request.boxes.every((box) => isBoxInside(box, bounds))) refuse('Every box must lie inside the image');
    if (redactedBlob !== null && !(redactedBlob instanceof Blob)) refuse('The redacted image must be a Blob');
    if (redactedBlob && size) {
      const measured = jpegSize(new Uint8Array(await redactedBlob.arrayBuffer()));
      if (measured && (measured.width !== size.width || measured.height !== size.height))
        refuse('The redacted image must have the size of the original, or its boxes would not match');
    }
    const boxes = request.boxes.map(({ x, y, width, height }) => ({ x, y, width, height }));
    return this.db.transaction('rw', [this.db.redactions, this.db.screenshots, this.db.sessions], async () => {
      const id = redactionId(session.id, screenshotId);
      const previous = await this.db.redactions.get(id);
      const originalDestroyed = previous?.originalDestroyed ?? false;
      if (originalDestroyed && !redactedBlob) refuse('The original is destroyed: a new redaction must come with its image', 'errorOriginalDestroyed');
      const record: RedactionRecord = { id, sessionId: session.id, screenshotId, boxes, redactedBlob, originalDestroyed, at: isoAt(this.clock.now()) };
      await this.db.redactions.put(record);
      const stored = await this.db.screenshots.get(screenshotId);
      if (originalDestroyed && redactedBlob && stored) await this.replaceImage(stored, redactedBlob);
      return record;
    });
  }

  /** Removes the redaction of a screenshot; refused once its original is destroyed (there is nothing to go back to). */
  async clearRedaction(sessionId: string, screenshotId: string): Promise<void> {
    const session = await this.session(sessionId);
    await this.db.transaction('rw', this.db.redactions, async () => {
      const redaction = await this.db.redactions.get(redactionId(session.id, screenshotId));
      if (!redaction) return;
      if (redaction.originalDestroyed) refuse('The original of this screenshot is destroyed: its redaction stays', 'errorOriginalDestroyed');
      await this.db.redactions.delete(redaction.id);
    });
  }

  /**
   * Destroys the original of a redacted screenshot: the stored image becomes the blurred one, for good.
   * Refused without a redaction that has its blurred image. Destroying again changes nothing.
   */
  async destroyOriginal(sessionId: string, screenshotId: string): Promise<RedactionRecord> {
    const session = await this.session(sessionId);
    return this.db.transaction('rw', [this.db.redactions, this.db.screenshots, this.db.sessions], async () => {
      const redaction = await this.db.redactions.get(redactionId(session.id, screenshotId));
      if (!redaction) refuse('Redact the screenshot before destroying its original');
      if (redaction.originalDestroyed) return redaction;
      if (!redaction.redactedBlob) refuse('The redacted image is not ready yet');
      const screenshot = await this.db.screenshots.get(screenshotId);
      if (!screenshot || screenshot.sessionId !== session.id) refuse('No such screenshot in this walk');
      await this.replaceImage(screenshot, redaction.redactedBlob);
      await this.db.redactions.update(redaction.id, { originalDestroyed: true });
      return { ...redaction, originalDestroyed: true };
    });
  }

  private async screenshotOf(session: SessionRecord, screenshotId: string): Promise<ScreenshotRecord> {
    const screenshot = isId(screenshotId) ? await this.db.screenshots.get(screenshotId) : undefined;
    if (!screenshot || screenshot.sessionId !== session.id) refuse('No such screenshot in this walk');
    return screenshot;
  }

  /** Puts an image in place of a screenshot's, keeping the walk's storage figure true. Runs inside a transaction. */
  private async replaceImage(screenshot: ScreenshotRecord, blob: Blob): Promise<void> {
    await this.db.screenshots.update(screenshot.id, { blob, bytes: blob.size, mime: blob.type || screenshot.mime });
    const session = await this.db.sessions.get(screenshot.sessionId);
    if (session) await this.db.sessions.update(session.id, { screenshotBytes: Math.max(0, session.screenshotBytes - screenshot.bytes + blob.size) });
  }
}

/** One redaction per screenshot. */
export function redactionId(sessionId: string, screenshotId: string): string {
  return `${sessionId}:${screenshotId}`;
}
