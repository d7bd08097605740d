import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening } from '../support/http.js';
import type { Stores } from '../../src/storage/Stores.js';
import { testRedisStores } from '../support/redis.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { waitFor } from '../support/waitFor.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

/**
 * The customer-turn lane (src/http/turnLane.ts) answers exactly as express's own routes do: the
 * same requests go to an app with the lane and to one without, and every answer (status,
 * headers, body) must match, for the usual request and the unusual ones the lane hands to
 * express.json or to express.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Sent {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** The body in pieces, each written on its own after a pause (so in its own packet). */
  pieces?: (string | Buffer)[];
  /** Sent with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

/** One request on its own connection, written byte for byte as given. */
function send(url: string, { path, method = 'POST', headers = {}, pieces = [], chunked = false }: Sent): Promise<Answer> {
  const { port } = new URL(url);
  const bodies = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
  const length = bodies.reduce((n, b) => n + b.length, 0);
  const head = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (method !== 'GET' && method !== 'OPTIONS') head.push(chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const got: Buffer[] = [];
    socket.on('data', (d: Buffer) => got.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(parse(Buffer.concat(got).toString('utf8'))));
    socket.on('connect', async () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      for (const body of bodies) {
        await new Promise((r) => setTimeout(r, 15));
        if (socket.destroyed) return;
        socket.write(chunked ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]) : body);
      }
      if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
    });
  });
}

function parse(raw: string): Answer {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    // Differ between any two answers, lane or not.
    if (name === 'date' || name === 'connection' || name === 'keep-alive') continue;
    headers[name] = line.slice(colon + 1).trim().replace(/reset=\d+/, 'reset=N');
  }
  let body = raw.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n|\r\n$/g, '');
  return { status: Number(statusLine?.split(' ')[1]), headers, body };
}

function pair(env: Record<string, string>, stores?: () => Promise<Stores>) {
  const apps = { lane: undefined as unknown as SatisfyApp, plain: undefined as unknown as SatisfyApp, laneServer: undefined as unknown as Listening, plainServer: undefined as unknown as Listening, routed: 0 };
  beforeAll(async () => {
    apps.lane = await createTestApp(env, stores ? { stores: await stores() } : {});
    apps.plain = await createTestApp(env, { turnLane: false, ...(stores ? { stores: await stores() } : {}) });
    apps.laneServer = await listen(apps.lane.app, apps.lane.attach);
    apps.plainServer = await listen(apps.plain.app, apps.plain.attach);
    // Counts what reaches the lane app's router: the lane's requests never do.
    const router = (apps.lane.app as unknown as { router: { handle: (...args: unknown[]) => unknown } }).router;
    const handle = router.handle.bind(router);
    router.handle = (...args: unknown[]) => {
      apps.routed++;
      return handle(...args);
    };
  });
  afterAll(async () => {
    await apps.laneServer.close();
    await apps.plainServer.close();
    await apps.lane.close();
    await apps.plain.close();
  });
  /** Sends the request to both apps; expects the same answer and returns it, with whether the lane app's router saw it. */
  const both = async (sent: Sent): Promise<Answer & { routed: boolean }> => {
    const before = apps.routed;
    const lane = await send(apps.laneServer.url, sent);
    const routed = apps.routed > before;
    const plain = await send(apps.plainServer.url, sent);
    expect(lane).toEqual(plain);
    return { ...lane, routed };
  };
  return { apps, both };
}

const JSON_TYPE = { 'Content-Type': 'application/json', 'X-Request-Id': 'lane-test' };

describe('customer-turn lane: POST /api/messages', () => {
  const { apps, both } = pair({});
  const messages = (pieces: Sent['pieces'], headers: Record<string, string> = JSON_TYPE, extra: Partial<Sent> = {}) => both({ path: '/api/messages', headers, pieces, ...extra });

  it('takes the usual request and answers a bad activity as express does', async () => {
    const res = await messages(['{"type":"message"}']);
    expect(res).toMatchObject({ status: 400, routed: false });
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BAD_ACTIVITY', requestId: 'lane-test' } });
    expect(res.headers['x-request-id']).toBe('lane-test');
    expect(res.headers.ratelimit).toMatch(/^limit=3000, remaining=\d+, reset=N$/);
  });

  it('answers bad JSON, non-strict JSON and a blank body with 400 BAD_JSON', async () => {
    for (const body of ['{bad', '"a string"', '  42', ' ', '\r\n']) {
      const res = await messages([body]);
      expect(res.status, body).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('BAD_JSON');
    }
  });

  it('reads a body with a BOM, leading whitespace, split across packets or chunked', async () => {
    const activity = '{"type":"message","channelId":"emulator","serviceUrl":"not a url","conversation":{"id":"c"}}';
    for (const sent of [[`\uFEFF${activity}`], [`\r\n\t ${activity}`], [activity.slice(0, 10), activity.slice(10, 40), activity.slice(40)]]) {
      const res = await messages(sent);
      // Parsed: zod's complaint about the service URL, not the parser's.
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'BAD_ACTIVITY' });
      expect(JSON.parse(res.body).error.message).toContain('serviceUrl');
    }
    const chunked = await messages([activity.slice(0, 30), activity.slice(30)], JSON_TYPE, { chunked: true });
    expect(chunked).toMatchObject({ status: 400, routed: false });
    expect(JSON.parse(chunked.body).error.message).toContain('serviceUrl');
  });

  it('answers 413 for a body over 256 kb, declared or chunked, and reads one at the limit', async () => {
    const over = `{"text":"${'x'.repeat(256 * 1024)}"}`;
    const declared = await messages([over]);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toMatchObject({ code: 'TOO_LARGE', requestId: 'lane-test' });
    const chunked = await messages([over.slice(0, 100_000), over.slice(100_000, 200_000), over.slice(200_000)], JSON_TYPE, { chunked: true });
    expect(chunked).toMatchObject({ status: 413, routed: false });
    const atLimit = `{"text":"${'x'.repeat(256 * 1024 - 11)}"}`;
    expect(Buffer.byteLength(atLimit)).toBe(256 * 1024);
    expect(JSON.parse((await messages([atLimit.slice(0, 70_000), atLimit.slice(70_000)], JSON_TYPE, { chunked: true })).body).error.code).toBe('BAD_ACTIVITY');
  });

  it('leaves other content types, charsets and encodings to express.json, with the same answers', async () => {
    const activity = '{"type":"message"}';
    for (const type of ['text/plain', 'application/json; charset=latin1', 'application/json;charset=UTF-8', 'application/vnd.api+json', 'APPLICATION/JSON', 'application/json; charset="utf-8"']) {
      const res = await messages([activity], { 'Content-Type': type, 'X-Request-Id': 'lane-test' });
      expect(res.status, type).toBeGreaterThanOrEqual(400);
    }
    expect((await messages([activity], { 'X-Request-Id': 'lane-test' })).status).toBe(400);
    const gzipped = await messages([gzipSync(activity)], { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(JSON.parse(gzipped.body).error.code).toBe('BAD_ACTIVITY');
    const notGzip = await messages([activity], { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(JSON.parse(notGzip.body).error.code).toBe('BAD_BODY');
    const empty = await messages([], JSON_TYPE);
    expect(JSON.parse(empty.body).error.code).toBe('BAD_ACTIVITY');
  });

  it('leaves other spellings of the path to express', async () => {
    for (const path of ['/API/Messages', '/api/messages/', '/api/messages?x=1']) {
      const res = await both({ path, headers: JSON_TYPE, pieces: ['{}'] });
      expect(res.status, path).toBe(400);
      expect(res.routed, path).toBe(path.includes('?') ? false : true);
    }
    expect((await both({ path: '/api/messages', method: 'GET', headers: JSON_TYPE })).status).toBe(404);
  });

  it('runs a real turn', async () => {
    const connector = await startConnector();
    try {
      const activity = (id: string) => JSON.stringify({ type: 'message', text: 'hi', id: 'a-1', channelId: 'emulator', serviceUrl: connector.url, conversation: { id }, from: { id: 'u' }, recipient: { id: 'bot' } });
      const lane = await send(apps.laneServer.url, { path: '/api/messages', headers: JSON_TYPE, pieces: [activity('lane-conv')] });
      const plain = await send(apps.plainServer.url, { path: '/api/messages', headers: JSON_TYPE, pieces: [activity('plain-conv')] });
      expect(lane.status).toBeLessThan(300);
      expect(lane).toEqual(plain);
      await connector.waitFor(2);
    } finally {
      await connector.close();
    }
  });
});

describe('customer-turn lane: rate limits', () => {
  const { both } = pair({ RATE_LIMIT_INBOUND: '2', RATE_LIMIT_CHAT: '3', RATE_LIMIT_CONVERSATION: '2' });

  it('counts turns against the same limits and answers the same 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await both({ path: '/api/messages', headers: JSON_TYPE, pieces: ['{}'] });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(JSON.parse(res.body).error).toMatchObject({ code: 'RATE_LIMITED', requestId: 'lane-test' });
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
      }
    }
    expect(statuses).toEqual([400, 400, 429]);
    // The conversation's limit (2) before the client's (3), with its own words.
    const conversation = [];
    for (let i = 0; i < 3; i++) conversation.push(await both({ path: '/v3/directline/conversations/c-1/activities', headers: JSON_TYPE, pieces: ['{}'] }));
    expect(conversation.map((r) => r.status)).toEqual([401, 401, 429]);
    expect(JSON.parse(conversation[2]!.body).error.message).toContain('in this conversation');
  });
});

describe('customer-turn lane: rate limits shared through Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  const { apps, both } = pair({ RATE_LIMIT_INBOUND: '2', RATE_LIMIT_CHAT: '3', RATE_LIMIT_CONVERSATION: '2' }, () => testRedisStores({ url: redis.url }));

  it('answers the same headers and 429s, counting into the same keys as through express', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await both({ path: '/api/messages', headers: JSON_TYPE, pieces: ['{}'] })).status);
    expect(statuses).toEqual([400, 400, 429]);
    const conversation: number[] = [];
    for (let i = 0; i < 3; i++) conversation.push((await both({ path: '/v3/directline/conversations/c-1/activities', headers: JSON_TYPE, pieces: ['{}'] })).status);
    expect(conversation).toEqual([401, 401, 429]);
    // Each app counts under its own prefix here: the lane's counters hold what express's do.
    const counters = async (stores: Stores) => {
      const raw = stores.raw!;
      const keys = ((await raw.sendCommand(undefined, true, ['KEYS', `${raw.prefix}rl:*`])) as string[]).map((k) => k.slice(raw.prefix.length)).sort();
      return Promise.all(keys.map(async (k) => `${k}=${String(await raw.sendCommand(raw.prefix + k, true, ['GET', raw.prefix + k]))}`));
    };
    const expected = ['rl:chat:127.0.0.1=3', 'rl:inbound:127.0.0.1=3'];
    await waitFor(async () => (await counters(apps.lane.stores)).filter((c) => !c.startsWith('rl:conversation:')).join() === expected.join());
    await waitFor(async () => (await counters(apps.plain.stores)).join() === (await counters(apps.lane.stores)).join());
    expect((await counters(apps.lane.stores)).find((c) => c.startsWith('rl:conversation:'))).toMatch(/=3$/);
  });
});

describe('customer-turn lane: POST /v3/directline/conversations/:id/activities', () => {
  const { apps, both } = pair({ WEBCHAT_ALLOWED_ORIGINS: 'https://shop.example' });
  const path = '/v3/directline/conversations/dl-x/activities';

  it('answers an unauthenticated post with CORS headers and WWW-Authenticate, as express does', async () => {
    for (const origin of ['https://shop.example', 'https://elsewhere.example']) {
      const res = await both({ path, headers: { ...JSON_TYPE, Origin: origin }, pieces: ['{"type":"message","text":"hi"}'] });
      expect(res).toMatchObject({ status: 401, routed: false });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.headers.vary).toBe('Origin');
    }
    const preflight = await both({ path, method: 'OPTIONS', headers: { 'X-Request-Id': 'lane-test', Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
  });

  it('leaves odd spellings to express, a malformed escape included', async () => {
    for (const odd of ['/V3/directline/conversations/dl-x/activities', `${path}/`, '/v3/directline/conversations/%E0%A4%A/activities']) {
      const res = await both({ path: odd, headers: JSON_TYPE, pieces: ['{}'] });
      expect(res.routed, odd).toBe(true);
      expect(res.status, odd).toBeGreaterThanOrEqual(400);
    }
    const escaped = await both({ path: '/v3/directline/conversations/dl%2Dx/activities', headers: JSON_TYPE, pieces: ['{}'] });
    expect(escaped).toMatchObject({ status: 401, routed: false });
  });

  it('runs a customer turn and answers bad bodies of a signed-in customer the same way', async () => {
    const answers = [];
    for (const server of [apps.laneServer, apps.plainServer]) {
      const customer = await new WebchatCustomer(server.url, '').open();
      const post = (pieces: Sent['pieces'], headers: Record<string, string> = JSON_TYPE) =>
        send(server.url, { path: `/v3/directline/conversations/${customer.conversationId}/activities`, headers: { ...headers, Authorization: `Bearer ${customer.token}` }, pieces });
      const turn = await post(['{"type":"message","text":"4","from":{"id":"me"}}']);
      expect(turn.status).toBe(200);
      expect(JSON.parse(turn.body).id).toMatch(/./);
      const bad = [await post(['{"type":"message"']), await post(['{"type":"nonsense"}']), await post([`{"type":"message","text":"${'x'.repeat(300_000)}"}`]), await post(['{"type":"message","text":"5"}'], { 'Content-Type': 'text/plain', 'X-Request-Id': 'lane-test' })];
      answers.push(bad.map((a) => ({ status: a.status, body: a.body })));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.map((a) => a.status)).toEqual([400, 400, 413, 400]);
  });
});

describe('customer-turn lane: a body the client gives up on', () => {
  const logs = { lane: [] as string[], plain: [] as string[] };
  const servers = {} as Record<'lane' | 'plain', { satisfy: SatisfyApp; server: Listening }>;
  beforeAll(async () => {
    for (const which of ['lane', 'plain'] as const) {
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          logs[which].push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      const satisfy = await createTestApp({ ACCESS_LOG_TURN_SAMPLE: '100' }, { log: createLogger('info', sink), turnLane: which === 'lane' });
      servers[which] = { satisfy, server: await listen(satisfy.app, satisfy.attach) };
    }
  });
  afterAll(async () => {
    for (const { satisfy, server } of Object.values(servers)) {
      await server.close();
      await satisfy.close();
    }
  });

  it('logs an aborted upload as express does', async () => {
    for (const which of ['lane', 'plain'] as const) {
      const { port } = new URL(servers[which].server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-Request-Id: gave-up\r\n\r\n{"type":');
      await new Promise((r) => setTimeout(r, 30));
      socket.destroy();
      await waitFor(async () => logs[which].some((l) => l.includes('"reqId":"gave-up"')));
    }
    const line = (which: 'lane' | 'plain') => {
      const { msg, err, path, method, reqId } = JSON.parse(logs[which].find((l) => l.includes('"reqId":"gave-up"'))!) as Record<string, unknown>;
      return { msg, err, path, method, reqId };
    };
    expect(line('lane')).toEqual({ msg: 'request failed', err: 'request aborted', path: '/api/messages', method: 'POST', reqId: 'gave-up' });
    expect(line('lane')).toEqual(line('plain'));
  });
});
