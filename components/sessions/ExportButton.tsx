import { useRef, useState } from 'preact/hooks';
import type { BundleProgress } from '@/lib/bundle/write-bundle';
import { ExportCancelled } from '@/lib/bundle/zip-stream';
import { t } from '@/lib/i18n';
import { readDatabase } from '@/lib/store/reads';
import type { SessionRecord } from '@/lib/store/records';
import { explain } from '../common/errors';
import { exportSession } from './export';

/** Export with visible progress; the result or the error is announced to screen readers. */
export function ExportButton({ session }: { session: SessionRecord }) {
  const [percent, setPercent] = useState<number | null>(null);
  // Drawing map.png is the one long phase without a file count: it says what it is doing.
  const [phase, setPhase] = useState<BundleProgress['phase'] | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const cancelling = useRef<AbortController | null>(null);
  const busy = percent !== null;
  const start = async () => {
    setOutcome(null);
    setPercent(0);
    const controller = new AbortController();
    cancelling.current = controller;
    try {
      const file = await exportSession(
        readDatabase(),
        session.id,
        (next, nextPhase) => {
          setPercent(next);
          setPhase(nextPhase);
        },
        controller.signal,
      );
      setOutcome({ ok: true, text: t('exported', { file }) });
    } catch (error) {
      setOutcome(error instanceof ExportCancelled ? { ok: true, text: t('exportCancelled') } : { ok: false, text: explain(error) });
    } finally {
      cancelling.current = null;
      setPercent(null);
      setPhase(null);
    }
  };
  return (
    <span class="export">
      <button type="button" onClick={start} disabled={busy} aria-label={`${t('export')}: ${session.title}`}>
        {t('export')}
      </button>
      {busy && (
        <>
          <progress max={100} value={percent} aria-label={phase === 'poster' ? t('exportPoster', { percent }) : t('exporting', { percent })}>
            {percent}%
          </progress>
          <button type="button" onClick={() => cancelling.current?.abort()} aria-label={`${t('cancelExport')}: ${session.title}`}>
            {t('cancelExport')}
          </button>
        </>
      )}
      {busy && phase === 'poster' && <span class="hint">{t('exportPoster', { percent })}</span>}
      <span role="status" class={outcome && !outcome.ok ? 'message error' : 'hint'}>
        {outcome?.text}
      </span>
    </span>
  );
}
