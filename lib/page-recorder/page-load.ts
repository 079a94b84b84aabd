import { listen, type RecorderContext } from './context';

function ms(value: number | undefined): number | null {
  return value == null || value <= 0 ? null : Math.round(value);
}

/** One `page-load` event per document: title, viewport and Navigation Timing of the top frame. */
export function describePageLoad(context: RecorderContext, restoredFromCache: boolean) {
  const win = context.window;
  const entry = win.performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return {
    kind: 'page-load' as const,
    title: context.masker().pageText(win.document.title),
    viewport: { width: win.innerWidth, height: win.innerHeight, deviceScaleFactor: win.devicePixelRatio || 1 },
    timing: {
      responseStartMs: ms(entry?.responseStart),
      domContentLoadedMs: ms(entry?.domContentLoadedEventEnd),
      loadMs: ms(entry?.loadEventEnd),
      transferSize: entry?.transferSize ?? null,
    },
    restoredFromCache,
  };
}

/**
 * Reports the page once it has loaded (or at once when recording starts on a loaded page), and again when
 * the back-forward cache restores it.
 */
export function recordPageLoad(context: RecorderContext): { stop: () => void; recordingStarted: () => void } {
  if (!context.isTop) return { stop: () => undefined, recordingStarted: () => undefined };
  const win = context.window;
  let reported = false;
  const report = (restored: boolean) => {
    if (!context.isRecording() || (reported && !restored)) return;
    reported = true;
    context.emit(describePageLoad(context, restored));
  };
  // loadEventEnd is only set after the load handlers have run: report on the next task.
  const stopLoad = listen(win, ['load'], () => setTimeout(() => report(false), 0));
  const stopShow = listen(win, ['pageshow'], (event) => {
    if ((event as PageTransitionEvent).persisted) report(true);
  });
  return {
    stop: () => {
      stopLoad();
      stopShow();
    },
    recordingStarted: () => {
      if (win.document.readyState === 'complete') report(false);
    },
  };
}
