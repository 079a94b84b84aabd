import type { CapturedEvent, EventOf, FrameLocation, Point, ScreenshotMissingReason, SelectorAlternatives, TargetDescriptor } from '../capture/events';
import { type Locale, t } from '../i18n';
import { formName, formPhrase } from './form-names';

export type StepKind = 'start' | 'click' | 'navigation' | 'input' | 'submit' | 'form-error' | 'new-tab';

/** One unit on the map, built from one or more events. */
export interface Step {
  id: string;
  index: number;
  kind: StepKind;
  t: number;
  at: string;
  durationMs: number;
  url: string | null;
  pageTitle: string | null;
  tabId: number | null;
  frameUrl: string | null;
  target: TargetDescriptor | null;
  frame: FrameLocation | null;
  point: Point | null;
  /** Device pixels per CSS pixel when the click happened: screenshot pixels = point × this. */
  devicePixelRatio: number | null;
  screenshotId: string | null;
  screenshotMissing: ScreenshotMissingReason | null;
  action: string;
  eventIds: string[];
}

type Evidence = EventOf<'screenshot'>;

/** The first screenshot event for each event it illustrates. */
export function screenshotsByEvent(events: readonly CapturedEvent[]): Map<string, Evidence> {
  const byEvent = new Map<string, Evidence>();
  for (const event of events) {
    if (event.kind === 'screenshot' && !byEvent.has(event.forEventId)) byEvent.set(event.forEventId, event);
  }
  return byEvent;
}

/**
 * Why a step shows no screenshot (null when it has one), given the screenshot event it took its picture from
 * (if any) and its events: the reason that event gave; without one, `recorder-restarted` when the step holds
 * an event the recorder always captures (a click, the start, a top-frame navigation: the capture was lost
 * with the recorder), else `not-captured` (none of its events asked for a screenshot).
 */
export function screenshotMissingReason(shot: Evidence | undefined, events: readonly CapturedEvent[]): ScreenshotMissingReason | null {
  if (shot) return shot.screenshotId ? null : (shot.missingReason ?? 'not-captured');
  return events.some(alwaysCaptured) ? 'recorder-restarted' : 'not-captured';
}

function alwaysCaptured(event: CapturedEvent): boolean {
  return event.kind === 'click' || event.kind === 'session-start' || (event.kind === 'navigation' && (event.frameId == null || event.frameId === 0));
}

/** Events in the order they happened: by session time, then commit order. */
export function chronological(events: readonly CapturedEvent[]): CapturedEvent[] {
  return [...events].sort((a, b) => a.t - b.t || a.seq - b.seq);
}

function pageLabel(event: CapturedEvent, title?: string): string {
  const known = title ?? event.pageTitle;
  if (known) return known;
  if (!event.url) return '?';
  try {
    const url = new URL(event.url);
    return url.pathname === '/' ? url.host : url.pathname;
  } catch {
    return event.url;
  }
}

/** A field as a step names it: its label, else its name, type or tag. */
export function fieldName(field: { label: string | null; name: string | null; inputType: string | null; tag: string }): string {
  return field.label ?? field.name ?? field.inputType ?? field.tag;
}

/** A field changed, in plain language: "Fill in 'Email'", "Choose 'Express' in 'Delivery'", "Tick 'Gift wrap'". */
export function changeAction(change: EventOf<'field-change'>, locale?: Locale): string {
  const field = fieldName(change.field);
  if (change.selectedText) return t('actionChoose', { value: change.selectedText, field }, locale);
  const type = change.field.inputType;
  // The state of a sensitive box is withheld: it changed, how is not known.
  if (type === 'radio') return t(change.checked === true ? 'actionChooseOption' : 'actionToggle', { field }, locale);
  if (type === 'checkbox') return t(change.checked === undefined ? 'actionToggle' : change.checked ? 'actionCheck' : 'actionUncheck', { field }, locale);
  return t('actionFill', { field }, locale);
}

/** The plain-language action of a step-making event (null for events that make no step). */
export function actionFor(event: CapturedEvent, title: string | undefined, locale?: Locale): string | null {
  switch (event.kind) {
    case 'session-start':
      return t('actionStart', { page: pageLabel(event) }, locale);
    case 'click': {
      const name = event.target.name ?? event.target.text;
      return name ? t('actionClick', { name }, locale) : t('actionClickUnnamed', { tag: event.target.tag }, locale);
    }
    case 'navigation': {
      const page = pageLabel(event, title);
      if (event.navigationType === 'back-forward') return t('actionGoBack', { page }, locale);
      if (event.navigationType === 'reload') return t('actionReload', { page }, locale);
      return t('actionGoTo', { page }, locale);
    }
    case 'field-change':
      return changeAction(event, locale);
    case 'submit':
      return t('actionSubmit', { form: formPhrase(formName(event.form), locale) }, locale);
    case 'key':
      return t(event.valueLength > 0 ? 'actionFillEnter' : 'actionPressEnter', { field: fieldName(event.field) }, locale);
    case 'invalid':
      return t('actionInvalid', { field: event.field.label ?? event.field.name ?? '?', message: event.validationMessage }, locale);
    case 'tab-opened':
      return t('actionOpenTab', { page: event.targetUrl ?? '?' }, locale);
    default:
      return null;
  }
}

export const STEP_KIND: Partial<Record<CapturedEvent['kind'], StepKind>> = {
  'session-start': 'start',
  click: 'click',
  navigation: 'navigation',
  'field-change': 'input',
  submit: 'submit',
  key: 'input',
  invalid: 'form-error',
  'tab-opened': 'new-tab',
};

/**
 * First-cut steps: one per meaningful event (start, click, navigation, field change, submit, form error, new
 * tab), each with its evidence and the time until the next step. Grouping into human steps comes on top.
 */
export function buildSteps(events: readonly CapturedEvent[], locale?: Locale): Step[] {
  const ordered = chronological(events);
  const evidence = screenshotsByEvent(ordered);
  const titles = navigationTitles(ordered);
  const stop = ordered.findLast((event) => event.kind === 'session-stop');
  const end = stop?.t ?? ordered[ordered.length - 1]?.t ?? 0;
  const steps: Step[] = [];
  for (const event of ordered) {
    const kind = STEP_KIND[event.kind];
    const title = titles.get(event.id);
    const action = kind ? actionFor(event, title, locale) : null;
    if (!kind || action == null) continue;
    const shot = evidence.get(event.id);
    const click = event.kind === 'click' ? event : null;
    steps.push({
      id: event.id,
      index: steps.length,
      kind,
      t: event.t,
      at: event.at,
      durationMs: 0,
      url: event.url,
      pageTitle: title ?? event.pageTitle,
      tabId: event.tabId,
      frameUrl: event.frameUrl,
      target: click ? click.target : event.kind === 'field-change' || event.kind === 'invalid' || event.kind === 'key' ? fieldTarget(event.field) : null,
      frame: click?.frame ?? null,
      point: shot?.point ?? click?.point ?? null,
      devicePixelRatio: click?.devicePixelRatio ?? null,
      screenshotId: shot?.screenshotId ?? null,
      screenshotMissing: screenshotMissingReason(shot, [event]),
      action,
      eventIds: [event.id],
    });
  }
  for (const [i, step] of steps.entries()) {
    const next = steps[i + 1];
    step.durationMs = Math.max(0, (next?.t ?? Math.max(end, step.t)) - step.t);
  }
  return steps;
}

/**
 * The title of the page each navigation led to. A navigation is reported before its page has its title
 * (a new document has none yet; a single-page app renames itself after the URL changed), so the title is
 * taken from what the tab reports next: the `page-load` of a new document, or the next event of the tab.
 */
export function navigationTitles(ordered: readonly CapturedEvent[]): Map<string, string> {
  const titles = new Map<string, string>();
  const waiting = new Map<number | null, { id: string; sameDocument: boolean }>();
  for (const event of ordered) {
    if (event.kind === 'navigation') {
      waiting.set(event.tabId, { id: event.id, sameDocument: event.sameDocument });
      continue;
    }
    const navigation = waiting.get(event.tabId);
    if (!navigation || event.frameId !== 0) continue;
    const navigationId = navigation.id;
    // A new document's title comes with its page-load; late events of the page it left must not name it.
    const title = event.kind === 'page-load' ? event.title : navigation.sameDocument && event.kind !== 'screenshot' ? event.pageTitle : null;
    if (title) {
      titles.set(navigationId, title);
      waiting.delete(event.tabId);
    }
  }
  return titles;
}

export function fieldTarget(field: { tag: string; label: string | null; inputType: string | null; selectors: SelectorAlternatives }): TargetDescriptor {
  return {
    tag: field.tag,
    role: null,
    name: field.label,
    text: null,
    rect: { x: 0, y: 0, width: 0, height: 0 },
    selectors: field.selectors,
    inShadow: false,
    inputType: field.inputType ?? undefined,
  };
}
