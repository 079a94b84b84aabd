import { useState } from 'preact/hooks';
import { formatBytes, formatDateTime, formatDuration } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { listSessions, readDatabase } from '@/lib/store/reads';
import type { SessionRecord, SessionStatus } from '@/lib/store/records';
import { filterSessions, type SessionOrder, sortSessions } from '@/lib/store/session-list';
import { storageFigures } from '@/lib/store/storage-use';
import { explain } from '../common/errors';
import { LanguageChoice } from '../common/LanguageChoice';
import { StorageWarning, useStorageUse } from '../common/StorageUse';
import { useLiveQuery } from '../common/useAsync';
import { ConfirmDialog } from './ConfirmDialog';
import { ExportButton } from './ExportButton';
import { ImportBundle } from './ImportBundle';
import { SelectionBar } from './merge/SelectionBar';

const STATUS_KEY: Record<SessionStatus, MessageKey> = {
  recording: 'statusRecording',
  paused: 'statusPaused',
  interrupted: 'statusInterrupted',
  ended: 'statusEnded',
};

function durationOf(session: SessionRecord): number | null {
  if (!session.endedAt) return null;
  return new Date(session.endedAt).getTime() - new Date(session.startedAt).getTime();
}

export function SessionsList() {
  const db = readDatabase();
  const all = useLiveQuery(() => listSessions(db), []);
  const [toDelete, setToDelete] = useState<SessionRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<SessionOrder>('newest');
  // Sessions selected for Merge / Compare (issue 12), in the order the tester ticked them.
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) => setSelected((ids) => (on ? [...ids.filter((item) => item !== id), id] : ids.filter((item) => item !== id)));
  const screenshotBytes = all?.reduce((sum, session) => sum + session.screenshotBytes, 0) ?? 0;
  const storage = useStorageUse(all);
  const sessions = all ? sortSessions(filterSessions(all, query), order) : undefined;

  return (
    <main class="page">
      <header class="page-header">
        <h1>{t('sessionsTitle')}</h1>
        <p class="hint" data-storage-ratio={storage?.ratio}>
          {storage
            ? `${t('storageUsedOf', {
                size: formatBytes(storage.usage),
                screenshots: formatBytes(screenshotBytes),
                free: formatBytes(storage.free),
              })} (${t('storageUsePercent', { percent: storageFigures(storage).percent })})`
            : t('storageUsed', { size: formatBytes(screenshotBytes) })}
        </p>
        <StorageWarning use={storage} />
        <ImportBundle />
        <LanguageChoice />
      </header>
      {all && all.length > 0 && (
        <div class="row filters">
          <label class="inline">
            {t('searchSessions')}
            <input type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
          </label>
          <label class="inline">
            {t('sortBy')}
            <select value={order} onChange={(event) => setOrder(event.currentTarget.value as SessionOrder)}>
              <option value="newest">{t('sortNewest')}</option>
              <option value="oldest">{t('sortOldest')}</option>
              <option value="title">{t('sortTitle')}</option>
              <option value="duration">{t('sortDuration')}</option>
              <option value="size">{t('sortSize')}</option>
            </select>
          </label>
        </div>
      )}
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      {all && all.length === 0 && <p class="message">{t('sessionsEmpty')}</p>}
      {all && all.length > 0 && sessions?.length === 0 && <p class="message">{t('noMatch', { query })}</p>}
      {sessions && sessions.length > 1 && <SelectionBar selected={selected.filter((id) => all?.some((session) => session.id === id))} />}
      {sessions && sessions.length > 0 && (
        <table class="sessions">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">{t('merge.merge')}</span>
              </th>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnStarted')}</th>
              <th scope="col">{t('columnDuration')}</th>
              <th scope="col">{t('columnEvents')}</th>
              <th scope="col">{t('columnScreenshots')}</th>
              <th scope="col">{t('columnSize')}</th>
              <th scope="col">{t('columnStatus')}</th>
              <th scope="col">{t('columnActions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} data-session-id={session.id}>
                <td>
                  <input
                    type="checkbox"
                    checked={selected.includes(session.id)}
                    onChange={(event) => toggle(session.id, event.currentTarget.checked)}
                    aria-label={t('merge.select', { title: session.title })}
                  />
                </td>
                <th scope="row">
                  <a href={`#/session/${session.id}`}>{session.title}</a>
                  {session.imported && <span class="hint"> ({t('import.importedFrom', { fileName: session.imported.fileName })})</span>}
                </th>
                <td>{formatDateTime(session.startedAt)}</td>
                <td class="number">{formatDuration(durationOf(session))}</td>
                <td class="number">{session.eventCount}</td>
                <td class="number">{session.screenshotCount}</td>
                <td class="number">{formatBytes(session.screenshotBytes)}</td>
                <td>
                  <span class="badge">{t(STATUS_KEY[session.status])}</span>
                </td>
                <td>
                  <div class="actions">
                    <ExportButton session={session} />
                    <DeleteButton session={session} onDelete={() => setToDelete(session)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {toDelete && (
        <ConfirmDialog
          message={t('deleteConfirm', { title: toDelete.title, screenshots: toDelete.screenshotCount })}
          confirmLabel={t('deleteConfirmYes')}
          onCancel={() => setToDelete(null)}
          onConfirm={() => {
            const id = toDelete.id;
            setToDelete(null);
            setError(null);
            // The background refuses a walk still recorded (it may have started again since the list was drawn).
            sendToBackground('session/delete', { sessionId: id }).catch((failure) => setError(explain(failure)));
          }}
        />
      )}
    </main>
  );
}

/** Deletes a walk, after a confirmation; a walk being recorded or paused cannot be deleted, and says why. */
function DeleteButton({ session, onDelete }: { session: SessionRecord; onDelete: () => void }) {
  const active = session.status === 'recording' || session.status === 'paused';
  const hintId = `delete-hint-${session.id}`;
  return (
    <>
      <button
        type="button"
        onClick={onDelete}
        disabled={active}
        title={active ? t('deleteActiveHint') : undefined}
        aria-describedby={active ? hintId : undefined}
        aria-label={`${t('delete')}: ${session.title}`}
      >
        {t('delete')}
      </button>
      {active && (
        <span id={hintId} class="hint">
          {t('deleteActiveHint')}
        </span>
      )}
    </>
  );
}
