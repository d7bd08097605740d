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
  /** Shows the customer that the person with them is typing, kept nowhere; false when their
   * channel has no way to (Slack has no typing API for bots). */
  showTyping?(address: CustomerAddress, agentName?: string): Promise<boolean>;
  /** Calls `listener` while the customer types (as their channel tells); undefined when the
   * channel does not tell. Returns the function that stops listening. */
  watchTyping?(address: CustomerAddress, listener: () => void): Promise<(() => Promise<void>) | undefined>;
}
