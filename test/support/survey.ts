import { expect } from 'vitest';
import type { Listening, ReceivedActivity } from './http.js';

/** A customer on a Bot Framework channel: posts activities to a bot's /api/messages and reads
 * the replies the bot sends to the connector. */
export class HttpCustomer {
  private n = 0;

  constructor(
    private readonly botUrl: () => string,
    private readonly connector: Listening & { waitFor(count: number): Promise<ReceivedActivity[]> },
    private readonly conversationId: string,
    private readonly locale = 'en-US',
  ) {}

  async send(extra: Record<string, unknown>, replies: number): Promise<string[]> {
    const res = await fetch(`${this.botUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `${this.conversationId}-${++this.n}`,
        channelId: 'emulator',
        serviceUrl: this.connector.url,
        conversation: { id: this.conversationId },
        from: { id: 'customer' },
        locale: this.locale,
        ...extra,
      }),
    });
    expect(res.status).toBeLessThan(600);
    const got = await this.connector.waitFor(replies);
    return got.map((r) => String(r.activity.text ?? r.activity.name));
  }

  say(text: string, replies = 1): Promise<string[]> {
    return this.send({ type: 'message', text }, replies);
  }

  start(value: Record<string, unknown>): Promise<string[]> {
    return this.send({ type: 'event', name: 'survey.start', value }, 2);
  }
}
