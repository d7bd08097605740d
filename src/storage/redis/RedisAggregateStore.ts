import type { AggregateGroup, AggregateStore } from '../../core/ports.js';
import type { AggregateUpdate } from '../../core/results/aggregateEvent.js';
import { addCounters, type Counters } from '../../core/results/fields.js';
import { OTHER_SEGMENT_VALUE } from '../memory/MemoryAggregateStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/**
 * Updates of one survey, each exactly once, in one step. KEYS[1] is the survey's generation
 * key; the other keys are built from it in the script and share its {agg:<surveyId>} slot, so
 * this runs on one Cluster node. ARGV: de-dup TTL (ms), top N, then per update: responseId,
 * event key, day, day score, segment count, name/value pairs, counter count, counter/amount
 * pairs. Returns 1 per update applied, 0 per update seen before.
 */
const APPLY = lua(`
local root = string.sub(KEYS[1], 1, -5)
local base = root .. ':g' .. (redis.call('GET', KEYS[1]) or '0')
local ttl = ARGV[1]
local topN = tonumber(ARGV[2])
local function add(key, name, amount)
  -- Whole numbers (nearly every counter) by HINCRBY; sums with fractions by HINCRBYFLOAT.
  if not string.find(amount, '[.eE]') then
    local r = redis.pcall('HINCRBY', key, name, amount)
    if type(r) ~= 'table' or not r.err then return end
  end
  redis.call('HINCRBYFLOAT', key, name, amount)
end
local out = {}
local i = 3
while i <= #ARGV do
  local responseId, eventKey, day, score = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local nseg = tonumber(ARGV[i + 4])
  local segAt = i + 5
  local ncount = tonumber(ARGV[segAt + 2 * nseg])
  local countAt = segAt + 2 * nseg + 1
  i = countAt + 2 * ncount
  local applied = base .. ':r:' .. responseId
  if redis.call('HSETNX', applied, eventKey, '1') == 0 then
    out[#out + 1] = 0
  else
    redis.call('PEXPIRE', applied, ttl)
    redis.call('ZADD', base .. ':days', score, day)
    local groups = { '*' }
    for s = segAt, segAt + 2 * nseg - 1, 2 do
      local name, value = ARGV[s], ARGV[s + 1]
      local values = base .. ':v:' .. name
      if redis.call('SISMEMBER', values, value) == 0 then
        if redis.call('SCARD', values) < topN then
          redis.call('SADD', values, value)
        else
          redis.call('SADD', base .. ':folded', name)
          value = '${OTHER_SEGMENT_VALUE}'
        end
        redis.call('SADD', base .. ':segs', name)
      end
      groups[#groups + 1] = name .. '=' .. value
    end
    for _, group in ipairs(groups) do
      local key = base .. ':d:' .. day .. ':' .. group
      for c = countAt, countAt + 2 * ncount - 1, 2 do add(key, ARGV[c], ARGV[c + 1]) end
    end
    out[#out + 1] = 1
  end
end
return out
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
    return (await this.applyAll([u]))[0]!;
  }

  async applyAll(updates: readonly AggregateUpdate[]): Promise<boolean[]> {
    const out = new Array<boolean>(updates.length);
    const bySurvey = new Map<string, number[]>();
    updates.forEach((u, i) => bySurvey.set(u.surveyId, [...(bySurvey.get(u.surveyId) ?? []), i]));
    for (const [surveyId, indexes] of bySurvey) {
      const args = [String(Math.max(1, Math.round(this.dedupeTtlMs))), String(this.topN)];
      for (const i of indexes) {
        const u = updates[i]!;
        if (!DAY.test(u.day)) throw new Error(`not a day: ${u.day}`);
        const segments = Object.entries(u.segments);
        const counts = Object.entries(u.counts);
        args.push(u.responseId, u.key, u.day, String(dayScore(u.day)), String(segments.length), ...segments.flat(), String(counts.length));
        for (const [name, amount] of counts) args.push(name, String(amount));
      }
      const applied = (await this.redis.run(APPLY, [this.keys.aggregates(surveyId).gen], args)) as number[];
      indexes.forEach((i, k) => (out[i] = Number(applied[k]) === 1));
    }
    return out;
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
