import { afterAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { Stores } from '../../src/storage/Stores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

/** Invitations followed through real conversations, and sent once by two instances on one Redis. */
describe('invitations followed to their end (Redis, two instances)', () => {
  const running: { satisfy: SatisfyApp; server: Listening }[] = [];
  let smtp: TestSmtpServer | undefined;

  afterAll(async () => {
    for (const { satisfy, server } of running) {
      await server.close();
      await satisfy.close();
    }
    await smtp?.close();
  });

  async function instance(stores: Stores, env: Record<string, string> = {}) {
    const satisfy = await createTestApp({ PUBLIC_URL: 'https://survey.example.com', INVITE_QUIET_HOURS: 'off', ...env }, { stores, background: false });
    const server = await listen(satisfy.app, satisfy.attach);
    running.push({ satisfy, server });
    return { satisfy, server };
  }
  const post = (server: Listening, path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('marks a link invitation opened, started and completed as the customer answers, and a stop opts them out', async () => {
    const { satisfy, server } = await instance(await testRedisStores({ url: redisUrl() }, uniquePrefix()));
    const made = (await (await post(server, '/api/invitations', { surveyId: 'post-purchase', customer: { id: 'kai' }, order: { id: 'K-1' } })).json()) as { id: string; url: string };
    const token = made.url.split('/s/')[1]!;
    const customer = new WebchatCustomer(server.url, '198.51.100.1');
    const res = await customer.request('POST', '/webchat/session', { invite: token });
    expect(res.status).toBe(200);
    Object.assign(customer, await res.json());
    const status = async () => (await satisfy.stores.invitations.get(made.id))!.status;
    await expect.poll(status).toBe('opened');
    await customer.say('4');
    await expect.poll(status).toBe('started');
    for (const answer of ['4', '4', '4', '9', 'skip', 'skip', 'no', 'no', 'no']) {
      if ((await status()) === 'completed') break;
      await customer.say(answer);
    }
    await expect.poll(status).toBe('completed');
    // Completed: the survey is free again for this customer (the cooldown still holds).
    expect((await satisfy.stores.invitations.contact('kai')).open).toEqual({});

    const again = (await (await post(server, '/api/invitations', { surveyId: 'post-purchase', customer: { id: 'mo' }, order: { id: 'M-1' } })).json()) as { url: string };
    const mo = new WebchatCustomer(server.url, '198.51.100.2');
    Object.assign(mo, await (await mo.request('POST', '/webchat/session', { invite: again.url.split('/s/')[1] })).json());
    await mo.say('4');
    await mo.say('stop');
    await expect.poll(async () => (await satisfy.stores.invitations.contact('mo')).optedOut?.via).toBe('survey');

    // "Stop" before any answer keeps no response, but still opts the customer out.
    const early = (await (await post(server, '/api/invitations', { surveyId: 'post-purchase', customer: { id: 'noa' }, order: { id: 'N-1' } })).json()) as { url: string };
    const noa = new WebchatCustomer(server.url, '198.51.100.3');
    Object.assign(noa, await (await noa.request('POST', '/webchat/session', { invite: early.url.split('/s/')[1] })).json());
    await noa.say('stop');
    await expect.poll(async () => (await satisfy.stores.invitations.contact('noa')).optedOut?.via).toBe('survey');

    // The response rate, per channel and day, in the results.
    const today = new Date().toISOString().slice(0, 10);
    const get = (query: string) => fetch(`${server.url}/api/results/post-purchase/invitations?from=${today}&to=${today}${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const funnel = (await (await get('')).json()) as { total: unknown; channels: Record<string, unknown>; days: { day: string }[] };
    const expected = { sent: 3, opened: 3, started: 2, completed: 1, responseRate: 1 / 3 };
    expect(funnel.total).toEqual(expected);
    expect(funnel.channels).toEqual({ link: expected });
    expect(funnel.days.map((d) => d.day)).toEqual([today]);
    expect((await get('&segment.brand=Acme')).status).toBe(400);
  });

  it('sends a due email once when two instances run their jobs at the same moment', async () => {
    smtp = await startSmtpServer();
    const prefix = uniquePrefix();
    const env = { SMTP_URL: smtp.url, EMAIL_FROM: 'surveys@acme.example' };
    const a = await instance(await testRedisStores({ url: redisUrl() }, prefix), env);
    const b = await instance(await testRedisStores({ url: redisUrl() }, prefix), env);
    for (let i = 0; i < 5; i++) {
      expect((await post(a.server, '/api/invitations', { surveyId: 'post-purchase', channel: 'email', customer: { id: `twin-${i}`, email: `twin-${i}@example.com` } })).status).toBe(201);
    }
    await Promise.all([a.satisfy.jobs.runDue(), b.satisfy.jobs.runDue(), a.satisfy.jobs.runDue(), b.satisfy.jobs.runDue()]);
    await expect.poll(() => smtp!.mails.length).toBe(5);
    expect(new Set(smtp.mails.map((m) => m.to[0])).size).toBe(5);
  });
});
