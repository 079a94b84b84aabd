import { isoAt, sessionTime } from '../capture/clock';
import type { FullPageMissingReason } from '../capture/events';
import { maskSensitiveText } from '../capture/masking';
import { whyUnrecordable } from '../capture/recordable';
import type { FullPageAnswer } from '../messaging/protocol';
import type { EchoMatcher } from '../privacy/echoes';
import type { ParcoursDatabase } from '../store/db';
import { isQuotaError } from '../store/errors';
import { commitEvent, type EventToCommit } from '../store/events';
import type { SessionRecord } from '../store/records';
import { activeSession } from '../store/sessions';
import type { EventSender } from './controller';
import { type FullPagePlan, type PageMetrics, planFullPage } from './full-page-plan';
import type { TabInfo } from './ports';
import type { TesterLayer } from './tester-layer';

/** The `full-page` event of a request has a derived id: a request sent again never stores a second image. */
export function fullPageEventId(requestId: string): string {
  return `${requestId}:full-page`;
}

/** One viewport frame, and where the page was scrolled when it was taken (CSS px). */
export interface ViewportFrame {
  blob: Blob;
  scrollY: number;
}

/** The page's side of the capture, in the top frame of the tab (the content script). */
export interface FullPagePageSide {
  /** Asks the top frame to run the tester's full-page action (the shortcut was pressed in a subframe). */
  startInTopFrame(tabId: number): Promise<void>;
  prepare(tabId: number): Promise<PageMetrics>;
  scrollTo(tabId: number, step: { y: number; index: number; total: number; hideFixed: boolean }): Promise<{ scrollY: number }>;
  restore(tabId: number): Promise<void>;
}

export interface FullPagePorts {
  getTab(tabId: number): Promise<TabInfo | null>;
  page: FullPagePageSide;
  /**
   * The frame source: a JPEG or PNG of the tab's visible viewport without the overlay, its private parts
   * covered. Today the capture queue's `captureVisibleTab` (two a second); frames from the tab's video stream can
   * take its place. Rejects with an error whose `reason` is `tab-not-visible`, `page-not-capturable` or
   * `private-unverified` when that is why.
   */
  takeViewportFrame(tabId: number): Promise<Blob>;
  /** Draws the frames into one image (lib/recorder/stitch-frames.ts in the service worker). */
  stitch(frames: readonly ViewportFrame[], layout: { viewportHeight: number; coveredHeight: number }): Promise<{ blob: Blob; width: number; height: number }>;
  now(): number;
  randomId(): string;
  /** What the walk's tester typed, as hashes (masked where the page's title shows it back). */
  echoes?(sessionId: string): Promise<EchoMatcher | null>;
}

/** What a failed capture records, with the browser's words when it gave some. */
class Missing extends Error {
  constructor(
    readonly reason: FullPageMissingReason,
    readonly detail: string | null = null,
  ) {
    super(reason);
  }
}

function detailOf(error: unknown): string {
  return maskSensitiveText(error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/** What a frame source's refusal means for the capture. */
function frameFailure(error: unknown): Missing {
  const reason = (error as { reason?: unknown } | null)?.reason;
  if (reason === 'tab-not-visible' || reason === 'page-not-capturable' || reason === 'private-unverified') return new Missing(reason, detailOf(error));
  return new Missing('capture-failed', detailOf(error));
}

interface Outcome {
  screenshotId: string | null;
  width: number;
  height: number;
  viewports: number;
  plan: FullPagePlan | null;
  missing: Missing | null;
}

/**
 * Full-page screenshots on the tester's demand, off the click path: the page is scrolled viewport by viewport
 * by its content script, a frame is taken at each position through the frame source, and the frames are
 * stitched in the service worker. Stored like any screenshot (a Blob in `screenshots`), with an append-only
 * `full-page` event saying which step it belongs to (the step tags land on). One capture per tab at a time.
 */
export class FullPageCapturer {
  private readonly inFlight = new Map<string, Promise<FullPageAnswer>>();
  private readonly busyTabs = new Set<number>();

  constructor(
    private readonly db: ParcoursDatabase,
    private readonly layer: Pick<TesterLayer, 'latestStep' | 'anchorOf'>,
    private readonly ports: FullPagePorts,
  ) {}

  /** The full-page shortcut pressed in a subframe of a walk's tab: its top frame runs it and reports it. */
  async startInTopFrame(tabId: number): Promise<null> {
    const session = await activeSession(this.db);
    if (session?.tabIds.includes(tabId)) await this.ports.page.startInTopFrame(tabId);
    return null;
  }

  /** Takes the full page of the sender's tab. Idempotent by request id: a request sent again learns the first outcome. */
  capture(request: { id: string; epochMs: number }, sender: EventSender): Promise<FullPageAnswer> {
    const pending = this.inFlight.get(request.id);
    if (pending) return pending;
    const tabId = sender.tabId;
    if (this.busyTabs.has(tabId)) return Promise.resolve(notDone('busy'));
    // Claimed before the first await: a second request made meanwhile finds the tab busy.
    this.busyTabs.add(tabId);
    const answer = this.run(request.id, tabId).finally(() => this.busyTabs.delete(tabId));
    this.inFlight.set(request.id, answer);
    const forget = () => {
      if (this.inFlight.get(request.id) === answer) this.inFlight.delete(request.id);
    };
    answer.then(forget, forget);
    return answer;
  }

  private async run(requestId: string, tabId: number): Promise<FullPageAnswer> {
    const eventId = fullPageEventId(requestId);
    const stored = await this.db.events.get(eventId);
    if (stored?.kind === 'full-page') return this.answer(stored.sessionId, stored.forEventId, stored);
    const session = await activeSession(this.db);
    if (!session?.tabIds.includes(tabId) || session.status !== 'recording') return notDone('not-recording');
    // The step it belongs to is the one tags land on at the moment of asking.
    const forEventId = session.selectedEventId ?? (await this.layer.latestStep(session.id))?.id ?? null;
    if (forEventId == null) return notDone('not-recording');
    const tab = await this.ports.getTab(tabId);
    const outcome = await this.take(session, tab, tabId);
    const fresh = await this.db.sessions.get(session.id);
    // Paused or stopped meanwhile: nothing is recorded after that.
    if (fresh?.status !== 'recording') {
      if (outcome.screenshotId) await this.forgetImage(session.id, outcome.screenshotId);
      return notDone('not-recording');
    }
    const plan = outcome.plan;
    const epochMs = this.ports.now();
    const event = {
      id: eventId,
      sessionId: session.id,
      kind: 'full-page',
      t: sessionTime(epochMs, session.startEpochMs),
      at: isoAt(epochMs),
      tabId,
      frameId: null,
      // As the browser gives them: commitEvent masks every string in the walk's mode.
      url: tab?.url || null,
      frameUrl: null,
      pageTitle: tab?.title || null,
      forEventId,
      screenshotId: outcome.screenshotId,
      width: outcome.width,
      height: outcome.height,
      viewports: outcome.viewports,
      pageHeight: plan?.pageHeight ?? 0,
      coveredHeight: outcome.screenshotId ? (plan?.height ?? 0) : 0,
      truncated: outcome.screenshotId != null && (plan?.truncated ?? false),
      missingReason: outcome.missing?.reason ?? null,
      missingDetail: outcome.missing?.detail ?? null,
    } satisfies EventToCommit;
    await commitEvent(this.db, event, undefined, (await this.ports.echoes?.(session.id).catch(() => null)) ?? null);
    return this.answer(session.id, forEventId, event);
  }

  /** Scrolls, captures, stitches and stores; says why not when it cannot. */
  private async take(session: SessionRecord, tab: TabInfo | null, tabId: number): Promise<Outcome> {
    const none = (missing: Missing, plan: FullPagePlan | null = null, viewports = 0): Outcome => ({
      screenshotId: null,
      width: 0,
      height: 0,
      viewports,
      plan,
      missing,
    });
    if (!tab?.active) return none(new Missing('tab-not-visible'));
    if (whyUnrecordable(tab.url)) return none(new Missing('page-not-capturable'));
    let metrics: PageMetrics;
    try {
      metrics = await this.ports.page.prepare(tabId);
    } catch (error) {
      await this.ports.page.restore(tabId).catch(() => undefined);
      return none(new Missing('page-unavailable', detailOf(error)));
    }
    const plan = planFullPage(metrics);
    const frames: ViewportFrame[] = [];
    try {
      for (const [index, y] of plan.positions.entries()) {
        let scrollY: number;
        try {
          ({ scrollY } = await this.ports.page.scrollTo(tabId, { y, index, total: plan.positions.length, hideFixed: index > 0 }));
        } catch (error) {
          throw new Missing('page-unavailable', detailOf(error));
        }
        try {
          frames.push({ blob: await this.ports.takeViewportFrame(tabId), scrollY });
        } catch (error) {
          throw frameFailure(error);
        }
      }
    } catch (error) {
      return none(error instanceof Missing ? error : new Missing('capture-failed', detailOf(error)), plan, frames.length);
    } finally {
      await this.ports.page.restore(tabId).catch(() => undefined);
    }
    let image: { blob: Blob; width: number; height: number };
    try {
      image = await this.ports.stitch(frames, { viewportHeight: metrics.viewportHeight, coveredHeight: plan.height });
    } catch (error) {
      return none(new Missing('capture-failed', detailOf(error)), plan, frames.length);
    }
    const screenshotId = this.ports.randomId();
    try {
      await this.db.transaction('rw', this.db.screenshots, this.db.sessions, async () => {
        await this.db.screenshots.add({
          id: screenshotId,
          sessionId: session.id,
          tabId,
          t: sessionTime(this.ports.now(), session.startEpochMs),
          blob: image.blob,
          mime: image.blob.type || 'image/jpeg',
          width: image.width,
          height: image.height,
          bytes: image.blob.size,
        });
        const fresh = await this.db.sessions.get(session.id);
        if (fresh)
          await this.db.sessions.update(session.id, {
            screenshotCount: fresh.screenshotCount + 1,
            screenshotBytes: fresh.screenshotBytes + image.blob.size,
          });
      });
    } catch (error) {
      return none(new Missing(isQuotaError(error) ? 'storage-full' : 'capture-failed', detailOf(error)), plan, frames.length);
    }
    return { screenshotId, width: image.width, height: image.height, viewports: frames.length, plan, missing: null };
  }

  /** An image stored for a capture that no longer counts (the walk was paused meanwhile). */
  private async forgetImage(sessionId: string, screenshotId: string): Promise<void> {
    await this.db.transaction('rw', this.db.screenshots, this.db.sessions, async () => {
      const shot = await this.db.screenshots.get(screenshotId);
      if (!shot) return;
      await this.db.screenshots.delete(screenshotId);
      const fresh = await this.db.sessions.get(sessionId);
      if (fresh)
        await this.db.sessions.update(sessionId, {
          screenshotCount: Math.max(0, fresh.screenshotCount - 1),
          screenshotBytes: Math.max(0, fresh.screenshotBytes - shot.bytes),
        });
    });
  }

  private async answer(
    sessionId: string,
    forEventId: string,
    event: Pick<EventToCommit & { kind: 'full-page' }, 'screenshotId' | 'viewports' | 'pageHeight' | 'coveredHeight' | 'truncated' | 'missingReason'>,
  ): Promise<FullPageAnswer> {
    const anchor = await this.layer.anchorOf(sessionId, forEventId);
    return {
      outcome: event.screenshotId ? 'stored' : 'missing',
      step: anchor.action,
      viewports: event.viewports,
      pageHeight: event.pageHeight,
      coveredHeight: event.coveredHeight,
      truncated: event.truncated,
      missingReason: event.missingReason,
    };
  }
}

function notDone(outcome: 'not-recording' | 'busy'): FullPageAnswer {
  return { outcome, step: null, viewports: 0, pageHeight: 0, coveredHeight: 0, truncated: false, missingReason: null };
}
