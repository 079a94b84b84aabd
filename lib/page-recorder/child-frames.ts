import { shadowChain, uniqueCss } from '../capture/selectors';
import type { ChildFrameInfo } from '../messaging/protocol';
import { BALANCED, type Masker } from '../privacy/masker';

/** Describes this document's iframes so the background can place a child frame's clicks in the tab (their selectors masked). */
export function describeChildFrames(doc: Document, masker: Masker = BALANCED): ChildFrameInfo[] {
  const frames = Array.from(doc.querySelectorAll('iframe, frame')) as HTMLIFrameElement[];
  return frames.map((frame, index) => {
    const rect = frame.getBoundingClientRect();
    const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
    const padding = (side: 'Left' | 'Top') => Number.parseFloat(style?.[`padding${side}`] ?? '0') || 0;
    return {
      src: frame.src,
      selectors: shadowChain(frame).map(({ element, root }) => uniqueCss(element, root, masker)),
      rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      inset: { x: frame.clientLeft + padding('Left'), y: frame.clientTop + padding('Top') },
      index,
      contentWidth: frame.clientWidth,
      contentHeight: frame.clientHeight,
    };
  });
}
