import type { AggregateGroup, AggregateStore } from '../../core/ports.js';
import type { AggregateUpdate } from '../../core/results/aggregateEvent.js';
import { addCounters, type Counters } from '../../core/results/fields.js';
import { OTHER_SEGMENT_VALUE } from '../memory/MemoryAggregateStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/**
 * One update, exactly once, in one step. KEYS[1] is the survey's generation key; the other
 * keys are built from it in the script and share its {agg:<surveyId>} slot, so this runs on
 * one Cluster node. ARGV: responseId, event key, de-dup TTL (ms), top N, day, day score,
 * segment count, then name/value pairs, then counter/amount pairs.
 */
const APPLY = lua(`
local root = string.sub(KEYS[1], 1, -5)
local base = root .. ':g' .. (redis.call('GET', KEYS[1]) or '0')
local applied = base .. ':r:' .. ARGV[1]
if redis.call('HSETNX', applied, ARGV[2], '1') == 0 then return 0 end
redis.call('PEXPIRE', applied, ARGV[3])
local topN = tonumber(ARGV[4])
local day = ARGV[5]
redis.call('ZADD', base .. ':days', ARGV[6], day)
local groups = { '*' }
local nseg = tonumber(ARGV[7])
local i = 8
for _ = 1, nseg do
  local name, value = ARGV[i], ARGV[i + 1]
  i = i + 2
  local values = base .. ':v:' .. name
  if redis.call('SISMEMBER', values, value) == 0 then
    if redis.call('SCARD', values) < topN then
      redis.call('SADD', values, value)
    else
      redis.call('SADD', base .. ':folded', name)
      value = '${OTHER_SEGMENT_VALUE}'
    end
  end
  redis.call('SADD', base .. ':segs', name)
  groups[#groups + 1] = name .. '=' .. value
end
for _, group in ipairs(groups) do
  local key = base .. ':d:' .. day .. ':' .. group
  for j = i, #ARGV, 2 do
    redis.call('HINCRBYFLOAT', key, ARGV[j], ARGV[j + 1])
  end
end
return 1
`);

/** A rebuild starts a new generation; the old one's counters are deleted after. */
const NEXT_GENERATION = lua(`return redis.call('INCR', KEYS[1])`);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayScore = (day: string) => Number(day.replaceAll('-', ''));

/** Results counters in Redis (see AggregateStore): hashes per day and group, sets of segment values. */
export class RedisAggregateStore implements AggregateStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    /** How long an applied event is remembered: longer than any retry of a turn can come. */
    private readonly dedupeTtlMs: number,
    private readonly topN = 50,
  ) {}

  async apply(u: AggregateUpdate): Promise<boolean> {
    if (!DAY.test(u.day)) throw new Error(`not a day: ${u.day}`);
    const segments = Object.entries(u.segments);
    const args = [u.responseId, u.key, String(Math.max(1, Math.round(this.dedupeTtlMs))), String(this.topN), u.day, String(dayScore(u.day)), String(segments.length)];
    for (const [name, value] of segments) args.push(name, value);
    for (const [name, amount] of Object.entries(u.counts)) args.push(name, String(amount));
    return Number(await this.redis.run(APPLY, [this.keys.aggregates(u.surveyId).gen], args)) === 1;
  }

  private async base(surveyId: string): Promise<string> {
    const k = this.keys.aggregates(surveyId);
    return k.base(Number((await this.redis.get(k.gen)) ?? 0));
  }

  async read(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup): Promise<Map<string, Counters>> {
    const base = await this.base(surveyId);
    const days = await this.redis.zRangeByScore(`${base}:days`, dayScore(fromDay), dayScore(toDay), 0, 100_000);
    const groups = group ? [...new Set(group.values)].map((v) => `${group.name}=${v}`) : ['*'];
    // Issued together: node-redis pipelines them on the one connection (and the one node).
    const hashes = await Promise.all(days.map((day) => Promise.all(groups.map((g) => this.redis.hGetAll(`${base}:d:${day}:${g}`)))));
    const out = new Map<string, Counters>();
    days.forEach((day, i) => {
      const sum: Counters = {};
      let any = false;
      for (const h of hashes[i]!) {
        const entries = Object.entries(h);
        if (!entries.length) continue;
        any = true;
        addCounters(sum, Object.fromEntries(entries.map(([k, v]) => [k, Number(v)])));
      }
      if (any) out.set(day, sum);
    });
    return out;
  }

  async segmentValues(surveyId: string, segment: string): Promise<string[]> {
    const base = await this.base(surveyId);
    const [values, folded] = await Promise.all([this.redis.sMembers(`${base}:v:${segment}`), this.redis.sMembers(`${base}:folded`)]);
    return folded.includes(segment) ? [...values, OTHER_SEGMENT_VALUE] : values;
  }

  async segments(surveyId: string): Promise<string[]> {
    return this.redis.sMembers(`${await this.base(surveyId)}:segs`);
  }

  async forgetResponse(surveyId: string, responseId: string): Promise<void> {
    await this.redis.del1(`${await this.base(surveyId)}:r:${responseId}`);
  }

  async clear(surveyId: string): Promise<void> {
    const old = await this.base(surveyId);
    await this.redis.run(NEXT_GENERATION, [this.keys.aggregates(surveyId).gen], []);
    // The new generation is in use from here; the old counters are only garbage now. Its
    // per-response de-dup hashes expire by themselves.
    const [days, segs] = await Promise.all([this.redis.zRangeByScore(`${old}:days`, 0, Number.MAX_SAFE_INTEGER, 0, 100_000), this.redis.sMembers(`${old}:segs`)]);
    const values = await Promise.all(segs.map(async (name) => (await this.redis.sMembers(`${old}:v:${name}`)).map((v) => `${name}=${v}`).concat(`${name}=${OTHER_SEGMENT_VALUE}`)));
    const groups = ['*', ...values.flat()];
    const keys = [...days.flatMap((d) => groups.map((g) => `${old}:d:${d}:${g}`)), `${old}:days`, `${old}:segs`, `${old}:folded`, ...segs.map((s) => `${old}:v:${s}`)];
    for (let i = 0; i < keys.length; i += 500) await this.redis.del(keys.slice(i, i + 500));
  }
}
