import type { Agent, EscalationCase } from '../cases.js';
import type { HandoffEventName, HandoffEventValue } from '../handoff/handoffEvents.js';
import type { CaseEvent } from './caseTransitions.js';

/** A handoff event for the customer's chat. `id` is the chat activity's id, the same each time
 * the same change is sent, so a repeat is dropped. `strict`: the change only counts if the chat
 * took it (an agent's message); otherwise a chat that cannot be reached is logged and the case
 * goes on. */
export interface CustomerNotice {
  name: HandoffEventName;
  value: HandoffEventValue;
  id: string;
  strict: boolean;
}

/** What the customer's chat is told about a change to their case; nothing for changes that
 * are staff-side only (a missed deadline, a declined contact, a recovery outcome). */
export function customerNotice(c: Pick<EscalationCase, 'id'>, event: CaseEvent): CustomerNotice | undefined {
  const caseId = c.id;
  const notice = (name: HandoffEventName, value: HandoffEventValue, key: string, strict = false): CustomerNotice => ({ name, value, id: `${name}:${caseId}:${key}`, strict });
  switch (event.type) {
    case 'claimed':
      return notice('handoff.claimed', { caseId, ...shownName(event.agent) }, `claimed:${event.at}`);
    case 'assigned':
      // Assigned or transferred: the customer hears who is with them now, as on a claim.
      return notice('handoff.claimed', { caseId, ...shownName(event.to) }, `assigned:${event.at}:${event.to.id}`);
    case 'relayed':
      return notice('handoff.message', { caseId, ...shownName(event.agent), text: event.entry.text }, event.entry.id ?? event.entry.at, true);
    case 'resolved':
      return notice('handoff.resolved', { caseId, ...shownName(event.agent) }, `resolved:${caseId}`);
    case 'expired':
      return notice('handoff.expired', { caseId }, `expired:${caseId}`);
    default:
      return undefined;
  }
}

/** What the customer is told about who is helping: a person's name, or nothing for the team. */
function shownName(agent: Agent): { agentName?: string } {
  return agent.team ? {} : { agentName: agent.name };
}
