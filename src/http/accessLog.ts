import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/** Probes and scrapes come every few seconds from the load balancer and Prometheus. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Customer turns: a Bot Framework channel's POST /api/messages and a web chat activity post.
 * Case-insensitive, as express routes them. */
const TURN_PATH = /^\/(?:api\/messages|v3\/directline\/conversations\/[^/]+\/activities)\/?$/i;

const INVITE_PATH = /^\/s\/[^/]+/i;

export interface AccessLogOptions {
  /** A customer turn that succeeded is logged 1 in this many (1: all of them). */
  turnSampleEvery: number;
  /** A request slower than this is always logged, sampled path or not. */
  slowMs: number;
}

/**
 * One line per request: method, path, status, duration, request id, client address. Never
 * the query string (a Direct Line `t=` token, a watermark), an invitation token in /s/:invite,
 * headers (Authorization, cookies) or bodies (customer text).
 *
 * Customer turns are the bulk of the traffic, and a line each cost about as much CPU as the
 * routing of the turn: of those, failures (4xx, 5xx, aborted) and slow ones are always logged,
 * successes 1 in `turnSampleEvery`, with `sampled` saying how many each stands for. Every other
 * request is logged. Written on the response's 'close' (after 'finish', or on its own when the
 * client went away first), by the plain logger: no child logger per request.
 */
export function accessLog(log: Logger, { turnSampleEvery, slowMs }: AccessLogOptions): RequestHandler {
  let turnSuccesses = 0;
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const status = res.statusCode;
      const aborted = !res.writableFinished;
      const path = pathOf(req);
      let sampled: number | undefined;
      if (!aborted && status < 400 && ms < slowMs && turnSampleEvery > 1 && TURN_PATH.test(path)) {
        if (turnSuccesses++ % turnSampleEvery !== 0) return;
        sampled = turnSampleEvery;
      }
      const fields: Record<string, unknown> = line(req, res, path, status, ms);
      if (sampled !== undefined) fields.sampled = sampled;
      if (aborted) {
        fields.err = 'request aborted';
        log.warn(fields, 'request failed');
      } else if (status >= 500) log.warn(fields, 'request failed');
      else if (QUIET_PATHS.has(path)) log.debug(fields, 'request');
      else log.info(fields, 'request');
    });
    next();
  };
}

function line(req: Request, res: Response, path: string, status: number, ms: number): Record<string, unknown> {
  return { reqId: res.locals.requestId as unknown, method: req.method, path, status, ms, ip: req.ip };
}

/** The path without its query, invitation tokens replaced by a placeholder, kept short. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as Request).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  // Any case: express routes /S/<token> to the invitation too.
  const path = (query < 0 ? url : url.slice(0, query)).replace(INVITE_PATH, '/s/:invite');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
