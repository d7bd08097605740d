import type { PrivacyAuditEntry, PrivacyLog } from '../../core/ports.js';

/** Kept to the newest 10,000 entries, like the Redis list. */
const MAX_ENTRIES = 10_000;

export class MemoryPrivacyLog implements PrivacyLog {
  private readonly entries: PrivacyAuditEntry[] = [];

  async append(entry: PrivacyAuditEntry): Promise<void> {
    this.entries.unshift(structuredClone(entry));
    this.entries.length = Math.min(this.entries.length, MAX_ENTRIES);
  }

  async list(limit: number): Promise<PrivacyAuditEntry[]> {
    return structuredClone(this.entries.slice(0, limit));
  }
}
