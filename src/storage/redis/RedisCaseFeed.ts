import type { CaseFeed } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

export class RedisCaseFeed implements CaseFeed {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async publish(caseId: string): Promise<void> {
    await this.redis.publish(this.keys.caseFeed(), caseId);
  }

  subscribe(listener: (caseId: string) => void): Promise<() => Promise<void>> {
    return this.redis.subscribe(this.keys.caseFeed(), listener);
  }
}
