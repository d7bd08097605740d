import type { ApiKeyRecord, ApiKeyStore } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** KEYS[1] the hash; ARGV: id, field (revokedAt or lastUsedAt), time. A revoked key changes no more. */
const STAMP = lua(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local key = cjson.decode(json)
if key.revokedAt then return 0 end
key[ARGV[2]] = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(key))
return 1
`);

/** API keys as one hash (id → record JSON): few keys, read on every API call by id. */
export class RedisApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async create(key: ApiKeyRecord): Promise<void> {
    await this.redis.hSetNx(this.keys.apiKeys(), key.id, JSON.stringify(key));
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const json = await this.redis.hGet(this.keys.apiKeys(), id);
    return json ? (JSON.parse(json) as ApiKeyRecord) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const all = await this.redis.hGetAll(this.keys.apiKeys());
    return Object.values(all)
      .map((json) => JSON.parse(json) as ApiKeyRecord)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return Number(await this.redis.run(STAMP, [this.keys.apiKeys()], [id, 'revokedAt', at])) === 1;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.redis.run(STAMP, [this.keys.apiKeys()], [id, 'lastUsedAt', at]);
  }
}
