import WebSocket from 'ws';

export interface DlConversation {
  conversationId: string;
  token: string;
  streamUrl?: string;
}

export interface DlActivity {
  id: string;
  type: string;
  text?: string;
  name?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string; satisfy?: { type: string; questionId?: string } };
  [key: string]: unknown;
}

/** A Direct Line 3.0 client over real HTTP, as Web Chat's directlinejs or our widget is. */
export class DirectLineClient {
  constructor(
    readonly baseUrl: string,
    public auth: string,
  ) {}

  get domain(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  request(method: string, path: string, body?: unknown, auth: string | null = this.auth): Promise<Response> {
    return fetch(`${this.domain}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async activities(conversationId: string, watermark?: number): Promise<{ activities: DlActivity[]; watermark: string }> {
    return this.json('GET', `/conversations/${conversationId}/activities${watermark === undefined ? '' : `?watermark=${watermark}`}`);
  }

  async say(conversationId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { id } = await this.json<{ id: string }>('POST', `/conversations/${conversationId}/activities`, { type: 'message', text, from: { id: 'me' }, ...extra });
    return id;
  }
}

/** A streamUrl WebSocket that collects every activity it is sent. */
export class Stream {
  readonly activities: DlActivity[] = [];
  watermark = '';
  /** Messages received (a frame carries one or more activities). */
  frames = 0;
  private readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
    this.ws.on('message', (data) => {
      const text = data.toString();
      if (!text) return;
      const message = JSON.parse(text) as { activities: DlActivity[]; watermark: string };
      this.frames++;
      this.activities.push(...message.activities);
      this.watermark = message.watermark;
    });
  }

  async waitFor(predicate: (all: DlActivity[]) => boolean, what: string): Promise<DlActivity[]> {
    const deadline = Date.now() + 10_000;
    while (!predicate(this.activities)) {
      if (Date.now() > deadline) throw new Error(`stream: timed out waiting for ${what}; got ${JSON.stringify(this.activities.map((a) => a.text ?? a.type))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.activities;
  }

  close(): void {
    this.ws.close();
  }
}
