import type { AgentPresence } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** How long the set outlives its last beat: entries are judged by their own times; this only
 * clears the key once nobody has had a console open for a long while. */
const KEY_TTL_MS = 86_400_000;

/** KEYS[1] the sorted set; ARGV: now. Drops the entries that ran out, answers the live ones. */
const ONLINE = lua(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
`);

/** KEYS[1] the sorted set; ARGV: member, until, key TTL. */
const BEAT = lua(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
`);

/** One sorted set of live console sockets (member `<agent id>\n<socket id>`, score: live until),
 * so a second tab or an instance that died never makes an agent look online or offline wrongly. */
export class RedisAgentPresence implements AgentPresence {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async beat(agentId: string, socketId: string, until: number): Promise<void> {
    await this.redis.run(BEAT, [this.keys.presence().sockets], [member(agentId, socketId), String(until), String(KEY_TTL_MS)]);
  }

  async leave(agentId: string, socketId: string): Promise<void> {
    await this.redis.zRem(this.keys.presence().sockets, [member(agentId, socketId)]);
  }

  async online(now: number): Promise<string[]> {
    const members = (await this.redis.run(ONLINE, [this.keys.presence().sockets], [String(now)])) as string[];
    return [...new Set(members.map((m) => m.slice(0, m.indexOf('\n'))))].sort();
  }

  async nextTurn(): Promise<number> {
    return this.redis.incr(this.keys.presence().turn);
  }
}

function member(agentId: string, socketId: string): string {
  return `${agentId}\n${socketId}`;
}
