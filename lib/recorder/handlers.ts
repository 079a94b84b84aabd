import { isPageEventKind } from '../capture/events';
import { type BackgroundMessageName, ProtocolFailure } from '../messaging/protocol';
import type { HandlerMap } from '../messaging/serve';
import type { EventSender, SessionController } from './controller';

export interface MessageContext {
  sender: EventSender | null;
}

function requireSender(context: MessageContext): EventSender {
  if (!context.sender) throw new ProtocolFailure({ code: 'no-tab', message: 'This message must come from a page' });
  return context.sender;
}

/** Every message the background answers, one handler each (a unit test checks none is missing). */
export function backgroundHandlers(controller: SessionController): HandlerMap<BackgroundMessageName, MessageContext> {
  return {
    'recorder/hello': async (_request, context) => ({
      ...(await controller.stateForTab(context.sender?.tabId ?? null)),
      sender: context.sender ? { tabId: context.sender.tabId, frameId: context.sender.frameId } : null,
    }),
    'recorder/event': async ({ event }, context) => {
      if (!event || !isPageEventKind(event.kind)) throw new ProtocolFailure({ code: 'internal', message: 'Unknown event kind' });
      return controller.recordPageEvent(event, requireSender(context));
    },
    'recorder/screenshot': async (request, context) => ({ outcome: await controller.requestScreenshot(request, requireSender(context)) }),
    'session/current': async () => ({ session: await controller.current() }),
    'session/start': async ({ tabId, setup }) => controller.start(tabId, setup),
    'session/pause': async () => controller.pause(),
    'session/resume': async () => controller.resume(),
    'session/stop': async () => controller.stop(),
    'session/continue': async ({ sessionId, tabId }) => controller.continueInterrupted(sessionId, tabId),
    'session/finish': async ({ sessionId }) => controller.finishInterrupted(sessionId),
  };
}
