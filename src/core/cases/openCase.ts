import { addTrigger, caseIdFor, slaDeadline, type CaseTrigger, type CustomerAddress, type EscalationCase, type SlaMinutes } from '../cases.js';
import { mergeTranscript } from './caseTranscript.js';

/** What a case shows of its survey: taken from the stored answers when it is raised. */
export type CaseSnapshot = Pick<EscalationCase, 'surveyId' | 'surveyVersion' | 'locale' | 'customer' | 'order' | 'scores' | 'quotes' | 'transcript'>;

/** The start data a case is raised with, besides the stored answers. */
export interface CaseStart {
  customer?: Record<string, unknown>;
  order?: Record<string, unknown>;
}

/** A new open case for a survey response's first escalation, due by its priority's deadline. */
export function openCase(responseId: string, trigger: CaseTrigger, snapshot: CaseSnapshot, address: CustomerAddress, start: CaseStart | undefined, sla: SlaMinutes): EscalationCase {
  return {
    id: caseIdFor(responseId),
    responseId,
    surveyId: snapshot.surveyId,
    surveyVersion: snapshot.surveyVersion,
    locale: snapshot.locale,
    customer: { ...snapshot.customer, ...start?.customer },
    order: { ...snapshot.order, ...start?.order },
    address,
    triggers: [trigger],
    priority: trigger.priority,
    scores: snapshot.scores,
    quotes: snapshot.quotes,
    transcript: snapshot.transcript,
    status: 'open',
    createdAt: trigger.at,
    updatedAt: trigger.at,
    slaDeadline: slaDeadline(Date.parse(trigger.at), trigger.priority, sla),
    overdue: 0,
  };
}

/**
 * A later escalation of the same response (or a second instance that lost the race to open the
 * case): its trigger is added and the answers are taken as they are now. The same case object
 * back when this adds nothing. A closed case stays closed.
 */
export function addToCase(c: EscalationCase, trigger: CaseTrigger, snapshot: CaseSnapshot, sla: SlaMinutes): EscalationCase {
  const next = addTrigger(c, trigger, sla);
  const fresher = snapshot.scores.length > c.scores.length || snapshot.quotes.length > c.quotes.length;
  if (next === c && !fresher) return c;
  return { ...next, scores: snapshot.scores, quotes: snapshot.quotes, transcript: mergeTranscript(snapshot.transcript, c.transcript) };
}
