import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestId } from './requestContext.js';

/** What we accept from a caller (a load balancer's trace id): short and plain, so it is safe in
 * headers and logs. */
const SANE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every request an id: the caller's X-Request-Id when it is sane, else a new one. It is
 * echoed in the X-Request-Id response header, kept in res.locals for error bodies and the
 * lines the HTTP edge writes, and (with `context`, the default) set as the context of
 * everything the request runs, so every line written meanwhile carries it. That context is an
 * AsyncLocalStorage: on Node 20 its promise hooks cost about a tenth of a turn's CPU, which is
 * why LOG_REQUEST_CONTEXT=off can turn it off.
 */
export function requestId({ context = true }: { context?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SANE.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    if (context) runWithRequestId(id, next);
    else next();
  };
}
