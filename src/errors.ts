/**
 * Errors with a stable code, for what went wrong outside the customer's control (bad config,
 * broken files, storage conflicts). Expected outcomes such as an answer that is not understood
 * are values, never errors. HTTP statuses are chosen at the edge from the code.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'LOCALES_INVALID'
  | 'SCRIPTS_INVALID'
  | 'SURVEY_NOT_FOUND'
  | 'ETAG_CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CASE_NOT_FOUND'
  | 'CASE_TAKEN'
  | 'CASE_CLOSED'
  | 'CHANNEL_UNREACHABLE'
  | 'TOO_MANY_ATTEMPTS'
  | 'NO_DRAFT'
  | 'CONVERSATION_FULL'
  | 'SIGN_IN_BUSY'
  | 'NOT_FOUND'
  | 'NOTHING_CHANGED'
  | 'UNKNOWN_AGENT'
  | 'AGENT_DISABLED';

export class SatisfyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SatisfyError';
  }
}

export function isSatisfyError(err: unknown, code?: ErrorCode): err is SatisfyError {
  return err instanceof SatisfyError && (code === undefined || err.code === code);
}
