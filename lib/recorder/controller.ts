import { isoAt, sessionTime } from '../capture/clock';
import type { CapturedEvent, PageEventDraft, Point } from '../capture/events';
import { dataUrlToBytes, jpegSize } from '../capture/jpeg-size';
import { maskSensitiveText, maskUrl } from '../capture/masking';
import { whyUnrecordable } from '../capture/recordable';
import { ProtocolFailure, type RecorderState } from '../messaging/protocol';
import type { ParcoursDatabase } from '../store/db';
import { isQuotaError } from '../store/errors';
import { type CommitResult, commitEvent, type EventToCommit } from '../store/events';
import type { SessionRecord, SessionSetup } from '../store/records';
import { activeSession, markActiveAsInterrupted } from '../store/sessions';
import { type CaptureAttempt, CaptureQueue, type CaptureRequest } from './capture-queue';
import { resolveFrameLocation } from './frame-path';
import { navigationTypeOfCommit, navigationTypeOfHistoryUpdate } from './navigation';
import type { BrowserPorts } from './ports';

/** Where a page event came from, as the messaging layer reports it. */
export interface EventSender {
  tabId: number;
  frameId: number;
  tabTitle: string | null;
  tabUrl: string | null;
}

/** Delay after a navigation before its screenshot, so the page has painted. */
const SETTLE_AFTER_LOAD_MS = 300;
const SETTLE_AFTER_HISTORY_MS = 450;
/**
 * A click that opens a new tab can hide its own tab before the capture runs. The page's screenshot taken
 * just before the press still shows what the tester saw, so it is shared with the click, marked as shared.
 */
const REUSE_RECENT_CAPTURE_MS = 1500;

/**
 * The session controller: the single writer of a session. Every state it needs is read from the database
 * on each call, so a service-worker restart in the middle of a walk changes nothing. Only the screenshot
 * queue and the last navigation of each tab live in memory, and losing them loses evidence, never events.
 */
export class SessionController {
  private readonly queue: CaptureQueue;
  private readonly lastNavigation = new Map<number, string>();
  private readonly recentCapture = new Map<number, { screenshotId: string; capturedAtEpochMs: number }>();

  constructor(
    private readonly db: ParcoursDatabase,
    private readonly ports: BrowserPorts,
  ) {
    this.queue = new CaptureQueue({
      capture: (tabId) => this.capture(tabId),
      deliver: (group, attempt) => this.deliver(group, attempt),
      now: () => ports.now(),
      sleep: (ms) => ports.sleep(ms),
    });
  }

  /** Resolves once every screenshot requested so far is stored (tests and export use it). */
  settleScreenshots(): Promise<void> {
    return this.queue.drain();
  }

  async current(): Promise<SessionRecord | null> {
    return (await activeSession(this.db)) ?? null;
  }

  async stateForTab(tabId: number | null): Promise<RecorderState> {
    const session = await activeSession(this.db);
    const inSession = session != null && tabId != null && session.tabIds.includes(tabId);
    return {
      recording: inSession && session.status === 'recording',
      sessionId: inSession ? session.id : null,
      status: inSession ? session.status : null,
    };
  }

  async start(tabId: number, setup: SessionSetup): Promise<SessionRecord> {
    const tab = await this.ports.getTab(tabId);
    if (!tab) throw new ProtocolFailure({ code: 'no-tab', message: `Tab ${tabId} is gone` });
    const reason = whyUnrecordable(tab.url);
    if (reason) throw new ProtocolFailure({ code: 'unrecordable', reason, message: `This page cannot be recorded: ${tab.url ?? 'unknown'}` });
    const existing = await activeSession(this.db);
    if (existing) throw new ProtocolFailure({ code: 'already-recording', message: `Already recording "${existing.title}"` });
    const startEpochMs = this.ports.now();
    const session: SessionRecord = {
      id: this.ports.randomId(),
      title: setup.title.trim() || maskSensitiveText(tab.title ?? '') || 'Untitled walk',
      persona: setup.persona.trim(),
      scenario: setup.scenario.trim(),
      goal: setup.goal.trim(),
      status: 'recording',
      startedAt: isoAt(startEpochMs),
      startEpochMs,
      endedAt: null,
      startUrl: maskUrl(tab.url ?? ''),
      tabIds: [tabId],
      nextSeq: 0,
      lastActionT: null,
      browser: await this.ports.browserInfo(),
      viewport: null,
      eventCount: 0,
      screenshotCount: 0,
      screenshotBytes: 0,
    };
    await this.db.sessions.add(session);
    const startEvent = await this.write(session, {
      kind: 'session-start',
      tabId,
      frameId: 0,
      url: session.startUrl,
      pageTitle: tab.title,
      startUrl: session.startUrl,
      viewport: tab.width && tab.height ? { width: tab.width, height: tab.height, deviceScaleFactor: 1 } : null,
    });
    await this.ports.ensureContentScript(tabId).catch(() => undefined);
    await this.announce(session.id);
    this.queue.request({ sessionId: session.id, tabId, forEventId: startEvent.id, requestedAtEpochMs: startEpochMs, point: null, priority: 'navigation' });
    return this.reload(session.id);
  }

  async pause(): Promise<SessionRecord> {
    const session = await this.requireActive();
    if (session.status !== 'recording') throw new ProtocolFailure({ code: 'invalid-state', message: 'The session is not recording' });
    await this.db.sessions.update(session.id, { status: 'paused' });
    await this.write(session, { kind: 'pause', tabId: null, frameId: null, url: null, pageTitle: null });
    await this.announce(session.id);
    return this.reload(session.id);
  }

  async resume(): Promise<SessionRecord> {
    const session = await this.requireActive();
    if (session.status !== 'paused') throw new ProtocolFailure({ code: 'invalid-state', message: 'The session is not paused' });
    await this.db.sessions.update(session.id, { status: 'recording' });
    await this.write(session, { kind: 'resume', tabId: null, frameId: null, url: null, pageTitle: null, afterInterruption: false });
    await this.announce(session.id);
    return this.reload(session.id);
  }

  async stop(): Promise<SessionRecord> {
    const session = await this.requireActive();
    await this.settleScreenshots();
    await this.write(session, { kind: 'session-stop', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tester' });
    await this.db.sessions.update(session.id, { status: 'ended', endedAt: isoAt(this.ports.now()) });
    await this.announce(session.id, session.tabIds);
    return this.reload(session.id);
  }

  /** Picks an interrupted session up again in a tab of the tester's choosing. */
  async continueInterrupted(sessionId: string, tabId: number): Promise<SessionRecord> {
    const session = await this.db.sessions.get(sessionId);
    if (session?.status !== 'interrupted') throw new ProtocolFailure({ code: 'invalid-state', message: 'Only an interrupted session can be continued' });
    const active = await activeSession(this.db);
    if (active) throw new ProtocolFailure({ code: 'already-recording', message: `Already recording "${active.title}"` });
    const tab = await this.ports.getTab(tabId);
    const reason = whyUnrecordable(tab?.url);
    if (!tab || reason) throw new ProtocolFailure({ code: 'unrecordable', reason: reason ?? 'unrecordableUnknown', message: 'This page cannot be recorded' });
    await this.db.sessions.update(session.id, { status: 'recording', tabIds: [tabId] });
    const resumed = await this.write(session, {
      kind: 'resume',
      tabId,
      frameId: 0,
      url: maskUrl(tab.url ?? ''),
      pageTitle: tab.title,
      afterInterruption: true,
    });
    await this.ports.ensureContentScript(tabId).catch(() => undefined);
    await this.announce(session.id);
    this.queue.request({ sessionId: session.id, tabId, forEventId: resumed.id, requestedAtEpochMs: this.ports.now(), point: null, priority: 'navigation' });
    return this.reload(session.id);
  }

  async finishInterrupted(sessionId: string): Promise<SessionRecord> {
    const session = await this.db.sessions.get(sessionId);
    if (session?.status !== 'interrupted') throw new ProtocolFailure({ code: 'invalid-state', message: 'Only an interrupted session can be finished' });
    await this.write(session, { kind: 'session-stop', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'finished-after-interruption' });
    await this.db.sessions.update(session.id, { status: 'ended', endedAt: isoAt(this.ports.now()) });
    await this.ports.showStatus(null);
    return this.reload(session.id);
  }

  /** The browser started again: whatever was recording when it went away is interrupted. */
  async onBrowserStartup(): Promise<void> {
    const cut = await markActiveAsInterrupted(this.db);
    for (const session of cut) {
      await this.write(session, { kind: 'interrupted', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'browser-closed' });
    }
    await this.ports.showStatus(cut.length > 0 ? 'interrupted' : null);
  }

  /** Commits an event sent by a content script. Idempotent: a re-sent event is acknowledged, not stored twice. */
  async recordPageEvent(draft: PageEventDraft, sender: EventSender): Promise<CommitResult | { dropped: 'not-recording' }> {
    const session = await activeSession(this.db);
    if (!session) {
      const already = await this.db.events.get(draft.id);
      return already ? { seq: already.seq, duplicate: true } : { dropped: 'not-recording' };
    }
    if (!session.tabIds.includes(sender.tabId) || session.status !== 'recording') {
      const already = await this.db.events.get(draft.id);
      return already ? { seq: already.seq, duplicate: true } : { dropped: 'not-recording' };
    }
    const { epochMs, frameUrl, ...payload } = draft;
    const event = {
      ...payload,
      sessionId: session.id,
      t: sessionTime(epochMs, session.startEpochMs),
      at: isoAt(epochMs),
      tabId: sender.tabId,
      frameId: sender.frameId,
      url: maskUrl(sender.frameId === 0 ? frameUrl : (sender.tabUrl ?? '')),
      frameUrl: sender.frameId === 0 ? null : maskUrl(frameUrl),
      pageTitle: sender.tabTitle == null ? null : maskSensitiveText(sender.tabTitle),
    } as EventToCommit;
    if (event.kind === 'click' && sender.frameId !== 0) {
      event.frame = await this.frameLocation(sender.tabId, sender.frameId);
    }
    if (event.kind === 'page-load' && sender.frameId === 0 && session.viewport == null) {
      await this.db.sessions.update(session.id, { viewport: event.viewport });
    }
    return commitEvent(this.db, event);
  }

  /** Pointer-down: queue the click's screenshot right away, before the page reacts to the click. */
  async requestClickScreenshot(eventId: string, point: Point, epochMs: number, sender: EventSender): Promise<{ queued: boolean }> {
    const state = await this.stateForTab(sender.tabId);
    if (!state.recording) return { queued: false };
    const placed =
      sender.frameId === 0
        ? point
        : this.frameLocation(sender.tabId, sender.frameId).then((frame) => (frame ? { x: point.x + frame.offset.x, y: point.y + frame.offset.y } : null));
    this.queue.request({
      sessionId: state.sessionId as string,
      tabId: sender.tabId,
      forEventId: eventId,
      requestedAtEpochMs: epochMs,
      point: placed,
      priority: 'click',
    });
    return { queued: true };
  }

  private frameLocation(tabId: number, frameId: number) {
    return resolveFrameLocation(tabId, frameId, {
      frames: (id) => this.ports.frames(id),
      describeChildren: (id, parent) => this.ports.describeChildFrames(id, parent),
    }).catch(() => null);
  }

  async onNavigationCommitted(details: {
    tabId: number;
    frameId: number;
    url: string;
    transitionType?: string;
    transitionQualifiers?: string[];
  }): Promise<void> {
    if (details.frameId !== 0) return;
    const session = await this.recordingSessionOf(details.tabId);
    if (!session) return;
    const navigationType = navigationTypeOfCommit(details.transitionType, details.transitionQualifiers);
    const event = await this.write(session, {
      kind: 'navigation',
      tabId: details.tabId,
      frameId: 0,
      url: maskUrl(details.url),
      pageTitle: null,
      navigationType,
      transitionType: details.transitionType ?? null,
      qualifiers: details.transitionQualifiers ?? [],
      fromUrl: null,
    });
    this.lastNavigation.set(details.tabId, event.id);
  }

  /** The page finished loading: its screenshot, once painted. */
  async onNavigationCompleted(details: { tabId: number; frameId: number }): Promise<void> {
    if (details.frameId !== 0) return;
    const forEventId = this.lastNavigation.get(details.tabId);
    if (!forEventId) return;
    this.lastNavigation.delete(details.tabId);
    await this.ports.sleep(SETTLE_AFTER_LOAD_MS);
    const session = await this.recordingSessionOf(details.tabId);
    if (!session) return;
    this.queue.request({ sessionId: session.id, tabId: details.tabId, forEventId, requestedAtEpochMs: this.ports.now(), point: null, priority: 'navigation' });
  }

  async onHistoryStateUpdated(details: { tabId: number; frameId: number; url: string; transitionQualifiers?: string[] }, hash = false): Promise<void> {
    if (details.frameId !== 0) return;
    const session = await this.recordingSessionOf(details.tabId);
    if (!session) return;
    const observed = hash ? null : await this.ports.historyChangeKind(details.tabId).catch(() => null);
    const navigationType = hash ? 'hash' : navigationTypeOfHistoryUpdate(details.transitionQualifiers ?? [], observed);
    const tab = await this.ports.getTab(details.tabId);
    const event = await this.write(session, {
      kind: 'navigation',
      tabId: details.tabId,
      frameId: 0,
      url: maskUrl(details.url),
      pageTitle: tab?.title == null ? null : maskSensitiveText(tab.title),
      navigationType,
      transitionType: null,
      qualifiers: details.transitionQualifiers ?? [],
      fromUrl: null,
    });
    await this.ports.sleep(SETTLE_AFTER_HISTORY_MS);
    if (!(await this.recordingSessionOf(details.tabId))) return;
    this.queue.request({
      sessionId: session.id,
      tabId: details.tabId,
      forEventId: event.id,
      requestedAtEpochMs: this.ports.now(),
      point: null,
      priority: 'navigation',
    });
  }

  /** A tab opened from a recorded tab (target=_blank, window.open) joins the session. */
  async onTabOpened(details: { sourceTabId: number; tabId: number; url: string }): Promise<void> {
    const session = await activeSession(this.db);
    if (!session?.tabIds.includes(details.sourceTabId) || session.tabIds.includes(details.tabId)) return;
    await this.db.sessions.update(session.id, { tabIds: [...session.tabIds, details.tabId] });
    await this.write(session, {
      kind: 'tab-opened',
      tabId: details.sourceTabId,
      frameId: null,
      url: null,
      pageTitle: null,
      openerTabId: details.sourceTabId,
      openedTabId: details.tabId,
      targetUrl: details.url ? maskUrl(details.url) : null,
    });
    await this.ports.broadcastState(details.tabId, await this.stateForTab(details.tabId));
  }

  async onTabClosed(tabId: number): Promise<void> {
    const session = await activeSession(this.db);
    if (!session?.tabIds.includes(tabId)) return;
    const remaining = session.tabIds.filter((id) => id !== tabId);
    await this.write(session, { kind: 'tab-closed', tabId, frameId: null, url: null, pageTitle: null, closedTabId: tabId });
    if (remaining.length === 0) {
      await this.db.sessions.update(session.id, { tabIds: [], status: 'interrupted' });
      await this.write(session, { kind: 'interrupted', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tab-closed' });
      await this.ports.showStatus('interrupted');
    } else await this.db.sessions.update(session.id, { tabIds: remaining });
  }

  /** Re-applies the badge after a service-worker start (it is not persisted by every browser). */
  async refreshStatus(): Promise<void> {
    const session = await activeSession(this.db);
    if (session) return this.ports.showStatus(session.status);
    const interrupted = await this.db.sessions.where('status').equals('interrupted').count();
    await this.ports.showStatus(interrupted > 0 ? 'interrupted' : null);
  }

  private async recordingSessionOf(tabId: number): Promise<SessionRecord | null> {
    const session = await activeSession(this.db);
    return session && session.status === 'recording' && session.tabIds.includes(tabId) ? session : null;
  }

  private async requireActive(): Promise<SessionRecord> {
    const session = await activeSession(this.db);
    if (!session) throw new ProtocolFailure({ code: 'no-session', message: 'No walk is being recorded' });
    return session;
  }

  private async reload(sessionId: string): Promise<SessionRecord> {
    const session = await this.db.sessions.get(sessionId);
    if (!session) throw new ProtocolFailure({ code: 'no-session', message: `Session ${sessionId} is gone` });
    return session;
  }

  /** Tells the session's tabs (and the badge) the new state. */
  private async announce(sessionId: string, tabIds?: number[]): Promise<void> {
    const session = await this.reload(sessionId);
    const active = session.status === 'recording' || session.status === 'paused';
    await this.ports.showStatus(active ? session.status : null);
    const state: RecorderState = { recording: session.status === 'recording', sessionId: active ? session.id : null, status: active ? session.status : null };
    await Promise.all((tabIds ?? session.tabIds).map((tabId) => this.ports.broadcastState(tabId, state).catch(() => undefined)));
  }

  /** Writes an event the background itself observed, with its own id and the controller's clock. */
  private async write(
    session: SessionRecord,
    fields: DistributiveOmit<EventToCommit, 'id' | 'sessionId' | 't' | 'at' | 'frameUrl'>,
  ): Promise<{ id: string } & CommitResult> {
    const epochMs = this.ports.now();
    const id = this.ports.randomId();
    const event = { ...fields, id, sessionId: session.id, t: sessionTime(epochMs, session.startEpochMs), at: isoAt(epochMs), frameUrl: null } as EventToCommit;
    const result = await commitEvent(this.db, event);
    return { id, ...result };
  }

  private async capture(tabId: number): Promise<CaptureAttempt> {
    const tab = await this.ports.getTab(tabId);
    if (!tab) return { ok: false, reason: 'tab-not-visible' };
    if (!tab.active) return { ok: false, reason: 'tab-not-visible' };
    if (whyUnrecordable(tab.url)) return { ok: false, reason: 'page-not-capturable' };
    try {
      const dataUrl = await this.ports.captureVisibleTab(tab.windowId);
      return { ok: true, dataUrl, capturedAtEpochMs: this.ports.now() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND|rate/i.test(message)) return { ok: false, reason: 'rate-limited' };
      return { ok: false, reason: 'capture-failed' };
    }
  }

  /** Stores one capture and says, with an append-only `screenshot` event per request, which steps it shows. */
  private async deliver(group: CaptureRequest[], attempt: CaptureAttempt): Promise<void> {
    const owner = group[0];
    if (!owner) return;
    const session = await this.db.sessions.get(owner.sessionId);
    if (!session) return;
    let screenshotId: string | null = null;
    let missing = attempt.ok ? null : attempt.reason;
    if (attempt.ok) {
      try {
        const { bytes, mime } = dataUrlToBytes(attempt.dataUrl);
        const size = jpegSize(bytes) ?? { width: 0, height: 0 };
        const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
        screenshotId = this.ports.randomId();
        await this.db.transaction('rw', this.db.screenshots, this.db.sessions, async () => {
          await this.db.screenshots.add({
            id: screenshotId as string,
            sessionId: session.id,
            tabId: owner.tabId,
            t: sessionTime(attempt.capturedAtEpochMs, session.startEpochMs),
            blob,
            mime,
            width: size.width,
            height: size.height,
            bytes: bytes.byteLength,
          });
          const fresh = await this.db.sessions.get(session.id);
          if (fresh)
            await this.db.sessions.update(session.id, {
              screenshotCount: fresh.screenshotCount + 1,
              screenshotBytes: fresh.screenshotBytes + bytes.byteLength,
            });
        });
      } catch (error) {
        screenshotId = null;
        missing = isQuotaError(error) ? 'storage-full' : 'capture-failed';
      }
    }
    let capturedAt = attempt.ok ? attempt.capturedAtEpochMs : this.ports.now();
    let reused = false;
    if (screenshotId) this.recentCapture.set(owner.tabId, { screenshotId, capturedAtEpochMs: capturedAt });
    else if (missing === 'tab-not-visible' && owner.priority === 'click') {
      const recent = this.recentCapture.get(owner.tabId);
      if (recent && owner.requestedAtEpochMs - recent.capturedAtEpochMs <= REUSE_RECENT_CAPTURE_MS) {
        screenshotId = recent.screenshotId;
        capturedAt = recent.capturedAtEpochMs;
        missing = null;
        reused = true;
      }
    }
    for (const [index, request] of group.entries()) {
      const point = await request.point;
      await this.write(session, {
        kind: 'screenshot',
        tabId: request.tabId,
        frameId: null,
        url: null,
        pageTitle: null,
        forEventId: request.forEventId,
        screenshotId,
        missingReason: missing,
        point,
        delayMs: Math.round(capturedAt - request.requestedAtEpochMs),
        shared: screenshotId != null && (reused || index > 0),
      });
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type { CapturedEvent };
