import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Probes and scrapes come every few seconds from the load balancer and Prometheus. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One info line per request: method, path, status, duration, request id, client address. Never
 * the query string (a Direct Line `t=` token, a watermark), an invitation token in /s/:invite,
 * headers (Authorization, cookies) or bodies (customer text).
 */
export function accessLog(log: Logger): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse>({
    logger: log,
    genReqId: (_req, res) => (res as unknown as { locals?: { requestId?: string } }).locals?.requestId ?? '',
    // The access line is written by the plain logger with only the fields below; req.log (which
    // our code does not use) gets a method and path, never headers.
    quietResLogger: true,
    serializers: { req: (r: { method?: string; url?: string }) => ({ method: r.method, path: (r.url ?? '').split('?')[0] }) },
    customLogLevel: (req, res, err) => (err || res.statusCode >= 500 ? 'warn' : QUIET_PATHS.has(pathOf(req)) ? 'debug' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime?: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime?: number }) => ({ ...line(req, res, val.responseTime), err: err.message }),
  });
  return middleware as unknown as RequestHandler;
}

function line(req: IncomingMessage, res: ServerResponse, ms: number | undefined): Record<string, unknown> {
  return { reqId: (req as { id?: unknown }).id, method: req.method, path: pathOf(req), status: res.statusCode, ms, ip: (req as Request).ip };
}

/** The path without its query, invitation tokens replaced by a placeholder, kept short. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as Request).originalUrl ?? req.url ?? '/';
  const path = url.split('?')[0]!.replace(/^\/s\/[^/]+/, '/s/:invite');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
