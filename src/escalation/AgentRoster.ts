import type { ConsoleUser } from '../config.js';
import type { Agent } from '../core/cases.js';
import type { AgentPresence, StaffAccountStore } from '../core/ports.js';

/** An agent the console may hand a case to (GET /console/api/agents; web/staff imports it). */
export interface AgentView {
  /** The sign-in name: what POST …/assign takes. */
  id: string;
  /** What customers read when this person joins their chat. */
  name: string;
  role: 'agent' | 'admin';
  /** A console of theirs is open on some instance right now. */
  online: boolean;
  /** Claimed cases they hold now. */
  openCases: number;
  /** Kept in the store (the Staff page) or in CONSOLE_USERS. */
  source: 'account' | 'environment';
}

export type AgentLookup = { ok: true; agent: Agent } | { ok: false; why: 'unknown' | 'disabled' };

/**
 * Who cases may be handed to: the enabled stored accounts and the CONSOLE_USERS users with the
 * role agent or admin (viewers never work cases; the ADMIN_TOKEN's session is the team, not a
 * person), and which of them have the console open (AgentPresence, shared across instances).
 * Read from the store each time, so a disabled account stops being offered at once.
 */
export class AgentRoster {
  constructor(
    private readonly deps: {
      accounts?: StaffAccountStore;
      bootstrap: () => readonly ConsoleUser[];
      presence: AgentPresence;
      now: () => number;
    },
  ) {}

  /** Everyone assignable, by name, with whether they are online (openCases from `held`). */
  async list(held: ReadonlyMap<string, number> = new Map()): Promise<AgentView[]> {
    const [people, online] = await Promise.all([this.assignable(), this.deps.presence.online(this.deps.now())]);
    const live = new Set(online);
    return people
      .map((p) => ({ ...p, online: live.has(p.id), openCases: held.get(p.id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  }

  /** The assignable agents with a console open now. */
  async online(): Promise<Agent[]> {
    return (await this.list()).filter((a) => a.online).map(asAgent);
  }

  /** The agent a case may be handed to by this name, or why not. */
  async find(id: string): Promise<AgentLookup> {
    const user = this.deps.bootstrap().find((u) => u.name === id);
    if (user) return user.role === 'viewer' ? { ok: false, why: 'unknown' } : { ok: true, agent: { id, name: user.displayName ?? id, via: 'console' } };
    const account = await this.deps.accounts?.get(id);
    if (!account || account.role === 'viewer') return { ok: false, why: 'unknown' };
    if (account.disabled) return { ok: false, why: 'disabled' };
    return { ok: true, agent: { id, name: account.displayName ?? id, via: 'console' } };
  }

  private async assignable(): Promise<Omit<AgentView, 'online' | 'openCases'>[]> {
    const fromEnv = this.deps.bootstrap()
      .filter((u) => u.role !== 'viewer')
      .map((u) => ({ id: u.name, name: u.displayName ?? u.name, role: u.role as AgentView['role'], source: 'environment' as const }));
    const stored = ((await this.deps.accounts?.list()) ?? [])
      .filter((a) => !a.disabled && a.role !== 'viewer')
      .map((a) => ({ id: a.name, name: a.displayName ?? a.name, role: a.role as AgentView['role'], source: 'account' as const }));
    return [...fromEnv, ...stored];
  }
}

function asAgent(a: AgentView): Agent {
  return { id: a.id, name: a.name, via: 'console' };
}
