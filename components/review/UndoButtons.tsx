import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { type ReviewChange, ReviewHistory } from '@/lib/journey/review-history';
import { sendToBackground } from '@/lib/messaging/client';

/** One history per walk for the life of the page: the map and its step views share it. */
const histories = new Map<string, ReviewHistory>();

export function reviewHistory(sessionId: string): ReviewHistory {
  let history = histories.get(sessionId);
  if (!history) {
    history = new ReviewHistory();
    histories.set(sessionId, history);
  }
  return history;
}

/** Takes a change back (`undo`) or makes it again (`redo`), through the background's own messages. */
async function apply(sessionId: string, change: ReviewChange, direction: 'undo' | 'redo'): Promise<void> {
  const undoing = direction === 'undo';
  const setRemoved = (id: string, removed: boolean) => sendToBackground('annotation/set-removed', { id, removed });
  switch (change.kind) {
    case 'map-edit':
      await sendToBackground(undoing ? 'map/undo' : 'map/redo', { sessionId });
      return;
    case 'annotation-added':
      // Undone, the emotion it replaced comes back; made again, it replaces that one again.
      if (!undoing) for (const id of change.replaced) await setRemoved(id, true);
      await setRemoved(change.annotationId, undoing);
      if (undoing) for (const id of change.replaced) await setRemoved(id, false);
      return;
    case 'annotation-removed':
      await setRemoved(change.annotationId, !undoing);
      return;
    case 'note-edited':
      await sendToBackground('annotation/edit-note', { id: change.annotationId, text: undoing ? change.before : change.after });
      return;
  }
}

/** Whether a key press is meant for a field rather than for the page's undo. */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Undo and Redo for every change made on the review page (map edits, emotions, notes), in the order made;
 * also Ctrl+Z and Ctrl+Shift+Z (⌘ on a Mac) outside text fields. Without changes from this page (after a
 * reload), they reach the map edits' own persisted history.
 */
export function UndoButtons({
  sessionId,
  storedUndo,
  storedRedo,
  run,
}: {
  sessionId: string;
  /** The map edits' persisted history has something to undo / redo. */
  storedUndo: boolean;
  storedRedo: boolean;
  run: (action: () => Promise<unknown>) => Promise<unknown>;
}) {
  const history = reviewHistory(sessionId);
  const [, setVersion] = useState(0);
  useEffect(() => history.subscribe(() => setVersion((version) => version + 1)), [history]);
  const canUndo = history.canUndo || storedUndo;
  const canRedo = history.canRedo || (!history.canUndo && storedRedo);
  const step = (direction: 'undo' | 'redo') =>
    run(async () => {
      const change = direction === 'undo' ? history.takeUndo() : history.takeRedo();
      // Nothing from this page: the map edits' persisted history.
      if (!change) return sendToBackground(direction === 'undo' ? 'map/undo' : 'map/redo', { sessionId });
      try {
        await apply(sessionId, change, direction);
      } catch (failure) {
        history.restore(change, direction);
        throw failure;
      }
    });
  const undo = () => step('undo');
  const redo = () => step('redo');
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'z' || typingIn(event.target)) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (canRedo) void redo();
      } else if (canUndo) void undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <>
      <button type="button" disabled={!canUndo} onClick={() => void undo()} aria-keyshortcuts="Control+Z">
        {t('undoEdit')}
      </button>
      <button type="button" disabled={!canRedo} onClick={() => void redo()} aria-keyshortcuts="Control+Shift+Z">
        {t('redoEdit')}
      </button>
    </>
  );
}
