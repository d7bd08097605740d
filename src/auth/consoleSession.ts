/** A staff session and the sign-in answer: plain types, shared with the staff app (web/staff). */

export interface ConsoleSession {
  name: string;
  /** viewer: reads results only; agent: also works cases; admin: also edits surveys, privacy. */
  role: 'viewer' | 'agent' | 'admin';
  /** The name customers see ("Ana García"); absent for the team session. */
  displayName?: string;
  /** Signed in with the ADMIN_TOKEN: the support team, not a person. */
  team?: boolean;
}

/** What `POST /console/api/login` answers. */
export interface SignInResult {
  token: string;
  user: ConsoleSession;
  expiresAt: string;
}

/** What `GET /staff/auth/methods` answers (public): the sign-ins the page offers. */
export interface SignInMethods {
  password: true;
  /** Null: no OpenID Connect provider configured. `start`: where its button goes; `label`: the
   * provider's name for "Sign in with {label}" (OIDC_LABEL), null for a generic button. */
  oidc: { label: string | null; start: string } | null;
}

/** Why a sign-in through the provider was refused: `?signin_error=<code>` on the way back to
 * the staff app, or the `code` of a JSON error. The staff app says each in its language. */
export type OidcRefusalCode =
  | 'OIDC_OFF'
  | 'OIDC_STATE'
  | 'OIDC_EXPIRED'
  | 'OIDC_DENIED'
  | 'OIDC_PROVIDER_UNAVAILABLE'
  | 'OIDC_PROVIDER_ERROR'
  | 'OIDC_NO_EMAIL'
  | 'OIDC_EMAIL_NOT_VERIFIED'
  | 'OIDC_NO_ACCOUNT'
  | 'OIDC_ACCOUNT_DISABLED'
  | 'OIDC_AMBIGUOUS';
