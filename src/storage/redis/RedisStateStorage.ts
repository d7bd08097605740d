import { randomBytes } from 'node:crypto';
import type { StateStorage, StoreItem, StoreItems, WriteOptions } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { cappedTtl } from '../cappedTtl.js';

/** eTags are this many characters, so the stored eTag is the value's first bytes: the
 * compare-and-set reads only those (GETRANGE), and a read is one GET. */
const ETAG_LENGTH = 12;

/** Compare-and-set in one step on the server: '*' always writes, '' means the key must not
 * exist yet, anything else must equal the stored eTag. The value is one string, eTag then
 * JSON, written with its TTL by one SET (PX). A state written before (a hash: e = eTag,
 * v = JSON) is still compared by its eTag and replaced by the string. */
const COMPARE_AND_SET = lua(`
local expected = ARGV[1]
if expected ~= '*' then
  local current = redis.pcall('GETRANGE', KEYS[1], 0, ${ETAG_LENGTH - 1})
  if type(current) == 'table' then current = redis.call('HGET', KEYS[1], 'e') or '' end
  if current ~= expected then return 0 end
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[2]) end
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
    const values = await Promise.all(keys.map((k) => this.readOne(this.keys.state(k))));
    const out: StoreItems = {};
    keys.forEach((key, i) => {
      const v = values[i];
      if (v) out[key] = { ...(JSON.parse(v.json) as StoreItem), eTag: v.eTag };
    });
    return out;
  }

  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    const conflicts: string[] = [];
    const ttl = String(cappedTtl(options.ttlMs, this.maxTtlMs) ?? 0);
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = item;
        const written = await this.redis.run(COMPARE_AND_SET, [this.keys.state(key)], [eTag ?? '', newETag() + JSON.stringify(value), ttl]);
        if (written !== 1) conflicts.push(key);
      }),
    );
    if (conflicts.length) throw new SatisfyError('ETAG_CONFLICT', `State ${conflicts.map((k) => `"${k}"`).join(', ')} was changed by someone else`);
  }

  async delete(keys: string[]): Promise<void> {
    await this.redis.del(keys.map((k) => this.keys.state(k)));
  }

  private async readOne(key: string): Promise<{ eTag: string; json: string } | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.get(key);
    } catch (err) {
      if (!(err as Error).message?.startsWith('WRONGTYPE')) throw err;
      // Written before the state became one string; replaced by the next write.
      const h = await this.redis.hGetAll(key);
      return h.v === undefined ? undefined : { eTag: h.e ?? '', json: h.v };
    }
    return raw === null ? undefined : { eTag: raw.slice(0, ETAG_LENGTH), json: raw.slice(ETAG_LENGTH) };
  }
}

/** 9 random bytes: 12 base64url characters. */
function newETag(): string {
  return randomBytes(9).toString('base64url');
}
