import type { AuditEntry, AuditLog } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

const MAX_ENTRIES = 10_000;

/** A capped list, newest first. */
export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.redis.lPushCapped(this.keys.audit(), JSON.stringify(entry), MAX_ENTRIES);
  }

  async list(query: { surveyId?: string; limit: number }): Promise<AuditEntry[]> {
    const all = (await this.redis.lRange(this.keys.audit(), 0, MAX_ENTRIES - 1)).map((raw) => JSON.parse(raw) as AuditEntry);
    return all.filter((e) => !query.surveyId || e.surveyId === query.surveyId).slice(0, query.limit);
  }
}
