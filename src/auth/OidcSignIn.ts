import { createHash, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { OidcConfig } from '../config.js';
import type { StaffAccount, StaffAccountStore } from '../core/ports.js';
import { matchOidcAccount } from '../core/staff/matchOidcAccount.js';
import type { ConsoleAuth, SignInResult } from './ConsoleAuth.js';
import type { OidcRefusalCode } from './consoleSession.js';
import type { OidcClient, OidcProviderError } from './OidcClient.js';
import type { StaffAccounts } from './StaffAccounts.js';

export type { OidcRefusalCode };

/** Each refusal's HTTP status and words (for API clients and logs; the staff app says each in
 * the person's language from the code). */
export const OIDC_REFUSALS: Record<OidcRefusalCode, { status: number; message: string }> = {
  OIDC_OFF: { status: 404, message: 'Sign-in through an OpenID Connect provider is not set up on this server (OIDC_ISSUER).' },
  OIDC_STATE: { status: 400, message: 'This sign-in was not started in this browser, took more than 10 minutes, or was finished already; start it again.' },
  OIDC_EXPIRED: { status: 401, message: 'There is no sign-in to finish: it took more than 2 minutes or was finished already; sign in again.' },
  OIDC_DENIED: { status: 401, message: 'The provider did not sign you in.' },
  OIDC_PROVIDER_UNAVAILABLE: { status: 503, message: 'The sign-in provider cannot be reached just now; try again in a minute, or sign in with a password.' },
  OIDC_PROVIDER_ERROR: { status: 502, message: "The sign-in provider's answer was not accepted; try again, and ask an admin if it keeps failing." },
  OIDC_NO_EMAIL: { status: 403, message: 'The provider did not say which email address you have; the app must be allowed the "email" scope.' },
  OIDC_EMAIL_NOT_VERIFIED: { status: 403, message: 'The provider says your email address is not verified; verify it there, then sign in again.' },
  OIDC_NO_ACCOUNT: { status: 403, message: 'No staff account has your email address; ask an admin to add it to your account on the Staff page.' },
  OIDC_ACCOUNT_DISABLED: { status: 403, message: 'Your staff account is disabled; ask an admin.' },
  OIDC_AMBIGUOUS: { status: 409, message: 'More than one staff account has your email address; ask an admin to keep it on one.' },
};

export interface OidcRefusal {
  code: OidcRefusalCode;
  status: number;
  message: string;
}

/** What the browser keeps (sealed, httpOnly) between leaving for the provider and coming back. */
export interface OidcTransaction extends JWTPayload {
  state: string;
  nonce: string;
  verifier: string;
}

export type OidcStart = { ok: true; url: URL; transaction: OidcTransaction } | { ok: false; refusal: OidcRefusal };
export type OidcFinish = { ok: true; session: SignInResult; account: string } | { ok: false; refusal: OidcRefusal };

export interface OidcSignInDeps {
  settings: OidcConfig;
  provider: OidcClient;
  auth: ConsoleAuth;
  store: StaffAccountStore;
  accounts: StaffAccounts;
  log: Logger;
}

/**
 * Staff sign-in through an OpenID Connect provider: the provider vouches for an email address,
 * and the stored account with that email is who signs in, with the account's role. The session
 * is the one a password sign-in gets for that account (ConsoleAuth.issueFor), so it is checked
 * against the account on every request: disabling the account or "sign out everywhere" ends
 * it at once, whatever the provider thinks. Refusals are values, with a stable code.
 */
export class OidcSignIn {
  constructor(private readonly deps: OidcSignInDeps) {}

  get label(): string | undefined {
    return this.deps.settings.label;
  }

  async start(): Promise<OidcStart> {
    const transaction: OidcTransaction = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    try {
      const url = await this.deps.provider.authorizationUrl({ state: transaction.state, nonce: transaction.nonce, codeVerifier: transaction.verifier });
      return { ok: true, url, transaction };
    } catch (err) {
      return { ok: false, refusal: this.providerFailed(err as OidcProviderError, 'start') };
    }
  }

  /** `query`: the callback's query string as the provider sent it; `transaction`: the opened
   * cookie, undefined when it is missing, tampered with or expired. */
  async finish(query: URLSearchParams, transaction: OidcTransaction | undefined): Promise<OidcFinish> {
    const state = query.get('state');
    // Checked before anything reaches the provider: a forged or replayed callback costs nothing.
    if (!transaction || !state || !sameText(state, transaction.state)) return refused('OIDC_STATE');
    const callbackUrl = new URL(this.deps.settings.redirectUrl);
    callbackUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      claims = await this.deps.provider.claims(callbackUrl, { state: transaction.state, nonce: transaction.nonce, codeVerifier: transaction.verifier });
    } catch (err) {
      return { ok: false, refusal: this.providerFailed(err as OidcProviderError, 'callback') };
    }
    const match = matchOidcAccount(claims, await this.deps.store.list(), this.deps.settings.autoCreateRole);
    let account: StaffAccount | undefined;
    if (match.kind === 'refused') {
      this.deps.log.info({ code: match.code }, 'OpenID Connect sign-in refused');
      return refused(match.code);
    }
    if (match.kind === 'account') account = match.account;
    else {
      const created = await this.deps.accounts.create({ name: match.name, role: match.role, email: match.email, ...(match.displayName ? { displayName: match.displayName } : {}) });
      // Two first sign-ins at once: the second finds the account the first made.
      const stored = await this.deps.store.get(match.name);
      if (stored?.email === match.email && !stored.disabled) account = stored;
      if (!account) {
        this.deps.log.warn({ account: match.name, why: created.ok ? 'changed' : created.why }, 'OpenID Connect sign-in: no account could be made');
        return refused('OIDC_NO_ACCOUNT');
      }
      if (created.ok) this.deps.log.info({ account: account.name, role: account.role }, 'staff account created at its first OpenID Connect sign-in (OIDC_AUTO_CREATE_ROLE)');
    }
    const session = await this.deps.auth.issueFor(account);
    this.deps.log.info({ account: account.name, role: account.role }, 'staff signed in through OpenID Connect');
    return { ok: true, session, account: account.name };
  }

  private providerFailed(err: OidcProviderError, step: 'start' | 'callback'): OidcRefusal {
    this.deps.log.warn({ step, kind: err.kind, providerCode: err.providerCode, err: err.message }, 'OpenID Connect sign-in failed at the provider');
    if (err.kind === 'unavailable') return refusal('OIDC_PROVIDER_UNAVAILABLE');
    if (err.kind === 'refused') {
      const base = OIDC_REFUSALS.OIDC_DENIED;
      return { code: 'OIDC_DENIED', status: base.status, message: `${base.message} (${err.providerCode ?? 'error'}${err.message && err.message !== err.providerCode ? `: ${err.message.slice(0, 200)}` : ''})` };
    }
    return refusal('OIDC_PROVIDER_ERROR');
  }
}

export function refusal(code: OidcRefusalCode): OidcRefusal {
  return { code, ...OIDC_REFUSALS[code] };
}

function refused(code: OidcRefusalCode): { ok: false; refusal: OidcRefusal } {
  return { ok: false, refusal: refusal(code) };
}

function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
