import type { NoteKind } from '../annotations/types';
import type { Point } from '../capture/events';
import type { ChildFrameInfo, RecorderState } from '../messaging/protocol';
import type { OutboxEntry } from '../page-recorder/outbox-entry';
import type { BrowserInfo, SessionStatus } from '../store/records';
import type { FrameNode } from './frame-path';

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
  /** Injects the content script into a tab opened before the extension was loaded. */
  ensureContentScript(tabId: number): Promise<void>;
  showStatus(status: SessionStatus | null): Promise<void>;
  /** Hides the in-page overlay of a tab before a screenshot; true once the page was painted without it. */
  hideOverlay(tabId: number): Promise<boolean>;
  showOverlay(tabId: number): Promise<void>;
  refreshOverlay(tabId: number): Promise<void>;
  openNoteInOverlay(tabId: number, noteKind: NoteKind): Promise<void>;
  /** Events pages left in extension storage, and their removal once committed. */
  outboxEntries(): Promise<OutboxEntry[]>;
  forgetOutboxEntry(eventId: string): Promise<void>;
  browserInfo(): Promise<BrowserInfo>;
  now(): number;
  sleep(ms: number): Promise<void>;
  randomId(): string;
}

export type { Point };
