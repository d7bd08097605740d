import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * With TRUST_PROXY off, a request that arrives with X-Forwarded-For most likely came through a
 * load balancer: then every customer shares the balancer's address, and so its rate limits and
 * sign-in budget. Said once per process, as a warning the operator can act on.
 */
export function proxyWarning(log: Logger, trusted: boolean): RequestHandler {
  let warned = trusted;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      log.warn('requests arrive with X-Forwarded-For but TRUST_PROXY is off: every client is seen as the proxy, sharing its rate limits; set TRUST_PROXY (docs/operations/scaling.md)');
    }
    next();
  };
}
