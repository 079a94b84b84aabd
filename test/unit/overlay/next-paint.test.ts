import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextPaint, PAINT_WAIT_MS } from '@/lib/overlay/next-paint';

/** A window whose animation frames run only when the test says so, as a loaded machine delays them. */
function slowWindow(visibilityState: DocumentVisibilityState) {
  const callbacks: FrameRequestCallback[] = [];
  const win = {
    document: { visibilityState },
    requestAnimationFrame: (callback: FrameRequestCallback) => callbacks.push(callback),
  } as unknown as Window;
  const frame = () => {
    for (const callback of callbacks.splice(0)) callback(performance.now());
  };
  return { win, frame };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('waiting for a page to paint a change', () => {
  it('waits out slow frames on a visible page, and answers with the time the painting frame began', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const { win, frame } = slowWindow('visible');
    let paintedAt: number | null = null;
    void nextPaint(win).then((at) => {
      paintedAt = at;
    });
    // 300 ms to the first frame: past the old 80 ms cap, which answered before the change was on screen.
    await vi.advanceTimersByTimeAsync(300);
    expect(paintedAt).toBeNull();
    frame();
    const firstFrameAt = Date.now();
    await vi.advanceTimersByTimeAsync(200);
    expect(paintedAt).toBeNull();
    frame();
    await vi.advanceTimersByTimeAsync(0);
    expect(paintedAt).toBe(firstFrameAt);
  });

  it('gives up after PAINT_WAIT_MS when the page never paints', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const { win } = slowWindow('visible');
    let paintedAt: number | null = null;
    void nextPaint(win).then((at) => {
      paintedAt = at;
    });
    await vi.advanceTimersByTimeAsync(PAINT_WAIT_MS - 1);
    expect(paintedAt).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(paintedAt).toBe(10_000);
  });

  it('does not wait on a hidden tab, which runs no animation frames', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const { win } = slowWindow('hidden');
    let paintedAt: number | null = null;
    void nextPaint(win).then((at) => {
      paintedAt = at;
    });
    await vi.advanceTimersByTimeAsync(80);
    expect(paintedAt).toBe(10_000);
  });
});
