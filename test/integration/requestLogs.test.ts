import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening } from '../support/http.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

type Line = Record<string, unknown> & { msg: string; level: number };

/** An app whose production logger writes into this test; every turn's access line is kept
 * (sampling is test/unit/accessLog.test.ts's). */
function loggedApp(env: Record<string, string>) {
  const app = { satisfy: undefined as unknown as SatisfyApp, server: undefined as unknown as Listening, raw: [] as string[], lines: (): Line[] => app.raw.map((l) => JSON.parse(l) as Line) };
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        app.raw.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app.satisfy = await createTestApp({ RATE_LIMIT_CONVERSATION: '2', ACCESS_LOG_TURN_SAMPLE: '1', ...env }, { log: createLogger('info', sink) });
    app.server = await listen(app.satisfy.app, app.satisfy.attach);
  });
  afterAll(async () => {
    await app.server.close();
    await app.satisfy.close();
  });
  return app;
}

describe('request ids and access logs', () => {
  const app = loggedApp({});
  const { raw, lines } = app;

  it('echoes a sane X-Request-Id, replaces one that is not, and makes one up when there is none', async () => {
    const given = await fetch(`${app.server.url}/healthz`, { headers: { 'x-request-id': 'lb-trace.42_A-b' } });
    expect(given.headers.get('x-request-id')).toBe('lb-trace.42_A-b');
    for (const bad of ['has space', 'x'.repeat(129), 'new\u00e9line', '<script>']) {
      const res = await fetch(`${app.server.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const none = await fetch(`${app.server.url}/healthz`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in every error body, from any route', async () => {
    const checks: Response[] = [
      await fetch(`${app.server.url}/no/such/route`, { headers: { 'x-request-id': 'err-1' } }),
      await fetch(`${app.server.url}/api/responses`, { headers: { 'x-request-id': 'err-2' } }),
      await fetch(`${app.server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'err-3' }, body: '{bad json' }),
      await fetch(`${app.server.url}/v3/directline/conversations/x/activities`, { headers: { 'x-request-id': 'err-4' } }),
    ];
    for (const [i, res] of checks.entries()) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe(`err-${i + 1}`);
    }
  });

  it('logs one access line per request, and tags the lines written during a request with its id', async () => {
    const customer = await new WebchatCustomer(app.server.url, '').open();
    raw.length = 0;
    const res = await customer.say('1', { 'x-request-id': 'turn-1' });
    expect(res.status).toBe(200);
    const access = lines().find((l) => l.msg === 'request' && l.reqId === 'turn-1');
    expect(access).toMatchObject({ level: 30, method: 'POST', path: `/v3/directline/conversations/${customer.conversationId}/activities`, status: 200, ip: '127.0.0.1' });
    expect(typeof access?.ms).toBe('number');
    // The turn escalated (a 1-star rating): the bot's own warning carries the request's id.
    expect(lines().find((l) => l.msg === 'escalation requested')).toMatchObject({ reqId: 'turn-1' });
    // So does the rate limiter's line once the conversation posts too fast.
    await customer.say('2');
    await customer.say('3', { 'x-request-id': 'turn-3' });
    expect(lines().find((l) => l.msg === 'rate limited')).toMatchObject({ reqId: 'turn-3', group: 'conversation' });
  });

  it('never logs customer text, tokens (header, query or invitation link) or Authorization headers', async () => {
    const customer = await new WebchatCustomer(app.server.url, '').open();
    const invite = await app.satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-7' } }, 86_400_000);
    raw.length = 0;
    const secretText = 'my neighbour Zebulon stole the parcel';
    expect((await customer.say(secretText)).status).toBe(200);
    await customer.request('GET', `/v3/directline/conversations/${customer.conversationId}/activities?watermark=0&t=${customer.token}`);
    await fetch(`${app.server.url}/s/${invite}`);
    await fetch(`${app.server.url}/api/responses`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const text = raw.join('\n');
    expect(raw.length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain('Zebulon');
    expect(text).not.toContain(customer.token);
    expect(text).not.toContain(customer.token.slice(0, 40));
    expect(text).not.toMatch(/[?&](t|watermark)=/);
    expect(text).not.toContain(invite);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(lines().find((l) => l.msg === 'request' && String(l.path).startsWith('/s/'))?.path).toBe('/s/:invite');
    expect(lines().find((l) => l.msg === 'request' && l.method === 'GET' && String(l.path).endsWith('/activities'))?.path).toBe(`/v3/directline/conversations/${customer.conversationId}/activities`);
  });
});

/** One Bot Framework turn (Emulator, replies to `connector`) with the given request id. */
async function botFrameworkTurn(url: string, connectorUrl: string, id: string, extra: Record<string, unknown>, reqId: string): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': reqId },
    body: JSON.stringify({ id, channelId: 'emulator', serviceUrl: connectorUrl, conversation: { id: 'bf-logged' }, from: { id: 'user-1' }, recipient: { id: 'bot' }, locale: 'en-US', ...extra }),
  });
}

describe('request ids on Bot Framework turns (run outside the request context)', () => {
  const app = loggedApp({});
  const { raw, lines } = app;

  it('tags the bot\'s lines written during a /api/messages turn with the request id', async () => {
    const connector = await startConnector();
    try {
      const start = await botFrameworkTurn(app.server.url, connector.url, 'bf-1', { type: 'event', name: 'survey.start', value: { surveyId: 'post-purchase' } }, 'bf-start');
      expect(start.status).toBe(200);
      await connector.waitFor(2);
      raw.length = 0;
      const res = await botFrameworkTurn(app.server.url, connector.url, 'bf-2', { type: 'message', text: '1' }, 'bf-turn-2');
      expect(res.status).toBe(200);
      await connector.waitFor(1);
      // A 1-star rating escalates: the bot's warning carries the id, once.
      expect(lines().find((l) => l.msg === 'escalation requested')).toMatchObject({ reqId: 'bf-turn-2' });
      expect(raw.find((l) => l.includes('escalation requested'))?.match(/"reqId"/g)).toHaveLength(1);
    } finally {
      await connector.close();
    }
  });
});

describe('request ids with LOG_REQUEST_CONTEXT=off', () => {
  const app = loggedApp({ LOG_REQUEST_CONTEXT: 'off' });
  const { raw, lines } = app;

  it('still puts the id on the lines the HTTP edge writes (access, rate limits, errors), not on the turn\'s own', async () => {
    const customer = await new WebchatCustomer(app.server.url, '').open();
    raw.length = 0;
    const res = await customer.say('1', { 'x-request-id': 'turn-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('turn-1');
    await customer.say('2');
    await customer.say('3', { 'x-request-id': 'turn-3' });
    expect(lines().find((l) => l.msg === 'request' && l.reqId === 'turn-1')).toMatchObject({ status: 200 });
    expect(lines().find((l) => l.msg === 'rate limited')).toMatchObject({ reqId: 'turn-3', group: 'conversation' });
    // The bot's own warning is written without the AsyncLocalStorage context.
    const escalation = lines().find((l) => l.msg === 'escalation requested');
    expect(escalation).toBeDefined();
    expect(escalation?.reqId).toBeUndefined();
  });
});
