/** What outbound webhooks announce (docs/webhooks.md). */
export type WebhookEventType = 'response.completed' | 'case.opened' | 'case.claimed' | 'case.resolved' | 'customer.opted_out';
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = ['response.completed', 'case.opened', 'case.claimed', 'case.resolved', 'customer.opted_out'];

export interface EmitOptions {
  /**
   * What makes this event the same event when it is emitted again (a response id for
   * `response.completed`): a turn applied again after a store fault announces it once, under
   * the same event id. Without it every emit is a new event.
   */
  key?: string;
}

/**
 * Announces an event to every endpoint that asked for it. Never blocks or fails the caller (a
 * customer's turn, an agent's claim): delivery is queued and retried on its own.
 */
export interface WebhookEmitter {
  emit(type: WebhookEventType, data: Record<string, unknown>, options?: EmitOptions): void;
  /** Whether any endpoint wants `type` now (within a few seconds of a change elsewhere), so a
   * caller need not read what the event would carry. */
  wants(type: WebhookEventType): Promise<boolean>;
}

export const noWebhooks: WebhookEmitter = { emit: () => undefined, wants: () => Promise.resolve(false) };
