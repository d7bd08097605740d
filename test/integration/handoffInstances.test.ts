import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { FakeSlack, SIGNING_SECRET } from '../support/fakeSlack.js';
import { SlackAgent, WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { FakeClock } from '../support/scripts.js';

const SUPPORT = 'CSUPPORT';
const USERS = `ana:agent:${bcrypt.hashSync('ana password 1', 4)}`;

function env(slack: FakeSlack): Record<string, string> {
  return { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_SUPPORT_CHANNEL: SUPPORT, CONSOLE_USERS: USERS };
}

/** Two instances behind a load balancer on one Redis, both running the alert and SLA loops. */
describe('handoff across two instances on one Redis', () => {
  let slack: FakeSlack;
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.users.set('UANA', { locale: 'en-US', name: 'Ana' });
    const prefix = uniquePrefix();
    a = await createTestApp(env(slack), { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp(env(slack), { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await onA.close();
    await onB.close();
    await slack.close();
  });

  it('posts exactly one card per case, and the agent on A reaches the customer on B and back', async () => {
    const customer = await WebChatCustomer.open(onB.url);
    const console = await ConsoleClient.signIn(onA.url, { username: 'ana', password: 'ana password 1' });
    await console.live();
    // Rules raised on three different turns, two of them answered through A: still one case.
    await customer.say('1');
    customer.via(onA.url);
    await customer.say('1');
    customer.via(onB.url);
    await customer.say('I want to speak to a person');
    const agent = new SlackAgent('UANA', slack, () => onA.url, SUPPORT);
    const card = await agent.waitForCard();
    const [c] = await a.stores.cases.list(10);
    expect(c!.triggers.map((t) => t.ruleId)).toEqual(['low_csat', '@customer']);
    // Both instances poll the stream twice a second: give them time to post a second card.
    await new Promise((r) => setTimeout(r, 1500));
    expect(agent.cards()).toHaveLength(1);
    expect(await a.stores.cases.bySlackThread(card.ts)).toBe(c!.id);

    // The agent claims and writes in the console on A; the customer's stream is on B.
    expect((await console.call('POST', `/cases/${c!.id}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ana from our support team has joined the chat.', 'the agent joining');
    expect((await console.call('POST', `/cases/${c!.id}/messages`, { text: 'Hi from instance A' })).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ana: Hi from instance A', 'the message sent on A');
    // Mirrored in the card's thread for colleagues in Slack.
    await agent.waitForThread(card.ts, '*ana* (console): Hi from instance A');

    // The customer writes through B; the console on A hears of it live.
    const seen = console.events.length;
    await customer.say('Hello from B', 0);
    await waitFor(() => console.events.length > seen);
    const now = (await console.call('GET', `/cases/${c!.id}`)).body.case as { transcript: { from: string; text: string }[] };
    expect(now.transcript.at(-1)).toMatchObject({ from: 'customer', text: 'Hello from B' });
    await agent.waitForThread(card.ts, '*Customer*: Hello from B');
    console.close();
    customer.close();
  });
});

/** The SLA clock, stepped by hand: two instances sweep at once and the case is re-announced
 * once per missed deadline. */
describe('SLA: an unclaimed case past its deadline', () => {
  let slack: FakeSlack;
  const apps: SatisfyApp[] = [];

  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await slack.close();
  });

  it('is re-announced once, with a higher priority and a new deadline', async () => {
    const clock = new FakeClock(Date.parse('2026-11-23T09:00:00Z'));
    const prefix = uniquePrefix();
    const a = await createTestApp(env(slack), { clock, background: false, stores: await testRedisStores({ url: redisUrl() }, prefix, clock) });
    const b = await createTestApp(env(slack), { clock, background: false, stores: await testRedisStores({ url: redisUrl() }, prefix, clock) });
    apps.push(a, b);
    const customer = new BotDriver(a.bot, { conversationId: `sla-${prefix}` });
    await customer.start({ customer: { id: 'late-1' } });
    await customer.send('1'); // low_csat: high priority, 60 minutes
    const [c] = await a.stores.cases.list(10);
    expect(c).toMatchObject({ priority: 'high', slaDeadline: '2026-11-23T10:00:00.000Z', overdue: 0 });

    await Promise.all([a.desk.deliverAlerts('a'), b.desk.deliverAlerts('b')]);
    const broadcasts = () => slack.of('chat.postMessage').filter((m) => m.args.reply_broadcast === true);
    const cards = () => slack.of('chat.postMessage').filter((m) => m.args.channel === SUPPORT && !m.args.thread_ts);
    expect(cards()).toHaveLength(1);

    // Before the deadline: nothing.
    clock.advance(59 * 60_000);
    await Promise.all([a.desk.sweep(), b.desk.sweep()]);
    await Promise.all([a.desk.deliverAlerts('a'), b.desk.deliverAlerts('b')]);
    expect(broadcasts()).toHaveLength(0);

    // Past it: both instances sweep at the same moment, more than once; one re-announcement.
    clock.advance(2 * 60_000);
    await Promise.all([a.desk.sweep(), b.desk.sweep(), a.desk.sweep()]);
    await Promise.all([a.desk.deliverAlerts('a'), b.desk.deliverAlerts('b')]);
    await Promise.all([a.desk.sweep(), b.desk.sweep()]);
    await Promise.all([a.desk.deliverAlerts('a'), b.desk.deliverAlerts('b')]);
    expect(broadcasts()).toHaveLength(1);
    expect(broadcasts()[0]!.args).toMatchObject({ channel: SUPPORT, thread_ts: cards()[0]!.reply!.ts, text: expect.stringContaining('now *urgent* priority') });
    expect(await a.stores.cases.get(c!.id)).toMatchObject({ priority: 'urgent', overdue: 1, slaDeadline: '2026-11-23T10:16:00.000Z', status: 'open' });
    const card = slack.of('chat.update').filter((u) => u.args.ts === cards()[0]!.reply!.ts).at(-1);
    expect(JSON.stringify(card?.args.blocks)).toContain('🔴 Urgent');
    expect(JSON.stringify(card?.args.blocks)).toContain('missed 1×');

    // A claimed case is never re-announced.
    await a.desk.claim(c!.id, { id: 'slack:UANA', name: 'Ana', via: 'slack' });
    clock.advance(60 * 60_000);
    await Promise.all([a.desk.sweep(), b.desk.sweep()]);
    await Promise.all([a.desk.deliverAlerts('a'), b.desk.deliverAlerts('b')]);
    expect(broadcasts()).toHaveLength(1);
  });

  it('expires an open case nobody claimed, and the bot takes the chat back', async () => {
    const clock = new FakeClock(Date.parse('2026-11-23T09:00:00Z'));
    const a = await createTestApp({ CASE_EXPIRE_DAYS: '2' }, { clock, background: false, stores: await testRedisStores({ url: redisUrl() }, uniquePrefix(), clock) });
    apps.push(a);
    const customer = new BotDriver(a.bot, { conversationId: 'expiry-1' });
    await customer.start();
    await customer.send('talk to a human');
    expect(customer.texts().at(-1)).toContain('A person from our support team will join this chat');
    await customer.send('hello?');
    expect(customer.replies).toEqual([]);
    clock.advance(2 * 86_400_000);
    await a.desk.sweep();
    const [c] = await a.stores.cases.list(10);
    expect(c?.status).toBe('expired');
    // The hand-back could not reach a test channel; the next message finds the case closed.
    await customer.send('4');
    expect(customer.currentQuestion()).toBe('delivery');
  });
});
