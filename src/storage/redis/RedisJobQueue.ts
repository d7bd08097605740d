import type { Clock } from '../../core/ports.js';
import { DEAD_LETTER_CAP, LEASE_LOST, type DeadJob, type Job, type JobQueue, type JobSpec } from '../../scheduler/JobQueue.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/*
 * KEYS, always in this order and all in the one {jobs} slot: waiting (zset id -> runAt),
 * running (zset id -> lease end), dead (zset id -> diedAt), data (hash: s:<id> the kind and
 * payload as JSON, never re-encoded in Lua so numbers keep their precision; r:<id> runAt;
 * a:<id> attempts; e:<id> last error). A job is live while it is in waiting or running.
 */
const FORGET = `
local function forget(id)
  redis.call('HDEL', KEYS[4], 's:' .. id, 'r:' .. id, 'a:' .. id, 'e:' .. id)
end
local function read(id)
  local f = redis.call('HMGET', KEYS[4], 's:' .. id, 'r:' .. id, 'a:' .. id, 'e:' .. id)
  return { id, f[1], f[2], f[3], f[4] }
end
`;

const SCHEDULE = lua(`${FORGET}
local id = ARGV[1]
if redis.call('ZSCORE', KEYS[1], id) or redis.call('ZSCORE', KEYS[2], id) then return 0 end
redis.call('ZREM', KEYS[3], id)
forget(id)
redis.call('HSET', KEYS[4], 's:' .. id, ARGV[2], 'r:' .. id, ARGV[3], 'a:' .. id, 0)
redis.call('ZADD', KEYS[1], ARGV[3], id)
return 1
`);

const CANCEL = lua(`${FORGET}
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
forget(ARGV[1])
return 1
`);

/** Lost leases first (they were due earliest), then due waiting jobs, each leased to ARGV[3]. */
const CLAIM = lua(`${FORGET}
local max = tonumber(ARGV[2])
local out = {}
-- A job whose data went missing (deleted by hand) is dropped rather than run blind.
local function gone(id)
  if redis.call('HEXISTS', KEYS[4], 's:' .. id) == 1 then return false end
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  forget(id)
  return true
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, max)) do
  if not gone(id) then
    redis.call('HINCRBY', KEYS[4], 'a:' .. id, 1)
    redis.call('HSET', KEYS[4], 'e:' .. id, ARGV[4])
    redis.call('ZADD', KEYS[2], ARGV[3], id)
    out[#out + 1] = read(id)
  end
end
if #out < max then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, max - #out)) do
    if not gone(id) then
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZADD', KEYS[2], ARGV[3], id)
      out[#out + 1] = read(id)
    end
  end
end
return out
`);

const COMPLETE = lua(`${FORGET}
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then forget(ARGV[1]) end
return 1
`);

/** ARGV: id, error, retryAt ('' = give up), diedAt, dead letter cap. */
const FAIL = lua(`${FORGET}
local id = ARGV[1]
if redis.call('ZREM', KEYS[2], id) == 0 then return 0 end
redis.call('HINCRBY', KEYS[4], 'a:' .. id, 1)
redis.call('HSET', KEYS[4], 'e:' .. id, ARGV[2])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[4], 'r:' .. id, ARGV[3])
  redis.call('ZADD', KEYS[1], ARGV[3], id)
  return 1
end
redis.call('ZADD', KEYS[3], ARGV[4], id)
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do forget(old) end
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
end
return 1
`);

const DEAD_LETTERS = lua(`${FORGET}
local out = {}
local ids = redis.call('ZREVRANGE', KEYS[3], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
for i = 1, #ids, 2 do
  local job = read(ids[i])
  job[6] = ids[i + 1]
  out[#out + 1] = job
end
return out
`);

const REVIVE = lua(`${FORGET}
local id = ARGV[1]
if not redis.call('ZSCORE', KEYS[3], id) then return 0 end
if redis.call('ZSCORE', KEYS[1], id) or redis.call('ZSCORE', KEYS[2], id) then return 0 end
redis.call('ZREM', KEYS[3], id)
redis.call('HSET', KEYS[4], 'r:' .. id, ARGV[2], 'a:' .. id, 0)
redis.call('HDEL', KEYS[4], 'e:' .. id)
redis.call('ZADD', KEYS[1], ARGV[2], id)
return 1
`);

const COUNTS = lua(`
return { redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]) }
`);

type Row = [id: string, spec: string | null, runAt: string | null, attempts: string | null, error: string | null, diedAt?: string];

/**
 * The durable scheduler: sorted sets on the one connection the app already has, every step one
 * Lua script (atomic, so two instances never claim the same job). All keys share one Cluster
 * slot; the job volume (a few per invitation and per webhook event) is far below what one node
 * serves.
 */
export class RedisJobQueue implements JobQueue {
  private readonly keyList: string[];

  constructor(
    private readonly redis: RedisConnection,
    keys: RedisKeys,
    private readonly clock: Clock,
    private readonly deadCap = DEAD_LETTER_CAP,
  ) {
    const k = keys.jobs();
    this.keyList = [k.waiting, k.running, k.dead, k.data];
  }

  async schedule(spec: JobSpec): Promise<boolean> {
    const body = JSON.stringify({ kind: spec.kind, payload: spec.payload ?? null });
    return Number(await this.redis.run(SCHEDULE, this.keyList, [spec.id, body, String(spec.runAt)])) === 1;
  }

  async cancel(id: string): Promise<boolean> {
    return Number(await this.redis.run(CANCEL, this.keyList, [id])) === 1;
  }

  async claim(now: number, max: number, leaseMs: number): Promise<Job[]> {
    if (max <= 0) return [];
    const rows = (await this.redis.run(CLAIM, this.keyList, [String(now), String(Math.floor(max)), String(now + leaseMs), LEASE_LOST])) as Row[];
    return rows.flatMap(toJob);
  }

  async complete(id: string): Promise<void> {
    await this.redis.run(COMPLETE, this.keyList, [id]);
  }

  async fail(id: string, error: string, retryAt: number | undefined): Promise<void> {
    await this.redis.run(FAIL, this.keyList, [id, error, retryAt === undefined ? '' : String(retryAt), String(this.clock.now()), String(this.deadCap)]);
  }

  async deadLetters(limit: number): Promise<DeadJob[]> {
    if (limit <= 0) return [];
    const rows = (await this.redis.run(DEAD_LETTERS, this.keyList, [String(Math.floor(limit))])) as Row[];
    return rows.flatMap((row) => toJob(row).map((job) => ({ ...job, diedAt: Number(row[5]) })));
  }

  async revive(id: string, runAt: number): Promise<boolean> {
    return Number(await this.redis.run(REVIVE, this.keyList, [id, String(runAt)])) === 1;
  }

  async counts(): Promise<{ waiting: number; running: number; dead: number }> {
    const [waiting, running, dead] = (await this.redis.run(COUNTS, this.keyList, [])) as number[];
    return { waiting: Number(waiting), running: Number(running), dead: Number(dead) };
  }
}

function toJob([id, spec, runAt, attempts, error]: Row): Job[] {
  if (spec === null) return [];
  const { kind, payload } = JSON.parse(spec) as { kind: string; payload: unknown };
  const job: Job = { id, kind, runAt: Number(runAt), payload, attempts: Number(attempts ?? 0) };
  if (error !== null) job.lastError = error;
  return [job];
}
