import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import type { ApiKeyView, BatchItemResult, BatchResult, CreatedApiKey, CustomerHistory, InvitationsList, InvitationView } from '../core/api/distribution.js';
import { caseIdFor } from '../core/cases.js';
import { INVITATION_CHANNELS, type InvitationRecord } from '../core/distribution/invitation.js';
import { isTimeZone } from '../core/distribution/quietHours.js';
import type { ApiKeyScope, CaseStore, CustomerIndex, ResponseStore } from '../core/ports.js';
import { SURVEY_ID } from '../core/script/schema.js';
import { SatisfyError } from '../errors.js';
import { parseJsonBody } from '../http/parseJsonBody.js';
import { sendError } from '../http/sendError.js';
import { CASE_WORKERS, requireRole, staffSession, type Authed } from '../http/staffSession.js';
import { isApiKey, type ApiKeys } from './ApiKeys.js';
import type { Distribution, InviteRequest } from './Distribution.js';

export const MAX_BATCH = 1000;
const MAX_CONTEXT_JSON = 16 * 1024;

const bounded = <T extends z.ZodTypeAny>(schema: T) => schema.refine((r) => JSON.stringify(r).length <= MAX_CONTEXT_JSON, `must be at most ${MAX_CONTEXT_JSON / 1024} KiB of JSON`);

const Customer = bounded(
  z
    .object({
      id: z.union([z.string().min(1).max(128), z.number().finite()]).transform(String),
      name: z.string().max(200).optional(),
      email: z.string().email().max(254).optional(),
      slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id such as U0123ABCD').optional(),
      locale: z.string().max(35).optional(),
      timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid').optional(),
    })
    .catchall(z.unknown()),
);

const Invite = z
  .object({
    surveyId: z.string().regex(SURVEY_ID, 'must be a survey id'),
    channel: z.enum(INVITATION_CHANNELS as [string, ...string[]]).default('link'),
    customer: Customer,
    order: bounded(z.record(z.string().max(64), z.unknown())).default({}),
    sendAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 time such as 2026-12-01T10:00:00Z' }).optional(),
    locale: z.string().max(35).optional(),
  })
  .strict();

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const EXAMPLE = '{"surveyId": "post-purchase", "channel": "email", "customer": {"id": "42", "email": "ana@example.com", "name": "Ana", "locale": "es", "timezone": "Europe/Madrid"}, "order": {"id": "A-1001"}}';

export interface DistributionRoutesDeps {
  distribution: Distribution;
  apiKeys: ApiKeys;
  auth: ConsoleAuth;
  responses: ResponseStore;
  cases: CaseStore;
  customers: CustomerIndex;
  publicUrl: string | undefined;
}

type Partner = Request & { requestedBy?: string };

/**
 * The invitations API (docs/distribution.md): shops' backends with an API key of scope
 * "invite", or admins; customers' history for staff; API keys for admins.
 */
export function distributionRoutes(deps: DistributionRoutesDeps): Router {
  const router = Router();
  const json = express.json({ limit: '2mb' });
  const partner = partnerAuth(deps, 'invite');
  const reader = partnerAuth(deps, 'read');
  const admin = staffSession(deps.auth, { unauthorized: 'Sign in as an admin, or send Authorization: Bearer <ADMIN_TOKEN>.', adminOnly: 'API keys are managed by admins.' });
  const staff = staffSession(deps.auth, { unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>.' });
  const baseOf = (req: Request) => deps.publicUrl ?? `${req.protocol}://${req.get('host')}`;

  router.post('/api/invitations', partner, json, async (req: Partner, res) => {
    const key = req.get('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new SatisfyError('BAD_REQUEST', 'Idempotency-Key: 1 to 255 printable ASCII characters (e.g. the order id).');
    const body = parseJsonBody(Invite, req.body, { example: EXAMPLE });
    const outcome = await deps.distribution.invite({ ...(body as InviteRequest), ...(key ? { idempotencyKey: key } : {}) }, req.requestedBy!, baseOf(req));
    if (outcome.outcome === 'refused') return sendError(res, 409, outcome.reason, outcome.message);
    res.status(outcome.outcome === 'created' ? 201 : 200).json(view(outcome.invitation, outcome.url));
  });

  router.post('/api/invitations/batch', partner, json, async (req: Partner, res) => {
    const list = (req.body as { invitations?: unknown } | undefined)?.invitations;
    if (!Array.isArray(list)) throw new SatisfyError('BAD_REQUEST', `Send {"invitations": [...]} with up to ${MAX_BATCH} invitations, each like ${EXAMPLE} plus an optional "idempotencyKey".`);
    if (list.length > MAX_BATCH) throw new SatisfyError('BAD_REQUEST', `invitations: at most ${MAX_BATCH} per batch (got ${list.length}); split them.`);
    // Every item is checked before any is made: a bad batch makes nothing.
    const items = list.map((item, i) => {
      const { idempotencyKey, ...rest } = (item && typeof item === 'object' ? item : {}) as { idempotencyKey?: unknown };
      if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) throw new SatisfyError('BAD_REQUEST', `invitations[${i}].idempotencyKey: 1 to 255 printable ASCII characters.`);
      return { ...(parseJsonBody(Invite, rest, { example: EXAMPLE, where: `invitations[${i}]` }) as InviteRequest), ...(idempotencyKey ? { idempotencyKey: idempotencyKey as string } : {}) };
    });
    const results: BatchItemResult[] = [];
    for (const item of items) {
      const outcome = await deps.distribution.invite(item, req.requestedBy!, baseOf(req));
      results.push(outcome.outcome === 'refused' ? { status: 'refused', reason: outcome.reason, message: outcome.message, customerId: item.customer.id } : { status: outcome.outcome, invitation: view(outcome.invitation, outcome.url) });
    }
    const count = (s: BatchItemResult['status']) => results.filter((r) => r.status === s).length;
    res.status(200).json({ created: count('created'), existing: count('existing'), refused: count('refused'), results } satisfies BatchResult);
  });

  router.get('/api/invitations/:id', reader, async (req, res) => {
    const inv = await deps.distribution.get(String(req.params.id));
    if (!inv) throw new SatisfyError('NOT_FOUND', `No invitation "${String(req.params.id).slice(0, 64)}" (or it expired with the retention period).`);
    res.json(view(inv, undefined, true));
  });

  router.get('/api/invitations', staff, requireRole(CASE_WORKERS, 'Invitations are for agents and admins.'), async (req, res) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const before = req.query.before ? Date.parse(String(req.query.before)) : undefined;
    if (before !== undefined && Number.isNaN(before)) throw new SatisfyError('BAD_REQUEST', 'before: an ISO time.');
    const [invitations, refusals] = await Promise.all([deps.distribution.recent(limit, before), deps.distribution.refusals(100)]);
    res.json({ invitations: invitations.map((i) => view(i, undefined, true)), refusals } satisfies InvitationsList);
  });

  router.post('/api/customers/:id/opt-out', partner, async (req, res) => {
    await deps.distribution.optOut(String(req.params.id), 'api');
    res.json({ customerId: req.params.id, optedOut: true });
  });

  router.post('/api/customers/:id/consent', partner, async (req, res) => {
    const changed = await deps.distribution.consent(String(req.params.id));
    res.json({ customerId: req.params.id, optedOut: false, changed });
  });

  router.get('/api/customers/:id/history', staff, requireRole(CASE_WORKERS, 'Customer history is for agents and admins.'), async (req, res) => {
    const customerId = String(req.params.id);
    const [contact, invitations, refs] = await Promise.all([deps.distribution.contact(customerId), deps.distribution.ofCustomer(customerId), deps.customers.refs(customerId)]);
    const responseIds = [...new Set(refs.flatMap((r) => (r.kind === 'response' ? [r.id] : [])))];
    const responses = (await Promise.all(responseIds.map((id) => deps.responses.get(id)))).flatMap((r) => (r ? [{ id: r.id, surveyId: r.surveyId, status: r.status, channel: r.channel, startedAt: r.startedAt, completedAt: r.completedAt }] : []));
    // A response's case, if it raised one, has an id made from the response's.
    const cases = (await Promise.all(responseIds.map((id) => deps.cases.get(caseIdFor(id))))).flatMap((c) => (c ? [{ id: c.id, status: c.status, priority: c.priority, createdAt: c.createdAt, responseId: c.responseId }] : []));
    res.json({ customerId, optedOut: contact.optedOut ?? null, lastInvitedAt: contact.lastInvitedAt ? new Date(contact.lastInvitedAt).toISOString() : null, invitations: invitations.map((i) => view(i, undefined, true)), responses, cases } satisfies CustomerHistory);
  });

  router.get('/api/keys', admin, async (_req, res) => {
    res.json({ keys: (await deps.apiKeys.list()).map(({ digest: _digest, ...k }): ApiKeyView => k) });
  });

  router.post('/api/keys', admin, json, async (req: Authed, res) => {
    const body = parseJsonBody(z.object({ name: z.string().trim().min(1).max(80), scopes: z.array(z.enum(['invite', 'read'])).min(1).default(['invite']) }).strict(), req.body, { example: '{"name": "shop backend", "scopes": ["invite"]}' });
    const { record, key } = await deps.apiKeys.create(body.name, body.scopes, req.session!.name);
    const { digest: _digest, ...shown } = record;
    // The only time the key is shown: it is not stored, only its digest.
    res.status(201).json({ ...shown, key } satisfies CreatedApiKey);
  });

  router.delete('/api/keys/:id', admin, async (req, res) => {
    if (!(await deps.apiKeys.revoke(String(req.params.id)))) throw new SatisfyError('NOT_FOUND', `No live API key "${String(req.params.id).slice(0, 64)}".`);
    res.status(204).end();
  });

  return router;
}

/** An API key with the scope (invite also reads), or an admin (session or ADMIN_TOKEN). */
function partnerAuth(deps: DistributionRoutesDeps, scope: ApiKeyScope) {
  return async (req: Partner, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'UNAUTHORIZED', 'Send Authorization: Bearer <API key> (admins create keys in the staff app, or POST /api/keys).');
    }
    if (isApiKey(bearer)) {
      const check = await deps.apiKeys.verify(bearer, scope);
      if (check.ok) {
        req.requestedBy = `key:${check.record.id}`;
        return next();
      }
      if (check.why === 'scope') return sendError(res, 403, 'FORBIDDEN', `This API key lacks the "${scope}" scope.`);
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return sendError(res, 401, 'UNAUTHORIZED', check.why === 'revoked' ? 'This API key was revoked; ask an admin for a new one.' : 'Unknown API key.');
    }
    const session = await deps.auth.verify(bearer);
    if (!session) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return sendError(res, 401, 'UNAUTHORIZED', 'Unknown API key or session.');
    }
    if (session.role !== 'admin') return sendError(res, 403, 'FORBIDDEN', 'Invitations are sent by API keys and admins.');
    req.requestedBy = `staff:${session.name}`;
    next();
  };
}


/** What the API shows of an invitation (`full`: with its history and the customer's details). */
function view(inv: InvitationRecord, url: string | undefined, full = false): InvitationView {
  return {
    id: inv.id,
    surveyId: inv.surveyId,
    channel: inv.channel,
    status: inv.status,
    customerId: inv.customer.id,
    locale: inv.locale,
    createdAt: inv.createdAt,
    sendAt: inv.sendAt,
    expiresAt: inv.expiresAt,
    reminders: inv.reminders,
    ...(url ? { url } : {}),
    ...(inv.responseId ? { responseId: inv.responseId } : {}),
    ...(inv.failure ? { failure: inv.failure } : {}),
    ...(full ? { customer: inv.customer, order: inv.order, history: inv.history, requestedBy: inv.requestedBy } : {}),
  };
}
