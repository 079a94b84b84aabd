import { browser } from 'wxt/browser';
import type { OffscreenMessageName, StreamFrameMessage } from '@/lib/messaging/protocol';
import { classifySender } from '@/lib/messaging/senders';
import { dispatch, extensionPagesOnly, type HandlerMap } from '@/lib/messaging/serve';
import { TabStreamPlayer } from '@/lib/tab-stream/player';

// Wiring only: the offscreen document holds the recorded tabs' video streams (lib/tab-stream/player.ts).
const player = new TabStreamPlayer();

const handlers: HandlerMap<OffscreenMessageName, { fromExtension: boolean }> = {
  'offscreen/play': ({ tabId, streamId, width, height }) => player.play(tabId, streamId, { width, height }),
  'offscreen/stop': ({ tabId }) => {
    player.stop(tabId);
    return null;
  },
  'offscreen/held': () => player.held(),
  'offscreen/resize': ({ tabId, width, height }) => player.resize(tabId, { width, height }),
  'offscreen/hold': ({ tabId, requestId, atEpochMs, changedAtEpochMs }) => player.hold(tabId, requestId, atEpochMs, changedAtEpochMs),
  'offscreen/compose': async ({ tabId, requestId, cover }) => {
    const composed = await player.compose(tabId, requestId, cover);
    if (!composed) return false;
    // A transferred ImageBitmap reaches the worker as it is; JSON messages (runtime.sendMessage) cannot carry it,
    // and encoding here would take a second (TOOLCHAIN: async JPEG encoding in an offscreen document).
    const message: StreamFrameMessage = { parcours: 'stream-frame', requestId, ...composed };
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker) {
      composed.bitmap.close();
      return false;
    }
    worker.postMessage(message, [composed.bitmap]);
    return true;
  },
};

// Content scripts' runtime messages reach this document too: only the background may drive the streams.
const extension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
const checks = extensionPagesOnly<OffscreenMessageName>();
browser.runtime.onMessage.addListener((message, sender) =>
  dispatch(handlers, message, { fromExtension: classifySender(sender, extension).kind === 'extension-page' }, checks),
);
