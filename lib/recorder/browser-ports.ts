import { browser } from 'wxt/browser';
import { epochNow } from '../capture/clock';
import { t } from '../i18n';
import { ACTIVE_SESSION_KEY } from '../messaging/active-flag';
import { sendToTab } from '../messaging/client';
import { PAINT_WAIT_MS } from '../overlay/next-paint';
import {
  isDocumentOwner,
  isOrphanEntry,
  isOutboxEntry,
  isShotEntry,
  ORPHAN_PREFIX,
  OUTBOX_PREFIX,
  orphanKey,
  outboxKey,
  SHOT_PREFIX,
  shotKey,
} from '../page-recorder/outbox-entry';
import { badgeFor } from './badge';
import { obscureImage } from './obscure-canvas';
import type { BrowserPorts, TabInfo } from './ports';
import { PRIVATE_BOXES_TIMEOUT_MS } from './private-pixels';
import { RECORDER_FILE, RecorderScript, type ScriptRegistry } from './recorder-script';
import { STORAGE_FULL_KEY } from './storage-full';
import type { TabStreams } from './tab-streams';
import { tabUrl } from './tab-url';

/** The walk's echoes in `storage.session`: memory only, and out of content scripts' reach (its default access level). */
const ECHOES_KEY = 'parcours.echoes';
/**
 * A page that does not answer in time (busy, unloading) is captured as it is, overlay included. The answer
 * comes after two animation frames (lib/overlay/host.ts nextPaint): some 35 ms on an idle machine, but on a
 * loaded one 120 ms, and then 400 ms, were not enough and screenshots showed the toolbar. Longer than the
 * page's own wait for its paint, with room for the message's round trip. A tab stream's frame is held at the
 * press, so waiting longer costs that path no moment.
 */
const OVERLAY_HIDE_TIMEOUT_MS = PAINT_WAIT_MS + 400;

/** How long putting the recorder into a tab's page may take before it counts as failed. */
const INJECTION_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}

type ActionApi = typeof browser.action;

function actionApi(): ActionApi {
  // MV3 has `action`; Firefox MV2 has `browserAction` with the same calls.
  return (browser.action ?? (browser as unknown as { browserAction: ActionApi }).browserAction) as ActionApi;
}

async function tabInfo(tabId: number): Promise<TabInfo | null> {
  try {
    const tab = await browser.tabs.get(tabId);
    return {
      id: tabId,
      windowId: tab.windowId ?? -1,
      openerTabId: tab.openerTabId ?? null,
      url: await tabUrl(tab),
      title: tab.title ?? null,
      active: tab.active ?? false,
      width: tab.width ?? null,
      height: tab.height ?? null,
    };
  } catch {
    return null;
  }
}

async function hasContentScript(tabId: number): Promise<boolean> {
  try {
    await sendToTab(tabId, 'tab/ping', {}, 0);
    return true;
  } catch {
    return false;
  }
}

function reportRegistration(error: unknown): void {
  console.error('[parcours] registering the recorder failed', error);
}

/** The controller's view of the browser, wired to the WebExtension APIs (Chrome MV3 and Firefox MV2). */

const OWNER_PREFIX = 'owner:';
const ownerKey = (documentId: string) => `${OWNER_PREFIX}${documentId}`;
const ownerArea = () => browser.storage.session ?? browser.storage.local;

export function createBrowserPorts(streams: TabStreams): BrowserPorts {
  const recorder = new RecorderScript((browser.scripting as ScriptRegistry | undefined) ?? null);
  return {
    getTab: tabInfo,
    captureVisibleTab: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'jpeg', quality: 80 }),
    frames: async (tabId) => {
      const frames = (await browser.webNavigation.getAllFrames({ tabId })) ?? [];
      return frames.map((frame) => ({ frameId: frame.frameId, parentFrameId: frame.parentFrameId, url: frame.url }));
    },
    describeChildFrames: (tabId, frameId) => sendToTab(tabId, 'tab/describe-child-frames', {}, frameId),
    broadcastState: async (tabId, state) => {
      await sendToTab(tabId, 'tab/state', state).catch(() => undefined);
    },
    broadcastAlwaysBlur: async (tabId, alwaysBlur) => {
      await sendToTab(tabId, 'tab/always-blur', { alwaysBlur }).catch(() => undefined);
    },
    ensureContentScript: async (tabId) => {
      // Registered first: a page the tab loads from now on gets the recorder from its start.
      await recorder.follow(true).catch(reportRegistration);
      if (await hasContentScript(tabId)) return;
      // The page already there (loaded before the walk) gets it now, in every frame. A page that never lets the
      // script run (a frame stuck loading) must not hold up who waits for it (an extension restart's recovery).
      const injected = browser.scripting
        ? browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [RECORDER_FILE] })
        : browser.tabs.executeScript(tabId, { file: RECORDER_FILE, allFrames: true, runAt: 'document_idle' });
      const late = Symbol('late');
      if ((await withTimeout<unknown>(injected, INJECTION_TIMEOUT_MS, late)) === late)
        throw new Error(`The recorder was not injected within ${INJECTION_TIMEOUT_MS} ms`);
    },
    showStatus: async (status) => {
      const active = status === 'recording' || status === 'paused' || status === 'storage-full';
      // Written first: a recorded tab's next page must find it set before the badge changes.
      await browser.storage.local.set({ [ACTIVE_SESSION_KEY]: active });
      // The recorder reaches new pages only while a walk records or pauses (called at every worker start too).
      await recorder.follow(active).catch(reportRegistration);
      const look = badgeFor(status);
      const action = actionApi();
      await action.setBadgeText({ text: look.text });
      await action.setBadgeBackgroundColor({ color: look.color });
      await action.setTitle({ title: t(look.titleKey) });
    },
    startTabStream: async (tabId, fallback) => {
      // Frames come in the size asked for, letterboxed when it is not the page's own: ask the page.
      const viewport = await sendToTab(tabId, 'tab/viewport', {}, 0).catch(() => null);
      const size = viewport ? { width: viewport.width * viewport.devicePixelRatio, height: viewport.height * viewport.devicePixelRatio } : fallback;
      return streams.start(tabId, size);
    },
    stopTabStream: (tabId) => streams.stop(tabId),
    resizeTabStream: (tabId, size) => streams.resize(tabId, size),
    holdStreamFrame: (tabId, requestId, atEpochMs, changedAtEpochMs) => streams.hold(tabId, requestId, atEpochMs, changedAtEpochMs),
    composeStreamFrame: (tabId, requestId, cover, hide) => streams.compose(tabId, requestId, cover, hide),
    privateBoxes: (tabId, frameId, request) =>
      withTimeout(sendToTab(tabId, 'tab/private-boxes', request, frameId), PRIVATE_BOXES_TIMEOUT_MS, null).catch(() => null),
    obscureImage,
    hideOverlay: (tabId) => withTimeout(sendToTab(tabId, 'tab/overlay-hide', {}, 0), OVERLAY_HIDE_TIMEOUT_MS, null).catch(() => null),
    showOverlay: async (tabId) => {
      await sendToTab(tabId, 'tab/overlay-show', {}, 0).catch(() => undefined);
    },
    refreshOverlay: async (tabId) => {
      await sendToTab(tabId, 'tab/overlay-refresh', {}, 0).catch(() => undefined);
    },
    openNoteInOverlay: async (tabId, noteKind) => {
      await sendToTab(tabId, 'tab/overlay-open-note', { noteKind }, 0).catch(() => undefined);
    },
    closeNoteInOverlay: async (tabId, closed) => {
      await sendToTab(tabId, 'tab/overlay-note-closed', closed, 0).catch(() => undefined);
    },
    echoMemory: {
      // A browser without `storage.session` (older Firefox) keeps them in the worker's memory alone.
      read: async () => (browser.storage.session ? (await browser.storage.session.get(ECHOES_KEY))[ECHOES_KEY] : undefined),
      write: async (value) => {
        await browser.storage.session?.set({ [ECHOES_KEY]: value });
      },
    },
    storageFullMemory: {
      read: async () => (browser.storage.session ? (await browser.storage.session.get(STORAGE_FULL_KEY))[STORAGE_FULL_KEY] : undefined),
      write: async (value) => {
        // Removed rather than set to null: extension pages follow the key (components/common/useStorageFull.ts).
        if (value) await browser.storage.session?.set({ [STORAGE_FULL_KEY]: value });
        else await browser.storage.session?.remove(STORAGE_FULL_KEY);
      },
    },
    outboxEntries: async () =>
      Object.entries(await browser.storage.local.get(null)).flatMap(([key, value]) => (key.startsWith(OUTBOX_PREFIX) && isOutboxEntry(value) ? [value] : [])),
    forgetOutboxEntry: (eventId) => browser.storage.local.remove(outboxKey(eventId)),
    keepOutboxEntries: (entries) => browser.storage.local.set(Object.fromEntries(entries.map((entry) => [outboxKey(entry.event.id), entry]))),
    shotEntries: async () =>
      Object.entries(await browser.storage.local.get(null)).flatMap(([key, value]) => (key.startsWith(SHOT_PREFIX) && isShotEntry(value) ? [value] : [])),
    keepShotEntry: (entry) => browser.storage.local.set({ [shotKey(entry.eventId)]: entry }),
    forgetShotEntry: (eventId) => browser.storage.local.remove(shotKey(eventId)),
    orphanEntries: async () =>
      Object.entries(await browser.storage.local.get(null)).flatMap(([key, value]) => (key.startsWith(ORPHAN_PREFIX) && isOrphanEntry(value) ? [value] : [])),
    forgetOrphanEntry: (documentId) => browser.storage.local.remove(orphanKey(documentId)),
    // In memory (`storage.session`) where there is one: a document's tab means nothing to the next browser run.
    noteDocumentOwner: (owner) => ownerArea().set({ [ownerKey(owner.documentId)]: owner }),
    documentOwners: async () =>
      Object.entries(await ownerArea().get(null)).flatMap(([key, value]) => (key.startsWith(OWNER_PREFIX) && isDocumentOwner(value) ? [value] : [])),
    forgetDocumentOwner: (documentId) => ownerArea().remove(ownerKey(documentId)),
    browserInfo: async () => {
      const runtime = browser.runtime as typeof browser.runtime & { getBrowserInfo?: () => Promise<{ name: string; version: string }> };
      if (runtime.getBrowserInfo) {
        const info = await runtime.getBrowserInfo();
        return { name: info.name, version: info.version };
      }
      const match = /(Edg|OPR|Chrome|Chromium)\/([\d.]+)/.exec(navigator.userAgent);
      const brands = (navigator as Navigator & { userAgentData?: { brands: { brand: string; version: string }[] } }).userAgentData?.brands ?? [];
      const brand = brands.find((b) => /Chrome|Chromium|Edge|Opera/.test(b.brand) && !/Not/.test(b.brand));
      return { name: brand?.brand ?? (match?.[1] === 'Edg' ? 'Microsoft Edge' : 'Chromium'), version: match?.[2] ?? brand?.version ?? 'unknown' };
    },
    now: epochNow,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    randomId: () => crypto.randomUUID(),
  };
}
