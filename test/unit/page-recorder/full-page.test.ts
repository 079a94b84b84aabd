// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentPath, fullPagePage, viewportBoundElements } from '@/lib/page-recorder/full-page';
import { isOwnScroll } from '@/lib/page-recorder/own-scroll';
import { dispatchTrusted, flush, start, stopRecorders } from './harness';

/** jsdom lays nothing out and cannot scroll: the page's scroll position and height are played here. */
function fakeScrolling(height = 2554) {
  let x = 0;
  let y = 0;
  const scrolls: { top: number; left: number; behavior?: string }[] = [];
  Object.defineProperty(window, 'scrollX', { configurable: true, get: () => x });
  Object.defineProperty(window, 'scrollY', { configurable: true, get: () => y });
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => height });
  window.scrollTo = ((options: ScrollToOptions) => {
    scrolls.push({ top: options.top ?? 0, left: options.left ?? 0, behavior: options.behavior });
    x = options.left ?? x;
    y = Math.min(Math.max(0, options.top ?? y), height - window.innerHeight);
    dispatchTrusted(document, new Event('scroll', { bubbles: true }));
  }) as typeof window.scrollTo;
  return {
    scrolls,
    at(left: number, top: number) {
      x = left;
      y = top;
    },
  };
}

/** A constructed stylesheet jsdom lacks, recording the rules given to it. */
class FakeSheet {
  text = '';
  replaceSync(text: string) {
    this.text = text;
  }
}

function withConstructedSheets(): { adopted: () => FakeSheet[] } {
  let adopted: FakeSheet[] = [];
  Object.defineProperty(document, 'adoptedStyleSheets', {
    configurable: true,
    get: () => adopted,
    set: (sheets: FakeSheet[]) => {
      adopted = sheets;
    },
  });
  (window as unknown as { CSSStyleSheet: unknown }).CSSStyleSheet = FakeSheet;
  return { adopted: () => adopted };
}

const realCSSStyleSheet = window.CSSStyleSheet;

beforeEach(() => {
  vi.useFakeTimers();
  // Animation frames are what the page waits for after each scroll.
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(0), 16));
  document.head.innerHTML = '<style>.sticky { position: sticky; top: 0 } .fixed { position: fixed; bottom: 0 } .gone { display: none }</style>';
  document.body.innerHTML = `
    <header class="sticky" id="header"><p>Free delivery</p></header>
    <main><table><thead class="sticky" id="thead"></thead></table></main>
    <a class="fixed" id="top">Back to top</a>
    <div class="gone"><span class="fixed" id="hidden-fixed"></span></div>
    <parcours-overlay data-parcours-ui=""><div class="fixed" id="own"></div></parcours-overlay>`;
});

afterEach(() => {
  stopRecorders();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete (document as unknown as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
  window.CSSStyleSheet = realCSSStyleSheet;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('viewportBoundElements', () => {
  it('finds sticky and fixed elements, leaving out what is not drawn and Parcours’ own UI', () => {
    const { fixed, sticky } = viewportBoundElements(document);
    expect(sticky.map((element) => element.id)).toEqual(['header', 'thead']);
    expect(fixed.map((element) => element.id)).toEqual(['top']);
  });

  it('looks inside open shadow roots, and not inside a fixed element (hiding it hides its inside)', () => {
    const host = document.createElement('chat-widget');
    document.body.append(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<div id="bubble" style="position: fixed"><span style="position: fixed" id="inner"></span></div>';
    expect(viewportBoundElements(document).fixed.map((element) => element.id)).toEqual(['top', 'bubble']);
  });
});

describe('documentPath', () => {
  it('names exactly the element, for a stylesheet rule', () => {
    for (const id of ['header', 'thead', 'top']) {
      const element = document.getElementById(id) as Element;
      expect(document.querySelectorAll(documentPath(element) as string)).toEqual(document.querySelectorAll(`#${id}`));
    }
    expect(documentPath(document.documentElement)).toBe(':root');
  });

  it('has no document path for an element in a shadow root', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(documentPath(inner)).toBeNull();
  });
});

describe('fullPagePage', () => {
  it('measures the page, lays sticky elements in place and, from the second frame, hides fixed ones, then puts it all back', async () => {
    const page = fakeScrolling();
    page.at(0, 900);
    const sheets = withConstructedSheets();
    const side = fullPagePage(window, { imageWaitMs: 0 });
    expect(side.prepare()).toEqual({ scrollHeight: 2554, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight, devicePixelRatio: 1 });
    const [sheet] = sheets.adopted();
    const header = documentPath(document.getElementById('header') as Element) as string;
    const top = documentPath(document.getElementById('top') as Element) as string;
    expect(sheet?.text).toContain(header);
    expect(sheet?.text).toContain('position: relative !important');
    expect(sheet?.text).not.toContain(top);

    const first = side.scrollTo(0, false);
    await vi.advanceTimersByTimeAsync(40);
    expect(await first).toEqual({ scrollY: 0 });
    expect(sheet?.text).not.toContain(top);
    const second = side.scrollTo(400, true);
    await vi.advanceTimersByTimeAsync(40);
    expect(await second).toEqual({ scrollY: 400 });
    expect(sheet?.text).toMatch(new RegExp(`${top.replace(/[().:>]/g, '\\$&')} \\{ visibility: hidden !important; opacity: 0 !important; \\}`));

    const restored = side.restore();
    await vi.advanceTimersByTimeAsync(40);
    await restored;
    expect(sheets.adopted()).toEqual([]);
    expect(window.scrollY).toBe(900);
    expect(page.scrolls.every((scroll) => scroll.behavior === 'instant')).toBe(true);
    // Nothing of the page's own DOM was touched.
    expect(document.getElementById('header')?.getAttribute('style')).toBeNull();
    expect(side.active).toBe(false);
  });

  it('falls back to inline styles where no constructed stylesheet can go, and puts the page’s own back', async () => {
    fakeScrolling();
    const top = document.getElementById('top') as HTMLElement;
    top.style.setProperty('opacity', '0.9');
    const side = fullPagePage(window, { imageWaitMs: 0 });
    side.prepare();
    expect((document.getElementById('header') as HTMLElement).style.getPropertyValue('position')).toBe('relative');
    expect((document.getElementById('header') as HTMLElement).style.getPropertyPriority('position')).toBe('important');
    const scrolled = side.scrollTo(800, true);
    await vi.advanceTimersByTimeAsync(40);
    await scrolled;
    expect(top.style.getPropertyValue('visibility')).toBe('hidden');
    expect(top.style.getPropertyValue('opacity')).toBe('0');
    const restored = side.restore();
    await vi.advanceTimersByTimeAsync(40);
    await restored;
    expect(top.style.getPropertyValue('opacity')).toBe('0.9');
    expect(top.style.getPropertyValue('visibility')).toBe('');
    expect(document.getElementById('header')?.style.cssText).toBe('');
  });

  it('keeps the first scroll position when asked to prepare again (a request re-sent after a worker restart)', async () => {
    const page = fakeScrolling();
    page.at(0, 1200);
    const side = fullPagePage(window, { imageWaitMs: 0 });
    side.prepare();
    const scrolled = side.scrollTo(800, true);
    await vi.advanceTimersByTimeAsync(40);
    await scrolled;
    side.prepare();
    const restored = side.restore();
    await vi.advanceTimersByTimeAsync(40);
    await restored;
    expect(window.scrollY).toBe(1200);
  });

  it('puts itself back when the background goes quiet mid-capture (a stopped service worker)', async () => {
    const page = fakeScrolling();
    page.at(0, 300);
    const side = fullPagePage(window, { imageWaitMs: 0, safetyMs: 5000 });
    side.prepare();
    const scrolled = side.scrollTo(1600, true);
    await vi.advanceTimersByTimeAsync(40);
    await scrolled;
    expect(isOwnScroll(window)).toBe(true);
    await vi.advanceTimersByTimeAsync(5100);
    expect(side.active).toBe(false);
    expect(window.scrollY).toBe(300);
    expect(isOwnScroll(window)).toBe(false);
    expect((document.getElementById('top') as HTMLElement).style.cssText).toBe('');
  });

  it('waits for images coming into view to load, for a moment at most', async () => {
    fakeScrolling();
    const image = document.createElement('img');
    Object.defineProperty(image, 'complete', { configurable: true, get: () => false });
    image.getBoundingClientRect = () => ({ top: 10, bottom: 200, left: 0, right: 100, width: 100, height: 190, x: 0, y: 10, toJSON: () => null });
    document.body.append(image);
    const side = fullPagePage(window, { imageWaitMs: 600 });
    side.prepare();
    let done = false;
    const scrolled = side.scrollTo(0, false).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    image.dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(0);
    await scrolled;
    expect(done).toBe(true);
    const restored = side.restore();
    await vi.advanceTimersByTimeAsync(40);
    await restored;
  });

  it('records none of its own scrolling as the tester’s, and the tester’s scroll from before once the page is back', async () => {
    const page = fakeScrolling();
    const { ofKind } = start();
    await flush();
    // The tester scrolls to 500, and asks for a full page before the scroll run is over.
    page.at(0, 500);
    dispatchTrusted(document, new Event('scroll', { bubbles: true }));
    const side = fullPagePage(window, { imageWaitMs: 0 });
    side.prepare();
    for (const y of [0, 800, 1600, 1754]) {
      const scrolled = side.scrollTo(y, y > 0);
      await vi.advanceTimersByTimeAsync(500);
      await scrolled;
    }
    expect(ofKind('scroll')).toEqual([]);
    const restored = side.restore();
    await vi.advanceTimersByTimeAsync(40);
    await restored;
    await vi.advanceTimersByTimeAsync(1000);
    expect(ofKind('scroll').map((event) => event.scrollY)).toEqual([500]);
  });
});
