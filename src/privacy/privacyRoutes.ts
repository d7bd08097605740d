import { Router, type Request, type Response } from 'express';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import { staffSession, type Authed } from '../http/staffSession.js';
import { sendError } from '../http/sendError.js';
import { customerIdProblem } from './customerId.js';
import type { Privacy } from './Privacy.js';

const MAX_HISTORY = 1000;

/**
 * Admins only (the ADMIN_TOKEN or an admin's console session), docs/operations/privacy.md:
 * DELETE /api/customers/:customerId          erase everything about the customer
 * GET    /api/customers/:customerId/export   everything about the customer, as JSON (unmasked)
 * GET    /api/privacy/audit?limit=           who erased or exported, newest first
 */
export function privacyRoutes({ privacy, auth }: { privacy: Privacy; auth: ConsoleAuth }): Router {
  const router = Router();
  const admin = staffSession(auth, {
    unauthorized: 'Send Authorization: Bearer <ADMIN_TOKEN>, or an admin console session token.',
    adminOnly: "Erasing and exporting customers' data is for admins.",
  });
  const customerId = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.customerId);
    const problem = customerIdProblem(id);
    if (problem) return void sendError(res, 400, 'BAD_CUSTOMER_ID', `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
    return id;
  };
  const actor = (req: Request) => `console:${(req as Authed).session!.name}`;

  router.delete('/api/customers/:customerId', admin, async (req, res) => {
    const id = customerId(req, res);
    if (id === undefined) return;
    res.json({ erasure: await privacy.erase(id, actor(req)) });
  });
  router.get('/api/customers/:customerId/export', admin, async (req, res) => {
    const id = customerId(req, res);
    if (id === undefined) return;
    const data = await privacy.export(id, actor(req));
    res.set('Content-Disposition', 'attachment; filename="customer-export.json"').json(data);
  });
  router.get('/api/privacy/audit', admin, async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY) return sendError(res, 400, 'BAD_QUERY', `limit must be a whole number from 1 to ${MAX_HISTORY}`);
    res.json({ entries: await privacy.history(limit) });
  });
  return router;
}
