/**
 * The raw capture: one record per thing that happened during a walk. Append-only evidence.
 * A discriminated union on `kind` with string literals so the exported JSON reads well.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Selectors in Chrome DevTools Recorder style: a list of alternatives, each an array of strings that
 * chains from the outermost document through shadow roots (and, once resolved by the background, frames).
 */
export type SelectorAlternatives = string[][];

/** What was clicked, described so a reader understands it and a replay can find it again. */
export interface TargetDescriptor {
  tag: string;
  role: string | null;
  name: string | null;
  text: string | null;
  rect: Rect;
  selectors: SelectorAlternatives;
  /** True when the element lives inside one or more open shadow roots. */
  inShadow: boolean;
  href?: string;
  inputType?: string;
}

/** A form field, described without its value. */
export interface FieldDescriptor {
  tag: string;
  inputType: string | null;
  name: string | null;
  label: string | null;
  autocomplete: string | null;
  required: boolean;
  sensitive: boolean;
  selectors: SelectorAlternatives;
  /**
   * True when the field is out of sight in a closed shadow root: what is described is its host (the element
   * the page shows), with `inputType` null. Absent for every other field.
   */
  closedRoot?: true;
}

/**
 * A form as its submit describes it. The texts a person reads name it on the map: its accessible name
 * (`label`), the legend of the fieldset holding its fields, the nearest heading, its submit button's text;
 * all masked like every other text. Events recorded before they existed have only `name`.
 */
export interface FormDescriptor {
  /** The `name` attribute, else `aria-label`, else `id`: how the page's code knows the form. */
  name: string | null;
  selectors: SelectorAlternatives;
  method: string;
  action: string | null;
  fieldCount: number;
  /** Accessible name: `aria-labelledby`, `aria-label` or `title`. */
  label?: string | null;
  /** The legend of the fieldset that holds all of its fields. */
  legend?: string | null;
  /** The heading inside it, else the nearest heading before it in its section. */
  heading?: string | null;
  /** The text of the button that sent it (else of its default button). */
  submitText?: string | null;
  /** Its explicit ARIA role (`search` names a search form). */
  role?: string | null;
}

/** Where a frame sits inside its tab: the chain of iframe selectors from the top document down. */
export interface FrameLocation {
  /** CSS selector chains of each enclosing iframe, outermost first. */
  iframeSelectors: string[][];
  /** Offset of the frame's viewport within the top-level viewport, in CSS pixels. */
  offset: Point;
  /** Index path of the frame as Chrome DevTools Recorder's `frame` field expects. */
  indexPath: number[];
}

export type NavigationType = 'load' | 'reload' | 'back-forward' | 'push-state' | 'replace-state' | 'hash' | 'new-tab' | 'typed' | 'link' | 'form-submit';

/** Why the walk paused: the tester, or the disk refusing a write (written by the background once it can write again). */
export type PauseReason = 'tester' | 'storage-full';

/** Why a step has no screenshot, as its screenshot event (or, for `not-captured`, the map) says it. */
export const SCREENSHOT_MISSING_REASONS = [
  'tab-not-visible',
  'capture-failed',
  'rate-limited',
  'page-not-capturable',
  'recorder-restarted',
  'paused',
  'storage-full',
  // The page's top frame did not say in time what must not be readable in the image (or the image was not
  // the page as measured): the image was not stored. Screenshots fail closed (lib/privacy/private-boxes.ts).
  'private-unverified',
  // Given by the map: the image was taken too late to show the step's moment (past MOMENT_TOLERANCE_MS after
  // the press, or after the page changed: a navigation, the click's own effect). It shows what came after.
  'late',
  // Given by the map: the image is a frame from before a change the page made before the press (the tab's
  // stream missed a repaint): it shows an earlier moment.
  'stale',
  // Given by the map, never by a screenshot event: none of a step's events has a screenshot event (nothing
  // in the step asked for one: a form, a new tab…).
  'not-captured',
] as const;

export type ScreenshotMissingReason = (typeof SCREENSHOT_MISSING_REASONS)[number];

export type ScreenshotSource = 'tab-stream' | 'visible-tab';

/** Why a full-page screenshot the tester asked for could not be made, as its `full-page` event says. */
export const FULL_PAGE_MISSING_REASONS = [
  'tab-not-visible',
  'page-not-capturable',
  // The page did not answer (loading, navigating away, or a frame Parcours cannot reach).
  'page-unavailable',
  'capture-failed',
  'storage-full',
  // A viewport frame's page did not say in time what must not be readable in it: nothing was stored.
  'private-unverified',
] as const;

export type FullPageMissingReason = (typeof FULL_PAGE_MISSING_REASONS)[number];

/** Fields every stored event has. `t` is ms since the session started; `at` is wall-clock ISO 8601. */
export interface EventBase {
  id: string;
  sessionId: string;
  /** Commit order within the session, assigned by the background (the single writer). */
  seq: number;
  t: number;
  at: string;
  tabId: number | null;
  frameId: number | null;
  /** URL of the tab's page when the event happened. */
  url: string | null;
  /** URL of the subframe that produced the event; null for the top frame and the background's events. */
  frameUrl: string | null;
  /** Title of the tab's page when the event was committed. */
  pageTitle: string | null;
}

export interface EventPayloads {
  'session-start': { startUrl: string; viewport: { width: number; height: number; deviceScaleFactor: number } | null };
  'session-stop': { reason: 'tester' | 'finished-after-interruption' };
  /** Absent `reason`: the tester paused. `storage-full`: the disk refused a write of the walk (lib/recorder/storage-full.ts). */
  pause: { reason?: PauseReason };
  resume: {
    afterInterruption: boolean;
    /**
     * After a `storage-full` pause: the page events that happened inside it and were not kept (nothing is
     * recorded while paused; these are the ones a page sent before it learned of the pause).
     */
    lostEvents?: number;
  };
  interrupted: { reason: 'browser-closed' | 'tab-closed' };
  /**
   * The extension was reloaded or updated mid-walk: its page recorders were cut off from it (Chrome orphans
   * them), and the new one was put back in the walk's tabs. Nothing the tester did in between was recorded.
   * `fromT`: when the new extension started (Chrome starts it the moment the old one is gone); `toT`: when the
   * walk's pages had the recorder again; `lastRecordedT`: the walk's last event before it (what happened from
   * then to `fromT` was recorded as far as the old extension delivered it).
   */
  'extension-restarted': {
    reason: 'reload' | 'update';
    version: string;
    previousVersion: string | null;
    fromT: number;
    toT: number;
    lastRecordedT: number | null;
    /** The walk's tabs the recorder was put back in, and those it could not reach (a browser page, an error). */
    tabsBack: number;
    tabsMissed: number;
  };
  click: {
    target: TargetDescriptor;
    /** Point in the frame's viewport, CSS pixels. */
    point: Point;
    button: number;
    pointerType: string;
    devicePixelRatio: number;
    frame: FrameLocation | null;
    /** Clicks in a quick series on the same spot (from the browser's `detail`). */
    clickCount: number;
  };
  navigation: {
    navigationType: NavigationType;
    /** Same-document navigations stay in the page; full loads bring a new document. */
    sameDocument: boolean;
    /** The page before: the previous URL of a same-document navigation, the referrer of a full load. */
    fromUrl: string | null;
  };
  'page-load': {
    title: string;
    viewport: { width: number; height: number; deviceScaleFactor: number };
    timing: {
      responseStartMs: number | null;
      domContentLoadedMs: number | null;
      loadMs: number | null;
      transferSize: number | null;
    };
    /** Whether the document came from a full load or back-forward cache restore. */
    restoredFromCache: boolean;
  };
  'field-focus': { field: FieldDescriptor };
  'field-change': {
    field: FieldDescriptor;
    /**
     * Characters typed (options chosen); null when it cannot be known (a field in a closed shadow root) or
     * must not be (a sensitive field: even a password's length says something).
     */
    valueLength: number | null;
    checked?: boolean;
    /** Visible text of the chosen option(s); only for non-sensitive selects. */
    selectedText?: string | null;
    /**
     * What was typed in a search field (`type=search`, `role=searchbox`, not sensitive): the one typed value a
     * walk keeps, since what a customer looks for is the journey's substance; its personal data masked. Absent
     * for every other field, and in strict walks.
     */
    searchTerm?: string;
  };
  submit: { form: FormDescriptor };
  /**
   * A key that acts, pressed in a field: Enter in a single-line text field that belongs to no form (a todo
   * added, a search run by script). Inside a form Enter sends it (a `submit`); in a textarea it is a new line.
   * The value is never stored: only its length.
   */
  key: {
    key: 'Enter';
    field: FieldDescriptor;
    /** Null for a sensitive field (see `field-change`). */
    valueLength: number | null;
    /** Device pixels per CSS pixel when it happened: its screenshot marks the field's centre with it. */
    devicePixelRatio: number;
  };
  /**
   * A field the page refused: the browser's constraint validation (`invalid` event) or the page's own script
   * (`aria-invalid="true"`, with the text of its error message). Events written before `source` existed are
   * constraint validation.
   */
  invalid: {
    field: FieldDescriptor;
    validationMessage: string;
    source?: 'constraint' | 'aria-invalid';
    /** Already marked when the page arrived (a server's answer to a post, or a page that marks fields early). */
    onArrival?: boolean;
  };
  /** A message the page announced as urgent (`role="alert"`, `aria-live="assertive"`) soon after the tester acted. */
  'form-alert': {
    text: string;
    /** Shown inside the form the tester sent, or as the error message of one of its fields. */
    inForm: boolean;
  };
  /** The first change of the page's DOM after a click: the click did something, even if nothing else moved. */
  'dom-change': {
    forEventId: string;
    /** From the click to the first change (0 when the page changed between pointer-down and click). */
    delayMs: number;
    /** DOM mutation records in the first batch holding an answer, all counted (0 when only field values changed). */
    mutations: number;
    /** Fields whose value a script changed (a quantity stepper changes no DOM node). */
    valuesChanged?: number;
  };
  scroll: { scrollY: number; maxDepthPct: number; documentHeight: number; viewportHeight: number };
  visibility: { state: 'visible' | 'hidden' };
  idle: { gapMs: number; sinceT: number };
  'tab-opened': { openerTabId: number | null; openedTabId: number; targetUrl: string | null };
  'tab-closed': { closedTabId: number };
  screenshot: {
    forEventId: string;
    screenshotId: string | null;
    missingReason: ScreenshotMissingReason | null;
    /** The browser's message when it refused the capture. */
    missingDetail?: string | null;
    /** Point to mark on the image, CSS pixels of the top-level viewport. */
    point: Point | null;
    /**
     * Signed ms from the request's moment (pointer-down, a navigation settled) to the moment the image shows:
     * negative for a stream frame captured before the press (the last the tab painted) or a reuse, positive
     * for an image taken after it.
     */
    delayMs: number | null;
    /** True when the image was taken for another step too (requests that waited together, or a reuse). */
    shared: boolean;
    /**
     * Where the image came from: a frame of the tab's video stream, or `tabs.captureVisibleTab`. Absent from
     * walks recorded before tab streams (all `visible-tab`).
     */
    source?: ScreenshotSource | null;
    /** Session ms of the request's moment (the press of a click); with `delayMs`, when the image shows. */
    requestedT?: number | null;
    /** For a `visible-tab` image in a walk that tried streams: why the tab had no stream (the browser's words). */
    streamUnavailable?: string | null;
  };
  /**
   * A full-page screenshot the tester asked for (shortcut or overlay button), stitched from viewport frames.
   * Written by the background with the id `<request id>:full-page`, so a request sent again stores nothing twice.
   */
  'full-page': {
    /** The event of the step it belongs to: the step selected in the side panel, else the latest step. */
    forEventId: string;
    screenshotId: string | null;
    /** Size of the image, device pixels (0 when there is none). */
    width: number;
    height: number;
    /** Viewport frames stitched into it. */
    viewports: number;
    /** The page's height and the part of it the image covers (less when `truncated`), CSS px. */
    pageHeight: number;
    coveredHeight: number;
    /** True when the page was taller than the image may be: the image shows its top `coveredHeight` px. */
    truncated: boolean;
    missingReason: FullPageMissingReason | null;
    /** The browser's message when it refused. */
    missingDetail?: string | null;
  };
}

export type EventKind = keyof EventPayloads;

export type CapturedEvent = {
  [K in EventKind]: EventBase & { kind: K } & EventPayloads[K];
}[EventKind];

export type EventOf<K extends EventKind> = Extract<CapturedEvent, { kind: K }>;

/** Kinds a content script may send; the others are written by the background alone. */
export const PAGE_EVENT_KINDS = [
  'click',
  'navigation',
  'page-load',
  'field-focus',
  'field-change',
  'submit',
  'key',
  'invalid',
  'form-alert',
  'dom-change',
  'scroll',
  'visibility',
] as const satisfies readonly EventKind[];

export type PageEventKind = (typeof PAGE_EVENT_KINDS)[number];

/** What a content script sends: the background adds session, seq, tab, frame and titles. */
export type PageEventDraft = {
  [K in PageEventKind]: { id: string; kind: K; epochMs: number; frameUrl: string } & EventPayloads[K];
}[PageEventKind];

/** Kinds that show the tester acting (used for idle-gap detection). */
export const USER_ACTION_KINDS: ReadonlySet<EventKind> = new Set(['click', 'field-focus', 'field-change', 'submit', 'key', 'scroll']);

export function isPageEventKind(kind: string): kind is PageEventKind {
  return (PAGE_EVENT_KINDS as readonly string[]).includes(kind);
}
