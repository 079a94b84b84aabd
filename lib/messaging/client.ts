import { browser } from 'wxt/browser';
import {
  type BackgroundMessageName,
  envelope,
  type OffscreenMessageName,
  ProtocolFailure,
  type RequestOf,
  type ResponseOf,
  type Result,
  type TabMessageName,
} from './protocol';

/** Sends a message to the background and unwraps its result; a handler's error becomes a ProtocolFailure. */
export function sendToBackground<N extends BackgroundMessageName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
  return sendToExtension(name, request);
}

/** `runtime.sendMessage` reaches the extension's other contexts: the background, or from it the offscreen document. */
async function sendToExtension<N extends BackgroundMessageName | OffscreenMessageName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
  const result = (await browser.runtime.sendMessage(envelope(name, request))) as Result<ResponseOf<N>> | undefined;
  if (!result) throw new ProtocolFailure({ code: 'internal', message: `No answer to ${name}` });
  if (!result.ok) throw new ProtocolFailure(result.error);
  return result.value;
}

/** Sends a message from the background to the offscreen document that holds the tab streams. */
export function sendToOffscreen<N extends OffscreenMessageName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
  return sendToExtension(name, request);
}

/** Sends a message to the content script of one frame of a tab (all frames when frameId is omitted). */
export async function sendToTab<N extends TabMessageName>(tabId: number, name: N, request: RequestOf<N>, frameId?: number): Promise<ResponseOf<N>> {
  const options = frameId === undefined ? undefined : { frameId };
  const result = (await browser.tabs.sendMessage(tabId, envelope(name, request), options)) as Result<ResponseOf<N>> | undefined;
  if (!result) throw new ProtocolFailure({ code: 'internal', message: `No answer to ${name}` });
  if (!result.ok) throw new ProtocolFailure(result.error);
  return result.value;
}
