import type { StaffAccount } from '../ports.js';

/** Why a person the provider vouched for may still not sign in (the staff app says each in
 * the person's language; docs/operations/staff-sign-in.md). */
export type OidcAccountRefusal = 'OIDC_NO_EMAIL' | 'OIDC_EMAIL_NOT_VERIFIED' | 'OIDC_NO_ACCOUNT' | 'OIDC_ACCOUNT_DISABLED' | 'OIDC_AMBIGUOUS';

export type OidcAccountMatch =
  | { kind: 'account'; account: StaffAccount }
  /** No account has the email and the operator allows new ones: make this one. */
  | { kind: 'create'; name: string; email: string; role: 'agent' | 'viewer'; displayName?: string }
  | { kind: 'refused'; code: OidcAccountRefusal };

/** What the provider said about the person (ID token claims, completed from userinfo). */
export interface OidcClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

/** The account name rule of /staff/api/accounts. */
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * Which stored account a provider's user is. Only the email is trusted, and only when the
 * provider does not say it is unverified (a provider that sends no email_verified at all, as
 * Azure AD, is taken at its word). Emails are compared lowercased, as accounts store them.
 * Exactly one enabled account must have it: none (only disabled ones) refuses, two refuse
 * rather than guess. Auto-creation is never an admin: a role given by a provider's say-so
 * must not be able to edit surveys or accounts.
 */
export function matchOidcAccount(claims: OidcClaims, accounts: readonly StaffAccount[], autoCreateRole: 'agent' | 'viewer' | undefined): OidcAccountMatch {
  const raw = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!raw || raw.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(raw)) return { kind: 'refused', code: 'OIDC_NO_EMAIL' };
  // Some providers (AWS Cognito) send the flag as a string.
  if (claims.email_verified !== undefined && claims.email_verified !== true && claims.email_verified !== 'true') return { kind: 'refused', code: 'OIDC_EMAIL_NOT_VERIFIED' };
  const email = raw.toLowerCase();
  const holders = accounts.filter((a) => a.email?.toLowerCase() === email);
  const enabled = holders.filter((a) => !a.disabled);
  if (enabled.length === 1) return { kind: 'account', account: enabled[0]! };
  if (enabled.length > 1) return { kind: 'refused', code: 'OIDC_AMBIGUOUS' };
  if (holders.length) return { kind: 'refused', code: 'OIDC_ACCOUNT_DISABLED' };
  if (!autoCreateRole) return { kind: 'refused', code: 'OIDC_NO_ACCOUNT' };
  const name = email.replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 64);
  if (!NAME.test(name)) return { kind: 'refused', code: 'OIDC_NO_ACCOUNT' };
  const displayName = typeof claims.name === 'string' ? claims.name.trim().slice(0, 80) : '';
  return { kind: 'create', name, email, role: autoCreateRole, ...(displayName ? { displayName } : {}) };
}
