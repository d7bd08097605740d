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
import { decodeRecord, encodeEnd, encodeStart, END_FIELD, surveyOfRecord } from './responseRecord.js';

/**
 * Adds a line to a response (responseRecord.ts), only to a response that exists, so a late
 * answer for an expired response does not create a fragment without its start. ARGV: field,
 * JSON, mode: 'set' (an answer: a line already there, a turn applied again, is not added
 * twice), 'nx' (the first line of the field wins) or 'end' (the first end wins; the retention
 * counts again from it, ARGV[4] ms). A response stored as a hash by an older version (meta,
 * a:<questionId>, e:<…> fields) is written the old way.
 *
 * ARGV[6]: the record as the caller last saw it, given only when the line applies to it ('' for
 * none; never with 'end'). The record and the line are then written by one SET … GET, which
 * hands back what it held: when that was the guess (the usual turn), that one command was all.
 * Otherwise (another instance wrote since, the response is gone, or it is a hash, which SET
 * leaves alone) the line is decided against what it held, as without a guess, and what it held
 * is put back if the line does not apply. Returns 2 when the guess held, else '1' or '0' (the
 * line added or not) followed by the record now, or 1 or 0 for a hash or a missing response.
 */
const WRITE = lua(`
local field, value, mode, guess = ARGV[1], ARGV[2], ARGV[3], ARGV[6]
local line = '\\n' .. field .. '\\t' .. value
local record, guessed
if guess ~= '' then
  local held = redis.pcall('SET', KEYS[1], guess .. line, 'KEEPTTL', 'GET')
  if held == guess then return 2 end
  if type(held) ~= 'table' then record, guessed = held, true end
end
if record == nil then record = redis.pcall('GET', KEYS[1]) end
if type(record) == 'table' then
  if redis.call('HEXISTS', KEYS[1], 'meta') == 0 then return 0 end
  if mode == 'nx' then return redis.call('HSETNX', KEYS[1], field, value) end
  if mode ~= 'end' then redis.call('HSET', KEYS[1], field, value); return 1 end
  local meta = cjson.decode(redis.call('HGET', KEYS[1], 'meta'))
  if meta.status ~= 'in_progress' then return 0 end
  local e = cjson.decode(value)
  meta.status = e.s
  meta.completedAt = type(e.t) == 'number' and ARGV[5] or e.t
  if e.e then meta.endingId = e.e end
  if e.q then meta.leftAt = e.q end
  redis.call('HSET', KEYS[1], 'meta', cjson.encode(meta))
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
if not record then
  -- Gone (erased, or expired): the guessed write must not bring back a fragment.
  if guessed then redis.call('DEL', KEYS[1]) end
  return 0
end
local done
if mode == 'set' then
  if string.find(record, line, 1, true) then done = '1' end
elseif string.find(record, '\\n' .. field .. '\\t', 1, true) then
  done = '0'
end
if done then
  if guessed then redis.call('SET', KEYS[1], record, 'KEEPTTL') end
  return done .. record
end
if mode == 'end' then
  redis.call('SET', KEYS[1], record .. line, 'PX', ARGV[4])
else
  redis.call('SET', KEYS[1], record .. line, 'KEEPTTL')
end
return '1' .. record .. line
`);

/** Records kept in the process as guesses for the next line (a few hundred bytes each). */
const KNOWN_RECORDS = 5_000;

/** Index entries older than the retention are trimmed this often per index and process, not on
 * every new response (two commands a response for what changes once a minute at most). */
const TRIM_EVERY_MS = 60_000;

type Meta = Omit<SurveyResponse, 'answers' | 'escalations'>;

/**
 * Responses in Redis: one string per response (its start, then a line per answer, escalation
 * and its end: responseRecord.ts), each line added as it happens, and sorted-set indexes by start time for listing.
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

  /** Per response, its record as this process last wrote or read it: the guess that saves
   * reading it before adding a line (WRITE). A wrong guess costs no more than no guess. */
  private readonly records = new Map<string, string>();

  private remember(responseId: string, record: string | undefined): void {
    this.records.delete(responseId);
    if (!record) return;
    this.records.set(responseId, record);
    if (this.records.size > KNOWN_RECORDS) this.records.delete(this.records.keys().next().value!);
  }

  private async write(responseId: string, field: string, value: string, mode: 'set' | 'nx' | 'end', end: string[] = ['', '']): Promise<void> {
    const line = `\n${field}\t${value}`;
    const known = mode === 'end' ? undefined : this.records.get(responseId);
    const guess = known !== undefined && !known.includes(mode === 'set' ? line : `\n${field}\t`) ? known : '';
    const result = await this.redis.run(WRITE, [this.keys.response(responseId)], [field, value, mode, ...end, guess]);
    if (result === 2) this.remember(responseId, guess + line);
    else this.remember(responseId, typeof result === 'string' ? result.slice(1) : undefined);
  }

  async create(response: SurveyResponse): Promise<void> {
    const index = this.keys.responseIndex(response.surveyId);
    // One round trip: sent together on one connection, the index entry is written before the
    // record (an index entry without its record is skipped when listing, while a record that no
    // index points to could never be listed; a turn cut short is applied again by the next).
    await Promise.all([
      this.redis.zAdd(index, Date.parse(response.startedAt), response.id),
      // Unless it exists (a retried start, in either form).
      this.redis.setNxPx(this.keys.response(response.id), this.startRecord(response), this.retentionMs),
      this.tend(index, response.surveyId),
    ]);
  }

  private startRecord(response: SurveyResponse): string {
    const record = encodeStart(response);
    // What a retried start found is not known here: the first line added finds out (WRITE).
    this.remember(response.id, record);
    return record;
  }

  /** At most once a minute per survey and process: trims the survey's index to the retention and
   * names the survey among those listing every survey merges (again, in case the set was lost). */
  private async tend(index: string, surveyId: string): Promise<void> {
    const now = this.now();
    if (now - (this.trimmed.get(index) ?? -Infinity) < TRIM_EVERY_MS) return;
    this.trimmed.set(index, now);
    const legacy = this.keys.responseIndex();
    const trimLegacy = now - (this.trimmed.get(legacy) ?? -Infinity) >= TRIM_EVERY_MS;
    if (trimLegacy) this.trimmed.set(legacy, now);
    await Promise.all([
      this.redis.sAdd(this.keys.respondedSurveys(), surveyId),
      this.redis.zRemRangeByScore(index, 0, now - this.retentionMs),
      // Nothing adds to it any more: trimmed, it empties (and Redis drops it) within the retention.
      ...(trimLegacy ? [this.redis.zRemRangeByScore(legacy, 0, now - this.retentionMs)] : []),
    ]);
  }

  async recordAnswer(responseId: string, questionId: string, answer: StoredAnswer): Promise<void> {
    await this.write(responseId, `a:${questionId}`, encodeAnswer(answer), 'set');
  }

  async finish(responseId: string, status: Exclude<ResponseStatus, 'in_progress'>, at: string, endingId?: string, leftAt?: string): Promise<void> {
    await this.write(responseId, END_FIELD, encodeEnd(status, at, endingId, leftAt), 'end', [String(this.retentionMs), at]);
  }

  async addEscalation(responseId: string, escalation: EscalationRecord): Promise<void> {
    const field = `e:${escalation.reason}:${escalation.ruleId ?? ''}`;
    await this.write(responseId, field, JSON.stringify(escalation), 'nx');
  }

  async get(responseId: string): Promise<SurveyResponse | undefined> {
    const stored = await this.read(responseId);
    if (typeof stored === 'string') this.remember(responseId, stored);
    if (stored === undefined) return undefined;
    return typeof stored === 'string' ? decodeRecord(responseId, stored) : decode(stored);
  }

  /** The record, or the hash of a response stored by an older version. */
  private async read(responseId: string): Promise<string | Record<string, string> | undefined> {
    const key = this.keys.response(responseId);
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch (err) {
      if (!(err as Error).message?.startsWith('WRONGTYPE')) throw err;
      return this.redis.hGetAll(key);
    }
  }

  async delete(responseId: string, surveyId?: string): Promise<boolean> {
    this.records.delete(responseId);
    const key = this.keys.response(responseId);
    const stored = await this.read(responseId);
    const meta = typeof stored === 'string' ? stored : stored?.meta;
    const survey = typeof stored === 'string' ? surveyOfRecord(stored) : meta ? (JSON.parse(meta) as Meta).surveyId : surveyId;
    // The record goes last: an erasure cut short leaves it findable through the customer's index.
    // The index of every survey is an older version's, still read until its entries expire.
    await this.redis.zRem(this.keys.responseIndex(), [responseId]);
    if (survey) await this.redis.zRem(this.keys.responseIndex(survey), [responseId]);
    await this.redis.del1(key);
    return meta !== undefined;
  }

  async list(query: ResponseQuery): Promise<SurveyResponse[]> {
    if (query.surveyId) return this.listSurvey(query, query.surveyId);
    // Every survey: their indexes merged in order, with the index older versions kept for all
    // surveys (its responses are in their survey's index too when written since).
    const surveys = await this.redis.sMembers(this.keys.respondedSurveys());
    const { min, max, desc, isNew } = range(query);
    const limit = query.limit ?? Number.MAX_SAFE_INTEGER;
    const page = Math.min(limit, 500);
    const heads = [...surveys.map((s) => this.keys.responseIndex(s)), this.keys.responseIndex()].map((index) => ({ index, entries: [] as Entry[], at: 0, offset: 0, done: false }));
    // Gone responses are not tidied from the indexes here, as listing one survey does: removing
    // entries would shift the offsets of pages already read. Each survey's trim removes them.
    const fill = async (head: (typeof heads)[number]) => {
      while (head.at === head.entries.length && !head.done) {
        const entries = await this.redis.zRangeByScoreWithScores(head.index, min, max, head.offset, page, desc);
        head.offset += entries.length;
        head.done = entries.length < page;
        head.entries = entries.filter(isNew);
        head.at = 0;
      }
    };
    const first = (a: Entry, b: Entry) => (desc ? a.score > b.score || (a.score === b.score && a.value > b.value) : a.score < b.score || (a.score === b.score && a.value < b.value));
    const listed = new Set<string>();
    const out: SurveyResponse[] = [];
    while (out.length < limit) {
      await Promise.all(heads.map(fill));
      const ids: string[] = [];
      // Merge until the wanted number, or until an index needs its next page read.
      for (let want = true; want && ids.length < limit - out.length; ) {
        let best: (typeof heads)[number] | undefined;
        for (const head of heads) if (head.at < head.entries.length && (!best || first(head.entries[head.at]!, best.entries[best.at]!))) best = head;
        if (!best) break;
        const { value } = best.entries[best.at++]!;
        if (!listed.has(value)) ids.push(value);
        listed.add(value);
        want = best.at < best.entries.length || best.done;
      }
      if (heads.every((h) => h.done && h.at === h.entries.length) && ids.length === 0) break;
      const found = await Promise.all(ids.map((id) => this.get(id)));
      out.push(...found.filter((r): r is SurveyResponse => r !== undefined));
    }
    return out.slice(0, limit);
  }

  private async listSurvey(query: ResponseQuery, surveyId: string): Promise<SurveyResponse[]> {
    const index = this.keys.responseIndex(surveyId);
    const { min, max, desc, isNew } = range(query);
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
      out.push(...found.filter((r): r is SurveyResponse => r !== undefined && r.surveyId === surveyId));
      if (entries.length < page) break;
    }
    return out.slice(0, limit);
  }
}

interface Entry {
  value: string;
  score: number;
}

/** A query's bounds on the index scores, and which entries at the cursor's own millisecond come
 * after it (those come in member order: the ones up to the cursor's id were on earlier pages). */
function range(query: ResponseQuery): { min: number; max: number; desc: boolean; isNew: (e: Entry) => boolean } {
  const desc = query.order === 'desc';
  let min = query.from ? Date.parse(query.from) : 0;
  let max = query.to ? Date.parse(query.to) : Number.MAX_SAFE_INTEGER;
  const after = query.after;
  const afterScore = after ? Date.parse(after.startedAt) : 0;
  if (after && desc) max = Math.min(max, afterScore);
  else if (after) min = Math.max(min, afterScore);
  const isNew = (e: Entry) => !after || e.score !== afterScore || (desc ? e.value < after.id : e.value > after.id);
  return { min, max, desc, isNew };
}

/** A response stored as a hash by an older version. */
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
