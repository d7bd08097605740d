/**
 * One-click answers: an invitation (email) shows the survey's first question as one link per
 * scale value; the link opens the web chat with that answer already given. Only a rating asked
 * unconditionally first qualifies: a question behind a `when` might not be the first one asked.
 */
import type { CompiledQuestion, CompiledScript } from '../script/compiled.js';

export type OneClickQuestion = Extract<CompiledQuestion, { type: 'rating' }>;

/** The most values one email offers as links (NPS's 0–10 is 11); a wider scale gets none. */
const MAX_VALUES = 11;

/** The first question, when it can be answered from an email: an unconditional rating. */
export function oneClickQuestion(script: CompiledScript): OneClickQuestion | undefined {
  const q = script.questions[0];
  if (!q || q.type !== 'rating' || q.when) return undefined;
  return q.rating.max - q.rating.min + 1 <= MAX_VALUES ? q : undefined;
}

/** The values the email links to, lowest first. */
export function oneClickValues(q: OneClickQuestion): number[] {
  const out: number[] = [];
  for (let n = q.rating.min; n <= q.rating.max; n++) out.push(n);
  return out;
}

/**
 * A link's `answer` parameter, checked against the first question's scale: the answer to give,
 * or undefined for anything else (a wrong or altered link just opens the survey).
 */
export function oneClickAnswer(script: CompiledScript, raw: unknown): { questionId: string; answer: string } | undefined {
  const q = oneClickQuestion(script);
  if (!q || typeof raw !== 'string' || !/^-?\d{1,3}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= q.rating.min && n <= q.rating.max ? { questionId: q.id, answer: String(n) } : undefined;
}
