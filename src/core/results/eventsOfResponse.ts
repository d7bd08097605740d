import type { SurveyEvent } from '../events.js';
import type { SurveyResponse } from '../ports.js';
import type { Priority } from '../script/compiled.js';

/**
 * The events a stored response was made from, as far as results count them: for rebuilding
 * a survey's results from its responses (after its segments changed). Times come from the
 * response, so each event lands on the day it happened.
 */
export function eventsOfResponse(r: SurveyResponse): SurveyEvent[] {
  const at = (iso: string) => Date.parse(iso);
  const events: SurveyEvent[] = [
    {
      type: 'survey.started',
      responseId: r.id,
      surveyId: r.surveyId,
      version: r.surveyVersion,
      locale: r.locale,
      customer: {},
      order: {},
      ...(r.segments ? { segments: r.segments } : {}),
      at: at(r.startedAt),
    },
  ];
  const answers = Object.entries(r.answers).sort(([, a], [, b]) => a.answeredAt.localeCompare(b.answeredAt));
  for (const [questionId, a] of answers) {
    if (a.skipped || a.value === null) {
      events.push({ type: 'answer.skipped', responseId: r.id, questionId, reason: 'customer', raw: a.raw, attempts: a.attempts, at: at(a.answeredAt) });
      continue;
    }
    events.push({
      type: 'answer.recorded',
      responseId: r.id,
      questionId,
      value: a.value,
      raw: a.raw,
      attempts: a.attempts,
      ...(a.aspect ? { aspect: a.aspect } : {}),
      ...(a.sentiment !== undefined ? { sentiment: a.sentiment } : {}),
      ...(a.sentimentLabel ? { sentimentLabel: a.sentimentLabel } : {}),
      ...(a.sentimentConfidence !== undefined ? { sentimentConfidence: a.sentimentConfidence } : {}),
      ...(a.drivers ? { drivers: a.drivers } : {}),
      ...(a.aspects ? { aspects: a.aspects } : {}),
      at: at(a.answeredAt),
    });
  }
  for (const e of r.escalations) {
    events.push({
      type: 'escalation.requested',
      responseId: r.id,
      reason: e.reason,
      ...(e.ruleId ? { ruleId: e.ruleId } : {}),
      priority: e.priority as Priority,
      then: 'continue',
      at: at(e.at),
    });
  }
  if (r.completedAt) {
    const end = at(r.completedAt);
    if (r.status === 'completed') events.push({ type: 'survey.completed', responseId: r.id, endingId: r.endingId ?? '', at: end });
    else if (r.status === 'opted_out') events.push({ type: 'survey.opted_out', responseId: r.id, questionId: r.leftAt ?? null, at: end });
    else if (r.status === 'abandoned') events.push({ type: 'survey.abandoned', responseId: r.id, questionId: r.leftAt ?? null, at: end });
  }
  return events;
}
