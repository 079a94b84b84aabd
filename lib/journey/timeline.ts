/**
 * Time and page bookkeeping shared by grouping, friction signals and metrics: paused spans, page visits,
 * page keys and names. Pure functions over the raw capture (chronologically ordered, see `chronological`).
 */

import type { CapturedEvent, EventOf } from '../capture/events';
import type { Locale } from '../i18n';
import { isMaskedText } from '../privacy/masker';

/** The events that open and close paused spans: the only ones PausedSpans reads. */
export const PAUSE_KINDS: ReadonlySet<CapturedEvent['kind']> = new Set(['pause', 'interrupted', 'resume']);

/** Spans of the walk that do not count as time spent: from a pause (or an interruption) to the resume. */
export class PausedSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** prefix[i]: total paused time of the spans before span i. */
  private readonly prefix: number[] = [0];

  constructor(ordered: readonly CapturedEvent[], end: number) {
    let openedAt: number | null = null;
    for (const event of ordered) {
      if (!PAUSE_KINDS.has(event.kind)) continue;
      if ((event.kind === 'pause' || event.kind === 'interrupted') && openedAt == null) openedAt = event.t;
      else if (event.kind === 'resume' && openedAt != null) {
        this.push(openedAt, event.t);
        openedAt = null;
      }
    }
    if (openedAt != null) this.push(openedAt, Math.max(openedAt, end));
  }

  private push(start: number, end: number): void {
    if (end <= start) return;
    this.starts.push(start);
    this.ends.push(end);
    this.prefix.push((this.prefix[this.prefix.length - 1] as number) + (end - start));
  }

  /** Whether both count the same time as paused. */
  same(other: PausedSpans): boolean {
    return (
      this.starts.length === other.starts.length &&
      this.starts.every((start, i) => start === other.starts[i]) &&
      this.ends.every((end, i) => end === other.ends[i])
    );
  }

  /** Paused time within [from, to]. O(log n). */
  within(from: number, to: number): number {
    if (to <= from || this.starts.length === 0) return 0;
    return Math.max(0, this.before(to) - this.before(from));
  }

  /** Active (unpaused) time from `from` to `to`, never negative. */
  active(from: number, to: number): number {
    return Math.max(0, to - from - this.within(from, to));
  }

  /** Paused time before instant t. */
  private before(t: number): number {
    // Spans starting before t: binary search on the starts.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const last = lo - 1;
    const full = this.prefix[last] as number;
    return full + Math.min(t, this.ends[last] as number) - (this.starts[last] as number);
  }
}

/** When the walk ended: its (last) stop, else its last event. */
export function walkEnd(ordered: readonly CapturedEvent[]): number {
  const stop = ordered.findLast((event) => event.kind === 'session-stop');
  return stop?.t ?? ordered[ordered.length - 1]?.t ?? 0;
}

/** A page as the map counts it: host, path and query (the fragment is the same page). */
export function pageKey(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}${parsed.search}`;
  } catch {
    return url.split('#')[0] ?? url;
  }
}

/** A page as a reader names it: its title, else its path (its host for the home page). */
export function pageName(url: string | null | undefined, title: string | null | undefined): string {
  // A title a strict walk masked says nothing: the page's address does.
  if (title && !isMaskedText(title)) return title;
  if (!url) return '?';
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' ? parsed.host : parsed.pathname;
  } catch {
    return url;
  }
}

/** Where the interaction happens: the site's host, the page, the web. */
export function touchpointOf(url: string | null, title: string | null): { site: string | null; page: string | null; channel: 'web' } {
  const pageTitle = isMaskedText(title) ? null : title;
  if (!url) return { site: null, page: pageTitle, channel: 'web' };
  try {
    const parsed = new URL(url);
    return { site: parsed.host || null, page: pageTitle ?? parsed.pathname, channel: 'web' };
  } catch {
    return { site: null, page: pageTitle, channel: 'web' };
  }
}

/** Seconds as a reader says them: one decimal at most, in the locale's style (1.5 / 1,5). */
export function seconds(ms: number, locale: Locale | undefined): string {
  return new Intl.NumberFormat(locale ?? 'en', { maximumFractionDigits: 1 }).format(Math.max(0, ms) / 1000);
}

/** Events that show the tester acting on a page (a scroll is reading, not acting). */
export const ACTION_KINDS: ReadonlySet<CapturedEvent['kind']> = new Set(['click', 'field-focus', 'field-change', 'submit', 'key']);

/** Same-document navigations that stay on the page: a fragment, or a replaced history entry. */
function staysOnPage(navigation: EventOf<'navigation'>): boolean {
  return navigation.sameDocument && (navigation.navigationType === 'hash' || navigation.navigationType === 'replace-state');
}

/** One stay on a page in a tab: from the navigation (or the walk's start) that brought it to the next one. */
export interface PageVisit {
  tabId: number | null;
  url: string | null;
  key: string | null;
  /** The navigation that brought the page; null for the page the walk started on (or a tab first seen later). */
  navigation: EventOf<'navigation'> | null;
  /** The event that opened the visit (its navigation, the session start, or the tab's first event). */
  startEventId: string;
  startT: number;
  /** When the page was there: its page-load for a full load (unless the tester acted before it), else the start. */
  arrivalT: number;
  pageLoad: EventOf<'page-load'> | null;
  /** The first click, field focus or change, or submit on the page. */
  firstAction: CapturedEvent | null;
  scrolls: EventOf<'scroll'>[];
  /** The visit before it in the same tab. */
  previous: PageVisit | null;
}

/**
 * The page visits of a walk, in the order they began. A visit begins at the walk's start, at a top-frame
 * navigation (a full load, a history push or a back/forward move; fragments and replaced entries stay on the
 * page), or at the first event of a tab that joined without one.
 */
export function pageVisits(ordered: readonly CapturedEvent[]): PageVisit[] {
  const visits: PageVisit[] = [];
  const current = new Map<number | null, PageVisit>();
  const open = (event: CapturedEvent, url: string | null, navigation: EventOf<'navigation'> | null): PageVisit => {
    const visit: PageVisit = {
      tabId: event.tabId,
      url,
      key: pageKey(url),
      navigation,
      startEventId: event.id,
      startT: event.t,
      arrivalT: event.t,
      pageLoad: null,
      firstAction: null,
      scrolls: [],
      previous: current.get(event.tabId) ?? null,
    };
    visits.push(visit);
    current.set(event.tabId, visit);
    return visit;
  };
  const visitOf = (event: CapturedEvent): PageVisit => current.get(event.tabId) ?? open(event, event.url, null);

  for (const event of ordered) {
    switch (event.kind) {
      case 'session-start':
        open(event, event.url ?? event.startUrl, null);
        break;
      case 'navigation':
        if (event.frameId != null && event.frameId !== 0) break;
        if (staysOnPage(event) && current.has(event.tabId)) break;
        open(event, event.url, event);
        break;
      case 'page-load': {
        if (event.frameId != null && event.frameId !== 0) break;
        const visit = visitOf(event);
        if (visit.navigation && !visit.navigation.sameDocument && !visit.pageLoad) {
          visit.pageLoad = event;
          // A tester who acted before the load ended had the page already: it arrived with its navigation.
          if (!visit.firstAction) visit.arrivalT = Math.max(visit.startT, event.t);
        }
        break;
      }
      case 'scroll': {
        let visit = visitOf(event);
        // A scroll reported late by the page just left belongs to that page.
        if (visit.key !== pageKey(event.url) && visit.previous?.key === pageKey(event.url)) visit = visit.previous;
        visit.scrolls.push(event);
        break;
      }
      default:
        if (ACTION_KINDS.has(event.kind) && event.tabId != null) {
          const visit = visitOf(event);
          visit.firstAction ??= event;
        }
    }
  }
  return visits;
}
