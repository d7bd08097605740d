import type { AuditEntry, AuditLog } from '../../core/ports.js';

/** Kept to the newest 10,000 entries, like the Redis list. */
const MAX_ENTRIES = 10_000;

export class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.entries.unshift({ ...entry });
    this.entries.length = Math.min(this.entries.length, MAX_ENTRIES);
  }

  async list(query: { surveyId?: string; limit: number }): Promise<AuditEntry[]> {
    return this.entries.filter((e) => !query.surveyId || e.surveyId === query.surveyId).slice(0, query.limit);
  }
}
