import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { whyUnrecordable } from '@/lib/capture/recordable';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { database } from '@/lib/store/db';
import type { SessionRecord } from '@/lib/store/records';
import { explain } from '../common/errors';
import { useLiveQuery } from '../common/useAsync';

interface TargetTab {
  id: number;
  url: string | null;
}

/**
 * The tab the popup acts on: the active tab of the window, or the one named by `?tab=` (scripted walks
 * and keyboard users who open the popup as a page use it).
 */
async function targetTab(): Promise<TargetTab | null> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) {
    const tab = await browser.tabs.get(fromQuery).catch(() => null);
    return tab?.id != null ? { id: tab.id, url: tab.url ?? null } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id != null ? { id: tab.id, url: tab.url ?? null } : null;
}

export function Popup() {
  const [tab, setTab] = useState<TargetTab | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const db = database();
  const active = useLiveQuery(() => db.sessions.where('status').anyOf('recording', 'paused').first(), []);
  const interrupted = useLiveQuery(() => db.sessions.where('status').equals('interrupted').toArray(), []);

  useEffect(() => {
    targetTab().then(setTab, () => setTab(null));
  }, []);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  };

  const unrecordable = tab === undefined ? null : whyUnrecordable(tab?.url);

  return (
    <main class="popup" aria-busy={busy}>
      <header class="popup-header">
        <h1>{t('appName')}</h1>
        <a href={browser.runtime.getURL('/sessions.html')} target="_blank" rel="noreferrer">
          {t('openSessions')}
        </a>
      </header>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      {active ? (
        <ActiveSession session={active} busy={busy} run={run} />
      ) : (
        <>
          {interrupted?.map((session) => (
            <InterruptedSession key={session.id} session={session} tab={tab ?? null} blocked={unrecordable != null} busy={busy} run={run} />
          ))}
          {unrecordable && tab !== undefined ? (
            <p class="message" role="status">
              {t(unrecordable)}
            </p>
          ) : (
            <StartForm tab={tab ?? null} busy={busy || tab === undefined} run={run} />
          )}
        </>
      )}
    </main>
  );
}

function StartForm({ tab, busy, run }: { tab: TargetTab | null; busy: boolean; run: (action: () => Promise<unknown>) => Promise<void> }) {
  const [setup, setSetup] = useState({ title: '', persona: '', scenario: '', goal: '' });
  const field = (key: keyof typeof setup) => ({
    value: setup[key],
    onInput: (event: Event) => setSetup({ ...setup, [key]: (event.currentTarget as HTMLInputElement).value }),
  });
  const submit = (event: Event) => {
    event.preventDefault();
    if (!tab) return;
    void run(() => sendToBackground('session/start', { tabId: tab.id, setup }));
  };
  return (
    <form class="start-form" onSubmit={submit}>
      <h2>{t('popupTitle')}</h2>
      <label>
        {t('fieldTitle')}
        <input name="title" placeholder={t('fieldTitlePlaceholder')} maxLength={200} {...field('title')} />
      </label>
      <details>
        <summary>{t('optionalDetails')}</summary>
        <label>
          {t('fieldPersona')}
          <input name="persona" placeholder={t('fieldPersonaPlaceholder')} maxLength={500} {...field('persona')} />
        </label>
        <label>
          {t('fieldScenario')}
          <textarea name="scenario" rows={2} placeholder={t('fieldScenarioPlaceholder')} maxLength={2000} {...field('scenario')} />
        </label>
        <label>
          {t('fieldGoal')}
          <input name="goal" placeholder={t('fieldGoalPlaceholder')} maxLength={500} {...field('goal')} />
        </label>
      </details>
      <button type="submit" class="primary" disabled={busy || !tab}>
        {t('start')}
      </button>
      <p class="hint">{t('shortcutHint', { shortcut: 'Alt+Shift+R' })}</p>
    </form>
  );
}

function ActiveSession({ session, busy, run }: { session: SessionRecord; busy: boolean; run: (action: () => Promise<unknown>) => Promise<void> }) {
  const recording = session.status === 'recording';
  return (
    <section class="active-session" aria-labelledby="session-status">
      <h2 id="session-status" class={recording ? 'status recording' : 'status paused'}>
        {recording ? t('statusRecording') : t('statusPaused')}
      </h2>
      <p role="status">{t('recordingSince', { title: session.title, events: session.eventCount, screenshots: session.screenshotCount })}</p>
      <div class="actions">
        {recording ? (
          <button type="button" disabled={busy} onClick={() => run(() => sendToBackground('session/pause', {}))}>
            {t('pause')}
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => run(() => sendToBackground('session/resume', {}))}>
            {t('resume')}
          </button>
        )}
        <button type="button" class="primary" disabled={busy} onClick={() => run(() => sendToBackground('session/stop', {}))}>
          {t('stop')}
        </button>
      </div>
    </section>
  );
}

function InterruptedSession({
  session,
  tab,
  blocked,
  busy,
  run,
}: {
  session: SessionRecord;
  tab: TargetTab | null;
  blocked: boolean;
  busy: boolean;
  run: (action: () => Promise<unknown>) => Promise<void>;
}) {
  return (
    <section class="interrupted" aria-label={t('statusInterrupted')}>
      <p>{t('interruptedExplain', { title: session.title })}</p>
      <div class="actions">
        <button
          type="button"
          disabled={busy || blocked || !tab}
          onClick={() => tab && run(() => sendToBackground('session/continue', { sessionId: session.id, tabId: tab.id }))}
        >
          {t('continueHere')}
        </button>
        <button type="button" disabled={busy} onClick={() => run(() => sendToBackground('session/finish', { sessionId: session.id }))}>
          {t('finish')}
        </button>
      </div>
    </section>
  );
}
