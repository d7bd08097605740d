import { randomUUID } from 'node:crypto';
import type { StateStorage, StoreItem, StoreItems, WriteOptions } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { cappedTtl } from '../cappedTtl.js';

/** Compare-and-set in one step on the server: '*' always writes, '' means the key must not
 * exist yet, anything else must equal the stored eTag. */
const COMPARE_AND_SET = lua(`
local current = redis.call('HGET', KEYS[1], 'e')
local expected = ARGV[1]
if expected == '' then
  if current then return 0 end
elseif expected ~= '*' then
  if current ~= expected then return 0 end
end
redis.call('HSET', KEYS[1], 'e', ARGV[2], 'v', ARGV[3])
local ttl = tonumber(ARGV[4])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1
`);

/** Conversation state in Redis with real eTag checks, shaped as a botbuilder Storage. */
export class RedisStateStorage implements StateStorage {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    /** STATE_RETENTION_DAYS: no state outlives it, whatever TTL a write asks for. */
    private readonly maxTtlMs?: number,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const hashes = await Promise.all(keys.map((k) => this.redis.hGetAll(this.keys.state(k))));
    const out: StoreItems = {};
    keys.forEach((key, i) => {
      const h = hashes[i]!;
      if (h.v !== undefined) out[key] = { ...(JSON.parse(h.v) as StoreItem), eTag: h.e };
    });
    return out;
  }

  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    const conflicts: string[] = [];
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = item;
        const written = await this.redis.run(COMPARE_AND_SET, [this.keys.state(key)], [
          eTag ?? '',
          randomUUID(),
          JSON.stringify(value),
          String(cappedTtl(options.ttlMs, this.maxTtlMs) ?? 0),
        ]);
        if (written !== 1) conflicts.push(key);
      }),
    );
    if (conflicts.length) throw new SatisfyError('ETAG_CONFLICT', `State ${conflicts.map((k) => `"${k}"`).join(', ')} was changed by someone else`);
  }

  async delete(keys: string[]): Promise<void> {
    await this.redis.del(keys.map((k) => this.keys.state(k)));
  }
}
