import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AgentPresence, CaseFeed } from '../core/ports.js';
import { keepAlive } from '../http/keepAlive.js';
import type { ConsoleAuth, ConsoleSession } from '../auth/ConsoleAuth.js';
import type { CaseDesk } from './CaseDesk.js';
import { agentOf } from './consoleRoutes.js';

export const CONSOLE_SOCKET_PATH = '/console/ws';
const AUTH_TIMEOUT_MS = 5000;
const PING_MS = 20_000;
/** An agent's typing goes to the customer at most this often per socket. */
const AGENT_TYPING_EVERY_MS = 2000;
/** The customer's typing goes to a console at most this often. */
const CUSTOMER_TYPING_EVERY_MS = 1000;
/** Messages a console may send per window; more are dropped unread (nothing it needs sends more). */
const MESSAGE_BUDGET = { count: 40, windowMs: 10_000 };

export interface ConsoleSocketDeps {
  feed: CaseFeed;
  auth: ConsoleAuth;
  log: Logger;
  presence: AgentPresence;
  desk: Pick<CaseDesk, 'agentTyping' | 'watchCustomerTyping'>;
  now: () => number;
  /** How often every open socket's session is checked again and its presence renewed. */
  checkMs: number;
}

interface Client {
  ws: WebSocket;
  token: string;
  session: ConsoleSession;
  socketId: string;
  /** Messages are handled one at a time, in order. */
  queue: Promise<void>;
  window: { start: number; count: number };
  lastTyping: number;
  lastCustomerTyping: number;
  watching?: { caseId: string; stop: Promise<(() => Promise<void>) | undefined> };
}

/**
 * Live updates for console pages: after `{type: "auth", token}` the socket hears
 * `{type: "case", caseId}` for every change to any case, whichever instance made it (the case
 * feed is Redis pub/sub in production). The token goes in a message, not the URL, so it stays
 * out of access logs.
 *
 * The session is checked again on every later message and every `checkMs` on each instance, so
 * a disabled account, a revoked session or an expired one loses its socket (4401; 4403 for a
 * role that no longer works cases) wherever it is open. While open, the socket keeps its agent
 * online (AgentPresence). It also carries typing both ways: `{type: "typing", caseId}` from the
 * agent who owns the case goes to the customer's chat, and after `{type: "watch", caseId}` the
 * console hears `{type: "typing", caseId}` while that case's customer types. Typing is kept
 * nowhere.
 */
export class ConsoleSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly clients = new Set<Client>();
  private unsubscribe: Promise<() => Promise<void>> | undefined;
  private readonly checker: ReturnType<typeof setInterval>;

  constructor(private readonly deps: ConsoleSocketDeps) {
    this.checker = setInterval(() => void this.checkAll(), deps.checkMs);
    this.checker.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== CONSOLE_SOCKET_PATH) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.welcome(ws));
    return true;
  }

  /** Agents with a socket open on this instance (for tests and logs). */
  get size(): number {
    return this.clients.size;
  }

  private welcome(ws: WebSocket): void {
    const timeout = setTimeout(() => ws.close(4401, 'sign in first'), AUTH_TIMEOUT_MS);
    let client: Client | undefined;
    ws.once('message', (data) => {
      clearTimeout(timeout);
      const message = parse(data);
      const token = message?.type === 'auth' && typeof message.token === 'string' ? message.token : undefined;
      void (token ? this.deps.auth.verify(token) : Promise.resolve(undefined)).then(async (session) => {
        if (!session || !token) return ws.close(4401, 'not signed in');
        // Case changes are for the people who work cases; a viewer reads results only.
        if (session.role === 'viewer') return ws.close(4403, 'cases are for agents and admins');
        try {
          await this.listen();
        } catch (err) {
          this.deps.log.warn({ err: (err as Error).message }, 'console live updates unavailable');
          return ws.close(1011, 'live updates unavailable');
        }
        if (ws.readyState !== ws.OPEN) return;
        client = { ws, token, session, socketId: randomUUID(), queue: Promise.resolve(), window: { start: this.deps.now(), count: 0 }, lastTyping: -Infinity, lastCustomerTyping: -Infinity };
        this.clients.add(client);
        ws.on('message', (raw) => this.received(client!, raw));
        await this.beat(client);
        ws.send(JSON.stringify({ type: 'ready', user: session }));
      }, (err: unknown) => {
        this.deps.log.warn({ err: (err as Error).message }, 'console socket sign-in could not be checked');
        ws.close(1011, 'try again');
      });
    });
    keepAlive(ws, PING_MS);
    ws.on('close', () => {
      clearTimeout(timeout);
      if (client) void this.forget(client);
    });
  }

  private received(client: Client, raw: unknown): void {
    const now = this.deps.now();
    if (now - client.window.start >= MESSAGE_BUDGET.windowMs) client.window = { start: now, count: 0 };
    if (++client.window.count > MESSAGE_BUDGET.count) return;
    const message = parse(raw);
    client.queue = client.queue.then(async () => {
      if (!(await this.recheck(client))) return;
      if (message?.type === 'typing' && typeof message.caseId === 'string') await this.agentTyping(client, message.caseId);
      else if (message?.type === 'watch') await this.watch(client, typeof message.caseId === 'string' ? message.caseId : undefined);
    }).catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, 'console socket message failed'));
  }

  private async agentTyping(client: Client, caseId: string): Promise<void> {
    const now = this.deps.now();
    if (now - client.lastTyping < AGENT_TYPING_EVERY_MS) return;
    client.lastTyping = now;
    await this.deps.desk.agentTyping(caseId, agentOf(client.session));
  }

  /** Follows one case's customer typing at a time: the case the console shows. */
  private async watch(client: Client, caseId: string | undefined): Promise<void> {
    if (client.watching?.caseId === caseId) return;
    await this.unwatch(client);
    if (!caseId || caseId.length > 200) return;
    const stop = this.deps.desk.watchCustomerTyping(caseId, () => {
      const now = this.deps.now();
      if (now - client.lastCustomerTyping < CUSTOMER_TYPING_EVERY_MS || client.ws.readyState !== client.ws.OPEN) return;
      client.lastCustomerTyping = now;
      client.ws.send(JSON.stringify({ type: 'typing', caseId, who: 'customer' }));
    });
    client.watching = { caseId, stop: stop.catch(() => undefined) };
    await client.watching.stop;
  }

  private async unwatch(client: Client): Promise<void> {
    const watching = client.watching;
    client.watching = undefined;
    const stop = await watching?.stop;
    await stop?.().catch(() => undefined);
  }

  /** The session as it stands now; a socket whose session no longer holds is closed. */
  private async recheck(client: Client): Promise<boolean> {
    let session: ConsoleSession | undefined;
    try {
      session = await this.deps.auth.verify(client.token);
    } catch (err) {
      // The store is away: the session cannot be checked now, and is not taken for refused.
      this.deps.log.warn({ err: (err as Error).message }, 'console socket session could not be checked');
      return false;
    }
    if (!session) {
      client.ws.close(4401, 'session ended');
      return false;
    }
    if (session.role === 'viewer') {
      client.ws.close(4403, 'cases are for agents and admins');
      return false;
    }
    client.session = session;
    return true;
  }

  private async checkAll(): Promise<void> {
    for (const client of [...this.clients]) {
      client.queue = client.queue.then(async () => {
        if (await this.recheck(client)) await this.beat(client);
      }).catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, 'console socket check failed'));
    }
  }

  /** The team session (the ADMIN_TOKEN) is nobody: it takes no cases, so it is never online. */
  private async beat(client: Client): Promise<void> {
    if (client.session.team) return;
    await this.deps.presence.beat(client.session.name, client.socketId, this.deps.now() + 3 * this.deps.checkMs).catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, 'console presence not renewed'));
  }

  private async forget(client: Client): Promise<void> {
    this.clients.delete(client);
    await this.unwatch(client);
    if (!client.session.team) await this.deps.presence.leave(client.session.name, client.socketId).catch(() => undefined);
  }

  /** One feed subscription per process, shared by every open console. */
  private listen(): Promise<() => Promise<void>> {
    this.unsubscribe ??= this.deps.feed.subscribe((caseId) => {
      const message = JSON.stringify({ type: 'case', caseId });
      for (const { ws } of this.clients) if (ws.readyState === ws.OPEN) ws.send(message);
    });
    this.unsubscribe.catch(() => (this.unsubscribe = undefined));
    return this.unsubscribe;
  }

  async close(): Promise<void> {
    clearInterval(this.checker);
    // Offline at once: another instance must not hand cases to a console that is going away.
    await Promise.all([...this.clients].map((c) => this.forget(c)));
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    const stop = await this.unsubscribe?.catch(() => undefined);
    await stop?.();
  }
}

function parse(data: unknown): { type?: unknown; token?: unknown; caseId?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(String(data));
    return parsed && typeof parsed === 'object' ? (parsed as { type?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
