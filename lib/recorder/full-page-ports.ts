import { sendToTab } from '../messaging/client';
import type { FullPagePageSide } from './full-page';

/** A page that does not answer in this time is given up on (it is loading, or navigating away). */
const PAGE_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`The page did not answer ${what}`)), PAGE_TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The page side of full-page captures, wired to the top frame's content script. */
export function fullPagePageSide(): FullPagePageSide {
  return {
    startInTopFrame: async (tabId) => {
      await sendToTab(tabId, 'tab/overlay-full-page', {}, 0).catch(() => undefined);
    },
    prepare: (tabId) => withTimeout(sendToTab(tabId, 'tab/full-page-prepare', {}, 0), 'the full-page setup'),
    scrollTo: (tabId, step) => withTimeout(sendToTab(tabId, 'tab/full-page-scroll', step, 0), 'the full-page scroll'),
    restore: async (tabId) => {
      await withTimeout(sendToTab(tabId, 'tab/full-page-restore', {}, 0), 'the full-page restore');
    },
  };
}
