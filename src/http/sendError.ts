import type { Response } from 'express';

/** Every error response has one shape: {error: {code, message, requestId}}; the request id is
 * the one in the X-Request-Id header and in the logs, for support to find the request. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  const requestId = res.locals?.requestId as string | undefined;
  res.status(status).json({ error: { code, message, ...(requestId ? { requestId } : {}) } });
}
