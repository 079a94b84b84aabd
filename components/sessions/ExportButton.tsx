import { useRef, useState } from 'preact/hooks';
import { ExportCancelled } from '@/lib/bundle/zip-stream';
import { t } from '@/lib/i18n';
import { readDatabase } from '@/lib/store/reads';
import type { SessionRecord } from '@/lib/store/records';
import { explain } from '../common/errors';
import { exportSession } from './export';

/** Export with visible progress; the result or the error is announced to screen readers. */
export function ExportButton({ session }: { session: SessionRecord }) {
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const cancelling = useRef<AbortController | null>(null);
  const busy = percent !== null;
  const start = async () => {
    setOutcome(null);
    setPercent(0);
    const controller = new AbortController();
    cancelling.current = controller;
    try {
      const file = await exportSession(readDatabase(), session.id, setPercent, controller.signal);
      setOutcome({ ok: true, text: t('exported', { file }) });
    } catch (error) {
      setOutcome(error instanceof ExportCancelled ? { ok: true, text: t('exportCancelled') } : { ok: false, text: explain(error) });
    } finally {
      cancelling.current = null;
      setPercent(null);
    }
  };
  return (
    <span class="export">
      <button type="button" onClick={start} disabled={busy} aria-label={`${t('export')}: ${session.title}`}>
        {t('export')}
      </button>
      {busy && (
        <>
          <progress max={100} value={percent} aria-label={t('exporting', { percent })}>
            {percent}%
          </progress>
          <button type="button" onClick={() => cancelling.current?.abort()} aria-label={`${t('cancelExport')}: ${session.title}`}>
            {t('cancelExport')}
          </button>
        </>
      )}
      <span role="status" class={outcome && !outcome.ok ? 'message error' : 'hint'}>
        {outcome?.text}
      </span>
    </span>
  );
}
