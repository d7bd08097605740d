import type { SignInFailure, SignInFailures } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** One round trip, atomic: concurrent failures on many instances each count. */
const ADD = lua(`
local count = redis.call('HINCRBY', KEYS[1], 'c', 1)
redis.call('HSET', KEYS[1], 'l', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count
`);

export class RedisSignInFailures implements SignInFailures {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async add(key: string, at: number, ttlMs: number): Promise<SignInFailure> {
    const count = Number(await this.redis.run(ADD, [this.keys.signInFailures(key)], [String(at), String(Math.max(1, Math.ceil(ttlMs)))]));
    return { count, last: at };
  }

  async get(key: string): Promise<SignInFailure | undefined> {
    const hash = await this.redis.hGetAll(this.keys.signInFailures(key));
    if (!hash.c) return undefined;
    return { count: Number(hash.c), last: Number(hash.l ?? 0) };
  }

  clear(key: string): Promise<void> {
    return this.redis.del1(this.keys.signInFailures(key));
  }
}
