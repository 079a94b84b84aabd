import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ACTIVE_SESSION_KEY } from '@/lib/messaging/active-flag';
import { sendToBackground } from '@/lib/messaging/client';
import type { TabMessageName } from '@/lib/messaging/protocol';
import { dispatch, type HandlerMap } from '@/lib/messaging/serve';
import { type OutboxEntry, outboxKey } from '@/lib/page-recorder/outbox-entry';
import { startPageRecorder } from '@/lib/page-recorder/recorder';

const RUNNING = Symbol.for('parcours.recorder');

// Runs in every frame from document_start; observes only, and never throws into the page.
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_start',
  main(ctx) {
    const scope = window as Window & { [RUNNING]?: boolean };
    if (scope[RUNNING]) return; // injected twice (on start in a tab opened before the extension loaded)
    scope[RUNNING] = true;

    const recorder = startPageRecorder({
      window,
      isTop: window === window.top,
      hello: async () => {
        // Nothing recorded anywhere: no need to wake the service worker for this page.
        const flag = await browser.storage.local.get(ACTIVE_SESSION_KEY).catch(() => ({}));
        if ((flag as Record<string, unknown>)[ACTIVE_SESSION_KEY] === false) return { recording: false, sessionId: null, status: null, sender: null };
        return sendToBackground('recorder/hello', { top: window === window.top });
      },
      sendEvent: async (event) => {
        const answer = await sendToBackground('recorder/event', { event });
        return 'dropped' in answer ? 'dropped' : 'committed';
      },
      requestScreenshot: async (eventId, point, epochMs, priority) => {
        await sendToBackground('recorder/screenshot', { eventId, point, epochMs, priority });
      },
      persist: (event, sender) => {
        void browser.storage.local.set({ [outboxKey(event.id)]: { event, ...sender } satisfies OutboxEntry }).catch(() => undefined);
      },
      isDead: (error) => ctx.isInvalid || /context invalidated/i.test(String(error)),
      newId: () => crypto.randomUUID(),
    });

    const handlers: HandlerMap<TabMessageName, null> = {
      'tab/state': (state) => {
        recorder.setState(state);
        return null;
      },
      'tab/describe-child-frames': () => recorder.describeChildFrames(),
      'tab/ping': () => 'pong' as const,
    };
    const onMessage = (message: unknown) => dispatch(handlers, message, null);
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      recorder.stop();
      browser.runtime.onMessage.removeListener(onMessage);
    });
  },
});
