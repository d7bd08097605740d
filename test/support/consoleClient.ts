import WebSocket from 'ws';

/** An agent using the console's API and live socket over real HTTP, as console.js does. */
export class ConsoleClient {
  token = '';
  readonly events: string[] = [];
  /** Case ids of `{type: "typing"}` messages (the customer typing). */
  readonly typing: string[] = [];
  private ws: WebSocket | undefined;

  constructor(readonly baseUrl: string) {}

  static async signIn(baseUrl: string, credentials: Record<string, string>): Promise<ConsoleClient> {
    const client = new ConsoleClient(baseUrl);
    const res = await client.call('POST', '/login', credentials);
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    client.token = (res.body as { token: string }).token;
    return client;
  }

  async call(method: string, path: string, body?: unknown, token: string | null = this.token || null): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/console/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Opens the live socket and signs it in; resolves on "ready", rejects on refusal. */
  live(token = this.token): Promise<{ ready: Record<string, unknown>; closed: Promise<number> }> {
    const ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/console/ws`);
    this.ws = ws;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; caseId?: string };
        if (message.type === 'ready') resolve({ ready: message, closed });
        if (message.type === 'case' && message.caseId) this.events.push(message.caseId);
        if (message.type === 'typing' && message.caseId) this.typing.push(message.caseId);
      });
      ws.once('error', reject);
      void closed.then((code) => reject(new Error(`socket closed with ${code}`)));
    });
  }

  async waitForEvent(caseId: string, count = 1): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.events.filter((e) => e === caseId).length < count) {
      if (Date.now() > deadline) throw new Error(`no live event for ${caseId} (got ${this.events.length} events)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A message on the live socket (typing, watch), as the staff app sends them. */
  send(message: Record<string, unknown>): void {
    this.ws?.send(JSON.stringify(message));
  }

  close(): void {
    this.ws?.close();
  }
}
