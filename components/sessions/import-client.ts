import { browser } from 'wxt/browser';
import { IMPORT_PORT, type ImportOutcome, type ImportPortReply, type ImportPortRequest } from '@/lib/messaging/protocol';

export interface RunningImport {
  done: Promise<ImportOutcome>;
  cancel(): void;
}

/**
 * Hands a bundle file to the background through the import port: an object URL of it (the background fetches
 * it; the bytes never travel as a message), progress as it comes, and cancel. The URL is revoked at the end.
 */
export function importBundle(file: File, onProgress: (progress: Extract<ImportPortReply, { type: 'progress' }>) => void): RunningImport {
  const url = URL.createObjectURL(file);
  const port = browser.runtime.connect({ name: IMPORT_PORT });
  const send = (request: ImportPortRequest) => port.postMessage(request);
  const done = new Promise<ImportOutcome>((resolve) => {
    port.onMessage.addListener((message: ImportPortReply) => {
      if (message.type === 'progress') onProgress(message);
      else resolve(message.outcome);
    });
    // The worker went away before answering: it stored nothing it did not commit whole.
    port.onDisconnect.addListener(() => resolve({ ok: false, problem: { code: 'failed', detail: 'the background stopped' } }));
  }).finally(() => {
    URL.revokeObjectURL(url);
    port.disconnect();
  });
  send({ type: 'start', url, fileName: file.name });
  return { done, cancel: () => send({ type: 'cancel' }) };
}
