import { render } from 'preact';
import type { NoteKind } from '@/lib/annotations/types';
import type { NoteClosed } from '@/lib/messaging/protocol';
import { createOverlayHost, type OverlayHost } from '@/lib/overlay/host';
import type { OverlayLayout } from '@/lib/overlay/layout';
import { Overlay, type OverlayActions, type OverlayHandle } from './Overlay';
import css from './overlay.css?inline';

export interface MountedOverlay {
  host: OverlayHost;
  openNote(kind: NoteKind): void;
  refresh(): void;
  toggleCollapsed(): void;
  feedback(text: string): void;
  noteClosed(closed: NoteClosed): void;
  setPicking(active: boolean): void;
  unmount(): void;
}

/** Puts the overlay in the page (top frame only) and returns the handles the content script drives. */
export function mountOverlay(doc: Document, actions: OverlayActions, layout: OverlayLayout, saveLayout: (layout: OverlayLayout) => void): MountedOverlay {
  const host = createOverlayHost(doc, css);
  let handle: OverlayHandle | null = null;
  render(
    <Overlay
      actions={actions}
      bind={(bound) => (handle = bound)}
      initialPosition={layout.position}
      initialCollapsed={layout.collapsed}
      onLayout={saveLayout}
    />,
    host.mount,
  );
  return {
    host,
    openNote: (kind) => handle?.openNote(kind),
    refresh: () => handle?.refresh(),
    toggleCollapsed: () => handle?.toggleCollapsed(),
    feedback: (text) => handle?.feedback(text),
    noteClosed: (closed) => handle?.noteClosed(closed),
    setPicking: (active) => handle?.setPicking(active),
    unmount: () => {
      render(null, host.mount);
      host.remove();
    },
  };
}
