import WebSocket from 'ws';

/** A web chat customer at a given address (X-Forwarded-For, for an app with TRUST_PROXY on). */
export class WebchatCustomer {
  conversationId = '';
  token = '';
  streamUrl = '';

  constructor(
    readonly baseUrl: string,
    readonly ip: string,
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'x-forwarded-for': this.ip,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Opens a survey conversation; the bot's greeting and first question are in its log. */
  async open(): Promise<this> {
    const res = await this.request('POST', '/webchat/session', {});
    if (res.status !== 200) throw new Error(`session: ${res.status} ${await res.text()}`);
    const s = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    Object.assign(this, s);
    return this;
  }

  /** Posts a message; the bot's turn has run when this returns. */
  say(text: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('POST', `/v3/directline/conversations/${this.conversationId}/activities`, { type: 'message', text, from: { id: 'me' } }, headers);
  }

  async texts(): Promise<string[]> {
    const res = await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities`);
    if (res.status !== 200) throw new Error(`activities: ${res.status}`);
    const { activities } = (await res.json()) as { activities: { text?: string; from: { role?: string } }[] };
    return activities.map((a) => `${a.from.role}: ${a.text ?? ''}`);
  }

  /** Opens the stream; resolves to the HTTP status of a refusal, or 101 once open. */
  stream(): Promise<{ status: number; retryAfter?: string; ws?: WebSocket }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.streamUrl, { headers: { 'x-forwarded-for': this.ip } });
      ws.once('open', () => resolve({ status: 101, ws }));
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode ?? 0, ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}) });
        res.resume();
      });
      ws.once('error', reject);
    });
  }
}
