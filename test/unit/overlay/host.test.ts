// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CAPTURING_ATTRIBUTE, createOverlayHost } from '@/lib/overlay/host';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.documentElement.querySelector('parcours-overlay')?.remove();
});

describe('the overlay host during a capture', () => {
  it('is painted transparent, yet stays in the way of the pointer, and comes back after the capture', async () => {
    vi.useFakeTimers();
    const host = createOverlayHost(document, '');
    host.mount.append(document.createElement('section'));
    // jsdom lays nothing out: the toolbar is given the box a browser would draw it in.
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 960, y: 500, width: 300, height: 200 }));
    const hiding = host.hideForCapture();
    await vi.advanceTimersByTimeAsync(100);
    // Where it was, shadow included, so a stream frame's box can be taken from a frame painted without it.
    expect(await hiding).toMatchObject({ rect: { x: 928, y: 468, width: 364, height: 264 }, viewportWidth: window.innerWidth });
    expect(host.host.hasAttribute(CAPTURING_ATTRIBUTE)).toBe(true);
    // The overlay's own stylesheet paints a capturing host transparent, over the host's inline `all: initial`.
    // (jsdom has no constructed stylesheets: the host falls back to a <style> in its root.)
    const adopted = (host.root.adoptedStyleSheets ?? []).flatMap((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText));
    const css = [...adopted, ...Array.from(host.root.querySelectorAll('style'), (style) => style.textContent ?? '')].join('\n');
    expect(css).toMatch(/:host\(\[data-parcours-capturing\]\)\s*\{\s*opacity: 0 !important;?\s*\}/);
    expect(host.host.style.getPropertyValue('opacity')).toBe('');
    // Not hidden: a click on the toolbar during the capture still reaches it, not the page beneath.
    expect(host.host.style.getPropertyValue('visibility')).toBe('');
    expect(host.host.style.getPropertyValue('display')).toBe('');
    host.showAfterCapture();
    expect(host.host.hasAttribute(CAPTURING_ATTRIBUTE)).toBe(false);
  });

  it('comes back by itself when nobody says the capture is over (a worker stopped meanwhile)', async () => {
    vi.useFakeTimers();
    const host = createOverlayHost(document, '');
    host.mount.append(document.createElement('section'));
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 960, y: 500, width: 300, height: 200 }));
    const hiding = host.hideForCapture();
    await vi.advanceTimersByTimeAsync(100);
    await hiding;
    expect(host.host.hasAttribute(CAPTURING_ATTRIBUTE)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(host.host.hasAttribute(CAPTURING_ATTRIBUTE)).toBe(false);
  });
});

describe('the overlay host with nothing drawn', () => {
  it('hides nothing and says so (null): there is no box to take out of a frame', async () => {
    const host = createOverlayHost(document, '');
    expect(await host.hideForCapture()).toBeNull();
    expect(host.host.hasAttribute(CAPTURING_ATTRIBUTE)).toBe(false);
  });
});
