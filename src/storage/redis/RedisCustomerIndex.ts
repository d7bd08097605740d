import type { CustomerIndex, CustomerRef } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/**
 * One hash per customer, in a slot of its own ({customer:<id>}); the data it lists lives in
 * other slots, so an erasure deletes key by key. The hash lives as long as the longest
 * retention, counted from the customer's latest survey.
 *
 * A ref is a short field and value (`r:<responseId>` → survey id, `c:<channelId>:<conversationId>`
 * → channel id), so a customer's few refs stay a listpack: about half the bytes of the set of
 * JSON refs used before (docs/operations/redis.md). That older set is still read and erased.
 */
export class RedisCustomerIndex implements CustomerIndex {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async add(customerId: string, refs: readonly CustomerRef[]): Promise<void> {
    if (!refs.length) return;
    const key = this.keys.customerRefs(customerId);
    const fields = refs.map(encodeRef);
    // One round trip: both go out together on the key's one connection, in this order.
    await Promise.all([this.redis.hSet(key, fields), this.redis.pExpire(key, this.ttlMs)]);
  }

  async refs(customerId: string): Promise<CustomerRef[]> {
    const [hash, legacy] = await Promise.all([this.redis.hGetAll(this.keys.customerRefs(customerId)), this.redis.sMembers(this.keys.customer(customerId))]);
    return [...Object.entries(hash).map(([field, value]) => decodeRef(field, value)), ...legacy.map((json) => JSON.parse(json) as CustomerRef)];
  }

  async forget(customerId: string): Promise<void> {
    await this.redis.del([this.keys.customerRefs(customerId), this.keys.customer(customerId)]);
  }
}

function encodeRef(ref: CustomerRef): [string, string] {
  return ref.kind === 'response' ? [`r:${ref.id}`, ref.surveyId] : [`c:${ref.channelId}:${ref.conversationId}`, ref.channelId];
}

function decodeRef(field: string, value: string): CustomerRef {
  if (field.startsWith('r:')) return { kind: 'response', id: field.slice(2), surveyId: value };
  // The channel id is the value, so a conversation id may hold any character, ':' included.
  return { kind: 'conversation', channelId: value, conversationId: field.slice(3 + value.length) };
}
