import { DEFAULT_EMOTION_LABELS } from '../annotations/types';
import { isPageEventKind } from '../capture/events';
import { dataUrlToBytes } from '../capture/jpeg-size';
import { type BackgroundMessageName, type EventAck, ProtocolFailure } from '../messaging/protocol';
import type { SenderClass, TabSender } from '../messaging/senders';
import type { HandlerMap } from '../messaging/serve';
import { type AlwaysBlurMap, isAlwaysBlurMap, isBlurSelector, isSiteOrigin, withoutSelector, withSelector } from '../privacy/always-blur';
import type { ParcoursDatabase } from '../store/db';
import type { RedactionRecord } from '../store/records';
import { ALWAYS_BLUR, ANNOTATOR, CUSTOM_EMOTION_LABELS, isAuthor, isLabelList, readSetting } from '../store/settings';
import type { SessionController } from './controller';
import type { FullPageCapturer } from './full-page';
import type { Library } from './library';
import type { MapEditor } from './map-edits';
import type { TesterLayer } from './tester-layer';

export interface MessageContext {
  /** Who sent the message (lib/messaging/senders.ts); lib/recorder/access.ts has let it through already. */
  sender: SenderClass;
}

function requireSender(context: MessageContext): TabSender {
  if (!context.sender.tab) throw new ProtocolFailure({ code: 'no-tab', message: 'This message must come from a page' });
  return context.sender.tab;
}

/** A redacted image as the review page sends it (a JPEG data URL), as a Blob again. */
function imageBlob(dataUrl: string): Blob {
  const { bytes, mime } = dataUrlToBytes(dataUrl);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
}

/** What a page learns of a redaction it saved (the Blob stays in the background). */
function redactionAnswer(record: RedactionRecord): { id: string; originalDestroyed: boolean } {
  return { id: record.id, originalDestroyed: record.originalDestroyed };
}

/**
 * Changes a site's "always blur" list: a valid origin and selector; from a page, only its own tab's site (the
 * picker runs in the top frame). Stored by the Library; the walk's pages are told.
 */
async function changeAlwaysBlur(
  library: Pick<Library, 'changeAlwaysBlur'>,
  controller: Pick<SessionController, 'alwaysBlurChanged'>,
  request: { origin: unknown; selector: unknown },
  context: MessageContext,
  change: (map: AlwaysBlurMap, origin: string, selector: string) => AlwaysBlurMap,
): Promise<string[]> {
  const { origin, selector } = request;
  if (!isSiteOrigin(origin)) throw new ProtocolFailure({ code: 'internal', message: 'Not a site origin' });
  if (!isBlurSelector(selector)) throw new ProtocolFailure({ code: 'internal', message: 'Not a selector' });
  // An extension page (the side panel) may change any site's list; a page's content script only its own site's.
  if (context.sender.kind !== 'extension-page') {
    let own: string | null = null;
    try {
      own = new URL(context.sender.tab?.tabUrl ?? '').origin;
    } catch {
      own = null;
    }
    if (own !== origin) throw new ProtocolFailure({ code: 'forbidden', message: 'A page can only change its own site’s list' });
  }
  const next = await library.changeAlwaysBlur(origin, selector, change);
  // The walk's pages learn it at once (their next press finds its boxes with it).
  void controller.alwaysBlurChanged(next).catch(() => undefined);
  return next[origin] ?? [];
}

/** Every message the background answers, one handler each (a unit test checks none is missing). */
export function backgroundHandlers(
  controller: SessionController,
  layer: TesterLayer,
  db: ParcoursDatabase,
  editor: MapEditor,
  fullPage: Pick<FullPageCapturer, 'capture' | 'startInTopFrame'>,
  library: Pick<Library, 'setSetting' | 'saveTemplate' | 'deleteTemplate' | 'deleteWalk' | 'changeAlwaysBlur'>,
): HandlerMap<BackgroundMessageName, MessageContext> {
  /** Runs a change of the tester's layer, then lets the walk's overlays show it. */
  const changed = async <T>(sessionId: string | null | undefined, change: Promise<T>): Promise<T> => {
    const result = await change;
    const session = await layer.session(sessionId).catch(() => null);
    if (session) void controller.refreshOverlays(session.id).catch(() => undefined);
    return result;
  };
  return {
    'recorder/hello': async ({ top, documentSince, documentId }, { sender: { tab } }) => {
      const noted = controller.noteDocumentOwner(documentId, tab);
      const answer = {
        ...(await controller.hello(tab?.tabId ?? null, top, documentSince, tab?.openerTabId)),
        sender: tab ? { tabId: tab.tabId, frameId: tab.frameId } : null,
        alwaysBlur: await readSetting<AlwaysBlurMap>(db, ALWAYS_BLUR, {}, isAlwaysBlurMap),
      };
      await noted;
      return answer;
    },
    'recorder/echoes': async ({ hashes }, context) => ({
      added: await controller.addEchoes(requireSender(context).tabId, Array.isArray(hashes) ? hashes : []),
    }),
    'recorder/events': async ({ events, unowned, documentId }, context) => {
      const sender = requireSender(context);
      // First, before anything is awaited: the page's own copy of this batch can then be placed in its tab.
      const noted = unowned ? controller.noteDocumentOwner(documentId, sender) : Promise.resolve();
      // A page that does not know its tab keeps no copy: the background keeps one for it first, so a worker
      // stopped in the middle leaves the events to the next one (a page leaving cannot send them again).
      if (unowned) await controller.keepCopies(events, sender);
      const acks: EventAck[] = [];
      // One after the other, in the order they happened; the first that fails stops the batch (the page
      // sends it and the ones after it again), so no event is committed before one that came earlier.
      for (const event of events) {
        try {
          if (!event || !isPageEventKind(event.kind)) throw new ProtocolFailure({ code: 'internal', message: 'Unknown event kind' });
          acks.push({ id: event.id, ...(await controller.recordPageEvent(event, sender)) });
        } catch (error) {
          if (acks.length === 0) throw error;
          break;
        }
      }
      await noted;
      return { acks };
    },
    'recorder/screenshot': async (request, context) => ({ outcome: await controller.requestScreenshot(request, requireSender(context)) }),
    'recorder/full-page': async ({ id, epochMs }, context) => fullPage.capture({ id, epochMs }, requireSender(context)),
    'session/current': async () => ({ session: await controller.current() }),
    'settings/set': async (write) => library.setSetting(write),
    'template/save': async ({ template }) => library.saveTemplate(template),
    'template/delete': async ({ id }) => library.deleteTemplate(id),
    'session/delete': async ({ sessionId }) => library.deleteWalk(sessionId),
    'privacy/always-blur-add': async (request, context) => changeAlwaysBlur(library, controller, request, context, withSelector),
    'privacy/always-blur-remove': async (request, context) => changeAlwaysBlur(library, controller, request, context, withoutSelector),
    'session/start': async ({ tabId, setup }) => controller.start(tabId, setup),
    'session/pause': async () => controller.pause(),
    'session/resume': async () => controller.resume(),
    'session/stop': async () => controller.stop(),
    'session/continue': async ({ sessionId, tabId }) => controller.continueInterrupted(sessionId, tabId),
    'session/finish': async ({ sessionId }) => controller.finishInterrupted(sessionId),
    'overlay/state': async (_request, context) => {
      const state = await controller.stateForTab(requireSender(context).tabId);
      if (!state.sessionId) return null;
      const session = await layer.session(state.sessionId);
      const latest = session.selectedEventId ? null : await layer.latestStep(session.id);
      const target = await layer.anchorOf(session.id, session.selectedEventId ?? latest?.id ?? null);
      const custom = await readSetting(db, CUSTOM_EMOTION_LABELS, [], isLabelList);
      return {
        sessionId: session.id,
        title: session.title,
        status: state.storageFull ? 'paused' : session.status,
        ...(state.storageFull ? { storageFull: true } : {}),
        stages: session.stages,
        currentStageId: session.currentStageId,
        target,
        selected: session.selectedEventId != null,
        emotionLabels: [...DEFAULT_EMOTION_LABELS, ...custom.filter((label) => !(DEFAULT_EMOTION_LABELS as readonly string[]).includes(label))],
        author: await readSetting(db, ANNOTATOR, 'tester', isAuthor),
      };
    },
    'annotation/add': async (request) => changed(request.sessionId, layer.annotate(request)),
    'annotation/edit-note': async ({ id, text }) => layer.editNote(id, text),
    'annotation/set-removed': async ({ id, removed }) => layer.setRemoved(id, removed),
    'stage/switch': async (request) => changed(request.sessionId, layer.switchStage(request)),
    'stage/move': async ({ sessionId, stageId, delta }) => changed(sessionId, layer.moveStage(sessionId, stageId, delta)),
    'stage/remove': async ({ sessionId, stageId }) => changed(sessionId, layer.removeStage(sessionId, stageId)),
    'stage/undo-remove': async ({ sessionId, undo }) => changed(sessionId, layer.undoStageRemoval(sessionId, undo)),
    'session/update-setup': async ({ sessionId, changes }) => changed(sessionId, layer.updateSetup(sessionId, changes)),
    'step/select': async ({ sessionId, eventId }) => changed(sessionId, layer.select(sessionId, eventId)),
    'checklist/set': async ({ sessionId, checklist }) => layer.setChecklist(sessionId, checklist),
    'checklist/answer': async ({ sessionId, questionId, value, author, photo }) => {
      const photoScreenshotId = photo ? await controller.captureEvidence(sessionId) : undefined;
      if (photo && !photoScreenshotId)
        throw new ProtocolFailure({
          code: 'invalid-state',
          reason: 'errorNoVisibleTab',
          message: 'No screenshot could be taken: no tab of this walk is visible',
        });
      return layer.answer({ sessionId, questionId, value, author, photoScreenshotId });
    },
    'session/complete': async ({ sessionId }) => layer.complete(sessionId),
    'map/edit': async (request) => editor.edit(request),
    'map/undo': async ({ sessionId }) => editor.undo(sessionId),
    'map/redo': async ({ sessionId }) => editor.redo(sessionId),
    'redaction/save': async ({ sessionId, screenshotId, boxes, redactedImage }) =>
      redactionAnswer(await editor.redact({ sessionId, screenshotId, boxes, redactedBlob: redactedImage ? imageBlob(redactedImage) : null })),
    'redaction/clear': async ({ sessionId, screenshotId }) => {
      await editor.clearRedaction(sessionId, screenshotId);
      return null;
    },
    'redaction/destroy-original': async ({ sessionId, screenshotId }) => redactionAnswer(await editor.destroyOriginal(sessionId, screenshotId)),
    'overlay/open-note': async ({ noteKind }, context) => {
      await controller.openNoteInOverlay(requireSender(context).tabId, noteKind);
      return null;
    },
    'overlay/note-closed': async (closed, context) => {
      await controller.closeNoteInOverlay(requireSender(context).tabId, closed);
      return null;
    },
    'overlay/full-page': async (_request, context) => fullPage.startInTopFrame(requireSender(context).tabId),
  };
}
