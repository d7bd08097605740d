import type { StaffAccount, StaffAccountPatch, StaffAccountStore } from '../../core/ports.js';

export class MemoryStaffAccountStore implements StaffAccountStore {
  private readonly accounts = new Map<string, StaffAccount>();

  async create(account: StaffAccount): Promise<boolean> {
    if (this.accounts.has(account.name)) return false;
    this.accounts.set(account.name, { ...account });
    return true;
  }

  async get(name: string): Promise<StaffAccount | undefined> {
    const account = this.accounts.get(name);
    return account && { ...account };
  }

  async list(): Promise<StaffAccount[]> {
    return [...this.accounts.values()].sort(byCreation).map((a) => ({ ...a }));
  }

  async update(name: string, patch: StaffAccountPatch): Promise<StaffAccount | undefined> {
    const account = this.accounts.get(name);
    if (!account) return undefined;
    Object.assign(account, definedOnly(patch));
    return { ...account };
  }
}

export function byCreation(a: StaffAccount, b: StaffAccount): number {
  return a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);
}

/** `{role: undefined}` changes nothing, in memory as in Redis (where JSON drops it). */
export function definedOnly(patch: StaffAccountPatch): StaffAccountPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as StaffAccountPatch;
}
