import { useState } from 'preact/hooks';
import type { Stage } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';

export interface StageEditorActions {
  rename(stageId: string, name: string): void;
  move(stageId: string, delta: -1 | 1): void;
  remove(stageId: string): void;
  add(name: string): void;
}

/** The stage list: rename in place, move up and down, remove, add. Every action is a button or a field. */
export function StageEditor({ stages, actions }: { stages: Stage[]; actions: StageEditorActions }) {
  const [draft, setDraft] = useState('');
  return (
    <fieldset class="stage-editor">
      <legend>{t('stagesHeading')}</legend>
      <ol>
        {stages.map((stage, index) => (
          <li key={stage.id}>
            <input
              aria-label={t('stageRename', { n: index + 1 })}
              value={stage.name}
              maxLength={80}
              onChange={(event) => actions.rename(stage.id, event.currentTarget.value)}
            />
            <button
              type="button"
              class="icon"
              disabled={index === 0}
              onClick={() => actions.move(stage.id, -1)}
              aria-label={t('stageUp', { name: stage.name })}
            >
              ↑
            </button>
            <button
              type="button"
              class="icon"
              disabled={index === stages.length - 1}
              onClick={() => actions.move(stage.id, 1)}
              aria-label={t('stageDown', { name: stage.name })}
            >
              ↓
            </button>
            <button
              type="button"
              class="icon"
              disabled={stages.length <= 1}
              onClick={() => actions.remove(stage.id)}
              aria-label={t('stageRemove', { name: stage.name })}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div class="row">
        <input aria-label={t('stageNew')} placeholder={t('stageNew')} value={draft} maxLength={80} onInput={(event) => setDraft(event.currentTarget.value)} />
        <button
          type="button"
          onClick={() => {
            if (!draft.trim()) return;
            actions.add(draft);
            setDraft('');
          }}
        >
          {t('stageAdd')}
        </button>
      </div>
    </fieldset>
  );
}
