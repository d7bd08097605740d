import type { Deduplicator } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** SET NX with a TTL: the one instance whose SET succeeds processes the delivery. */
export class RedisDeduplicator implements Deduplicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  firstTime(key: string, ttlMs: number): Promise<boolean> {
    return this.redis.setNx(this.keys.seen(key), ttlMs);
  }
}
