import { isQuotaError } from '../store/errors';
import { type Envelope, isEnvelope, type MessageName, ProtocolFailure, type RequestOf, type ResponseOf, type Result } from './protocol';

export type Handler<N extends MessageName, Context> = (request: RequestOf<N>, context: Context) => Promise<ResponseOf<N>> | ResponseOf<N>;
export type HandlerMap<Names extends MessageName, Context> = { [N in Names]: Handler<N, Context> };

/**
 * Dispatches an incoming message to its handler and wraps the outcome in a Result, so errors reach the
 * caller as data with a code. Returns undefined for messages that are not ours (let other listeners answer).
 */
export function dispatch<Names extends MessageName, Context>(
  handlers: HandlerMap<Names, Context>,
  message: unknown,
  context: Context,
): Promise<Result<unknown>> | undefined {
  if (!isEnvelope(message) || !Object.hasOwn(handlers, message.name)) return undefined;
  const { name, request } = message as Envelope<Names>;
  const handler = handlers[name] as Handler<Names, Context>;
  return (async () => {
    try {
      return { ok: true, value: await handler(request, context) } as Result<unknown>;
    } catch (error) {
      if (error instanceof ProtocolFailure) return { ok: false, error: error.error };
      if (isQuotaError(error)) return { ok: false, error: { code: 'storage-full', message: 'The disk or the browser storage quota is full' } };
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  })();
}
