type HistoryKind = 'push' | 'replace' | 'traverse';

interface NavigateEventLike extends Event {
  navigationType?: string;
}

/**
 * Tells push from replace for same-document navigations, which webNavigation reports alike. Uses the
 * Navigation API where the browser has it (observing, never intercepting), else the change in history length.
 */
export function trackHistoryKind(win: Window): { kind: () => HistoryKind | null; stop: () => void } {
  let last: HistoryKind | null = null;
  let lastLength = win.history.length;
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  const onNavigate = (event: Event) => {
    const type = (event as NavigateEventLike).navigationType;
    if (type === 'push' || type === 'replace' || type === 'traverse') last = type;
  };
  navigation?.addEventListener('navigate', onNavigate);
  return {
    kind: () => {
      if (navigation) return last;
      const length = win.history.length;
      const guess: HistoryKind = length > lastLength ? 'push' : 'replace';
      lastLength = length;
      return guess;
    },
    stop: () => navigation?.removeEventListener('navigate', onNavigate),
  };
}
