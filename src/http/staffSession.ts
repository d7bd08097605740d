import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ConsoleAuth, ConsoleSession } from '../auth/ConsoleAuth.js';
import { sendError } from './sendError.js';

/** A request whose staff session was checked by staffSession(). */
export type Authed = Request & { session?: ConsoleSession };

export type StaffRole = ConsoleSession['role'];

/** Agents and admins: everyone but viewers, who may only read results. */
export const CASE_WORKERS: readonly StaffRole[] = ['agent', 'admin'];

/**
 * The staff sign-in check shared by the console, admin, privacy, results and responses APIs: a
 * console session token or the ADMIN_TOKEN as a bearer token (401 otherwise, saying how to sign
 * in), and, when `adminOnly` says why, the admin role, or one of `roles.allowed` (403). Answers
 * are never cached.
 */
export function staffSession(auth: ConsoleAuth, messages: { unauthorized: string; adminOnly?: string; roles?: { allowed: readonly StaffRole[]; message: string } }): RequestHandler {
  return async (req: Authed, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const session = bearer ? await auth.verify(bearer) : undefined;
    if (!session) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'UNAUTHORIZED', messages.unauthorized);
    }
    if (messages.adminOnly && session.role !== 'admin') return sendError(res, 403, 'FORBIDDEN', messages.adminOnly);
    if (messages.roles && !messages.roles.allowed.includes(session.role)) return sendError(res, 403, 'FORBIDDEN', messages.roles.message);
    req.session = session;
    next();
  };
}

/** After staffSession: only these roles go on (403 otherwise). */
export function requireRole(allowed: readonly StaffRole[], message: string): RequestHandler {
  return (req: Authed, res: Response, next: NextFunction) => {
    if (!req.session || !allowed.includes(req.session.role)) return sendError(res, 403, 'FORBIDDEN', message);
    next();
  };
}
