import { useEffect, useState } from 'preact/hooks';
import type { Author, Valence } from '@/lib/annotations/types';
import { formatDuration } from '@/lib/format';
import { t } from '@/lib/i18n';
import { emotionLabelText, sessionLocale } from '@/lib/i18n/session-locale';
import type { StepNote, TesterLanes } from '@/lib/journey/layer';
import { sendToBackground } from '@/lib/messaging/client';
import type { SessionRecord } from '@/lib/store/records';
import { Face } from '../common/Face';
import { NOTE_KEYS, VALENCE_KEYS } from '../common/labels';
import { StepAnnotator } from '../common/StepAnnotator';
import { Thumbnail } from '../common/Thumbnail';
import type { Run } from '../common/useRun';
import { VirtualList } from '../common/VirtualList';
import { RecorderGaps } from './RecorderGaps';
import { useWalkSteps } from './useWalk';

/**
 * The live timeline: one card per human step, the map's steps as the walk makes them, newest last; select one
 * to annotate or correct it.
 */
export function Timeline({ session, author, run }: { session: SessionRecord; author: Author; run: Run }) {
  const walk = useWalkSteps(session);
  // A step's words (its action, stage and emotion) are the map's, in the walk's language.
  const mapLocale = sessionLocale(session);
  const count = walk?.steps.length ?? 0;
  // A new step while none is selected: follow the walk to its newest step, at the bottom.
  useEffect(() => {
    if (!session.selectedEventId) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [count]);
  if (!walk) return null;
  const select = (eventId: string | null) => run(() => sendToBackground('step/select', { sessionId: session.id, eventId }));
  const { selected } = walk;
  return (
    <div class="timeline">
      {selected != null && (
        <p class="selection" role="status">
          {t('selectedStep', { n: selected + 1 })}{' '}
          <button type="button" class="link" onClick={() => select(null)}>
            {t('clearSelection')}
          </button>
        </p>
      )}
      <RecorderGaps sessionId={session.id} />
      {walk.steps.length <= 1 && <p class="hint">{t('noSteps')}</p>}
      <VirtualList
        class="step-list"
        items={walk.steps}
        keyOf={(step) => step.id}
        estimate={84}
        render={(step, index, ref) => {
          const layer = walk.layers[index] as TesterLanes;
          const isSelected = index === selected;
          return (
            <li key={step.id} class={`step-card${isSelected ? ' selected' : ''}`} ref={ref} data-step-index={step.index} data-step-id={step.id}>
              <button
                type="button"
                class="step-select"
                aria-pressed={isSelected}
                aria-label={t('selectStep', { n: step.index + 1 })}
                onClick={() => select(isSelected ? null : step.id)}
              >
                <Thumbnail screenshotId={step.screenshotId} point={step.point} devicePixelRatio={step.devicePixelRatio} />
              </button>
              <div class="step-text">
                <strong>
                  {step.index + 1}. {step.action}
                </strong>
                <span class="meta">
                  {session.stages.find((stage) => stage.id === layer.stageId)?.name ?? ''} · {formatDuration(step.durationMs)}
                  {layer.momentOfTruth ? ` · ★ ${t('momentOfTruth')}` : ''}
                </span>
                {layer.emotion && (
                  <span class="emotion">
                    <Face valence={layer.emotion.valence as Valence} size={18} /> {t(VALENCE_KEYS[layer.emotion.valence as Valence], {}, mapLocale)}
                    {layer.emotion.label ? ` · ${emotionLabelText(layer.emotion.label, mapLocale)}` : ''}{' '}
                    <span class="meta">{t('byAuthor', { author: t(`author.${layer.emotion.author}`) })}</span>
                  </span>
                )}
                <StepNotes notes={layer.annotations} run={run} />
                {isSelected && (
                  <StepAnnotator
                    sessionId={session.id}
                    step={{ id: step.id, emotion: layer.emotion, momentOfTruth: layer.momentOfTruth }}
                    author={author}
                    run={run}
                  />
                )}
              </div>
            </li>
          );
        }}
      />
    </div>
  );
}

function StepNotes({ notes, run }: { notes: readonly StepNote[]; run: Run }) {
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  if (notes.length === 0 && !removed) return null;
  return (
    <ul class="notes">
      {notes.map((note) =>
        editing?.id === note.id ? (
          <li key={note.id}>
            <form
              class="note-form"
              onSubmit={async (event) => {
                event.preventDefault();
                if (await run(() => sendToBackground('annotation/edit-note', { id: note.id, text: editing.text }))) setEditing(null);
              }}
            >
              <textarea
                aria-label={t(NOTE_KEYS[note.noteKind])}
                rows={2}
                maxLength={10000}
                value={editing.text}
                onInput={(event) => setEditing({ id: note.id, text: event.currentTarget.value })}
              />
              <div class="row">
                <button type="submit">{t('save')}</button>
                <button type="button" onClick={() => setEditing(null)}>
                  {t('cancel')}
                </button>
              </div>
            </form>
          </li>
        ) : (
          <li key={note.id} class={`note ${note.noteKind}`}>
            <span class="kind">{t(NOTE_KEYS[note.noteKind])}</span> <span class="text">{note.text}</span>{' '}
            <span class="meta">{t('byAuthor', { author: t(`author.${note.author}`) })}</span>{' '}
            <button
              type="button"
              class="link"
              aria-label={`${t('editAnnotation')}: ${note.text.slice(0, 40)}`}
              onClick={() => setEditing({ id: note.id, text: note.text })}
            >
              {t('editAnnotation')}
            </button>{' '}
            <button
              type="button"
              class="link"
              aria-label={`${t('removeAnnotation')}: ${note.text.slice(0, 40)}`}
              onClick={async () => {
                if (await run(() => sendToBackground('annotation/set-removed', { id: note.id, removed: true }))) setRemoved(note.id);
              }}
            >
              {t('removeAnnotation')}
            </button>
          </li>
        ),
      )}
      {removed && (
        <li role="status">
          {t('annotationRemoved')}{' '}
          <button
            type="button"
            class="link"
            onClick={async () => {
              if (await run(() => sendToBackground('annotation/set-removed', { id: removed, removed: false }))) setRemoved(null);
            }}
          >
            {t('undo')}
          </button>
        </li>
      )}
    </ul>
  );
}
