import { createHmac } from 'node:crypto';
import express from 'express';
import { listen, type Listening } from './http.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered (a posted message's ts is in it). */
  reply?: Record<string, unknown>;
}

export interface SlackUser {
  locale: string;
  name: string;
}

/**
 * Slack's Web API as a local HTTP server speaking its wire format (form or JSON bodies, JSON
 * answers with `ok`), recording every call. It is the one thing faked in the Slack tests.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, SlackUser>();
  /** Email → user id, for users.lookupByEmail. */
  readonly emails = new Map<string, string>();
  private server!: Listening;
  private nextTs = 1;

  async start(): Promise<this> {
    const app = express();
    app.use(express.urlencoded({ extended: false }), express.json());
    app.post('/api/:method', (req, res) => {
      const method = req.params.method as string;
      const args = decode(req.body as Record<string, unknown>);
      const call: SlackCall = { method, args };
      this.calls.push(call);
      if (req.get('authorization') !== 'Bearer xoxb-test-token') return res.json({ ok: false, error: 'invalid_auth' });
      call.reply = this.answer(method, args);
      res.json(call.reply);
    });
    this.server = await listen(app);
    return this;
  }

  get apiUrl(): string {
    return `${this.server.url}/api/`;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async waitFor(method: string, count: number): Promise<SlackCall[]> {
    const deadline = Date.now() + 10_000;
    while (this.of(method).length < count) {
      if (Date.now() > deadline) throw new Error(`fake Slack: expected ${count} ${method}, got ${this.of(method).length}: ${JSON.stringify(this.of(method).map((c) => c.args.text))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.of(method);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'satisfy', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info': {
        const id = String(args.user);
        const user = this.users.get(id) ?? { locale: 'en-US', name: id.toLowerCase() };
        return { ok: true, user: { id, name: user.name, ...(args.include_locale ? { locale: user.locale } : {}) } };
      }
      case 'users.lookupByEmail': {
        const id = this.emails.get(String(args.email));
        return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The Web API client sends objects (blocks) JSON-encoded inside form fields. */
function decode(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body ?? {}).map(([k, v]) => {
      if (typeof v === 'string' && /^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v)];
        } catch {
          return [k, v];
        }
      }
      return [k, v === 'true' ? true : v];
    }),
  );
}

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';

/** Posts to /slack/events signed exactly as Slack signs: v0= HMAC-SHA256(secret, v0:ts:body). */
export async function slackRequest(
  baseUrl: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': signature, ...options.headers },
    body,
  });
}

/** The body Slack's Events API posts when someone writes a message: one shape for every test that types as a Slack user. */
export function slackMessageEvent(m: { eventId: string; channel: string; user: string; text: string; channelType?: 'im' | 'channel'; threadTs?: string; ts?: string }): string {
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: m.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel_type: m.channelType ?? 'im',
      channel: m.channel,
      user: m.user,
      text: m.text,
      ts: m.ts ?? `${Date.now() / 1000}`,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    },
  });
}
