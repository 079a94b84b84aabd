import { IMPORT_PORT, type ImportPortReply, type ImportPortRequest } from '../messaging/protocol';
import { classifySender, type ExtensionIdentity, type RuntimeSender } from '../messaging/senders';
import { object, oneOf, text, variants } from '../messaging/validate';
import type { BundleImporter } from './bundle-importer';

/** What the background uses of a runtime.Port. */
export interface ImportPort {
  name: string;
  sender?: RuntimeSender;
  postMessage(message: ImportPortReply): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

const requestShape = variants('type', {
  start: object({ type: oneOf(['start']), url: text(2_000, 1), fileName: text(10_000) }),
  cancel: object({ type: oneOf(['cancel']) }),
});

/**
 * Serves one import port: extension pages only (a page's content script cannot store a walk), one import per
 * port, a start request of the right shape with a `blob:` URL of the extension's own origin. Cancel, or the page
 * going away, aborts it.
 */
export function serveImportPort(port: ImportPort, importer: Pick<BundleImporter, 'run'>, extension: ExtensionIdentity): boolean {
  if (port.name !== IMPORT_PORT) return false;
  if (classifySender(port.sender ?? {}, extension).kind !== 'extension-page') {
    port.disconnect();
    return true;
  }
  const abort = new AbortController();
  let started = false;
  let connected = true;
  const post = (reply: ImportPortReply) => {
    if (connected) port.postMessage(reply);
  };
  port.onDisconnect.addListener(() => {
    connected = false;
    abort.abort();
  });
  port.onMessage.addListener((message) => {
    if (requestShape(message, 'request')) return;
    const request = message as ImportPortRequest;
    if (request.type === 'cancel') {
      abort.abort();
      return;
    }
    if (started) return;
    started = true;
    const own = `blob:${extension.baseUrl.replace(/\/$/, '')}/`;
    if (!request.url.startsWith(own)) {
      post({ type: 'done', outcome: { ok: false, problem: { code: 'failed', detail: 'not an object URL of this extension' } } });
      return;
    }
    void importer.run(request, post, abort.signal).then((outcome) => post({ type: 'done', outcome }));
  });
  return true;
}
