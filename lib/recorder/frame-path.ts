import type { FrameLocation } from '../capture/events';
import type { ChildFrameInfo } from '../messaging/protocol';

export interface FrameNode {
  frameId: number;
  parentFrameId: number;
  url: string;
}

export interface FramePathDeps {
  frames(tabId: number): Promise<FrameNode[]>;
  describeChildren(tabId: number, frameId: number): Promise<ChildFrameInfo[]>;
}

/** Picks the iframe element that hosts a child frame: same URL first, then the only candidate. */
export function matchChildFrame(children: ChildFrameInfo[], childUrl: string): ChildFrameInfo | null {
  const sameUrl = children.filter((child) => child.src === childUrl);
  if (sameUrl.length >= 1) return sameUrl[0] ?? null;
  const childOrigin = originOf(childUrl);
  const sameOrigin = childOrigin == null ? [] : children.filter((child) => originOf(child.src) === childOrigin);
  if (sameOrigin.length === 1) return sameOrigin[0] ?? null;
  return children.length === 1 ? (children[0] ?? null) : null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Where a frame sits in its tab, found by asking each ancestor frame's content script about its iframes.
 * A cross-origin child cannot see its parent, but the parent can see its iframe elements. Returns null for
 * the top frame or when the chain cannot be established (the event is still recorded, without placement).
 */
export async function resolveFrameLocation(tabId: number, frameId: number, deps: FramePathDeps): Promise<FrameLocation | null> {
  if (frameId === 0) return null;
  const frames = await deps.frames(tabId);
  const byId = new Map(frames.map((frame) => [frame.frameId, frame]));
  const location: FrameLocation = { iframeSelectors: [], offset: { x: 0, y: 0 }, indexPath: [] };
  let current = byId.get(frameId);
  let guard = 0;
  while (current && current.frameId !== 0 && guard++ < 16) {
    const parent = byId.get(current.parentFrameId);
    if (!parent) return null;
    const children = await deps.describeChildren(tabId, parent.frameId);
    const match = matchChildFrame(children, current.url);
    if (!match) return null;
    location.iframeSelectors.unshift(match.selectors);
    location.indexPath.unshift(match.index);
    location.offset = {
      x: location.offset.x + match.rect.x + match.inset.x,
      y: location.offset.y + match.rect.y + match.inset.y,
    };
    current = parent;
  }
  return current?.frameId === 0 ? location : null;
}
