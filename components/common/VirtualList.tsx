import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listWindow } from '@/lib/virtual-window';

/**
 * A long list in a page that scrolls as a whole, drawing only the items near the viewport. Items may differ
 * in height: each is measured once drawn (and again when it changes, say a note is added), and estimated
 * until then. `render` draws one item as an `<li>` carrying the `ref` given.
 */
export function VirtualList<T>({
  items,
  keyOf,
  estimate,
  render,
  class: className,
  label,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  estimate: number;
  render: (item: T, index: number, ref: (element: HTMLElement | null) => void) => ComponentChildren;
  class?: string;
  label?: string;
}) {
  const list = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [view, setView] = useState({ top: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight });
  const [, setMeasured] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const elements = useRef(new Map<Element, string>());
  // The list's own gap between items belongs to each item's share of the height.
  const gap = useRef(0);

  useEffect(() => {
    const update = () => {
      const element = list.current;
      if (element) setView({ top: -element.getBoundingClientRect().top, height: window.innerHeight });
    };
    if (list.current) gap.current = Number.parseFloat(getComputedStyle(list.current).rowGap) || 0;
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    observer.current = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const key = elements.current.get(entry.target);
        const height = (entry.target as HTMLElement).offsetHeight + gap.current;
        if (key != null && height > 0 && heights.current.get(key) !== height) {
          heights.current.set(key, height);
          changed = true;
        }
      }
      if (changed) setMeasured((count) => count + 1);
    });
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      observer.current?.disconnect();
    };
  }, []);
  // The list moves when content above it changes (a status line, a form): its own top is read again.
  useLayoutEffect(() => {
    // Items scrolled out of the window are no longer watched.
    for (const [element] of elements.current) {
      if (element.isConnected) continue;
      observer.current?.unobserve(element);
      elements.current.delete(element);
    }
    const element = list.current;
    if (!element) return;
    const top = -element.getBoundingClientRect().top;
    if (Math.abs(top - view.top) > 1) setView({ top, height: window.innerHeight });
  });

  const sizes = items.map((item) => heights.current.get(keyOf(item)) ?? estimate + gap.current);
  const { first, last, before, after } = listWindow(sizes, view.top, view.height);
  const track = (key: string) => (element: HTMLElement | null) => {
    if (!element || elements.current.get(element) === key) return;
    elements.current.set(element, key);
    observer.current?.observe(element);
  };
  return (
    <ol class={className} ref={list} aria-label={label} style={{ paddingTop: `${before}px`, paddingBottom: `${after}px` }}>
      {items.slice(first, last).map((item, offset) => render(item, first + offset, track(keyOf(item))))}
    </ol>
  );
}
