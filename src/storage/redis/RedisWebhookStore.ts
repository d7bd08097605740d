import type { WebhookDelivery, WebhookEndpoint, WebhookStore } from '../../webhooks/WebhookStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

const ADD = lua(`return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])`);

const REMOVE = lua(`
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return removed
`);

/** A delivery finishing after its endpoint was removed leaves no log behind. */
const LOG = lua(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
return 1
`);

export class RedisWebhookStore implements WebhookStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async add(endpoint: WebhookEndpoint): Promise<void> {
    await this.redis.run(ADD, [this.keys.webhooks().endpoints], [endpoint.id, JSON.stringify(endpoint)]);
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const raw = await this.redis.hGet(this.keys.webhooks().endpoints, id);
    return raw === null ? undefined : (JSON.parse(raw) as WebhookEndpoint);
  }

  async list(): Promise<WebhookEndpoint[]> {
    const all = await this.redis.hGetAll(this.keys.webhooks().endpoints);
    return Object.values(all)
      .map((raw) => JSON.parse(raw) as WebhookEndpoint)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async remove(id: string): Promise<boolean> {
    const k = this.keys.webhooks();
    return Number(await this.redis.run(REMOVE, [k.endpoints, k.log(id)], [id])) === 1;
  }

  async logDelivery(endpointId: string, delivery: WebhookDelivery, keep: number): Promise<void> {
    const k = this.keys.webhooks();
    await this.redis.run(LOG, [k.endpoints, k.log(endpointId)], [endpointId, JSON.stringify(delivery), String(Math.max(1, keep))]);
  }

  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    if (limit <= 0) return [];
    const raw = await this.redis.lRange(this.keys.webhooks().log(endpointId), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as WebhookDelivery);
  }
}
