import { expect } from 'vitest';
import { DirectLineClient, Stream, type DlActivity } from './directLine.js';
import { slackRequest, type FakeSlack, slackMessageEvent } from './fakeSlack.js';

let seq = 0;

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A customer in the web chat: a real Direct Line session, its stream, and posts over REST
 * (to any instance's URL). */
export class WebChatCustomer {
  private constructor(
    readonly conversationId: string,
    readonly token: string,
    private readonly stream: Stream,
    private client: DirectLineClient,
  ) {}

  static async open(baseUrl: string, body: Record<string, unknown> = {}): Promise<WebChatCustomer> {
    const res = await fetch(`${baseUrl}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const stream = new Stream(session.streamUrl);
    await stream.opened;
    const customer = new WebChatCustomer(session.conversationId, session.token, stream, new DirectLineClient(baseUrl, session.token));
    await customer.waitForBot((texts) => texts.length >= 2, 'the intro and the first question');
    return customer;
  }

  /** Posts through another instance from now on. */
  via(baseUrl: string): this {
    this.client = new DirectLineClient(baseUrl, this.token);
    return this;
  }

  /** Everything the stream brought, typing indicators included. */
  streamed(): DlActivity[] {
    return this.stream.activities;
  }

  /** Typing in the chat box: a Direct Line `typing` activity, as the widget sends one. */
  async typing(): Promise<number> {
    const res = await this.client.request('POST', `/conversations/${this.conversationId}/activities`, { type: 'typing', from: { id: 'me' } });
    return res.status;
  }

  botTexts(): string[] {
    return this.stream.activities.filter((a: DlActivity) => a.from.role !== 'user' && a.type === 'message').map((a) => a.text ?? '');
  }

  waitForBot(check: (texts: string[]) => boolean, what: string): Promise<string[]> {
    return until(`the web chat to show ${what}; it shows ${JSON.stringify(this.botTexts().slice(-4))}`, () => check(this.botTexts()) && this.botTexts());
  }

  /** Says something and waits for `replies` more bot messages (0: the bot stays silent). */
  async say(text: string, replies = 1): Promise<string[]> {
    const before = this.botTexts().length;
    await this.client.say(this.conversationId, text, { channelData: { clientActivityID: `c-${++seq}` } });
    if (replies === 0) return [];
    const texts = await this.waitForBot((t) => t.length >= before + replies, `${replies} replies to "${text}"`);
    return texts.slice(before);
  }

  close(): void {
    this.stream.close();
  }
}

type Block = { type: string; text?: { text: string }; elements?: { type: string; action_id?: string; value?: string; text?: { text: string } }[]; fields?: { text: string }[] };

/** A member of the support channel in Slack: reads the case cards the fake Web API received,
 * clicks their buttons and writes in their threads, through signed requests to our app. */
export class SlackAgent {
  constructor(
    readonly userId: string,
    private readonly slack: FakeSlack,
    private readonly appUrl: () => string,
    readonly channel: string,
  ) {}

  /** Every card posted to the support channel (not thread replies). */
  cards(): { ts: string; text: string; blocks: Block[] }[] {
    const posts = this.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === this.channel && !c.args.thread_ts);
    return posts.map((c) => ({ ts: this.tsOf(c.args), text: String(c.args.text), blocks: c.args.blocks as Block[] }));
  }

  /** The card as last drawn (the post, then each chat.update of it). */
  card(ts: string): { text: string; blocks: Block[] } {
    const updates = this.slack.calls.filter((c) => c.method === 'chat.update' && c.args.channel === this.channel && c.args.ts === ts);
    const last = updates.at(-1)?.args ?? this.slack.calls.find((c) => c.method === 'chat.postMessage' && this.tsOf(c.args) === ts)?.args;
    return { text: String(last?.text ?? ''), blocks: (last?.blocks ?? []) as Block[] };
  }

  thread(ts: string): string[] {
    return this.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts).map((c) => String(c.args.text));
  }

  waitForCard(count = 1): Promise<{ ts: string; text: string; blocks: Block[] }> {
    return until(`${count} case card(s) in ${this.channel}`, () => this.cards().length >= count && this.cards()[count - 1]);
  }

  waitForThread(ts: string, contains: string): Promise<string[]> {
    return until(`"${contains}" in the thread of ${ts}; it has ${JSON.stringify(this.thread(ts))}`, () => this.thread(ts).some((t) => t.includes(contains)) && this.thread(ts));
  }

  waitForCardText(ts: string, contains: string): Promise<string> {
    const all = () => JSON.stringify(this.card(ts).blocks);
    return until(`"${contains}" on card ${ts}; it shows ${all().slice(0, 400)}`, () => all().includes(contains) && all());
  }

  /** Clicks a button on the card as last drawn, or (`asPosted`) as first posted: a colleague
   * whose Slack had not redrawn it yet. */
  async click(ts: string, label: 'Claim' | 'Resolve', asPosted = false): Promise<void> {
    const drawn = asPosted ? this.cards().find((c) => c.ts === ts) ?? this.card(ts) : this.card(ts);
    const button = drawn.blocks.flatMap((b) => b.elements ?? []).find((e) => e.type === 'button' && e.text?.text === label);
    if (!button) throw new Error(`no ${label} button on card ${ts}: ${JSON.stringify(this.card(ts).blocks).slice(-600)}`);
    const payload = {
      type: 'block_actions',
      user: { id: this.userId },
      channel: { id: this.channel },
      trigger_id: `trigger-agent-${++seq}`,
      message: { ts },
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'satisfy_case', value: button.value, text: { type: 'plain_text', text: label }, action_ts: `${Date.now()}` }],
    };
    const res = await slackRequest(this.appUrl(), `payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
  }

  async replyInThread(ts: string, text: string): Promise<void> {
    const body = slackMessageEvent({ eventId: `EvAgent${++seq}`, channel: this.channel, user: this.userId, text, channelType: 'channel', threadTs: ts });
    const res = await slackRequest(this.appUrl(), body, 'application/json');
    expect(res.status).toBe(200);
  }

  private tsOf(args: Record<string, unknown>): string {
    return String(this.slack.calls.find((c) => c.args === args)?.reply?.ts ?? '');
  }
}
