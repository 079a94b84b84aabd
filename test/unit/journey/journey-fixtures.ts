/**
 * Builders for the journey tests (grouping, signals, metrics, assembly), on top of the shared EventFixture:
 * the events it has no helper for, annotations, and the recorded walks (the demo walk, the friction walk).
 */
import { readFileSync } from 'node:fs';
import type { AnnotationPayload, Author } from '@/lib/annotations/types';
import type { CapturedEvent, EventOf, FieldDescriptor } from '@/lib/capture/events';
import type { AnnotationRecord } from '@/lib/store/records';
import { type EventFixture, field, START_EPOCH_MS } from '../fixtures/events';

function recordedCapture(file: string): CapturedEvent[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as CapturedEvent[];
}

/** The raw capture of `npm run demo` (test/walks/demo-walk.mjs on the demo shop), as recorded. */
export function demoEvents(): CapturedEvent[] {
  return recordedCapture('demo-events.json');
}

/**
 * The raw capture of test/walks/web-components-walk.mjs on the demo shop's web-components page (todos typed
 * with Enter, ticked, a field three shadow roots deep, a closed-root widget), as recorded: the walk's header
 * says how to record it again.
 */
export function webComponentsEvents(): CapturedEvent[] {
  return recordedCapture('web-components-events.json');
}

/**
 * The raw capture of test/walks/friction-walk.mjs on the demo shop (a quick back, excessive scrolling, a
 * hesitation), as recorded: the walk's header says how to record it again.
 */
export function frictionEvents(): CapturedEvent[] {
  return recordedCapture('friction-events.json');
}

/** A recorded capture's first event of a kind matching a test, failing loudly when absent. */
export function recordedEvent<K extends CapturedEvent['kind']>(
  events: readonly CapturedEvent[],
  kind: K,
  test: (event: EventOf<K>) => boolean = () => true,
): EventOf<K> {
  const found = events.filter((event): event is EventOf<K> => event.kind === kind).find(test);
  if (!found) throw new Error(`No ${kind} event in the recorded capture`);
  return found;
}

export function focus(fixture: EventFixture, id: string, t: number, overrides: Partial<FieldDescriptor> = {}, extra: Partial<EventOf<'field-focus'>> = {}) {
  return fixture.add('field-focus', id, t, { field: field(overrides), ...extra });
}

export function change(fixture: EventFixture, id: string, t: number, overrides: Partial<FieldDescriptor> = {}, extra: Partial<EventOf<'field-change'>> = {}) {
  return fixture.add('field-change', id, t, { field: field(overrides), valueLength: 5, ...extra });
}

/** Enter pressed in a field with no form (`valueLength` characters in it). */
export function enter(fixture: EventFixture, id: string, t: number, overrides: Partial<FieldDescriptor> = {}, valueLength = 8) {
  return fixture.add('key', id, t, { key: 'Enter', field: field(overrides), valueLength, devicePixelRatio: 2 });
}

export function submitForm(
  fixture: EventFixture,
  id: string,
  t: number,
  name: string | null,
  selectors: string[][] = [['form#checkout']],
  extra: Partial<EventOf<'submit'>> = {},
) {
  return fixture.add('submit', id, t, { form: { name, selectors, method: 'post', action: null, fieldCount: 3 }, ...extra });
}

export function scrollTo(fixture: EventFixture, id: string, t: number, scrollY: number, extra: Partial<EventOf<'scroll'>> = {}) {
  return fixture.add('scroll', id, t, { scrollY, maxDepthPct: 50, documentHeight: 4000, viewportHeight: 720, ...extra });
}

export function pause(fixture: EventFixture, id: string, t: number) {
  return fixture.add('pause', id, t, { tabId: null, frameId: null, url: null, pageTitle: null });
}

export function resume(fixture: EventFixture, id: string, t: number) {
  return fixture.add('resume', id, t, { tabId: null, frameId: null, url: null, pageTitle: null, afterInterruption: false });
}

/** An idle gap as the store writes it: before the action `actionId`, dated at the last action. */
export function idle(fixture: EventFixture, actionId: string, sinceT: number, gapMs: number) {
  return fixture.add('idle', `${actionId}:idle`, sinceT, { gapMs, sinceT });
}

/** The page's first DOM change after the click `clickId`. */
export function domChange(fixture: EventFixture, id: string, t: number, clickId: string, mutations = 3) {
  return fixture.add('dom-change', id, t, { forEventId: clickId, delayMs: 0, mutations });
}

/** A message in an alert region (by default in the form the tester sent). */
export function formAlert(fixture: EventFixture, id: string, t: number, text: string, inForm = true) {
  return fixture.add('form-alert', id, t, { text, inForm });
}

export function visibility(fixture: EventFixture, id: string, t: number, state: 'visible' | 'hidden') {
  return fixture.add('visibility', id, t, { state });
}

let annotationCount = 0;

/** An annotation record as the tester layer stores it. */
export function annotation(
  eventId: string | null,
  t: number,
  payload: AnnotationPayload,
  extra: Partial<{ id: string; author: Author; removed: boolean; at: string }> = {},
): AnnotationRecord {
  annotationCount += 1;
  return {
    ...payload,
    id: extra.id ?? `a${annotationCount}`,
    sessionId: 's1',
    eventId,
    t,
    at: extra.at ?? new Date(START_EPOCH_MS + t).toISOString(),
    author: extra.author ?? 'tester',
    updatedAt: null,
    removed: extra.removed ?? false,
  } as AnnotationRecord;
}

export const emotion = (valence: -2 | -1 | 0 | 1 | 2, label: string | null = null): AnnotationPayload => ({ kind: 'emotion', data: { valence, label } });
export const note = (noteKind: 'thought' | 'pain' | 'opportunity' | 'expectation' | 'note', text: string): AnnotationPayload => ({
  kind: 'note',
  data: { noteKind, text },
});
export const stage = (stageId: string): AnnotationPayload => ({ kind: 'stage', data: { stageId } });
export const moment = (on = true): AnnotationPayload => ({ kind: 'moment-of-truth', data: { on } });
