import { listen, type RecorderPart } from './context';
import { isOwnScroll } from './own-scroll';

/** A scroll run ends after this much stillness; one event per run keeps the log short. */
const SCROLL_SETTLE_MS = 400;

/** Scroll depth of the page: one event per scroll run, with the deepest point reached so far. */
export const recordScroll: RecorderPart = (context) => {
  if (!context.isTop) return () => undefined;
  const win = context.window;
  let maxDepthPct = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastReportedY = win.scrollY;

  const report = () => {
    timer = undefined;
    if (!context.isRecording()) return;
    // The tester's run ended while Parcours scrolls (a full-page capture): told once the page is back.
    if (isOwnScroll(win)) {
      timer = setTimeout(report, SCROLL_SETTLE_MS);
      return;
    }
    const doc = win.document.documentElement;
    const documentHeight = Math.max(doc.scrollHeight, win.document.body?.scrollHeight ?? 0);
    const viewportHeight = win.innerHeight;
    const scrollY = Math.round(win.scrollY);
    const depth = documentHeight > 0 ? Math.min(100, Math.round(((scrollY + viewportHeight) / documentHeight) * 100)) : 100;
    maxDepthPct = Math.max(maxDepthPct, depth);
    if (Math.abs(scrollY - lastReportedY) < 4) return;
    lastReportedY = scrollY;
    context.emit({ kind: 'scroll', scrollY, maxDepthPct, documentHeight, viewportHeight });
  };

  const stop = listen(win, ['scroll'], () => {
    if (!context.isRecording() || isOwnScroll(win)) return;
    context.pageChanged();
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(report, SCROLL_SETTLE_MS);
  });
  return () => {
    stop();
    if (timer !== undefined) clearTimeout(timer);
  };
};
