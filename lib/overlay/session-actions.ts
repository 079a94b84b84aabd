import type { ShortcutAction } from '../annotations/shortcuts';
import type { AnnotationPayload, Author, NoteKind, Valence } from '../annotations/types';
import type { OverlayState } from '../messaging/protocol';
import { withRetry } from '../page-recorder/retry';

export interface AnnotationChannel {
  state(): Promise<OverlayState | null>;
  annotate(request: { id: string; author: Author; payload: AnnotationPayload }): Promise<{ anchor: { action: string | null } }>;
  switchStage(request: { id: string; author: Author; to: { stageId: string } | { delta: -1 | 1 } }): Promise<unknown>;
  pause(): Promise<unknown>;
  resume(): Promise<unknown>;
  newId(): string;
  sleep(ms: number): Promise<void>;
  isDead(error: unknown): boolean;
}

/**
 * The tester's actions from a page (overlay buttons and shortcuts), sent to the background with a fresh id
 * each and re-sent with the same id until answered, so a worker restart neither loses nor doubles a tag.
 */
export function sessionActions(channel: AnnotationChannel) {
  let author: Author = 'tester';
  const retry = <T>(send: () => Promise<T>) => withRetry(send, { sleep: channel.sleep, isDead: channel.isDead });
  const annotate = async (payload: AnnotationPayload): Promise<string | null> => {
    const id = channel.newId();
    const answer = await retry(() => channel.annotate({ id, author, payload }));
    return answer?.anchor.action ?? null;
  };
  return {
    state: async () => {
      const state = (await retry(() => channel.state())) ?? null;
      if (state) author = state.author;
      return state;
    },
    emotion: (valence: Valence, label: string | null) => annotate({ kind: 'emotion', data: { valence, label } }),
    note: (noteKind: NoteKind, text: string) => annotate({ kind: 'note', data: { noteKind, text } }),
    momentOfTruth: () => annotate({ kind: 'moment-of-truth', data: { on: true } }),
    stage: async (stageId: string) => {
      const id = channel.newId();
      await retry(() => channel.switchStage({ id, author, to: { stageId } }));
    },
    stepStage: async (delta: -1 | 1) => {
      const id = channel.newId();
      await retry(() => channel.switchStage({ id, author, to: { delta } }));
    },
    pause: async () => {
      await retry(() => channel.pause());
    },
    resume: async () => {
      await retry(() => channel.resume());
    },
  };
}

export type SessionActions = ReturnType<typeof sessionActions>;

/**
 * Runs a shortcut: tags go straight to the background; note shortcuts open the overlay's note field; the
 * full-page shortcut starts a capture that reports on its own (`fullPage`).
 */
export async function runShortcut(
  action: ShortcutAction,
  actions: SessionActions,
  openNote: (kind: NoteKind) => void,
  toggle: () => void,
  fullPage: () => void = () => undefined,
): Promise<string | null> {
  switch (action.action) {
    case 'emotion':
      return actions.emotion(action.valence, null);
    case 'moment-of-truth':
      return actions.momentOfTruth();
    case 'note':
      openNote(action.noteKind);
      return null;
    case 'stage':
      await actions.stepStage(action.delta);
      return null;
    case 'toggle-overlay':
      toggle();
      return null;
    case 'full-page':
      fullPage();
      return null;
  }
}
