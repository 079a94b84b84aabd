import {
  type BackgroundMessageName,
  CONTENT_SCRIPT_MESSAGES,
  type ContentScriptMessageName,
  isContentScriptMessage,
  ProtocolFailure,
  type RequestOf,
} from '../messaging/protocol';
import { requestProblem } from '../messaging/requests';
import type { Admission, Checks } from '../messaging/serve';
import type { ParcoursDatabase } from '../store/db';
import type { SessionRecord } from '../store/records';
import { activeSession } from '../store/sessions';
import type { MessageContext } from './handlers';

function forbidden(message: string): never {
  throw new ProtocolFailure({ code: 'forbidden', message });
}

/** The walk a tab belongs to: the one being recorded (or paused) that holds it. */
async function walkOfTab(db: ParcoursDatabase, tabId: number): Promise<SessionRecord | null> {
  const session = await activeSession(db);
  return session?.tabIds.includes(tabId) ? session : null;
}

/**
 * What a content script asks about must be its own tab's walk: a walk it names, and an annotation id it
 * reuses (an annotation or stage switch made again answers the stored one).
 */
async function checkScope(db: ParcoursDatabase, name: ContentScriptMessageName, request: RequestOf<ContentScriptMessageName>, walk: SessionRecord) {
  const named = (request as { sessionId?: string | null }).sessionId;
  if (named != null && named !== walk.id) forbidden(`${name}: a page may only touch the walk of its own tab`);
  if (name === 'annotation/add' || name === 'stage/switch') {
    const existing = await db.annotations.get((request as RequestOf<'annotation/add' | 'stage/switch'>).id);
    if (existing && existing.sessionId !== walk.id) forbidden(`${name}: that id belongs to another walk`);
  }
}

/**
 * The background's checks of every message: its request has its shape (lib/messaging/requests.ts), and its
 * sender may send it. Extension pages may send every message. A content script may send only the protocol's
 * CONTENT_SCRIPT_MESSAGES, about the walk its tab belongs to; a tab outside the walk gets only what
 * CONTENT_SCRIPT_MESSAGES gives it (a not-recording answer or a refusal). Anything else is refused.
 */
export function backgroundChecks(db: ParcoursDatabase): Checks<BackgroundMessageName, MessageContext> {
  return {
    validate: requestProblem,
    admit: async (name, request, { sender }): Promise<Admission> => {
      if (sender.kind === 'extension-page') return undefined;
      if (!isContentScriptMessage(name)) forbidden(`${name} may only be sent by the extension's own pages`);
      const walk = sender.kind === 'content-script' ? await walkOfTab(db, sender.tab.tabId) : null;
      if (walk) {
        await checkScope(db, name, request as RequestOf<ContentScriptMessageName>, walk);
        return undefined;
      }
      const outside = CONTENT_SCRIPT_MESSAGES[name];
      if (outside === 'handled') return undefined;
      if (outside === 'refused') forbidden(`${name}: this tab is not part of the walk being recorded`);
      return outside;
    },
  };
}
