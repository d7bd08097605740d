import type { EscalationCase } from '../../core/cases.js';
import type { CaseStore } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** Writes the case only if it still holds what the writer read ('' = must not exist yet). */
const COMPARE_AND_SET = lua(`
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/** A lost race is tried again on fresh data, after a short random pause that grows, this many
 * times before giving up (each round one writer wins, so a burst of N writers needs N rounds). */
const MAX_TRIES = 50;
/** Cases listed for the console are looked for among this many of the newest. */
const INDEX_SCAN = 2000;

export class RedisCaseStore implements CaseStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  async create(c: EscalationCase): Promise<boolean> {
    const created = (await this.redis.run(COMPARE_AND_SET, [this.keys.case(c.id)], ['', JSON.stringify(c), String(this.retentionMs)])) === 1;
    if (created) {
      await this.redis.zAdd(this.keys.caseIndex(), Date.parse(c.createdAt), c.id);
      await this.redis.zRemRangeByScore(this.keys.caseIndex(), 0, this.now() - this.retentionMs);
    }
    return created;
  }

  async get(id: string): Promise<EscalationCase | undefined> {
    const json = await this.redis.get(this.keys.case(id));
    return json === null ? undefined : (JSON.parse(json) as EscalationCase);
  }

  async update(id: string, change: (c: EscalationCase) => EscalationCase | undefined): Promise<EscalationCase | undefined> {
    const key = this.keys.case(id);
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const json = await this.redis.get(key);
      if (json === null) return undefined;
      const current = JSON.parse(json) as EscalationCase;
      const next = change(current);
      if (!next) return current;
      if ((await this.redis.run(COMPARE_AND_SET, [key], [json, JSON.stringify(next), String(this.retentionMs)])) === 1) return next;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt + 1, 20)));
    }
    throw new Error(`case ${id} kept changing under ${MAX_TRIES} tries to update it`);
  }

  async list(limit: number): Promise<EscalationCase[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zRevRange(this.keys.caseIndex(), Math.min(INDEX_SCAN, limit));
    const cases = await Promise.all(ids.map((id) => this.get(id)));
    return cases.filter((c): c is EscalationCase => c !== undefined);
  }

  async bySlackThread(ts: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.caseThread(ts))) ?? undefined;
  }

  async linkSlackThread(ts: string, caseId: string): Promise<void> {
    await this.redis.setPx(this.keys.caseThread(ts), caseId, this.retentionMs);
  }

  async delete(id: string): Promise<boolean> {
    const key = this.keys.case(id);
    const json = await this.redis.get(key);
    const ts = json === null ? undefined : (JSON.parse(json) as EscalationCase).slackCard?.ts;
    if (ts && (await this.redis.get(this.keys.caseThread(ts))) === id) await this.redis.del1(this.keys.caseThread(ts));
    await this.redis.zRem(this.keys.caseIndex(), [id]);
    await this.redis.del1(key);
    return json !== null;
  }
}
