import compression from 'compression';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { sendError } from '../../http/sendError.js';
import type { Caller, DirectLineServer } from './DirectLineServer.js';
import { randomId } from './DirectLineServer.js';

/** What a client may post. Limits keep one request from holding megabytes in the log. */
const PostedActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(10_000).optional(),
    name: z.string().max(64).optional(),
    locale: z.string().max(35).optional(),
    value: z.unknown().optional(),
    from: z.object({ id: z.string().max(128).optional(), name: z.string().max(128).optional() }).passthrough().optional(),
    channelData: z.object({ clientActivityID: z.string().min(1).max(128).optional() }).passthrough().optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not supported').optional(),
  })
  .passthrough()
  .refine((a) => a.value === undefined || JSON.stringify(a.value).length <= 16 * 1024, { message: 'value must be at most 16 KiB of JSON', path: ['value'] });

const GenerateBody = z.object({ user: z.object({ id: z.string().regex(/^[\w.:@-]{1,64}$/, 'must be 1-64 letters, digits or . : @ _ -') }).optional() }).passthrough();

/**
 * Direct Line 3.0 REST API under /v3/directline: tokens, conversations, activities. Web Chat
 * (botframework-webchat / directlinejs) and our widget talk to it.
 */
export function directLineRoutes(server: DirectLineServer): Router {
  const router = Router();

  const authenticated = (req: Request, res: Response, conversationId?: string) => authenticate(server, req, res, conversationId);

  router.post('/tokens/generate', async (req, res) => {
    const caller = await authenticated(req, res);
    if (!caller) return;
    if (caller.kind !== 'secret') return sendError(res, 403, 'FORBIDDEN', 'Tokens are generated with the Direct Line secret, server to server.');
    const body = GenerateBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 400, 'BAD_REQUEST', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const conversationId = randomId('dl-');
    const userId = body.data.user?.id ?? randomId('dl_');
    // The conversation itself is opened by the first POST /conversations with this token.
    const { token, expiresIn } = await server.deps.tokens.issue({ conversationId, userId });
    res.json({ conversationId, token, expires_in: expiresIn });
  });

  router.post('/tokens/refresh', async (req, res) => {
    const caller = await authenticated(req, res);
    if (!caller) return;
    if (caller.kind !== 'token') return sendError(res, 400, 'BAD_REQUEST', 'Refresh a token, not the secret.');
    const { token, expiresIn } = await server.deps.tokens.issue(caller.claims);
    res.json({ conversationId: caller.claims.conversationId, token, expires_in: expiresIn });
  });

  router.post('/conversations', async (req, res) => {
    const caller = await authenticated(req, res);
    if (!caller) return;
    const claims = caller.kind === 'token' ? caller.claims : { conversationId: randomId('dl-'), userId: randomId('dl_') };
    const { created } = await server.openConversation(claims.conversationId, claims.userId);
    const { token, expiresIn } = caller.kind === 'token' ? { token: bearerOf(req), expiresIn: server.deps.tokens.ttlSeconds } : await server.deps.tokens.issue(claims);
    res.status(created ? 201 : 200).json({
      conversationId: claims.conversationId,
      token,
      expires_in: expiresIn,
      streamUrl: server.streamUrl(req, claims.conversationId, token),
    });
  });

  router.get('/conversations/:id', async (req, res) => {
    const id = req.params.id as string;
    const caller = await authenticated(req, res, id);
    if (!caller) return;
    if (!(await server.deps.log.getConversation(id))) return sendError(res, 404, 'NOT_FOUND', 'No such conversation.');
    const watermark = parseWatermark(req.query.watermark);
    if (watermark === null) return sendError(res, 400, 'BAD_REQUEST', 'watermark must be a whole number.');
    const token = bearerOf(req);
    res.json({ conversationId: id, token, expires_in: server.deps.tokens.ttlSeconds, streamUrl: server.streamUrl(req, id, token, watermark) });
  });

  // The catch-up (a reconnect, or a client that polls) can be hundreds of activities: it goes
  // out compressed like the other API answers. The rest here are a few hundred bytes.
  router.get('/conversations/:id/activities', compression(), async (req, res) => {
    const id = req.params.id as string;
    if (!(await authenticated(req, res, id))) return;
    const watermark = parseWatermark(req.query.watermark);
    // Both reads go out together (one write, one round trip); the page is dropped if the
    // conversation is gone. A malformed watermark of a missing conversation is still a 404.
    const [conversation, page] = await Promise.all([server.deps.log.getConversation(id), watermark === null ? undefined : server.deps.log.since(id, watermark ?? 0, 500)]);
    if (!conversation) return sendError(res, 404, 'NOT_FOUND', 'No such conversation.');
    if (!page) return sendError(res, 400, 'BAD_REQUEST', 'watermark must be a whole number.');
    res.json({ activities: page.activities, watermark: String(page.watermark) });
  });

  router.post('/conversations/:id/activities', postActivity(server));

  return router;
}

/**
 * POST /v3/directline/conversations/:id/activities, a customer's turn: mounted here and, for the
 * usual request, run by the customer-turn lane (src/http/turnLane.ts) with req.params.id set.
 */
export function postActivity(server: DirectLineServer): (req: Request, res: Response) => Promise<unknown> {
  return async (req, res) => {
    const id = req.params.id as string;
    const caller = await authenticate(server, req, res, id);
    if (!caller) return;
    // A token names its conversation and user (it was issued for them), so a customer's post
    // needs no read: the append itself finds no conversation (404) if it is gone. The secret
    // names nobody, so its user is read.
    const conversation = caller.kind === 'token' ? { id, userId: caller.claims.userId } : await server.deps.log.getConversation(id);
    if (!conversation) return sendError(res, 404, 'NOT_FOUND', 'No such conversation.');
    const parsed = PostedActivity.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'BAD_ACTIVITY', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const activity = parsed.data;
    if (activity.type === 'event' && activity.name === 'survey.start' && caller.kind !== 'secret') {
      return sendError(res, 403, 'FORBIDDEN', 'Surveys are started by invitations or the server (with the secret), not by chat clients.');
    }
    // Typing indicators are for the other side's eyes only (an agent's console): passed on,
    // never kept in the log nor run as a turn; the bot has no use for them.
    if (activity.type === 'typing') {
      // Kept nowhere, so nothing else would notice a conversation that is gone.
      if (caller.kind === 'token' && !(await server.deps.log.getConversation(id))) return sendError(res, 404, 'NOT_FOUND', 'No such conversation.');
      await server.customerTyping(conversation);
      return res.json({ id: '' });
    }
    const activityId = await server.post(conversation, activity, `${req.protocol}://${req.get('host')}`);
    res.json({ id: activityId });
  };
}

async function authenticate(server: DirectLineServer, req: Request, res: Response, conversationId?: string): Promise<Caller | undefined> {
  const auth = await server.authenticate(req.get('authorization'), conversationId);
  if (auth.ok) return auth.caller;
  if (auth.status === 401) res.set('WWW-Authenticate', 'Bearer');
  sendError(res, auth.status, auth.code, auth.message);
  return undefined;
}

function bearerOf(req: Request): string {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
}

/** undefined when absent, null when malformed. */
function parseWatermark(raw: unknown): number | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}
