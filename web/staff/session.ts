/**
 * The one staff session: `{token, user, expiresAt}` in sessionStorage, so it lasts for the tab,
 * survives a reload and is shared by every staff page (Cases, Surveys, Results) without a second sign-in.
 */
import type { ConsoleSession } from '../../src/auth/consoleSession.js';

export const SESSION_KEY = 'satisfy:staff';

export interface StaffSession {
  token: string;
  user: Pick<ConsoleSession, 'name' | 'role'>;
  /** ISO time; '' when the server did not say. */
  expiresAt: string;
}

/** A role as the server said it; anything else is read as an agent's (the server decides anyway). */
export function roleOf(role: unknown): StaffSession['user']['role'] {
  return role === 'admin' || role === 'viewer' ? role : 'agent';
}

/** A stored session, if it is well-formed and not expired at `now`. */
export function parseSession(json: string | null, now: number): StaffSession | null {
  try {
    const s = JSON.parse(json ?? 'null') as Partial<StaffSession> | null;
    if (!s || typeof s.token !== 'string' || !s.user || typeof s.user.name !== 'string') return null;
    const role = roleOf(s.user.role);
    const expiresAt = typeof s.expiresAt === 'string' ? s.expiresAt : '';
    if (expiresAt && Date.parse(expiresAt) <= now) return null;
    return { token: s.token, user: { name: s.user.name, role }, expiresAt };
  } catch {
    return null;
  }
}

export function loadSession(): StaffSession | null {
  try {
    return parseSession(sessionStorage.getItem(SESSION_KEY), Date.now());
  } catch {
    return null; // storage off: sign in again
  }
}

export function saveSession(s: StaffSession | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* storage off: the session lasts until a reload */
  }
}
