import type { NoteKind } from '../annotations/types';
import type { Point, Rect } from '../capture/events';
import type { ChildFrameInfo, NoteClosed, RecorderState } from '../messaging/protocol';
import type { DocumentOwner, OrphanEntry, OutboxEntry, ShotEntry } from '../page-recorder/outbox-entry';
import type { PrivateBoxes, PrivateBoxesRequest } from '../privacy/private-boxes';
import type { BrowserInfo, SessionStatus } from '../store/records';
import type { OverlayCover } from '../tab-stream/frames';
import type { FrameNode } from './frame-path';
import type { StorageFullMemory } from './storage-full';
import type { StreamShot, StreamStart } from './tab-streams';
import type { EchoMemory } from './walk-echoes';

export interface TabInfo {
  id: number;
  windowId: number;
  openerTabId: number | null;
  url: string | null;
  title: string | null;
  active: boolean;
  width: number | null;
  height: number | null;
}

/**
 * The browser as the session controller sees it. The background wires it to the real WebExtension APIs;
 * unit tests give it fakes. Keeping this narrow is what lets the controller run in Node.
 */
export interface BrowserPorts {
  getTab(tabId: number): Promise<TabInfo | null>;
  /** `tabs.captureVisibleTab` of a window, as a JPEG data URL. */
  captureVisibleTab(windowId: number): Promise<string>;
  frames(tabId: number): Promise<FrameNode[]>;
  describeChildFrames(tabId: number, frameId: number): Promise<ChildFrameInfo[]>;
  /** Tells every frame of a tab whether to record. Fails quietly for tabs without our content script. */
  broadcastState(tabId: number, state: RecorderState): Promise<void>;
  /** Tells every frame of a tab the tester's "always blur" selectors by site. */
  broadcastAlwaysBlur(tabId: number, alwaysBlur: Record<string, string[]>): Promise<void>;
  /** Registers the page recorder for the pages to come, and injects it into the tab's page already there. */
  ensureContentScript(tabId: number): Promise<void>;
  /**
   * Shows the walk's status (badge, the flag pages read) and keeps the page recorder registered only while a
   * walk records or pauses (docs/permissions.md). Called at every change and at every worker start.
   */
  showStatus(status: SessionStatus | 'storage-full' | null): Promise<void>;
  /**
   * Starts the tab's video stream (Chrome's tabCapture: allowed once the tester acted on the tab, as pressing
   * Start does); the browser's reason when it cannot.
   */
  startTabStream(tabId: number, size: { width: number; height: number }): Promise<StreamStart>;
  stopTabStream(tabId: number): Promise<void>;
  /** Frames of the tab's stream in the page's new size (CSS pixels × device pixel ratio) from now on. */
  resizeTabStream(tabId: number, size: { width: number; height: number }): Promise<void>;
  /** Pins the stream's frames that may show a moment (the page last changed at `changedAtEpochMs`); false when the tab has no stream. */
  holdStreamFrame(tabId: number, requestId: string, atEpochMs: number, changedAtEpochMs: number | null): Promise<boolean>;
  /**
   * The held moment as a JPEG, the overlay's box filled from a frame painted without it, and `hide`'s boxes (in
   * the frame's pixels) covered before it is encoded; null if lost. Rejects with what `hide` throws.
   */
  composeStreamFrame(tabId: number, requestId: string, cover: OverlayCover | null, hide: (width: number, height: number) => Rect[]): Promise<StreamShot | null>;
  /** A frame's answer to `tab/private-boxes`; null when it gave none in time (PRIVATE_BOXES_TIMEOUT_MS). */
  privateBoxes(tabId: number, frameId: number, request: PrivateBoxesRequest): Promise<PrivateBoxes | null>;
  /** The image with the boxes (image pixels) covered, as a JPEG (lib/recorder/obscure-canvas.ts). */
  obscureImage(image: Blob, rects: readonly Rect[]): Promise<Blob>;
  /** Hides the in-page overlay of a tab before a screenshot; where it was once the page was painted without it. */
  hideOverlay(tabId: number): Promise<OverlayCover | null>;
  showOverlay(tabId: number): Promise<void>;
  refreshOverlay(tabId: number): Promise<void>;
  openNoteInOverlay(tabId: number, noteKind: NoteKind): Promise<void>;
  /** Tells the top frame's overlay that its note frame is done. */
  closeNoteInOverlay(tabId: number, closed: NoteClosed): Promise<void>;
  /** Where the walk's echoes outlive a stopped worker, in memory only (`storage.session`). */
  echoMemory: EchoMemory;
  /** Where a walk paused for a full disk says so (lib/recorder/storage-full.ts), in memory only (`storage.session`). */
  storageFullMemory: StorageFullMemory;
  /** Events pages left in extension storage, and their removal once committed. */
  outboxEntries(): Promise<OutboxEntry[]>;
  forgetOutboxEntry(eventId: string): Promise<void>;
  /** Writes safety copies of page events, as a page does for itself (`outbox:<event id>`). */
  keepOutboxEntries(entries: readonly OutboxEntry[]): Promise<void>;
  /** Screenshot requests pages left in extension storage (they went away still waiting), and their removal once settled. */
  shotEntries(): Promise<ShotEntry[]>;
  /** Keeps a request there for later settling (a lost one whose event has not been committed yet). */
  keepShotEntry(entry: ShotEntry): Promise<void>;
  forgetShotEntry(eventId: string): Promise<void>;
  /** What pages that never learnt their tab left as they went away (`orphan:<document id>`), and their removal. */
  orphanEntries(): Promise<OrphanEntry[]>;
  forgetOrphanEntry(documentId: string): Promise<void>;
  /** Notes the tab and frame of a document (memory that outlives a stopped worker: `storage.session`). */
  noteDocumentOwner(owner: DocumentOwner): Promise<void>;
  documentOwners(): Promise<DocumentOwner[]>;
  forgetDocumentOwner(documentId: string): Promise<void>;
  browserInfo(): Promise<BrowserInfo>;
  now(): number;
  sleep(ms: number): Promise<void>;
  randomId(): string;
}

export type { Point };
