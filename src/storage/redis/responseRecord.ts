import type { EscalationRecord, ResponseStatus, StoredAnswer, SurveyResponse } from '../../core/ports.js';
import { decodeAnswer } from './compactAnswer.js';

/*
 * A response in Redis is one string of lines (RedisResponseStore): first its start (compact
 * JSON), then one `<field>\t<JSON>` line per thing that happened, in order: `a:<questionId>` an
 * answer (compactAnswer; the last line of a question wins), `e:<reason>:<ruleId>` an escalation
 * and `f` its end (the first of each wins). JSON never holds a raw line break, so a line is
 * always whole. One string costs about half the bytes of the hash it replaces: the hash's
 * start JSON and open answers are longer than a listpack value may be (64 bytes), which made
 * it a hashtable.
 */

interface CompactStart {
  s: string;
  v: number;
  c: string;
  l: string;
  u?: string;
  o?: string;
  g?: Record<string, string>;
  t: number | string;
}

interface CompactEnd {
  s: Exclude<ResponseStatus, 'in_progress'>;
  t: number | string;
  e?: string;
  q?: string;
}

/** Epoch ms when that gives back the same ISO text, else the text itself. */
function time(iso: string): number | string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : iso;
}

function iso(t: number | string): string {
  return typeof t === 'number' ? new Date(t).toISOString() : t;
}

export function encodeStart(r: SurveyResponse): string {
  const c: CompactStart = { s: r.surveyId, v: r.surveyVersion, c: r.channel, l: r.locale, t: time(r.startedAt) };
  if (r.customerId !== null) c.u = r.customerId;
  if (r.orderId !== null) c.o = r.orderId;
  if (r.segments) c.g = r.segments;
  let out = JSON.stringify(c);
  if (r.status !== 'in_progress') out += `\n${END_FIELD}\t${encodeEnd(r.status, r.completedAt ?? '', r.endingId, r.leftAt)}`;
  return out;
}

export const END_FIELD = 'f';

export function encodeEnd(status: Exclude<ResponseStatus, 'in_progress'>, at: string, endingId?: string, leftAt?: string): string {
  const c: CompactEnd = { s: status, t: time(at) };
  if (endingId) c.e = endingId;
  if (leftAt) c.q = leftAt;
  return JSON.stringify(c);
}

/** The response a record holds; `id` is its key's. */
export function decodeRecord(id: string, record: string): SurveyResponse {
  const lines = record.split('\n');
  const start = JSON.parse(lines[0]!) as CompactStart;
  const response: SurveyResponse = {
    id,
    surveyId: start.s,
    surveyVersion: start.v,
    channel: start.c,
    locale: start.l,
    customerId: start.u ?? null,
    orderId: start.o ?? null,
    ...(start.g ? { segments: start.g } : {}),
    status: 'in_progress',
    startedAt: iso(start.t),
    completedAt: null,
    answers: {},
    escalations: [],
  };
  const escalations = new Map<string, EscalationRecord>();
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const tab = line.indexOf('\t');
    const field = line.slice(0, tab);
    const json = line.slice(tab + 1);
    if (field.startsWith('a:')) response.answers[field.slice(2)] = decodeAnswer(json) satisfies StoredAnswer;
    else if (field.startsWith('e:')) {
      if (!escalations.has(field)) escalations.set(field, JSON.parse(json) as EscalationRecord);
    } else if (field === END_FIELD && !ended) {
      ended = true;
      const end = JSON.parse(json) as CompactEnd;
      response.status = end.s;
      response.completedAt = iso(end.t);
      if (end.e) response.endingId = end.e;
      if (end.q) response.leftAt = end.q;
    }
  }
  response.escalations = [...escalations.values()].sort((a, b) => a.at.localeCompare(b.at));
  return response;
}

/** The survey of a record, from its first line alone. */
export function surveyOfRecord(record: string): string {
  const nl = record.indexOf('\n');
  return (JSON.parse(nl < 0 ? record : record.slice(0, nl)) as CompactStart).s;
}
