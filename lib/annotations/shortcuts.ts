import type { NoteKind, Valence } from './types';

/** What a documented shortcut does. All use Alt+Shift, so they never collide with typing. */
export type ShortcutAction =
  | { action: 'emotion'; valence: Valence }
  | { action: 'note'; noteKind: NoteKind }
  | { action: 'moment-of-truth' }
  | { action: 'stage'; delta: -1 | 1 }
  | { action: 'toggle-overlay' }
  | { action: 'full-page' };

interface KeyLike {
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

const NOTE_KEYS: Record<string, NoteKind> = { KeyT: 'thought', KeyP: 'pain', KeyO: 'opportunity', KeyE: 'expectation', KeyN: 'note' };

/** The documented shortcuts, for the help text (i18n keys for the descriptions). */
export const SHORTCUT_HELP = [
  { keys: 'Alt+Shift+1…5', what: 'shortcutEmotion' },
  { keys: 'Alt+Shift+T', what: 'shortcutThought' },
  { keys: 'Alt+Shift+P', what: 'shortcutPain' },
  { keys: 'Alt+Shift+O', what: 'shortcutOpportunity' },
  { keys: 'Alt+Shift+E', what: 'shortcutExpectation' },
  { keys: 'Alt+Shift+N', what: 'shortcutNote' },
  { keys: 'Alt+Shift+M', what: 'shortcutMoment' },
  { keys: 'Alt+Shift+← / →', what: 'shortcutStage' },
  { keys: 'Alt+Shift+H', what: 'shortcutToggle' },
  { keys: 'Alt+Shift+F', what: 'shortcutFullPage' },
] as const;

/**
 * The action of a key press, or null. Uses the physical key (`code`) so layouts where Alt+Shift+1 types a
 * symbol still work. Alt+Shift+1 is the most negative face, Alt+Shift+5 the most positive.
 */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  const digit = /^(?:Digit|Numpad)([1-5])$/.exec(event.code);
  if (digit) return { action: 'emotion', valence: (Number(digit[1]) - 3) as Valence };
  const noteKind = NOTE_KEYS[event.code];
  if (noteKind) return { action: 'note', noteKind };
  if (event.code === 'KeyM') return { action: 'moment-of-truth' };
  if (event.code === 'ArrowRight') return { action: 'stage', delta: 1 };
  if (event.code === 'ArrowLeft') return { action: 'stage', delta: -1 };
  if (event.code === 'KeyH') return { action: 'toggle-overlay' };
  if (event.code === 'KeyF') return { action: 'full-page' };
  return null;
}

/** The element that really has focus, looking inside open shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

/** True while the tester types in a page field: shortcuts then stay out of the way. */
export function isTyping(active: Element | null): boolean {
  if (!active) return false;
  const tag = active.localName;
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has((active.getAttribute('type') ?? 'text').toLowerCase());
  return (active as HTMLElement).isContentEditable === true;
}
