import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { answerValues } from '../support/answers.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { sleep, WidgetCustomer } from '../support/widgetCustomer.js';

/**
 * Redis restarted, stopped for seconds, and full, while customers answer the sample survey
 * over the web chat (resending as the widget does) and over Slack (typing again when told
 * to). What must hold: every acknowledged answer is in the customer's own response, under
 * the question it answered; every customer gets a reply to their resend; no invitation loses
 * its customer and order.
 */

const ANSWERS = ['5', '5', '4', '5', '10', 'Everything'];
const EXPECTED = { csat: 5, delivery: 5, product_quality: 4, value: 5, nps: 10, liked: 'Everything' };
const FAULT_TIMEOUT_MS = 120_000;

let redis: RedisServer;
let satisfy: SatisfyApp;
let server: Listening;
let slack: FakeSlack;

beforeAll(async () => {
  redis = await startRedisServer({ persistent: true });
  slack = await new FakeSlack().start();
  satisfy = await createTestApp(
    // Every simulated customer comes from 127.0.0.1 and polls like a widget without its
    // WebSocket: the per-address limit is raised (the per-conversation one stays).
    { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, RATE_LIMIT_CHAT: '1000000' },
    { stores: await testRedisStores({ url: redis.url }) },
  );
  server = await listen(satisfy.app, satisfy.attach);
});

afterAll(async () => {
  await server.close();
  await satisfy.close();
  await slack.close();
  await redis.destroy();
});

const think = () => sleep(50 + Math.random() * 250);
let eventSeq = 0;

/** A Slack customer: types each answer; told the bot could not save it, types it again. */
async function slackCustomer(userId: string, progress: () => void): Promise<{ userId: string; politeRetries: number }> {
  const channel = `D${userId}`;
  const posted = () => slack.of('chat.postMessage').filter((c) => c.args.channel === channel).map((c) => String(c.args.text));
  let politeRetries = 0;
  for (;;) {
    try {
      await satisfy.slack!.startSurvey({ slackUserId: userId, customer: { id: userId } });
      break;
    } catch {
      await sleep(200);
    }
  }
  for (const answer of ANSWERS) {
    await think();
    for (;;) {
      const before = posted().length;
      const body = slackMessageEvent({ eventId: `EvFault${++eventSeq}`, channel, user: userId, text: answer });
      const res = await slackRequest(server.url, body, 'application/json');
      expect(res.status).toBe(200);
      const deadline = Date.now() + 20_000;
      while (posted().length === before) {
        if (Date.now() > deadline) throw new Error(`${userId}: no reply to "${answer}"`);
        await sleep(20);
      }
      await sleep(30); // the rest of the turn's messages
      const reply = posted().slice(before).join('\n');
      if (/couldn't save that|something went wrong/.test(reply)) {
        politeRetries++;
        await sleep(300);
        continue;
      }
      break;
    }
    progress();
  }
  return { userId, politeRetries };
}

/** A web chat customer who answers the whole survey, resending as the widget does. */
async function webCustomer(body: Record<string, unknown>, progress: () => void): Promise<WidgetCustomer> {
  const customer = new WidgetCustomer(server.url, body);
  await customer.open();
  for (const answer of ANSWERS) {
    await think();
    await customer.say(answer);
    progress();
  }
  return customer;
}

/** Runs the customers; `fault` starts once a third of all answers are in. */
async function run(name: string, counts: { web: number; invited: number; slack: number }, fault: () => Promise<void>) {
  const total = (counts.web + counts.invited + counts.slack) * ANSWERS.length;
  let answered = 0;
  let faultStarted: () => void;
  const started = new Promise<void>((resolve) => (faultStarted = resolve));
  const progress = () => {
    if (++answered === Math.ceil(total / 3)) faultStarted();
  };
  const invites = await Promise.all(
    Array.from({ length: counts.invited }, (_, i) =>
      satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'en', customer: { id: `${name}-inv-${i}`, name: `Guest ${i}` }, order: { id: `${name}-order-${i}` } }, 86_400_000),
    ),
  );
  const faultDone = started.then(fault);
  const [web, invited, slackers] = await Promise.all([
    Promise.all(Array.from({ length: counts.web }, () => webCustomer({ locale: 'en' }, progress))),
    // Invited customers open their link around the fault, some during it.
    Promise.all(invites.map(async (invite, i) => {
      await sleep(i * 150);
      return webCustomer({ invite }, progress);
    })),
    Promise.all(Array.from({ length: counts.slack }, (_, i) => slackCustomer(`U${name.toUpperCase()}${i}`, progress))),
  ]);
  await faultDone;
  return { web, invited, slackers };
}

async function responsesNow() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await satisfy.stores.responses.list({ limit: 1000 });
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

/**
 * Runs the checks until they hold or SETTLE_MS passes, then once more for the failure message:
 * a turn whose answers were saved in the conversation but not yet recorded (the store failed
 * between the two writes) is recorded by the bot's background retry, seconds later.
 */
const SETTLE_MS = 30_000;
async function settled(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch {
      await sleep(250);
    }
  }
  await check();
}

async function expectAllKept(result: Awaited<ReturnType<typeof run>>): Promise<void> {
  await settled(() => checkAllKept(result));
}

async function checkAllKept(result: Awaited<ReturnType<typeof run>>): Promise<void> {
  const all = await responsesNow();
  // Every web chat customer: one completed response with exactly their answers, each under the
  // question it was given for.
  for (const customer of [...result.web, ...result.invited]) {
    expect(customer.sent.map((s) => s.questionId)).toEqual(['csat', 'delivery', 'product_quality', 'value', 'nps', 'liked']);
  }
  const web = all.filter((r) => r.channel === 'directline');
  expect(web).toHaveLength(result.web.length + result.invited.length);
  for (const response of web) {
    expect(response.status).toBe('completed');
    expect(answerValues(response)).toEqual(EXPECTED);
    for (const answer of Object.values(response.answers)) expect(answer.attempts).toBe(1);
  }
  // Invitations kept their customer and order.
  for (let i = 0; i < result.invited.length; i++) {
    const id = web.find((r) => r.customerId?.endsWith(`-inv-${i}`));
    expect(id?.orderId).toBe(id?.customerId?.replace('-inv-', '-order-'));
  }
  expect(web.filter((r) => r.customerId === null)).toHaveLength(result.web.length);
  for (const { userId } of result.slackers) {
    const mine = all.filter((r) => r.customerId === userId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe('completed');
    expect(answerValues(mine[0])).toEqual(EXPECTED);
  }
}

describe('fault injection on a real redis-server', () => {
  it('Redis restarted while customers answer: nothing lost, nothing shifted, every resend answered', { timeout: FAULT_TIMEOUT_MS }, async () => {
    const result = await run('restart', { web: 16, invited: 6, slack: 4 }, async () => {
      await redis.stop();
      await redis.start();
    });
    await expectAllKept(result);
  });

  it('Redis stopped for 4 seconds while customers answer: nothing lost, nothing shifted, every resend answered', { timeout: FAULT_TIMEOUT_MS }, async () => {
    const before = await responsesNow();
    const result = await run('stopped', { web: 16, invited: 6, slack: 4 }, async () => {
      await redis.stop();
      await sleep(4000);
      await redis.start();
    });
    // Resends happened: the fault was really felt.
    expect(result.web.reduce((n, c) => n + c.resends, 0) + result.slackers.reduce((n, s) => n + s.politeRetries, 0)).toBeGreaterThan(0);
    await settled(async () => {
      const after = await responsesNow();
      const fresh = after.filter((r) => !before.some((b) => b.id === r.id));
      expect(fresh.filter((r) => r.channel === 'directline')).toHaveLength(22);
      expect(fresh.filter((r) => r.channel === 'slack')).toHaveLength(4);
      for (const response of fresh) {
        expect(response.status, `${response.channel} ${response.customerId} ${JSON.stringify(answerValues(response))}`).toBe('completed');
        expect(answerValues(response)).toEqual(EXPECTED);
      }
      for (let i = 0; i < 6; i++) expect(fresh.find((r) => r.customerId === `stopped-inv-${i}`)?.orderId).toBe(`stopped-order-${i}`);
    });
  });

  it('Redis at maxmemory (noeviction): 503 with Retry-After and a polite message, not ready; the resend goes through once memory is back', { timeout: FAULT_TIMEOUT_MS }, async () => {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    try {
      const customer = new WidgetCustomer(server.url, { locale: 'en' });
      const s = await customer.open();
      await customer.say('5');
      await admin.configSet({ maxmemory: '1', 'maxmemory-policy': 'noeviction' });
      const post = () =>
        fetch(`${server.url}/v3/directline/conversations/${s.conversationId}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
          body: JSON.stringify({ type: 'message', text: '4', from: { id: 'me' }, channelData: { clientActivityID: 'full-1' } }),
        });
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('STORE_UNAVAILABLE');
      expect(body.error.message).toMatch(/could not be saved just now/);
      expect(body.error.message).not.toContain('127.0.0.1');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      // A new visitor is refused politely too, not with a 500.
      const session = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(session.status).toBe(503);

      await admin.configSet({ maxmemory: '0' });
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await post()).status).toBe(200);
      const asked = (await customer.activities()).filter((a) => a.from.role === 'bot').map((a) => a.channelData?.satisfy?.questionId).filter(Boolean);
      expect(asked).toEqual(['csat', 'delivery', 'product_quality']);
      const response = (await responsesNow()).find((r) => r.answers.csat && r.answers.delivery?.raw === '4' && r.channel === 'directline' && r.status === 'in_progress');
      expect(answerValues(response)).toEqual({ csat: 5, delivery: 4 });
    } finally {
      await admin.configSet({ maxmemory: '0' }).catch(() => {});
      await admin.close();
    }
  });
});
