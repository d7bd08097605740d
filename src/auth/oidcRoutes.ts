import { Router, type Request, type Response } from 'express';
import type { JWTPayload } from 'jose';
import { OIDC_CALLBACK_PATH } from '../config.js';
import { sendError } from '../http/sendError.js';
import type { ConsoleAuth, ConsoleSession, SignInResult } from './ConsoleAuth.js';
import type { SignInMethods } from './consoleSession.js';
import { refusal, type OidcRefusal, type OidcSignIn, type OidcTransaction } from './OidcSignIn.js';
import { cookieValue, SealedCookie } from './SealedCookie.js';

export const SIGN_IN_METHODS_PATH = '/staff/auth/methods';
export const OIDC_START_PATH = '/staff/auth/oidc/start';
export const OIDC_SESSION_PATH = '/staff/auth/oidc/session';

const TRANSACTION_COOKIE = 'satisfy_oidc';
const HANDOFF_COOKIE = 'satisfy_oidc_session';
/** Long enough to type a password and a second factor at the provider. */
const TRANSACTION_SECONDS = 600;
/** From the callback's redirect to the staff app asking for its session: one page load. */
const HANDOFF_SECONDS = 120;

interface Handoff extends JWTPayload {
  token: string;
  user: ConsoleSession;
  expiresAt: string;
}

export interface OidcRoutesDeps {
  /** Undefined: OIDC is not configured (the methods say so; the routes answer 404). */
  signIn: OidcSignIn | undefined;
  redirectUrl: string | undefined;
  auth: ConsoleAuth;
  signingKey: string;
  now: () => number;
}

/**
 * The staff sign-in through an OpenID Connect provider (docs/operations/staff-sign-in.md):
 *
 * GET  /staff/auth/methods          public: {password, oidc: {label, start} | null}, read by the sign-in page
 * GET  /staff/auth/oidc/start       303 to the provider; sets the sealed transaction cookie
 * GET  /staff/auth/oidc/callback    the provider's redirect: 303 to /staff?signin=oidc with a sealed,
 *                                    2-minute hand-off cookie, or to /staff?signin_error=<CODE>
 * POST /staff/auth/oidc/session     the staff app trades the hand-off cookie (once) for {token, user, expiresAt}
 *
 * The staff app keeps its session in sessionStorage, as after a password sign-in, so the token
 * reaches it through one same-origin call rather than in a URL. Every cookie here is httpOnly,
 * SameSite=Lax (the provider's redirect back is a top-level GET from another site, which Lax
 * lets through), Secure on https, scoped to /staff/auth/oidc, and sealed with a key from
 * TOKEN_SIGNING_KEY, so any instance finishes what another started. Browsers get redirects;
 * a client that asks for JSON only gets the refusal's status and {error: {code, message}}.
 * All of it is under /staff, so RATE_LIMIT_STAFF counts it per client like the password sign-in.
 */
export function oidcRoutes(deps: OidcRoutesDeps): Router {
  const router = Router();
  const base = staffBase(deps.redirectUrl);
  const cookiePath = `${base}/auth/oidc`;
  const secure = deps.redirectUrl?.startsWith('https:') ?? false;
  const transactions = new SealedCookie<OidcTransaction>(deps.signingKey, 'oidc-transaction', TRANSACTION_SECONDS, deps.now);
  const handoffs = new SealedCookie<Handoff>(deps.signingKey, 'oidc-handoff', HANDOFF_SECONDS, deps.now);
  const cookieOptions = (maxAge: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure, path: cookiePath, maxAge });
  const clear = (res: Response, name: string) => res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: cookiePath });

  const refuse = (req: Request, res: Response, r: OidcRefusal) => {
    if (wantsJson(req)) {
      if (r.code === 'OIDC_PROVIDER_UNAVAILABLE') res.set('Retry-After', '30');
      return sendError(res, r.status, r.code, r.message);
    }
    res.redirect(303, `${base}?signin_error=${encodeURIComponent(r.code)}`);
  };

  router.use(['/staff/auth'], (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get(SIGN_IN_METHODS_PATH, (_req, res) => {
    const methods: SignInMethods = { password: true, oidc: deps.signIn ? { label: deps.signIn.label ?? null, start: `${base}/auth/oidc/start` } : null };
    res.json(methods);
  });

  router.get(OIDC_START_PATH, async (req, res) => {
    if (!deps.signIn) return refuse(req, res, refusal('OIDC_OFF'));
    const started = await deps.signIn.start();
    if (!started.ok) return refuse(req, res, started.refusal);
    res.cookie(TRANSACTION_COOKIE, await transactions.seal(started.transaction), cookieOptions(transactions.maxAgeMs));
    res.redirect(303, started.url.href);
  });

  router.get(OIDC_CALLBACK_PATH, async (req, res) => {
    if (!deps.signIn) return refuse(req, res, refusal('OIDC_OFF'));
    // One use: whatever happens next, this transaction is spent.
    clear(res, TRANSACTION_COOKIE);
    const transaction = await transactions.open(cookieValue(req.get('cookie'), TRANSACTION_COOKIE));
    const finished = await deps.signIn.finish(new URLSearchParams(rawQuery(req.originalUrl)), transaction);
    if (!finished.ok) return refuse(req, res, finished.refusal);
    const { token, user, expiresAt } = finished.session;
    res.cookie(HANDOFF_COOKIE, await handoffs.seal({ token, user, expiresAt }), cookieOptions(handoffs.maxAgeMs));
    if (wantsJson(req)) return void res.json({ signedIn: true, next: OIDC_SESSION_PATH });
    res.redirect(303, `${base}?signin=oidc`);
  });

  router.post(OIDC_SESSION_PATH, async (req, res) => {
    clear(res, HANDOFF_COOKIE);
    const handoff = await handoffs.open(cookieValue(req.get('cookie'), HANDOFF_COOKIE));
    // Checked again: an account disabled since the callback gets nothing.
    const session = handoff && (await deps.auth.verify(handoff.token));
    if (!handoff || !session) {
      const r = refusal('OIDC_EXPIRED');
      return sendError(res, r.status, r.code, r.message);
    }
    const answer: SignInResult = { token: handoff.token, user: session, expiresAt: handoff.expiresAt };
    res.json(answer);
  });

  return router;
}

/** Where the staff app is, as the browser sees it: OIDC_REDIRECT_URL's path less
 * /auth/oidc/callback (/staff, or /prefix/staff behind a proxy that adds a prefix). */
export function staffBase(redirectUrl: string | undefined): string {
  if (!redirectUrl) return '/staff';
  const path = new URL(redirectUrl).pathname.replace(/\/+$/, '');
  return path.slice(0, path.length - OIDC_CALLBACK_PATH.length) + '/staff';
}

/** The query as sent, so the provider's parameters reach openid-client unchanged. */
function rawQuery(originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  return at < 0 ? '' : originalUrl.slice(at + 1);
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}
