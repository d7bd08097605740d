import type { RefusalReason } from './invitation.js';

/**
 * What Satisfy knows about contacting one customer, across surveys and channels. Written with
 * each invitation (compare-and-set on `version`), so two instances cannot both invite.
 */
export interface ContactRecord {
  version: number;
  /** Stopped every invitation (said stop, unsubscribed, or asked by the shop) until re-consented. */
  optedOut?: { at: string; via: string };
  /** Epoch ms of the latest invitation made to this customer, for any survey. */
  lastInvitedAt?: number;
  /** surveyId → the invitation still open for it (scheduled, sent, opened or started). */
  open: Record<string, string>;
}

export const NO_CONTACT: ContactRecord = { version: 0, open: {} };

/**
 * Whether a customer may be invited now, and if not, why: opted out beats everything; one open
 * invitation per survey; then the cooldown (the survey's, counted from the latest invitation
 * of any survey, as Delighted's throttling does).
 */
export function refusalFor(contact: ContactRecord, surveyId: string, cooldownMs: number, now: number): RefusalReason | undefined {
  if (contact.optedOut) return 'OPTED_OUT';
  if (contact.open[surveyId]) return 'DUPLICATE';
  if (contact.lastInvitedAt !== undefined && now - contact.lastInvitedAt < cooldownMs) return 'COOLDOWN';
  return undefined;
}

/** The record after inviting the customer to `surveyId` with invitation `id`. */
export function withInvitation(contact: ContactRecord, surveyId: string, id: string, now: number): ContactRecord {
  return { ...contact, version: contact.version + 1, lastInvitedAt: now, open: { ...contact.open, [surveyId]: id } };
}

/** The record after invitation `id` closed (completed, expired, failed or withdrawn). */
export function withClosed(contact: ContactRecord, surveyId: string, id: string): ContactRecord {
  if (contact.open[surveyId] !== id) return contact;
  const { [surveyId]: _closed, ...open } = contact.open;
  return { ...contact, version: contact.version + 1, open };
}

export function withOptOut(contact: ContactRecord, at: string, via: string): ContactRecord {
  return { ...contact, version: contact.version + 1, optedOut: { at, via } };
}

export function withConsent(contact: ContactRecord): ContactRecord {
  const { optedOut: _gone, ...rest } = contact;
  return { ...rest, version: contact.version + 1 };
}
