import { useEffect, useState } from 'preact/hooks';
import type { Valence } from '@/lib/annotations/types';
import { formatDateTime, formatDuration } from '@/lib/format';
import { currentLocale, type MessageKey, t } from '@/lib/i18n';
import { type AnnotatedStep, applyTesterLayer } from '@/lib/journey/layer';
import { buildSteps } from '@/lib/journey/steps';
import { database } from '@/lib/store/db';
import { sessionEvents } from '@/lib/store/events';
import { Face } from '../common/Face';
import { NOTE_KEYS, VALENCE_KEYS } from '../common/labels';
import { useLiveQuery } from '../common/useAsync';
import { ExportButton } from './ExportButton';

/** A first look at a walk: its setup and its steps with their screenshots. The full map comes later. */
export function SessionDetail({ sessionId }: { sessionId: string }) {
  const db = database();
  const session = useLiveQuery(() => db.sessions.get(sessionId), [sessionId]);
  const events = useLiveQuery(() => sessionEvents(db, sessionId), [sessionId]);
  const annotations = useLiveQuery(() => db.annotations.where('sessionId').equals(sessionId).toArray(), [sessionId]);
  const steps =
    events && session
      ? applyTesterLayer(buildSteps(events, currentLocale()), annotations ?? [], session.stages, new Map(events.map((event) => [event.id, event.t])))
      : [];
  if (session === undefined && events !== undefined) {
    return (
      <main class="page">
        <a href="#/">{t('back')}</a>
        <p class="message error">{t('errorGeneric', { message: sessionId })}</p>
      </main>
    );
  }
  return (
    <main class="page">
      <p>
        <a href="#/">{t('back')}</a>
      </p>
      {session && (
        <header class="page-header">
          <div>
            <h1>{session.title}</h1>
            <p class="hint">
              {formatDateTime(session.startedAt)} · {session.startUrl}
            </p>
            {(session.persona.name || session.scenario || session.goal) && (
              <dl class="setup">
                {session.persona.name && (
                  <SetupItem label="fieldPersona" value={[session.persona.name, session.persona.description].filter(Boolean).join(' – ')} />
                )}
                {session.scenario && <SetupItem label="fieldScenario" value={session.scenario} />}
                {session.goal && <SetupItem label="fieldGoal" value={session.goal} />}
              </dl>
            )}
          </div>
          <div class="actions">
            <a href={`/sidepanel.html?session=${encodeURIComponent(session.id)}`} target="_blank" rel="noreferrer">
              {t('annotateWalk')}
            </a>
            <ExportButton session={session} />
          </div>
        </header>
      )}
      <h2>
        {t('stepsHeading')} <span class="hint">{t('stepCount', { count: steps.length })}</span>
      </h2>
      <ol class="steps">
        {steps.map((step) => (
          <StepCard key={step.id} step={step} />
        ))}
      </ol>
    </main>
  );
}

function SetupItem({ label, value }: { label: MessageKey; value: string }) {
  return (
    <>
      <dt>{t(label)}</dt>
      <dd>{value}</dd>
    </>
  );
}

function StepCard({ step }: { step: AnnotatedStep }) {
  const image = useScreenshot(step.screenshotId);
  return (
    <li data-step-kind={step.kind}>
      <div class="step-shot">
        {image ? (
          <>
            <img src={image.url} alt="" loading="lazy" />
            {step.point && image.width > 0 && (
              <span
                class="click-mark"
                aria-hidden="true"
                style={{ left: `${(step.point.x / image.cssWidth) * 100}%`, top: `${(step.point.y / image.cssHeight) * 100}%` }}
              />
            )}
          </>
        ) : (
          <span>{step.screenshotMissing ? t('noScreenshot', { reason: t(`reason.${step.screenshotMissing}`) }) : ''}</span>
        )}
      </div>
      <div class="step-body">
        <strong>
          {step.index + 1}. {step.action}
        </strong>
        <div class="meta">
          {step.pageTitle ?? step.url} · {formatDuration(step.durationMs)}
          {step.momentOfTruth ? ` · ★ ${t('momentOfTruth')}` : ''}
        </div>
        {step.emotion && (
          <div class="emotion">
            <Face valence={step.emotion.valence as Valence} size={18} /> {t(VALENCE_KEYS[step.emotion.valence as Valence])}
            {step.emotion.label ? ` · ${step.emotion.label}` : ''}
          </div>
        )}
        {step.annotations.length > 0 && (
          <ul class="notes">
            {step.annotations.map((note) => (
              <li key={note.id}>
                <strong>{t(NOTE_KEYS[note.noteKind])}:</strong> {note.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** Loads a screenshot Blob into an object URL for as long as the card is shown. */
function useScreenshot(screenshotId: string | null) {
  const [image, setImage] = useState<{ url: string; width: number; cssWidth: number; cssHeight: number } | null>(null);
  useEffect(() => {
    if (!screenshotId) return;
    let url: string | null = null;
    let cancelled = false;
    void database()
      .screenshots.get(screenshotId)
      .then((shot) => {
        if (!shot || cancelled) return;
        url = URL.createObjectURL(shot.blob);
        const ratio = window.devicePixelRatio || 1;
        setImage({ url, width: shot.width, cssWidth: shot.width / ratio, cssHeight: shot.height / ratio });
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [screenshotId]);
  return image;
}
