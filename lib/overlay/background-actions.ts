import { sendToBackground } from '../messaging/client';
import { sessionActions } from './session-actions';

/**
 * The overlay's actions served by the background: the toolbar's (in the content script) and the note frame's
 * (an extension page) are the same messages, retried while the worker starts again.
 */
export function backgroundSessionActions(isDead: (error: unknown) => boolean, sleep: (ms: number) => Promise<void>) {
  return sessionActions({
    state: () => sendToBackground('overlay/state', {}),
    annotate: (request) => sendToBackground('annotation/add', request),
    switchStage: (request) => sendToBackground('stage/switch', request),
    pause: () => sendToBackground('session/pause', {}),
    resume: () => sendToBackground('session/resume', {}),
    newId: () => crypto.randomUUID(),
    sleep,
    isDead,
  });
}
