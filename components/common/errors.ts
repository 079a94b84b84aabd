import { t } from '@/lib/i18n';
import { ProtocolFailure } from '@/lib/messaging/protocol';

/** A message a tester can act on, for any failure of a call to the background. */
export function explain(error: unknown): string {
  if (error instanceof ProtocolFailure) {
    const { code, reason, message } = error.error;
    if (reason) return t(reason);
    if (code === 'already-recording') return t('errorAlreadyRecording');
    if (code === 'storage-full') return t('errorStorageFull');
    if (code === 'no-session') return t('errorNoSession');
    if (code === 'no-tab') return t('errorNoTab');
    // A refusal no tester should meet (a bug): said plainly, with the background's own words for the report.
    return t('errorGeneric', { message });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/quota/i.test(message)) return t('errorStorageFull');
  return t('errorGeneric', { message });
}
