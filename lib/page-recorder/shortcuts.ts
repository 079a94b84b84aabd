import { deepActiveElement, isTyping, type ShortcutAction, shortcutFor } from '../annotations/shortcuts';
import { guarded } from './context';

/**
 * Listens for Parcours' documented shortcuts (Alt+Shift+…) in a frame. They never fire while the tester
 * types in a field (the page's; the overlay's note is typed in an extension frame, where no content script
 * listens), and the key press goes on to the page untouched.
 */
export function listenForShortcuts(win: Window, onShortcut: (action: ShortcutAction) => void): () => void {
  const listener = guarded((event: KeyboardEvent) => {
    // A page's script dispatching Alt+Shift+5 tags nothing: only the tester's own key presses count.
    if (!event.isTrusted || event.repeat || event.isComposing) return;
    const action = shortcutFor(event);
    if (!action) return;
    if (isTyping(deepActiveElement(win.document))) return;
    onShortcut(action);
  });
  win.addEventListener('keydown', listener, { capture: true, passive: true });
  return () => win.removeEventListener('keydown', listener, { capture: true });
}
