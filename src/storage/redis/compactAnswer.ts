import type { StoredAnswer } from '../../core/ports.js';

/** How an answer is kept in a response hash: short names, the time as epoch milliseconds, and
 * what can be told from the rest left out (raw when it is the value as text, one attempt). A
 * finished response is about a third smaller (docs/operations/redis.md). */
interface CompactAnswer {
  v: StoredAnswer['value'];
  r?: string;
  n?: number;
  t: number;
  k?: true;
  s?: number;
  l?: StoredAnswer['sentimentLabel'];
  c?: number;
  d?: string[];
  x?: StoredAnswer['aspects'];
  m?: StoredAnswer['mismatch'];
  a?: string;
}

export function encodeAnswer(a: StoredAnswer): string {
  const c: CompactAnswer = { v: a.value, t: Date.parse(a.answeredAt) };
  if (a.value === null || String(a.value) !== a.raw) c.r = a.raw;
  if (a.attempts !== 1) c.n = a.attempts;
  if (a.skipped) c.k = true;
  if (a.sentiment !== undefined) c.s = a.sentiment;
  if (a.sentimentLabel) c.l = a.sentimentLabel;
  if (a.sentimentConfidence !== undefined) c.c = a.sentimentConfidence;
  if (a.drivers) c.d = a.drivers;
  if (a.aspects) c.x = a.aspects;
  if (a.mismatch) c.m = a.mismatch;
  if (a.aspect) c.a = a.aspect;
  return JSON.stringify(c);
}

/** Either form: answers stored before the compact one have `answeredAt`. */
export function decodeAnswer(json: string): StoredAnswer {
  const parsed = JSON.parse(json) as StoredAnswer | CompactAnswer;
  if ('answeredAt' in parsed) return parsed;
  const c = parsed;
  return {
    value: c.v,
    raw: c.r ?? String(c.v),
    attempts: c.n ?? 1,
    answeredAt: new Date(c.t).toISOString(),
    ...(c.k ? { skipped: true } : {}),
    ...(c.s !== undefined ? { sentiment: c.s } : {}),
    ...(c.l ? { sentimentLabel: c.l } : {}),
    ...(c.c !== undefined ? { sentimentConfidence: c.c } : {}),
    ...(c.d ? { drivers: c.d } : {}),
    ...(c.x ? { aspects: c.x } : {}),
    ...(c.m ? { mismatch: c.m } : {}),
    ...(c.a ? { aspect: c.a } : {}),
  };
}
