import type { AggregateGroup, AggregateStore } from '../../core/ports.js';
import type { AggregateUpdate } from '../../core/results/aggregateEvent.js';
import type { Counters } from '../../core/results/fields.js';
import { OTHER_SEGMENT_VALUE } from '../memory/MemoryAggregateStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/**
 * Updates of one survey, each exactly once, in one step (their increments summed per counter). KEYS[1] is the survey's generation
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
-- Whole numbers (every counter but a sum of fractions) by HINCRBY; a counter's amounts are
-- whole or fractional by what it counts, so one never meets the other.
local function add(key, name, amount)
  if amount % 1 == 0 then redis.call('HINCRBY', key, name, string.format('%d', amount)) else redis.call('HINCRBYFLOAT', key, name, string.format('%.17g', amount)) end
end
local out = {}
local acc = {}
-- What this step already did once: the same response, day or segment value needs no second call.
local expiring, daysSeen, admitted = {}, {}, {}
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
    if not expiring[applied] then redis.call('PEXPIRE', applied, ttl); expiring[applied] = true end
    if not daysSeen[day] then redis.call('ZADD', base .. ':days', score, day); daysSeen[day] = true end
    local groups = { '*' }
    for s = segAt, segAt + 2 * nseg - 1, 2 do
      local name, value = ARGV[s], ARGV[s + 1]
      local seen = name .. '\0' .. value
      local group = admitted[seen]
      if not group then
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
        group = name .. '=' .. value
        admitted[seen] = group
      end
      groups[#groups + 1] = group
    end
    for _, group in ipairs(groups) do
      local key = base .. ':d:' .. day .. ':' .. group
      local sums = acc[key]
      if not sums then sums = {}; acc[key] = sums end
      for c = countAt, countAt + 2 * ncount - 1, 2 do sums[ARGV[c]] = (sums[ARGV[c]] or 0) + tonumber(ARGV[c + 1]) end
    end
    out[#out + 1] = 1
  end
end
-- The step's updates summed per counter first: turns that arrive together cost one write per
-- counter they touch, not one per update.
for key, sums in pairs(acc) do
  for name, amount in pairs(sums) do add(key, name, amount) end
end
return out
`);

/**
 * Reads the counters of a day range for some groups, on the server: KEYS[1] the generation
 * key; ARGV: from and to day scores, 1 to sum the days (else one list per day), the number of
 * groups, the groups, then field prefixes (none: every counter; when none ends in ':', they are
 * exact names, read with HMGET). Returns [day, fields…] lists,
 * or one list of name/value pairs when summed, so a 90-day summary is one round trip.
 */
const READ = lua(`
local root = string.sub(KEYS[1], 1, -5)
local base = root .. ':g' .. (redis.call('GET', KEYS[1]) or '0')
local days = redis.call('ZRANGEBYSCORE', base .. ':days', ARGV[1], ARGV[2])
local summed = ARGV[3] == '1'
local ngroups = tonumber(ARGV[4])
local prefixes = {}
local exact = true
for i = 5 + ngroups, #ARGV do
  prefixes[#prefixes + 1] = ARGV[i]
  if string.sub(ARGV[i], -1) == ':' then exact = false end
end
exact = exact and #prefixes > 0
local function wanted(name)
  if #prefixes == 0 then return true end
  for _, p in ipairs(prefixes) do if string.sub(name, 1, #p) == p then return true end end
  return false
end
local total = {}
local out = {}
for _, day in ipairs(days) do
  local sums = summed and total or {}
  local any = false
  for g = 5, 4 + ngroups do
    local key = base .. ':d:' .. day .. ':' .. ARGV[g]
    if exact then
      -- Named counters only: HMGET reads just those, however many others the day holds.
      local values = redis.call('HMGET', key, unpack(prefixes))
      for i, v in ipairs(values) do
        if v then any = true; sums[prefixes[i]] = (sums[prefixes[i]] or 0) + tonumber(v) end
      end
      if not any and redis.call('EXISTS', key) == 1 then any = true end
    else
      local h = redis.call('HGETALL', key)
      for i = 1, #h, 2 do
        any = true
        if wanted(h[i]) then sums[h[i]] = (sums[h[i]] or 0) + tonumber(h[i + 1]) end
      end
    end
  end
  if not summed and any then
    local list = { day }
    for k, v in pairs(sums) do list[#list + 1] = k; list[#list + 1] = string.format('%.17g', v) end
    out[#out + 1] = list
  end
end
if summed then
  local list = {}
  for k, v in pairs(total) do list[#list + 1] = k; list[#list + 1] = string.format('%.17g', v) end
  return list
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

  /**
   * Group commit: updates of turns that arrive while a step is being prepared go in the same
   * step (one Lua call per survey), so concurrent turns share their writes. Each caller waits
   * for its own step, so a turn never returns before what it counted is stored.
   */
  applyAll(updates: readonly AggregateUpdate[]): Promise<boolean[]> {
    if (!updates.length) return Promise.resolve([]);
    for (const u of updates) if (!DAY.test(u.day)) return Promise.reject(new Error(`not a day: ${u.day}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ updates, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private queue: { updates: readonly AggregateUpdate[]; resolve: (r: boolean[]) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const all = batch.flatMap((b) => b.updates);
    try {
      const applied = await this.step(all);
      let at = 0;
      for (const b of batch) {
        b.resolve(applied.slice(at, at + b.updates.length));
        at += b.updates.length;
      }
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      // Whatever arrived during this step goes in the next one.
      if (this.queue.length) setImmediate(() => void this.flush());
      else this.flushing = false;
    }
  }

  private async step(updates: readonly AggregateUpdate[]): Promise<boolean[]> {
    const out = new Array<boolean>(updates.length);
    const bySurvey = new Map<string, number[]>();
    updates.forEach((u, i) => bySurvey.set(u.surveyId, [...(bySurvey.get(u.surveyId) ?? []), i]));
    await Promise.all(
      [...bySurvey].map(async ([surveyId, indexes]) => {
        const args = [String(Math.max(1, Math.round(this.dedupeTtlMs))), String(this.topN)];
        for (const i of indexes) {
          const u = updates[i]!;
          const segments = Object.entries(u.segments);
          const counts = Object.entries(u.counts);
          args.push(u.responseId, u.key, u.day, String(dayScore(u.day)), String(segments.length), ...segments.flat(), String(counts.length));
          for (const [name, amount] of counts) args.push(name, String(amount));
        }
        const applied = (await this.redis.run(APPLY, [this.keys.aggregates(surveyId).gen], args)) as number[];
        indexes.forEach((i, k) => (out[i] = Number(applied[k]) === 1));
      }),
    );
    return out;
  }

  private async base(surveyId: string): Promise<string> {
    const k = this.keys.aggregates(surveyId);
    return k.base(Number((await this.redis.get(k.gen)) ?? 0));
  }

  private readArgs(fromDay: string, toDay: string, summed: boolean, group: AggregateGroup | undefined, fields: readonly string[] | undefined): string[] {
    const groups = group ? [...new Set(group.values)].map((v) => `${group.name}=${v}`) : ['*'];
    return [String(dayScore(fromDay)), String(dayScore(toDay)), summed ? '1' : '0', String(groups.length), ...groups, ...(fields ?? [])];
  }

  async read(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Map<string, Counters>> {
    const lists = (await this.redis.run(READ, [this.keys.aggregates(surveyId).gen], this.readArgs(fromDay, toDay, false, group, fields))) as string[][];
    return new Map(lists.map(([day, ...pairs]) => [day!, countersOf(pairs)]));
  }

  async total(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Counters> {
    return countersOf((await this.redis.run(READ, [this.keys.aggregates(surveyId).gen], this.readArgs(fromDay, toDay, true, group, fields))) as string[]);
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

function countersOf(pairs: readonly string[]): Counters {
  const c: Counters = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) c[pairs[i]!] = Number(pairs[i + 1]);
  return c;
}

