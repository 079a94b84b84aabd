import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { VALENCE_KEYS } from '@/components/common/labels';
import { type MountedOverlay, mountOverlay } from '@/components/overlay/mount';
import { t } from '@/lib/i18n';
import { followBrowserLanguage } from '@/lib/i18n/browser-language';
import { ACTIVE_SESSION_KEY } from '@/lib/messaging/active-flag';
import { sendToBackground } from '@/lib/messaging/client';
import type { RecorderState, TabMessageName } from '@/lib/messaging/protocol';
import { dispatch, type HandlerMap } from '@/lib/messaging/serve';
import { backgroundSessionActions } from '@/lib/overlay/background-actions';
import { installBlurPicker } from '@/lib/overlay/blur-picker';
import { fullPageAction, fullPageProgress } from '@/lib/overlay/full-page-action';
import { OVERLAY_LAYOUT_KEY, readLayout } from '@/lib/overlay/layout';
import { runShortcut } from '@/lib/overlay/session-actions';
import { fullPagePage } from '@/lib/page-recorder/full-page';
import { type OutboxEntry, orphanKey, outboxKey, type ShotEntry, shotKey } from '@/lib/page-recorder/outbox-entry';
import { createPrivateBoxesCache, echoesKey, findPrivateBoxes, trackScrolls } from '@/lib/page-recorder/private-boxes';
import { startPageRecorder } from '@/lib/page-recorder/recorder';
import { listenForShortcuts } from '@/lib/page-recorder/shortcuts';
import type { MaskingMode } from '@/lib/privacy/masking-mode';

const RUNNING = Symbol.for('parcours.recorder');
/** How often an idle page's recorder looks whether the extension was reloaded or updated under it. */
const ORPHAN_CHECK_MS = 1000;

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

    const actions = backgroundSessionActions(isDead, sleep);
    // The overlay speaks the tester's language (storage.local), redrawn when it changes in the popup or elsewhere.
    const language = isTop ? followBrowserLanguage(() => overlay?.refresh()) : null;

    let session: RecorderState | null = null;
    let overlay: MountedOverlay | null = null;
    // "Always blur this": installed before the recorder, so the choosing click stops before any listener.
    const picker = isTop
      ? installBlurPicker(window, {
          onPick: (selector) => {
            overlay?.setPicking(false);
            void sendToBackground('privacy/always-blur-add', { origin: location.origin, selector }).then(
              () => overlay?.feedback(t('overlayAlwaysBlurAdded')),
              (error: unknown) => overlay?.feedback(t('overlayAlwaysBlurFailed', { reason: error instanceof Error ? error.message : String(error) })),
            );
          },
          onCancel: () => {
            overlay?.setPicking(false);
            overlay?.feedback(t('overlayAlwaysBlurCancelled'));
          },
        })
      : null;
    const alwaysBlur = () => {
      if (!picker) return;
      if (picker.active) return picker.cancel();
      picker.start();
      overlay?.setPicking(true);
      overlay?.feedback(t('overlayAlwaysBlurPick'));
    };
    // The "always blur" selectors the background last sent (a press finds its boxes with them before asking).
    let knownSites: Record<string, string[]> = {};
    // Where the page was lately scrolled: a held stream frame may show it a little before a scroll.
    const scrolls = trackScrolls(window);
    // The texts' verdicts, what they say to hide, the fields and iframes: kept until the page changes.
    const privateTexts = createPrivateBoxesCache();
    const privateBoxes = (mode: MaskingMode, sinceEpochMs: number | null) => {
      const echoes = recorder?.echoes() ?? null;
      return findPrivateBoxes(window, {
        mode,
        alwaysBlur: knownSites[location.origin] ?? [],
        closedShadowRoot,
        pastScrolls: sinceEpochMs == null ? [] : scrolls.since(sinceEpochMs),
        // What the tester typed, shown back by the page ("Shipping to Sandrine Martin"), is hidden like personal data.
        echo: echoes ? (text) => echoes.findEchoes(text).length > 0 : undefined,
        echoKey: echoesKey(echoes),
        cache: privateTexts,
      });
    };
    // Closed shadow roots, where the browser lets an extension look into them.
    const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null } } }).chrome?.dom;
    const closedShadowRoot = dom?.openOrClosedShadowRoot
      ? (element: Element) => dom.openOrClosedShadowRoot?.(element) ?? null
      : (element: Element) => (element as Element & { openOrClosedShadowRoot?(): ShadowRoot | null }).openOrClosedShadowRoot?.() ?? null;
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
      // No walk: the page is no longer watched for its private texts.
      if (!state.sessionId) privateTexts.stop();
      if (!isTop) return;
      if (state.sessionId && !overlay) void showOverlay();
      else if (!state.sessionId && overlay) {
        picker?.cancel();
        overlay.unmount();
        overlay = null;
      } else overlay?.refresh();
    };
    const showOverlay = async () => {
      await language?.ready;
      const stored = await browser.storage.local.get(OVERLAY_LAYOUT_KEY).catch(() => ({}));
      if (overlay || !session?.sessionId || !document.documentElement) return;
      overlay = mountOverlay(
        document,
        { ...actions, fullPage: takeFullPage, alwaysBlur, noteUrl: (noteKind) => `${browser.runtime.getURL('/overlay-note.html')}?kind=${noteKind}` },
        readLayout((stored as Record<string, unknown>)[OVERLAY_LAYOUT_KEY]),
        (layout) => {
          void browser.storage.local.set({ [OVERLAY_LAYOUT_KEY]: layout }).catch(() => undefined);
        },
      );
    };

    const recorder = startPageRecorder({
      window,
      isTop,
      hello: async (documentId) => {
        // Nothing recorded anywhere: no need to wake the service worker for this page.
        const flag = await browser.storage.local.get(ACTIVE_SESSION_KEY).catch(() => ({}));
        if ((flag as Record<string, unknown>)[ACTIVE_SESSION_KEY] === false)
          return { recording: false, sessionId: null, status: null, masking: null, sender: null };
        const answer = await sendToBackground('recorder/hello', { top: isTop, documentSince: performance.timeOrigin, documentId });
        if (answer.alwaysBlur) knownSites = answer.alwaysBlur;
        return answer;
      },
      sendEvents: async (events, unowned) => {
        const answer = await sendToBackground('recorder/events', {
          events: [...events],
          ...(unowned ? { unowned: true, documentId: unowned.documentId } : {}),
        });
        // A tab outside the walk: none of them is the walk's, and none is sent again.
        return { acknowledged: 'acks' in answer ? answer.acks.map((ack) => ack.id) : events.map((event) => event.id) };
      },
      requestScreenshot: async (eventId, point, epochMs, priority, changedAtEpochMs, boxes) => {
        await sendToBackground('recorder/screenshot', { eventId, point, epochMs, priority, changedAtEpochMs, boxes });
      },
      // At a press, the stream's frame held for it may be up to a second older (HELD_FRAME_REACH_MS).
      privateBoxesNow: () => (session?.masking ? privateBoxes(session.masking, Date.now() - 1000) : null),
      persist: (events, owner) => {
        const entries = Object.fromEntries(events.map((event) => [outboxKey(event.id), { event, ...owner } satisfies OutboxEntry]));
        void browser.storage.local.set(entries).catch(() => undefined);
      },
      persistShots: (requests, owner) => {
        const entries = Object.fromEntries(requests.map((request) => [shotKey(request.eventId), { ...request, ...owner } satisfies ShotEntry]));
        void browser.storage.local.set(entries).catch(() => undefined);
      },
      keepOrphan: (entry) => {
        void browser.storage.local.set({ [orphanKey(entry.documentId)]: entry }).catch(() => undefined);
      },
      reportLostShots: (requests) => {
        for (const { eventId, epochMs } of requests)
          void sendToBackground('recorder/screenshot', { eventId, point: null, epochMs, priority: 'click', lost: true }).catch(() => undefined);
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
      'tab/always-blur': ({ alwaysBlur: sites }) => {
        knownSites = sites;
        return null;
      },
      'tab/private-boxes': ({ mode, alwaysBlur: sites, sinceEpochMs }) => {
        knownSites = sites;
        return privateBoxes(mode, sinceEpochMs ?? null);
      },
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
    // An extension reloaded or updated orphans this script (Chrome takes its `runtime` away): looked for once a
    // second (ctx.isInvalid reads `runtime.id`), so the overlay goes and the listeners stop even while the tester
    // does nothing; a failed send finds it sooner (isDead). The new extension puts a new recorder in its place.
    const orphanWatch = setInterval(() => void ctx.isInvalid, ORPHAN_CHECK_MS);
    ctx.onInvalidated(() => {
      clearInterval(orphanWatch);
      // Each step on its own: one that throws (an API gone with the extension) must neither reach the page nor
      // keep the others from running.
      for (const step of [
        () => void fullPageSide?.restore().catch(() => undefined),
        () => picker?.uninstall(),
        () => scrolls.stop(),
        () => recorder.stop(),
        () => stopShortcuts(),
        () => overlay?.unmount(),
        () => browser.runtime?.onMessage?.removeListener(onMessage),
        () => language?.stop(),
      ]) {
        try {
          step();
        } catch {
          // Gone with the extension: nothing left to undo there.
        }
      }
      overlay = null;
    });
  },
});
