import type { CaseQuote, CaseScore, TranscriptEntry } from '../core/cases.js';
import type { ResponseStore } from '../core/ports.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';

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
 * (with their sentiment and aspects), and the survey as a transcript, questions in the
 * customer's language and answers as they were typed.
 */
export async function snapshotResponse(responseId: string, responses: ResponseStore, scripts: ScriptRegistry): Promise<ResponseSnapshot> {
  const response = await responses.get(responseId);
  if (!response) throw new Error(`escalation for an unknown response ${responseId}`);
  const script = await scripts.get(response.surveyId, response.surveyVersion);
  const locale = response.locale;
  const scores: CaseScore[] = [];
  const quotes: CaseQuote[] = [];
  const transcript: TranscriptEntry[] = [];
  for (const q of script.questions) {
    const answer = response.answers[q.id];
    if (!answer) continue;
    transcript.push({ at: answer.answeredAt, from: 'bot', text: q.text[locale] ?? q.text[script.defaultLocale] ?? q.id, name: q.id });
    transcript.push({ at: answer.answeredAt, from: 'customer', text: answer.skipped ? '(skipped)' : answer.raw || String(answer.value), name: q.id });
    if (q.type === 'rating' && typeof answer.value === 'number') scores.push({ questionId: q.id, value: answer.value, min: q.rating.min, max: q.rating.max });
    if (q.type === 'text' && typeof answer.value === 'string' && answer.value) {
      quotes.push({
        questionId: q.id,
        text: answer.value,
        ...(answer.sentiment !== undefined ? { sentiment: answer.sentiment } : {}),
        ...(answer.sentimentLabel ? { label: answer.sentimentLabel } : {}),
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
