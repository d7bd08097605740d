import { createClient } from 'redis';
import { afterAll } from 'vitest';
import { RedisKeys } from '../../src/storage/redis/RedisKeys.js';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { activityLogContract } from './activityLog.contract.js';
import { aggregateStoreContract } from './aggregateStore.contract.js';
import { invitationStoreContract } from './invitationStore.contract.js';
import { auditLogContract } from './auditLog.contract.js';
import { alertQueueContract, redisStreamElapse } from './alertQueue.contract.js';
import { caseFeedContract } from './caseFeed.contract.js';
import { caseStoreContract } from './caseStore.contract.js';
import { deduplicatorContract } from './deduplicator.contract.js';
import { privacyContract } from './privacy.contract.js';
import { dumpKeyspace } from '../support/keyspace.js';
import { responseStoreContract } from './responseStore.contract.js';
import { scriptStoreContract } from './scriptStore.contract.js';
import { jobQueueContract } from './jobQueue.contract.js';
import { webhookStoreContract } from './webhookStore.contract.js';
import { signInFailuresContract } from './signInFailures.contract.js';
import { FakeClock } from '../support/scripts.js';
import { stateStorageContract } from './stateStorage.contract.js';
import { staffAccountStoreContract } from './staffAccountStore.contract.js';
import { agentPresenceContract } from './agentPresence.contract.js';
import { cannedReplyStoreContract } from './cannedReplyStore.contract.js';

const opened: Stores[] = [];
async function fresh(): Promise<Stores> {
  const stores = await testRedisStores();
  opened.push(stores);
  return stores;
}
/** Stores on a prefix of their own, and more connections to the same data (other instances). */
async function shared(): Promise<{ stores: Stores; prefix: string; another: () => Promise<Stores> }> {
  const prefix = uniquePrefix();
  const open = async () => {
    const stores = await testRedisStores(undefined, prefix);
    opened.push(stores);
    return stores;
  };
  return { stores: await open(), prefix, another: open };
}
/** A plain client, to age the alert stream's pending entries (see redisStreamElapse). */
let raw: Promise<ReturnType<typeof createClient>> | undefined;
function rawClient(): Promise<ReturnType<typeof createClient>> {
  raw ??= createClient({ url: redisUrl() }).connect();
  return raw;
}
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await (await raw)?.close();
});

stateStorageContract('redis', async () => (await fresh()).state);
responseStoreContract('redis', async () => (await fresh()).responses);
scriptStoreContract('redis', async () => (await fresh()).scripts);
auditLogContract('redis', async () => (await fresh()).audit);
activityLogContract('redis', async () => (await fresh()).activities);
deduplicatorContract('redis', async () => (await fresh()).deliveries);
caseStoreContract('redis', async () => (await fresh()).cases);
signInFailuresContract('redis', async () => (await fresh()).signInFailures);
alertQueueContract('redis', async () => {
  const { stores, prefix, another } = await shared();
  return { queue: stores.alerts, another: async () => (await another()).alerts, elapse: redisStreamElapse(await rawClient(), new RedisKeys(prefix).caseAlerts()) };
});
privacyContract('redis', async () => {
  const { stores, prefix } = await shared();
  return { stores, keyspace: () => dumpKeyspace({ url: redisUrl() }, prefix) };
});
caseFeedContract('redis', async () => {
  const { stores, another } = await shared();
  return { feed: stores.caseFeed, another: async () => (await another()).caseFeed };
});
aggregateStoreContract('redis', async (topN) => {
  const stores = await testRedisStores(undefined, uniquePrefix(), undefined, { segmentTopN: topN });
  opened.push(stores);
  return stores.aggregates;
});
jobQueueContract('redis', async () => {
  const prefix = uniquePrefix();
  const clock = new FakeClock();
  const open = async () => {
    const stores = await testRedisStores(undefined, prefix, clock);
    opened.push(stores);
    return stores.jobs;
  };
  return { queue: await open(), another: open, clock };
});
invitationStoreContract('redis', async () => (await fresh()).invitations);
webhookStoreContract('redis', async () => (await fresh()).webhooks);
staffAccountStoreContract('redis', async () => {
  const { stores, another } = await shared();
  return { store: stores.staffAccounts, another: async () => (await another()).staffAccounts };
});
agentPresenceContract('redis', async () => {
  const { stores, another } = await shared();
  return { presence: stores.presence, another: async () => (await another()).presence };
});
cannedReplyStoreContract('redis', async () => {
  const { stores, another } = await shared();
  return { store: stores.cannedReplies, another: async () => (await another()).cannedReplies };
});
