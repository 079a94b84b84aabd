import type { CapturedEvent, EventOf } from '../capture/events';

/** The full-page screenshots stored for each event (the step's event they were taken for), in the order taken. */
export function fullPagesByEvent(events: readonly CapturedEvent[]): Map<string, EventOf<'full-page'>[]> {
  const byEvent = new Map<string, EventOf<'full-page'>[]>();
  const ordered = events.filter((event): event is EventOf<'full-page'> => event.kind === 'full-page' && event.screenshotId != null);
  ordered.sort((a, b) => a.t - b.t || a.seq - b.seq);
  for (const event of ordered) {
    const list = byEvent.get(event.forEventId);
    if (list) list.push(event);
    else byEvent.set(event.forEventId, [event]);
  }
  return byEvent;
}

/**
 * The full-page screenshots of a step: those taken for any of its events, in the order taken. Read from the
 * events the step is made of, so a merged step has both steps' images and a split step's images follow the
 * event they were taken for.
 */
export function fullPageScreenshotIds(eventIds: readonly string[], byEvent: ReadonlyMap<string, readonly EventOf<'full-page'>[]>): string[] {
  const found = eventIds.flatMap((id) => byEvent.get(id) ?? []);
  found.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return found.map((event) => event.screenshotId as string);
}
