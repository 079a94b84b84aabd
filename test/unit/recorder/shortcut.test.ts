import { describe, expect, it, vi } from 'vitest';
import type { SessionController } from '@/lib/recorder/controller';
import { toggleRecording } from '@/lib/recorder/shortcut';

function controller(current: object | null) {
  return {
    current: vi.fn(async () => current),
    stop: vi.fn(async () => ({})),
    start: vi.fn(async () => ({})),
  } as unknown as SessionController & { current: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn>; start: ReturnType<typeof vi.fn> };
}

describe('toggleRecording (the keyboard shortcut)', () => {
  it('stops the walk being recorded, whatever tab is active', async () => {
    const fake = controller({ id: 's1' });
    expect(await toggleRecording(fake, { id: 7, url: 'chrome://settings' })).toBe('stopped');
    expect(fake.stop).toHaveBeenCalledOnce();
    expect(fake.start).not.toHaveBeenCalled();
  });

  it('starts a walk in the active tab with an empty setup (the title comes from the page)', async () => {
    const fake = controller(null);
    expect(await toggleRecording(fake, { id: 7, url: 'https://shop.example/' })).toBe('started');
    expect(fake.start).toHaveBeenCalledWith(7, { title: '', persona: { name: '', description: '' }, scenario: '', goal: '' });
  });

  it('does not start on a page that cannot be recorded, nor without a tab', async () => {
    const fake = controller(null);
    expect(await toggleRecording(fake, { id: 7, url: 'chrome://newtab/' })).toBe('unrecordable');
    expect(await toggleRecording(fake, null)).toBe('no-tab');
    expect(fake.start).not.toHaveBeenCalled();
  });
});
