import type { CustomerAddress } from '../core/cases.js';
import type { HandoffEventName, HandoffEventValue } from '../core/handoff/handoffEvents.js';
import { SatisfyError } from '../errors.js';
import type { CustomerLine } from './CustomerLine.js';

/**
 * Every channel's line, by channel id, with one for any other channel (those that came in
 * through /api/messages). Filled in once the channels exist: they need the bot, which needs the
 * desk that writes through this.
 */
export class CustomerLines implements CustomerLine {
  private readonly lines = new Map<string, CustomerLine>();
  private otherwise: CustomerLine | undefined;

  set(channelId: string, line: CustomerLine): this {
    this.lines.set(channelId, line);
    return this;
  }

  /** The line for channels without one of their own. */
  setDefault(line: CustomerLine): this {
    this.otherwise = line;
    return this;
  }

  async showTyping(address: CustomerAddress, agentName?: string): Promise<boolean> {
    return (await this.lineOf(address)?.showTyping?.(address, agentName)) ?? false;
  }

  async watchTyping(address: CustomerAddress, listener: () => void): Promise<(() => Promise<void>) | undefined> {
    return this.lineOf(address)?.watchTyping?.(address, listener);
  }

  private lineOf(address: CustomerAddress): CustomerLine | undefined {
    return this.lines.get(address.channelId) ?? this.otherwise;
  }

  async deliverEvent(address: CustomerAddress, name: HandoffEventName, value: HandoffEventValue, id: string): Promise<void> {
    const line = this.lineOf(address);
    if (!line) throw new SatisfyError('CHANNEL_UNREACHABLE', `Customers on ${address.channelId} cannot be written to from here; use web chat or Slack for handoff.`);
    await line.deliverEvent(address, name, value, id);
  }
}
