/**
 * Invitations: who is asked to take which survey, through which channel, and what became of it
 * (docs/distribution.md). Records are plain data; the rules that decide them are pure
 * (contactRules.ts), the stores and senders live outside the core.
 */
export type InvitationChannel = 'link' | 'email' | 'slack';
export const INVITATION_CHANNELS: readonly InvitationChannel[] = ['link', 'email', 'slack'];

/** Why an invitation was not made (answered with 409 and counted). */
export type RefusalReason = 'COOLDOWN' | 'OPTED_OUT' | 'DUPLICATE';

export type InvitationStatus =
  /** Waiting for its send time (sendAt, or the end of the customer's quiet hours). */
  | 'scheduled'
  | 'sent'
  | 'opened'
  | 'started'
  | 'completed'
  /** Sending failed for good (dead-lettered): `failure` says why. */
  | 'failed'
  /** Not sent or not answered before expiresAt. */
  | 'expired'
  /** Withdrawn: the customer opted out before it was sent. */
  | 'cancelled';

export interface InvitationCustomer {
  id: string;
  name?: string;
  email?: string;
  slackUserId?: string;
  locale?: string;
  /** IANA time zone (e.g. "Europe/Madrid"), for quiet hours. */
  timezone?: string;
  [key: string]: unknown;
}

export interface InvitationEvent {
  at: string;
  status: InvitationStatus | 'reminded';
  detail?: string;
}

export interface InvitationRecord {
  id: string;
  surveyId: string;
  channel: InvitationChannel;
  customer: InvitationCustomer;
  order: Record<string, unknown>;
  /** The survey language chosen for this customer. */
  locale: string;
  status: InvitationStatus;
  createdAt: string;
  /** When it is (or was) to be sent. */
  sendAt: string;
  expiresAt: string;
  /** Reminders sent so far, and at most. */
  reminders: { sent: number; max: number };
  /** Every change, oldest first. */
  history: InvitationEvent[];
  /** The client's Idempotency-Key, if it sent one. */
  idempotencyKey?: string;
  /** The API key (its id, never the secret) or staff member who asked. */
  requestedBy: string;
  responseId?: string;
  failure?: string;
}

/** A refused request, kept so admins see every invitation's fate. */
export interface RefusedInvitation {
  at: string;
  surveyId: string;
  channel: InvitationChannel;
  customerId: string;
  reason: RefusalReason;
  requestedBy: string;
}

/** Customer fields that are how to reach them, not survey context. */
const CONTACT_FIELDS = new Set(['email', 'slackUserId', 'timezone', 'locale']);

/** What of the customer becomes the survey's start data (segments, the agent's view): not
 * their address, Slack id or time zone. */
export function startDataOf(customer: InvitationCustomer): Record<string, unknown> {
  return Object.fromEntries(Object.entries(customer).filter(([k]) => !CONTACT_FIELDS.has(k)));
}
