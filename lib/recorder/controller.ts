import Dexie from 'dexie';
import { normalizeSetup } from '../annotations/setup';
import type { NoteKind } from '../annotations/types';
import { isoAt, sessionTime } from '../capture/clock';
import type { CapturedEvent, PageEventDraft, Point, Rect, ScreenshotMissingReason } from '../capture/events';
import { dataUrlToBytes, jpegSize } from '../capture/jpeg-size';
import { maskSensitiveText } from '../capture/masking';
import { whyUnrecordable } from '../capture/recordable';
import { currentLocale } from '../i18n';
import { isLocale } from '../i18n/preference';
import { type NoteClosed, ProtocolFailure, type RecorderState, type RequestOf } from '../messaging/protocol';
import type { OrphanEntry, ShotEntry } from '../page-recorder/outbox-entry';
import { createMasker, isMaskedText } from '../privacy/masker';
import { DEFAULT_MASKING_MODE, isMaskingMode, maskingOf } from '../privacy/masking-mode';
import { isPrivateBoxes } from '../privacy/private-boxes';
import type { ParcoursDatabase } from '../store/db';
import { isQuotaError } from '../store/errors';
import { type CommitResult, commitEvent, type EventToCommit } from '../store/events';
import type { SessionRecord, SessionSetup, TabStreamState } from '../store/records';
import { activeSession, markActiveAsInterrupted } from '../store/sessions';
import { isMaskingDefault, MASKING_DEFAULT, readSetting } from '../store/settings';
import type { ExtensionRestart } from './browser-run';
import { type CaptureAttempt, CaptureQueue, type CaptureRequest } from './capture-queue';
import { resolveFrameLocation } from './frame-path';
import { LOST_SHOT_DETAIL, lostShotFate, lostShotsOf } from './lost-screenshots';
import { duringPause, pauseBegun, pauseEnded } from './pauses';
import type { BrowserPorts, TabInfo } from './ports';
import { HELD_FRAME_REACH_MS, imageBoxes, type PrivacyCheck, PrivacyUnverified, PrivatePixels, stampOf } from './private-pixels';
import { beforeStorageFull, StorageFullPause, type StorageFullRecord } from './storage-full';
import { WalkEchoes } from './walk-echoes';

/** The privacy check of a screenshot that was not taken from a held stream frame (asked when it is captured). */
const NOT_ASKED: PrivacyCheck = { ok: false, detail: 'Not asked', mode: 'strict', collectMs: 0 };

/** Where a page event came from, as the messaging layer reports it. */
export type ScreenshotOutcome = 'stored' | 'missing' | 'not-recording';

/** The `screenshot` event of an event has a derived id: a re-sent request can never store a second one. */
export function screenshotEventId(forEventId: string): string {
  return `${forEventId}:screenshot`;
}

/** A screenshot asked for by a page (see the protocol's `recorder/screenshot`). */
export type ScreenshotRequest = RequestOf<'recorder/screenshot'>;

/** A viewport frame the browser would not give (`reason` as a screenshot event would say it). */
export class ViewportFrameRefused extends Error {
  constructor(
    readonly reason: ScreenshotMissingReason,
    detail?: string,
  ) {
    super(detail ?? reason);
    this.name = 'ViewportFrameRefused';
  }
}

/** How long what a page left without its tab waits for word of that tab (its batch may still be on its way). */
export const ORPHAN_UNPLACED_MS = 60_000;
/** How long the note of a document's tab is kept for what that document may leave behind. */
export const DOCUMENT_OWNER_KEPT_MS = 60 * 60_000;

export interface EventSender {
  tabId: number;
  frameId: number;
  tabTitle: string | null;
  tabUrl: string | null;
  /** The tab that opened the sender's, as the browser gave it with the message. */
  openerTabId?: number;
}

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
  /** What must not be readable in a tab's screenshots, asked of its frames before each one is stored. */
  private readonly privacy: PrivatePixels;
  /** Tabs the recovery from an extension restart put a recorder back in, until their top frame says hello. */
  private readonly recoveredTabs = new Set<number>();
  /** Requests being captured, by event: a re-sent request waits for the same outcome. */
  private readonly inFlight = new Map<string, Promise<ScreenshotOutcome>>();
  private readonly waiters = new Map<string, (outcome: ScreenshotOutcome) => void>();
  /**
   * Screenshots a leaving page said are lost (`lost`) before their event was committed, by event: its batch
   * may reach the handler after the lost message (each waits for its own admission), so the record is written
   * when the event commits (also kept in storage, `keepShotEntry`, for a worker stopped in between).
   */
  private readonly lostAwaitingEvent = new Map<string, ShotEntry>();
  /** The last commit of each frame: the next one waits for it. */
  private readonly perFrame = new Map<string, Promise<unknown>>();
  /** The recovery of events left by a stopped worker; a stop waits for it so nothing lands after the end. */
  private recovery: Promise<unknown> = Promise.resolve();
  private readonly recentCapture = new Map<number, { screenshotId: string; capturedAtEpochMs: number }>();
  /** When each tab last navigated: a capture from before it shows another page. */
  private readonly lastNavigationAt = new Map<number, number>();
  /** What the tester typed, as hashes: masked wherever the site shows it back (kept in storage.session). */
  private readonly echoes: WalkEchoes;
  /** The hashes being added, in the order pages sent them. */
  private echoing: Promise<unknown> = Promise.resolve();
  /** The walk paused because the disk refused a write (kept in storage.session: the database takes no write). */
  private readonly storageFull: StorageFullPause;

  constructor(
    private readonly db: ParcoursDatabase,
    private readonly ports: BrowserPorts,
  ) {
    this.echoes = new WalkEchoes(ports.echoMemory, () => ports.randomId());
    this.storageFull = new StorageFullPause(ports.storageFullMemory, () => ports.now());
    this.privacy = new PrivatePixels(db, {
      frames: (tabId) => ports.frames(tabId),
      privateBoxes: (tabId, frameId, request) => ports.privateBoxes(tabId, frameId, request),
      now: () => ports.now(),
    });
    this.queue = new CaptureQueue({
      capture: (tabId) => this.capture(tabId),
      deliver: (group, attempt) => this.deliver(group, attempt),
      now: () => ports.now(),
      sleep: (ms) => ports.sleep(ms),
    });
  }

  private holds = 0;
  /** Tabs whose stream is being asked for (two pages saying hello at once ask once). */
  private readonly startingStreams = new Set<number>();
  /** Resolves once every screenshot requested so far is stored (tests and export use it). */
  async settleScreenshots(): Promise<void> {
    // Stream captures bypass the queue: every request under way is waited for.
    await Promise.allSettled([...this.inFlight.values()]);
    await this.queue.drain();
  }

  async current(): Promise<SessionRecord | null> {
    return (await activeSession(this.db)) ?? null;
  }

  /**
   * `openerTabId`: the opener the browser named with the message being answered, for a tab closed since (the
   * browser then knows it no more).
   */
  async stateForTab(tabId: number | null, openerTabId?: number): Promise<RecorderState> {
    let session = await activeSession(this.db);
    if (session && tabId != null && !session.tabIds.includes(tabId)) {
      // A tab opened from the walk whose creation the worker missed (stopped at the time) joins here.
      const tab = await this.ports.getTab(tabId);
      const opener = tab?.openerTabId ?? openerTabId ?? null;
      if (opener != null && session.tabIds.includes(opener)) {
        await this.joinTab(session, opener, tabId, tab?.url ?? null);
        // Closed already (its last page's message outlived it): it leaves the walk at once, its events kept.
        if (!tab) await this.onTabClosed(tabId);
        session = await activeSession(this.db);
      }
    }
    if (!session || tabId == null || !session.tabIds.includes(tabId)) return { recording: false, sessionId: null, status: null, masking: null };
    if (await this.storageFull.of(session.id))
      return { recording: false, sessionId: session.id, status: 'paused', masking: maskingOf(session), storageFull: true };
    return { recording: session.status === 'recording', sessionId: session.id, status: session.status, masking: maskingOf(session) };
  }

  /**
   * A frame's content script starts. The top frame of a tab that joined the walk (opened from it) is asked for
   * a stream once its page is there to size it: Chrome allows it only where the tester acted, so the answer is
   * usually the browser's refusal, kept to say why that tab's screenshots come from captureVisibleTab.
   */
  async hello(tabId: number | null, top: boolean, documentSince?: number, openerTabId?: number): Promise<RecorderState> {
    const state = await this.stateForTab(tabId, openerTabId);
    // Asked only of a recorder the restart's recovery put back into a page (a page's own recorder is the first
    // of its document): the first hello of the tab's top frame since.
    if (top && tabId != null && state.sessionId && documentSince != null && this.recoveredTabs.delete(tabId)) {
      if (await this.documentRecorded(state.sessionId, tabId, documentSince)) state.documentRecorded = true;
    }
    // A new top document: the tab's earlier pages are gone, with what they left in storage after this worker
    // started (its start's recovery ran before): their events and the screenshots they still waited for.
    if (top && tabId != null && state.sessionId) void this.recoverOutbox().catch(() => 0);
    if (state.sessionId) {
      // The salt the page hashes typed values with, and what was typed on the walk's earlier pages.
      await this.echoes.begin(state.sessionId);
      state.echoes = await this.echoes.state(state.sessionId);
    }
    if (top && tabId != null && state.sessionId && state.recording) {
      const session = await this.db.sessions.get(state.sessionId);
      if (session && !session.tabStreams?.some((stream) => stream.tabId === tabId) && !this.startingStreams.has(tabId)) {
        const tab = await this.ports.getTab(tabId);
        if (tab) {
          this.startingStreams.add(tabId);
          void this.startStream(session.id, tab)
            .catch(() => undefined)
            .finally(() => this.startingStreams.delete(tabId));
        }
      }
    }
    return state;
  }

  /**
   * Whether the walk holds a tab's document already: an arrival of it in the tab's top frame (its page-load, its
   * full-load navigation, or the walk's start on it) at or after its time origin. A later document of the tab
   * would have its own, later origin; so would a new page, whose hello comes before anything of it is recorded.
   */
  private async documentRecorded(sessionId: string, tabId: number, documentSince: number): Promise<boolean> {
    const session = await this.db.sessions.get(sessionId);
    if (!session) return false;
    // The page open at Start: the walk's start stands for its arrival.
    if (documentSince <= session.startEpochMs) return (await this.db.events.where('[sessionId+kind]').equals([sessionId, 'session-start']).first()) != null;
    // A document's arrival is its navigation, dated at the document's own time origin. Nothing else tells it
    // apart: the page before it may still report its load after this one's navigation began.
    const at = sessionTime(documentSince, session.startEpochMs);
    const found = await this.db.events
      .where('[sessionId+kind]')
      .equals([sessionId, 'navigation'])
      .filter((event) => event.tabId === tabId && event.frameId === 0 && !(event.kind === 'navigation' && event.sameDocument) && Math.abs(event.t - at) <= 1)
      .first();
    return found != null;
  }

  async start(tabId: number, setup: SessionSetup): Promise<SessionRecord> {
    const tab = await this.ports.getTab(tabId);
    if (!tab) throw new ProtocolFailure({ code: 'no-tab', message: `Tab ${tabId} is gone` });
    const reason = whyUnrecordable(tab.url);
    if (reason) throw new ProtocolFailure({ code: 'unrecordable', reason, message: `This page cannot be recorded: ${tab.url ?? 'unknown'}` });
    const existing = await activeSession(this.db);
    if (existing) throw new ProtocolFailure({ code: 'already-recording', message: `Already recording "${existing.title}"` });
    // A storage-full pause of a walk no longer active (cut by a closed tab) is over.
    if (await this.storageFull.of()) await this.storageFull.clear();
    const startEpochMs = this.ports.now();
    const masking = isMaskingMode(setup.masking) ? setup.masking : await readSetting(this.db, MASKING_DEFAULT, DEFAULT_MASKING_MODE, isMaskingDefault);
    const masker = createMasker(masking);
    // Named after its page when the tester gave no title: the page's title as the walk's mode masks it.
    const tabTitle = masker.pageText(tab.title ?? '');
    // The walk's language: the popup's (what the tester read its stages in), else the background's own.
    const language = isLocale(setup.language) ? setup.language : currentLocale();
    const walkSetup = normalizeSetup(setup, (isMaskedText(tabTitle) ? '' : tabTitle) || 'Untitled walk', language);
    const session: SessionRecord = {
      id: this.ports.randomId(),
      ...walkSetup,
      checklist: setup.checklist ?? null,
      masking,
      language,
      currentStageId: walkSetup.stages[0]?.id ?? null,
      selectedEventId: null,
      completedAt: null,
      status: 'recording',
      startedAt: isoAt(startEpochMs),
      startEpochMs,
      endedAt: null,
      startUrl: masker.url(tab.url ?? ''),
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
    await this.echoes.begin(session.id);
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
    // Asked now, while the tester's press on Start lets the extension capture this tab (the badge and the
    // page are told first: a click meanwhile is captured with captureVisibleTab).
    await this.startStream(session.id, tab);
    void this.requestScreenshot(
      { eventId: startEvent.id, point: null, epochMs: this.ports.now(), priority: 'navigation' },
      { tabId, frameId: 0, tabTitle: tab.title, tabUrl: tab.url },
    );
    return this.reload(session.id);
  }

  /** Starts a tab's video stream and notes whether its screenshots will come from it, and why not. */
  private async startStream(sessionId: string, tab: TabInfo): Promise<void> {
    const started = await this.ports
      .startTabStream(tab.id, { width: tab.width ?? 1280, height: tab.height ?? 800 })
      .catch((error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }));
    const state: TabStreamState = { tabId: tab.id, streaming: started.ok, reason: started.ok ? null : maskSensitiveText(started.reason) };
    await this.db.transaction('rw', this.db.sessions, async () => {
      const fresh = await this.db.sessions.get(sessionId);
      if (fresh) await this.db.sessions.update(sessionId, { tabStreams: [...(fresh.tabStreams ?? []).filter((s) => s.tabId !== tab.id), state] });
    });
  }

  /** Lets go of the streams of a walk's tabs (the walk ended). */
  private async stopStreams(session: SessionRecord): Promise<void> {
    await Promise.all((session.tabStreams ?? []).filter((s) => s.streaming).map((s) => this.ports.stopTabStream(s.tabId).catch(() => undefined)));
  }

  async pause(): Promise<SessionRecord> {
    const session = await this.requireActive();
    if (session.status !== 'recording' || (await this.storageFull.of(session.id)))
      throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorWalkChanged', message: 'The session is not recording' });
    await this.db.sessions.update(session.id, { status: 'paused', pauses: pauseBegun(session.pauses, this.ports.now()) });
    await this.write(session, { kind: 'pause', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tester' });
    await this.announce(session.id);
    return this.reload(session.id);
  }

  async resume(): Promise<SessionRecord> {
    const session = await this.requireActive();
    const full = await this.storageFull.of(session.id);
    if (full) {
      // The Resume is the probe: the pause's records are the first write asked of the disk; if it still
      // refuses, the walk stays paused and the tester is told the disk is still full.
      await this.endStorageFull(session, full, true);
      await this.announce(session.id);
      // What pages that went away kept in extension storage meanwhile.
      void this.recoverOutbox().catch(() => undefined);
      return this.reload(session.id);
    }
    if (session.status !== 'paused') throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorWalkChanged', message: 'The session is not paused' });
    await this.db.sessions.update(session.id, { status: 'recording', pauses: pauseEnded(session.pauses, this.ports.now()) });
    await this.write(session, { kind: 'resume', tabId: null, frameId: null, url: null, pageTitle: null, afterInterruption: false });
    await this.announce(session.id);
    return this.reload(session.id);
  }

  async stop(): Promise<SessionRecord> {
    // What pages left in storage belongs to the walk: committed before it ends (a worker alive since those
    // copies were written would otherwise commit them only at its next start, after the stop).
    await this.recovery.catch(() => undefined);
    await this.recoverOutbox().catch(() => 0);
    const session = await this.requireActive();
    await this.settleScreenshots();
    const full = await this.storageFull.of(session.id);
    // A walk stopped while the disk is full ends with its pause written, or not at all (the disk refuses).
    if (full) await this.endStorageFull(session, full, false);
    await this.write(session, { kind: 'session-stop', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tester' });
    await this.db.sessions.update(session.id, { status: 'ended', endedAt: isoAt(this.ports.now()) });
    await this.announce(session.id, session.tabIds);
    await this.stopStreams(await this.reload(session.id));
    return this.reload(session.id);
  }

  /** Picks an interrupted session up again in a tab of the tester's choosing. */
  async continueInterrupted(sessionId: string, tabId: number): Promise<SessionRecord> {
    const session = await this.db.sessions.get(sessionId);
    if (session?.status !== 'interrupted')
      throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorWalkChanged', message: 'Only an interrupted session can be continued' });
    const active = await activeSession(this.db);
    if (active) throw new ProtocolFailure({ code: 'already-recording', message: `Already recording "${active.title}"` });
    const tab = await this.ports.getTab(tabId);
    const reason = whyUnrecordable(tab?.url);
    if (!tab || reason) throw new ProtocolFailure({ code: 'unrecordable', reason: reason ?? 'unrecordableUnknown', message: 'This page cannot be recorded' });
    await this.db.sessions.update(session.id, { status: 'recording', tabIds: [tabId] });
    await this.echoes.begin(session.id);
    const resumed = await this.write(session, {
      kind: 'resume',
      tabId,
      frameId: 0,
      url: tab.url ?? '',
      pageTitle: tab.title,
      afterInterruption: true,
    });
    await this.ports.ensureContentScript(tabId).catch(() => undefined);
    await this.announce(session.id);
    await this.startStream(session.id, tab);
    void this.requestScreenshot(
      { eventId: resumed.id, point: null, epochMs: this.ports.now(), priority: 'navigation' },
      { tabId, frameId: 0, tabTitle: tab.title, tabUrl: tab.url },
    );
    return this.reload(session.id);
  }

  async finishInterrupted(sessionId: string): Promise<SessionRecord> {
    const session = await this.db.sessions.get(sessionId);
    if (session?.status !== 'interrupted')
      throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorWalkChanged', message: 'Only an interrupted session can be finished' });
    await this.write(session, { kind: 'session-stop', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'finished-after-interruption' });
    await this.db.sessions.update(session.id, { status: 'ended', endedAt: isoAt(this.ports.now()) });
    await this.ports.showStatus(null);
    return this.reload(session.id);
  }

  /** The browser started again: whatever was recording when it went away is interrupted. */
  async onBrowserStartup(): Promise<void> {
    const cut = await markActiveAsInterrupted(this.db);
    for (const session of cut) {
      // Dated when the walk was last seen alive (its latest event), not at this start: the time the browser
      // was away is no time spent on the step before (the map leaves it out, as a pause, up to the resume).
      const last = await this.db.events.where('[sessionId+seq]').between([session.id, 0], [session.id, Number.MAX_SAFE_INTEGER], true, true).last();
      const cutAt = last ? Math.min(this.ports.now(), session.startEpochMs + last.t) : this.ports.now();
      await this.write(session, { kind: 'interrupted', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'browser-closed' }, undefined, cutAt);
    }
    // Called twice on some starts (onStartup and the first worker of a browser run): the badge follows the
    // database, not this call's findings.
    await this.refreshStatus();
  }

  /**
   * The extension was reloaded or updated under a walk (lib/recorder/browser-run.ts). Its pages kept working, but
   * their recorders were cut off (Chrome orphans them; they take themselves out, entrypoints/content.ts) and the
   * tab streams went with the old offscreen document. The walk goes on: the recorder is registered again and put
   * back into the walk's tabs, and an `extension-restarted` event says from when to when nothing was recorded.
   * Idempotent (a worker stopped in the middle does it again): the injection asks first, the event has a fixed id.
   */
  async onExtensionRestarted(restart: ExtensionRestart): Promise<void> {
    const session = await activeSession(this.db);
    if (!session) return this.refreshStatus();
    // The streams played in the old extension's document: none is playing now (a page saying hello asks again).
    await this.db.sessions.update(session.id, { tabStreams: [] });
    await this.ports.showStatus(session.status);
    await this.reconcileTabs();
    const walk = await activeSession(this.db);
    if (walk?.id !== session.id) return;
    // Read before the recorders are back: what they send from now on is after the gap.
    const last = await this.db.events.where('[sessionId+seq]').between([walk.id, Dexie.minKey], [walk.id, Dexie.maxKey]).last();
    let tabsBack = 0;
    for (const tabId of walk.tabIds) {
      this.recoveredTabs.add(tabId);
      const back = await this.ports.ensureContentScript(tabId).then(
        () => true,
        () => false,
      );
      if (back) tabsBack++;
    }
    const fromT = sessionTime(restart.startedAtEpochMs, walk.startEpochMs);
    await this.write(
      walk,
      {
        kind: 'extension-restarted',
        tabId: null,
        frameId: null,
        url: null,
        pageTitle: null,
        reason: restart.reason,
        version: restart.version,
        previousVersion: restart.previousVersion,
        fromT,
        toT: Math.max(fromT, sessionTime(this.ports.now(), walk.startEpochMs)),
        lastRecordedT: last?.t ?? null,
        tabsBack,
        tabsMissed: walk.tabIds.length - tabsBack,
      },
      `${walk.id}:extension-restarted:${restart.startedAtEpochMs}`,
    );
  }

  /**
   * Commits an event sent by a content script. Idempotent: a re-sent event is acknowledged, not stored twice.
   * Events of one frame are committed one after the other, in the order they arrived (the order they happened).
   */
  /**
   * Safety copies of a batch from a page that keeps none (it does not know its tab yet: a page leaving before
   * its hello was answered), written before the batch is committed: a worker stopped meanwhile leaves them to
   * the next one, as a page's own copies. Each is removed once its event is committed, as theirs are.
   */
  async keepCopies(events: readonly PageEventDraft[], sender: EventSender): Promise<void> {
    if (events.length === 0) return;
    const state = await this.stateForTab(sender.tabId, sender.openerTabId);
    // A tab that joined as it closed is out of the walk again, but its events before the close are the walk's.
    const session = state.sessionId ? null : await activeSession(this.db);
    const closedSince = session != null && (await this.closedAfter(session, sender.tabId, Math.min(...events.map((event) => event.epochMs))));
    const sessionId = state.sessionId ?? (closedSince ? session?.id : null);
    if (!sessionId) return;
    await this.ports.keepOutboxEntries(events.map((event) => ({ event, sessionId, tabId: sender.tabId, frameId: sender.frameId }))).catch(() => undefined);
  }

  recordPageEvent(draft: PageEventDraft, sender: EventSender, recoveredFor?: SessionRecord): Promise<CommitResult | { dropped: 'not-recording' }> {
    const key = `${sender.tabId}:${sender.frameId}`;
    const previous = this.perFrame.get(key) ?? Promise.resolve();
    const commit = async () => {
      const result = await this.commitPageEvent(draft, sender, recoveredFor);
      // Committed (or refused for good): the page's safety copy is no longer needed.
      await this.ports.forgetOutboxEntry(draft.id).catch(() => undefined);
      await this.settleLostAwaiting(draft.id);
      return result;
    };
    const next = previous.then(commit, commit);
    const tail = next.catch(() => undefined);
    this.perFrame.set(key, tail);
    void tail.then(() => {
      if (this.perFrame.get(key) === tail) this.perFrame.delete(key);
    });
    return next;
  }

  /**
   * Whether a tab left the walk by closing after `epochMs`: an event it sent before (a click that left its
   * page, delivered late by a worker started again) is the walk's, not refused with its safety copy forgotten.
   */
  private async closedAfter(session: SessionRecord, tabId: number, epochMs: number): Promise<boolean> {
    const closed = await this.db.events.get(`${session.id}:tab-closed:${tabId}`);
    return closed != null && session.startEpochMs + closed.t >= epochMs;
  }

  private async commitPageEvent(
    draft: PageEventDraft,
    sender: EventSender,
    recoveredFor?: SessionRecord,
  ): Promise<CommitResult | { dropped: 'not-recording' }> {
    // A recovered event belongs to the session it was sent to, whatever that session's state is now.
    const session = recoveredFor ?? (await activeSession(this.db));
    if (!session) {
      const already = await this.db.events.get(draft.id);
      return already ? { seq: already.seq, duplicate: true } : { dropped: 'not-recording' };
    }
    // Done while paused, arriving after Resume (or recovered from a page's outbox): not the walk's.
    const ofTheWalk = session.tabIds.includes(sender.tabId) || (await this.closedAfter(session, sender.tabId, draft.epochMs));
    if ((!recoveredFor && (!ofTheWalk || session.status !== 'recording')) || duringPause(session, draft.epochMs)) {
      const already = await this.db.events.get(draft.id);
      return already ? { seq: already.seq, duplicate: true } : { dropped: 'not-recording' };
    }
    const full = await this.storageFull.of(session.id);
    if (full) {
      const already = await this.db.events.get(draft.id);
      if (already) return { seq: already.seq, duplicate: true };
      // A moment of the pause: not the walk's, like any pause's, but counted on the resume as lost.
      if (!beforeStorageFull(full, draft.epochMs)) {
        await this.storageFull.lost(session.id);
        return { dropped: 'not-recording' };
      }
      // A moment before it: the page keeps the event (its outbox re-sends it) until the disk takes it.
      throw new ProtocolFailure({ code: 'storage-full', message: 'The disk is full: the walk is paused until space is freed and it is resumed' });
    }
    try {
      return await this.commitOfPage(draft, sender, session);
    } catch (error) {
      await this.writeRefused(session, error);
      throw error;
    }
  }

  private async commitOfPage(draft: PageEventDraft, sender: EventSender, session: SessionRecord): Promise<CommitResult> {
    if (draft.kind === 'navigation' && sender.frameId === 0) {
      this.lastNavigationAt.set(sender.tabId, Math.max(this.lastNavigationAt.get(sender.tabId) ?? 0, draft.epochMs));
    }
    const { epochMs, frameUrl, ...payload } = draft;
    // Addresses and the tab's title as the browser gives them: commitEvent masks every string of the event.
    const event = {
      ...payload,
      sessionId: session.id,
      t: sessionTime(epochMs, session.startEpochMs),
      at: isoAt(epochMs),
      tabId: sender.tabId,
      frameId: sender.frameId,
      url: sender.frameId === 0 ? frameUrl : (sender.tabUrl ?? ''),
      frameUrl: sender.frameId === 0 ? null : frameUrl,
      pageTitle: sender.tabTitle,
    } as EventToCommit;
    if (event.kind === 'click' && sender.frameId !== 0) {
      event.frame = await this.frameLocation(sender.tabId, sender.frameId);
    }
    if (event.kind === 'page-load' && sender.frameId === 0 && session.viewport == null) {
      await this.db.sessions.update(session.id, { viewport: event.viewport });
    }
    if (event.kind === 'page-load' && sender.frameId === 0) {
      // A page of another size (a resized window, another zoom) would come letterboxed in the stream's frames.
      const { width, height, deviceScaleFactor } = event.viewport;
      void this.ports.resizeTabStream(sender.tabId, { width: width * deviceScaleFactor, height: height * deviceScaleFactor }).catch(() => undefined);
    }
    // Hashes that arrived before this event are in the set before it is masked.
    await this.echoing;
    return commitEvent(this.db, event, undefined, await this.echoes.matcher(session.id));
  }

  /**
   * Adds the hashes of values typed in a tab of the walk (recording or paused: a value typed during a pause
   * is masked once the walk goes on); how many were new.
   */
  addEchoes(tabId: number, hashes: readonly unknown[]): Promise<number> {
    // Chained at once, before any wait: an event the page sent after these hashes is masked with them.
    const added = this.echoing.then(async () => {
      const session = await activeSession(this.db);
      if (!session?.tabIds.includes(tabId)) return 0;
      await this.echoes.begin(session.id);
      return this.echoes.add(session.id, hashes);
    });
    this.echoing = added.catch(() => 0);
    return added;
  }

  /** The walk's echoes, for other writers of its events (full-page screenshots). */
  echoesOf(sessionId: string) {
    return this.echoes.matcher(sessionId);
  }

  /**
   * Queues the screenshot of an event (a click at pointer-down, a navigation once settled) and answers when
   * it is stored or known to be missing. Idempotent: a re-sent request joins the pending one, or learns the
   * outcome already stored.
   */
  requestScreenshot(request: ScreenshotRequest, sender: EventSender): Promise<ScreenshotOutcome> {
    const pending = this.inFlight.get(request.eventId);
    if (pending) return pending;
    if (request.lost) return this.lostRequest(request, sender);
    // The stream's frames of the moment are pinned first, before anything else can delay them.
    const holdId = `${request.eventId}:hold-${++this.holds}`;
    const held = this.ports.holdStreamFrame(sender.tabId, holdId, request.epochMs, request.changedAtEpochMs ?? null).catch(() => false);
    // What must not be readable, asked of the page at once: the layout of the moment the held frames show, with
    // what the pressed frame found itself at the press (before the page reacted to it).
    // Only for a frame held (a tab without a stream is captured later, and its page asked then).
    const early = isPrivateBoxes(request.boxes) ? { frameId: sender.frameId, boxes: request.boxes } : undefined;
    const privacy = held.then((streaming) =>
      streaming ? this.privacy.check(sender.tabId, { early, sinceEpochMs: request.epochMs - HELD_FRAME_REACH_MS }) : NOT_ASKED,
    );
    // Registered before the first await, so a request re-sent meanwhile joins this one instead of queueing twice.
    const outcome = this.queueScreenshot(request, sender, held, holdId, privacy);
    this.inFlight.set(request.eventId, outcome);
    const forget = () => {
      if (this.inFlight.get(request.eventId) === outcome) this.inFlight.delete(request.eventId);
    };
    outcome.then(forget, forget);
    return outcome;
  }

  private async queueScreenshot(
    request: ScreenshotRequest,
    sender: EventSender,
    held: Promise<boolean>,
    holdId: string,
    privacy: Promise<PrivacyCheck>,
  ): Promise<ScreenshotOutcome> {
    const stored = await this.db.events.get(screenshotEventId(request.eventId));
    if (stored?.kind === 'screenshot') return stored.screenshotId ? 'stored' : 'missing';
    const state = await this.stateForTab(sender.tabId);
    // The step of a moment before a storage-full pause keeps its reason: an image taken now would show a later one.
    const cut = state.sessionId ? await this.cutByStorageFull(state.sessionId, request, sender) : false;
    if (cut) return 'missing';
    if (!state.recording || !state.sessionId) return 'not-recording';
    // Asked for a moment of a pause (a request re-sent after Resume): no image of it is stored.
    const session = await this.db.sessions.get(state.sessionId);
    if (session && duringPause(session, request.epochMs)) return 'not-recording';
    const point = request.point;
    const placed =
      point == null || sender.frameId === 0
        ? point
        : this.frameLocation(sender.tabId, sender.frameId).then((frame) => (frame ? { x: point.x + frame.offset.x, y: point.y + frame.offset.y } : null));
    const outcome = new Promise<ScreenshotOutcome>((resolve) => this.waiters.set(request.eventId, resolve));
    const capture: CaptureRequest = {
      sessionId: state.sessionId,
      tabId: sender.tabId,
      forEventId: request.eventId,
      requestedAtEpochMs: request.epochMs,
      point: placed,
      priority: request.priority,
    };
    // A tab with a stream needs no queue: any number of frames a second, each of its own moment.
    const attempt = (await held) ? await this.captureFromStream(sender.tabId, holdId, privacy) : null;
    if (attempt) await this.deliver([capture], attempt);
    else this.queue.request(capture);
    return outcome;
  }

  /**
   * Whether a screenshot request comes from before a storage-full pause, still on or already over: its step
   * says `storage-full` (kept until the disk takes it, or written now), never shows an image of a later moment.
   */
  private async cutByStorageFull(sessionId: string, request: ScreenshotRequest, sender: EventSender): Promise<boolean> {
    const session = await this.db.sessions.get(sessionId);
    if (!session) return false;
    const full = await this.storageFull.of(sessionId);
    const capture = {
      sessionId,
      tabId: sender.tabId,
      forEventId: request.eventId,
      requestedAtEpochMs: request.epochMs,
      point: null,
      priority: request.priority,
    };
    if (full) {
      // Sent again while the disk is full: its event is kept already.
      if (full.unwritten.some((event) => event.id === screenshotEventId(request.eventId))) return true;
      if (!beforeStorageFull(full, request.epochMs)) return false;
      await this.keepUnwritten(session, capture, request.point, 'The disk was full');
      return true;
    }
    const now = this.ports.now();
    const past = (session.pauses ?? []).some(
      (span) => span.reason === 'storage-full' && request.epochMs < span.fromEpochMs && span.toEpochMs != null && span.toEpochMs <= now,
    );
    if (!past) return false;
    await this.write(session, keptScreenshotFields(capture, request.point, 'The disk was full', session), screenshotEventId(request.eventId));
    return true;
  }

  /**
   * The held moment of a tab's stream, without the overlay, its private parts covered before it is encoded;
   * null when the stream lost it, or the page could not say in time what to hide in it (the queue then tries,
   * asking the page again).
   */
  private async captureFromStream(tabId: number, holdId: string, privacy: Promise<PrivacyCheck>): Promise<CaptureAttempt | null> {
    // The time the screenshot waits for the check: past the overlay stepping aside, which it waits for anyway.
    let hiddenAt = 0;
    let checkedAt = 0;
    const [cover, check] = await Promise.all([
      this.ports
        .hideOverlay(tabId)
        .catch(() => null)
        .finally(() => {
          hiddenAt = this.ports.now();
        }),
      privacy.finally(() => {
        checkedAt = this.ports.now();
      }),
    ]);
    try {
      if (!check.ok) return null;
      let boxes = 0;
      const shot = await this.ports.composeStreamFrame(tabId, holdId, cover, (width, height) => {
        const rects = imageBoxes(check, width, height);
        boxes = rects.length;
        return rects;
      });
      if (!shot) return null;
      return {
        ok: true,
        source: 'tab-stream',
        blob: shot.blob,
        width: shot.width,
        height: shot.height,
        privacy: stampOf(check, boxes, shot.obscureMs, Math.max(0, checkedAt - hiddenAt)),
        capturedAtEpochMs: shot.frameEpochMs,
        delayMs: shot.delayMs,
      };
    } catch {
      // A frame that is not the page as measured (PrivacyUnverified), a lost one: the queue takes it again.
      return null;
    } finally {
      if (cover) void this.ports.showOverlay(tabId);
    }
  }

  private frameLocation(tabId: number, frameId: number) {
    return resolveFrameLocation(tabId, frameId, {
      frames: (id) => this.ports.frames(id),
      describeChildren: (id, parent) => this.ports.describeChildFrames(id, parent),
    }).catch(() => null);
  }

  /** A tab opened from a recorded tab (target=_blank, window.open) joins the session. */
  async onTabOpened(details: { sourceTabId: number; tabId: number; url: string }): Promise<void> {
    const session = await activeSession(this.db);
    if (!session?.tabIds.includes(details.sourceTabId) || session.tabIds.includes(details.tabId)) return;
    await this.joinTab(session, details.sourceTabId, details.tabId, details.url);
    await this.ports.broadcastState(details.tabId, { ...(await this.stateForTab(details.tabId)), joined: true });
  }

  private async joinTab(session: SessionRecord, openerTabId: number, tabId: number, url: string | null): Promise<void> {
    // One transaction: a worker stopped in between must not leave the tab in the walk without its event
    // (neither way of joining would write it again, the tab being in the walk already).
    await this.db.transaction('rw', this.db.sessions, this.db.events, async () => {
      const fresh = await this.db.sessions.get(session.id);
      if (fresh && !fresh.tabIds.includes(tabId)) await this.db.sessions.update(session.id, { tabIds: [...fresh.tabIds, tabId] });
      await this.write(
        session,
        {
          kind: 'tab-opened',
          tabId: openerTabId,
          frameId: null,
          url: null,
          pageTitle: null,
          openerTabId,
          openedTabId: tabId,
          targetUrl: url || null,
        },
        `${session.id}:tab-opened:${tabId}`,
      );
    });
  }

  async onTabClosed(tabId: number): Promise<void> {
    const session = await activeSession(this.db);
    if (!session?.tabIds.includes(tabId)) return;
    const remaining = session.tabIds.filter((id) => id !== tabId);
    // One transaction, and an id of its own: a worker stopped in between leaves the tab in the walk, and the
    // next worker (reconcileTabs) writes its close, never twice; a browser closing right now must not leave an
    // interrupted session without its event.
    await this.db.transaction('rw', this.db.sessions, this.db.events, async () => {
      await this.write(
        session,
        { kind: 'tab-closed', tabId, frameId: null, url: null, pageTitle: null, closedTabId: tabId },
        `${session.id}:tab-closed:${tabId}`,
      );
      if (remaining.length === 0) {
        await this.db.sessions.update(session.id, { tabIds: [], status: 'interrupted' });
        await this.write(session, { kind: 'interrupted', tabId: null, frameId: null, url: null, pageTitle: null, reason: 'tab-closed' });
      } else await this.db.sessions.update(session.id, { tabIds: remaining });
    });
    if (remaining.length === 0) await this.ports.showStatus('interrupted');
    // Its pages are gone, with what they still waited for.
    await this.settleLostScreenshots(tabId).catch(() => 0);
  }

  /**
   * Tabs of the walk that closed while no worker ran, or while one was stopped before it wrote the close: the
   * browser tells of a closed tab once. Runs at every worker start of a browser run.
   */
  async reconcileTabs(): Promise<void> {
    const session = await activeSession(this.db);
    for (const tabId of session?.tabIds ?? []) {
      if (!(await this.ports.getTab(tabId))) await this.onTabClosed(tabId);
    }
  }

  /**
   * Commits what pages sent but a stopped worker never committed (the page may be gone since). Runs at
   * every worker start; idempotent, like every commit.
   */
  recoverOutbox(): Promise<number> {
    const recovery = this.recover();
    this.recovery = recovery;
    return recovery;
  }

  private async recover(): Promise<number> {
    const entries = await this.ports.outboxEntries();
    entries.sort((a, b) => a.event.epochMs - b.event.epochMs);
    let recovered = 0;
    for (const entry of entries) {
      const session = await this.db.sessions.get(entry.sessionId);
      if (!session) {
        await this.ports.forgetOutboxEntry(entry.event.id).catch(() => undefined);
        continue;
      }
      const tab = await this.ports.getTab(entry.tabId);
      const sender = { tabId: entry.tabId, frameId: entry.frameId, tabTitle: tab?.title ?? null, tabUrl: tab?.url ?? null };
      const result = await this.recordPageEvent(entry.event, sender, session).catch(() => null);
      if (result && 'seq' in result && !result.duplicate) recovered++;
    }
    recovered += await this.placeOrphans().catch(() => 0);
    // After the events: a click recovered just now gets its record too.
    await this.settleLostScreenshots().catch(() => 0);
    return recovered;
  }

  /**
   * Notes the tab and frame a document's message came from, before anything else is awaited: a worker stopped
   * while it handles the message leaves the note, by which the next one places what that page leaves behind.
   */
  noteDocumentOwner(documentId: string | undefined, sender: EventSender | null): Promise<void> {
    if (!documentId || !sender) return Promise.resolve();
    const owner = { documentId, tabId: sender.tabId, frameId: sender.frameId, openerTabId: sender.openerTabId ?? null, epochMs: this.ports.now() };
    return this.ports.noteDocumentOwner(owner).catch(() => undefined);
  }

  /**
   * What pages that never learnt their tab left as they were hidden or went away (lib/page-recorder/outbox-entry.ts,
   * OrphanEntry): committed for the tab a message of that document came from, as its batch would have been
   * (idempotent: a batch that did arrive stored them already), its lost screenshots settled. An orphan no
   * worker ever heard a word of cannot be placed: kept a while (its message may still be on its way), then let go.
   */
  private async placeOrphans(): Promise<number> {
    const orphans = await this.ports.orphanEntries();
    const owners = await this.ports.documentOwners();
    const now = this.ports.now();
    const byDocument = new Map(owners.map((owner) => [owner.documentId, owner]));
    let placed = 0;
    for (const orphan of [...orphans].sort((a, b) => a.epochMs - b.epochMs)) {
      const owner = byDocument.get(orphan.documentId);
      if (!owner) {
        if (now - orphan.epochMs > ORPHAN_UNPLACED_MS) await this.ports.forgetOrphanEntry(orphan.documentId);
        continue;
      }
      placed += await this.placeOrphan(orphan, {
        tabId: owner.tabId,
        frameId: owner.frameId,
        tabTitle: null,
        tabUrl: null,
        openerTabId: owner.openerTabId ?? undefined,
      });
      // The note stays: a page still there leaves a newer copy as it is hidden and again as it goes away.
      await this.ports.forgetOrphanEntry(orphan.documentId);
    }
    // A note of a document is of no more use once it is long gone (what it left is placed or let go by then).
    for (const owner of owners) {
      if (now - owner.epochMs > DOCUMENT_OWNER_KEPT_MS && !orphans.some((orphan) => orphan.documentId === owner.documentId))
        await this.ports.forgetDocumentOwner(owner.documentId);
    }
    return placed;
  }

  private async placeOrphan(orphan: OrphanEntry, sender: EventSender): Promise<number> {
    // A tab opened from the walk whose opening no worker saw joins it (and leaves again if it is closed).
    await this.stateForTab(sender.tabId, sender.openerTabId);
    let placed = 0;
    for (const event of [...orphan.events].sort((a, b) => a.epochMs - b.epochMs)) {
      const result = await this.recordPageEvent(event, sender).catch(() => null);
      if (result && 'seq' in result && !result.duplicate) placed++;
    }
    for (const shot of orphan.shots)
      await this.requestScreenshot({ eventId: shot.eventId, point: null, epochMs: shot.epochMs, priority: 'click', lost: true }, sender).catch(() => undefined);
    return placed;
  }

  /**
   * Settles the screenshot requests pages left behind (of one tab, or all), when this worker does not have
   * them: a request lost with a stopped worker becomes a record saying so (`recorder-restarted`), and the
   * step says why it has no image. Runs at worker start, when a tab's top frame says hello (its earlier
   * pages are gone, with the outbox's recovery), and when a tab closes. How many records it wrote.
   */
  async settleLostScreenshots(tabId?: number): Promise<number> {
    let written = 0;
    for (const entry of lostShotsOf(await this.ports.shotEntries(), tabId)) {
      const fate = await this.settleLostShot(entry);
      if (fate === 'keep') continue;
      if (fate === 'written') written++;
      await this.ports.forgetShotEntry(entry.eventId).catch(() => undefined);
    }
    return written;
  }

  /** One request a page left behind: kept for later, settled already, or recorded now as missing. */
  private async settleLostShot(entry: ShotEntry): Promise<'keep' | 'settled' | 'written'> {
    const session = await this.db.sessions.get(entry.sessionId);
    const fate = lostShotFate({
      inFlight: this.inFlight.has(entry.eventId),
      settled: (await this.db.events.get(screenshotEventId(entry.eventId)))?.kind === 'screenshot',
      sessionExists: session != null,
      eventCommitted: (await this.db.events.get(entry.eventId))?.sessionId === entry.sessionId,
      sessionRecording: session?.status === 'recording' || session?.status === 'paused',
    });
    if (fate === 'keep') return 'keep';
    if (fate === 'missing' && session) {
      const result = await this.write(
        session,
        {
          kind: 'screenshot',
          tabId: entry.tabId,
          frameId: null,
          url: null,
          pageTitle: null,
          forEventId: entry.eventId,
          screenshotId: null,
          missingReason: 'recorder-restarted',
          missingDetail: LOST_SHOT_DETAIL,
          point: null,
          delayMs: null,
          shared: false,
          source: null,
          requestedT: sessionTime(entry.epochMs, session.startEpochMs),
          streamUnavailable: null,
        },
        screenshotEventId(entry.eventId),
      );
      if (!result.duplicate) return 'written';
    }
    return 'settled';
  }

  /**
   * A page going away before it could ask for a screenshot (`lost`): not taken now, it would show another
   * moment. Its event was posted by the same frame just before, but its batch may reach the handler after this
   * message (each waits for its own admission): an event not committed yet while its tab is recorded gets
   * its record when it commits (`settleLostAwaiting`), or at the next settling of left-behind requests.
   */
  private async lostRequest(request: ScreenshotRequest, sender: EventSender): Promise<ScreenshotOutcome> {
    await this.perFrame.get(`${sender.tabId}:${sender.frameId}`);
    const event = await this.db.events.get(request.eventId);
    if (!event) return this.awaitLostEvent(request, sender);
    await this.settleLostShot({ eventId: request.eventId, epochMs: request.epochMs, sessionId: event.sessionId, tabId: sender.tabId, frameId: sender.frameId });
    const stored = await this.db.events.get(screenshotEventId(request.eventId));
    return stored?.kind === 'screenshot' ? (stored.screenshotId ? 'stored' : 'missing') : 'not-recording';
  }

  /** A lost request whose event has not come yet: kept (in memory and in storage) until it does. */
  private async awaitLostEvent(request: ScreenshotRequest, sender: EventSender): Promise<ScreenshotOutcome> {
    const state = await this.stateForTab(sender.tabId);
    if (!state.sessionId || (state.status !== 'recording' && state.status !== 'paused')) return 'not-recording';
    const entry: ShotEntry = { eventId: request.eventId, epochMs: request.epochMs, sessionId: state.sessionId, tabId: sender.tabId, frameId: sender.frameId };
    this.lostAwaitingEvent.set(entry.eventId, entry);
    // A worker stopped before the event commits: settled from the copy at its next start, or the tab's next hello.
    await this.ports.keepShotEntry(entry).catch(() => undefined);
    // Committed meanwhile (its batch was admitted while this one waited): settled now, once.
    if (await this.db.events.get(entry.eventId)) await this.settleLostAwaiting(entry.eventId);
    return 'missing';
  }

  /** The event of a lost request was committed (or refused): its screenshot record is written now. */
  private async settleLostAwaiting(eventId: string): Promise<void> {
    const entry = this.lostAwaitingEvent.get(eventId);
    if (!entry) return;
    this.lostAwaitingEvent.delete(eventId);
    const fate = await this.settleLostShot(entry).catch(() => 'keep' as const);
    if (fate !== 'keep') await this.ports.forgetShotEntry(eventId).catch(() => undefined);
  }

  /**
   * One frame of a tab's visible viewport, without the overlay, as a JPEG Blob: the frame source of full-page
   * captures (lib/recorder/full-page.ts). It waits for a slot of the capture queue like any screenshot, after
   * the clicks, so Chrome's two captures a second are shared, never exceeded. Rejects with ViewportFrameRefused.
   */
  viewportFrame(tabId: number): Promise<Blob> {
    // Not from the tab's stream: its frames are video (4:2:0 colour, edges a little soft; mean difference 3.6
    // against the browser's own rendering at ratio 2, where captureVisibleTab's is 0.9), and a full page is
    // taken off the click path, where fidelity matters more than the second it costs.
    return new Promise((resolve, reject) => {
      this.queue.request({
        // A frame belongs to no step: no session record is written for it.
        sessionId: '',
        tabId,
        forEventId: `frame:${this.ports.randomId()}`,
        requestedAtEpochMs: this.ports.now(),
        point: null,
        priority: 'navigation',
        onFrame: (attempt) => {
          if (!attempt.ok) return reject(new ViewportFrameRefused(attempt.reason, attempt.detail));
          resolve(attempt.blob);
        },
      });
    });
  }

  /**
   * A screenshot of the walk's visible tab as checklist evidence. Null when no tab of the walk is visible
   * (after the walk, or in a background tab) or the capture failed.
   */
  async captureEvidence(sessionId: string): Promise<string | null> {
    const session = await this.db.sessions.get(sessionId);
    if (session?.status !== 'recording') return null;
    for (const tabId of session.tabIds) {
      const tab = await this.ports.getTab(tabId);
      if (!tab?.active) continue;
      const photoId = `evidence:${this.ports.randomId()}`;
      const outcome = await this.requestScreenshot(
        { eventId: photoId, point: null, epochMs: this.ports.now(), priority: 'click' },
        { tabId, frameId: 0, tabTitle: tab.title, tabUrl: tab.url },
      );
      if (outcome !== 'stored') return null;
      const record = await this.db.events.get(screenshotEventId(photoId));
      return record?.kind === 'screenshot' ? record.screenshotId : null;
    }
    return null;
  }

  async openNoteInOverlay(tabId: number, noteKind: NoteKind): Promise<void> {
    if ((await this.stateForTab(tabId)).sessionId) await this.ports.openNoteInOverlay(tabId, noteKind);
  }

  /** The note frame of a tab's overlay is done: its overlay closes it (a tab of the walk only). */
  async closeNoteInOverlay(tabId: number, closed: NoteClosed): Promise<void> {
    if ((await this.stateForTab(tabId)).sessionId) await this.ports.closeNoteInOverlay(tabId, closed);
  }

  /** Tells the pages of the walk's tabs the tester's "always blur" selectors changed. */
  async alwaysBlurChanged(alwaysBlur: Record<string, string[]>): Promise<void> {
    const session = await activeSession(this.db);
    await Promise.all((session?.tabIds ?? []).map((tabId) => this.ports.broadcastAlwaysBlur(tabId, alwaysBlur).catch(() => undefined)));
  }

  /** Tells the overlays of a walk's tabs that what they show changed. */
  async refreshOverlays(sessionId: string): Promise<void> {
    const session = await this.db.sessions.get(sessionId);
    await Promise.all((session?.tabIds ?? []).map((tabId) => this.ports.refreshOverlay(tabId)));
  }

  /** Re-applies the badge after a service-worker start (it is not persisted by every browser). */
  async refreshStatus(): Promise<void> {
    const session = await activeSession(this.db);
    if (session) return this.ports.showStatus((await this.storageFull.of(session.id)) ? 'storage-full' : session.status);
    const interrupted = await this.db.sessions.where('status').equals('interrupted').count();
    await this.ports.showStatus(interrupted > 0 ? 'interrupted' : null);
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
    const full = active && (await this.storageFull.of(session.id)) != null;
    await this.ports.showStatus(full ? 'storage-full' : active ? session.status : null);
    const state: RecorderState = {
      recording: session.status === 'recording' && !full,
      sessionId: active ? session.id : null,
      status: full ? 'paused' : active ? session.status : null,
      masking: active ? maskingOf(session) : null,
      ...(full ? { storageFull: true } : {}),
    };
    await Promise.all((tabIds ?? session.tabIds).map((tabId) => this.ports.broadcastState(tabId, state).catch(() => undefined)));
  }

  /** Writes an event the background itself observed, with its own id, at `epochMs` (now, unless it dates an earlier moment). */
  private async write(session: SessionRecord, fields: BackgroundFields, fixedId?: string, epochMs = this.ports.now()): Promise<{ id: string } & CommitResult> {
    const event = this.eventAt(session, epochMs, fields, fixedId ?? this.ports.randomId());
    const result = await commitEvent(this.db, event, undefined, await this.echoes.matcher(session.id));
    return { id: event.id, ...result };
  }

  /** An event of the background's, as it would be committed at `epochMs`. */
  private eventAt(session: SessionRecord, epochMs: number, fields: BackgroundFields, id: string): EventToCommit {
    return { ...fields, id, sessionId: session.id, t: sessionTime(epochMs, session.startEpochMs), at: isoAt(epochMs), frameUrl: null } as EventToCommit;
  }

  /**
   * A write of the walk failed. When the disk refused it, the walk pauses for storage: pages are told (they
   * stop recording, the overlay says why), the badge reads FULL, and the pause starts once they have been
   * told: what a page recorded before it knew (a click just after the refused write) is the walk's, kept by
   * the page until the disk takes it. Other failures change nothing.
   */
  private async writeRefused(session: SessionRecord, error: unknown): Promise<void> {
    if (!isQuotaError(error)) return;
    if (!(await this.storageFull.begin(session.id, this.ports.now()))) return;
    await this.announce(session.id).catch(() => undefined);
    await this.storageFull.markTold(session.id, this.ports.now());
  }

  /**
   * Writes a storage-full pause into the walk, in one transaction: the events the disk refused before it, the
   * pause at its start, its span closed now and, when the walk goes on, the resume with what was lost. Throws
   * the disk's refusal when it still refuses (the walk stays paused).
   */
  private async endStorageFull(session: SessionRecord, full: StorageFullRecord, resume: boolean): Promise<void> {
    const now = this.ports.now();
    const echoes = await this.echoes.matcher(session.id);
    const base = { tabId: null, frameId: null, url: null, pageTitle: null } as const;
    await this.db.transaction('rw', this.db.sessions, this.db.events, async () => {
      const fresh = await this.db.sessions.get(session.id);
      const span = { fromEpochMs: full.sinceEpochMs, toEpochMs: now, reason: 'storage-full' as const };
      await this.db.sessions.update(session.id, { pauses: [...(fresh?.pauses ?? []), span] });
      for (const event of full.unwritten) await commitEvent(this.db, event, undefined, echoes);
      const pauseId = `${session.id}:storage-full:${full.sinceEpochMs}`;
      await commitEvent(this.db, this.eventAt(session, full.sinceEpochMs, { ...base, kind: 'pause', reason: 'storage-full' }, pauseId), undefined, echoes);
      if (resume)
        await commitEvent(
          this.db,
          this.eventAt(session, now, { ...base, kind: 'resume', afterInterruption: false, lostEvents: full.lostEvents }, `${pauseId}:resume`),
          undefined,
          echoes,
        );
    });
    await this.storageFull.clear();
  }

  /** The screenshot event saying `storage-full` of a request the disk refused, kept until it takes writes again. */
  private async keepUnwritten(
    session: SessionRecord,
    request: CaptureRequest,
    point: Point | null,
    detail: string | null,
    reason: ScreenshotMissingReason = 'storage-full',
  ): Promise<void> {
    const fields = keptScreenshotFields(request, point, detail, session, reason);
    await this.storageFull.keep(this.eventAt(session, this.ports.now(), fields, screenshotEventId(request.forEventId)));
  }

  private async capture(tabId: number): Promise<CaptureAttempt> {
    const tab = await this.ports.getTab(tabId);
    if (!tab) return { ok: false, reason: 'tab-not-visible' };
    if (!tab.active) return { ok: false, reason: 'tab-not-visible' };
    if (whyUnrecordable(tab.url)) return { ok: false, reason: 'page-not-capturable' };
    // Screenshots show the page, not Parcours: the overlay steps aside while the tab is captured.
    const hidden = await this.ports.hideOverlay(tabId).catch(() => false);
    // Waiting for the overlay may have let another tab come to the front (a link opening a new tab).
    if (hidden && !(await this.ports.getTab(tabId))?.active) {
      void this.ports.showOverlay(tabId);
      return { ok: false, reason: 'tab-not-visible' };
    }
    const calledAtEpochMs = this.ports.now();
    // What must not be readable, asked as the browser captures: the layout the image shows.
    const privacy = this.privacy.check(tabId);
    try {
      let dataUrl: string;
      try {
        dataUrl = await this.ports.captureVisibleTab(tab.windowId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND|rate/i.test(message)) return { ok: false, reason: 'rate-limited', detail: message, calledAtEpochMs };
        return { ok: false, reason: 'capture-failed', detail: maskSensitiveText(message).slice(0, 300), calledAtEpochMs };
      }
      const capturedAtEpochMs = this.ports.now();
      const check = await privacy;
      const waitedMs = this.ports.now() - capturedAtEpochMs;
      // The raw image goes no further than this function: covered, or dropped.
      if (!check.ok) return { ok: false, reason: 'private-unverified', detail: check.detail, calledAtEpochMs };
      const { bytes, mime } = dataUrlToBytes(dataUrl);
      const size = jpegSize(bytes) ?? { width: 0, height: 0 };
      let rects: Rect[];
      try {
        rects = imageBoxes(check, size.width, size.height);
      } catch (error) {
        return { ok: false, reason: 'private-unverified', detail: error instanceof PrivacyUnverified ? error.message : String(error), calledAtEpochMs };
      }
      const raw = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
      const drawStarted = this.ports.now();
      const blob = rects.length > 0 ? await this.ports.obscureImage(raw, rects) : raw;
      const stamp = stampOf(check, rects.length, rects.length > 0 ? this.ports.now() - drawStarted : 0, waitedMs);
      return { ok: true, source: 'visible-tab', blob, ...size, privacy: stamp, capturedAtEpochMs, calledAtEpochMs };
    } catch (error) {
      return {
        ok: false,
        reason: 'capture-failed',
        detail: maskSensitiveText(error instanceof Error ? error.message : String(error)).slice(0, 300),
        calledAtEpochMs,
      };
    } finally {
      if (hidden) void this.ports.showOverlay(tabId);
    }
  }

  /** Stores one capture and says, with an append-only `screenshot` event per request, which steps it shows. */
  private async deliver(captured: CaptureRequest[], attempt: CaptureAttempt): Promise<void> {
    // Frames (full-page captures) take the capture as it is; the steps' requests that shared it store it.
    for (const request of captured) request.onFrame?.(attempt);
    const group = captured.filter((request) => !request.onFrame);
    const owner = group[0];
    if (!owner) return;
    const session = await this.db.sessions.get(owner.sessionId);
    if (!session) return;
    // Resolved before the transaction: it must wait on nothing but the database.
    const points = await Promise.all(group.map((request) => request.point));
    const echoes = await this.echoes.matcher(session.id);
    const screenshotId = attempt.ok ? this.ports.randomId() : null;
    const capturedAt = attempt.ok ? attempt.capturedAtEpochMs : this.ports.now();
    // The moment the image shows: a stream frame's own time; the moment the browser was asked for the rest.
    const shownAt = attempt.ok && attempt.source === 'visible-tab' ? (attempt.calledAtEpochMs ?? capturedAt) : capturedAt;
    const streamUnavailable = session.tabStreams?.find((stream) => stream.tabId === owner.tabId && !stream.streaming)?.reason ?? null;
    const eventsOf = (stored: string | null, missing: ScreenshotMissingReason | null, detail: string | null) =>
      group.map((request, index) => {
        const reuse = stored == null && missing === 'tab-not-visible' ? this.reusableCapture(request) : null;
        const source = reuse ? 'visible-tab' : attempt.ok ? attempt.source : null;
        const delayMs =
          attempt.ok && attempt.source === 'tab-stream' && !reuse
            ? attempt.delayMs
            : Math.round((reuse?.capturedAtEpochMs ?? shownAt) - request.requestedAtEpochMs);
        const fields: BackgroundFields = {
          kind: 'screenshot',
          tabId: request.tabId,
          frameId: null,
          url: null,
          pageTitle: null,
          forEventId: request.forEventId,
          screenshotId: reuse?.screenshotId ?? stored,
          missingReason: reuse ? null : missing,
          missingDetail: missing && !reuse ? detail : null,
          point: points[index] ?? null,
          delayMs,
          shared: reuse != null || (stored != null && index > 0),
          source,
          requestedT: sessionTime(request.requestedAtEpochMs, session.startEpochMs),
          streamUnavailable: source === 'visible-tab' ? streamUnavailable : null,
        };
        return this.eventAt(session, this.ports.now(), fields, screenshotEventId(request.forEventId));
      });
    // The image, its count on the session and the screenshot events that point at it commit together: no image
    // without its events, no event pointing at an image that is not there (a full disk refuses all of it).
    const commitAll = (events: EventToCommit[]) =>
      this.db.transaction('rw', this.db.screenshots, this.db.sessions, this.db.events, async () => {
        if (attempt.ok && screenshotId && events.some((event) => event.kind === 'screenshot' && event.screenshotId === screenshotId)) {
          const { blob, width, height, privacy } = attempt;
          await this.db.screenshots.add({
            id: screenshotId,
            sessionId: session.id,
            tabId: owner.tabId,
            t: sessionTime(attempt.capturedAtEpochMs, session.startEpochMs),
            blob,
            mime: blob.type,
            width,
            height,
            bytes: blob.size,
            privacy,
          });
          const fresh = await this.db.sessions.get(session.id);
          if (fresh)
            await this.db.sessions.update(session.id, { screenshotCount: fresh.screenshotCount + 1, screenshotBytes: fresh.screenshotBytes + blob.size });
        }
        for (const event of events) await commitEvent(this.db, event, undefined, echoes);
      });
    let stored = screenshotId;
    let committed = eventsOf(screenshotId, attempt.ok ? null : attempt.reason, attempt.ok ? null : (attempt.detail ?? null));
    try {
      await commitAll(committed);
    } catch (error) {
      if (!attempt.ok) {
        // Nothing but small rows was refused: a full disk pauses the walk and keeps them; anything else is thrown.
        if (!isQuotaError(error)) throw error;
        await this.writeRefused(session, error);
        // The capture's own reason stands: the disk only kept its event from being written at once.
        for (const [index, request] of group.entries())
          await this.keepUnwritten(session, request, points[index] ?? null, attempt.detail ?? null, attempt.reason);
        for (const request of group) this.settle(request.forEventId, 'missing');
        return;
      }
      // The image was refused with its events: the events say why, without it.
      stored = null;
      const missing = isQuotaError(error) ? 'storage-full' : 'capture-failed';
      const detail = error instanceof Error ? error.message : String(error);
      committed = eventsOf(null, missing, detail);
      try {
        await commitAll(committed);
        // The small rows went in, the image did not: the disk is full all the same, and the next steps would
        // go without their images while the tester believes the walk records.
        await this.writeRefused(session, error);
      } catch (again) {
        if (!isQuotaError(again)) throw again;
        await this.writeRefused(session, again);
        for (const [index, request] of group.entries()) await this.keepUnwritten(session, request, points[index] ?? null, detail);
        for (const request of group) this.settle(request.forEventId, 'missing');
        return;
      }
    }
    if (stored) this.recentCapture.set(owner.tabId, { screenshotId: stored, capturedAtEpochMs: shownAt });
    for (const event of committed) {
      if (event.kind === 'screenshot') this.settle(event.forEventId, event.screenshotId ? 'stored' : 'missing');
    }
  }

  /**
   * The capture of a moment before a click, if it still shows what the tester saw: taken at most
   * REUSE_RECENT_CAPTURE_MS before the press, in the same tab, with no navigation since.
   */
  private reusableCapture(request: CaptureRequest): { screenshotId: string; capturedAtEpochMs: number } | null {
    if (request.priority !== 'click') return null;
    const recent = this.recentCapture.get(request.tabId);
    if (!recent || request.requestedAtEpochMs - recent.capturedAtEpochMs > REUSE_RECENT_CAPTURE_MS) return null;
    const navigatedAt = this.lastNavigationAt.get(request.tabId) ?? Number.NEGATIVE_INFINITY;
    return recent.capturedAtEpochMs > navigatedAt ? recent : null;
  }

  private settle(forEventId: string, outcome: ScreenshotOutcome): void {
    this.waiters.get(forEventId)?.(outcome);
    this.waiters.delete(forEventId);
    this.inFlight.delete(forEventId);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type BackgroundFields = DistributiveOmit<EventToCommit, 'id' | 'sessionId' | 't' | 'at' | 'frameUrl'>;

/** The screenshot event of a request whose image the full disk took (or would have taken) from it. */
function keptScreenshotFields(
  request: Pick<CaptureRequest, 'tabId' | 'forEventId' | 'requestedAtEpochMs'>,
  point: Point | null,
  detail: string | null,
  session: SessionRecord,
  reason: ScreenshotMissingReason = 'storage-full',
): BackgroundFields {
  return {
    kind: 'screenshot',
    tabId: request.tabId,
    frameId: null,
    url: null,
    pageTitle: null,
    forEventId: request.forEventId,
    screenshotId: null,
    missingReason: reason,
    missingDetail: detail,
    point,
    delayMs: null,
    shared: false,
    source: null,
    requestedT: sessionTime(request.requestedAtEpochMs, session.startEpochMs),
    streamUnavailable: null,
  };
}

export type { CapturedEvent };
