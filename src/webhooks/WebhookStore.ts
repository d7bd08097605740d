import type { WebhookEventType } from './WebhookEmitter.js';

/** Where events go: set up by an admin (POST /api/webhooks). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** Signs every delivery (Satisfy-Signature). Shown once, when the endpoint is created; kept
   * (it must be, to sign) but never listed again. */
  secret: string;
  active: boolean;
  /** What the admin called it ("CRM", "data warehouse"). */
  description?: string;
  createdAt: string;
}

/** A test ping, sent from POST /api/webhooks/:id/test. */
export type WebhookDeliveryType = WebhookEventType | 'ping';

/**
 * One attempt to deliver one event to one endpoint. `retrying`: failed, will be tried again;
 * `gave_up`: failed on the last attempt; `failed`: a ping that failed (pings are not retried).
 */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: WebhookDeliveryType;
  at: string;
  attempt: number;
  status: 'delivered' | 'failed' | 'retrying' | 'gave_up';
  httpStatus?: number;
  error?: string;
  durationMs: number;
}

/** The endpoints and each one's recent deliveries (memory, Redis). */
export interface WebhookStore {
  add(endpoint: WebhookEndpoint): Promise<void>;
  get(id: string): Promise<WebhookEndpoint | undefined>;
  /** Every endpoint, oldest first. */
  list(): Promise<WebhookEndpoint[]>;
  /** Removes the endpoint and its delivery log; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Adds to the endpoint's delivery log, which keeps the newest `keep`. */
  logDelivery(endpointId: string, delivery: WebhookDelivery, keep: number): Promise<void>;
  /** The endpoint's deliveries, newest first. */
  deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]>;
}
