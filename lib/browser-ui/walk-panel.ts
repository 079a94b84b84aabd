/**
 * The walk's panel beside the page: Chrome's side panel (`sidePanel`, MV3) or Firefox's sidebar
 * (`sidebar_action`, both built from entrypoints/sidepanel). The one place that tells them apart.
 */

/** The parts of the browser's API used here; each browser has one of the two. */
export interface WalkPanelApi {
  sidePanel?: { open(options: { windowId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
  windows: { getCurrent(): Promise<{ id?: number }> };
}

export type WalkPanelKind = 'side-panel' | 'sidebar' | null;

/** Which panel this browser has (the popup names its button after it), or null for neither. */
export function walkPanelKind(api: Partial<WalkPanelApi>): WalkPanelKind {
  if (api.sidebarAction) return 'sidebar';
  if (api.sidePanel) return 'side-panel';
  return null;
}

/**
 * Opens the panel for the current window. Must be called from a click: Firefox opens a sidebar only in the
 * handler of a user action, so `sidebarAction.open()` is called before anything is awaited.
 */
export async function openWalkPanel(api: WalkPanelApi): Promise<void> {
  if (api.sidebarAction) return api.sidebarAction.open();
  if (!api.sidePanel) throw new Error('This browser has neither a side panel nor a sidebar');
  const current = await api.windows.getCurrent();
  if (current.id != null) await api.sidePanel.open({ windowId: current.id });
}
