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
