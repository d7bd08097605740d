import { randomBytes } from 'node:crypto';
import type { StateStorage, StoreItem, StoreItems, WriteOptions } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { cappedTtl } from '../cappedTtl.js';
import { decodeState, encodeState } from './stateCodec.js';

/** eTags are this many characters, so the stored eTag is the value's first bytes. */
const ETAG_LENGTH = 12;

/*
 * A state is one string: its eTag, then (since the expiry was added) when it expires, as
 * epoch ms in base 36 (empty: never) and '~', then its JSON, coded shorter (stateCodec.ts). A
 * state written before the expiry was added has the plain JSON right after the eTag (it starts
 * with '{', which base 36 never does); a body that is plain JSON is read as it is.
 */
const EXPIRY_END = '~';

/**
 * Compare-and-set in one step on the server: '*' always writes, '' means the key must not
 * exist yet (SET NX), anything else must equal the stored eTag. The happy path is one command:
 * SET … GET writes the value and its TTL and hands back the value it replaced, whose eTag is
 * then compared; a loser puts that value back, with the rest of its TTL (its stored expiry
 * less ARGV[4], the writer's clock, at least a second; the writer's TTL for a value stored
 * without its expiry), which no client can see happen (a script is atomic). A state written as a
 * hash (e = eTag, v = JSON) by an older version is compared by its eTag and replaced by the string.
 * ARGV: expected eTag, value, TTL ms (0: none), now ms.
 */
const COMPARE_AND_SET = lua(`
local key, expected, value, ttl = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local function set(v, px, flag)
  if px > 0 then
    if flag then return redis.call('SET', key, v, 'PX', px, flag) end
    return redis.call('SET', key, v, 'PX', px)
  end
  if flag then return redis.call('SET', key, v, flag) end
  return redis.call('SET', key, v)
end
if expected == '*' then set(value, ttl); return 1 end
if expected == '' then return set(value, ttl, 'NX') and 1 or 0 end
local old
if ttl > 0 then old = redis.pcall('SET', key, value, 'PX', ttl, 'GET') else old = redis.pcall('SET', key, value, 'GET') end
if type(old) == 'table' and old.err then
  if (redis.call('HGET', key, 'e') or '') ~= expected then return 0 end
  redis.call('DEL', key)
  set(value, ttl)
  return 1
end
if old and string.sub(old, 1, ${ETAG_LENGTH}) == expected then return 1 end
if not old then redis.call('DEL', key); return 0 end
local rest = ttl
if string.sub(old, ${ETAG_LENGTH + 1}, ${ETAG_LENGTH + 1}) ~= '{' then
  local mark = string.find(old, '${EXPIRY_END}', ${ETAG_LENGTH + 1}, true)
  local expiry = mark and string.sub(old, ${ETAG_LENGTH + 1}, mark - 1) or ''
  if expiry == '' then rest = 0 else rest = math.max(1000, tonumber(expiry, 36) - tonumber(ARGV[4])) end
end
set(old, rest)
return 0
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
    const out: StoreItems = {};
    // A turn reads one key: no Promise.all and no arrays around it.
    if (keys.length === 1) {
      const key = keys[0]!;
      const v = await this.readOne(this.keys.state(key));
      if (v) out[key] = itemOf(v);
      return out;
    }
    const values = await Promise.all(keys.map((k) => this.readOne(this.keys.state(k))));
    keys.forEach((key, i) => {
      const v = values[i];
      if (v) out[key] = itemOf(v);
    });
    return out;
  }

  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    const ttlMs = cappedTtl(options.ttlMs, this.maxTtlMs) ?? 0;
    const now = Date.now();
    const ttl = String(ttlMs);
    const expiry = (ttlMs > 0 ? (now + ttlMs).toString(36) : '') + EXPIRY_END;
    const keys = Object.keys(changes);
    // A turn writes one key: no Promise.all and no arrays around it.
    let conflicts: string[];
    if (keys.length === 1) {
      conflicts = (await this.writeOne(keys[0]!, changes[keys[0]!]!, expiry, ttl, now)) ? [] : keys;
    } else {
      const written = await Promise.all(keys.map((key) => this.writeOne(key, changes[key]!, expiry, ttl, now)));
      conflicts = keys.filter((_, i) => !written[i]);
    }
    if (conflicts.length) throw new SatisfyError('ETAG_CONFLICT', `State ${conflicts.map((k) => `"${k}"`).join(', ')} was changed by someone else`);
  }

  /** Whether the compare-and-set wrote the item. */
  private async writeOne(key: string, item: StoreItem, expiry: string, ttl: string, now: number): Promise<boolean> {
    const { eTag, ...value } = item;
    const written = await this.redis.run(COMPARE_AND_SET, [this.keys.state(key)], [eTag ?? '', newETag() + expiry + encodeState(JSON.stringify(value)), ttl, String(now)]);
    return written === 1;
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
    if (raw === null) return undefined;
    const body = raw.charCodeAt(ETAG_LENGTH) === 123 /* { */ ? ETAG_LENGTH : raw.indexOf(EXPIRY_END, ETAG_LENGTH) + 1;
    return { eTag: raw.slice(0, ETAG_LENGTH), json: decodeState(raw.slice(body)) };
  }
}

/** A stored item as the caller wrote it, with the eTag it now has (last, as before). */
function itemOf(v: { eTag: string; json: string }): StoreItem {
  const item = JSON.parse(v.json) as StoreItem;
  // Parsed just now, so set in place rather than copied; a value that is not an object (never
  // written by this store) is copied as before.
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ...(item as object), eTag: v.eTag };
  item.eTag = v.eTag;
  return item;
}

/*
 * An eTag only has to differ from every other eTag the same key could hold, not be secret: a
 * random prefix per process and a counter, instead of random bytes on every write. The prefix
 * is drawn again when the counter wraps, so no process hands out the same eTag twice.
 */
const COUNTER_DIGITS = 6;
const COUNTER_WRAP = 36 ** COUNTER_DIGITS;
let etagPrefix = '';
let etagCounter = COUNTER_WRAP;

/** 6 random base64url characters (36 bits) and 6 base-36 digits of the counter. */
function newETag(): string {
  if (etagCounter >= COUNTER_WRAP) {
    etagPrefix = randomBytes(6).toString('base64url').slice(0, ETAG_LENGTH - COUNTER_DIGITS);
    etagCounter = 0;
  }
  return etagPrefix + (etagCounter++).toString(36).padStart(COUNTER_DIGITS, '0');
}
