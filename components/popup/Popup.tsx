import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { addStage, moveStage, removeStage, renameStage } from '@/lib/annotations/stages';
import type { Stage } from '@/lib/annotations/types';
import { openWalkPanel, type WalkPanelApi, walkPanelKind } from '@/lib/browser-ui/walk-panel';
import { whyUnrecordable } from '@/lib/capture/recordable';
import { currentLocale, t } from '@/lib/i18n';
import { defaultStages, relocalizeStages } from '@/lib/journey/stages';
import { sendToBackground } from '@/lib/messaging/client';
import { DEFAULT_MASKING_MODE, isMaskingMode, type MaskingMode, maskingOf } from '@/lib/privacy/masking-mode';
import { tabUrl } from '@/lib/recorder/tab-url';
import { readDatabase } from '@/lib/store/reads';
import type { SessionRecord, TemplateRecord } from '@/lib/store/records';
import { MASKING_DEFAULT } from '@/lib/store/settings';
import { explain } from '../common/errors';
import { LanguageChoice } from '../common/LanguageChoice';
import { StorageFullNotice } from '../common/StorageFullNotice';
import { StorageWarning, useStorageUse } from '../common/StorageUse';
import { useLiveQuery } from '../common/useAsync';
import { useStorageFull } from '../common/useStorageFull';
import { MaskingChoice, maskingName } from '../privacy/MaskingChoice';
import { SetupFields, type SetupText } from '../setup/SetupFields';
import { StageEditor } from '../setup/StageEditor';

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
    return tab?.id != null ? { id: tab.id, url: await tabUrl(tab) } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id != null ? { id: tab.id, url: await tabUrl(tab) } : null;
}

/** Chrome's side panel or Firefox's sidebar (lib/browser-ui/walk-panel.ts). */
const panelApi = browser as unknown as WalkPanelApi;

export function Popup() {
  const [tab, setTab] = useState<TargetTab | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const db = readDatabase();
  const active = useLiveQuery(() => db.sessions.where('status').anyOf('recording', 'paused').first(), []);
  const interrupted = useLiveQuery(() => db.sessions.where('status').equals('interrupted').toArray(), []);
  // Read again as the walk grows, so the warning comes before the disk refuses a write.
  const storage = useStorageUse(active?.screenshotCount ?? null);

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
        <LanguageChoice />
      </header>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      <StorageWarning use={storage} />
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
  const db = readDatabase();
  const templates = useLiveQuery(() => db.templates.orderBy('name').toArray(), []);
  const [title, setTitle] = useState('');
  const [setup, setSetup] = useState<SetupText>(emptySetupText());
  const [edited, setStages] = useState<Stage[]>(() => defaultStages(currentLocale()));
  // Stages the tester has not renamed follow the language when it changes while the popup is open.
  const stages = relocalizeStages(edited, currentLocale());
  const [checklistId, setChecklistId] = useState('');
  const [templateName, setTemplateName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const defaultMode = useLiveQuery(async () => {
    const value = (await db.settings.get(MASKING_DEFAULT))?.value;
    return isMaskingMode(value) ? value : DEFAULT_MASKING_MODE;
  }, []);
  const [chosenMode, setChosenMode] = useState<MaskingMode | null>(null);
  const masking = chosenMode ?? defaultMode ?? DEFAULT_MASKING_MODE;
  const setupTemplates = templates?.filter((template) => template.kind === 'setup') ?? [];
  const checklists = templates?.filter((template) => template.kind === 'checklist') ?? [];

  const useTemplate = (id: string) => {
    const template = setupTemplates.find((item) => item.id === id);
    if (template?.kind !== 'setup') return;
    const { stages: templateStages, ...text } = template.setup;
    setSetup(text);
    setStages(templateStages);
  };
  const saveTemplate = async () => {
    const name = templateName.trim() || setup.persona.name.trim() || title.trim();
    if (!name) return;
    const template: TemplateRecord = { id: crypto.randomUUID(), kind: 'setup', name, updatedAt: new Date().toISOString(), setup: { ...setup, stages } };
    setSaved(null);
    await run(async () => {
      await sendToBackground('template/save', { template });
      setSaved(t('templateSaved', { name }));
      setTemplateName('');
    });
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (!tab) return;
    const checklist = checklists.find((item) => item.id === checklistId);
    void run(() =>
      sendToBackground('session/start', {
        tabId: tab.id,
        setup: { title, ...setup, stages, checklist: checklist?.kind === 'checklist' ? checklist.checklist : null, masking, language: currentLocale() },
      }),
    );
  };
  return (
    <form class="start-form" onSubmit={submit}>
      <h2>{t('popupTitle')}</h2>
      <label>
        {t('fieldTitle')}
        <input name="title" placeholder={t('fieldTitlePlaceholder')} maxLength={200} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
      </label>
      {setupTemplates.length > 0 && (
        <label>
          {t('templateUse')}
          <select onChange={(event) => useTemplate(event.currentTarget.value)}>
            <option value="">{t('templateNone')}</option>
            {setupTemplates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <MaskingChoice value={masking} isDefault={masking === defaultMode} onChange={setChosenMode} />
      <details>
        <summary>{t('optionalDetails')}</summary>
        <SetupFields value={setup} onChange={setSetup} />
        <StageEditor
          stages={stages}
          actions={{
            rename: (id, name) => setStages(renameStage(stages, id, name)),
            move: (id, delta) => setStages(moveStage(stages, id, delta)),
            remove: (id) => setStages(removeStage(stages, id).stages),
            add: (name) => setStages(addStage(stages, name, crypto.randomUUID())),
          }}
        />
        {checklists.length > 0 && (
          <label>
            {t('checklistChoose')}
            <select value={checklistId} onChange={(event) => setChecklistId(event.currentTarget.value)}>
              <option value="">{t('checklistNone')}</option>
              {checklists.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="row">
          <input
            aria-label={t('templateName')}
            placeholder={t('templateName')}
            value={templateName}
            maxLength={120}
            onInput={(event) => setTemplateName(event.currentTarget.value)}
          />
          <button type="button" onClick={() => void saveTemplate()}>
            {t('templateSave')}
          </button>
        </div>
        {saved && (
          <p class="hint" role="status">
            {saved}
          </p>
        )}
      </details>
      <button type="submit" class="primary" disabled={busy || !tab}>
        {t('start')}
      </button>
      <p class="hint">{t('shortcutHint', { shortcut: 'Alt+Shift+R' })}</p>
    </form>
  );
}

function emptySetupText(): SetupText {
  return { persona: { name: '', description: '' }, scenario: '', goal: '', segment: '', expectations: '' };
}

function ActiveSession({ session, busy, run }: { session: SessionRecord; busy: boolean; run: (action: () => Promise<unknown>) => Promise<void> }) {
  // Paused for a full disk: the database still says recording (it took no write), storage.session says why.
  const storageFull = useStorageFull(session.id) != null;
  const recording = session.status === 'recording' && !storageFull;
  return (
    <section class="active-session" aria-labelledby="session-status">
      <h2 id="session-status" class={recording ? 'status recording' : 'status paused'}>
        {recording ? t('statusRecording') : storageFull ? t('statusStorageFull') : t('statusPaused')}
      </h2>
      {storageFull && <StorageFullNotice />}
      <p role="status">{t('recordingSince', { title: session.title, events: session.eventCount, screenshots: session.screenshotCount })}</p>
      <p class="hint">{t('maskingOfWalk', { mode: maskingName(maskingOf(session)) })}</p>
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
      <button type="button" class="link" onClick={() => void openWalkPanel(panelApi).catch(() => undefined)}>
        {t(walkPanelKind(panelApi) === 'sidebar' ? 'openSidebar' : 'openSidePanel')}
      </button>
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
