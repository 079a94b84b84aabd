import { epochNow } from '../capture/clock';
import { describeTarget, resolveTarget } from '../capture/describe';
import type { Point, TargetDescriptor } from '../capture/events';
import { fromOwnUi, listen, type RecorderPart } from './context';
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

/**
 * Clicks: at pointer-down the screenshot is requested at once (so it shows what the tester saw) and the
 * target is described before the page reacts; the click then reuses both. A click without a press
 * (keyboard activation) is described and captured on the spot. The page's first DOM change after the click
 * is reported too (see dom-reaction.ts).
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

  const stopClick = listen(context.window, ['click'], (raw) => {
    const event = raw as MouseEvent;
    if (!context.isRecording() || event.button !== 0 || fromOwnUi(event)) return;
    const element = resolveTarget(event.composedPath());
    if (!element) return;
    const epochMs = epochNow();
    const press = pending;
    pending = null;
    const fromPress = press && epochMs - press.epochMs < PRESS_TO_CLICK_MS && related(press.element, element) ? press : null;
    const id = fromPress?.id ?? context.newId();
    // The point the screenshot marks is where the press was.
    const point = fromPress?.point ?? pointOf(event);
    if (!fromPress) context.requestScreenshot(id, point, epochMs, 'click');
    context.emit({
      kind: 'click',
      id,
      epochMs,
      target: fromPress?.target ?? describeTarget(element, context.masker()),
      point,
      button: event.button,
      pointerType: (event as PointerEvent).pointerType || (event.detail === 0 ? 'keyboard' : 'mouse'),
      devicePixelRatio: context.window.devicePixelRatio || 1,
      frame: null,
      clickCount: event.detail,
    });
    reactions.clicked(id, epochMs, element, fromPress != null);
  });

  return () => {
    stopPress();
    stopClick();
    reactions.stop();
  };
};

function related(a: Element, b: Element): boolean {
  return a === b || a.contains(b) || b.contains(a);
}
