import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './sendError.js';

/** Bearer-token check in constant time (hashing first makes the lengths equal). */
export function requireBearer(token: string): RequestHandler {
  const expected = createHash('sha256').update(token).digest();
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const given = match ? createHash('sha256').update(match[1]!).digest() : undefined;
    if (!given || !timingSafeEqual(given, expected)) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'UNAUTHORIZED', 'Send Authorization: Bearer <ADMIN_TOKEN>.');
    }
    next();
  };
}
