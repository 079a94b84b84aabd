import { browser } from 'wxt/browser';

/**
 * A tab's address. Without the `tabs` permission the browser leaves `tab.url` out where the extension has no
 * host access: browser pages (new tab, settings, about:blank), local files without "Allow access to file
 * URLs". The top frame's address from `webNavigation` (held anyway, for frames) lets the popup and the
 * controller say why such a page cannot be recorded. Null when neither knows.
 */
export async function tabUrl(tab: { id?: number; url?: string }): Promise<string | null> {
  if (tab.url) return tab.url;
  if (tab.id == null) return null;
  const frame = await browser.webNavigation.getFrame({ tabId: tab.id, frameId: 0 }).catch(() => null);
  return frame?.url || null;
}
