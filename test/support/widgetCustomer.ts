import { randomUUID } from 'node:crypto';
import type { DlActivity } from './directLine.js';

export interface WidgetSession {
  conversationId: string;
  token: string;
  locale: string;
}

/** A reply to one message: the texts the bot answered it with, and the question it asked. */
export interface Answered {
  activityId: string;
  replies: DlActivity[];
}

const RETRY_FOR_MS = 15_000;

/**
 * A web chat customer who behaves like our widget (web/widget): a failed or refused
 * POST (network error, 5xx, 408, 429) is sent again with the same clientActivityID after a
 * short wait, and a session that cannot be opened is asked for again. Replies are read from
 * the activity log (what the widget's stream shows).
 */
export class WidgetCustomer {
  session: WidgetSession | undefined;
  /** The question each message was sent in reply to, and the message. */
  readonly sent: { questionId: string | undefined; text: string }[] = [];
  /** POSTs the server refused and the widget sent again. */
  resends = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly body: Record<string, unknown> = {},
  ) {}

  async open(): Promise<WidgetSession> {
    const res = await this.retrying(() =>
      fetch(`${this.baseUrl}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.body) }),
    );
    this.session = (await res.json()) as WidgetSession;
    return this.session;
  }

  /** Everything in the chat so far. */
  async activities(): Promise<DlActivity[]> {
    const s = this.need();
    const res = await this.retrying(() => fetch(`${this.baseUrl}/v3/directline/conversations/${s.conversationId}/activities`, { headers: { authorization: `Bearer ${s.token}` } }));
    return ((await res.json()) as { activities: DlActivity[] }).activities;
  }

  /** The question the bot asked last (what the customer is answering). */
  async currentQuestion(): Promise<string | undefined> {
    const bot = (await this.activities()).filter((a) => a.from.role === 'bot');
    return bot.findLast((a) => a.channelData?.satisfy?.type === 'question')?.channelData?.satisfy?.questionId;
  }

  /** Sends a message as the widget does and waits for the bot's replies to it. */
  async say(text: string): Promise<Answered> {
    const s = this.need();
    this.sent.push({ questionId: await this.currentQuestion(), text });
    const cid = randomUUID();
    const res = await this.retrying(() =>
      fetch(`${this.baseUrl}/v3/directline/conversations/${s.conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ type: 'message', text, from: { id: 'me' }, locale: s.locale, channelData: { clientActivityID: cid } }),
      }),
    );
    const { id } = (await res.json()) as { id: string };
    const deadline = Date.now() + RETRY_FOR_MS;
    for (;;) {
      const replies = (await this.activities()).filter((a) => a.from.role === 'bot' && a.replyToId === id);
      if (replies.length) return { activityId: id, replies };
      if (Date.now() > deadline) throw new Error(`no reply to "${text}" (${id}) in ${s.conversationId}`);
      await sleep(50);
    }
  }

  private need(): WidgetSession {
    if (!this.session) throw new Error('open() first');
    return this.session;
  }

  /** The widget's retry rule: everything but a plain 4xx is tried again, same request. */
  private async retrying(send: () => Promise<Response>): Promise<Response> {
    const deadline = Date.now() + RETRY_FOR_MS;
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      try {
        const res = await send();
        if (res.ok) return res;
        status = res.status;
        if (status >= 400 && status < 500 && ![408, 429].includes(status)) throw new Error(`refused: ${status} ${await res.text()}`);
        await res.body?.cancel();
      } catch (err) {
        if ((err as Error).message.startsWith('refused')) throw err;
      }
      if (Date.now() > deadline) throw new Error(`gave up after ${attempt + 1} tries (last status ${status})`);
      this.resends++;
      await sleep(Math.min(100 * 2 ** attempt, 1000));
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
