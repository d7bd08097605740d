/**
 * The distribution APIs as the staff app reads them (invitations, API keys, customer history,
 * the scheduler, webhooks). Types only; the server's routes (src/distribution, src/scheduler,
 * src/webhooks) answer with these same types, so a change on either side breaks the type check
 * of the other.
 */
import type { CaseStatus } from '../cases.js';
import type { Priority } from '../script/compiled.js';
import type { InvitationChannel, InvitationCustomer, InvitationEvent, InvitationRecord, RefusalReason, RefusedInvitation } from '../distribution/invitation.js';
import type { ContactRecord } from '../distribution/contactRules.js';
import type { ApiKeyRecord, ApiKeyScope, SurveyResponse } from '../ports.js';

/** An invitation as the API shows it; `customer`, `order`, `history` and `requestedBy` only in
 * the full view (one invitation, the staff lists, a customer's history). */
export interface InvitationView {
  id: string;
  surveyId: string;
  channel: InvitationChannel;
  status: InvitationRecord['status'];
  customerId: string;
  locale: string;
  createdAt: string;
  sendAt: string;
  expiresAt: string;
  reminders: { sent: number; max: number };
  url?: string;
  responseId?: string;
  failure?: string;
  customer?: InvitationCustomer;
  order?: Record<string, unknown>;
  history?: InvitationEvent[];
  requestedBy?: string;
}

/** GET /api/invitations. */
export interface InvitationsList {
  invitations: InvitationView[];
  refusals: RefusedInvitation[];
}

/** One item of POST /api/invitations/batch. */
export interface InvitationRequest {
  surveyId: string;
  channel?: InvitationChannel;
  customer: InvitationCustomer;
  order?: Record<string, unknown>;
  sendAt?: string;
  locale?: string;
  idempotencyKey?: string;
}

export type BatchItemResult =
  | { status: 'created' | 'existing'; invitation: InvitationView }
  | { status: 'refused'; reason: RefusalReason; message: string; customerId: string };

/** The answer to POST /api/invitations/batch: one result per item, in order. */
export interface BatchResult {
  created: number;
  existing: number;
  refused: number;
  results: BatchItemResult[];
}

/** GET /api/customers/:id/history. */
export interface CustomerHistory {
  customerId: string;
  /** When and how the customer said stop; null when they may be invited. */
  optedOut: NonNullable<ContactRecord['optedOut']> | null;
  lastInvitedAt: string | null;
  invitations: InvitationView[];
  responses: Pick<SurveyResponse, 'id' | 'surveyId' | 'status' | 'channel' | 'startedAt' | 'completedAt'>[];
  cases: { id: string; status: CaseStatus; priority: Priority; createdAt: string; responseId: string }[];
}

/** An API key as listed (never its secret or digest). */
export type ApiKeyView = Omit<ApiKeyRecord, 'digest'>;
/** The answer to POST /api/keys: the key itself, the only time it is shown. */
export type CreatedApiKey = ApiKeyView & { key: string };
export type { ApiKeyScope, RefusalReason };

/** GET /api/jobs. */
export interface JobsView {
  counts: { waiting: number; running: number; dead: number };
  dead: { id: string; kind: string; attempts: number; lastError: string | null; diedAt: string; payload: unknown }[];
}
