import type { Logger } from 'pino';
import type { AggregateGroup, AggregateStore } from '../../core/ports.js';
import type { AggregateUpdate } from '../../core/results/aggregateEvent.js';
import type { Counters } from '../../core/results/fields.js';
import { OTHER_SEGMENT_VALUE } from '../memory/MemoryAggregateStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/*
 * Counting is in two steps, so a turn pays for one cheap write and the counters are written in
 * large sums (docs/architecture.md, "Results counters"):
 * 1. APPEND (on the turn's path): each update is admitted once per (response, event key) and the
 *    new ones are appended to the survey's inbox stream, in the same atomic step, so the inbox
 *    holds every update exactly once.
 * 2. FOLD (in the background, and before any read): a batch from the head of the inbox, summed
 *    per counter in this process, is added to the counters and trimmed from the inbox in one
 *    atomic step. The step only runs while the batch is still at the head of the inbox, so two
 *    instances folding at once cannot both count it.
 * Every key shares the survey's {agg:<surveyId>} slot (one Cluster node), under the generation
 * that a rebuild moves on; KEYS[1] is always the generation key.
 */

/*
 * The de-duplication record of a response (…:r:<responseId>) is a string: the coded keys of the
 * events counted, one a line. Written by one SET with its TTL, so it is never left without one,
 * whatever deleted it meanwhile (an erasure on another instance). Records stored by older
 * versions as a hash (event key -> 1) are still read and added to in that form.
 * Event keys are coded short (the record stays a few dozen bytes): the four whole survey events
 * as one letter, answers, skips and escalations as a letter before their ":<id>", anything else
 * behind a ".", so no two keys share a code. Ids are letters, digits and _, never a line break.
 */
const SHORT_KEYS = `
local WHOLE = { ['survey.started'] = 's', ['survey.completed'] = 'c', ['survey.opted_out'] = 'o', ['survey.abandoned'] = 'b' }
local PART = { ['answer.recorded'] = 'a', ['answer.skipped'] = 'k', ['escalation.requested'] = 'e' }
local function short(key)
  local whole = WHOLE[key]
  if whole then return whole end
  local at = string.find(key, ':', 1, true)
  local part = at and PART[string.sub(key, 1, at - 1)]
  if part then return part .. string.sub(key, at) end
  return '.' .. key
end
`;

/**
 * ARGV: de-dup TTL (ms), the generation the caller last saw ('' for none: read it), then per
 * update: responseId, event key, head (its day and groups, or '' when the same as the update
 * before), counters, and the response's record as the caller last saw it ('' for none; read
 * only on a response's first update). Returns the generation used, then 1 per update admitted
 * and 0 per update seen before, then per response (in order of first update) its record now
 * ('' for a hash record).
 *
 * A record is written as the caller's guess plus the updates' codes by one SET … GET, which
 * hands back what it held: when that was the guess (this process wrote it last, the common
 * case), that one command was all; otherwise the updates are admitted against what it held and
 * it is written again. Every write sets the TTL.
 *
 * The generation is not read on every append. A generation's inbox exists from its first append
 * until a rebuild moves the generation on, which deletes it in the same step (NEXT_GENERATION);
 * so an append under the generation the caller saw adds to the inbox with NOMKSTREAM, and only
 * when there is no inbox (the generation's first append, or a rebuild since) reads the
 * generation and admits again under it. What it wrote in the old generation's records is left to
 * expire: an update an old record holds was either appended before the rebuild began (so after
 * its response was stored, and the rebuild counts it from the response) or admitted again in the
 * new generation by the same step.
 */
const APPEND = lua(`
${SHORT_KEYS}
local root = string.sub(KEYS[1], 1, -5)
local ttl = ARGV[1]
local function wrap(record) return '\\n' .. record .. (record == '' and '' or '\\n') end
-- Adds each code of r's updates not yet in text (line-wrapped); sets admitted[i]. Returns the text.
local function codes(r, text, admitted)
  for _, i in ipairs(r.updates) do
    local code = short(ARGV[i + 1])
    if string.find(text, '\\n' .. code .. '\\n', 1, true) then admitted[i] = false
    else text = text .. code .. '\\n'; admitted[i] = true end
  end
  return text
end
local function admit(gen)
  local base = root .. ':g' .. gen
  local records, order, admitted = {}, {}, {}
  for i = 3, #ARGV, 5 do
    local r = records[ARGV[i]]
    if not r then
      r = { key = base .. ':r:' .. ARGV[i], guess = ARGV[i + 4], updates = {} }
      records[ARGV[i]] = r
      order[#order + 1] = r
    end
    r.updates[#r.updates + 1] = i
  end
  for _, r in ipairs(order) do
    local text = codes(r, wrap(r.guess), admitted)
    local held = redis.pcall('SET', r.key, string.sub(text, 2, -2), 'PX', ttl, 'GET')
    if type(held) == 'table' then
      -- A hash (event key -> 1), stored before records were strings: SET changed nothing.
      local fields = {}
      for _, i in ipairs(r.updates) do
        local field = ARGV[i + 1]
        admitted[i] = not fields[field] and redis.call('HEXISTS', r.key, field) == 0
        if admitted[i] then fields[field] = true; fields[#fields + 1] = field; fields[#fields + 1] = '1' end
      end
      if #fields > 0 then
        redis.call('HSET', r.key, unpack(fields))
        redis.call('PEXPIRE', r.key, ttl)
      end
      r.now = ''
    elseif (held or '') == r.guess then
      r.now = string.sub(text, 2, -2)
    else
      local actual = codes(r, wrap(held or ''), admitted)
      r.now = string.sub(actual, 2, -2)
      if actual ~= text then redis.call('SET', r.key, r.now, 'PX', ttl) end
    end
  end
  local out, lines = {}, {}
  local head, written = nil, nil
  for i = 3, #ARGV, 5 do
    if ARGV[i + 2] ~= '' then head = ARGV[i + 2] end
    if admitted[i] then
      if written ~= head then lines[#lines + 1] = head; written = head end
      lines[#lines + 1] = ARGV[i + 3]
      out[#out + 1] = 1
    else
      out[#out + 1] = 0
    end
  end
  return base, order, out, lines
end
local gen, known = ARGV[2], ARGV[2] ~= ''
if not known then gen = redis.call('GET', KEYS[1]) or '0' end
local base, order, out, lines = admit(gen)
if #lines > 0 and not (known and redis.call('XADD', base .. ':in', 'NOMKSTREAM', '*', 'u', table.concat(lines, '\\n'))) then
  if known then
    local current = redis.call('GET', KEYS[1]) or '0'
    if current ~= gen then
      gen = current
      base, order, out, lines = admit(gen)
    end
  end
  if #lines > 0 then redis.call('XADD', base .. ':in', '*', 'u', table.concat(lines, '\\n')) end
end
table.insert(out, 1, gen)
for _, r in ipairs(order) do out[#out + 1] = r.now end
return out
`);

/** ARGV: how many entries. Returns the generation and the first entries of its inbox. */
const PEEK = lua(`
local gen = redis.call('GET', KEYS[1]) or '0'
return { gen, redis.call('XRANGE', string.sub(KEYS[1], 1, -5) .. ':g' .. gen .. ':in', '-', '+', 'COUNT', ARGV[1]) }
`);

/**
 * ARGV: generation, first entry id, the id just after the last entry, top N, day count, then
 * day/score pairs, then per group: day, segment name ('' for all responses), value, counter
 * count, counter/amount pairs. Returns 0 (changing nothing) when the generation moved on or the
 * batch is no longer at the head of the inbox (another instance folded it), else 1.
 */
const FOLD = lua(`
local gen = redis.call('GET', KEYS[1]) or '0'
if gen ~= ARGV[1] then return 0 end
local base = string.sub(KEYS[1], 1, -5) .. ':g' .. gen
local inbox = base .. ':in'
local head = redis.call('XRANGE', inbox, '-', '+', 'COUNT', 1)[1]
if not head or head[1] ~= ARGV[2] then return 0 end
redis.call('XTRIM', inbox, 'MINID', ARGV[3])
local topN = tonumber(ARGV[4])
local ndays = tonumber(ARGV[5])
local i = 6
for d = 1, ndays do redis.call('ZADD', base .. ':days', ARGV[i + 1], ARGV[i]); i = i + 2 end
local admitted = {}
local function groupOf(name, value)
  if name == '' then return '*' end
  local seen = name .. '=' .. value
  local group = admitted[seen]
  if group then return group end
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
  return group
end
while i <= #ARGV do
  local key = base .. ':d:' .. ARGV[i] .. ':' .. groupOf(ARGV[i + 1], ARGV[i + 2])
  local n = tonumber(ARGV[i + 3])
  for c = i + 4, i + 3 + 2 * n, 2 do
    local name, amount = ARGV[c], ARGV[c + 1]
    -- Whole sums by HINCRBY; a counter that already holds a fraction takes HINCRBYFLOAT.
    if tonumber(amount) % 1 ~= 0 or type(redis.pcall('HINCRBY', key, name, amount)) == 'table' then
      redis.call('HINCRBYFLOAT', key, name, amount)
    end
  end
  i = i + 4 + 2 * n
end
return 1
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

/** A rebuild starts a new generation and deletes the old one's inbox in the same step, so no
 * append can reach that inbox after (see APPEND); the old counters are deleted after. Returns
 * the old generation. */
const NEXT_GENERATION = lua(`
local old = redis.call('GET', KEYS[1]) or '0'
redis.call('INCR', KEYS[1])
redis.call('DEL', string.sub(KEYS[1], 1, -5) .. ':g' .. old .. ':in')
return old
`);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayScore = (day: string) => Number(day.replaceAll('-', ''));

/** De-dup records kept in the process as guesses (a few dozen bytes each). */
const KNOWN_RECORDS = 20_000;

/** Inbox entries looked at per fold: each holds the updates of one group-committed append. */
const FOLD_ENTRIES = 500;
/** A bound on one FOLD call's arguments (the client spreads them on the stack), about 1 MB. */
const MAX_FOLD_ARGS = 40_000;

export interface RedisAggregateOptions {
  /** How long an applied event is remembered: longer than any retry of a turn can come. */
  dedupeTtlMs: number;
  topN?: number;
  /** How long appended updates wait to be folded: longer waits make larger sums (fewer writes)
   * and results a little later; a read folds whatever is waiting first, so it never lags. */
  foldDelayMs?: number;
  log?: Logger;
}

/** Results counters in Redis (see AggregateStore): hashes per day and group, sets of segment
 * values, and an inbox stream of updates not yet folded into them. */
export class RedisAggregateStore implements AggregateStore {
  private readonly topN: number;
  private readonly foldDelayMs: number;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly options: RedisAggregateOptions,
  ) {
    this.topN = options.topN ?? 50;
    this.foldDelayMs = options.foldDelayMs ?? 1000;
  }

  async apply(u: AggregateUpdate): Promise<boolean> {
    return (await this.applyAll([u]))[0]!;
  }

  /**
   * Group commit: updates of turns that arrive while a step is being prepared go in the same
   * append (one Lua call per survey). Each caller waits for its own append, so a turn never
   * returns before what it counted is stored (in the inbox, folded soon after).
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

  /** Per survey, the results generation last seen: an append is checked against it without
   * reading it (APPEND). */
  private readonly generations = new Map<string, string>();

  /** Per response, its de-dup record as this process last wrote it: the guess that saves
   * reading it (APPEND). A wrong or missing guess costs one command more, never a count. */
  private readonly records = new Map<string, string>();

  private remember(key: string, record: string): void {
    this.records.delete(key);
    if (!record) return;
    this.records.set(key, record);
    if (this.records.size > KNOWN_RECORDS) this.records.delete(this.records.keys().next().value!);
  }

  private queue: { updates: readonly AggregateUpdate[]; resolve: (r: boolean[]) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const all = batch.flatMap((b) => b.updates);
    try {
      const applied = await this.append(all);
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

  private async append(updates: readonly AggregateUpdate[]): Promise<boolean[]> {
    const out = new Array<boolean>(updates.length);
    const bySurvey = new Map<string, number[]>();
    updates.forEach((u, i) => {
      const list = bySurvey.get(u.surveyId);
      if (list) list.push(i);
      else bySurvey.set(u.surveyId, [i]);
    });
    await Promise.all(
      [...bySurvey].map(async ([surveyId, indexes]) => {
        const args = [String(Math.max(1, Math.round(this.options.dedupeTtlMs))), this.generations.get(surveyId) ?? ''];
        let before: AggregateUpdate | undefined;
        const responses: string[] = [];
        for (const i of indexes) {
          const u = updates[i]!;
          const same = before && before.day === u.day && before.segments === u.segments;
          let guess = '';
          if (!responses.includes(u.responseId)) {
            responses.push(u.responseId);
            guess = this.records.get(`${surveyId}\n${u.responseId}`) ?? '';
          }
          args.push(u.responseId, u.key, same ? '' : `${u.day}\t${encodedGroups(u.segments)}`, JSON.stringify(u.counts), guess);
          before = u;
        }
        const [generation, ...rest] = (await this.redis.run(APPEND, [this.keys.aggregates(surveyId).gen], args)) as [string, ...(number | string)[]];
        this.generations.set(surveyId, String(generation));
        indexes.forEach((i, k) => (out[i] = Number(rest[k]) === 1));
        responses.forEach((id, k) => this.remember(`${surveyId}\n${id}`, String(rest[indexes.length + k] ?? '')));
        if (indexes.some((i) => out[i])) this.foldLater(surveyId);
      }),
    );
    return out;
  }

  /** Surveys with a fold waiting for its delay; per survey, the fold running and the one queued after it. */
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly folds = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();
  private closed = false;

  private foldLater(surveyId: string, delayMs = this.foldDelayMs): void {
    if (this.waiting.has(surveyId) || this.closed) return;
    const timer = setTimeout(() => {
      this.waiting.delete(surveyId);
      this.settle(surveyId).catch((err: unknown) => {
        // Nothing is lost: the updates stay in the inbox until a fold succeeds.
        this.options.log?.warn({ err, surveyId }, 'results: folding counters failed, trying again');
        this.foldLater(surveyId, Math.max(this.foldDelayMs, 1000));
      });
    }, delayMs);
    // A process may end with updates waiting: the next fold, by any instance or read, takes them.
    timer.unref();
    this.waiting.set(surveyId, timer);
  }

  /**
   * Folds everything in the survey's inbox, as appended by any instance before this call. A fold
   * running now may have looked before the caller's append, so callers wait for the next fold,
   * which all callers arriving meanwhile share.
   */
  private settle(surveyId: string): Promise<void> {
    let state = this.folds.get(surveyId);
    if (!state) this.folds.set(surveyId, (state = {}));
    const s = state;
    if (s.queued) return s.queued;
    const start = (): Promise<void> => {
      const run: Promise<void> = this.foldAll(surveyId).finally(() => {
        if (s.running === run) s.running = undefined;
      });
      s.running = run;
      return run;
    };
    if (!s.running) return start();
    const queued = s.running
      .catch(() => undefined)
      .then(() => {
        s.queued = undefined;
        return start();
      });
    s.queued = queued;
    return queued;
  }

  /** Folds the inbox up to what it held when the last batch was read: entries appended
   * meanwhile wait for the next fold, so a busy inbox is folded in large batches, not chased. */
  private async foldAll(surveyId: string): Promise<void> {
    const gen = this.keys.aggregates(surveyId).gen;
    for (;;) {
      const [generation, entries] = (await this.redis.run(PEEK, [gen], [String(FOLD_ENTRIES)])) as [string, [string, string[]][]];
      this.generations.set(surveyId, generation);
      if (!entries.length) return;
      const { args, taken } = foldArgs(entries);
      args.unshift(generation, entries[0]![0], idAfter(entries[taken - 1]![0]), String(this.topN));
      const folded = Number(await this.redis.run(FOLD, [gen], args)) === 1;
      // Not folded: another instance folded this batch first, or a rebuild began; look again.
      if (folded && taken === entries.length && entries.length < FOLD_ENTRIES) return;
    }
  }

  /** Folds what is waiting, then stops folding: called before the connection closes. */
  async drain(): Promise<void> {
    this.closed = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    const surveys = [...new Set([...this.waiting.keys(), ...this.folds.keys()])];
    this.waiting.clear();
    await Promise.all(surveys.map((s) => this.settle(s)));
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
    await this.settle(surveyId);
    const lists = (await this.redis.run(READ, [this.keys.aggregates(surveyId).gen], this.readArgs(fromDay, toDay, false, group, fields))) as string[][];
    return new Map(lists.map(([day, ...pairs]) => [day!, countersOf(pairs)]));
  }

  async total(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Counters> {
    await this.settle(surveyId);
    return countersOf((await this.redis.run(READ, [this.keys.aggregates(surveyId).gen], this.readArgs(fromDay, toDay, true, group, fields))) as string[]);
  }

  async segmentValues(surveyId: string, segment: string): Promise<string[]> {
    await this.settle(surveyId);
    const base = await this.base(surveyId);
    const [values, folded] = await Promise.all([this.redis.sMembers(`${base}:v:${segment}`), this.redis.sMembers(`${base}:folded`)]);
    return folded.includes(segment) ? [...values, OTHER_SEGMENT_VALUE] : values;
  }

  async segments(surveyId: string): Promise<string[]> {
    await this.settle(surveyId);
    return this.redis.sMembers(`${await this.base(surveyId)}:segs`);
  }

  async forgetResponse(surveyId: string, responseId: string): Promise<void> {
    this.records.delete(`${surveyId}\n${responseId}`);
    await this.redis.del1(`${await this.base(surveyId)}:r:${responseId}`);
  }

  async clear(surveyId: string): Promise<void> {
    const k = this.keys.aggregates(surveyId);
    const old = k.base(Number(await this.redis.run(NEXT_GENERATION, [k.gen], [])));
    this.generations.delete(surveyId);
    // The new generation is in use from here; the old counters (and any updates still in its
    // inbox, deleted with the move, which the rebuild counts again from the responses) are only
    // garbage now. Its per-response de-dup records expire by themselves.
    const [days, segs] = await Promise.all([this.redis.zRangeByScore(`${old}:days`, 0, Number.MAX_SAFE_INTEGER, 0, 100_000), this.redis.sMembers(`${old}:segs`)]);
    const values = await Promise.all(segs.map(async (name) => (await this.redis.sMembers(`${old}:v:${name}`)).map((v) => `${name}=${v}`).concat(`${name}=${OTHER_SEGMENT_VALUE}`)));
    const groups = ['*', ...values.flat()];
    const keys = [...days.flatMap((d) => groups.map((g) => `${old}:d:${d}:${g}`)), `${old}:days`, `${old}:segs`, `${old}:folded`, `${old}:in`, ...segs.map((s) => `${old}:v:${s}`)];
    for (let i = 0; i < keys.length; i += 500) await this.redis.del(keys.slice(i, i + 500));
  }
}

/*
 * An inbox entry is lines: a head (a day and groups as JSON, apart by a tab) and then the
 * counters (JSON) of each update with that head. JSON never holds a raw tab or line break; a
 * head starts with a digit, counters with "{". A turn's updates share one groups object,
 * encoded once and written once.
 */
const groupsJson = new WeakMap<Record<string, string>, string>();
function encodedGroups(groups: Record<string, string>): string {
  let json = groupsJson.get(groups);
  if (json === undefined) groupsJson.set(groups, (json = JSON.stringify(groups)));
  return json;
}

interface GroupSums {
  day: string;
  name: string;
  value: string;
  sums: Map<string, { sum: number }>;
}

/**
 * The FOLD arguments after the first four for the longest run of entries from the head whose
 * sums stay within MAX_FOLD_ARGS (at least one entry): the days, then the sums per day and
 * group. `taken`: how many entries they cover.
 */
function foldArgs(entries: readonly [string, string[]][]): { args: string[]; taken: number } {
  const groups = new Map<string, GroupSums>();
  // Per (day, groups): its groups, and per counter the sum of each of them, so an update's
  // counter costs one short lookup, not one per group. A response's updates share the pair.
  const pairs = new Map<string, { of: GroupSums[]; cells: Map<string, { sum: number }[]> }>();
  let size = 0;
  const group = (day: string, name: string, value: string): GroupSums => {
    const id = `${day}\u0000${name}\u0000${value}`;
    let g = groups.get(id);
    if (!g) {
      groups.set(id, (g = { day, name, value, sums: new Map() }));
      size += 4;
    }
    return g;
  };
  let taken = 0;
  while (taken < entries.length && (taken === 0 || size < MAX_FOLD_ARGS)) {
    let pair: { of: GroupSums[]; cells: Map<string, { sum: number }[]> } | undefined;
    for (const line of (entries[taken]![1][1] ?? '').split('\n')) {
      if (!line.startsWith('{')) {
        pair = pairs.get(line);
        if (!pair) {
          const [day = '', json = '{}'] = line.split('\t');
          const of = [group(day, '', ''), ...Object.entries(JSON.parse(json) as Record<string, string>).map(([n, v]) => group(day, n, v))];
          pairs.set(line, (pair = { of, cells: new Map() }));
        }
        continue;
      }
      if (!pair) throw new Error('results inbox: counters before their head');
      for (const [name, amount] of Object.entries(JSON.parse(line) as Record<string, number>)) {
        let list = pair.cells.get(name);
        if (!list) {
          list = pair.of.map((g) => {
            let cell = g.sums.get(name);
            if (!cell) {
              g.sums.set(name, (cell = { sum: 0 }));
              size += 2;
            }
            return cell;
          });
          pair.cells.set(name, list);
        }
        for (const cell of list) cell.sum += amount;
      }
    }
    taken++;
  }
  const days = [...new Set([...groups.values()].map((g) => g.day))];
  const args = [String(days.length), ...days.flatMap((d) => [d, String(dayScore(d))])];
  for (const g of groups.values()) {
    args.push(g.day, g.name, g.value, String(g.sums.size));
    for (const [name, cell] of g.sums) args.push(name, amountString(cell.sum));
  }
  return { args, taken };
}

/** Sums of whole numbers stay whole; fractions keep every digit Redis can add. */
const amountString = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(17));

/** The smallest stream id after `id` ("ms-seq"), so XTRIM MINID removes exactly up to `id`. */
function idAfter(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq!) + 1n}`;
}

function countersOf(pairs: readonly string[]): Counters {
  const c: Counters = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) c[pairs[i]!] = Number(pairs[i + 1]);
  return c;
}
