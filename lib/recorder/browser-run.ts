import { browser } from 'wxt/browser';

const RUN_KEY = 'parcours:browser-run';

/**
 * True the first time it is asked in a browser run. `storage.session` outlives service-worker restarts but
 * not the browser, so this tells a new browser run apart from a woken worker without relying on
 * `runtime.onStartup` (which a browser closed mid-walk and reopened does not always deliver).
 */
export async function isNewBrowserRun(): Promise<boolean> {
  const session = (browser.storage as typeof browser.storage & { session?: typeof browser.storage.local }).session;
  if (!session) return false;
  const stored = await session.get(RUN_KEY);
  if (stored[RUN_KEY]) return false;
  await session.set({ [RUN_KEY]: Date.now() });
  return true;
}
