import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CaseFeed } from '../core/ports.js';
import { keepAlive } from '../http/keepAlive.js';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';

export const CONSOLE_SOCKET_PATH = '/console/ws';
const AUTH_TIMEOUT_MS = 5000;
const PING_MS = 20_000;

/**
 * Live updates for console pages: after `{type: "auth", token}` the socket hears
 * `{type: "case", caseId}` for every change to any case, whichever instance made it (the case
 * feed is Redis pub/sub in production). The token goes in a message, not the URL, so it stays
 * out of access logs.
 */
export class ConsoleSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly clients = new Set<WebSocket>();
  private unsubscribe: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly feed: CaseFeed,
    private readonly auth: ConsoleAuth,
    private readonly log: Logger,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== CONSOLE_SOCKET_PATH) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.welcome(ws));
    return true;
  }

  private welcome(ws: WebSocket): void {
    const timeout = setTimeout(() => ws.close(4401, 'sign in first'), AUTH_TIMEOUT_MS);
    ws.once('message', (data) => {
      clearTimeout(timeout);
      let token: unknown;
      try {
        const parsed = JSON.parse(String(data)) as { type?: unknown; token?: unknown };
        token = parsed.type === 'auth' ? parsed.token : undefined;
      } catch {
        token = undefined;
      }
      void (typeof token === 'string' ? this.auth.verify(token) : Promise.resolve(undefined)).then(async (user) => {
        if (!user) return ws.close(4401, 'not signed in');
        // Case changes are for the people who work cases; a viewer reads results only.
        if (user.role === 'viewer') return ws.close(4403, 'cases are for agents and admins');
        try {
          await this.listen();
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'console live updates unavailable');
          return ws.close(1011, 'live updates unavailable');
        }
        this.clients.add(ws);
        ws.send(JSON.stringify({ type: 'ready', user }));
      });
    });
    keepAlive(ws, PING_MS);
    ws.on('close', () => {
      clearTimeout(timeout);
      this.clients.delete(ws);
    });
  }

  /** One feed subscription per process, shared by every open console. */
  private listen(): Promise<() => Promise<void>> {
    this.unsubscribe ??= this.feed.subscribe((caseId) => {
      const message = JSON.stringify({ type: 'case', caseId });
      for (const ws of this.clients) if (ws.readyState === ws.OPEN) ws.send(message);
    });
    this.unsubscribe.catch(() => (this.unsubscribe = undefined));
    return this.unsubscribe;
  }

  async close(): Promise<void> {
    for (const ws of this.clients) ws.terminate();
    this.wss.close();
    const stop = await this.unsubscribe?.catch(() => undefined);
    await stop?.();
  }
}
