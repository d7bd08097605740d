import type { Logger } from 'pino';
import type { SurveyEvent } from '../core/events.js';
import type { ResponseStore } from '../core/ports.js';
import { noMetrics, type Metrics } from '../metrics/Metrics.js';

/** Persists what a turn did into the response store. Every write is idempotent, so applying a
 * turn's events twice (a retry) stores the same thing. */
export async function recordEvents(
  events: readonly SurveyEvent[],
  channel: string,
  responses: ResponseStore,
  /** A function for a logger made only when a line is written (a turn's, with its request id). */
  log: Logger | (() => Logger),
  /** Events applied again from saved state: written again, not announced again. */
  replay = false,
  metrics: Metrics = noMetrics,
): Promise<void> {
  // A mismatch is stored on the answer it belongs to, which comes in the same turn.
  const mismatches = new Map(events.flatMap((e) => (e.type === 'answer.mismatch' ? [[e.questionId, e.kind] as const] : [])));
  for (const event of events) {
    const at = new Date(event.at).toISOString();
    switch (event.type) {
      case 'survey.started': {
        const customerId = idOf(event.customer);
        await responses.create({
          id: event.responseId,
          surveyId: event.surveyId,
          surveyVersion: event.version,
          channel,
          locale: event.locale,
          customerId,
          orderId: idOf(event.order),
          ...(event.segments ? { segments: event.segments } : {}),
          status: 'in_progress',
          startedAt: at,
          completedAt: null,
          answers: {},
          escalations: [],
        });
        break;
      }
      case 'answer.recorded':
        await responses.recordAnswer(event.responseId, event.questionId, {
          value: event.value,
          raw: event.raw,
          attempts: event.attempts,
          answeredAt: at,
          ...(event.aspect ? { aspect: event.aspect } : {}),
          ...(event.sentiment !== undefined ? { sentiment: event.sentiment } : {}),
          ...(event.sentimentLabel ? { sentimentLabel: event.sentimentLabel } : {}),
          ...(event.sentimentConfidence !== undefined ? { sentimentConfidence: event.sentimentConfidence } : {}),
          ...(event.drivers ? { drivers: event.drivers } : {}),
          ...(event.aspects ? { aspects: event.aspects } : {}),
          ...(mismatches.get(event.questionId) ? { mismatch: mismatches.get(event.questionId) } : {}),
        });
        if (!replay) metrics.answer(channel);
        break;
      case 'answer.mismatch':
        if (!replay) loggerOf(log).info({ responseId: event.responseId, questionId: event.questionId, kind: event.kind }, 'answer contradicts the rating before it');
        break;
      case 'answer.skipped':
        await responses.recordAnswer(event.responseId, event.questionId, {
          value: null,
          raw: event.raw,
          attempts: event.attempts,
          answeredAt: at,
          skipped: true,
        });
        if (!replay) metrics.answer(channel);
        break;
      case 'survey.completed':
        await responses.finish(event.responseId, 'completed', at, event.endingId);
        if (!replay) metrics.surveyCompleted(channel);
        break;
      case 'survey.opted_out':
        await responses.finish(event.responseId, 'opted_out', at, undefined, event.questionId ?? undefined);
        break;
      case 'survey.abandoned':
        await responses.finish(event.responseId, 'abandoned', at, undefined, event.questionId ?? undefined);
        break;
      case 'escalation.requested':
        await responses.addEscalation(event.responseId, {
          reason: event.reason,
          priority: event.priority,
          at,
          ...(event.ruleId ? { ruleId: event.ruleId } : {}),
        });
        if (!replay) loggerOf(log).warn({ responseId: event.responseId, reason: event.reason, ruleId: event.ruleId, priority: event.priority }, 'escalation requested');
        if (!replay) metrics.escalation(channel, event.reason);
        break;
    }
  }
}

function idOf(record: Record<string, unknown>): string | null {
  const id = record.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function loggerOf(log: Logger | (() => Logger)): Logger {
  return typeof log === 'function' ? log() : log;
}
