import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { ConsoleUser } from '../config.js';
import type { StaffAccount, StaffAccountStore } from '../core/ports.js';
import { SatisfyError } from '../errors.js';
import type { PasswordChecker } from './PasswordChecker.js';
import type { SignInThrottle } from './SignInThrottle.js';
import type { ConsoleSession, SignInResult } from './consoleSession.js';

export type { ConsoleSession, SignInResult };

/** The session of whoever signs in with the ADMIN_TOKEN. */
const TEAM: ConsoleSession = { name: 'admin', role: 'admin', team: true };

const AUDIENCE = 'satisfy:console';
const SESSION_SECONDS = 8 * 3600;
/** bcrypt reads at most 72 bytes; a longer "password" is only work for us. */
const MAX_PASSWORD_CHARS = 200;
/** The bcrypt cost of passwords set in the staff app (hash-password uses the same). */
export const ACCOUNT_PASSWORD_COST = 12;
/** Compared against when no user is configured at all (cost 12, like stored accounts). */
const DUMMY_HASH = '$2b$12$4pMH5X4tr.bYUDN8/n32yupmk00jYuvBMfUumoBvI2hJb8KjK3pie';

/**
 * Sign-in for the staff app: users and bcrypt password hashes from CONSOLE_USERS (bootstrap),
 * accounts kept in the store (added by admins in the staff app), or the ADMIN_TOKEN (for
 * operators and scripts). A session is an HS256 JWT with its own audience, so a web chat token
 * signed with the same key is not a console session. A stored account's session is checked
 * against the account on every request (one store read, no cache): disabling an account,
 * changing its role or revoking its sessions takes effect at once on every instance.
 */
export class ConsoleAuth {
  private readonly key: Uint8Array;
  private readonly adminTokenHash: Buffer;
  /** Compared against when the user does not exist, at the cost of the real hashes, so a wrong
   * name takes as long as a wrong password and names cannot be probed by timing. */
  private readonly dummyHash: string;

  constructor(
    private readonly users: readonly ConsoleUser[],
    adminToken: string,
    signingKey: string,
    private readonly now: () => number,
    private readonly guard: { throttle: SignInThrottle; passwords: PasswordChecker; accounts?: StaffAccountStore },
  ) {
    this.key = new TextEncoder().encode(`console:${signingKey}`);
    this.adminTokenHash = sha256(adminToken);
    const cost = Math.max(guard.accounts ? ACCOUNT_PASSWORD_COST : 0, ...users.map((u) => Number(u.passwordHash.slice(4, 6))));
    this.dummyHash = cost && cost !== ACCOUNT_PASSWORD_COST ? bcrypt.hashSync(randomBytes(16).toString('hex'), cost) : DUMMY_HASH;
  }

  /** A CONSOLE_USERS user of that name (such a name cannot be taken by a stored account). */
  bootstrapUser(name: string): ConsoleUser | undefined {
    return this.users.find((u) => u.name === name);
  }

  get bootstrapUsers(): readonly ConsoleUser[] {
    return this.users;
  }

  /** A session for a stored account that signed in some other way (OpenID Connect). */
  async issueFor(account: StaffAccount): Promise<SignInResult> {
    if (account.disabled) throw new SatisfyError('FORBIDDEN', 'This account is disabled; ask an admin.');
    return this.issue(accountSession(account), true);
  }

  /**
   * Names are exact (case-sensitive) everywhere: the lookup, the throttle and the session, so
   * failures under "ANA" never count against "ana". `address` is the client's (req.ip).
   */
  async login(credentials: { username?: unknown; password?: unknown; token?: unknown }, address: string): Promise<SignInResult> {
    if (typeof credentials.token === 'string') {
      if (!this.isAdminToken(credentials.token)) throw new SatisfyError('UNAUTHORIZED', 'That token is not the admin token.');
      return this.issue(TEAM);
    }
    const { username, password } = credentials;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password || username.length > 64) {
      throw new SatisfyError('BAD_REQUEST', 'Send {"username": ..., "password": ...} or {"token": <ADMIN_TOKEN>}.');
    }
    const { throttle, passwords } = this.guard;
    await throttle.check(username, address);
    const user = this.users.find((u) => u.name === username);
    // A disabled account costs the same bcrypt as a wrong password, and answers the same.
    const stored = user ? undefined : await this.guard.accounts?.get(username);
    const account = stored && !stored.disabled && stored.passwordHash ? stored : undefined;
    const hash = user?.passwordHash ?? account?.passwordHash ?? this.dummyHash;
    const ok = await passwords.check(password.slice(0, MAX_PASSWORD_CHARS), hash);
    if (!(user || account) || !ok) {
      await throttle.failed(username, address);
      throw new SatisfyError('UNAUTHORIZED', 'Wrong user name or password.');
    }
    await throttle.succeeded(username, address);
    return user ? this.issue(sessionOf(user)) : this.issue(accountSession(account!), true);
  }

  async close(): Promise<void> {
    await this.guard.passwords.close();
  }

  /** A session token or the admin token; undefined when neither is valid, or the user was
   * removed from CONSOLE_USERS since signing in, or the stored account is gone, disabled, or
   * had its sessions revoked after this one was issued. The role is the account's current one. */
  async verify(bearer: string): Promise<ConsoleSession | undefined> {
    if (this.isAdminToken(bearer)) return TEAM;
    try {
      const { payload } = await jwtVerify(bearer, this.key, { audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(this.now()) });
      if (typeof payload.sub !== 'string') return undefined;
      if (payload.sub === 'admin' && payload.role === 'admin' && payload.tok === true) return TEAM;
      const user = this.users.find((u) => u.name === payload.sub);
      if (user) return sessionOf(user);
      if (payload.acct !== true || !this.guard.accounts) return undefined;
      const account = await this.guard.accounts.get(payload.sub);
      if (!account || account.disabled) return undefined;
      const issuedAt = typeof payload.at === 'number' ? payload.at : (payload.iat ?? 0) * 1000;
      if (account.sessionsValidAfter && issuedAt < Date.parse(account.sessionsValidAfter)) return undefined;
      return accountSession(account);
    } catch (err) {
      if (err instanceof errors.JOSEError) return undefined;
      throw err;
    }
  }

  private async issue(user: ConsoleSession, stored = false): Promise<SignInResult> {
    const now = this.now();
    const iat = Math.floor(now / 1000);
    // at: the issue time in milliseconds, so a session issued right after a revocation (in the
    // same second) is not taken for one issued before it.
    const token = await new SignJWT({ role: user.role, at: now, ...(user.team ? { tok: true } : {}), ...(stored ? { acct: true } : {}) })
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

function sessionOf(user: ConsoleUser): ConsoleSession {
  return { name: user.name, role: user.role, ...(user.displayName ? { displayName: user.displayName } : {}) };
}

function accountSession(account: StaffAccount): ConsoleSession {
  return { name: account.name, role: account.role, ...(account.displayName ? { displayName: account.displayName } : {}) };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
