import type { CustomerIndex, CustomerRef } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/**
 * One set per customer, in a slot of its own ({customer:<id>}); the data it lists lives in
 * other slots, so an erasure deletes key by key. The set lives as long as the longest
 * retention, counted from the customer's latest survey.
 */
export class RedisCustomerIndex implements CustomerIndex {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async add(customerId: string, refs: readonly CustomerRef[]): Promise<void> {
    const key = this.keys.customer(customerId);
    for (const ref of refs) await this.redis.sAdd(key, JSON.stringify(ref));
    await this.redis.pExpire(key, this.ttlMs);
  }

  async refs(customerId: string): Promise<CustomerRef[]> {
    const members = await this.redis.sMembers(this.keys.customer(customerId));
    return members.map((json) => JSON.parse(json) as CustomerRef);
  }

  async forget(customerId: string): Promise<void> {
    await this.redis.del1(this.keys.customer(customerId));
  }
}
