// Performance observers installed in a page's main world: its long tasks and the Event Timing of its
// interactions, read back at the end of a walk. The page's own view of what any script made it wait for
// (a content script's work in its isolated world runs in the same event loop, so it shows here too).

/** Starts observing long tasks and events (Event Timing reports only events of 16 ms or more). */
export function observePage(page) {
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.benchLongTasks = [];
    w.benchEvents = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchLongTasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const e = /** @type {PerformanceEventTiming} */ (entry);
        w.benchEvents.push({
          name: e.name,
          interactionId: e.interactionId,
          startTime: e.startTime,
          duration: e.duration,
          processingStart: e.processingStart,
          processingEnd: e.processingEnd,
        });
      }
    }).observe({ type: 'event', durationThreshold: 16 });
  });
}

/** The page's clock now (to split what was observed before and after a point). */
export function pageNow(page) {
  return page.evaluate(() => performance.now());
}

/**
 * What the observers saw from `since` (page clock): the long tasks, and one entry per interaction reported
 * (pointer-down to the next paint of 16 ms or more): its input delay, processing (summed over the
 * interaction's events) and presentation delay (last processing end to the paint).
 */
export async function observed(page, since = 0) {
  const { longTasks, events } = await page.evaluate(() => ({ longTasks: window.benchLongTasks ?? [], events: window.benchEvents ?? [] }));
  const interactions = new Map();
  for (const event of events) {
    if (event.startTime < since || !event.interactionId) continue;
    const list = interactions.get(event.interactionId) ?? [];
    list.push(event);
    interactions.set(event.interactionId, list);
  }
  return {
    longTasks: longTasks.filter((task) => task.startTime >= since),
    interactions: [...interactions.values()].map((list) => {
      const start = Math.min(...list.map((e) => e.startTime));
      const end = Math.max(...list.map((e) => e.startTime + e.duration));
      const processingEnd = Math.max(...list.map((e) => e.processingEnd));
      return {
        kinds: [...new Set(list.map((e) => e.name))].join(','),
        inputDelay: Math.min(...list.map((e) => e.processingStart)) - start,
        processing: list.reduce((sum, e) => sum + (e.processingEnd - e.processingStart), 0),
        presentationDelay: Math.max(0, end - processingEnd),
        duration: end - start,
      };
    }),
  };
}
