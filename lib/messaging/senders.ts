/** The tab and frame a message came from, as the background records it on a page's events. */
export interface TabSender {
  tabId: number;
  frameId: number;
  tabTitle: string | null;
  tabUrl: string | null;
  /**
   * The tab that opened this one, as the browser saw it when the message was sent: the one way to tell a tab
   * opened from the walk when the worker missed its opening and the tab is closed by the time it is told.
   */
  openerTabId?: number;
}

/**
 * Who sent a message, as the background decides what it may do. An extension page (popup, side panel,
 * sessions page, or one of them framed inside a tab) is told apart by its origin, never by having a tab: an
 * extension page in a tab or an iframe has a tab too. A content script is anything else that comes from a tab.
 */
export type SenderClass = { kind: 'extension-page'; tab: TabSender | null } | { kind: 'content-script'; tab: TabSender } | { kind: 'unknown'; tab: null };

/** What the browser says of a sender (runtime.MessageSender, the fields used here). */
export interface RuntimeSender {
  id?: string;
  /** Chrome only; Firefox gives `url` alone. */
  origin?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; title?: string; url?: string; openerTabId?: number };
}

/** The extension as its pages' senders show it: its id and `runtime.getURL('')` (ends with a slash). */
export interface ExtensionIdentity {
  id: string;
  baseUrl: string;
}

/**
 * Classifies a message's sender. Origins are compared as strings: `new URL()` gives `null` as the origin of
 * `chrome-extension:` and `moz-extension:` URLs outside the browser.
 */
export function classifySender(sender: RuntimeSender, extension: ExtensionIdentity): SenderClass {
  if (sender.id != null && sender.id !== extension.id) return { kind: 'unknown', tab: null };
  const base = extension.baseUrl.endsWith('/') ? extension.baseUrl : `${extension.baseUrl}/`;
  const fromExtension = sender.origin != null ? sender.origin === base.slice(0, -1) : sender.url?.startsWith(base) === true;
  const tab =
    sender.tab?.id != null
      ? {
          tabId: sender.tab.id,
          frameId: sender.frameId ?? 0,
          tabTitle: sender.tab.title ?? null,
          tabUrl: sender.tab.url ?? null,
          ...(sender.tab.openerTabId != null ? { openerTabId: sender.tab.openerTabId } : {}),
        }
      : null;
  if (fromExtension) return { kind: 'extension-page', tab };
  if (tab) return { kind: 'content-script', tab };
  return { kind: 'unknown', tab: null };
}
