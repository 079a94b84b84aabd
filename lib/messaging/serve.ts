import { isQuotaError } from '../store/errors';
import { type Envelope, isEnvelope, type MessageName, ProtocolFailure, type RequestOf, type ResponseOf, type Result } from './protocol';

export type Handler<N extends MessageName, Context> = (request: RequestOf<N>, context: Context) => Promise<ResponseOf<N>> | ResponseOf<N>;
export type HandlerMap<Names extends MessageName, Context> = { [N in Names]: Handler<N, Context> };

/** Let the handler run (undefined), or answer in its place without running it. */
export type Admission = undefined | { answer: unknown };

/** What is checked before a handler runs; a refusal throws a ProtocolFailure. */
export interface Checks<Names extends MessageName, Context> {
  /** What is wrong with the request's shape, or null. */
  validate?(name: Names, request: unknown): string | null;
  /** Whether the sender may send this request (throws when not), or what it gets instead. */
  admit?(name: Names, request: RequestOf<Names>, context: Context): Promise<Admission> | Admission;
}

/**
 * Dispatches an incoming message to its handler and wraps the outcome in a Result, so errors reach the
 * caller as data with a code. Returns undefined for messages that are not ours (let other listeners answer).
 * The request's shape is checked first, then the sender; a refused message reaches no handler.
 */
export function dispatch<Names extends MessageName, Context>(
  handlers: HandlerMap<Names, Context>,
  message: unknown,
  context: Context,
  checks: Checks<Names, Context> = {},
): Promise<Result<unknown>> | undefined {
  if (!isEnvelope(message) || !Object.hasOwn(handlers, message.name)) return undefined;
  const { name, request } = message as Envelope<Names>;
  const handler = handlers[name] as Handler<Names, Context>;
  return (async () => {
    try {
      const problem = checks.validate?.(name, request) ?? null;
      if (problem) throw new ProtocolFailure({ code: 'invalid-request', message: `${name}: ${problem}` });
      const admission = await checks.admit?.(name, request, context);
      if (admission) return { ok: true, value: admission.answer } as Result<unknown>;
      return { ok: true, value: await handler(request, context) } as Result<unknown>;
    } catch (error) {
      if (error instanceof ProtocolFailure) return { ok: false, error: error.error };
      if (isQuotaError(error)) return { ok: false, error: { code: 'storage-full', message: 'The disk or the browser storage quota is full' } };
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  })();
}

/** Refuses every sender but the extension's own pages and worker (the offscreen document's messages). */
export function extensionPagesOnly<Names extends MessageName>(): Checks<Names, { fromExtension: boolean }> {
  return {
    admit: (name, _request, context) => {
      if (!context.fromExtension) throw new ProtocolFailure({ code: 'forbidden', message: `${name} is for the extension alone` });
      return undefined;
    },
  };
}
