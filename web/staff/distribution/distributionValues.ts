/**
 * The values the distribution pages turn into words (each `inv.status.<value>`, … in
 * web/staff/locales): no DOM, so the locale test checks that every one has its strings.
 */
import type { InvitationStatus, RefusalReason } from '../../../src/core/distribution/invitation.js';
import type { WebhookEventType } from '../../../src/webhooks/WebhookEmitter.js';

export const INVITATION_STATUSES: readonly InvitationStatus[] = ['scheduled', 'sent', 'opened', 'started', 'completed', 'failed', 'expired', 'cancelled'];
export const REFUSAL_REASONS: readonly RefusalReason[] = ['COOLDOWN', 'OPTED_OUT', 'DUPLICATE'];
/** The scheduler's job kinds with words of their own; others are shown as they are. */
export const JOB_KINDS = ['invitation.send', 'invitation.remind', 'invitation.expire', 'webhook.deliver'] as const;

/** Every event an endpoint can ask for (a Record, so a new type on the server fails the type check here). */
const EVENTS: Record<WebhookEventType, true> = { 'response.completed': true, 'case.opened': true, 'case.claimed': true, 'case.resolved': true, 'customer.opted_out': true };
export const WEBHOOK_EVENTS = Object.keys(EVENTS) as WebhookEventType[];
export const eventKey = (e: string) => `hooks.event.${e.replace('.', '_')}`;
