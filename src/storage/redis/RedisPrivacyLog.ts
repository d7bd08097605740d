import type { PrivacyAuditEntry, PrivacyLog } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

const MAX_ENTRIES = 10_000;

/** A capped list, newest first. */
export class RedisPrivacyLog implements PrivacyLog {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async append(entry: PrivacyAuditEntry): Promise<void> {
    await this.redis.lPushCapped(this.keys.privacyAudit(), JSON.stringify(entry), MAX_ENTRIES);
  }

  async list(limit: number): Promise<PrivacyAuditEntry[]> {
    if (limit <= 0) return [];
    return (await this.redis.lRange(this.keys.privacyAudit(), 0, Math.min(limit, MAX_ENTRIES) - 1)).map((raw) => JSON.parse(raw) as PrivacyAuditEntry);
  }
}
