import type { CustomerAddress } from '../core/cases.js';
import type { HandoffEventName, HandoffEventValue } from '../core/handoff/handoffEvents.js';

/**
 * A channel's way to the customer: it puts a handoff event into the customer's conversation as
 * a turn the server itself runs (so the bot acts on it), through that channel's own adapter.
 * Each channel implements it; src/escalation uses it without knowing which channel it is.
 */
export interface CustomerLine {
  /** `id` is the event activity's id, the same for the same change, so a repeat is dropped. */
  deliverEvent(address: CustomerAddress, name: HandoffEventName, value: HandoffEventValue, id: string): Promise<void>;
}
