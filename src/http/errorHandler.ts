import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isSatisfyError, type ErrorCode } from '../errors.js';
import { sendError } from './sendError.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CASE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  CASE_TAKEN: 409,
  CASE_CLOSED: 409,
  CHANNEL_UNREACHABLE: 502,
  TOO_MANY_ATTEMPTS: 429,
  SIGN_IN_BUSY: 503,
  NO_DRAFT: 404,
  SURVEY_NOT_FOUND: 404,
  ETAG_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  CONVERSATION_FULL: 409,
  NOTHING_CHANGED: 409,
  UNKNOWN_AGENT: 422,
  AGENT_DISABLED: 422,
};

const STORE_UNAVAILABLE_MESSAGE = 'This could not be saved just now. Please send it again in a moment; nothing you sent before is lost.';

/** Turns errors into JSON answers: the client's mistakes get a 4xx that says what is wrong,
 * ours a 500 that says nothing internal. It never throws itself: a second failure here would
 * reach express's default handler, which prints a raw stack outside the JSON log. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    try {
      if (res.headersSent) {
        log.error({ reqId: res.locals.requestId as unknown, err, method: req.method, path: req.path }, 'request failed after the answer started');
        return void res.end();
      }
      answer(err, res, log, req.method, req.path);
    } catch (again) {
      log.error({ reqId: res.locals.requestId as unknown, err: again, method: req.method, path: req.path }, 'error handler failed');
      if (!res.headersSent) res.status(500);
      res.end();
    }
  };
}

function answer(err: unknown, res: Response, log: Logger, method: string, path: string): void {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_JSON', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return sendError(res, 413, 'TOO_LARGE', 'The request body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendError(res, 415, 'UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON, uncompressed or with Content-Encoding gzip, deflate or br.');
  }
  if (isSatisfyError(err) && STATUS[err.code]) {
    // The store is away for seconds (a restart, a failover, full): tell clients when to
    // resend, in words, without the store's address or its error.
    if (err.code === 'STORE_UNAVAILABLE') {
      log.warn({ reqId: res.locals.requestId as unknown, err: err.message, method, path }, 'request failed: store unavailable');
      res.set('Retry-After', '2');
      return sendError(res, 503, err.code, STORE_UNAVAILABLE_MESSAGE);
    }
    return sendError(res, STATUS[err.code]!, err.code, err.message);
  }
  // express's router marks a path it cannot percent-decode with status 400 (a URIError).
  if (err instanceof URIError && status === 400) return sendError(res, 400, 'BAD_PATH', 'The path has a malformed percent-escape.');
  // body-parser gives other unreadable bodies (a gzip body that is not gzip, an aborted upload)
  // a 4xx without a type; the details are zlib's or the socket's, not for the client.
  if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose === true) {
    return sendError(res, status, 'BAD_BODY', 'The request body could not be read (is its Content-Encoding right?).');
  }
  log.error({ reqId: res.locals.requestId as unknown, err, method, path }, 'request failed');
  sendError(res, 500, 'INTERNAL', 'Something went wrong on our side.');
}
