import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { ConsoleUser } from '../config.js';
import { SatisfyError } from '../errors.js';

export interface ConsoleSession {
  name: string;
  role: 'agent' | 'admin';
}

const AUDIENCE = 'satisfy:console';
const SESSION_SECONDS = 8 * 3600;
/** Wrong passwords allowed per user name in a window, before sign-in is refused for a while. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;
/** Compared against when the user does not exist, so a wrong name takes as long as a wrong
 * password and names cannot be probed by timing. */
const DUMMY_HASH = '$2b$12$4pMH5X4tr.bYUDN8/n32yupmk00jYuvBMfUumoBvI2hJb8KjK3pie';

/**
 * Sign-in for the agent console: users and bcrypt password hashes from CONSOLE_USERS, or the
 * ADMIN_TOKEN (for operators and scripts). A session is an HS256 JWT with its own audience, so
 * a web chat token signed with the same key is not a console session.
 */
export class ConsoleAuth {
  private readonly key: Uint8Array;
  private readonly adminTokenHash: Buffer;
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly users: readonly ConsoleUser[],
    adminToken: string,
    signingKey: string,
    private readonly now: () => number,
  ) {
    this.key = new TextEncoder().encode(`console:${signingKey}`);
    this.adminTokenHash = sha256(adminToken);
  }

  async login(credentials: { username?: unknown; password?: unknown; token?: unknown }): Promise<{ token: string; user: ConsoleSession; expiresAt: string }> {
    if (typeof credentials.token === 'string') {
      if (!this.isAdminToken(credentials.token)) throw new SatisfyError('UNAUTHORIZED', 'That token is not the admin token.');
      return this.issue({ name: 'admin', role: 'admin' });
    }
    const { username, password } = credentials;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      throw new SatisfyError('BAD_REQUEST', 'Send {"username": ..., "password": ...} or {"token": <ADMIN_TOKEN>}.');
    }
    const key = username.toLowerCase().slice(0, 64);
    const failed = this.failures.get(key);
    if (failed && this.now() - failed.since < FAILURE_WINDOW_MS && failed.count >= MAX_FAILURES) {
      throw new SatisfyError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins for this user; try again in 15 minutes.');
    }
    const user = this.users.find((u) => u.name === username);
    const ok = await bcrypt.compare(password.slice(0, 200), user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      const window = failed && this.now() - failed.since < FAILURE_WINDOW_MS ? failed : { count: 0, since: this.now() };
      this.failures.set(key, { count: window.count + 1, since: window.since });
      throw new SatisfyError('UNAUTHORIZED', 'Wrong user name or password.');
    }
    this.failures.delete(key);
    return this.issue({ name: user.name, role: user.role });
  }

  /** A session token or the admin token; undefined when neither is valid (or the user was
   * removed from CONSOLE_USERS since signing in). */
  async verify(bearer: string): Promise<ConsoleSession | undefined> {
    if (this.isAdminToken(bearer)) return { name: 'admin', role: 'admin' };
    try {
      const { payload } = await jwtVerify(bearer, this.key, { audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(this.now()) });
      if (typeof payload.sub !== 'string') return undefined;
      if (payload.sub === 'admin' && payload.role === 'admin' && payload.tok === true) return { name: 'admin', role: 'admin' };
      const user = this.users.find((u) => u.name === payload.sub);
      return user ? { name: user.name, role: user.role } : undefined;
    } catch (err) {
      if (err instanceof errors.JOSEError) return undefined;
      throw err;
    }
  }

  private async issue(user: ConsoleSession): Promise<{ token: string; user: ConsoleSession; expiresAt: string }> {
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ role: user.role, ...(user.name === 'admin' && user.role === 'admin' ? { tok: true } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.name)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + SESSION_SECONDS)
      .sign(this.key);
    return { token, user, expiresAt: new Date((iat + SESSION_SECONDS) * 1000).toISOString() };
  }

  private isAdminToken(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.adminTokenHash);
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
