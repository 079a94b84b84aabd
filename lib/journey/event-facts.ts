/**
 * What single events say, for the steps made of them (group.ts): the order events happened in, the action an
 * event stands for, the title of the page a navigation led to, the screenshot of an event and why a step
 * has none. Pure functions over the raw capture.
 */
import type { CapturedEvent, EventOf, ScreenshotMissingReason, SelectorAlternatives, TargetDescriptor } from '../capture/events';
import { type Locale, t } from '../i18n';
import { isMaskedText } from '../privacy/masker';
import { formName, formPhrase } from './form-names';

type Evidence = EventOf<'screenshot'>;

/** The first screenshot event for each event it illustrates. */
export function screenshotsByEvent(events: readonly CapturedEvent[]): Map<string, Evidence> {
  const byEvent = new Map<string, Evidence>();
  for (const event of events) addEvidence(byEvent, event);
  return byEvent;
}

/**
 * Takes a screenshot event into `byEvent` when it is the first (in the walk's order) for the event it
 * illustrates, whatever order events come in; true when it is.
 */
export function addEvidence(byEvent: Map<string, Evidence>, event: CapturedEvent): boolean {
  if (event.kind !== 'screenshot') return false;
  const known = byEvent.get(event.forEventId);
  if (known && compareEvents(known, event) <= 0) return false;
  byEvent.set(event.forEventId, event);
  return true;
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

/** The order events happened in: by session time, then commit order. */
export function compareEvents(a: CapturedEvent, b: CapturedEvent): number {
  return a.t - b.t || a.seq - b.seq;
}

/** Events in the order they happened: by session time, then commit order. */
export function chronological(events: readonly CapturedEvent[]): CapturedEvent[] {
  return [...events].sort(compareEvents);
}

function pageLabel(event: CapturedEvent, title?: string): string {
  const known = title ?? event.pageTitle;
  if (known && !isMaskedText(known)) return known;
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
  return readable(field.label) ?? readable(field.name) ?? field.inputType ?? field.tag;
}

/** A text as the map may show it: null for one a strict walk masked (`[text]`), so the thing is named by its structure. */
function readable(text: string | null | undefined): string | null {
  return text == null || isMaskedText(text) ? null : text;
}

/** A field changed, in plain language: "Fill in 'Email'", "Choose 'Express' in 'Delivery'", "Tick 'Gift wrap'". */
export function changeAction(change: EventOf<'field-change'>, locale?: Locale): string {
  const field = fieldName(change.field);
  if (change.searchTerm) return t('actionSearch', { term: change.searchTerm, field }, locale);
  if (change.selectedText) return t('actionChoose', { value: change.selectedText, field }, locale);
  const type = change.field.inputType;
  // The state of a sensitive box is withheld: it changed, how is not known.
  if (type === 'radio') return t(change.checked === true ? 'actionChooseOption' : 'actionToggle', { field }, locale);
  if (type === 'checkbox') return t(change.checked === undefined ? 'actionToggle' : change.checked ? 'actionCheck' : 'actionUncheck', { field }, locale);
  return t('actionFill', { field }, locale);
}

/** The plain-language action of one event, as a step begun by it says it (null for events that say none). */
export function actionFor(event: CapturedEvent, title: string | undefined, locale?: Locale): string | null {
  switch (event.kind) {
    case 'session-start':
      return t('actionStart', { page: pageLabel(event) }, locale);
    case 'click': {
      const name = readable(event.target.name) ?? readable(event.target.text);
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
      // A sensitive field's length is not kept (null): something was typed, as far as the map can tell.
      return t((event.valueLength ?? 1) > 0 ? 'actionFillEnter' : 'actionPressEnter', { field: fieldName(event.field) }, locale);
    case 'invalid':
      return t('actionInvalid', { field: event.field.label ?? event.field.name ?? '?', message: event.validationMessage }, locale);
    case 'tab-opened':
      return t('actionOpenTab', { page: event.targetUrl ?? '?' }, locale);
    default:
      return null;
  }
}

/** The navigation each tab waits a title for. */
export type TitleWaiting = ReadonlyMap<number | null, { id: string; sameDocument: boolean }>;

/**
 * The title of the page each navigation led to. A navigation is reported before its page has its title
 * (a new document has none yet; a single-page app renames itself after the URL changed), so the title is
 * taken from what the tab reports next: the `page-load` of a new document, or the next event of the tab.
 */
export function navigationTitles(ordered: readonly CapturedEvent[]): Map<string, string> {
  const reading = new NavigationTitles();
  for (const event of ordered) reading.read(event);
  return reading.titles;
}

/**
 * navigationTitles one event at a time, in the walk's order. All it carries from one event to the next is
 * the navigation each tab waits a title for, so a copy of that (`save`) resumes it anywhere (live-steps.ts).
 */
export class NavigationTitles {
  readonly titles = new Map<string, string>();
  private waiting = new Map<number | null, { id: string; sameDocument: boolean }>();

  read(event: CapturedEvent): void {
    if (event.kind === 'navigation') {
      this.waiting.set(event.tabId, { id: event.id, sameDocument: event.sameDocument });
      return;
    }
    const navigation = this.waiting.get(event.tabId);
    if (!navigation || event.frameId !== 0) return;
    const navigationId = navigation.id;
    // A new document's title comes with its page-load; late events of the page it left must not name it.
    const title = event.kind === 'page-load' ? event.title : navigation.sameDocument && event.kind !== 'screenshot' ? event.pageTitle : null;
    if (title) {
      this.titles.set(navigationId, title);
      this.waiting.delete(event.tabId);
    }
  }

  /** Where the reading stands: what each tab waits a title for. */
  save(): TitleWaiting {
    return new Map(this.waiting);
  }

  /**
   * Back to a place saved before `rereading` (the events to be read again): the titles found since, those of
   * the navigations waiting there and of the navigations read again, are forgotten.
   */
  restore(saved: TitleWaiting, rereading: Iterable<CapturedEvent>): void {
    for (const navigation of saved.values()) this.titles.delete(navigation.id);
    for (const event of rereading) if (event.kind === 'navigation') this.titles.delete(event.id);
    this.waiting = new Map(saved);
  }
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
