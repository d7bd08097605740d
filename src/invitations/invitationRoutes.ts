import express, { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import { SurveyStartValue } from '../bot/startOptions.js';
import { negotiateLocale } from '../core/locale.js';
import { SatisfyError } from '../errors.js';
import { parseJsonBody } from '../http/parseJsonBody.js';
import { staffSession, type Authed } from '../http/staffSession.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import type { Invitations } from './Invitations.js';
import { inviteLink } from './inviteLink.js';

export const INVITATIONS_PATH = '/admin/api/invitations';

const MAX_TTL_DAYS = 365;
/** A link that expires before anyone could open it is a mistake, not a wish. */
const MIN_TTL_DAYS = 1 / 1440;

const CreateInvitation = SurveyStartValue.extend({
  ttlDays: z.number().min(MIN_TTL_DAYS, 'must be at least one minute (1/1440 of a day)').max(MAX_TTL_DAYS, `must be at most ${MAX_TTL_DAYS}`).optional(),
}).strict();

const EXAMPLE = '{"surveyId": "post-purchase", "customer": {"id": "42", "name": "Ana"}, "order": {"id": "A-1001"}, "locale": "es", "ttlDays": 14}';

export interface InvitationRoutesDeps {
  invitations: Invitations;
  scripts: ScriptRegistry;
  auth: ConsoleAuth;
  defaultSurveyId: string;
  /** INVITE_TTL_DAYS, for a body without ttlDays. */
  defaultTtlMs: number;
  /** Where customers reach us; undefined: the request's own scheme and host. */
  publicUrl: string | undefined;
  log: Logger;
}

/**
 * `POST /admin/api/invitations`: a survey link for one customer and order, signed by this
 * server, so `npm run invite` works against a server whose signing key it does not know (the
 * quick start generates one per run). Admins only, like the rest of /admin/api.
 */
export function invitationRoutes(deps: InvitationRoutesDeps): Router {
  const router = Router();
  router.post(
    INVITATIONS_PATH,
    staffSession(deps.auth, {
      unauthorized: 'Send Authorization: Bearer <ADMIN_TOKEN> (npm start prints a generated one), or an admin console session token.',
      adminOnly: 'Creating invitations is for admins.',
    }),
    // After the sign-in check: nobody gets a body parsed without a session.
    express.json({ limit: '64kb' }),
    async (req, res) => {
      const body = parseBody(req.body);
      const surveyId = body.surveyId ?? deps.defaultSurveyId;
      // 404 SURVEY_NOT_FOUND when nothing of that id is published.
      const script = await deps.scripts.published(surveyId);
      const locale = body.locale === undefined ? undefined : negotiateLocale([body.locale], script.locales, '');
      if (locale === '') throw new SatisfyError('BAD_REQUEST', `locale: "${body.locale}" is not offered by survey "${surveyId}" (${script.locales.join(', ')})`);
      const invitation = { surveyId, ...(locale ? { locale } : {}), ...(body.customer ? { customer: body.customer } : {}), ...(body.order ? { order: body.order } : {}) };
      const ttlMs = body.ttlDays === undefined ? deps.defaultTtlMs : Math.round(body.ttlDays * 86_400_000);
      const { token, expiresAt } = await deps.invitations.issue(invitation, ttlMs);
      const base = deps.publicUrl ?? `${req.protocol}://${req.get('host')}`;
      // Who asked and for which survey; the customer and order stay out of the log.
      deps.log.info({ surveyId, by: (req as Authed).session?.name, expiresAt }, 'invitation created');
      res.status(201).json({ url: inviteLink(base, token), token, expiresAt: expiresAt.toISOString(), invitation });
    },
  );
  return router;
}

function parseBody(value: unknown): z.infer<typeof CreateInvitation> {
  return parseJsonBody(CreateInvitation, value, { example: EXAMPLE });
}
