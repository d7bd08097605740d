import type { Agent, EscalationCase } from '../core/cases.js';
import type { SurveyResponse } from '../core/ports.js';
import { maskResponse } from '../core/privacy/maskRecords.js';

/**
 * The `data` of each event (docs/webhooks.md#events). Ids, scores and answers as the responses
 * API gives them (what customers typed, masked); never transcripts, quotes, agents' notes,
 * chat addresses or secrets.
 */
export function responseCompletedData(response: SurveyResponse): Record<string, unknown> {
  const r = maskResponse(response);
  const answers = Object.fromEntries(
    Object.entries(r.answers).map(([questionId, a]) => [
      questionId,
      {
        value: a.value,
        ...(a.skipped ? { skipped: true } : {}),
        ...(a.aspect ? { aspect: a.aspect } : {}),
        ...(a.sentiment !== undefined ? { sentiment: a.sentiment } : {}),
        ...(a.sentimentLabel ? { sentimentLabel: a.sentimentLabel } : {}),
        ...(a.sentimentConfidence !== undefined ? { sentimentConfidence: a.sentimentConfidence } : {}),
        ...(a.aspects ? { aspects: a.aspects } : {}),
        answeredAt: a.answeredAt,
      },
    ]),
  );
  return {
    responseId: r.id,
    surveyId: r.surveyId,
    surveyVersion: r.surveyVersion,
    channel: r.channel,
    locale: r.locale,
    customerId: r.customerId,
    orderId: r.orderId,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    endingId: r.endingId ?? null,
    segments: r.segments ?? {},
    answers,
    escalations: r.escalations.map((e) => ({ reason: e.reason, ...(e.ruleId ? { ruleId: e.ruleId } : {}), priority: e.priority, at: e.at })),
  };
}

/** case.opened, case.claimed, case.resolved. */
export function caseData(c: EscalationCase): Record<string, unknown> {
  return {
    caseId: c.id,
    responseId: c.responseId,
    surveyId: c.surveyId,
    surveyVersion: c.surveyVersion,
    status: c.status,
    priority: c.priority,
    reasons: c.triggers.map((t) => ({ reason: t.reason, ruleId: t.ruleId, priority: t.priority, at: t.at })),
    scores: c.scores.map((s) => ({ questionId: s.questionId, value: s.value, min: s.min, max: s.max })),
    customerId: idOf(c.customer.id),
    orderId: idOf(c.order.id),
    channel: c.address.channelId,
    createdAt: c.createdAt,
    slaDeadline: c.slaDeadline,
    ...(c.assignee ? { agent: agentOf(c.assignee), claimedAt: c.claimedAt ?? null } : {}),
    ...(c.resolvedAt ? { resolvedAt: c.resolvedAt, resolvedBy: c.resolvedBy ? agentOf(c.resolvedBy) : null } : {}),
  };
}

function agentOf(agent: Agent): { id: string; name: string; via: Agent['via'] } {
  return { id: agent.id, name: agent.name, via: agent.via };
}

function idOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
