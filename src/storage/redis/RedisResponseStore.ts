import type {
  EscalationRecord,
  ResponseQuery,
  ResponseStatus,
  ResponseStore,
  StoredAnswer,
  SurveyResponse,
} from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';
import { decodeAnswer, encodeAnswer } from './compactAnswer.js';

/** Writes that only make sense on a response that exists, so a late answer for an expired
 * response does not create a fragment without its metadata. */
const SET_IF_RESPONSE = lua(`
if redis.call('HEXISTS', KEYS[1], 'meta') == 0 then return 0 end
if ARGV[3] == 'nx' then return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/** The hash with its metadata and TTL, unless it exists (a retried start). */
const CREATE = lua(`
if redis.call('HSETNX', KEYS[1], 'meta', ARGV[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`);

/** Index entries older than the retention are trimmed this often per index and process, not on
 * every new response (two commands a response for what changes once a minute at most). */
const TRIM_EVERY_MS = 60_000;

/** The first final status wins; later ones (a retried turn) change nothing. */
const FINISH = lua(`
local raw = redis.call('HGET', KEYS[1], 'meta')
if not raw then return 0 end
local meta = cjson.decode(raw)
if meta.status ~= 'in_progress' then return 0 end
meta.status = ARGV[1]
meta.completedAt = ARGV[2]
if ARGV[3] ~= '' then meta.endingId = ARGV[3] end
if ARGV[5] and ARGV[5] ~= '' then meta.leftAt = ARGV[5] end
redis.call('HSET', KEYS[1], 'meta', cjson.encode(meta))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`);

type Meta = Omit<SurveyResponse, 'answers' | 'escalations'>;

/**
 * Responses in Redis: one hash per response (its metadata, one field per answer, one per
 * escalation), each written as it happens, and sorted-set indexes by start time for listing.
 * Every response expires after the retention period.
 */
export class RedisResponseStore implements ResponseStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  private readonly trimmed = new Map<string, number>();

  async create(response: SurveyResponse): Promise<void> {
    const { answers: _answers, escalations: _escalations, ...meta } = response;
    const score = Date.parse(response.startedAt);
    const indexes = [this.keys.responseIndex(), this.keys.responseIndex(response.surveyId)];
    // One round trip: sent together on one connection, the index entries are written before the
    // hash (an index entry without its hash is skipped when listing, while a hash that no index
    // points to could never be listed; a turn cut short is applied again by the next).
    await Promise.all([
      ...indexes.map((index) => this.redis.zAdd(index, score, response.id)),
      this.redis.run(CREATE, [this.keys.response(response.id)], [JSON.stringify(meta), String(this.retentionMs)]),
      ...indexes.map((index) => this.trim(index)),
    ]);
  }

  private async trim(index: string): Promise<void> {
    const now = this.now();
    if (now - (this.trimmed.get(index) ?? -Infinity) < TRIM_EVERY_MS) return;
    this.trimmed.set(index, now);
    await this.redis.zRemRangeByScore(index, 0, now - this.retentionMs);
  }

  async recordAnswer(responseId: string, questionId: string, answer: StoredAnswer): Promise<void> {
    await this.redis.run(SET_IF_RESPONSE, [this.keys.response(responseId)], [`a:${questionId}`, encodeAnswer(answer), 'set']);
  }

  async finish(responseId: string, status: Exclude<ResponseStatus, 'in_progress'>, at: string, endingId?: string, leftAt?: string): Promise<void> {
    await this.redis.run(FINISH, [this.keys.response(responseId)], [status, at, endingId ?? '', String(this.retentionMs), leftAt ?? '']);
  }

  async addEscalation(responseId: string, escalation: EscalationRecord): Promise<void> {
    const field = `e:${escalation.reason}:${escalation.ruleId ?? ''}`;
    await this.redis.run(SET_IF_RESPONSE, [this.keys.response(responseId)], [field, JSON.stringify(escalation), 'nx']);
  }

  async get(responseId: string): Promise<SurveyResponse | undefined> {
    return decode(await this.redis.hGetAll(this.keys.response(responseId)));
  }

  async delete(responseId: string, surveyId?: string): Promise<boolean> {
    const key = this.keys.response(responseId);
    const meta = await this.redis.hGet(key, 'meta');
    const survey = meta ? (JSON.parse(meta) as Meta).surveyId : surveyId;
    // The hash goes last: an erasure cut short leaves it findable through the customer's index.
    await this.redis.zRem(this.keys.responseIndex(), [responseId]);
    if (survey) await this.redis.zRem(this.keys.responseIndex(survey), [responseId]);
    await this.redis.del1(key);
    return meta !== null;
  }

  async list(query: ResponseQuery): Promise<SurveyResponse[]> {
    const index = this.keys.responseIndex(query.surveyId);
    const desc = query.order === 'desc';
    let min = query.from ? Date.parse(query.from) : 0;
    let max = query.to ? Date.parse(query.to) : Number.MAX_SAFE_INTEGER;
    const after = query.after;
    const afterScore = after ? Date.parse(after.startedAt) : 0;
    if (after && desc) max = Math.min(max, afterScore);
    else if (after) min = Math.max(min, afterScore);
    // Responses of the cursor's own millisecond come in member order: those up to the cursor's
    // id were on earlier pages.
    const isNew = (e: { value: string; score: number }) => !after || e.score !== afterScore || (desc ? e.value < after.id : e.value > after.id);
    const limit = query.limit ?? Number.MAX_SAFE_INTEGER;
    const out: SurveyResponse[] = [];
    const page = Math.min(limit, 500);
    for (let offset = 0; out.length < limit; offset += page) {
      const entries = await this.redis.zRangeByScoreWithScores(index, min, max, offset, page, desc);
      const ids = entries.filter(isNew).map((e) => e.value);
      const found = await Promise.all(ids.map((id) => this.get(id)));
      const gone = ids.filter((_, i) => !found[i]);
      // Expired responses leave their index entries behind; tidy them as they are met.
      await this.redis.zRem(index, gone);
      offset -= gone.length;
      out.push(...found.filter((r): r is SurveyResponse => r !== undefined && (!query.surveyId || r.surveyId === query.surveyId)));
      if (entries.length < page) break;
    }
    return out.slice(0, limit);
  }
}

function decode(hash: Record<string, string>): SurveyResponse | undefined {
  if (hash.meta === undefined) return undefined;
  const answers: Record<string, StoredAnswer> = {};
  const escalations: EscalationRecord[] = [];
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith('a:')) answers[field.slice(2)] = decodeAnswer(value);
    else if (field.startsWith('e:')) escalations.push(JSON.parse(value) as EscalationRecord);
  }
  escalations.sort((a, b) => a.at.localeCompare(b.at));
  return { ...(JSON.parse(hash.meta) as Meta), answers, escalations };
}
