import { useState } from 'preact/hooks';
import { SHORTCUT_HELP } from '@/lib/annotations/shortcuts';
import type { Author } from '@/lib/annotations/types';
import { type MessageKey, t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import type { SessionRecord } from '@/lib/store/records';
import { ANNOTATOR, isAuthor } from '@/lib/store/settings';
import { StorageFullNotice } from '../common/StorageFullNotice';
import { type Run, useRun } from '../common/useRun';
import { useStorageFull } from '../common/useStorageFull';
import { AlwaysBlurList } from '../privacy/AlwaysBlurList';
import { ChecklistPanel } from './ChecklistPanel';
import { SetupPanel } from './SetupPanel';
import { Timeline } from './Timeline';
import { useAnnotator, useWalk } from './useWalk';

type Tab = 'timeline' | 'checklist' | 'setup';
const TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'timeline', label: 'tabTimeline' },
  { id: 'checklist', label: 'tabChecklist' },
  { id: 'setup', label: 'tabSetup' },
];

/**
 * The side panel: the walk as it happens (timeline with thumbnails, emotions and notes per step), the
 * mystery-shopping checklist and the setup, with pause, resume and stop at hand.
 */
export function SidePanel() {
  const session = useWalk();
  const author = useAnnotator();
  const [tab, setTab] = useState<Tab>('timeline');
  const { error, run } = useRun();

  if (session === undefined) return null;
  if (session === null) {
    return (
      <main class="side">
        <p class="message">{t('sideNoSession')}</p>
      </main>
    );
  }
  return (
    <main class="side">
      <Header session={session} author={author} run={run} />
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      <div class="tabs" role="tablist" aria-label={t('sidePanelTitle')}>
        {TABS.map((item) => (
          <button
            type="button"
            role="tab"
            key={item.id}
            id={`tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`panel-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            onClick={() => setTab(item.id)}
            onKeyDown={(event) => {
              const index = TABS.findIndex((entry) => entry.id === tab);
              const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (!delta) return;
              const next = TABS[(index + delta + TABS.length) % TABS.length];
              if (next) {
                setTab(next.id);
                (event.currentTarget.parentElement?.querySelector(`#tab-${next.id}`) as HTMLElement | null)?.focus();
              }
            }}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'timeline' && <Timeline session={session} author={author} run={run} />}
        {tab === 'checklist' && <ChecklistPanel session={session} author={author} run={run} />}
        {tab === 'setup' && (
          <>
            <SetupPanel session={session} run={run} />
            <AlwaysBlurList run={run} />
          </>
        )}
      </section>
      <ShortcutHelp />
    </main>
  );
}

/** The documented shortcuts (they never fire while typing in a field). */
function ShortcutHelp() {
  return (
    <details class="shortcut-help">
      <summary>{t('shortcutsHeading')}</summary>
      <dl>
        {SHORTCUT_HELP.map((item) => (
          <div key={item.keys} class="row">
            <dt>
              <kbd>{item.keys}</kbd>
            </dt>
            <dd>{t(item.what)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Header({ session, author, run }: { session: SessionRecord; author: Author; run: Run }) {
  const active = session.status === 'recording' || session.status === 'paused';
  // Paused for a full disk: the database still says recording (it took no write), storage.session says why.
  const storageFull = useStorageFull(active ? session.id : null) != null;
  const recording = session.status === 'recording' && !storageFull;
  const statusKey: MessageKey = storageFull
    ? 'statusStorageFull'
    : session.status === 'recording'
      ? 'statusRecording'
      : session.status === 'paused'
        ? 'statusPaused'
        : session.status === 'interrupted'
          ? 'statusInterrupted'
          : 'statusEnded';
  return (
    <header class="side-header">
      <h1>{session.title}</h1>
      <p class={`status ${storageFull ? 'paused' : session.status}`} id="session-status">
        {t(statusKey)}
        {session.completedAt ? ` · ${t('completed')}` : ''}
      </p>
      {storageFull && <StorageFullNotice />}
      {active && (
        <div class="actions">
          {recording ? (
            <button type="button" onClick={() => run(() => sendToBackground('session/pause', {}))}>
              {t('pause')}
            </button>
          ) : (
            <button type="button" onClick={() => run(() => sendToBackground('session/resume', {}))}>
              {t('resume')}
            </button>
          )}
          <button type="button" class="primary" onClick={() => run(() => sendToBackground('session/stop', {}))}>
            {t('stop')}
          </button>
        </div>
      )}
      <div class="row">
        <label class="inline">
          {t('annotatorLabel')}
          <select
            value={author}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isAuthor(value)) void run(() => sendToBackground('settings/set', { key: ANNOTATOR, value }));
            }}
          >
            <option value="tester">{t('author.tester')}</option>
            <option value="observer">{t('author.observer')}</option>
          </select>
        </label>
        {active && (
          <label class="inline">
            {t('overlayStage')}
            <select
              value={session.currentStageId ?? ''}
              onChange={(event) =>
                run(() =>
                  sendToBackground('stage/switch', { id: crypto.randomUUID(), sessionId: session.id, to: { stageId: event.currentTarget.value }, author }),
                )
              }
            >
              {session.stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </header>
  );
}
