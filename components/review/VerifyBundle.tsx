import { useEffect, useRef, useState } from 'preact/hooks';
import { type FileVerification, type Verification, verifyBundle } from '@/lib/bundle/verify';
import { chainText, fileText, verificationSummary } from '@/lib/bundle/verify-text';
import { t } from '@/lib/i18n';

type VerifyState =
  | { phase: 'idle' }
  | { phase: 'reading'; file: string; done: number; total: number }
  | { phase: 'done'; file: string; verification: Verification }
  | { phase: 'failed'; file: string; message: string };

export interface BundleVerification {
  state: VerifyState;
  choose(): void;
  close(): void;
  input: { current: HTMLInputElement | null };
  verify(file: File): Promise<void>;
}

/** Verifying a bundle the tester picks: the button goes with the page's actions, the report below the header. */
export function useBundleVerification(): BundleVerification {
  const [state, setState] = useState<VerifyState>({ phase: 'idle' });
  const input = useRef<HTMLInputElement | null>(null);
  const verify = async (file: File) => {
    setState({ phase: 'reading', file: file.name, done: 0, total: 0 });
    try {
      const verification = await verifyBundle(file, ({ done, total }) => setState({ phase: 'reading', file: file.name, done, total }));
      setState({ phase: 'done', file: file.name, verification });
    } catch (error) {
      // verifyBundle reports every bad bundle itself; this is the file that could not be read at all.
      setState({ phase: 'failed', file: file.name, message: error instanceof Error ? error.message : String(error) });
    }
  };
  return { state, input, verify, choose: () => input.current?.click(), close: () => setState({ phase: 'idle' }) };
}

export function VerifyButton({ verification }: { verification: BundleVerification }) {
  return (
    <>
      <button type="button" onClick={verification.choose} disabled={verification.state.phase === 'reading'} title={t('verifyHint')}>
        {t('verifyBundle')}
      </button>
      <input
        ref={verification.input}
        type="file"
        accept=".zip,application/zip"
        hidden
        aria-label={t('verifyBundle')}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          // Cleared, so that picking the same file again (after changing it) verifies it again.
          event.currentTarget.value = '';
          if (file) void verification.verify(file);
        }}
      />
    </>
  );
}

/** What the verification found: the verdict, the event chain, the files that changed by name, then the intact ones. */
export function VerificationReport({ verification }: { verification: BundleVerification }) {
  const { state } = verification;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The result takes the focus, so that a keyboard or screen reader user lands on it.
    if (state.phase === 'done' || state.phase === 'failed') heading.current?.focus();
  }, [state.phase]);
  if (state.phase === 'idle') return null;
  if (state.phase === 'reading') {
    return (
      <p class="message no-print" role="status">
        {t('verifying', { file: state.file, done: state.done, total: state.total || '…' })}
      </p>
    );
  }
  const result = state.phase === 'done' ? state.verification : null;
  const ok = result?.status === 'intact';
  const changed = result && result.status !== 'unreadable' ? result.files.filter((file) => file.status !== 'intact') : [];
  const intact = result && result.status !== 'unreadable' ? result.files.filter((file) => file.status === 'intact') : [];
  return (
    <section class={`verification no-print ${ok ? 'intact' : 'altered'}`} aria-labelledby="verification-heading">
      <h2 id="verification-heading" ref={heading} tabIndex={-1}>
        {t('verifyResult', { file: state.file })}
      </h2>
      <p class={ok ? 'message' : 'message error'} role={ok ? 'status' : 'alert'}>
        {result ? verificationSummary(result) : t('errorGeneric', { message: state.phase === 'failed' ? state.message : '' })}
      </p>
      {result && result.status !== 'unreadable' && (
        <>
          <ul class="verification-chain">
            {chainText(result.chain).map((line) => (
              <li key={line} class={result.chain.status === 'intact' ? 'intact' : 'altered'}>
                {line}
              </li>
            ))}
          </ul>
          <h3>{t('verifyFilesHeading')}</h3>
          {changed.length > 0 && <FileList files={changed} />}
          {intact.length > 0 && (
            <details open={changed.length === 0 && intact.length <= 30}>
              <summary>{t('verifyIntactFiles', { count: intact.length })}</summary>
              <FileList files={intact} />
            </details>
          )}
        </>
      )}
      <button type="button" onClick={verification.close}>
        {t('verifyClose')}
      </button>
    </section>
  );
}

function FileList({ files }: { files: readonly FileVerification[] }) {
  return (
    <ul class="verification-files">
      {files.map((file) => (
        <li key={file.path} class={file.status} data-path={file.path}>
          <span class="badge">{t(`verify.status.${file.status}`)}</span> {fileText(file)}
        </li>
      ))}
    </ul>
  );
}
