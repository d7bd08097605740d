import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestId } from './requestContext.js';

/** What we accept from a caller (a load balancer's trace id): short and plain, so it is safe in
 * headers and logs. */
const SANE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives every request an id: the caller's X-Request-Id when it is sane, else a new one. It is
 * echoed in the X-Request-Id response header, kept in res.locals for error bodies, and set as
 * the context of everything the request runs, for the logs.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SANE.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    runWithRequestId(id, next);
  };
}
