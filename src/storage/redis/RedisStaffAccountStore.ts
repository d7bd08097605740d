import type { StaffAccount, StaffAccountPatch, StaffAccountStore } from '../../core/ports.js';
import { byCreation, definedOnly } from '../memory/MemoryStaffAccountStore.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** KEYS[1] the hash; ARGV: name, patch JSON. Read-merge-write in one step, so two admins
 * changing one account at once (a role and a disable) both land. Times are ISO strings: cjson
 * would print epoch milliseconds in 14 significant digits. */
const UPDATE = lua(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
local account = cjson.decode(json)
for k, v in pairs(cjson.decode(ARGV[2])) do account[k] = v end
json = cjson.encode(account)
redis.call('HSET', KEYS[1], ARGV[1], json)
return json
`);

/** Staff accounts as one hash (name → record JSON): a few hundred at most, one read per request. */
export class RedisStaffAccountStore implements StaffAccountStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async create(account: StaffAccount): Promise<boolean> {
    return Boolean(await this.redis.hSetNx(this.keys.staffAccounts(), account.name, JSON.stringify(account)));
  }

  async get(name: string): Promise<StaffAccount | undefined> {
    const json = await this.redis.hGet(this.keys.staffAccounts(), name);
    return json ? (JSON.parse(json) as StaffAccount) : undefined;
  }

  async list(): Promise<StaffAccount[]> {
    const all = await this.redis.hGetAll(this.keys.staffAccounts());
    return Object.values(all)
      .map((json) => JSON.parse(json) as StaffAccount)
      .sort(byCreation);
  }

  async update(name: string, patch: StaffAccountPatch): Promise<StaffAccount | undefined> {
    const json = await this.redis.run(UPDATE, [this.keys.staffAccounts()], [name, JSON.stringify(definedOnly(patch))]);
    return typeof json === 'string' ? (JSON.parse(json) as StaffAccount) : undefined;
  }
}
