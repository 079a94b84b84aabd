import { emptySetup } from '../annotations/setup';
import { whyUnrecordable } from '../capture/recordable';
import type { SessionController } from './controller';

/**
 * The keyboard shortcut: stops the walk being recorded, or starts one in the active tab with the page's
 * title. Returns what happened so the background can tell the tester when the page cannot be recorded.
 */
export async function toggleRecording(
  controller: SessionController,
  activeTab: { id: number; url: string | null } | null,
): Promise<'started' | 'stopped' | 'unrecordable' | 'no-tab'> {
  const current = await controller.current();
  if (current) {
    await controller.stop();
    return 'stopped';
  }
  if (!activeTab) return 'no-tab';
  if (whyUnrecordable(activeTab.url)) return 'unrecordable';
  await controller.start(activeTab.id, emptySetup());
  return 'started';
}
