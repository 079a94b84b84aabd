import { useEffect, useRef, useState } from 'preact/hooks';
import { importOutcomeText, importPercent } from '@/lib/bundle/import/import-text';
import { t } from '@/lib/i18n';
import { importBundle, type RunningImport } from './import-client';

/**
 * Import a bundle: a button that picks the file (keyboard-operable, a real button), or a file dropped anywhere
 * on the page. Progress shows while the background checks and stores it; Cancel stops it, storing nothing.
 */
export function ImportBundle() {
  const input = useRef<HTMLInputElement>(null);
  const [running, setRunning] = useState<{ fileName: string; percent: number; phase: string; handle: RunningImport } | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);

  const start = (file: File) => {
    if (running) return;
    setOutcome(null);
    const handle = importBundle(file, (progress) =>
      setRunning(
        (now) => now && { ...now, percent: importPercent(progress), phase: t(progress.phase === 'store' ? 'import.phase.store' : 'import.phase.check') },
      ),
    );
    setRunning({ fileName: file.name, percent: 0, phase: t('import.phase.check'), handle });
    void handle.done.then((result) => {
      setRunning(null);
      setOutcome({ ok: result.ok, text: importOutcomeText(result, file.name) });
    });
  };

  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget == null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      setDragging(false);
      start(file);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  });

  return (
    <section class={`import${dragging ? ' dragging' : ''}`} aria-label={t('import.button')}>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="import-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) start(file);
        }}
      />
      <button type="button" onClick={() => input.current?.click()} disabled={running != null}>
        {t('import.button')}
      </button>{' '}
      <span class="hint">{dragging ? t('import.dropHere') : t('import.drop')}</span>
      {running && (
        <span class="import-progress">
          <progress
            max={100}
            value={running.percent}
            aria-label={t('import.progress', { fileName: running.fileName, phase: running.phase, percent: running.percent })}
          >
            {running.percent}%
          </progress>{' '}
          <button type="button" onClick={() => running.handle.cancel()}>
            {t('import.cancel')}
          </button>
        </span>
      )}
      <p role="status" class={outcome && !outcome.ok ? 'message error' : 'hint'} data-testid="import-outcome">
        {outcome?.text}
      </p>
    </section>
  );
}
