import { epochNow } from '../capture/clock';
import { describeTarget, resolveTarget } from '../capture/describe';
import type { Point, TargetDescriptor } from '../capture/events';
import { fromOwnUi, listen, type RecorderPart, safely } from './context';
import { watchDomReactions } from './dom-reaction';

interface PendingPress {
  id: string;
  element: Element;
  target: TargetDescriptor;
  point: Point;
  epochMs: number;
}

/** Pointer coordinates are fractional: a tenth of a CSS pixel is plenty. */
function pointOf(event: MouseEvent): Point {
  return { x: Math.round(event.clientX * 10) / 10, y: Math.round(event.clientY * 10) / 10 };
}

/** A press older than this is not the origin of a click (long presses, drags). */
const PRESS_TO_CLICK_MS = 5_000;

interface Release {
  element: Element;
  /** Described at the release, before the page's click handlers change it, unless its press was. */
  target: TargetDescriptor | null;
  point: Point;
  epochMs: number;
  pointerType: string;
}

/**
 * Whether the recorder joined a page whose scripts already ran (injected into the page open at Start): the
 * page's own window listeners then come before ours, and one that stops a click there
 * (`stopImmediatePropagation` in the capture phase) hides it from us. At document_start no script has run.
 */
function joinedLate(doc: Document): boolean {
  return doc.readyState !== 'loading' || doc.scripts.length > 0;
}

/**
 * Clicks: at pointer-down the screenshot is requested at once (so it shows what the tester saw) and the
 * target is described before the page reacts; the click then reuses both. A click without a press
 * (keyboard activation) is described and captured on the spot. The page's first DOM change after the click
 * is reported too (see dom-reaction.ts).
 *
 * In a page the recorder joined late (see joinedLate), a click the page stopped before us is recovered from
 * its release: the browser fires the click right after `pointerup` / `mouseup`, in the same task, so a
 * trusted release with no click seen by the next task is a click the page hid (for a touch, its mouseup). It is recorded from the
 * release (with its press when we saw one), never for a disabled control (the browser fires no click there).
 */
export const recordClicks: RecorderPart = (context) => {
  let pending: PendingPress | null = null;
  const reactions = watchDomReactions(context.window, context.emit, context.isRecording);

  const stopPress = listen(context.window, ['pointerdown'], (raw) => {
    const event = raw as PointerEvent;
    if (!context.isRecording() || !event.isPrimary || event.button !== 0 || fromOwnUi(event)) return;
    const epochMs = epochNow();
    const id = context.newId();
    const point = pointOf(event);
    context.requestScreenshot(id, point, epochMs, 'click');
    const element = resolveTarget(event.composedPath());
    pending = element ? { id, element, target: describeTarget(element, context.masker()), point, epochMs } : null;
    if (element) reactions.pressed(element);
  });

  const record = (element: Element, epochMs: number, eventPoint: Point, pointerType: string, clickCount: number, described: TargetDescriptor | null = null) => {
    const press = pending;
    pending = null;
    const fromPress = press && epochMs - press.epochMs < PRESS_TO_CLICK_MS && related(press.element, element) ? press : null;
    const id = fromPress?.id ?? context.newId();
    // The point the screenshot marks is where the press was.
    const point = fromPress?.point ?? eventPoint;
    if (!fromPress) context.requestScreenshot(id, point, epochMs, 'click');
    context.emit({
      kind: 'click',
      id,
      epochMs,
      target: fromPress?.target ?? described ?? describeTarget(element, context.masker()),
      point,
      button: 0,
      pointerType,
      devicePixelRatio: context.window.devicePixelRatio || 1,
      frame: null,
      clickCount,
    });
    reactions.clicked(id, epochMs, element, fromPress != null);
  };

  // The latest release not yet followed by a click (only in a page joined late).
  let release: Release | null = null;
  const stopClick = listen(context.window, ['click'], (raw) => {
    release = null;
    const event = raw as MouseEvent;
    if (!context.isRecording() || event.button !== 0 || fromOwnUi(event)) return;
    const element = resolveTarget(event.composedPath());
    if (!element) return;
    record(element, epochNow(), pointOf(event), (event as PointerEvent).pointerType || (event.detail === 0 ? 'keyboard' : 'mouse'), event.detail);
  });

  const stopRelease = joinedLate(context.window.document)
    ? listen(context.window, ['pointerup', 'mouseup'], (raw) => {
        const event = raw as PointerEvent;
        // One release per gesture: `mouseup` follows `pointerup` in the same task.
        if (release || !context.isRecording() || event.isPrimary === false || event.button !== 0 || fromOwnUi(event)) return;
        // A tap's click may come a while after its pointerup (the browser waits to tell it from a double tap);
        // its compatibility mouseup comes with the click.
        if (event.type === 'pointerup' && event.pointerType !== 'mouse' && event.pointerType !== 'pen') return;
        const element = resolveTarget(event.composedPath());
        if (!element || element.closest(':disabled')) return;
        const epochMs = epochNow();
        const press = pending && epochMs - pending.epochMs < PRESS_TO_CLICK_MS ? pending : null;
        // A press on a node the page removed since: the browser fires no click (no common ancestor).
        if (press && !press.element.isConnected) return;
        const target = press && related(press.element, element) ? null : describeTarget(element, context.masker());
        const seen: Release = { element, target, point: pointOf(event), epochMs, pointerType: event.pointerType || 'mouse' };
        release = seen;
        setTimeout(
          safely(() => {
            if (release !== seen) return;
            release = null;
            if (context.isRecording()) record(seen.element, seen.epochMs, seen.point, seen.pointerType, 1, seen.target);
          }, 'hidden click'),
          0,
        );
      })
    : () => undefined;

  return () => {
    stopPress();
    stopClick();
    stopRelease();
    reactions.stop();
  };
};

function related(a: Element, b: Element): boolean {
  return a === b || a.contains(b) || b.contains(a);
}
