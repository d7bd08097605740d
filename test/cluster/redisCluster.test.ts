import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/storage/redis/RedisKeys.js';
import type { Stores } from '../../src/storage/Stores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen } from '../support/http.js';
import { BotDriver } from '../support/BotDriver.js';
import { testRedisStores, uniquePrefix } from '../support/redis.js';
import { startRedisCluster, type RedisCluster } from '../support/redisServer.js';
import { activityLogContract } from '../contract/activityLog.contract.js';
import { aggregateStoreContract } from '../contract/aggregateStore.contract.js';
import { invitationStoreContract } from '../contract/invitationStore.contract.js';
import { alertQueueContract, redisStreamElapse } from '../contract/alertQueue.contract.js';
import { caseFeedContract } from '../contract/caseFeed.contract.js';
import { caseStoreContract } from '../contract/caseStore.contract.js';
import { deduplicatorContract } from '../contract/deduplicator.contract.js';
import { jobQueueContract } from '../contract/jobQueue.contract.js';
import { webhookStoreContract } from '../contract/webhookStore.contract.js';
import { signInFailuresContract } from '../contract/signInFailures.contract.js';
import { FakeClock } from '../support/scripts.js';
import { waitFor } from '../support/waitFor.js';
import { responseStoreContract } from '../contract/responseStore.contract.js';
import { scriptStoreContract } from '../contract/scriptStore.contract.js';
import { auditLogContract } from '../contract/auditLog.contract.js';
import { stateStorageContract } from '../contract/stateStorage.contract.js';
import { staffAccountStoreContract } from '../contract/staffAccountStore.contract.js';
import { agentPresenceContract } from '../contract/agentPresence.contract.js';
import { cannedReplyStoreContract } from '../contract/cannedReplyStore.contract.js';

/**
 * Everything against a three-master Redis Cluster started here. A command or Lua script whose
 * keys fell in different slots would fail with CROSSSLOT, so passing shows none does.
 */
let cluster: RedisCluster;
const opened: Stores[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await (await raw)?.close();
  await cluster?.destroy();
});

async function fresh(): Promise<Stores> {
  const stores = await testRedisStores({ clusterNodes: cluster.nodes });
  opened.push(stores);
  return stores;
}

/** Stores on a prefix of their own, and more connections to the same data (other instances). */
async function shared(): Promise<{ stores: Stores; prefix: string; another: () => Promise<Stores> }> {
  const prefix = uniquePrefix();
  const open = async () => {
    const stores = await testRedisStores({ clusterNodes: cluster.nodes }, prefix);
    opened.push(stores);
    return stores;
  };
  return { stores: await open(), prefix, another: open };
}

/** A plain Cluster client, to age the alert stream's pending entries (see redisStreamElapse). */
let raw: Promise<ReturnType<typeof createCluster>> | undefined;
function rawCluster(): Promise<ReturnType<typeof createCluster>> {
  raw ??= createCluster({ rootNodes: cluster.nodes.map((url) => ({ url })) }).connect();
  return raw;
}

stateStorageContract('redis cluster', async () => (await fresh()).state);
responseStoreContract('redis cluster', async () => (await fresh()).responses);
scriptStoreContract('redis cluster', async () => (await fresh()).scripts);
auditLogContract('redis cluster', async () => (await fresh()).audit);
activityLogContract('redis cluster', async () => (await fresh()).activities);
deduplicatorContract('redis cluster', async () => (await fresh()).deliveries);
caseStoreContract('redis cluster', async () => (await fresh()).cases);
signInFailuresContract('redis cluster', async () => (await fresh()).signInFailures);
invitationStoreContract('redis cluster', async () => (await fresh()).invitations);
aggregateStoreContract('redis cluster', async (topN) => {
  const stores = await testRedisStores({ clusterNodes: cluster.nodes }, uniquePrefix(), undefined, { segmentTopN: topN });
  opened.push(stores);
  return stores.aggregates;
});
alertQueueContract('redis cluster', async () => {
  const { stores, prefix, another } = await shared();
  return { queue: stores.alerts, another: async () => (await another()).alerts, elapse: redisStreamElapse(await rawCluster(), new RedisKeys(prefix).caseAlerts()) };
});
caseFeedContract('redis cluster', async () => {
  const { stores, another } = await shared();
  return { feed: stores.caseFeed, another: async () => (await another()).caseFeed };
});
jobQueueContract('redis cluster', async () => {
  const prefix = uniquePrefix();
  const clock = new FakeClock();
  const open = async () => {
    const stores = await testRedisStores({ clusterNodes: cluster.nodes }, prefix, clock);
    opened.push(stores);
    return stores.jobs;
  };
  return { queue: await open(), another: open, clock };
});

webhookStoreContract('redis cluster', async () => (await fresh()).webhooks);
agentPresenceContract('redis cluster', async () => {
  const { stores, another } = await shared();
  return { presence: stores.presence, another: async () => (await another()).presence };
});
cannedReplyStoreContract('redis cluster', async () => {
  const { stores, another } = await shared();
  return { store: stores.cannedReplies, another: async () => (await another()).cannedReplies };
});
staffAccountStoreContract('redis cluster', async () => {
  const { stores, another } = await shared();
  return { store: stores.staffAccounts, another: async () => (await another()).staffAccounts };
});

describe('the sample survey on a Redis Cluster', () => {
  it('runs to the end, with answers stored across the cluster', async () => {
    const stores = await fresh();
    const satisfy = await createTestApp({}, { stores });
    const customer = new BotDriver(satisfy.bot, { locale: 'zh-CN', conversationId: 'cluster-1' });
    await customer.start({ locale: 'zh-CN', customer: { id: 'c-cluster' } });
    for (const answer of ['5', '4', '⭐⭐⭐⭐⭐', '非常满意', '9', '质量很好']) await customer.send(answer);
    expect(customer.texts().at(-1)).toContain('很高兴您满意');
    const [response] = await stores.responses.list({ surveyId: 'post-purchase' });
    expect(response).toMatchObject({ status: 'completed', customerId: 'c-cluster', locale: 'zh-CN' });
    expect(Object.keys(response!.answers).sort()).toEqual(['csat', 'delivery', 'liked', 'nps', 'product_quality', 'value']);
  });
});

describe('rate limits on a Redis Cluster', () => {
  it('are shared by two instances, whichever node holds each client’s counter', async () => {
    const { stores, another, prefix } = await shared();
    const env = { TRUST_PROXY: 'loopback', RATE_LIMIT_PAGES: '2' };
    const apps = [await createTestApp(env, { stores }), await createTestApp(env, { stores: await another() })];
    const servers = await Promise.all(apps.map((a) => listen(a.app)));
    try {
      // Eight clients: their counters land in different slots, so every master serves some
      // (and has to be taught the limiter's script on first use).
      for (let client = 1; client <= 8; client++) {
        const ip = `203.0.113.${client}`;
        const get = async (i: number) => (await fetch(`${servers[i]!.url}/chat`, { headers: { 'x-forwarded-for': ip } })).status;
        const key = `${prefix}rl:pages:${ip}`;
        const counted = async () => Number(await stores.raw!.sendCommand(key, true, ['GET', key]));
        expect([await get(0), await get(0), await get(0)], `client ${client}`).toEqual([200, 200, 429]);
        await waitFor(async () => (await counted()) === 3);
        // The other instance lets one through before it has heard (the slack of one sync
        // round), then refuses with the shared count.
        expect(await get(1), `client ${client}`).toBe(200);
        await waitFor(async () => (await counted()) === 4);
        expect(await get(1), `client ${client}`).toBe(429);
      }
      const metrics = await (await fetch(`${servers[0]!.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      expect(metrics).toMatch(/^satisfy_rate_limit_store_errors_total 0$/m);
    } finally {
      for (const s of servers) await s.close();
      for (const a of apps) await a.close();
    }
  });
});
