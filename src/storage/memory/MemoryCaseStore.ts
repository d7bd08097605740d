import type { EscalationCase } from '../../core/cases.js';
import type { CaseStore } from '../../core/ports.js';

/** Cases kept as JSON strings, so a caller never holds a live reference into the store (the
 * same copy semantics as Redis). */
export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, string>();
  private readonly threads = new Map<string, string>();

  async create(c: EscalationCase): Promise<boolean> {
    if (this.cases.has(c.id)) return false;
    this.cases.set(c.id, JSON.stringify(c));
    return true;
  }

  async get(id: string): Promise<EscalationCase | undefined> {
    const json = this.cases.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as EscalationCase);
  }

  /** Read, change and write with no await in between: that is what makes it atomic here. */
  async update(id: string, change: (c: EscalationCase) => EscalationCase | undefined): Promise<EscalationCase | undefined> {
    const json = this.cases.get(id);
    if (json === undefined) return undefined;
    const current = JSON.parse(json) as EscalationCase;
    const next = change(current);
    if (!next) return current;
    this.cases.set(id, JSON.stringify(next));
    return next;
  }

  async list(limit: number): Promise<EscalationCase[]> {
    const all = [...this.cases.values()].map((json) => JSON.parse(json) as EscalationCase);
    return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async bySlackThread(ts: string): Promise<string | undefined> {
    return this.threads.get(ts);
  }

  async linkSlackThread(ts: string, caseId: string): Promise<void> {
    this.threads.set(ts, caseId);
  }

  async delete(id: string): Promise<boolean> {
    for (const [ts, caseId] of this.threads) if (caseId === id) this.threads.delete(ts);
    return this.cases.delete(id);
  }
}
