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
 * AsyncLocalStorage: on Node 20 its promise hooks cost about a tenth of a turn's CPU, for every
 * promise of the process from the first request that enters it on. So the paths in `without`
 * never enter it: the Bot Framework endpoint hands the id to its turn itself (the turn's lines
 * carry it), and the probes write nothing of their own; a process serving only those (a Teams
 * or Azure bot) never pays for the hooks. LOG_REQUEST_CONTEXT=off turns it off everywhere.
 */
export function requestId({ context = true, without = new Set<string>() }: { context?: boolean; without?: ReadonlySet<string> } = {}): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SANE.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    if (context && !without.has(req.path)) runWithRequestId(id, next);
    else next();
  };
}
