import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { VALENCE_KEYS } from '@/components/common/labels';
import { type MountedOverlay, mountOverlay } from '@/components/overlay/mount';
import { t } from '@/lib/i18n';
import { ACTIVE_SESSION_KEY } from '@/lib/messaging/active-flag';
import { sendToBackground } from '@/lib/messaging/client';
import type { RecorderState, TabMessageName } from '@/lib/messaging/protocol';
import { dispatch, type HandlerMap } from '@/lib/messaging/serve';
import { fullPageAction, fullPageProgress } from '@/lib/overlay/full-page-action';
import { OVERLAY_LAYOUT_KEY, readLayout } from '@/lib/overlay/layout';
import { runShortcut, sessionActions } from '@/lib/overlay/session-actions';
import { fullPagePage } from '@/lib/page-recorder/full-page';
import { type OutboxEntry, outboxKey } from '@/lib/page-recorder/outbox-entry';
import { startPageRecorder } from '@/lib/page-recorder/recorder';
import { listenForShortcuts } from '@/lib/page-recorder/shortcuts';

const RUNNING = Symbol.for('parcours.recorder');

// Runs in every frame from document_start; observes only, and never throws into the page.
// The top frame of a recorded tab also shows the annotation overlay.
// In no manifest: the background registers it only while a walk records or pauses, and injects it into the
// walk's tab at Start (lib/recorder/recorder-script.ts, docs/permissions.md).
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const scope = window as Window & { [RUNNING]?: boolean };
    if (scope[RUNNING]) return; // injected twice (by hand at Start and by the registration, in a page loading then)
    scope[RUNNING] = true;
    const isTop = window === window.top;
    const isDead = (error: unknown) => ctx.isInvalid || /context invalidated/i.test(String(error));
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

    const actions = sessionActions({
      state: () => sendToBackground('overlay/state', {}),
      annotate: (request) => sendToBackground('annotation/add', request),
      switchStage: (request) => sendToBackground('stage/switch', request),
      pause: () => sendToBackground('session/pause', {}),
      resume: () => sendToBackground('session/resume', {}),
      newId: () => crypto.randomUUID(),
      sleep,
      isDead,
    });

    let session: RecorderState | null = null;
    let overlay: MountedOverlay | null = null;
    // Full-page screenshots: the top frame scrolls its page for the background and shows the progress.
    const fullPageSide = isTop ? fullPagePage(window) : null;
    const fullPage = fullPageAction({
      send: (request) => sendToBackground('recorder/full-page', request),
      newId: () => crypto.randomUUID(),
      now: () => Date.now(),
      sleep,
      isDead,
      report: (text) => overlay?.feedback(text),
    });
    const takeFullPage = () => {
      if (isTop)
        void fullPage.run().then(
          () => overlay?.refresh(),
          () => undefined,
        );
      else void sendToBackground('overlay/full-page', {}).catch(() => undefined);
    };
    const followState = (state: RecorderState) => {
      session = state;
      if (!isTop) return;
      if (state.sessionId && !overlay) void showOverlay();
      else if (!state.sessionId && overlay) {
        overlay.unmount();
        overlay = null;
      } else overlay?.refresh();
    };
    const showOverlay = async () => {
      const stored = await browser.storage.local.get(OVERLAY_LAYOUT_KEY).catch(() => ({}));
      if (overlay || !session?.sessionId || !document.documentElement) return;
      overlay = mountOverlay(
        document,
        { ...actions, fullPage: takeFullPage, noteUrl: (noteKind) => `${browser.runtime.getURL('/overlay-note.html')}?kind=${noteKind}` },
        readLayout((stored as Record<string, unknown>)[OVERLAY_LAYOUT_KEY]),
        (layout) => {
          void browser.storage.local.set({ [OVERLAY_LAYOUT_KEY]: layout }).catch(() => undefined);
        },
      );
    };

    const recorder = startPageRecorder({
      window,
      isTop,
      hello: async () => {
        // Nothing recorded anywhere: no need to wake the service worker for this page.
        const flag = await browser.storage.local.get(ACTIVE_SESSION_KEY).catch(() => ({}));
        if ((flag as Record<string, unknown>)[ACTIVE_SESSION_KEY] === false)
          return { recording: false, sessionId: null, status: null, masking: null, sender: null };
        return sendToBackground('recorder/hello', { top: isTop });
      },
      sendEvent: async (event) => {
        const answer = await sendToBackground('recorder/event', { event });
        return 'dropped' in answer ? 'dropped' : 'committed';
      },
      requestScreenshot: async (eventId, point, epochMs, priority, changedAtEpochMs) => {
        await sendToBackground('recorder/screenshot', { eventId, point, epochMs, priority, changedAtEpochMs });
      },
      persist: (event, owner) => {
        void browser.storage.local.set({ [outboxKey(event.id)]: { event, ...owner } satisfies OutboxEntry }).catch(() => undefined);
      },
      sendEchoes: (hashes) => sendToBackground('recorder/echoes', { hashes }),
      isDead,
      newId: () => crypto.randomUUID(),
      onState: followState,
    });

    const openNote = (noteKind: Parameters<MountedOverlay['openNote']>[0]) => {
      if (overlay) overlay.openNote(noteKind);
      else if (!isTop) void sendToBackground('overlay/open-note', { noteKind }).catch(() => undefined);
    };
    const stopShortcuts = listenForShortcuts(window, (action) => {
      if (!session?.sessionId) return;
      const what = action.action === 'emotion' ? t(VALENCE_KEYS[action.valence]) : action.action === 'moment-of-truth' ? t('momentOfTruth') : null;
      void runShortcut(action, actions, openNote, () => overlay?.toggleCollapsed(), takeFullPage).then(
        (landed) => {
          if (what) overlay?.feedback(landed ? t('overlayTaggedOn', { what, step: landed }) : t('overlayTaggedStart', { what }));
          overlay?.refresh();
        },
        () => undefined,
      );
    });

    const handlers: HandlerMap<TabMessageName, null> = {
      'tab/state': (state) => {
        recorder.setState(state);
        return null;
      },
      'tab/describe-child-frames': () => recorder.describeChildFrames(),
      'tab/ping': () => 'pong' as const,
      'tab/viewport': () => ({ width: window.innerWidth, height: window.innerHeight, devicePixelRatio: window.devicePixelRatio || 1 }),
      'tab/overlay-hide': () => overlay?.host.hideForCapture() ?? null,
      'tab/overlay-show': () => {
        overlay?.host.showAfterCapture();
        return null;
      },
      'tab/overlay-refresh': () => {
        overlay?.refresh();
        return null;
      },
      'tab/overlay-open-note': ({ noteKind }) => {
        overlay?.openNote(noteKind);
        return null;
      },
      'tab/overlay-note-closed': (closed) => {
        overlay?.noteClosed(closed);
        return null;
      },
      'tab/overlay-full-page': () => {
        takeFullPage();
        return null;
      },
      'tab/full-page-prepare': () => {
        if (!fullPageSide) throw new Error('Full pages are taken by the top frame');
        return fullPageSide.prepare();
      },
      'tab/full-page-scroll': async ({ y, index, total, hideFixed }) => {
        if (!fullPageSide) throw new Error('Full pages are taken by the top frame');
        overlay?.feedback(fullPageProgress(index + 1, total));
        return fullPageSide.scrollTo(y, hideFixed);
      },
      'tab/full-page-restore': async () => {
        await fullPageSide?.restore();
        return null;
      },
    };
    const onMessage = (message: unknown) => dispatch(handlers, message, null);
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      void fullPageSide?.restore();
      recorder.stop();
      stopShortcuts();
      overlay?.unmount();
      browser.runtime.onMessage.removeListener(onMessage);
    });
  },
});
