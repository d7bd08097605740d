import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

/**
 * The request id of a turn whose channel runs it outside the request context (POST
 * /api/messages: see src/http/requestId.ts), so the turn's own lines still carry it.
 */
export const TURN_REQUEST_ID = Symbol('satisfy.turnRequestId');

/** The logger for a line about this turn. A child is made only when a line is written: most
 * turns write none, and a pino child costs a few microseconds. */
export function turnLog(context: TurnContext, log: Logger): Logger {
  const reqId = context.turnState.get(TURN_REQUEST_ID) as string | undefined;
  return reqId === undefined ? log : log.child({ reqId });
}

/** A sampled line's fields (SampledLog), with the turn's request id where the channel gave one. */
export function turnFields(context: TurnContext, fields: Record<string, unknown>): Record<string, unknown> {
  const reqId = context.turnState.get(TURN_REQUEST_ID) as string | undefined;
  return reqId === undefined ? fields : { reqId, ...fields };
}
