import { listen, type RecorderPart } from './context';

/** The tester leaving the tab and coming back (another tab, another window, a minimised browser). */
export const recordVisibility: RecorderPart = (context) => {
  if (!context.isTop) return () => undefined;
  const doc = context.window.document;
  return listen(doc, ['visibilitychange'], () => {
    if (!context.isRecording()) return;
    context.emit({ kind: 'visibility', state: doc.visibilityState === 'hidden' ? 'hidden' : 'visible' });
  });
};
