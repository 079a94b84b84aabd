import { epochNow } from '../capture/clock';
import type { NavigationType } from '../capture/events';
import { listen, type RecorderContext } from './context';

/** Delay after a load or a same-document navigation before its screenshot, so the page has painted. */
export const SETTLE_AFTER_LOAD_MS = 300;
export const SETTLE_AFTER_HISTORY_MS = 450;
/** Without the Navigation API (older Firefox), URL changes are noticed by a cheap comparison. */
const URL_POLL_MS = 250;

interface NavigationApiEvent extends Event {
  navigationType?: 'push' | 'replace' | 'traverse' | 'reload';
}

/** How the document in this frame was reached, from Navigation Timing. */
export function documentNavigationType(win: Window): NavigationType {
  const entry = win.performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (entry?.type === 'reload') return 'reload';
  if (entry?.type === 'back_forward') return 'back-forward';
  return 'load';
}

function sameDocumentType(kind: NavigationApiEvent['navigationType'], hashOnly: boolean): NavigationType {
  if (hashOnly) return 'hash';
  if (kind === 'traverse') return 'back-forward';
  if (kind === 'replace') return 'replace-state';
  if (kind === 'reload') return 'reload';
  return 'push-state';
}

function onlyHashDiffers(from: string, to: string): boolean {
  const a = from.split('#')[0];
  const b = to.split('#')[0];
  return a === b && from !== to;
}

/**
 * Navigations, seen from the page's top frame so they go through the same acknowledged, retried channel as
 * every other event: the document's own arrival (Navigation Timing says load, reload or back/forward), and
 * same-document changes (Navigation API's `currententrychange`, which also sees pages that replaced
 * `history.pushState`). Each navigation then asks for its screenshot once the page has settled.
 */
export function recordNavigation(context: RecorderContext): { stop: () => void; documentJoined: () => void } {
  if (!context.isTop) return { stop: () => undefined, documentJoined: () => undefined };
  const win = context.window;
  let lastUrl = win.location.href;
  let documentReported = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const screenshotLater = (eventId: string, delay: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (context.isRecording()) context.requestScreenshot(eventId, null, epochNow(), 'navigation');
    }, delay);
    timers.add(timer);
  };

  const sameDocument = (kind: NavigationApiEvent['navigationType']) => {
    const url = win.location.href;
    // A replaceState that keeps the URL only changes page state: nothing the tester sees as a move.
    if (url === lastUrl) return;
    const from = lastUrl;
    lastUrl = url;
    if (!context.isRecording()) return;
    const id = context.newId();
    context.emit({
      kind: 'navigation',
      id,
      navigationType: sameDocumentType(kind, onlyHashDiffers(from, url)),
      sameDocument: true,
      fromUrl: context.masker().url(from),
    });
    screenshotLater(id, SETTLE_AFTER_HISTORY_MS);
  };

  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  let stopWatching: () => void;
  if (navigation) {
    stopWatching = listen(navigation, ['currententrychange'], (event) => sameDocument((event as NavigationApiEvent).navigationType));
  } else {
    const poll = setInterval(() => {
      if (win.location.href !== lastUrl) sameDocument(undefined);
    }, URL_POLL_MS);
    const stopPop = listen(win, ['popstate'], () => sameDocument('traverse'));
    stopWatching = () => {
      clearInterval(poll);
      stopPop();
    };
  }

  return {
    stop: () => {
      stopWatching();
      for (const timer of timers) clearTimeout(timer);
    },
    /** This document arrived while its tab was being recorded: report the navigation that brought it. */
    documentJoined: () => {
      if (documentReported || !context.isRecording()) return;
      documentReported = true;
      const id = context.newId();
      const referrer = win.document.referrer;
      context.emit({
        kind: 'navigation',
        id,
        // The navigation started when the document was requested: its time includes a slow server.
        epochMs: win.performance.timeOrigin,
        navigationType: documentNavigationType(win),
        sameDocument: false,
        fromUrl: referrer ? context.masker().url(referrer) : null,
      });
      const settle = () => screenshotLater(id, SETTLE_AFTER_LOAD_MS);
      if (win.document.readyState === 'complete') settle();
      else {
        // The browser's own load (not `once`: a load the page dispatches itself is ignored, and would use it up).
        const stopLoad = listen(win, ['load'], () => {
          stopLoad();
          settle();
        });
      }
    },
  };
}
