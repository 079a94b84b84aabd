import { useEffect, useState } from 'preact/hooks';
import { cleanLabel } from '@/lib/annotations/text';
import { DEFAULT_EMOTION_LABELS } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import type { StageRemoval } from '@/lib/recorder/tester-layer';
import { readDatabase } from '@/lib/store/reads';
import type { SessionRecord } from '@/lib/store/records';
import { CUSTOM_EMOTION_LABELS, isLabelList, readSetting } from '@/lib/store/settings';
import { useLiveQuery } from '../common/useAsync';
import type { Run } from '../common/useRun';
import { SetupFields, type SetupText } from '../setup/SetupFields';
import { StageEditor } from '../setup/StageEditor';

/** The walk's setup, editable during and after the walk; stage removal can be undone. */
export function SetupPanel({ session, run }: { session: SessionRecord; run: Run }) {
  const [text, setText] = useState<SetupText>(pick(session));
  const [removal, setRemoval] = useState<{ undo: StageRemoval; name: string; to: string } | null>(null);
  useEffect(() => setText(pick(session)), [session.id]);
  const commit = () => run(() => sendToBackground('session/update-setup', { sessionId: session.id, changes: text }));
  const stages = session.stages;
  return (
    <div class="setup-panel">
      <SetupFields value={text} onChange={setText} onCommit={() => void commit()} />
      <StageEditor
        stages={stages}
        actions={{
          rename: (stageId, name) =>
            void run(() =>
              sendToBackground('session/update-setup', {
                sessionId: session.id,
                changes: { stages: stages.map((stage) => (stage.id === stageId ? { ...stage, name } : stage)) },
              }),
            ),
          move: (stageId, delta) => void run(() => sendToBackground('stage/move', { sessionId: session.id, stageId, delta })),
          remove: async (stageId) => {
            const index = stages.findIndex((stage) => stage.id === stageId);
            const name = stages[index]?.name ?? '';
            const to = (stages[index - 1] ?? stages[index + 1])?.name ?? '';
            let undo: StageRemoval | null = null;
            if (await run(async () => (undo = await sendToBackground('stage/remove', { sessionId: session.id, stageId }))))
              setRemoval(undo ? { undo, name, to } : null);
          },
          add: (name) =>
            void run(() =>
              sendToBackground('session/update-setup', {
                sessionId: session.id,
                changes: { stages: [...stages, { id: crypto.randomUUID(), name: cleanLabel(name), order: stages.length }] },
              }),
            ),
        }}
      />
      {removal && (
        <p class="message" role="status">
          {t('stageRemoved', { name: removal.name, to: removal.to })}{' '}
          <button
            type="button"
            onClick={async () => {
              if (await run(() => sendToBackground('stage/undo-remove', { sessionId: session.id, undo: removal.undo }))) setRemoval(null);
            }}
          >
            {t('undo')}
          </button>
        </p>
      )}
      <EmotionLabels run={run} />
    </div>
  );
}

function pick(session: SessionRecord): SetupText {
  return { persona: session.persona, scenario: session.scenario, goal: session.goal, segment: session.segment, expectations: session.expectations };
}

/** The tester's own emotion labels, added to the default list everywhere. */
function EmotionLabels({ run }: { run: Run }) {
  const db = readDatabase();
  const custom = useLiveQuery(() => readSetting(db, CUSTOM_EMOTION_LABELS, [], isLabelList), []) ?? [];
  const [draft, setDraft] = useState('');
  const add = async () => {
    const label = cleanLabel(draft, 40).toLowerCase();
    if (!label || custom.includes(label) || (DEFAULT_EMOTION_LABELS as readonly string[]).includes(label)) return;
    if (await run(() => sendToBackground('settings/set', { key: CUSTOM_EMOTION_LABELS, value: [...custom, label] }))) setDraft('');
  };
  return (
    <fieldset>
      <legend>{t('addLabel')}</legend>
      <p class="hint">{[...DEFAULT_EMOTION_LABELS.map((label) => t(`emotionLabel.${label}`)), ...custom].join(', ')}</p>
      <div class="row">
        <input aria-label={t('addLabel')} value={draft} maxLength={40} onInput={(event) => setDraft(event.currentTarget.value)} />
        <button type="button" onClick={() => void add()}>
          {t('addLabelButton')}
        </button>
      </div>
    </fieldset>
  );
}
