import type { ScriptDraft, ScriptStore, ScriptVersion } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

/** Both keys share the survey's hash tag, so numbering and storing a version is one atomic step. */
const ADD_VERSION = lua(`
local n = redis.call('HINCRBY', KEYS[1], 'latest', 1)
redis.call('HSET', KEYS[2], tostring(n), ARGV[1])
return n
`);

const PUBLISH = lua(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'published', ARGV[1])
return 1
`);

/** Script versions are kept for good (no TTL): they are what old responses were answered on. */
export class RedisScriptStore implements ScriptStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async surveyIds(): Promise<string[]> {
    return (await this.redis.sMembers(this.keys.surveys())).sort();
  }

  async latest(surveyId: string): Promise<ScriptVersion | undefined> {
    const latest = await this.redis.hGet(this.keys.scriptMeta(surveyId), 'latest');
    return latest ? this.get(surveyId, Number(latest)) : undefined;
  }

  async get(surveyId: string, version: number): Promise<ScriptVersion | undefined> {
    const raw = await this.redis.hGet(this.keys.scriptVersions(surveyId), String(version));
    return raw ? { ...(JSON.parse(raw) as Omit<ScriptVersion, 'version'>), version } : undefined;
  }

  async versions(surveyId: string): Promise<ScriptVersion[]> {
    const all = await this.redis.hGetAllOf(this.keys.scriptVersions(surveyId));
    return Object.entries(all)
      .map(([n, raw]) => ({ ...(JSON.parse(raw) as Omit<ScriptVersion, 'version'>), version: Number(n) }))
      .sort((a, b) => a.version - b.version);
  }

  async getDraft(surveyId: string): Promise<ScriptDraft | undefined> {
    const raw = await this.redis.get(this.keys.scriptDraft(surveyId));
    return raw ? (JSON.parse(raw) as ScriptDraft) : undefined;
  }

  async saveDraft(draft: ScriptDraft): Promise<void> {
    await this.redis.set(this.keys.scriptDraft(draft.surveyId), JSON.stringify(draft));
    await this.redis.sAdd(this.keys.surveys(), draft.surveyId);
  }

  async deleteDraft(surveyId: string): Promise<void> {
    await this.redis.del1(this.keys.scriptDraft(surveyId));
    // A survey that only ever had a draft is gone with it (as in the memory store).
    if ((await this.redis.hGet(this.keys.scriptMeta(surveyId), 'latest')) === null) await this.redis.sRem(this.keys.surveys(), surveyId);
  }

  async add(input: Omit<ScriptVersion, 'version'>): Promise<ScriptVersion> {
    const { surveyId } = input;
    const version = Number(await this.redis.run(ADD_VERSION, [this.keys.scriptMeta(surveyId), this.keys.scriptVersions(surveyId)], [JSON.stringify(input)]));
    await this.redis.sAdd(this.keys.surveys(), surveyId);
    return { ...input, version };
  }

  async published(surveyId: string): Promise<number | undefined> {
    const v = await this.redis.hGet(this.keys.scriptMeta(surveyId), 'published');
    return v ? Number(v) : undefined;
  }

  async publish(surveyId: string, version: number): Promise<void> {
    const ok = await this.redis.run(PUBLISH, [this.keys.scriptMeta(surveyId), this.keys.scriptVersions(surveyId)], [String(version)]);
    if (ok !== 1) throw new Error(`No version ${version} of survey "${surveyId}" to publish`);
  }
}
