import { useState } from 'preact/hooks';
import type { Author, NoteKind } from '@/lib/annotations/types';
import { NOTE_KINDS, VALENCES } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { Face } from './Face';
import { NOTE_KEYS, VALENCE_KEYS } from './labels';

/** What annotating a step needs to know of it (a side-panel step or a map step). */
export interface AnnotatableStep {
  id: string;
  emotion: { valence: number } | null;
  momentOfTruth: boolean;
}

/** Annotating the selected step: emotion, a note of any kind, moment of truth. */
export function StepAnnotator({
  sessionId,
  step,
  author,
  run,
  onAdded,
}: {
  sessionId: string;
  step: AnnotatableStep;
  author: Author;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  /** Told of each annotation once stored, with the earlier tags it replaced (the review page's undo history). */
  onAdded?: (annotationId: string, replaced: string[]) => void;
}) {
  const [kind, setKind] = useState<NoteKind>('thought');
  const [text, setText] = useState('');
  const add = async (payload: Parameters<typeof sendToBackground<'annotation/add'>>[1]['payload']) => {
    const id = crypto.randomUUID();
    let replaced: string[] = [];
    const added = await run(async () => {
      replaced = (await sendToBackground('annotation/add', { id, sessionId, eventId: step.id, author, payload })).replaced;
    });
    if (added) onAdded?.(id, replaced);
    return added;
  };
  return (
    <div class="annotator">
      <div class="faces" role="group" aria-label={t('overlayEmotion')}>
        {VALENCES.map((valence) => (
          <button
            type="button"
            key={valence}
            class={`face${step.emotion?.valence === valence ? ' chosen' : ''}`}
            aria-label={t(VALENCE_KEYS[valence])}
            onClick={() => add({ kind: 'emotion', data: { valence, label: null } })}
          >
            <Face valence={valence} />
          </button>
        ))}
      </div>
      <form
        class="note-form"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!text.trim()) return;
          if (await add({ kind: 'note', data: { noteKind: kind, text } })) setText('');
        }}
      >
        <select aria-label={t('overlayNotes')} value={kind} onChange={(event) => setKind(event.currentTarget.value as NoteKind)}>
          {NOTE_KINDS.map((noteKind) => (
            <option key={noteKind} value={noteKind}>
              {t(NOTE_KEYS[noteKind])}
            </option>
          ))}
        </select>
        <textarea aria-label={t(NOTE_KEYS[kind])} rows={2} maxLength={10000} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        <button type="submit">{t('save')}</button>
      </form>
      <button type="button" aria-pressed={step.momentOfTruth} onClick={() => add({ kind: 'moment-of-truth', data: { on: !step.momentOfTruth } })}>
        ★ {t('momentOfTruth')}
      </button>
    </div>
  );
}
