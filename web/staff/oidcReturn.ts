/**
 * Coming back from the OpenID Connect provider: the server's callback sends the browser to
 * /staff?signin=oidc (a session waits in an httpOnly cookie) or /staff?signin_error=<CODE>.
 * Before leaving, the sign-in page remembers where the person was (the page and its #case= or
 * #survey=), so they land there again. Pure, apart from the storage the caller passes.
 */
import type { OidcRefusalCode } from '../../src/auth/consoleSession.js';
import { pageForPath } from './router.js';

export const RETURN_KEY = 'satisfy:staff:return';

/** Every refusal the server names, so each has its sentence in every language (a new code on
 * the server fails the type check here until it is added). */
const REFUSALS: Record<OidcRefusalCode, true> = {
  OIDC_OFF: true,
  OIDC_STATE: true,
  OIDC_EXPIRED: true,
  OIDC_DENIED: true,
  OIDC_PROVIDER_UNAVAILABLE: true,
  OIDC_PROVIDER_ERROR: true,
  OIDC_NO_EMAIL: true,
  OIDC_EMAIL_NOT_VERIFIED: true,
  OIDC_NO_ACCOUNT: true,
  OIDC_ACCOUNT_DISABLED: true,
  OIDC_AMBIGUOUS: true,
};
export const OIDC_REFUSAL_CODES = Object.keys(REFUSALS) as OidcRefusalCode[];

function known(code: string): code is OidcRefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

export type SignInReturn = { kind: 'signedIn' } | { kind: 'refused'; code: OidcRefusalCode | 'OTHER' } | null;

/** What the query says about a sign-in through the provider, if anything. */
export function readSignInReturn(search: string): SignInReturn {
  const q = new URLSearchParams(search);
  const error = q.get('signin_error');
  if (error !== null) return { kind: 'refused', code: known(error) ? error : 'OTHER' };
  return q.get('signin') === 'oidc' ? { kind: 'signedIn' } : null;
}

/** The translation key of a refusal's sentence. */
export function refusalKey(code: string): string {
  return `signin.oidc.error.${known(code) ? code : 'OTHER'}`;
}

/** The query without the sign-in's own parameters ('' or '?…'). */
export function withoutSignInParams(search: string): string {
  const q = new URLSearchParams(search);
  q.delete('signin');
  q.delete('signin_error');
  const rest = q.toString();
  return rest ? `?${rest}` : '';
}

/** Where to land after the round trip: the remembered staff page (with its fragment), only if
 * it is one of ours. */
export function returnPath(saved: string | null): string | null {
  if (!saved || saved.length > 2000 || !saved.startsWith('/staff')) return null;
  const hashAt = saved.indexOf('#');
  const path = hashAt < 0 ? saved : saved.slice(0, hashAt);
  return pageForPath(path) ? saved : null;
}
