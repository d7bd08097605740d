import type { CannedReplyStore, StoredCannedReply } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** KEYS: entries hash, order set. The entries in their order. */
const LIST = lua(`
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[1], unpack(ids))
`);

/** KEYS: entries hash, order set; ARGV: id, expected version, the entry JSON (with the next
 * version). Compare-and-set on the version, so two admins editing one reply cannot both win. */
const PUT = lua(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) or 0 end
if version ~= tonumber(ARGV[2]) then return version end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  local next = 1
  if #last == 2 then next = tonumber(last[2]) + 1 end
  redis.call('ZADD', KEYS[2], next, ARGV[1])
end
return -1
`);

/** KEYS: entries hash, order set; ARGV: id. */
const REMOVE = lua(`
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
`);

/** Admins' canned replies: a hash of entries and a sorted set keeping the order they came in. */
export class RedisCannedReplyStore implements CannedReplyStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  private get k(): string[] {
    const { entries, order } = this.keys.cannedReplies();
    return [entries, order];
  }

  async list(): Promise<StoredCannedReply[]> {
    const raw = (await this.redis.run(LIST, this.k, [])) as (string | null)[];
    return raw.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as StoredCannedReply);
  }

  async put(reply: Omit<StoredCannedReply, 'version'>, expected: number): Promise<{ ok: true; reply: StoredCannedReply } | { ok: false; version: number }> {
    const stored: StoredCannedReply = { ...reply, version: expected + 1 };
    const answer = Number(await this.redis.run(PUT, this.k, [reply.id, String(expected), JSON.stringify(stored)]));
    return answer === -1 ? { ok: true, reply: stored } : { ok: false, version: answer };
  }

  async remove(id: string): Promise<boolean> {
    return Number(await this.redis.run(REMOVE, this.k, [id])) === 1;
  }
}
