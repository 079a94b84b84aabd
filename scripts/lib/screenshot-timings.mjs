// Each click's screenshot as the extension committed it, read from the raw events: shared by the screenshot
// benchmarks (bench-moment, bench-recorder).

/**
 * One entry per committed click, in time order: its screenshot event's source, delay (pointer-down to the
 * moment the image shows), `storedMs` (the page's request to the screenshot committed, the recorder's clock),
 * whether it is missing or shared, and the stored image's id.
 * @param {Record<string, any>[]} events raw rows of the events store for one session
 */
export function clickScreenshots(events) {
  const clicks = events.filter((event) => event.kind === 'click').sort((a, b) => a.t - b.t || a.seq - b.seq);
  const shotOf = new Map(events.filter((event) => event.kind === 'screenshot').map((event) => [event.forEventId, event]));
  return clicks.map((click) => {
    const shot = shotOf.get(click.id);
    return {
      id: click.id,
      click,
      shot: shot ?? null,
      source: shot?.source ?? null,
      delayMs: shot?.delayMs ?? null,
      storedMs: shot && shot.requestedT != null ? shot.t - shot.requestedT : null,
      missing: shot?.missingReason ?? null,
      shared: shot?.shared ?? null,
      screenshotId: shot?.screenshotId ?? null,
    };
  });
}
