import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import express from 'express';
import { pino, type Logger } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleAuth } from '../../src/auth/ConsoleAuth.js';
import { PasswordChecker } from '../../src/auth/PasswordChecker.js';
import { SignInThrottle } from '../../src/auth/SignInThrottle.js';
import { SurveyBot } from '../../src/bot/SurveyBot.js';
import type { EscalationCase } from '../../src/core/cases.js';
import { CaseDesk } from '../../src/escalation/CaseDesk.js';
import { errorHandler } from '../../src/http/errorHandler.js';
import { requestId } from '../../src/http/requestId.js';
import { JobRunner } from '../../src/scheduler/JobRunner.js';
import { loadCatalog } from '../../src/scripts/loadCatalog.js';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { ScriptRegistry } from '../../src/scripts/ScriptRegistry.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { Stores } from '../../src/storage/Stores.js';
import { signWebhook, verifyWebhookSignature } from '../../src/webhooks/signature.js';
import { webhookRoutes } from '../../src/webhooks/webhookRoutes.js';
import { ENDPOINTS_CACHE_MS, Webhooks, type WebhookEvent } from '../../src/webhooks/Webhooks.js';
import { BotDriver } from '../support/BotDriver.js';
import { listen } from '../support/http.js';
import { testRedisStores, uniquePrefix } from '../support/redis.js';
import { DIALOGS_DIR, FakeClock, LOCALES_DIR } from '../support/scripts.js';
import { startWebhookReceiver, type ReceivedWebhook } from '../support/webhookReceiver.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function redisStores(clock: FakeClock): Promise<Stores> {
  const stores = await testRedisStores(undefined, uniquePrefix(), clock);
  closers.push(() => stores.close());
  return stores;
}

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(answer);
  closers.push(() => r.close());
  return r;
}

/** A log that keeps its lines. */
function recordingLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void chunks.push(s) });
  return { log, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

function setup(stores: Stores, clock: FakeClock, log: Logger = pino({ level: 'silent' }), timeoutMs = 2000) {
  const webhooks = new Webhooks({ store: stores.webhooks, jobs: stores.jobs, clock, log, timeoutMs, allowHttp: false, seen: stores.deliveries });
  const runner = (maxAttempts = 8) => new JobRunner({ queue: stores.jobs, clock, log, handlers: webhooks.handlers, maxAttempts, random: () => 0.5 });
  return { webhooks, runner };
}

function parsed(hook: ReceivedWebhook): WebhookEvent {
  return JSON.parse(hook.body) as WebhookEvent;
}

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"case.opened","data":{"caseId":"c1"}}';
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const t = now / 1000;

  it('verify with the exported helper, and fail when the body, secret or time is wrong', () => {
    const header = signWebhook(secret, body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, 300, now)).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), 300, now + 299_000).ok).toBe(true);
    expect(verifyWebhookSignature(secret, header, body.replace('c1', 'c2'), 300, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_other', header, body, 300, now)).toEqual({ ok: false, reason: 'mismatch' });
    // A recorded delivery replayed later, or one whose time was changed, is refused.
    expect(verifyWebhookSignature(secret, header, body, 300, now + 301_000)).toEqual({ ok: false, reason: 'too_old' });
    expect(verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 600}`), body, 300, now + 600_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, signWebhook(secret, body, t + 301), body, 300, now)).toEqual({ ok: false, reason: 'in_future' });
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, 't=x,v1=00', 'garbage']) expect(verifyWebhookSignature(secret, bad, body, 300, now)).toEqual({ ok: false, reason: 'malformed' });
    // Any of several v1 values may match (while a secret is rotated).
    expect(verifyWebhookSignature(secret, `t=${t},v1=${'0'.repeat(64)},${header.split(',')[1]}`, body, 300, now).ok).toBe(true);
  });
});

describe('webhook delivery', () => {
  it('delivers on the third attempt to a receiver that answers 500 twice, signed, with the same delivery id, at 0 s, 30 s and 2 min 30 s', async () => {
    const clock = new FakeClock();
    const stores = await redisStores(clock);
    const hook = await receiver((n) => (n <= 2 ? 500 : 200));
    const { webhooks, runner } = setup(stores, clock);
    const endpoint = await webhooks.create({ url: hook.url, events: ['case.opened'] });
    const start = clock.now();
    webhooks.emit('case.opened', { caseId: 'case-1', priority: 'high' });
    await webhooks.idle();
    const run = runner();
    const at: number[] = [];
    for (let t = 0; t <= 5 * MINUTE; t += SECOND) {
      clock.time = start + t;
      const before = hook.received.length;
      await run.runDue();
      if (hook.received.length > before) at.push(t);
    }
    expect(at).toEqual([0, 30 * SECOND, 150 * SECOND]);
    expect(hook.received).toHaveLength(3);
    const events = hook.received.map(parsed);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(events[0]).toEqual({ id: expect.any(String), type: 'case.opened', createdAt: new Date(start).toISOString(), data: { caseId: 'case-1', priority: 'high' } });
    hook.received.forEach((h, i) => {
      expect(h.headers['content-type']).toBe('application/json');
      expect(h.headers['satisfy-event']).toBe('case.opened');
      expect(h.headers['satisfy-delivery']).toBe(events[0]!.id);
      // Each attempt is signed afresh, at its own time.
      expect(verifyWebhookSignature(endpoint.secret, h.headers['satisfy-signature'] as string, h.body, 300, start + at[i]!)).toMatchObject({ ok: true, timestamp: (start + at[i]!) / 1000 });
      expect(h.body).not.toContain(endpoint.secret);
    });
    const log = await webhooks.deliveries(endpoint.id, 10);
    expect(log!.map((d) => [d.attempt, d.status, d.httpStatus, d.error])).toEqual([
      [3, 'delivered', 200, undefined],
      [2, 'retrying', 500, 'HTTP 500 Internal Server Error'],
      [1, 'retrying', 500, 'HTTP 500 Internal Server Error'],
    ]);
    expect(log!.every((d) => d.eventId === events[0]!.id && d.type === 'case.opened' && d.durationMs >= 0)).toBe(true);
    expect(await stores.jobs.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
  });

  it('gives up after the last attempt on a receiver that always fails, saying why in the delivery log, the dead letters and the log', async () => {
    const clock = new FakeClock();
    const stores = await redisStores(clock);
    const hook = await receiver(() => 503);
    const { log, lines } = recordingLog();
    const { webhooks, runner } = setup(stores, clock, log);
    const endpoint = await webhooks.create({ url: hook.url, events: ['case.resolved'] });
    webhooks.emit('case.resolved', { caseId: 'case-2' });
    await webhooks.idle();
    const run = runner(3);
    for (let i = 0; i < 3; i++) {
      expect(await run.runDue()).toBe(1);
      clock.advance(3 * MINUTE);
    }
    expect(await run.runDue()).toBe(0);
    expect(hook.received).toHaveLength(3);
    const deliveries = await webhooks.deliveries(endpoint.id, 10);
    expect(deliveries!.map((d) => [d.attempt, d.status, d.httpStatus])).toEqual([
      [3, 'gave_up', 503],
      [2, 'retrying', 503],
      [1, 'retrying', 503],
    ]);
    expect(deliveries![0]!.error).toBe('HTTP 503 Service Unavailable');
    const [dead] = await stores.jobs.deadLetters(10);
    expect(dead).toMatchObject({ kind: 'webhook.deliver', attempts: 3, lastError: 'HTTP 503 Service Unavailable' });
    const gaveUp = lines().find((l) => String(l.msg).includes('gave_up'));
    expect(gaveUp).toMatchObject({ level: 40, endpointId: endpoint.id, type: 'case.resolved', attempt: 3, httpStatus: 503, err: 'HTTP 503 Service Unavailable' });
  });

  it('names the network error or the timeout when the receiver is down or silent', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const silent = await receiver(() => 'hang');
    const down = await startWebhookReceiver();
    await down.close();
    const { webhooks, runner } = setup(stores, clock, pino({ level: 'silent' }), 300);
    const slow = await webhooks.create({ url: silent.url, events: ['case.claimed'] });
    const gone = await webhooks.create({ url: down.url, events: ['case.claimed'] });
    webhooks.emit('case.claimed', { caseId: 'case-3' });
    await webhooks.idle();
    expect(await runner(1).runDue()).toBe(2);
    const [timedOut] = (await webhooks.deliveries(slow.id, 1))!;
    expect(timedOut).toMatchObject({ status: 'gave_up', error: 'no answer within 300 ms' });
    expect(timedOut!.httpStatus).toBeUndefined();
    const [refused] = (await webhooks.deliveries(gone.id, 1))!;
    expect(refused).toMatchObject({ status: 'gave_up', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('queues nothing for endpoints that did not ask for the event or are inactive, and drops deliveries of a removed endpoint', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const hook = await receiver();
    const { webhooks, runner } = setup(stores, clock);
    await webhooks.create({ url: hook.url, events: ['case.opened'] });
    await webhooks.create({ url: hook.url, events: ['response.completed'], active: false });
    webhooks.emit('response.completed', { responseId: 'r1' });
    await webhooks.idle();
    expect(await stores.jobs.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
    const removed = await webhooks.create({ url: hook.url, events: ['response.completed'] });
    webhooks.emit('response.completed', { responseId: 'r2' });
    await webhooks.idle();
    expect((await stores.jobs.counts()).waiting).toBe(1);
    await webhooks.remove(removed.id);
    expect(await runner().runDue()).toBe(1);
    expect(hook.received).toEqual([]);
    expect(await stores.jobs.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
  });

  it('takes an endpoint added or removed on another instance within ENDPOINTS_CACHE_MS, and one added here at once', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const hook = await receiver();
    const here = setup(stores, clock).webhooks;
    const there = setup(stores, clock).webhooks;
    expect(await here.wants('response.completed')).toBe(false);
    const endpoint = await there.create({ url: hook.url, events: ['response.completed'] });
    // Read a moment ago: this instance does not know yet.
    expect(await here.wants('response.completed')).toBe(false);
    clock.advance(ENDPOINTS_CACHE_MS);
    expect(await here.wants('response.completed')).toBe(true);
    here.emit('response.completed', { responseId: 'r1' });
    await here.idle();
    expect((await stores.jobs.counts()).waiting).toBe(1);
    await there.remove(endpoint.id);
    clock.advance(ENDPOINTS_CACHE_MS);
    expect(await here.wants('response.completed')).toBe(false);
    await here.create({ url: hook.url, events: ['case.opened'] });
    expect(await here.wants('case.opened')).toBe(true);
  });

  it('announces a keyed event once however often it is emitted, under one event id', async () => {
    const clock = new FakeClock();
    const stores = await redisStores(clock);
    const hook = await receiver();
    const { webhooks, runner } = setup(stores, clock);
    await webhooks.create({ url: hook.url, events: ['response.completed'] });
    for (let i = 0; i < 3; i++) webhooks.emit('response.completed', { responseId: 'r1' }, { key: 'r1' });
    await webhooks.idle();
    await runner().runDue();
    webhooks.emit('response.completed', { responseId: 'r1' }, { key: 'r1' });
    webhooks.emit('response.completed', { responseId: 'r2' }, { key: 'r2' });
    await webhooks.idle();
    await runner().runDue();
    expect(hook.received.map((h) => parsed(h).data.responseId)).toEqual(['r1', 'r2']);
    expect(parsed(hook.received[0]!).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

/** The answers of the admin API, loosely: each test reads the part it expects. */
interface ApiBody {
  error: { code: string; message: string };
  endpoint: { id: string; secret: string };
  endpoints: unknown[];
  delivery: Record<string, unknown>;
  deliveries: unknown[];
}

describe('the webhooks admin API', () => {
  const ADMIN_TOKEN = 'webhook-admin-token-0123456789';
  const USERS = [
    { name: 'ana', role: 'agent' as const, passwordHash: bcrypt.hashSync('ana password 1', 4) },
    { name: 'root', role: 'admin' as const, passwordHash: bcrypt.hashSync('root password 3', 4) },
  ];

  async function api() {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const auth = new ConsoleAuth(USERS, ADMIN_TOKEN, 'webhook-signing-key-0123456789-0123456789', () => Date.now(), {
      throttle: new SignInThrottle(stores.signInFailures, () => Date.now()),
      passwords: new PasswordChecker(1, 8),
    });
    closers.push(() => auth.close());
    const { webhooks } = setup(stores, clock);
    const app = express();
    app.use(requestId(), webhookRoutes({ webhooks, auth }), errorHandler(pino({ level: 'silent' })));
    const server = await listen(app);
    closers.push(() => server.close());
    const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as ApiBody };
    };
    const sign = async (username: string, password: string) => (await auth.login({ username, password }, '127.0.0.1')).token;
    return { call, sign, webhooks };
  }

  it('refuses without a token (401) and to an agent (403)', async () => {
    const { call, sign } = await api();
    const agent = await sign('ana', 'ana password 1');
    for (const [method, path] of [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['DELETE', '/api/webhooks/x'],
      ['POST', '/api/webhooks/x/test'],
      ['GET', '/api/webhooks/x/deliveries'],
    ] as const) {
      expect(await call(method, path, undefined), `${method} ${path}`).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
      expect(await call(method, path, 'not-a-token')).toMatchObject({ status: 401 });
      expect(await call(method, path, agent, method === 'POST' ? {} : undefined)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'Webhooks are set up by admins.' } } });
    }
  });

  it('says what is wrong with a bad endpoint (400), and 404 for an unknown id', async () => {
    const { call } = await api();
    const bad = async (body: unknown) => {
      const res = await call('POST', '/api/webhooks', ADMIN_TOKEN, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return String(res.body.error.message);
    };
    expect(await bad({ events: ['case.opened'] })).toContain('url:');
    expect(await bad({ url: 'http://crm.example.com/hook', events: ['case.opened'] })).toContain('url: must be https://');
    expect(await bad({ url: 'ftp://crm.example.com/hook', events: ['case.opened'] })).toContain('url: must be an https:// URL');
    expect(await bad({ url: 'not a url', events: ['case.opened'] })).toContain('url: must be an absolute URL');
    expect(await bad({ url: 'https://user:pw@crm.example.com/hook', events: ['case.opened'] })).toContain('must not hold a user name or password');
    expect(await bad({ url: 'https://crm.example.com/hook', events: [] })).toContain('events: name at least one event');
    expect(await bad({ url: 'https://crm.example.com/hook', events: ['order.shipped'] })).toContain('events.0: must be one of response.completed, case.opened');
    expect(await bad({ url: 'https://crm.example.com/hook', events: ['case.opened'], secret: 'mine' })).toContain('secret');
    expect(await bad([1, 2])).toContain('Send a JSON object');
    expect((await call('POST', '/api/webhooks', ADMIN_TOKEN, '{"url":')).body.error.code).toBe('BAD_JSON');
    expect(await call('GET', '/api/webhooks/nope/deliveries', ADMIN_TOKEN)).toMatchObject({ status: 404, body: { error: { code: 'WEBHOOK_NOT_FOUND' } } });
    expect(await call('DELETE', '/api/webhooks/nope', ADMIN_TOKEN)).toMatchObject({ status: 404 });
    expect(await call('POST', '/api/webhooks/nope/test', ADMIN_TOKEN)).toMatchObject({ status: 404 });
    expect(await call('GET', '/api/webhooks/nope/deliveries?limit=500', ADMIN_TOKEN)).toMatchObject({ status: 400, body: { error: { code: 'BAD_QUERY' } } });
  });

  it('adds an endpoint (secret shown once), lists it, pings it, shows the delivery, and removes it', async () => {
    const { call, sign } = await api();
    const admin = await sign('root', 'root password 3');
    const hook = await receiver();
    const created = await call('POST', '/api/webhooks', admin, { url: hook.url, events: ['response.completed', 'case.opened'], description: 'CRM' });
    expect(created.status).toBe(201);
    const endpoint = created.body.endpoint as { id: string; secret: string };
    expect(endpoint).toMatchObject({ url: hook.url, events: ['response.completed', 'case.opened'], description: 'CRM', active: true, secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) });
    const listed = await call('GET', '/api/webhooks', ADMIN_TOKEN);
    expect(listed.body.endpoints).toEqual([{ id: endpoint.id, url: hook.url, events: ['response.completed', 'case.opened'], description: 'CRM', active: true, createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);

    const ping = await call('POST', `/api/webhooks/${endpoint.id}/test`, admin);
    expect(ping).toMatchObject({ status: 200, body: { delivery: { type: 'ping', status: 'delivered', httpStatus: 204, attempt: 1 } } });
    expect(hook.received).toHaveLength(1);
    const [received] = hook.received;
    expect(received!.headers['satisfy-event']).toBe('ping');
    expect(verifyWebhookSignature(endpoint.secret, received!.headers['satisfy-signature'] as string, received!.body, 300, new FakeClock().now()).ok).toBe(true);
    expect((await call('GET', `/api/webhooks/${endpoint.id}/deliveries`, admin)).body.deliveries).toEqual([ping.body.delivery]);

    expect((await call('DELETE', `/api/webhooks/${endpoint.id}`, admin)).status).toBe(204);
    expect((await call('GET', '/api/webhooks', admin)).body.endpoints).toEqual([]);
    expect((await call('GET', `/api/webhooks/${endpoint.id}/deliveries`, admin)).status).toBe(404);
  });

  it('reports a failed ping as failed, with the reason', async () => {
    const { call } = await api();
    const hook = await receiver(() => 401);
    const { body } = await call('POST', '/api/webhooks', ADMIN_TOKEN, { url: hook.url, events: ['case.opened'] });
    const ping = await call('POST', `/api/webhooks/${body.endpoint.id}/test`, ADMIN_TOKEN);
    expect(ping).toMatchObject({ status: 200, body: { delivery: { status: 'failed', httpStatus: 401, error: 'HTTP 401 Unauthorized' } } });
  });
});

describe('events from a real survey and case', () => {
  it('reads no response back at the end of a survey when no endpoint wants response.completed', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const log = pino({ level: 'silent' });
    const { webhooks } = setup(stores, clock, log);
    await webhooks.create({ url: 'https://example.com/hook', events: ['case.opened'] });
    const catalog = await loadCatalog(LOCALES_DIR);
    const scripts = new ScriptRegistry(stores.scripts, catalog);
    await scripts.seed(await loadDialogs(DIALOGS_DIR, catalog), new Date(clock.now()).toISOString());
    let reads = 0;
    const responses = new Proxy(stores.responses, {
      get: (target, name, receiver) => (name === 'get' ? (id: string) => (reads++, target.get(id)) : Reflect.get(target, name, receiver)),
    });
    const bot = new SurveyBot({ storage: stores.state, scripts, responses, catalog, engine: { clock, newId: randomUUID, sentiment: createSentimentScorer() }, defaultSurveyId: 'post-purchase', defaultLocale: 'en', log, webhooks });
    const customer = new BotDriver(bot, { conversationId: `quiet-${randomUUID()}` });
    await customer.start({ customer: { id: 'c-quiet' } });
    for (const answer of ['5', '4', '5', '5', '9', 'All good']) await customer.send(answer);
    await new Promise((r) => setTimeout(r, 50));
    expect((await stores.responses.list({}))[0]?.status).toBe('completed');
    expect(reads).toBe(0);
    await webhooks.idle();
    expect((await stores.jobs.counts()).waiting).toBe(0);
  });

  it('announce response.completed and the case steps with the right payloads, once each', async () => {
    const clock = new FakeClock();
    const stores = await redisStores(clock);
    const hook = await receiver();
    const log = pino({ level: 'silent' });
    const { webhooks, runner } = setup(stores, clock, log);
    const endpoint = await webhooks.create({ url: hook.url, events: ['response.completed', 'case.opened', 'case.claimed', 'case.resolved'] });
    const catalog = await loadCatalog(LOCALES_DIR);
    const scripts = new ScriptRegistry(stores.scripts, catalog);
    await scripts.seed(await loadDialogs(DIALOGS_DIR, catalog), new Date(clock.now()).toISOString());
    const desk = new CaseDesk({
      cases: stores.cases,
      alerts: stores.alerts,
      feed: stores.caseFeed,
      responses: stores.responses,
      scripts,
      clock,
      log,
      sla: { urgent: 15, high: 60, normal: 240, low: 1440 },
      expireAfterMs: 14 * 86_400_000,
      handoff: true,
      recoverySurveyId: 'recovery',
      customerLine: { deliverEvent: async () => {} },
      webhooks,
    });
    const bot = new SurveyBot({
      storage: stores.state,
      scripts,
      responses: stores.responses,
      catalog,
      engine: { clock, newId: randomUUID, sentiment: createSentimentScorer(), handoff: true },
      defaultSurveyId: 'post-purchase',
      defaultLocale: 'en',
      log,
      desk,
      webhooks,
    });
    const customer = new BotDriver(bot, { conversationId: `hooks-${randomUUID()}` });
    await customer.start({ customer: { id: 'c-hook', email: 'robin@example.com' }, order: { id: 'O-9' } });
    for (const answer of ['2', '3', '4', '2', 'The strap broke after a day, write to robin@example.com', '3', 'the second one', 'no']) await customer.send(answer);

    const deliver = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (hook.received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${hook.received.length} of ${count} deliveries arrived`);
        await runner().runDue();
        await new Promise((r) => setTimeout(r, 20));
      }
      return hook.received.map(parsed);
    };
    const first = await deliver(2);
    const byType = Object.fromEntries(first.map((e) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(['case.opened', 'response.completed']);

    const [response] = await stores.responses.list({});
    expect(byType['response.completed']!.data).toEqual({
      responseId: response!.id,
      surveyId: 'post-purchase',
      surveyVersion: 1,
      channel: 'test',
      locale: 'en',
      customerId: 'c-hook',
      orderId: 'O-9',
      startedAt: response!.startedAt,
      completedAt: response!.completedAt,
      endingId: 'unhappy',
      segments: expect.any(Object),
      answers: expect.objectContaining({
        csat: expect.objectContaining({ value: 2, answeredAt: expect.any(String) }),
        improve: expect.objectContaining({ value: expect.stringContaining('The strap broke after a day'), sentimentLabel: expect.any(String) }),
        contact_ok: expect.objectContaining({ value: false }),
      }),
      escalations: expect.arrayContaining([{ reason: 'rule', ruleId: 'low_csat', priority: 'high', at: expect.any(String) }]),
    });
    const completed = byType['response.completed']!.data as { answers: Record<string, Record<string, unknown>> };
    // What the customer typed is masked as in the responses API; the raw input is not sent.
    expect(JSON.stringify(completed)).not.toContain('robin@example.com');
    expect(Object.values(completed.answers).some((a) => 'raw' in a)).toBe(false);

    // The case as it was opened: its first trigger (later ones of the same turn add to it).
    const [opened] = await stores.cases.list(10);
    expect(byType['case.opened']!.data).toEqual({
      caseId: opened!.id,
      responseId: response!.id,
      surveyId: 'post-purchase',
      surveyVersion: 1,
      status: 'open',
      priority: opened!.triggers[0]!.priority,
      reasons: [{ reason: 'rule', ruleId: opened!.triggers[0]!.ruleId, priority: opened!.triggers[0]!.priority, at: opened!.triggers[0]!.at }],
      scores: expect.arrayContaining([{ questionId: 'csat', value: 2, min: 1, max: 5 }]),
      customerId: 'c-hook',
      orderId: 'O-9',
      channel: 'test',
      createdAt: opened!.createdAt,
      slaDeadline: opened!.slaDeadline,
    });
    for (const h of hook.received) {
      expect(verifyWebhookSignature(endpoint.secret, h.headers['satisfy-signature'] as string, h.body, 300, clock.now()).ok).toBe(true);
      expect(h.body).not.toMatch(/transcript|quotes|conversationId|whsec_/);
    }

    const agent = { id: 'ana', name: 'Ana', via: 'console' as const };
    await desk.claim(opened!.id, agent);
    clock.advance(MINUTE);
    await desk.resolve(opened!.id, agent, 'Sent a new strap; customer email robin@example.com');
    const steps = (await deliver(4)).slice(2);
    expect(steps.map((e) => e.type)).toEqual(['case.claimed', 'case.resolved']);
    expect(steps[0]!.data).toMatchObject({ caseId: opened!.id, status: 'claimed', agent: { id: 'ana', name: 'Ana', via: 'console' }, claimedAt: expect.any(String) });
    const resolved = (await stores.cases.get(opened!.id)) as EscalationCase;
    expect(steps[1]!.data).toMatchObject({ caseId: opened!.id, status: 'resolved', resolvedAt: resolved.resolvedAt, resolvedBy: { id: 'ana', name: 'Ana', via: 'console' } });
    expect(hook.received[3]!.body).not.toContain('Sent a new strap');

    // The customer writes again: the last turn's events are applied again, not announced again.
    await customer.send('thanks');
    await new Promise((r) => setTimeout(r, 200));
    await webhooks.idle();
    await runner().runDue();
    expect(hook.received.map((h) => parsed(h).type).filter((t) => t === 'response.completed')).toHaveLength(1);
  });
});
