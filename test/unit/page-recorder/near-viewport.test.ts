import { describe, expect, it } from 'vitest';
import { trackNearViewport } from '@/lib/page-recorder/near-viewport';

/** An IntersectionObserver the test drives: `report` delivers entries as the browser would after a frame. */
class FakeObserver {
  static last: FakeObserver | null = null;
  readonly targets = new Set<object>();
  disconnected = false;
  constructor(
    readonly callback: (entries: { target: object; isIntersecting: boolean }[]) => void,
    readonly options: { rootMargin?: string },
  ) {
    FakeObserver.last = this;
  }
  observe(target: object) {
    this.targets.add(target);
  }
  unobserve(target: object) {
    this.targets.delete(target);
  }
  disconnect() {
    this.disconnected = true;
    this.targets.clear();
  }
  report(target: object, isIntersecting: boolean) {
    this.callback([{ target, isIntersecting }]);
  }
}

const element = () => ({}) as Element;

describe('trackNearViewport', () => {
  it('says an element may be near until the browser measured it far, with two viewports of margin', () => {
    const near = trackNearViewport({ IntersectionObserver: FakeObserver } as unknown as Window);
    const observer = FakeObserver.last as FakeObserver;
    expect(observer.options.rootMargin).toBe('200%');
    const cell = element();
    near.watch(cell);
    expect(observer.targets.has(cell)).toBe(true);
    // Not measured yet: it may be near.
    expect(near.mayBeNear(cell)).toBe(true);
    observer.report(cell, false);
    expect(near.mayBeNear(cell)).toBe(false);
    observer.report(cell, true);
    expect(near.mayBeNear(cell)).toBe(true);
    observer.report(cell, false);
    near.forget(cell);
    expect(observer.targets.has(cell)).toBe(false);
    expect(near.mayBeNear(cell)).toBe(true);
    near.stop();
    expect(observer.disconnected).toBe(true);
  });

  it('wakes a block set aside once, when the browser next measures it near', () => {
    const near = trackNearViewport({ IntersectionObserver: FakeObserver } as unknown as Window);
    const observer = FakeObserver.last as FakeObserver;
    const cell = element();
    let woken = 0;
    near.onNear(cell, () => woken++);
    expect(observer.targets.has(cell)).toBe(true);
    observer.report(cell, false);
    expect(woken).toBe(0);
    observer.report(cell, true);
    observer.report(cell, false);
    observer.report(cell, true);
    expect(woken).toBe(1);
    // Forgotten: no wake.
    const other = element();
    near.onNear(other, () => woken++);
    near.forget(other);
    observer.report(other, true);
    expect(woken).toBe(1);
    near.stop();
  });

  it('without the API, never calls anything far, and wakes at once', () => {
    let woken = false;
    trackNearViewport({} as Window).onNear(element(), () => {
      woken = true;
    });
    expect(woken).toBe(true);
    const near = trackNearViewport({} as Window);
    const cell = element();
    near.watch(cell);
    expect(near.mayBeNear(cell)).toBe(true);
    near.forget(cell);
    near.stop();
  });
});
