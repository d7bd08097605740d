import type { ActivityLog, ActivityPage, ChatConversation, ChatSignal, LoggedActivity } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { conversationFull } from '../conversationFull.js';

/** Numbering, storing, de-duplicating and announcing an activity in one step; all keys share
 * the conversation's hash tag. The id format matches MemoryActivityLog's activityId. */
const APPEND = lua(`
if ARGV[2] ~= '' then
  local earlier = redis.call('HGET', KEYS[3], ARGV[2])
  if earlier then return {0, redis.call('LINDEX', KEYS[2], tonumber(earlier) - 1)} end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, ''} end
local seq = redis.call('LLEN', KEYS[2]) + 1
if ARGV[6] ~= '' and seq > tonumber(ARGV[6]) then return {-2, ''} end
local id = ARGV[4] .. '|' .. string.format('%07d', seq)
local stored = '{"id":' .. cjson.encode(id) .. '}'
if string.len(ARGV[1]) > 2 then stored = '{"id":' .. cjson.encode(id) .. ',' .. string.sub(ARGV[1], 2) end
redis.call('RPUSH', KEYS[2], stored)
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], seq) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
redis.call('PUBLISH', ARGV[5], seq)
return {1, stored}
`);

export class RedisActivityLog implements ActivityLog {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async createConversation(conversation: ChatConversation, ttlMs: number): Promise<void> {
    const { meta } = this.keys.chat(conversation.id);
    if (await this.redis.hSetNx(meta, 'json', JSON.stringify(conversation))) await this.redis.pExpire(meta, ttlMs);
  }

  async getConversation(id: string): Promise<ChatConversation | undefined> {
    const json = await this.redis.hGet(this.keys.chat(id).meta, 'json');
    return json ? (JSON.parse(json) as ChatConversation) : undefined;
  }

  async append(conversationId: string, activity: Record<string, unknown>, options: { clientActivityId?: string; ttlMs: number; maxActivities?: number }) {
    const k = this.keys.chat(conversationId);
    const { id: _ignored, ...rest } = activity;
    const [status, stored] = (await this.redis.run(APPEND, [k.meta, k.log, k.clientIds], [
      JSON.stringify(rest),
      options.clientActivityId ?? '',
      String(options.ttlMs),
      conversationId,
      k.channel,
      options.maxActivities === undefined ? '' : String(options.maxActivities),
    ])) as [number, string];
    if (status === -1) throw new Error(`No conversation ${conversationId}`);
    if (status === -2) throw conversationFull(options.maxActivities!);
    return { activity: JSON.parse(stored) as LoggedActivity, duplicate: status === 0 };
  }

  async since(conversationId: string, watermark: number, limit: number): Promise<ActivityPage> {
    const raw = await this.redis.lRange(this.keys.chat(conversationId).log, watermark, watermark + limit - 1);
    return { activities: raw.map((r) => JSON.parse(r) as LoggedActivity), watermark: watermark + raw.length };
  }

  /** On the channel that announces appends (which carry a bare sequence number), as JSON. */
  async signal(conversationId: string, signal: ChatSignal): Promise<void> {
    await this.redis.publish(this.keys.chat(conversationId).channel, JSON.stringify(signal));
  }

  subscribe(conversationId: string, listener: (signal?: ChatSignal) => void): Promise<() => Promise<void>> {
    return this.redis.subscribe(this.keys.chat(conversationId).channel, (message) => {
      if (!message.startsWith('{')) return listener();
      try {
        listener(JSON.parse(message) as ChatSignal);
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
