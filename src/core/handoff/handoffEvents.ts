/** Sent by src/escalation into the customer's conversation (value: HandoffEventValue), always as
 * a turn the server itself runs: a client posting one of these names is ignored. */
export const HANDOFF_EVENTS = ['handoff.claimed', 'handoff.message', 'handoff.resolved', 'handoff.expired'] as const;
export type HandoffEventName = (typeof HANDOFF_EVENTS)[number];

export interface HandoffEventValue {
  caseId: string;
  agentName?: string;
  text?: string;
}

export function isHandoffEvent(name: string): name is HandoffEventName {
  return (HANDOFF_EVENTS as readonly string[]).includes(name);
}
