import type { CaseQuote, CaseScore, TranscriptEntry } from '../core/cases.js';
import type { Value } from '../core/condition.js';
import { promptId, renderQuestion, say, type KanoHalf } from '../core/engine/render.js';
import type { CaseContext } from '../bot/HandoffDesk.js';
import { renderActivity } from '../bot/renderActivity.js';
import type { ResponseStore } from '../core/ports.js';
import type { AnswerValue } from '../core/session.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { transcriptIds } from '../core/transcriptIds.js';

export interface ResponseSnapshot {
  surveyId: string;
  surveyVersion: number;
  locale: string;
  customer: Record<string, unknown>;
  order: Record<string, unknown>;
  scores: CaseScore[];
  quotes: CaseQuote[];
  transcript: TranscriptEntry[];
}

/**
 * What a person needs to know about a survey so far: the ratings, the open answers worst first
 * (with their sentiment and aspects), and the survey as a transcript — the greeting and each
 * question as the customer saw them (in their language, with their name and order filled in),
 * each answer as it was typed. Lines carry the ids the live transcript uses, so the two merge
 * without repeats.
 */
export async function snapshotResponse(
  responseId: string,
  responses: ResponseStore,
  scripts: ScriptRegistry,
  context: CaseContext = { customer: {}, order: {} },
): Promise<ResponseSnapshot> {
  const response = await responses.get(responseId);
  if (!response) throw new Error(`escalation for an unknown response ${responseId}`);
  const script = await scripts.get(response.surveyId, response.surveyVersion);
  const locale = response.locale;
  const answers: Record<string, AnswerValue | null> = Object.fromEntries(Object.entries(response.answers).map(([id, a]) => [id, a.value]));
  const scope = { locale, answers, context: context as { customer: Record<string, Value>; order: Record<string, Value> } };
  const ids = transcriptIds(responseId);
  const scores: CaseScore[] = [];
  const quotes: CaseQuote[] = [];
  const transcript: TranscriptEntry[] = [];
  const answered = script.questions.filter((q) => response.answers[q.id]).sort((a, b) => response.answers[a.id]!.answeredAt.localeCompare(response.answers[b.id]!.answeredAt));
  if (script.intro) transcript.push({ at: response.startedAt, from: 'bot', text: say(script, scope, script.intro), id: ids.intro });
  // Drawn as the chat drew them (question, options, legend), so the lines read the same as
  // those the live transcript adds.
  const shown = (q: (typeof script.questions)[number], half?: KanoHalf) => renderActivity(renderQuestion(script, scope, q, false, half)).text ?? '';
  for (const q of answered) {
    const answer = response.answers[q.id]!;
    transcript.push({ at: answer.answeredAt, from: 'bot', text: shown(q), name: q.id, id: ids.question(q.id) });
    if (q.type === 'kano') {
      // Both halves were asked (the second as its own prompt); the pair is told by its labels.
      const half = promptId(q.id, 'dysfunctional');
      if (!answer.skipped) transcript.push({ at: answer.answeredAt, from: 'bot', text: shown(q, 'dysfunctional'), name: half, id: ids.question(half) });
      const labels = Array.isArray(answer.value) ? answer.value.map((v) => q.options.find((o) => o.id === v)?.label[locale] ?? v).join(' / ') : '';
      transcript.push({ at: answer.answeredAt, from: 'customer', text: answer.skipped ? '(skipped)' : labels || answer.raw, name: q.id, id: ids.answer(q.id) });
      continue;
    }
    transcript.push({ at: answer.answeredAt, from: 'customer', text: answer.skipped ? '(skipped)' : answer.raw || String(answer.value), name: q.id, id: ids.answer(q.id) });
  }
  // How it ended, when it had (a case opened after the end: the customer asked for a person).
  const ending = response.status === 'completed' && response.endingId ? script.endings.find((e) => e.id === response.endingId) : undefined;
  if (ending) transcript.push({ at: response.completedAt ?? transcript.at(-1)?.at ?? response.startedAt, from: 'bot', text: say(script, scope, ending.text), id: ids.ending });
  // The question on screen when the case opened, not answered yet.
  const current = context.current ? script.questions.find((q) => q.id === context.current && !response.answers[q.id]) : undefined;
  if (current) transcript.push({ at: transcript.at(-1)?.at ?? response.startedAt, from: 'bot', text: shown(current), name: current.id, id: ids.question(current.id) });
  for (const q of script.questions) {
    const answer = response.answers[q.id];
    if (!answer) continue;
    if (q.type === 'rating' && typeof answer.value === 'number') scores.push({ questionId: q.id, value: answer.value, min: q.rating.min, max: q.rating.max });
    if (q.type === 'text' && typeof answer.value === 'string' && answer.value) {
      quotes.push({
        questionId: q.id,
        text: answer.value,
        ...(answer.sentiment !== undefined ? { sentiment: answer.sentiment } : {}),
        ...(answer.sentimentLabel ? { label: answer.sentimentLabel } : {}),
        ...(answer.sentimentConfidence !== undefined ? { confidence: answer.sentimentConfidence } : {}),
        ...(answer.drivers ? { drivers: answer.drivers } : {}),
        ...(answer.aspects ? { aspects: answer.aspects } : {}),
      });
    }
  }
  quotes.sort((a, b) => (a.sentiment ?? 0) - (b.sentiment ?? 0));
  return {
    surveyId: response.surveyId,
    surveyVersion: response.surveyVersion,
    locale,
    customer: response.customerId ? { id: response.customerId } : {},
    order: response.orderId ? { id: response.orderId } : {},
    scores,
    quotes,
    transcript,
  };
}
