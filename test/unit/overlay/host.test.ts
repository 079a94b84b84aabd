// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOverlayHost } from '@/lib/overlay/host';

afterEach(() => {
  vi.useRealTimers();
  document.documentElement.querySelector('parcours-overlay')?.remove();
});

describe('the overlay host during a capture', () => {
  it('is painted transparent, yet stays in the way of the pointer, and comes back after the capture', async () => {
    vi.useFakeTimers();
    const host = createOverlayHost(document, '');
    const hiding = host.hideForCapture();
    await vi.advanceTimersByTimeAsync(100);
    expect(await hiding).toBe(true);
    expect(host.host.style.getPropertyValue('opacity')).toBe('0');
    // Not hidden: a click on the toolbar during the capture still reaches it, not the page beneath.
    expect(host.host.style.getPropertyValue('visibility')).toBe('');
    expect(host.host.style.getPropertyValue('display')).toBe('');
    host.showAfterCapture();
    expect(host.host.style.getPropertyValue('opacity')).toBe('');
  });

  it('comes back by itself when nobody says the capture is over (a worker stopped meanwhile)', async () => {
    vi.useFakeTimers();
    const host = createOverlayHost(document, '');
    const hiding = host.hideForCapture();
    await vi.advanceTimersByTimeAsync(100);
    await hiding;
    await vi.advanceTimersByTimeAsync(1_500);
    expect(host.host.style.getPropertyValue('opacity')).toBe('');
  });
});
