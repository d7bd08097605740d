import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isSatisfyError, type ErrorCode } from '../errors.js';
import { sendError } from './sendError.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CASE_NOT_FOUND: 404,
  CASE_TAKEN: 409,
  CASE_CLOSED: 409,
  CHANNEL_UNREACHABLE: 502,
  TOO_MANY_ATTEMPTS: 429,
  NO_DRAFT: 404,
  SURVEY_NOT_FOUND: 404,
  ETAG_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  CONVERSATION_FULL: 409,
};

const STORE_UNAVAILABLE_MESSAGE = 'This could not be saved just now. Please send it again in a moment; nothing you sent before is lost.';

/** Turns errors into JSON answers: the client's mistakes get a 4xx that says what is wrong,
 * ours a 500 that says nothing internal. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_JSON', 'The request body is not valid JSON.');
    if (type === 'entity.too.large') return sendError(res, 413, 'TOO_LARGE', 'The request body is too large.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendError(res, 415, 'UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON.');
    }
    if (isSatisfyError(err) && STATUS[err.code]) {
      // The store is away for seconds (a restart, a failover, full): tell clients when to
      // resend, in words, without the store's address or its error.
      if (err.code === 'STORE_UNAVAILABLE') {
        log.warn({ err: err.message, method: req.method, path: req.path }, 'request failed: store unavailable');
        res.set('Retry-After', '2');
        return sendError(res, 503, err.code, STORE_UNAVAILABLE_MESSAGE);
      }
      return sendError(res, STATUS[err.code]!, err.code, err.message);
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    sendError(res, 500, 'INTERNAL', 'Something went wrong on our side.');
  };
}
