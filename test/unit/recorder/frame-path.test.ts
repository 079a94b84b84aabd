import { describe, expect, it, vi } from 'vitest';
import type { ChildFrameInfo } from '@/lib/messaging/protocol';
import { type FrameNode, type FramePathDeps, matchChildFrame, resolveFrameLocation } from '@/lib/recorder/frame-path';

function child(src: string, overrides: Partial<ChildFrameInfo> = {}): ChildFrameInfo {
  return {
    src,
    selectors: [`iframe[src="${src}"]`],
    rect: { x: 0, y: 0, width: 300, height: 200 },
    inset: { x: 0, y: 0 },
    index: 0,
    contentWidth: 300,
    contentHeight: 200,
    ...overrides,
  };
}

/** A tab's frame tree and, for each frame, the iframes its content script reports. */
function deps(frames: FrameNode[], children: Record<number, ChildFrameInfo[]>) {
  const describeChildren = vi.fn(async (_tabId: number, frameId: number) => {
    const found = children[frameId];
    if (!found) throw new Error(`no content script in frame ${frameId}`);
    return found;
  });
  const framesOf = vi.fn(async (_tabId: number) => frames);
  const ports: FramePathDeps = { frames: framesOf, describeChildren };
  return { ports, describeChildren, framesOf };
}

const TOP: FrameNode = { frameId: 0, parentFrameId: -1, url: 'https://shop.example/checkout' };

describe('resolveFrameLocation', () => {
  it('returns null for the top frame without asking anything', async () => {
    const { ports, framesOf, describeChildren } = deps([TOP], {});
    expect(await resolveFrameLocation(7, 0, ports)).toBeNull();
    expect(framesOf).not.toHaveBeenCalled();
    expect(describeChildren).not.toHaveBeenCalled();
  });

  it('places a direct child frame: its iframe selectors, its offset (rect + inset) and its index', async () => {
    const { ports, describeChildren } = deps([TOP, { frameId: 3, parentFrameId: 0, url: 'https://pay.example/card' }], {
      0: [
        child('https://ads.example/banner', { index: 0, selectors: ['#ad'] }),
        child('https://pay.example/card', { index: 1, selectors: ['#pay'], rect: { x: 40, y: 300, width: 400, height: 250 }, inset: { x: 2, y: 3 } }),
      ],
    });
    expect(await resolveFrameLocation(7, 3, ports)).toEqual({ iframeSelectors: [['#pay']], offset: { x: 42, y: 303 }, indexPath: [1] });
    expect(describeChildren).toHaveBeenCalledWith(7, 0);
  });

  it('adds up the offsets of nested frames and lists selectors and indexes outermost first', async () => {
    const frames: FrameNode[] = [
      TOP,
      { frameId: 4, parentFrameId: 0, url: 'https://pay.example/outer' },
      { frameId: 9, parentFrameId: 4, url: 'https://bank.example/inner' },
    ];
    const { ports } = deps(frames, {
      0: [
        child('https://pay.example/outer', {
          index: 0,
          selectors: ['my-widget', 'iframe.pay'],
          rect: { x: 10, y: 20, width: 1, height: 1 },
          inset: { x: 1, y: 2 },
        }),
      ],
      4: [
        child('https://other.example/', { index: 0 }),
        child('https://bank.example/inner', { index: 1, selectors: ['iframe#bank'], rect: { x: 5, y: 7, width: 1, height: 1 }, inset: { x: 3, y: 4 } }),
      ],
    });
    expect(await resolveFrameLocation(1, 9, ports)).toEqual({
      iframeSelectors: [['my-widget', 'iframe.pay'], ['iframe#bank']],
      offset: { x: 10 + 1 + 5 + 3, y: 20 + 2 + 7 + 4 },
      indexPath: [0, 1],
    });
  });

  it('returns null when a frame of the chain cannot be matched to an iframe', async () => {
    const frames: FrameNode[] = [TOP, { frameId: 2, parentFrameId: 0, url: 'https://pay.example/card' }];
    const { ports } = deps(frames, { 0: [child('https://a.example/'), child('https://b.example/')] });
    expect(await resolveFrameLocation(1, 2, ports)).toBeNull();
  });

  it('returns null when the frame or its parent is unknown', async () => {
    const { ports } = deps([TOP, { frameId: 2, parentFrameId: 5, url: 'https://pay.example/' }], { 0: [], 5: [] });
    expect(await resolveFrameLocation(1, 8, ports)).toBeNull();
    expect(await resolveFrameLocation(1, 2, ports)).toBeNull();
  });

  it('gives up on a frame tree that loops instead of spinning forever', async () => {
    const frames: FrameNode[] = [
      { frameId: 1, parentFrameId: 2, url: 'https://a.example/' },
      { frameId: 2, parentFrameId: 1, url: 'https://b.example/' },
    ];
    const { ports, describeChildren } = deps(frames, { 1: [child('https://b.example/')], 2: [child('https://a.example/')] });
    expect(await resolveFrameLocation(1, 1, ports)).toBeNull();
    expect(describeChildren.mock.calls.length).toBeLessThanOrEqual(17);
  });
});

describe('matchChildFrame', () => {
  it('matches by exact URL first, the first of several', () => {
    const first = child('https://pay.example/card', { index: 1 });
    const second = child('https://pay.example/card', { index: 2 });
    expect(matchChildFrame([child('https://pay.example/other', { index: 0 }), first, second], 'https://pay.example/card')).toBe(first);
  });

  it('falls back to the only iframe of the same origin (the frame navigated inside itself)', () => {
    const sameOrigin = child('https://pay.example/start', { index: 1 });
    expect(matchChildFrame([child('https://ads.example/', { index: 0 }), sameOrigin], 'https://pay.example/step-2')).toBe(sameOrigin);
  });

  it('does not guess between several iframes of the same origin', () => {
    const children = [child('https://pay.example/a'), child('https://pay.example/b'), child('https://ads.example/')];
    expect(matchChildFrame(children, 'https://pay.example/c')).toBeNull();
  });

  it('takes the single iframe when there is only one, whatever its src', () => {
    const only = child('about:blank');
    expect(matchChildFrame([only], 'https://pay.example/card')).toBe(only);
  });

  it('returns null when nothing matches, and for no iframes at all', () => {
    expect(matchChildFrame([child('https://a.example/'), child('https://b.example/')], 'https://c.example/')).toBeNull();
    expect(matchChildFrame([], 'https://c.example/')).toBeNull();
  });
});
