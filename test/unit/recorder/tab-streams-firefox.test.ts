import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabStreams } from '@/lib/recorder/tab-streams';

/** Firefox's `chrome` in an MV2 background page: runtime and tabs, no tabCapture, offscreen or getContexts. */
const firefoxChrome = { runtime: { id: 'parcours@parcours.dev' }, tabs: {} };

describe('tab streams where the browser has none (Firefox)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says at Start that there is no tab stream, so that screenshots come from captureVisibleTab', async () => {
    vi.stubGlobal('chrome', firefoxChrome);
    const streams = new TabStreams();
    expect(await streams.start(4, { width: 1280, height: 800 })).toEqual({ ok: false, reason: 'This browser has no tab stream (tabCapture)' });
  });

  it('holds no tab, holds no frame and asks no offscreen document', async () => {
    vi.stubGlobal('chrome', firefoxChrome);
    const streams = new TabStreams();
    expect(await streams.has(4)).toBe(false);
    expect(await streams.hold(4, 'request-1', Date.now(), null)).toBe(false);
    await expect(streams.resize(4, { width: 640, height: 400 })).resolves.toBeUndefined();
    await expect(streams.stop(4)).resolves.toBeUndefined();
  });

  it('says the same when even `chrome` is missing', async () => {
    vi.stubGlobal('chrome', undefined);
    expect(await new TabStreams().start(1, { width: 800, height: 600 })).toMatchObject({ ok: false });
  });
});
