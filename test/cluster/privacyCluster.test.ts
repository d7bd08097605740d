import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { Stores } from '../../src/storage/Stores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { dumpKeyspace } from '../support/keyspace.js';
import { testRedisStores, uniquePrefix } from '../support/redis.js';
import { startRedisCluster, type RedisCluster } from '../support/redisServer.js';
import { privacyContract } from '../contract/privacy.contract.js';

/**
 * Erasure on a three-master Redis Cluster: a customer's keys are spread over every master, so
 * only a key-by-key erasure (no multi-slot command) can pass, and only a SCAN of every master
 * can show nothing is left.
 */
let cluster: RedisCluster;
const opened: Stores[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await cluster?.destroy();
});

privacyContract('redis cluster', async () => {
  const prefix = uniquePrefix();
  const stores = await testRedisStores({ clusterNodes: cluster.nodes }, prefix);
  opened.push(stores);
  return { stores, keyspace: () => dumpKeyspace({ clusterNodes: cluster.nodes }, prefix) };
});

describe('erasing a customer of real web chat surveys on a Redis Cluster', () => {
  let satisfy: SatisfyApp;
  let server: Listening;

  afterAll(async () => {
    await satisfy?.close();
    await server?.close();
  });

  it('leaves no key or value naming the erased customer, keeps the other, and a second erasure is a no-op', async () => {
    const prefix = uniquePrefix();
    const stores = await testRedisStores({ clusterNodes: cluster.nodes }, prefix);
    satisfy = await createTestApp({}, { stores });
    server = await listen(satisfy.app, satisfy.attach);
    const keyspace = () => dumpKeyspace({ clusterNodes: cluster.nodes }, prefix);

    // Kim answers two questions in the web chat; Lee is unhappy, writes their e-mail, and gets a case.
    const kimInvite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'cust-kim' }, order: { id: 'K-1' } }, 3600_000);
    const kim = await WebChatCustomer.open(server.url, { invite: kimInvite });
    for (const answer of ['5', '4']) await kim.say(answer);
    kim.close();
    const leeInvite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'cust-lee', name: 'Lee' }, order: { id: 'L-1' } }, 3600_000);
    const lee = await WebChatCustomer.open(server.url, { invite: leeInvite });
    for (const answer of ['1', '1', '2', '1']) await lee.say(answer);
    await lee.say('Awful, it arrived broken, I want a refund. Write to lee.private@example.org');
    lee.close();

    const [leeCase] = await stores.cases.list(10);
    expect(leeCase).toMatchObject({ customer: { id: 'cust-lee' }, address: { conversationId: lee.conversationId } });
    const responses = await stores.responses.list({});
    const leeResponse = responses.find((r) => r.customerId === 'cust-lee')!;
    const kimResponse = responses.find((r) => r.customerId === 'cust-kim')!;
    const leeMentions = ['cust-lee', leeResponse.id, leeCase!.id, lee.conversationId, 'lee.private@example.org'];
    const mentioning = (dump: Map<string, string>, needles: string[]) => [...dump].filter(([k, v]) => needles.some((n) => k.includes(n) || v.includes(n))).map(([k]) => k);
    const before = mentioning(await keyspace(), leeMentions);
    // Response, its indexes, case, case index, alert stream, state, chat meta/log/client ids, customer set.
    expect(before.length).toBeGreaterThanOrEqual(9);

    const erase = () => fetch(`${server.url}/api/customers/cust-lee`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const first = await erase();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ erasure: { found: true, counts: { responses: 1, cases: 1, conversations: 1, chats: 1 } } });

    const after = await keyspace();
    expect(mentioning(after, leeMentions)).toEqual([]);
    expect(mentioning(after, ['cust-kim', kimResponse.id, kim.conversationId]).length).toBeGreaterThanOrEqual(5);
    expect((await stores.responses.get(kimResponse.id))?.answers).toMatchObject({ csat: { value: 5 }, delivery: { value: 4 } });
    expect((await stores.activities.since(kim.conversationId, 0, 100)).activities.length).toBeGreaterThan(3);
    expect(await stores.customers.refs('cust-kim')).toHaveLength(2);

    const second = await erase();
    expect(await second.json()).toMatchObject({ erasure: { found: false, counts: { responses: 0, cases: 0, conversations: 0, chats: 0 } } });
    expect(mentioning(await keyspace(), leeMentions)).toEqual([]);
  });
});
