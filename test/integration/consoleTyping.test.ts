import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { EscalationCase } from '../../src/core/cases.js';
import { createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/waitFor.js';

const USERS = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}:Ana`, `ben:agent:${bcrypt.hashSync('ben password 2', 4)}:Ben`].join(',');

/** Typing both ways between a web chat customer and the console, across two instances on one
 * Redis: the customer's chat is on B, the agent's console on A. Never kept anywhere. */
describe('typing indicators between the web chat and the console', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;
  let customer: WebChatCustomer;
  let ana: ConsoleClient;
  let ben: ConsoleClient;
  let c: EscalationCase;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    a = await createTestApp({ CONSOLE_USERS: USERS }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp({ CONSOLE_USERS: USERS }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
    const invite = await b.invitations.create({ surveyId: 'post-purchase', customer: { id: 'cust-typing', name: 'Zoë' }, order: { id: 'ORD-42' } }, 86_400_000);
    customer = await WebChatCustomer.open(onB.url, { invite });
    for (const answer of ['1', '2', '2', '2']) await customer.say(answer);
    await customer.say('Broken on arrival and nobody answers');
    await customer.say('3');
    await customer.say('skip');
    await customer.say('yes', 2);
    c = (await waitFor(async () => (await a.stores.cases.list(10))[0]))!;
    ana = await ConsoleClient.signIn(onA.url, { username: 'ana', password: 'ana password 1' });
    ben = await ConsoleClient.signIn(onA.url, { username: 'ben', password: 'ben password 2' });
    await ana.live();
    await ben.live();
  });

  afterAll(async () => {
    customer?.close();
    ana?.close();
    ben?.close();
    await a?.close();
    await b?.close();
    await onA?.close();
    await onB?.close();
  });

  const typingOnStream = () => customer.streamed().filter((x) => x.type === 'typing');

  it('the customer typing shows on the console watching their case, throttled, and on no other', async () => {
    ana.send({ type: 'watch', caseId: c.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(await customer.typing()).toBe(200);
    await waitFor(() => ana.typing.includes(c.id));
    // Ben watches nothing; a burst of typing is passed on once.
    for (let i = 0; i < 5; i++) expect(await customer.typing()).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(ana.typing.length).toBeLessThanOrEqual(2);
    expect(ben.typing).toEqual([]);
    // Watching stops when the console looks elsewhere.
    ana.send({ type: 'watch', caseId: null });
    await new Promise((r) => setTimeout(r, 1700));
    const before = ana.typing.length;
    await customer.typing();
    await new Promise((r) => setTimeout(r, 500));
    expect(ana.typing.length).toBe(before);
    // The customer never sees their own typing come back.
    expect(typingOnStream()).toEqual([]);
  });

  it('a message sent ends the customer\'s typing: the first keystroke of the next one shows at once, even a moment later', async () => {
    ana.send({ type: 'watch', caseId: c.id });
    await new Promise((r) => setTimeout(r, 1600));
    const before = ana.typing.length;
    const first = Date.now();
    expect(await customer.typing()).toBe(200);
    await waitFor(() => ana.typing.length === before + 1);
    await customer.say('Are you there?', 0);
    // Past the console socket's one-a-second, inside the server's 1.5 s per conversation: only
    // the message sent in between lets this one through.
    await new Promise((r) => setTimeout(r, Math.max(0, first + 1050 - Date.now())));
    expect(Date.now() - first).toBeLessThan(1400);
    expect(await customer.typing()).toBe(200);
    await waitFor(() => ana.typing.length === before + 2);
  });

  it('the agent who owns the case typing shows in the customer\'s chat as a Direct Line typing activity; nobody else\'s does', async () => {
    // Not claimed yet: nobody's typing goes to the customer.
    ana.send({ type: 'typing', caseId: c.id });
    await new Promise((r) => setTimeout(r, 500));
    expect(typingOnStream()).toEqual([]);

    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.some((x) => x.includes('Ana')), 'Ana joining');
    await new Promise((r) => setTimeout(r, 2100));
    ben.send({ type: 'typing', caseId: c.id });
    await new Promise((r) => setTimeout(r, 500));
    expect(typingOnStream()).toEqual([]);

    for (let i = 0; i < 4; i++) ana.send({ type: 'typing', caseId: c.id });
    await waitFor(() => typingOnStream().length > 0);
    await new Promise((r) => setTimeout(r, 500));
    const shown = typingOnStream();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ type: 'typing', from: { role: 'bot', name: 'Ana' } });
  });

  it('typing is kept nowhere: not in the Direct Line log, not in the case', async () => {
    const log = await b.stores.activities.since(customer.conversationId, 0, 1000);
    expect(log.activities.filter((x) => x.type === 'typing')).toEqual([]);
    const stored = await a.stores.cases.get(c.id);
    expect(JSON.stringify(stored!.transcript)).not.toMatch(/typing/i);
    // A reconnecting client catching up over REST sees no typing either.
    const res = await fetch(`${onA.url}/v3/directline/conversations/${customer.conversationId}/activities`, { headers: { authorization: `Bearer ${customer.token}` } });
    expect(((await res.json()) as { activities: { type: string }[] }).activities.some((x) => x.type === 'typing')).toBe(false);
  });
});
