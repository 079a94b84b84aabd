import { describe, expect, it, vi } from 'vitest';
import { openWalkPanel, walkPanelKind } from '@/lib/browser-ui/walk-panel';

const windows = (id?: number) => ({ getCurrent: vi.fn(async () => ({ id })) });

describe('the walk panel', () => {
  it('is Firefox’s sidebar where sidebarAction exists, opened at once without asking for the window', async () => {
    const open = vi.fn(async () => undefined);
    const api = { sidebarAction: { open }, windows: windows(3) };
    expect(walkPanelKind(api)).toBe('sidebar');
    const opening = openWalkPanel(api);
    // Called synchronously, inside the click's handler, before any await.
    expect(open).toHaveBeenCalledTimes(1);
    await opening;
    expect(api.windows.getCurrent).not.toHaveBeenCalled();
  });

  it('is Chrome’s side panel otherwise, opened for the current window', async () => {
    const open = vi.fn(async () => undefined);
    const api = { sidePanel: { open }, windows: windows(7) };
    expect(walkPanelKind(api)).toBe('side-panel');
    await openWalkPanel(api);
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('opens nothing for a window without an id, and says so when the browser has neither panel', async () => {
    const open = vi.fn(async () => undefined);
    await openWalkPanel({ sidePanel: { open }, windows: windows(undefined) });
    expect(open).not.toHaveBeenCalled();
    expect(walkPanelKind({ windows: windows(1) })).toBeNull();
    await expect(openWalkPanel({ windows: windows(1) })).rejects.toThrow(/neither a side panel nor a sidebar/);
  });
});
