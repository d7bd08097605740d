import { afterEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { waitFor } from '../support/waitFor.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

/** Two customers behind one load balancer: the app believes X-Forwarded-For from loopback. */
const BEHIND_PROXY = { TRUST_PROXY: 'loopback' };

describe('rate limits', () => {
  const running: { app: SatisfyApp; server: Listening }[] = [];
  let redis: RedisServer | undefined;

  async function start(env: Record<string, string>, stores?: SatisfyApp['stores']) {
    const app = await createTestApp({ ...BEHIND_PROXY, ...env }, stores ? { stores } : {});
    const server = await listen(app.app, app.attach);
    running.push({ app, server });
    return { app, server };
  }

  afterEach(async () => {
    for (const { app, server } of running.splice(0)) {
      await server.close();
      await app.close();
    }
    await redis?.destroy();
    redis = undefined;
  });

  it('answers a flooding client 429 with Retry-After, while a second client gets every reply', async () => {
    const { server } = await start({ RATE_LIMIT_CHAT: '30' });
    const flooder = await new WebchatCustomer(server.url, '203.0.113.1').open();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await flooder.request('GET', `/v3/directline/conversations/${flooder.conversationId}/activities`)).status);
    // The session was the first of its 30; 29 reads pass, the rest are refused.
    expect(statuses.filter((s) => s === 200)).toHaveLength(29);
    expect(statuses.slice(29).every((s) => s === 429)).toBe(true);
    const refused = await flooder.say('5');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: refused.headers.get('x-request-id') });
    expect(body.error.message).toMatch(/try again in \d+ s/);
    // A widget on a shop's page can read the refusal (CORS headers come before the limit).
    const crossOrigin = await flooder.request('GET', `/v3/directline/conversations/${flooder.conversationId}/activities`, undefined, { origin: 'https://shop.example.com' });
    expect(crossOrigin.status).toBe(429);
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe('*');

    // The bound: while the first client is refused, every request of the second one succeeds
    // and every answer gets the bot's next question.
    const customer = await new WebchatCustomer(server.url, '203.0.113.2').open();
    for (const answer of ['5', '4', '5', '5']) expect((await customer.say(answer)).status).toBe(200);
    const texts = await customer.texts();
    expect(texts.filter((t) => t.startsWith('user:'))).toHaveLength(4);
    expect(texts.filter((t) => t.startsWith('bot:')).length).toBeGreaterThanOrEqual(6);
    expect((await flooder.say('5')).status).toBe(429);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot dodge its limit by inventing addresses', async () => {
    const { server } = await start({ TRUST_PROXY: 'off', RATE_LIMIT_PAGES: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${server.url}/chat`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('limits posting per conversation, leaving the same client’s other conversation alone', async () => {
    const { server } = await start({ RATE_LIMIT_CONVERSATION: '3' });
    const a = await new WebchatCustomer(server.url, '203.0.113.5').open();
    const statuses: number[] = [];
    for (const text of ['5', '4', '5', '5']) statuses.push((await a.say(text)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const b = await new WebchatCustomer(server.url, '203.0.113.5').open();
    expect((await b.say('5')).status).toBe(200);
  });

  it('counts an upper-case path like the lower-case one (express routes both), per conversation and as chat', async () => {
    const { server } = await start({ RATE_LIMIT_CONVERSATION: '2', RATE_LIMIT_CHAT: '1000', RATE_LIMIT_PAGES: '1000' });
    const a = await new WebchatCustomer(server.url, '203.0.113.7').open();
    const statuses: number[] = [];
    for (const path of ['/v3/directline', '/V3/DirectLine', '/V3/DIRECTLINE']) {
      const res = await a.request('POST', `${path}/conversations/${a.conversationId}/activities`, { type: 'message', text: '5', from: { id: 'me' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not let someone who knows a conversation id (but not its token) use up its budget', async () => {
    const { server } = await start({ RATE_LIMIT_CONVERSATION: '3' });
    const customer = await new WebchatCustomer(server.url, '203.0.113.8').open();
    const attacker = new WebchatCustomer(server.url, '198.51.100.9');
    attacker.conversationId = customer.conversationId;
    const refused: number[] = [];
    for (let i = 0; i < 6; i++) refused.push((await attacker.say('1')).status);
    expect(refused.slice(0, 3)).toEqual([401, 401, 401]);
    expect(refused.slice(3)).toEqual([429, 429, 429]);
    for (const answer of ['5', '4', '5']) expect((await customer.say(answer)).status).toBe(200);
  });

  it('stops a conversation at WEBCHAT_MAX_ACTIVITIES with 409 CONVERSATION_FULL, and its log stops growing', async () => {
    const { server } = await start({ WEBCHAT_MAX_ACTIVITIES: '20', RATE_LIMIT_CONVERSATION: '0' });
    const customer = await new WebchatCustomer(server.url, '203.0.113.6').open();
    let full: Response | undefined;
    for (let i = 0; i < 30 && !full; i++) {
      const res = await customer.say('hello?');
      if (res.status !== 200) full = res;
    }
    expect(full?.status).toBe(409);
    expect(((await full!.json()) as { error: { code: string } }).error.code).toBe('CONVERSATION_FULL');
    const length = (await customer.texts()).length;
    expect(length).toBeGreaterThanOrEqual(20);
    for (let i = 0; i < 3; i++) expect((await customer.say('hello?')).status).toBe(409);
    expect((await customer.texts()).length).toBe(length);
  });

  it('refuses WebSocket upgrades past the limit, and a second stream of one conversation past WEBCHAT_MAX_STREAMS', async () => {
    const { server } = await start({ RATE_LIMIT_WEBSOCKET: '3', WEBCHAT_MAX_STREAMS: '1' });
    const customer = await new WebchatCustomer(server.url, '203.0.113.7').open();
    const first = await customer.stream();
    expect(first.status).toBe(101);
    expect((await customer.stream()).status).toBe(429);
    first.ws!.close();
    await new Promise((r) => first.ws!.once('close', r));
    const third = await customer.stream();
    // Three upgrades so far: the third is still within the per-client limit once the first closed.
    expect(third.status).toBe(101);
    third.ws!.close();
    const fourth = await customer.stream();
    expect(fourth).toMatchObject({ status: 429 });
    expect(Number(fourth.retryAfter)).toBeGreaterThan(0);
    // Another client is not affected.
    const other = await new WebchatCustomer(server.url, '203.0.113.8').open();
    const theirs = await other.stream();
    expect(theirs.status).toBe(101);
    theirs.ws!.close();
  });

  it('counts the results and responses APIs (exports included) against the staff limit', async () => {
    const { server } = await start({ RATE_LIMIT_STAFF: '3' });
    const get = (path: string, ip: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': ip } });
    const statuses = [];
    for (const path of ['/api/results/post-purchase/summary', '/api/results/post-purchase/trend', '/api/responses?surveyId=post-purchase&format=csv', '/api/results/post-purchase/loop']) statuses.push((await get(path, '203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await get('/api/responses', '203.0.113.8')).status).toBe(200);
  });

  it('counts the invitations and customers API against the partner limit, apart from the staff pages', async () => {
    const { server } = await start({ RATE_LIMIT_PARTNER: '2', RATE_LIMIT_STAFF: '100' });
    const post = (path: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' }, body: JSON.stringify({ surveyId: 'post-purchase', customer: { id: 'rl-1' } }) });
    const statuses = [(await post('/api/invitations')).status, (await post('/api/customers/rl-2/opt-out')).status, (await post('/api/invitations/batch')).status];
    expect(statuses).toEqual([201, 200, 429]);
    expect((await fetch(`${server.url}/api/results/post-purchase/summary`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
  });

  it('shares the counters between two instances on one Redis, without a request waiting for Redis', async () => {
    const prefix = uniquePrefix();
    const storesA = await testRedisStores({ url: redisUrl() }, prefix);
    const a = await start({ RATE_LIMIT_PAGES: '10' }, storesA);
    const b = await start({ RATE_LIMIT_PAGES: '10' }, await testRedisStores({ url: redisUrl() }, prefix));
    const get = async (url: string) => (await fetch(`${url}/chat`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status;
    const shared = async () => {
      const key = `${prefix}rl:pages:203.0.113.9`;
      return Number(await storesA.raw!.sendCommand(key, true, ['GET', key]));
    };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await get(a.server.url));
    // On its own, an instance never lets more than the limit through.
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    await waitFor(async () => (await shared()) === 11);
    // The slack: B has not heard of this client yet, so its first request goes through; once B
    // has added it to the shared counter, B knows the budget is spent.
    expect(await get(b.server.url)).toBe(200);
    await waitFor(async () => (await shared()) === 12);
    expect([await get(b.server.url), await get(b.server.url), await get(a.server.url)]).toEqual([429, 429, 429]);
  });

  it('refuses a flood spread over two instances on one Redis, letting through at most the limit plus one sync round of the other', async () => {
    const prefix = uniquePrefix();
    const a = await start({ RATE_LIMIT_CHAT: '20' }, await testRedisStores({ url: redisUrl() }, prefix));
    const b = await start({ RATE_LIMIT_CHAT: '20' }, await testRedisStores({ url: redisUrl() }, prefix));
    const flooder = await new WebchatCustomer(a.server.url, '203.0.113.10').open();
    const read = (url: string) => fetch(`${url}/v3/directline/conversations/${flooder.conversationId}/activities`, { headers: { authorization: `Bearer ${flooder.token}`, 'x-forwarded-for': '203.0.113.10' } });
    const burst = async () => (await Promise.all([...Array(30)].flatMap(() => [read(a.server.url), read(b.server.url)]))).map((r) => r.status);
    const first = await burst();
    // Each instance stops at the limit by itself; together, before either heard of the other's
    // hits, at most twice the limit (the documented slack of one sync round).
    expect(first.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    expect(first.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    // Once the counts are shared, both refuse everything.
    await waitFor(async () => (await read(b.server.url)).status === 429 && (await read(a.server.url)).status === 429);
    expect((await burst()).every((s) => s === 429)).toBe(true);
  });

  it('keeps limiting per instance while the shared counters are down, counts the failures, and shares again once Redis is back', async () => {
    redis = await startRedisServer();
    const stores = await testRedisStores({ url: redis.url });
    const { server } = await start({ RATE_LIMIT_HEALTH: '2' }, stores);
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/healthz`)).status);
    // No request waited for the missing Redis, and the limit still held here.
    expect(statuses).toEqual([200, 200, 429, 429]);
    const errors = async () => {
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } })).text();
      return Number(/^satisfy_rate_limit_store_errors_total (\d+)/m.exec(metrics)?.[1]);
    };
    await waitFor(async () => (await errors()) >= 1);
    // Redis back (empty: its scripts are gone too): the hits kept meanwhile reach the shared counter.
    await redis.start();
    const sharedHits = async () => {
      const keys = (await stores.raw!.sendCommand(undefined, true, ['KEYS', `${stores.raw!.prefix}rl:health:*`])) as string[];
      return keys.length === 1 ? Number(await stores.raw!.sendCommand(keys[0], true, ['GET', keys[0]!])) : 0;
    };
    // (Probing fails too until the test's own client has reconnected.)
    await waitFor(async () => (await sharedHits().catch(() => 0)) >= 4);
  });
});
