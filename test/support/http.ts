import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Express } from 'express';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port (or `port`, when the URL must be known before the app is
 * made); `attach` hooks WebSockets onto the server (SatisfyApp.attach). */
export async function listen(app: Express, attach?: (server: Server) => void, port = 0): Promise<Listening> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  attach?.(server);
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export interface ReceivedActivity {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
}

/**
 * A Bot Framework channel's connector service, as Azure Bot Service or the Emulator runs it:
 * the bot POSTs its replies to {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}].
 */
export async function startConnector(): Promise<Listening & { received: ReceivedActivity[]; waitFor(count: number): Promise<ReceivedActivity[]> }> {
  const received: ReceivedActivity[] = [];
  const waiters: (() => void)[] = [];
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post(['/v3/conversations/:conversationId/activities', '/v3/conversations/:conversationId/activities/:replyToId'], (req, res) => {
    received.push({ conversationId: req.params.conversationId as string, replyToId: req.params.replyToId as string | undefined, activity: req.body });
    waiters.splice(0).forEach((w) => w());
    res.status(200).json({ id: `reply-${received.length}` });
  });
  const server = await listen(app);
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`connector got ${received.length} activities, expected ${count}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return received.splice(0, count);
  };
  return { ...server, received, waitFor };
}
