import { deepActiveElement, isTyping, type ShortcutAction, shortcutFor } from '../annotations/shortcuts';
import { guarded } from './context';

/**
 * Listens for Parcours' documented shortcuts (Alt+Shift+…) in a frame. They never fire while the tester
 * types in a field (the page's or the overlay's), and the key press goes on to the page untouched.
 */
export function listenForShortcuts(win: Window, onShortcut: (action: ShortcutAction) => void): () => void {
  const listener = guarded((event: KeyboardEvent) => {
    if (event.repeat || event.isComposing) return;
    const action = shortcutFor(event);
    if (!action) return;
    if (isTyping(deepActiveElement(win.document))) return;
    onShortcut(action);
  });
  win.addEventListener('keydown', listener, { capture: true, passive: true });
  return () => win.removeEventListener('keydown', listener, { capture: true });
}
