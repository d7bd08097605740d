import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { sendError } from '../http/sendError.js';
import { staffSession, type Authed } from '../http/staffSession.js';
import type { ConsoleAuth } from './ConsoleAuth.js';
import type { AccountOutcome, StaffAccounts } from './StaffAccounts.js';

export const ACCOUNTS_PATH = '/staff/api/accounts';

const Role = z.enum(['admin', 'agent', 'viewer'], { message: 'must be admin, agent or viewer' });
/** bcrypt reads 72 bytes; a longer password is cut there, which people do not expect. */
const Password = z.string().min(10, 'must be at least 10 characters').max(72, 'must be at most 72 characters');
const Name = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes, underscores or @');
const DisplayName = z.string().trim().min(1).max(80);
const Email = z.string().trim().email('must be an email address').max(254);

const Create = z.object({ name: Name, role: Role, password: Password.optional(), displayName: DisplayName.optional(), email: Email.optional() }).strict();
const Change = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), displayName: DisplayName.optional(), email: Email.optional() })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'send at least one of role, disabled, displayName, email');
const Reset = z.object({ password: Password }).strict();

/**
 * Admins only (docs/operations/staff-sign-in.md):
 * GET    /staff/api/accounts                     stored accounts (no hashes) and the CONSOLE_USERS names
 * POST   /staff/api/accounts                     add one {name, role, password?, displayName?, email?}
 * PATCH  /staff/api/accounts/:name               {role?, disabled?, displayName?, email?}
 * POST   /staff/api/accounts/:name/password      reset the password {password}; ends its sessions
 * POST   /staff/api/accounts/:name/revoke        end every session of the account now
 */
export function accountRoutes({ accounts, auth }: { accounts: StaffAccounts; auth: ConsoleAuth }): Router {
  const router = Router();
  router.use(
    ACCOUNTS_PATH,
    staffSession(auth, {
      unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>, or the ADMIN_TOKEN.',
      adminOnly: 'Staff accounts are managed by admins.',
    }),
    // After the sign-in check: nobody gets a body parsed without a session.
    express.json({ limit: '8kb' }),
  );
  router.get(ACCOUNTS_PATH, async (_req, res) => {
    res.json(await accounts.list());
  });
  router.post(ACCOUNTS_PATH, async (req, res) => {
    const body = parse(Create, req.body, res, '{"name": "ana", "role": "agent", "password": "at least 10 characters", "displayName": "Ana García"}');
    if (!body) return;
    answer(res, await accounts.create(body), 201);
  });
  router.patch(`${ACCOUNTS_PATH}/:name`, async (req: Authed, res) => {
    const body = parse(Change, req.body, res, '{"disabled": true} or {"role": "viewer"}');
    if (!body) return;
    const name = String(req.params.name);
    // An admin cannot lock themselves out; another admin (or the ADMIN_TOKEN) can.
    if (req.session?.name === name && !req.session.team && (body.disabled === true || (body.role && body.role !== 'admin'))) {
      return sendError(res, 409, 'OWN_ACCOUNT', 'You cannot disable your own account or take away your own admin role; ask another admin.');
    }
    answer(res, await accounts.change(name, body));
  });
  router.post(`${ACCOUNTS_PATH}/:name/password`, async (req, res) => {
    const body = parse(Reset, req.body, res, '{"password": "at least 10 characters"}');
    if (!body) return;
    answer(res, await accounts.resetPassword(String(req.params.name), body.password));
  });
  router.post(`${ACCOUNTS_PATH}/:name/revoke`, async (req, res) => {
    answer(res, await accounts.revokeSessions(String(req.params.name)));
  });
  return router;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, res: Response, example: string): T | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    sendError(res, 400, 'BAD_REQUEST', `Send a JSON object (Content-Type: application/json), e.g. ${example}`);
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message));
  sendError(res, 400, 'BAD_REQUEST', `${problems.join('; ')}. For example ${example}`);
  return undefined;
}

function answer(res: Response, outcome: AccountOutcome, status = 200): void {
  if (outcome.ok) return void res.status(status).json({ account: outcome.account });
  if (outcome.why === 'not_found') return sendError(res, 404, 'ACCOUNT_NOT_FOUND', 'No stored account has this name (GET /staff/api/accounts lists them).');
  if (outcome.why === 'exists') return sendError(res, 409, 'ACCOUNT_EXISTS', 'An account of this name exists already; pick another name.');
  if (outcome.why === 'email_taken') return sendError(res, 409, 'EMAIL_TAKEN', 'Another enabled account has this email (single sign-on finds people by it); change or disable that one first.');
  sendError(res, 409, 'NAME_RESERVED', 'This name is taken by a CONSOLE_USERS user or the admin token; pick another name.');
}
