import { useState } from 'preact/hooks';
import { formatDateTime, formatDuration } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';
import { stepNumbers } from '@/lib/journey/numbering';
import { describeGap } from '@/lib/journey/recorder-gaps';
import { sendToBackground } from '@/lib/messaging/client';
import type { StepEdit } from '@/lib/store/records';
import { NOTE_KEYS } from '../common/labels';
import { StepAnnotator } from '../common/StepAnnotator';
import { useRun } from '../common/useRun';
import { FullPages } from './FullPages';
import { Redactor } from './Redactor';
import { ScreenshotMoment } from './ScreenshotMoment';
import { SignalChip } from './SignalChip';
import { reviewHistory, UndoButtons } from './UndoButtons';
import { useJourneyMap } from './useJourneyMap';

/** Events a step can be cut before: what the tester did, not what the recorder noted around it. */
const SPLITTABLE = new Set(['click', 'navigation', 'field-change', 'submit', 'key']);

/** One step in full: the large screenshot with the click marked, every field, and every correction. */
export function StepView({ sessionId, stepId }: { sessionId: string; stepId: string }) {
  const data = useJourneyMap(sessionId);
  const { error, run } = useRun();
  if (!data) return null;
  const { map, session, events } = data;
  // A step is addressed by its id; an older link may name another of its events.
  const exact = map.steps.findIndex((step) => step.id === stepId);
  const position = exact >= 0 ? exact : map.steps.findIndex((step) => step.eventIds.includes(stepId));
  const step = map.steps[position];
  const base = `#/session/${encodeURIComponent(sessionId)}`;
  if (!step) {
    return (
      <main class="page">
        <a href={base}>{t('backToMap')}</a>
      </main>
    );
  }
  const history = reviewHistory(sessionId);
  const edit = (change: StepEdit) =>
    run(async () => {
      await sendToBackground('map/edit', { id: crypto.randomUUID(), sessionId, author: 'tester', edit: change });
      history.record({ kind: 'map-edit' });
    });
  const previous = map.steps[position - 1];
  const next = map.steps[position + 1];
  const number = stepNumbers(map.steps).get(step.id);
  const count = map.steps.filter((other) => !other.hidden).length;
  const heading = number != null ? t('stepHeading', { n: number, count }) : t('stepHiddenHeading');
  const own = events.filter((event) => step.eventIds.includes(event.id));
  const redaction = step.screenshotId ? data.redactions.get(step.screenshotId) : undefined;
  return (
    <main class="page step-view">
      <nav class="row no-print" aria-label={heading}>
        <a href={base}>{t('backToMap')}</a>
        {previous && <a href={`${base}/step/${encodeURIComponent(previous.id)}`}>← {t('previousStep')}</a>}
        {next && <a href={`${base}/step/${encodeURIComponent(next.id)}`}>{t('nextStep')} →</a>}
        <span class="actions">
          <UndoButtons sessionId={sessionId} storedUndo={data.canUndo} storedRedo={data.canRedo} run={run} />
        </span>
      </nav>
      <h1>
        {heading}: {step.action}
      </h1>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      <div class="step-layout">
        <div class="step-shots">
          <Redactor
            sessionId={sessionId}
            screenshotId={step.screenshotId}
            point={step.point}
            devicePixelRatio={step.devicePixelRatio}
            redaction={redaction}
            missing={step.screenshotMissing}
          />
          <ScreenshotMoment
            sessionId={sessionId}
            source={step.screenshotSource}
            delayMs={step.screenshotDelayMs}
            lateScreenshotId={step.lateScreenshotId}
            redactions={data.redactions}
          />
          <FullPages
            sessionId={sessionId}
            screenshotIds={step.fullPageScreenshotIds}
            events={events.filter((event) => event.kind === 'full-page')}
            redactions={data.redactions}
          />
        </div>
        <div class="step-fields">
          <TitleField key={step.id} value={step.action} onSave={(title) => edit({ kind: 'title', stepId: step.id, title })} />
          <label>
            {t('stepStage')}
            <select value={step.stageId ?? ''} onChange={(event) => void edit({ kind: 'stage', stepId: step.id, stageId: event.currentTarget.value })}>
              {session.stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </select>
          </label>
          <div class="actions">
            <button type="button" onClick={() => void edit({ kind: 'hide', stepId: step.id, hidden: !step.hidden })}>
              {step.hidden ? t('stepShow') : t('stepHide')}
            </button>
            {next && (
              <button type="button" onClick={() => void edit({ kind: 'merge', stepIds: [step.id, next.id] })}>
                {t('stepMergeNext')}
              </button>
            )}
          </div>
          <dl class="fields">
            <dt>{t('laneTouchpoint')}</dt>
            <dd>
              {step.touchpoint.page} · {step.touchpoint.site}
            </dd>
            {step.url && (
              <>
                <dt>{t('stepUrl')}</dt>
                <dd class="url">{step.url}</dd>
              </>
            )}
            {step.pageTitle && (
              <>
                <dt>{t('stepPageTitle')}</dt>
                <dd>{step.pageTitle}</dd>
              </>
            )}
            {step.frameUrl && step.frameUrl !== step.url && (
              <>
                <dt>{t('stepFrame')}</dt>
                <dd class="url">{step.frameUrl}</dd>
              </>
            )}
            <dt>{t('stepWhen')}</dt>
            <dd>
              {formatDateTime(step.at)} · {t('stepIntoWalk', { time: formatDuration(step.t) })}
              {step.tabId != null ? ` · ${t('stepTab', { tab: step.tabId })}` : ''}
            </dd>

            <dt>{t('laneMetrics')}</dt>
            <dd>
              {formatDuration(step.durationMs)}
              {step.timeToFirstActionMs != null ? ` · ${t('firstAction', { time: formatDuration(step.timeToFirstActionMs) })}` : ''}
            </dd>
            {step.target && (
              <>
                <dt>{t('stepTarget')}</dt>
                <dd>
                  {step.target.tag} {step.target.role ? `(${step.target.role})` : ''} {step.target.name ?? step.target.text ?? ''}
                </dd>
                <dt>{t('stepSelectors')}</dt>
                <dd>
                  <ul class="selectors">
                    {step.target.selectors.map((chain) => (
                      <li key={chain.join(' » ')}>
                        <code>{chain.join(' » ')}</code>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
          <h2>{t('laneEmotion')}</h2>
          <StepAnnotator
            sessionId={sessionId}
            step={step}
            author="tester"
            run={run}
            onAdded={(annotationId, replaced) => history.record({ kind: 'annotation-added', annotationId, replaced })}
          />
          {step.annotations.length > 0 && (
            <ul class="notes">
              {step.annotations.map((note) => (
                <NoteItem
                  key={note.id}
                  label={t(NOTE_KEYS[note.noteKind])}
                  text={note.text}
                  onSave={async (text) => {
                    const saved = await run(() => sendToBackground('annotation/edit-note', { id: note.id, text }));
                    if (saved) history.record({ kind: 'note-edited', annotationId: note.id, before: note.text, after: text });
                    return saved;
                  }}
                  onRemove={async () => {
                    if (await run(() => sendToBackground('annotation/set-removed', { id: note.id, removed: true })))
                      history.record({ kind: 'annotation-removed', annotationId: note.id });
                  }}
                />
              ))}
            </ul>
          )}
          {step.signals.length > 0 && (
            <>
              <h2>{t('stepSignals')}</h2>
              {step.signals.map((signal) => (
                <div key={signal.id}>
                  <SignalChip signal={signal} onDecide={(signalId, decision) => void edit({ kind: 'signal', signalId, decision })} />
                  <p class="hint">{signal.description}</p>
                </div>
              ))}
            </>
          )}
          <h2>{t('stepEvents')}</h2>
          <ol class="events">
            {own.map((event, index) => (
              <li key={event.id}>
                {t(`event.${event.kind}` as MessageKey)} <span class="meta">{formatDuration(event.t)}</span>
                {event.kind === 'extension-restarted' && <p class="hint recorder-gap">{describeGap(event)}</p>}
                {index > 0 && SPLITTABLE.has(event.kind) && (
                  <button type="button" class="link" onClick={() => void edit({ kind: 'split', stepId: step.id, atEventId: event.id })}>
                    {t('stepSplit')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </main>
  );
}

function TitleField({ value, onSave }: { value: string; onSave: (title: string) => Promise<boolean> }) {
  const [draft, setDraft] = useState(value);
  const save = () => {
    if (draft.trim() && draft !== value) void onSave(draft);
  };
  return (
    <label>
      {t('stepTitle')}
      <input
        value={draft}
        maxLength={200}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') save();
        }}
      />
    </label>
  );
}

/** A note of the step: read, corrected in place (Enter or Save; Escape cancels) or removed. */
function NoteItem({ label, text, onSave, onRemove }: { label: string; text: string; onSave: (text: string) => Promise<boolean>; onRemove: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft == null) {
    return (
      <li>
        <strong>{label}:</strong> {text}{' '}
        <button type="button" class="link" onClick={() => setDraft(text)} aria-label={`${t('editAnnotation')}: ${text.slice(0, 40)}`}>
          {t('editAnnotation')}
        </button>{' '}
        <button type="button" class="link" onClick={onRemove}>
          {t('removeAnnotation')}
        </button>
      </li>
    );
  }
  const save = async () => {
    const next = draft.trim();
    if (!next || next === text) return setDraft(null);
    if (await onSave(next)) setDraft(null);
  };
  return (
    <li>
      <label>
        {label}
        <textarea
          rows={2}
          maxLength={10000}
          value={draft}
          // biome-ignore lint/a11y/noAutofocus: the tester just asked to correct this note.
          autoFocus
          onInput={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(null);
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void save();
            }
          }}
        />
      </label>
      <button type="button" onClick={() => void save()}>
        {t('save')}
      </button>{' '}
      <button type="button" onClick={() => setDraft(null)}>
        {t('cancel')}
      </button>
    </li>
  );
}
