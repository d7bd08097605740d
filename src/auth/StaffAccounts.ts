import type { StaffAccount, StaffAccountPatch, StaffAccountStore } from '../core/ports.js';
import { ACCOUNT_PASSWORD_COST, type ConsoleAuth } from './ConsoleAuth.js';
import type { PasswordChecker } from './PasswordChecker.js';

/** What admins see of an account: never its hash. */
export interface StaffAccountView {
  name: string;
  role: StaffAccount['role'];
  displayName?: string;
  email?: string;
  disabled: boolean;
  createdAt: string;
  sessionsValidAfter?: string;
  /** False for an account that signs in only through OpenID Connect. */
  hasPassword: boolean;
}

export type AccountOutcome = { ok: true; account: StaffAccountView } | { ok: false; why: 'not_found' | 'exists' | 'reserved' | 'email_taken' };

/**
 * Admins managing stored staff accounts. Disabling, and resetting a password, also revoke the
 * account's sessions (sessionsValidAfter = now), so enabling it again does not bring old
 * sessions back. CONSOLE_USERS names and "admin" (the ADMIN_TOKEN's session) cannot be taken.
 */
export class StaffAccounts {
  constructor(
    private readonly deps: { store: StaffAccountStore; auth: ConsoleAuth; passwords: PasswordChecker; now: () => number; cost?: number },
  ) {}

  async list(): Promise<{ accounts: StaffAccountView[]; bootstrap: { name: string; role: StaffAccount['role']; displayName?: string }[] }> {
    const accounts = (await this.deps.store.list()).map(view);
    const bootstrap = this.deps.auth.bootstrapUsers.map((u) => ({ name: u.name, role: u.role, ...(u.displayName ? { displayName: u.displayName } : {}) }));
    return { accounts, bootstrap };
  }

  async create(input: { name: string; role: StaffAccount['role']; password?: string; displayName?: string; email?: string }): Promise<AccountOutcome> {
    if (input.name === 'admin' || this.deps.auth.bootstrapUser(input.name)) return { ok: false, why: 'reserved' };
    if (await this.deps.store.get(input.name)) return { ok: false, why: 'exists' };
    if (input.email && (await this.emailTaken(input.email, input.name))) return { ok: false, why: 'email_taken' };
    const account: StaffAccount = {
      name: input.name,
      role: input.role,
      ...(input.password ? { passwordHash: await this.hash(input.password) } : {}),
      ...(input.displayName ? { displayName: input.displayName } : {}),
      ...(input.email ? { email: input.email.toLowerCase() } : {}),
      disabled: false,
      createdAt: this.stamp(),
    };
    if (!(await this.deps.store.create(account))) return { ok: false, why: 'exists' };
    return { ok: true, account: view(account) };
  }

  async change(name: string, change: { role?: StaffAccount['role']; disabled?: boolean; displayName?: string; email?: string }): Promise<AccountOutcome> {
    const patch: StaffAccountPatch = { role: change.role, disabled: change.disabled, displayName: change.displayName, email: change.email?.toLowerCase() };
    if (change.email && (await this.emailTaken(change.email, name))) return { ok: false, why: 'email_taken' };
    if (change.disabled === false) {
      // Enabling an account whose email another enabled account took meanwhile would make
      // single sign-on ambiguous for both.
      const current = await this.deps.store.get(name);
      if (current?.email && (await this.emailTaken(change.email ?? current.email, name))) return { ok: false, why: 'email_taken' };
    }
    if (change.disabled === true) patch.sessionsValidAfter = this.stamp();
    return this.patch(name, patch);
  }

  async resetPassword(name: string, password: string): Promise<AccountOutcome> {
    if (!(await this.deps.store.get(name))) return { ok: false, why: 'not_found' };
    return this.patch(name, { passwordHash: await this.hash(password), sessionsValidAfter: this.stamp() });
  }

  revokeSessions(name: string): Promise<AccountOutcome> {
    return this.patch(name, { sessionsValidAfter: this.stamp() });
  }

  /** Another enabled account signs in with this email through OpenID Connect already. A
   * disabled one may keep it (a person who left and came back gets a new account). */
  private async emailTaken(email: string, except: string): Promise<boolean> {
    const wanted = email.toLowerCase();
    return (await this.deps.store.list()).some((a) => a.name !== except && !a.disabled && a.email?.toLowerCase() === wanted);
  }

  private async patch(name: string, patch: StaffAccountPatch): Promise<AccountOutcome> {
    const account = await this.deps.store.update(name, patch);
    return account ? { ok: true, account: view(account) } : { ok: false, why: 'not_found' };
  }

  private hash(password: string): Promise<string> {
    return this.deps.passwords.hash(password, this.deps.cost ?? ACCOUNT_PASSWORD_COST);
  }

  private stamp(): string {
    return new Date(this.deps.now()).toISOString();
  }
}

function view(a: StaffAccount): StaffAccountView {
  return {
    name: a.name,
    role: a.role,
    ...(a.displayName ? { displayName: a.displayName } : {}),
    ...(a.email ? { email: a.email } : {}),
    disabled: a.disabled,
    createdAt: a.createdAt,
    ...(a.sessionsValidAfter ? { sessionsValidAfter: a.sessionsValidAfter } : {}),
    hasPassword: Boolean(a.passwordHash),
  };
}
