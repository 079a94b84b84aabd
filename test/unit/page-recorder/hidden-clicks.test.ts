// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { click, dispatchTrusted, flush, forged, press, start, stopRecorders } from './harness';

/** The tester's release of the primary button (jsdom has no PointerEvent: a MouseEvent carries its fields). */
function release(target: Element, type: 'pointerup' | 'mouseup' = 'pointerup', pointerType = 'mouse'): void {
  const event = new MouseEvent(type, { bubbles: true, composed: true, cancelable: true, button: 0, clientX: 42, clientY: 27 });
  if (type === 'pointerup') {
    Object.defineProperty(event, 'isPrimary', { value: true });
    Object.defineProperty(event, 'pointerType', { value: pointerType });
  }
  dispatchTrusted(target, event);
}

/** The tester's whole click, as the browser fires it: press, release, then the click (same task as the release). */
function fullClick(target: Element): void {
  press(target);
  release(target);
  release(target, 'mouseup');
  click(target);
}

/** A page listener on window, in the capture phase, registered before the recorder: it hides these events. */
function wall(types: string[]): () => void {
  const stop = (event: Event) => event.stopImmediatePropagation();
  for (const type of types) window.addEventListener(type, stop, true);
  return () => {
    for (const type of types) window.removeEventListener(type, stop, true);
  };
}

/**
 * A hidden click is recorded in the task after its release, and its batch leaves in the task after that: a
 * timer of 0 set inside a fake timer's callback is due a millisecond later (the fake clock's rule against
 * endless loops), hence the second step.
 */
async function settle(): Promise<void> {
  await flush();
  await vi.advanceTimersByTimeAsync(1);
}

let removeWall: (() => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<button type="button" id="add">Add to basket</button><button type="button" id="off" disabled>Sold out</button>';
});

afterEach(() => {
  stopRecorders();
  removeWall?.();
  removeWall = null;
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('clicks a page hides from a recorder that joined it late', () => {
  it('recovers a click the page stopped at window capture, with its press’s target and screenshot', async () => {
    removeWall = wall(['click']);
    const { ofKind, clickShots } = start();
    await settle();
    fullClick(document.getElementById('add')!);
    expect(ofKind('click')).toHaveLength(0);
    await settle();
    const clicks = ofKind('click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ target: { name: 'Add to basket' }, pointerType: 'mouse', clickCount: 1 });
    // The screenshot asked for at the press is the click's.
    expect(clickShots().map((shot) => shot.eventId)).toEqual([clicks[0]?.id]);
  });

  it('recovers it from the release alone when the page stopped the press too, described before the page reacted', async () => {
    const button = document.getElementById('add')!;
    // The page's own handling of the click it stops renames the button (as a toggle does).
    const rename = () => {
      button.textContent = 'In your basket';
    };
    window.addEventListener('click', rename, true);
    removeWall = wall(['pointerdown', 'click']);
    const { ofKind, clickShots } = start();
    await settle();
    fullClick(button);
    window.removeEventListener('click', rename, true);
    expect(button.textContent).toBe('In your basket');
    await settle();
    const clicks = ofKind('click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ target: { name: 'Add to basket' }, point: { x: 42, y: 27 } });
    expect(clickShots()).toMatchObject([{ eventId: clicks[0]?.id, point: { x: 42, y: 27 } }]);
  });

  it('records a click the page lets through once, not again from its release', async () => {
    const { ofKind, clickShots } = start();
    await settle();
    fullClick(document.getElementById('add')!);
    await settle();
    expect(ofKind('click')).toHaveLength(1);
    expect(clickShots()).toHaveLength(1);
  });

  it('waits for a tap’s click, which may come a while after its pointerup', async () => {
    const { ofKind } = start();
    await settle();
    const button = document.getElementById('add')!;
    press(button, { pointerType: 'touch' });
    release(button, 'pointerup', 'touch');
    await vi.advanceTimersByTimeAsync(300);
    release(button, 'mouseup');
    click(button);
    await settle();
    expect(ofKind('click')).toHaveLength(1);
  });

  it('invents no click where the browser fires none: a disabled control, a pressed node the page removed, a release a script dispatched', async () => {
    removeWall = wall(['click']);
    const { ofKind } = start();
    await settle();
    release(document.getElementById('off')!);
    await settle();
    const add = document.getElementById('add')!;
    press(add);
    add.remove();
    release(document.body);
    await settle();
    forged(document.body, new MouseEvent('pointerup', { bubbles: true, button: 0 }));
    await settle();
    expect(ofKind('click')).toHaveLength(0);
  });

  it('does not look for hidden clicks in a page it entered at document_start (its listeners come first there)', async () => {
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    try {
      removeWall = wall(['click']);
      const { ofKind } = start();
      await settle();
      fullClick(document.getElementById('add')!);
      await settle();
      // Here the wall was registered first only because the test did so; in a real page ours would be.
      expect(ofKind('click')).toHaveLength(0);
    } finally {
      readyState.mockRestore();
    }
  });
});
