import type { ActivityLog, ActivityPage, ChatAppend, ChatConversation, ChatSignal, LoggedActivity } from '../../core/ports.js';
import { activityId } from '../activityId.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { conversationFull } from '../conversationFull.js';
import { noConversation } from '../noConversation.js';

/** Numbering, storing, de-duplicating and announcing activities in one step; all keys share
 * the conversation's hash tag. The id format matches activityId.
 * ARGV: ttl, conversation id, channel, cap ('' for none), what to announce ('' what is added,
 * 'quiet' nothing, or a watermark: everything after it), then (json, clientActivityId or '')
 * per activity. Returns the status, then per activity (0, its seq) when added or (1, the
 * stored JSON) when a duplicate: the caller has the activity it sent, so only its number
 * comes back, not the JSON to parse again.
 * The announcement is "<watermark> [<stored>,...]", consecutive activities up to the
 * watermark: a stream sends them as they are, with no read of the log. */
const APPEND = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local n = (#ARGV - 5) / 2
local seq = redis.call('LLEN', KEYS[2])
local earlier = {}
local fresh = 0
for i = 1, n do
  local cid = ARGV[5 + 2 * i]
  if cid ~= '' then earlier[i] = redis.call('HGET', KEYS[3], cid) end
  if not earlier[i] then fresh = fresh + 1 end
end
if fresh > 0 and ARGV[4] ~= '' and seq + fresh > tonumber(ARGV[4]) then return {-2} end
local out = {1}
local added = {}
local before = seq
for i = 1, n do
  if earlier[i] then
    out[#out + 1] = 1
    out[#out + 1] = redis.call('LINDEX', KEYS[2], tonumber(earlier[i]) - 1)
  else
    seq = seq + 1
    local id = cjson.encode(ARGV[2] .. '|' .. string.format('%07d', seq))
    local json = ARGV[4 + 2 * i]
    local stored = '{"id":' .. id .. '}'
    if string.len(json) > 2 then stored = '{"id":' .. id .. ',' .. string.sub(json, 2) end
    redis.call('RPUSH', KEYS[2], stored)
    local cid = ARGV[5 + 2 * i]
    if cid ~= '' then redis.call('HSET', KEYS[3], cid, seq) end
    out[#out + 1] = 0
    out[#out + 1] = seq
    added[#added + 1] = stored
  end
end
if #added > 0 then
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  if ARGV[5] ~= 'quiet' then
    local from = tonumber(ARGV[5])
    if from and from >= 0 and from < before then
      local held = redis.call('LRANGE', KEYS[2], from, before - 1)
      redis.call('PUBLISH', ARGV[3], seq .. ' [' .. table.concat(held, ',') .. ',' .. table.concat(added, ',') .. ']')
    else
      redis.call('PUBLISH', ARGV[3], seq .. ' [' .. table.concat(added, ',') .. ']')
    end
  end
end
return out
`);

/** Announces what the log holds after the watermark ARGV[2] (on channel ARGV[1]). */
const ANNOUNCE = lua(`
local seq = redis.call('LLEN', KEYS[1])
local from = tonumber(ARGV[2])
if from >= seq then return 0 end
redis.call('PUBLISH', ARGV[1], seq .. ' [' .. table.concat(redis.call('LRANGE', KEYS[1], from, seq - 1), ',') .. ']')
return 1
`);

/** HSETNX and PEXPIRE in one round trip: a new chat's conversation costs one call, not two. */
const CREATE = lua(`
if redis.call('HSETNX', KEYS[1], 'json', ARGV[1]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** The seq of an announcement's first activity, from its id (`"<conversationId>|<seq>"`, the
 * first thing APPEND writes), so the count needs no parse: one append numbers its activities
 * consecutively. */
const FIRST_SEQ = /^\[\{"id":"(?:[^"\\]|\\.)*\|(\d+)"/;

export class RedisActivityLog implements ActivityLog {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async createConversation(conversation: ChatConversation, ttlMs: number): Promise<boolean> {
    const { meta } = this.keys.chat(conversation.id);
    return (await this.redis.run(CREATE, [meta], [JSON.stringify(conversation), String(ttlMs)])) === 1;
  }

  async getConversation(id: string): Promise<ChatConversation | undefined> {
    const json = await this.redis.hGet(this.keys.chat(id).meta, 'json');
    return json ? (JSON.parse(json) as ChatConversation) : undefined;
  }

  async append(conversationId: string, activity: Record<string, unknown>, options: { clientActivityId?: string; ttlMs: number; maxActivities?: number; announce?: boolean }) {
    const [result] = await this.run(conversationId, [{ activity, ...(options.clientActivityId ? { clientActivityId: options.clientActivityId } : {}) }], options);
    return result!;
  }

  appendAll(conversationId: string, entries: { activity: Record<string, unknown>; clientActivityId?: string }[], options: { ttlMs: number; announceFrom?: number }) {
    return this.run(conversationId, entries, options);
  }

  async announce(conversationId: string, from: number): Promise<void> {
    const k = this.keys.chat(conversationId);
    await this.redis.run(ANNOUNCE, [k.log], [k.channel, String(from)]);
  }

  private async run(conversationId: string, entries: { activity: Record<string, unknown>; clientActivityId?: string }[], options: { ttlMs: number; maxActivities?: number; announce?: boolean; announceFrom?: number }) {
    const k = this.keys.chat(conversationId);
    const announce = options.announce === false ? 'quiet' : options.announceFrom === undefined ? '' : String(options.announceFrom);
    const args = [String(options.ttlMs), conversationId, k.channel, options.maxActivities === undefined ? '' : String(options.maxActivities), announce];
    const sent: Record<string, unknown>[] = [];
    for (const { activity, clientActivityId } of entries) {
      const { id: _ignored, ...rest } = activity;
      sent.push(rest);
      args.push(JSON.stringify(rest), clientActivityId ?? '');
    }
    const reply = (await this.redis.run(APPEND, [k.meta, k.log, k.clientIds], args)) as (number | string)[];
    if (reply[0] === -1) throw noConversation();
    if (reply[0] === -2) throw conversationFull(options.maxActivities!);
    const results: { activity: LoggedActivity; duplicate: boolean }[] = [];
    for (let i = 1; i < reply.length; i += 2) {
      const duplicate = reply[i] === 1;
      // What was stored is what was sent, numbered: JSON (a request's body, the adapter's
      // replies with string timestamps) reads back as it was written.
      const activity = duplicate ? (JSON.parse(reply[i + 1] as string) as LoggedActivity) : { id: activityId(conversationId, Number(reply[i + 1])), ...sent[(i - 1) / 2]! };
      results.push({ activity, duplicate });
    }
    return results;
  }

  async since(conversationId: string, watermark: number, limit: number): Promise<ActivityPage> {
    const raw = await this.redis.lRange(this.keys.chat(conversationId).log, watermark, watermark + limit - 1);
    return { activities: raw.map((r) => JSON.parse(r) as LoggedActivity), watermark: watermark + raw.length };
  }

  /** On the channel that announces appends (which carry a bare sequence number), as JSON. */
  async signal(conversationId: string, signal: ChatSignal): Promise<void> {
    await this.redis.publish(this.keys.chat(conversationId).channel, JSON.stringify(signal));
  }

  subscribe(conversationId: string, listener: (signal?: ChatSignal, appended?: ChatAppend) => void): Promise<() => Promise<void>> {
    return this.redis.subscribe(this.keys.chat(conversationId).channel, (message) => {
      try {
        if (message.startsWith('{')) return listener(JSON.parse(message) as ChatSignal);
        const space = message.indexOf(' ');
        // A bare sequence number: announced by an instance from before appends carried their
        // activities; the listener reads the log.
        if (space < 0) return listener();
        const watermark = Number(message.slice(0, space));
        const json = message.slice(space + 1);
        const first = FIRST_SEQ.exec(json)?.[1];
        // Ids not of APPEND's making (never, but a count must not be guessed): counted by parsing.
        const count = first !== undefined ? watermark - Number(first) + 1 : (JSON.parse(json) as unknown[]).length;
        listener(undefined, { json, count, watermark });
      } catch {
        // Not ours: nothing to pass on.
      }
    });
  }

  async deleteConversation(id: string): Promise<boolean> {
    const k = this.keys.chat(id);
    const existed = (await this.redis.hGet(k.meta, 'json')) !== null;
    await this.redis.del([k.log, k.clientIds, k.meta]);
    return existed;
  }
}
