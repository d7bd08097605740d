import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { WebchatSession, WebchatSessionRequest } from '../../core/api/webchat.js';
import { negotiateLocale } from '../../core/locale.js';
import { sendError } from '../../http/sendError.js';
import type { WebBuild } from '../../http/webBuild.js';
import type { Invitation, Invitations } from '../../invitations/Invitations.js';
import { BOT_ACCOUNT, DIRECT_LINE_CHANNEL } from './DirectLineAdapter.js';
import { DIRECT_LINE_PATH, randomId, type DirectLineServer } from './DirectLineServer.js';

const SessionBody = z
  .object({
    invite: z.string().max(8192).optional(),
    locale: z.string().max(35).optional(),
    /** The browser's navigator.languages, best first. */
    languages: z.array(z.string().max(35)).max(10).optional(),
    resume: z.object({ conversationId: z.string().max(128), token: z.string().max(4096) }).optional(),
  })
  .strict() satisfies z.ZodType<WebchatSessionRequest>;

const INVITE_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Pages and scripts may only come from us (no inline script); the page's and the widget's styles may be inline. */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export interface WebchatDeps {
  server: DirectLineServer;
  invitations: Invitations;
  defaultSurveyId: string;
  defaultLocale: string;
  supportedLocales: string[];
  /** The built front end: the widget bundle and pages/chat.html. */
  web: WebBuild;
  /** A sent invitation's survey was opened (distribution tracks it; never fails the page). */
  onInvitationOpened?: (invitationId: string) => void;
  /** A one-click answer (/s/<invite>?answer=4) checked against the survey's first question:
   * the answer the widget gives first, or undefined to ignore it. */
  oneClick?: (surveyId: string, answer: string) => Promise<{ questionId: string; answer: string } | undefined>;
}

/**
 * The customer's side of the web chat: POST /webchat/session starts (or resumes) a survey
 * conversation and hands the browser a Direct Line token; /widget.js, /chat and /s/:invite serve
 * the widget (web/widget, built into dist/web) and its page.
 */
export async function webchatRoutes(deps: WebchatDeps): Promise<Router> {
  // Read once at start: a missing build fails the start, not a customer's request.
  const widgetUrl = deps.web.asset('widget.js');
  const widget = await deps.web.assetFile('widget.js');
  const page = deps.web.page('chat.html');
  const router = Router();
  const { server } = deps;

  router.post('/webchat/session', async (req, res) => {
    const body = SessionBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 400, 'BAD_REQUEST', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const { invite, locale, languages = [], resume } = body.data;

    if (resume) {
      const auth = await server.authenticate(`Bearer ${resume.token}`, resume.conversationId);
      const conversation = auth.ok ? await server.deps.log.getConversation(resume.conversationId) : undefined;
      if (!conversation) return sendError(res, 401, 'RESUME_REFUSED', 'That conversation cannot be resumed; start a new one.');
      return sendSession(req, res, conversation.id, conversation.userId, conversation.locale ?? deps.defaultLocale);
    }

    let invitation: Invitation = { surveyId: deps.defaultSurveyId, ...(locale ? { locale } : {}) };
    let conversationId = randomId('web-');
    if (invite) {
      const check = INVITE_SHAPE.test(invite) ? await deps.invitations.verify(invite) : { ok: false as const, reason: 'invalid' as const };
      if (!check.ok) {
        return check.reason === 'expired'
          ? sendError(res, 410, 'INVITE_EXPIRED', 'This survey link has expired.')
          : sendError(res, 400, 'INVITE_INVALID', 'This survey link is not valid.');
      }
      invitation = check.invitation;
      // One invitation, one conversation: opening the link again (another device, a reload
      // without storage, the link in the reminder) continues the same survey instead of
      // starting a second one.
      conversationId = `inv-${createHash('sha256').update(check.invitationId ?? invite).digest('base64url').slice(0, 32)}`;
      if (check.invitationId) deps.onInvitationOpened?.(check.invitationId);
    }
    // An invitation's locale, then an explicit choice (?locale=, data-locale), then the browser's
    // languages; a preference the survey cannot serve falls through to the next one.
    const chosenLocale = negotiateLocale([invite ? invitation.locale : undefined, locale, ...languages], deps.supportedLocales, deps.defaultLocale);
    const { conversation, created } = await server.openConversation(conversationId, randomId('web_'), chosenLocale);
    // An invitation's start runs on every open, not only the first: if the first start failed
    // (a store fault after the conversation was made), a later open must still start it with
    // the invitation's customer and order. The bot drops a start it already ran (same id), and
    // no token is handed out until the start ran, so no message reaches an unstarted chat.
    if (created || invite) {
      await server.runTurn({
        type: 'event',
        name: 'survey.start',
        id: `${conversation.id}|start`,
        value: { ...invitation, locale: chosenLocale },
        from: { id: conversation.userId, role: 'user' },
        recipient: BOT_ACCOUNT,
        conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
        channelId: DIRECT_LINE_CHANNEL,
        serviceUrl: `${req.protocol}://${req.get('host')}`,
        locale: chosenLocale,
      });
    }
    return sendSession(req, res, conversation.id, conversation.userId, conversation.locale ?? chosenLocale);
  });

  async function sendSession(req: Request, res: Response, conversationId: string, userId: string, locale: string): Promise<void> {
    const { token, expiresIn } = await server.deps.tokens.issue({ conversationId, userId });
    const base = server.deps.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    const session: WebchatSession = { conversationId, token, expiresIn, streamUrl: server.streamUrl(req, conversationId, token), domain: `${base}${DIRECT_LINE_PATH}`, locale, userId };
    res.json(session);
  }

  // The stable URL shops embed: the same bytes as the hashed bundle, cached briefly so a new
  // build reaches their pages within minutes (/chat uses the hashed URL, cached for a year).
  router.get('/widget.js', (_req, res) => {
    res.type('text/javascript; charset=utf-8').set({ 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }).send(widget);
  });
  // The bundle names its source map relative to itself, which from /widget.js is next to it.
  router.get(`/${basename(widgetUrl)}.map`, (_req, res) => {
    res.redirect(301, `.${widgetUrl}.map`);
  });

  const servePage = async (res: Response, invite: string, locale: string, answer?: { questionId: string; answer: string }) => {
    const html = page
      .replaceAll('{{INVITE}}', escapeAttribute(invite))
      .replaceAll('{{ANSWER}}', escapeAttribute(answer?.answer ?? ''))
      .replaceAll('{{ANSWER_QUESTION}}', escapeAttribute(answer?.questionId ?? ''))
      .replaceAll('{{LOCALE}}', escapeAttribute(locale))
      .replaceAll('{{LANG}}', escapeAttribute(locale || deps.defaultLocale));
    res.type('html').set({ 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' }).send(html);
  };

  router.get('/chat', async (req, res) => {
    // ?locale[a]=1 and ?locale=a&locale=b reach here as an object and an array.
    if (req.query.locale !== undefined && typeof req.query.locale !== 'string') return sendError(res, 400, 'BAD_QUERY', 'locale must be one locale tag, such as en or zh-CN.');
    // A locale we cannot serve is no request at all: the browser's languages decide instead.
    await servePage(res, '', negotiateLocale([req.query.locale], deps.supportedLocales, ''));
  });

  router.get('/s/:invite', async (req, res) => {
    const invite = req.params.invite as string;
    // The page opens even for a bad link: the widget then says, in words, that it is not valid.
    const check = INVITE_SHAPE.test(invite) ? await deps.invitations.verify(invite) : undefined;
    const locale = check?.ok && check.invitation.locale ? negotiateLocale([check.invitation.locale], deps.supportedLocales, '') : '';
    // An answer off the scale (or a survey that cannot take one) just opens the survey.
    const raw = req.query.answer;
    const answer = check?.ok && typeof raw === 'string' && deps.oneClick ? await deps.oneClick(check.invitation.surveyId, raw).catch(() => undefined) : undefined;
    await servePage(res, INVITE_SHAPE.test(invite) ? invite : 'invalid', locale, answer);
  });

  return router;
}

/** For values placed inside a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
