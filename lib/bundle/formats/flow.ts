/**
 * `flow.json`: the walk as a Chrome DevTools Recorder user flow (the `@puppeteer/replay` schema), so the
 * Recorder panel imports it and `@puppeteer/replay` replays it. Written from the raw capture (every action,
 * hidden steps included: a replay needs the clicks the map leaves off) with the map's grouping deciding
 * which navigation an action caused. Pure.
 *
 * What the capture cannot give is left out or marked, never made up: typed values are never stored, so a
 * field the tester typed in is a `customStep` (`parcours:typed`) naming the field, for a replayer that is
 * given test data; the Recorder's own replay passes over custom steps. docs/bundle-format.md has the table.
 */
import type { CapturedEvent, EventOf, SelectorAlternatives } from '../../capture/events';
import { chronological } from '../../journey/event-facts';
import { groupSteps } from '../../journey/group';
import { TYPED } from '../../privacy/echoes';
import { MASKED_TEXT } from '../../privacy/masker';
import { PLACEHOLDERS } from '../../privacy/pii';
import { MASK } from '../../privacy/urls';
import type { JourneyDocument } from '../journey-document';
import type { BundleFormat } from './types';

/** Names of the custom steps Parcours writes where the Recorder schema has no step for what was recorded. */
export const FLOW_CUSTOM_STEPS = {
  /** A field the tester typed in; its value was never stored. */
  typed: 'parcours:typed',
  /** An option chosen in a `<select>`: the capture keeps the option's visible text, not its value. */
  select: 'parcours:select',
  /** A form sent with no click recorded before it (Enter in a field of a form, or the page's script). */
  submit: 'parcours:submit',
} as const;

/** Every step waits at most this long for its element, target or navigation (the Recorder's default is 5 s). */
export const FLOW_TIMEOUT_MS = 10_000;

export interface FlowNavigationAssertion {
  type: 'navigation';
  url?: string;
  title?: string;
}

interface FlowStepBase {
  target?: string;
  frame?: number[];
  assertedEvents?: FlowNavigationAssertion[];
}

export type FlowStep =
  | (FlowStepBase & {
      type: 'setViewport';
      width: number;
      height: number;
      deviceScaleFactor: number;
      isMobile: boolean;
      hasTouch: boolean;
      isLandscape: boolean;
    })
  | (FlowStepBase & { type: 'navigate'; url: string })
  | (FlowStepBase & {
      type: 'click';
      selectors: SelectorAlternatives;
      offsetX: number;
      offsetY: number;
      button?: 'auxiliary' | 'secondary' | 'back' | 'forward';
      deviceType?: 'mouse' | 'pen' | 'touch';
    })
  | (FlowStepBase & { type: 'change'; selectors: SelectorAlternatives; value: string })
  | (FlowStepBase & { type: 'keyDown' | 'keyUp'; key: string })
  | (FlowStepBase & { type: 'scroll'; x: number; y: number })
  | (FlowStepBase & { type: 'close' })
  | (FlowStepBase & { type: 'waitForExpression'; expression: string })
  | (FlowStepBase & { type: 'customStep'; name: string; parameters: Record<string, unknown> });

export interface UserFlow {
  title: string;
  timeout: number;
  steps: FlowStep[];
}

const PLACEHOLDER_IN = new RegExp([...Object.values(PLACEHOLDERS), TYPED, MASK, MASKED_TEXT].map((text) => text.replace(/[[\]]/g, '\\$&')).join('|'));

/** True when a text holds one of the masking placeholders: it is not what the page had, so it cannot be replayed. */
export function isMasked(text: string): boolean {
  return PLACEHOLDER_IN.test(text);
}

const BUTTONS: Record<number, 'auxiliary' | 'secondary' | 'back' | 'forward'> = { 1: 'auxiliary', 2: 'secondary', 3: 'back', 4: 'forward' };
const DEVICE_TYPES = new Set(['mouse', 'pen', 'touch']);
/** Navigations a person made with the browser itself: the replay makes them with a `navigate` step. */
const BROWSER_NAVIGATIONS = new Set(['typed', 'reload', 'back-forward']);

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Where the click was, relative to the element's box (what the Recorder's offsets are). The event has both
 * in the frame's viewport; a point outside the box (the element moved between the press and the click)
 * falls back to the box's centre, which is where a replay would click without offsets.
 */
export function clickOffsets(event: Pick<EventOf<'click'>, 'point' | 'target'>): { offsetX: number; offsetY: number } {
  const { rect } = event.target;
  const x = event.point.x - rect.x;
  const y = event.point.y - rect.y;
  if (x >= 0 && y >= 0 && x <= rect.width && y <= rect.height) return { offsetX: round1(x), offsetY: round1(y) };
  return { offsetX: round1(rect.width / 2), offsetY: round1(rect.height / 2) };
}

/** A step waits for the page to be at an address (its origin and path: a query such as an order id differs per walk). */
function waitForAddress(url: string): string | null {
  try {
    const { origin, pathname } = new URL(url);
    if (origin === 'null') return null;
    return `location.origin + location.pathname === ${JSON.stringify(origin + pathname)}`;
  } catch {
    return null;
  }
}

function usable(selectors: SelectorAlternatives): SelectorAlternatives {
  return selectors.filter((chain) => chain.length > 0 && chain.every((part) => part.length > 0 && !isMasked(part)));
}

interface LastAction {
  step: FlowStep;
  stepId: string | undefined;
  /** The action was in a subframe: the runner waits for navigations in that frame, not the tab's. */
  inFrame: boolean;
  asserted: boolean;
}

/** The user flow of a walk. */
export function buildUserFlow(journey: Pick<JourneyDocument, 'session'>, events: readonly CapturedEvent[]): UserFlow {
  const ordered = chronological(events);
  const stepOf = new Map<string, string>();
  for (const step of groupSteps(ordered)) for (const id of step.eventIds) stepOf.set(id, step.id);
  const start = ordered.find((event): event is EventOf<'session-start'> => event.kind === 'session-start');
  const mainTab = start?.tabId ?? ordered.find((event) => event.tabId != null)?.tabId ?? null;
  const startUrl = journey.session.startUrl || start?.startUrl || '';

  // A frame's index path is known from the clicks in it (only a click's event carries it).
  const framePaths = new Map<string, number[]>();
  for (const event of ordered) {
    if (event.kind === 'click' && event.frame && event.frameId != null) framePaths.set(`${event.tabId}:${event.frameId}`, event.frame.indexPath);
  }
  const frameOf = (event: CapturedEvent): number[] | null | undefined => {
    if (event.frameUrl == null) return undefined;
    return framePaths.get(`${event.tabId}:${event.frameId}`) ?? null;
  };

  const steps: FlowStep[] = [];
  const viewport =
    journey.session.viewport ?? ordered.find((event): event is EventOf<'page-load'> => event.kind === 'page-load' && event.tabId === mainTab)?.viewport;
  if (viewport) {
    const { width, height, deviceScaleFactor } = viewport;
    steps.push({ type: 'setViewport', width, height, deviceScaleFactor, isMobile: false, hasTouch: false, isLandscape: width > height });
  }
  const firstLoad = ordered.find((event): event is EventOf<'page-load'> => event.kind === 'page-load' && event.tabId === mainTab);
  if (startUrl) {
    const title = firstLoad?.title && !isMasked(firstLoad.title) ? firstLoad.title : undefined;
    steps.push({ type: 'navigate', url: startUrl, assertedEvents: [{ type: 'navigation', url: startUrl, ...(title ? { title } : {}) }] });
  }

  // Tabs of the walk: the first, and those a walk tab opened (a tab the tester opened by hand cannot be
  // opened by a replay). Their address is the Recorder's `target` for every step in them.
  const walkTabs = new Set<number>(mainTab != null ? [mainTab] : []);
  const tabUrls = new Map<number, string>();
  // The first tab is on the start page already (the first `navigate`); a new tab's first page is opened by
  // the click before it.
  const navigated = new Set<number>(mainTab != null && startUrl ? [mainTab] : []);
  const lastAction = new Map<number, LastAction>();
  const titleAfter = (navigation: CapturedEvent, index: number): string | undefined => {
    for (let i = index + 1; i < ordered.length; i++) {
      const event = ordered[i] as CapturedEvent;
      if (event.tabId !== navigation.tabId) continue;
      if (event.kind === 'navigation' && event.frameUrl == null) return undefined;
      if (event.kind === 'page-load' && event.frameUrl == null)
        return event.url === navigation.url && event.title && !isMasked(event.title) ? event.title : undefined;
    }
    return undefined;
  };

  ordered.forEach((event, index) => {
    if (event.kind === 'tab-opened') {
      if (event.openerTabId != null && walkTabs.has(event.openerTabId)) walkTabs.add(event.openedTabId);
      return;
    }
    if (event.kind === 'tab-closed') {
      const url = tabUrls.get(event.closedTabId);
      if (event.closedTabId !== mainTab && walkTabs.has(event.closedTabId) && url) steps.push({ type: 'close', target: url });
      walkTabs.delete(event.closedTabId);
      return;
    }
    const tab = event.tabId;
    if (tab == null || !walkTabs.has(tab)) return;
    if (event.url && event.frameUrl == null) tabUrls.set(tab, event.url);
    const url = tabUrls.get(tab) ?? event.url;
    const target = tab === mainTab ? 'main' : url;
    if (!target) return;
    const scope = (frame: number[] | null | undefined): FlowStepBase => ({ target, ...(frame && frame.length > 0 ? { frame } : {}) });
    const act = (step: FlowStep, inFrame: boolean) => {
      steps.push(step);
      lastAction.set(tab, { step, stepId: stepOf.get(event.id), inFrame, asserted: false });
    };

    switch (event.kind) {
      case 'click': {
        const selectors = usable(event.target.selectors);
        if (selectors.length === 0) return;
        const frame = event.frame?.indexPath ?? [];
        const button = BUTTONS[event.button];
        act(
          {
            type: 'click',
            ...scope(frame),
            selectors,
            ...clickOffsets(event),
            ...(button ? { button } : {}),
            ...(DEVICE_TYPES.has(event.pointerType) ? { deviceType: event.pointerType as 'mouse' | 'pen' | 'touch' } : {}),
          },
          frame.length > 0,
        );
        return;
      }
      case 'field-change': {
        const { field } = event;
        // A box ticked or a radio chosen is the click on it, already a step; a field in a closed shadow root
        // is seen as its host, which nothing can type into.
        if (event.checked !== undefined || field.closedRoot) return;
        const selectors = usable(field.selectors);
        const frame = frameOf(event);
        if (selectors.length === 0 || frame === null) return;
        if (!field.sensitive && event.searchTerm && !isMasked(event.searchTerm)) {
          steps.push({ type: 'change', ...scope(frame), selectors, value: event.searchTerm });
        } else if (!field.sensitive && field.tag === 'select' && event.selectedText && !isMasked(event.selectedText)) {
          steps.push({ type: 'customStep', ...scope(frame), name: FLOW_CUSTOM_STEPS.select, parameters: { selectors, optionText: event.selectedText } });
        } else {
          const described = { name: field.name, label: field.label, inputType: field.inputType, autocomplete: field.autocomplete, sensitive: field.sensitive };
          steps.push({
            type: 'customStep',
            ...scope(frame),
            name: FLOW_CUSTOM_STEPS.typed,
            parameters: { selectors, field: described, valueLength: event.valueLength },
          });
        }
        return;
      }
      case 'key': {
        // The Recorder's key steps go to the focused element: the field typed in just before.
        act({ type: 'keyDown', target, key: event.key }, false);
        steps.push({ type: 'keyUp', target, key: event.key });
        return;
      }
      case 'submit': {
        const previous = lastAction.get(tab);
        if (previous && previous.stepId === stepOf.get(event.id)) return;
        const selectors = usable(event.form.selectors);
        const frame = frameOf(event);
        if (selectors.length === 0 || frame === null) return;
        act({ type: 'customStep', ...scope(frame), name: FLOW_CUSTOM_STEPS.submit, parameters: { selectors } }, (frame ?? []).length > 0);
        return;
      }
      case 'scroll': {
        // A scroll event says how far the page is scrolled, not which frame's index path it is in.
        if (event.frameUrl != null) return;
        steps.push({ type: 'scroll', target, x: 0, y: Math.round(event.scrollY) });
        return;
      }
      case 'navigation': {
        if (event.frameUrl != null || !event.url) return;
        const first = !navigated.has(tab);
        navigated.add(tab);
        if (first) return;
        const previous = lastAction.get(tab);
        if (previous && !previous.asserted && previous.stepId === stepOf.get(event.id)) {
          previous.asserted = true;
          if (!previous.inFrame) {
            const title = titleAfter(event, index);
            previous.step.assertedEvents = [{ type: 'navigation', url: event.url, ...(title ? { title } : {}) }];
            return;
          }
        } else if (BROWSER_NAVIGATIONS.has(event.navigationType)) {
          const step: FlowStep = { type: 'navigate', target, url: event.url };
          steps.push(step);
          lastAction.set(tab, { step, stepId: stepOf.get(event.id), inFrame: false, asserted: true });
          return;
        }
        // The page went there by itself (a redirect, a script, an answer to an action in a subframe): the
        // replay waits until it is there before the next step.
        const expression = waitForAddress(event.url);
        if (expression) steps.push({ type: 'waitForExpression', target, expression });
        return;
      }
      default:
        return;
    }
  });
  return { title: journey.session.title || 'Parcours walk', timeout: FLOW_TIMEOUT_MS, steps };
}

export const flowFormat: BundleFormat = {
  id: 'flow',
  write: ({ journey, events }) => [{ path: 'flow.json', data: `${JSON.stringify(buildUserFlow(journey, events), null, 2)}\n`, compress: true }],
};
