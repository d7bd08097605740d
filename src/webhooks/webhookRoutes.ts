import express, { Router } from 'express';
import { z } from 'zod';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import { parseJsonBody } from '../http/parseJsonBody.js';
import { sendError } from '../http/sendError.js';
import { staffSession } from '../http/staffSession.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './WebhookEmitter.js';
import { DELIVERY_LOG_SIZE, type Webhooks } from './Webhooks.js';

export const WEBHOOKS_PATH = '/api/webhooks';

const EXAMPLE = '{"url": "https://crm.example.com/hooks/satisfy", "events": ["response.completed", "case.opened"], "description": "CRM"}';

const CreateEndpoint = z
  .object({
    url: z.string().min(1).max(2000),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]], { message: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
      .min(1, 'name at least one event')
      .max(WEBHOOK_EVENT_TYPES.length * 2),
    description: z.string().trim().max(200).optional(),
    active: z.boolean().optional(),
  })
  .strict();

const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(DELIVERY_LOG_SIZE).default(50) });

/**
 * Admins only (the ADMIN_TOKEN or an admin's console session), docs/webhooks.md:
 * GET    /api/webhooks                     the endpoints (without their secrets)
 * POST   /api/webhooks                     add one; the answer holds its secret, the only time it is shown
 * DELETE /api/webhooks/:id                 remove one, with its delivery log
 * POST   /api/webhooks/:id/test            send a ping now; the answer is its delivery
 * GET    /api/webhooks/:id/deliveries      the latest deliveries, newest first (?limit=1..200)
 */
export function webhookRoutes({ webhooks, auth }: { webhooks: Webhooks; auth: ConsoleAuth }): Router {
  const router = Router();
  router.use(
    WEBHOOKS_PATH,
    staffSession(auth, {
      unauthorized: 'Send Authorization: Bearer <ADMIN_TOKEN>, or an admin console session token.',
      adminOnly: 'Webhooks are set up by admins.',
    }),
    // After the sign-in check: nobody gets a body parsed without a session.
    express.json({ limit: '16kb' }),
  );
  router.get(WEBHOOKS_PATH, async (_req, res) => {
    res.json({ endpoints: await webhooks.list() });
  });
  router.post(WEBHOOKS_PATH, async (req, res) => {
    const body = parseBody(req.body);
    const endpoint = await webhooks.create({ url: body.url, events: body.events, ...(body.description ? { description: body.description } : {}), ...(body.active !== undefined ? { active: body.active } : {}) });
    res.status(201).json({ endpoint, note: 'Keep the secret now: it signs every delivery (Satisfy-Signature) and is not shown again.' });
  });
  router.delete(`${WEBHOOKS_PATH}/:id`, async (req, res) => {
    if (!(await webhooks.remove(String(req.params.id)))) return notFound(res);
    res.status(204).end();
  });
  router.post(`${WEBHOOKS_PATH}/:id/test`, async (req, res) => {
    const delivery = await webhooks.ping(String(req.params.id));
    if (!delivery) return notFound(res);
    res.json({ delivery });
  });
  router.get(`${WEBHOOKS_PATH}/:id/deliveries`, async (req, res) => {
    const query = DeliveriesQuery.safeParse(req.query);
    if (!query.success) return sendError(res, 400, 'BAD_QUERY', `limit must be a whole number from 1 to ${DELIVERY_LOG_SIZE}`);
    const deliveries = await webhooks.deliveries(String(req.params.id), query.data.limit);
    if (!deliveries) return notFound(res);
    res.json({ deliveries });
  });
  return router;
}

function notFound(res: express.Response): void {
  sendError(res, 404, 'WEBHOOK_NOT_FOUND', 'No webhook endpoint has this id (GET /api/webhooks lists them).');
}

function parseBody(value: unknown): z.infer<typeof CreateEndpoint> {
  return parseJsonBody(CreateEndpoint, value, { example: EXAMPLE });
}
