import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, TurnContext } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AppCredentials, AuthenticationError, ClaimsIdentity, AuthenticationConstants } from 'botframework-connector';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotFrameworkAdapter, isTokenError } from '../../src/channels/botframework/BotFrameworkAdapter.js';
import { ConnectorError } from '../../src/channels/botframework/LeanConnectorClient.js';
import { LeanBotFrameworkAuthentication } from '../../src/channels/botframework/LeanBotFrameworkAuthentication.js';
import { ReplyTransport } from '../../src/channels/botframework/ReplyTransport.js';
import { createBotFrameworkAdapter } from '../../src/channels/botframework/botFrameworkRoute.js';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';

/** A Bot Framework connector on loopback whose answers each test decides. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}
class Connector {
  readonly received: Received[] = [];
  connections = 0;
  open = 0;
  /** Answers one request; by default 200 with a resource id. */
  answer: (req: Received, res: ServerResponse, n: number) => void = (_req, res) => json(res, 200, { id: 'reply-1' });
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const got = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
        this.received.push(got);
        this.answer(got, res, this.received.length);
      });
    });
    this.server.on('connection', (socket) => {
      this.connections++;
      this.open++;
      socket.on('close', () => this.open--);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  reset(): void {
    this.received.length = 0;
    this.connections = 0;
    this.answer = (_req, res) => json(res, 200, { id: 'reply-1' });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** botbuilder's process-wide cache of the tokens it got for replies (private in its types). */
function tokenCache(): Map<string, { accessToken: string; expiresOn: Date }> {
  return (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
}

const NO_CREDENTIALS = { appId: undefined, appPassword: undefined, appType: 'MultiTenant', tenantId: undefined, allowedServiceUrls: [] } as never;

/** An anonymous identity, as botbuilder makes for a request when no app id is configured. */
function anonymous(): ClaimsIdentity {
  return new ClaimsIdentity([{ type: AuthenticationConstants.AppIdClaim, value: AuthenticationConstants.AnonymousSkillAppId }], AuthenticationConstants.AnonymousAuthType);
}

let connector: Connector;
beforeAll(async () => {
  connector = await new Connector().start();
});
afterEach(() => connector.reset());
afterAll(async () => {
  await connector.close();
});

describe('the connector client a turn replies through', () => {
  // BotFrameworkAdapter runs the turn and sends its replies itself (not through botbuilder's
  // processActivity and sendActivities): the same answers as those.
  it('sends a turn\'s replies in order as botbuilder did: a trace only in the Emulator, an invoke response as the answer', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 2000, 5);
    try {
      const incoming = (channelId: string, type = 'message') =>
        ({ type, id: 'in-1', channelId, serviceUrl: connector.url, conversation: { id: 'conv-t' }, from: { id: 'u' }, recipient: { id: 'b' }, timestamp: '2026-01-02T03:04:05.678Z' }) as unknown as Activity;
      const say = (context: TurnContext) =>
        context.sendActivities([{ type: 'message', text: 'one' }, { type: 'trace', name: 'debug', value: 1 }, { type: 'message', text: 'two' }]).then(() => undefined);
      const emulator = incoming('emulator');
      expect(await adapter.processChecked('', emulator, say)).toBeUndefined();
      expect(emulator.timestamp).toBeInstanceOf(Date);
      expect(connector.received.map((r) => r.body?.type)).toEqual(['message', 'trace', 'message']);
      expect(connector.received.map((r) => r.url)).toEqual(Array(3).fill('/v3/conversations/conv-t/activities/in-1'));
      connector.reset();
      await adapter.processChecked('', incoming('test'), say);
      expect(connector.received.map((r) => r.body?.text)).toEqual(['one', 'two']);
      connector.reset();
      const answered = await adapter.processChecked('', incoming('test', 'invoke'), (context) =>
        context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { ok: true } } }).then(() => undefined),
      );
      expect(answered).toEqual({ status: 200, body: { ok: true } });
      expect(await adapter.processChecked('', incoming('test', 'invoke'), async () => {})).toEqual({ status: 501 });
      expect(connector.received).toHaveLength(0);
    } finally {
      adapter.close();
    }
  });

  it('is made once per service URL and keeps its socket between replies', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 2000, 5);
    try {
      const auth = (adapter as unknown as { botFrameworkAuthentication: LeanBotFrameworkAuthentication }).botFrameworkAuthentication;
      const first = await auth.createConnectorFactory(anonymous()).create(connector.url);
      const second = await auth.createConnectorFactory(anonymous()).create(connector.url);
      expect(second).toBe(first);
      for (let i = 0; i < 5; i++) {
        await first.conversations.replyToActivity('conv/1 a', `act-${i}`, { type: 'message', text: `reply ${i}`, conversation: { id: 'conv/1 a' } } as Activity);
      }
      expect(connector.received).toHaveLength(5);
      expect(connector.connections).toBe(1);
      const got = connector.received[4]!;
      expect(got.method).toBe('POST');
      expect(got.url).toBe('/v3/conversations/conv%2F1%20a/activities/act-4');
      expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(got.headers['x-ms-conversation-id']).toBe('conv/1 a');
      expect(got.headers.authorization).toBeUndefined();
      expect(got.body).toEqual({ type: 'message', text: 'reply 4', conversation: { id: 'conv/1 a' } });
    } finally {
      adapter.close();
    }
  });

  it('sends only the fields of a Bot Framework activity, and leaves other operations to botbuilder’s client', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 2000, 5);
    try {
      const auth = (adapter as unknown as { botFrameworkAuthentication: LeanBotFrameworkAuthentication }).botFrameworkAuthentication;
      const client = await auth.createConnectorFactory(anonymous()).create(connector.url);
      const sent = await client.conversations.sendToConversation('c1', { type: 'message', text: 'hi', internalNote: 'not for the channel' } as unknown as Activity);
      expect(sent).toEqual({ id: 'reply-1' });
      expect(connector.received[0]!.url).toBe('/v3/conversations/c1/activities');
      expect(connector.received[0]!.body).toEqual({ type: 'message', text: 'hi' });
      connector.answer = (_req, res) => json(res, 200, [{ id: 'user-1', name: 'Ana' }]);
      const members = await client.conversations.getConversationMembers('c1');
      expect(members).toMatchObject([{ id: 'user-1', name: 'Ana' }]);
      expect(connector.received[1]).toMatchObject({ method: 'GET', url: '/v3/conversations/c1/members' });
    } finally {
      adapter.close();
    }
  });

  it('keeps the path of a service URL (a region\'s, as Teams gives) and names the connector in its errors', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 2000, 5);
    try {
      const auth = (adapter as unknown as { botFrameworkAuthentication: LeanBotFrameworkAuthentication }).botFrameworkAuthentication;
      for (const serviceUrl of [`${connector.url}/amer`, `${connector.url}/emea/`]) {
        const client = await auth.createConnectorFactory(anonymous()).create(serviceUrl);
        await client.conversations.replyToActivity('c/2', 'a 1', { type: 'message', text: 'hi' } as Activity);
      }
      expect(connector.received.map((r) => r.url)).toEqual(['/amer/v3/conversations/c%2F2/activities/a%201', '/emea/v3/conversations/c%2F2/activities/a%201']);
      connector.answer = (_req, res) => json(res, 404, { error: 'no such conversation' });
      const client = await auth.createConnectorFactory(anonymous()).create(`${connector.url}/amer/`);
      await expect(client.conversations.sendToConversation('c3', { type: 'message', text: 'hi' } as Activity)).rejects.toThrow(
        `Bot Framework connector answered 404 to POST ${connector.url}/amer/v3/conversations/c3/activities`,
      );
    } finally {
      adapter.close();
    }
  });

  it('gives up on a connector that does not answer in time, once, and closes the socket', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 200, 5);
    try {
      connector.answer = () => undefined;
      const auth = (adapter as unknown as { botFrameworkAuthentication: LeanBotFrameworkAuthentication }).botFrameworkAuthentication;
      const client = await auth.createConnectorFactory(anonymous()).create(connector.url);
      const openBefore = connector.open;
      const started = Date.now();
      await expect(client.conversations.replyToActivity('c1', 'a1', { type: 'message', text: 'slow' } as Activity)).rejects.toThrow(/timed out/);
      expect(Date.now() - started).toBeLessThan(2000);
      // A retry could show the reply twice: the connector may have taken it.
      expect(connector.received).toHaveLength(1);
      await waitFor(() => connector.open === openBefore, 5000);
    } finally {
      adapter.close();
    }
  });

  it('retries a connector that is busy or reset the connection, as botbuilder’s pipeline did, and fails loudly in the end', async () => {
    const adapter = createBotFrameworkAdapter(NO_CREDENTIALS, 2000, 5);
    try {
      const auth = (adapter as unknown as { botFrameworkAuthentication: LeanBotFrameworkAuthentication }).botFrameworkAuthentication;
      const client = await auth.createConnectorFactory(anonymous()).create(connector.url);
      connector.answer = (_req, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '0' }) : n === 2 ? res.socket?.destroy() : n === 3 ? json(res, 503, {}) : json(res, 200, { id: 'at-last' }));
      await expect(client.conversations.replyToActivity('c1', 'a1', { type: 'message', text: 'x' } as Activity)).resolves.toEqual({ id: 'at-last' });
      expect(connector.received).toHaveLength(4);

      connector.reset();
      connector.answer = (_req, res) => json(res, 500, { error: { code: 'ServiceError', message: 'down' } });
      const failed = client.conversations.replyToActivity('c1', 'a2', { type: 'message', text: 'y' } as Activity);
      await expect(failed).rejects.toBeInstanceOf(ConnectorError);
      await expect(failed).rejects.toMatchObject({ statusCode: 500 });
      expect(connector.received).toHaveLength(4);

      // A refusal is final: no retry.
      connector.reset();
      connector.answer = (_req, res) => json(res, 403, { error: { code: 'Forbidden', message: 'no' } });
      await expect(client.conversations.replyToActivity('c1', 'a3', { type: 'message', text: 'z' } as Activity)).rejects.toMatchObject({ statusCode: 403 });
      expect(connector.received).toHaveLength(1);
    } finally {
      adapter.close();
    }
  });
});

describe('a connector that fails a reply over /api/messages', () => {
  let satisfy: SatisfyApp;
  let bot: Listening;
  const lines: { msg?: string; err?: unknown }[] = [];

  beforeAll(async () => {
    const { pino } = await import('pino');
    const { Writable } = await import('node:stream');
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk)) as { msg?: string }), done()) });
    satisfy = await createTestApp({}, { log: pino(sink) });
    bot = await listen(satisfy.app);
  });
  afterAll(async () => {
    await bot.close();
    await satisfy.close();
  });

  it('fails the turn, logged, instead of taking an error answer as a delivered reply', async () => {
    connector.answer = (_req, res) => json(res, 404, { error: { code: 'ConversationNotFound', message: 'gone' } });
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'a1', type: 'event', name: 'survey.start', value: { surveyId: 'post-purchase' }, channelId: 'emulator', serviceUrl: connector.url, conversation: { id: 'conv-404' }, from: { id: 'u1' }, recipient: { id: 'bot' }, locale: 'en-US' }),
    });
    expect(res.status).toBe(200);
    const failed = lines.find((l) => l.msg === 'turn failed');
    expect(JSON.stringify(failed?.err)).toMatch(/answered 404/);
  });
});

describe('with an app id: inbound tokens checked by botbuilder, outbound replies signed', () => {
  const APP_ID = '11111111-2222-3333-4444-555555555555';
  const SCOPE = 'https://api.botframework.com';
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let openId: Server;
  let openIdUrl = '';
  let adapter: BotFrameworkAdapter;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', use: 'sig' };
    openId = createServer((req, res) => {
      if (req.url === '/openid') return json(res, 200, { issuer: SCOPE, jwks_uri: `${openIdUrl}/keys` });
      return json(res, 200, { keys: [jwk] });
    });
    await new Promise<void>((r) => openId.listen(0, '127.0.0.1', r));
    openIdUrl = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    // The token botbuilder would get from Microsoft Entra for replies, already in its cache.
    tokenCache().set(`${APP_ID}${SCOPE}-cache`, { accessToken: 'outbound-token', expiresOn: new Date(Date.now() + 3_600_000) });
    const botbuilderAuth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-password',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: `${openIdUrl}/openid`,
      ToBotFromChannelTokenIssuer: SCOPE,
      ToChannelFromBotOAuthScope: SCOPE,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      ValidateAuthority: true,
    } as never);
    const transport = new ReplyTransport(2000, 5);
    adapter = new BotFrameworkAdapter(new LeanBotFrameworkAuthentication(botbuilderAuth, transport), transport);
  });
  afterAll(async () => {
    adapter.close();
    tokenCache().delete(`${APP_ID}${SCOPE}-cache`);
    openId.closeAllConnections();
    await new Promise((r) => openId.close(r));
  });

  const token = (claims: Record<string, unknown>, key = keys.privateKey) =>
    new SignJWT({ serviceurl: connector.url, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(SCOPE).setAudience(APP_ID).setIssuedAt().setExpirationTime('5m').sign(key);

  function activity(id: string): Activity {
    return { id, type: 'message', text: 'hi', channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'teams-conv' }, from: { id: 'u1' }, recipient: { id: APP_ID } } as Activity;
  }
  const reply = async (context: TurnContext) => void (await context.sendActivity('hello'));

  it('answers a turn whose channel token checks out, its reply carrying the bot’s bearer token', async () => {
    await adapter.processChecked(`Bearer ${await token({})}`, activity('a1'), reply);
    await adapter.processChecked(`Bearer ${await token({})}`, activity('a2'), reply);
    expect(connector.received).toHaveLength(2);
    expect(connector.received.map((r) => r.headers.authorization)).toEqual(['Bearer outbound-token', 'Bearer outbound-token']);
    expect(connector.received[1]!.url).toBe('/v3/conversations/teams-conv/activities/a2');
  });

  it.each([
    ['no token', async () => ''],
    ['a token signed by another key', async () => `Bearer ${await token({}, (await generateKeyPair('RS256')).privateKey)}`],
    ['an expired token', async () => `Bearer ${await new SignJWT({ serviceurl: connector.url }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(SCOPE).setAudience(APP_ID).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 1800).sign(keys.privateKey)}`],
    ['a token for another service URL', async () => `Bearer ${await token({ serviceurl: 'http://127.0.0.1:1' })}`],
    ['a token for another bot', async () => `Bearer ${await new SignJWT({ serviceurl: connector.url }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(SCOPE).setAudience('someone-else').setIssuedAt().setExpirationTime('5m').sign(keys.privateKey)}`],
  ])('refuses a turn with %s, replying nothing', async (_name, header) => {
    const refused = await adapter.processChecked(await header(), activity('a3'), reply).then(() => undefined, (err: unknown) => err);
    // botbuilder's own errors: an AuthenticationError, or jsonwebtoken's for a bad signature.
    expect(refused instanceof AuthenticationError || isTokenError(refused)).toBe(true);
    expect(connector.received).toHaveLength(0);
  });
});

describe('/api/messages with an app id', () => {
  let satisfy: SatisfyApp;
  let bot: Listening;
  beforeAll(async () => {
    satisfy = await createTestApp({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-password' });
    bot = await listen(satisfy.app);
  });
  afterAll(async () => {
    await bot.close();
    await satisfy.close();
  });

  it.each([
    ['no token', undefined],
    ['a token that is not a JWT', 'Bearer not-a-token'],
  ])('answers 401 to a request with %s and replies nothing', async (_name, authorization) => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ id: 'a1', type: 'message', text: 'hi', channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'c-401' }, from: { id: 'u1' }, recipient: { id: 'bot' } }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect(connector.received).toHaveLength(0);
  });
});

