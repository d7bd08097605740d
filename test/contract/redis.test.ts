import { afterAll } from 'vitest';
import type { Stores } from '../../src/storage/Stores.js';
import { testRedisStores } from '../support/redis.js';
import { activityLogContract } from './activityLog.contract.js';
import { deduplicatorContract } from './deduplicator.contract.js';
import { responseStoreContract } from './responseStore.contract.js';
import { scriptStoreContract } from './scriptStore.contract.js';
import { stateStorageContract } from './stateStorage.contract.js';

const opened: Stores[] = [];
async function fresh(): Promise<Stores> {
  const stores = await testRedisStores();
  opened.push(stores);
  return stores;
}
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

stateStorageContract('redis', async () => (await fresh()).state);
responseStoreContract('redis', async () => (await fresh()).responses);
scriptStoreContract('redis', async () => (await fresh()).scripts);
activityLogContract('redis', async () => (await fresh()).activities);
deduplicatorContract('redis', async () => (await fresh()).deliveries);
