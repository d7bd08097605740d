import type { EscalationCase } from '../cases.js';
import type { StoredAnswer, SurveyResponse } from '../ports.js';
import { maskPersonalData, maskStrings } from './maskPersonalData.js';

/**
 * What customers (and people talking to them) wrote, masked for staff and exports. Identifiers
 * and the customer/order records the shop passed in are left as they are: those are the shop's
 * own data, shown on purpose; the masking is for what a customer types into a chat.
 */
export function maskCase(c: EscalationCase): EscalationCase {
  return {
    ...c,
    triggers: c.triggers.map((t) => (t.matched === undefined ? t : { ...t, matched: maskPersonalData(t.matched) })),
    quotes: c.quotes.map((q) => ({ ...q, text: maskPersonalData(q.text) })),
    transcript: c.transcript.map((line) => ({ ...line, text: maskPersonalData(line.text) })),
    ...(c.resolutionNote !== undefined ? { resolutionNote: maskPersonalData(c.resolutionNote) } : {}),
    ...(c.notes ? { notes: c.notes.map((n) => ({ ...n, text: maskPersonalData(n.text) })) } : {}),
  };
}

export function maskAnswer(answer: StoredAnswer): StoredAnswer {
  return { ...answer, raw: maskPersonalData(answer.raw), value: maskStrings(answer.value) };
}

export function maskResponse(r: SurveyResponse): SurveyResponse {
  return { ...r, answers: Object.fromEntries(Object.entries(r.answers).map(([q, a]) => [q, maskAnswer(a)])) };
}
