import { describe, expect, it } from 'vitest';
import { MemoryAggregateStore } from '../../src/storage/memory/MemoryAggregateStore.js';
import { systemClock } from '../../src/clock.js';
import { MemoryDeduplicator } from '../../src/storage/memory/MemoryDeduplicator.js';
import { MemoryActivityLog } from '../../src/storage/memory/MemoryActivityLog.js';
import { MemoryResponseStore } from '../../src/storage/memory/MemoryResponseStore.js';
import { MemoryScriptStore } from '../../src/storage/memory/MemoryScriptStore.js';
import { MemoryStateStorage } from '../../src/storage/memory/MemoryStateStorage.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { FakeClock } from '../support/scripts.js';
import { activityLogContract } from './activityLog.contract.js';
import { aggregateStoreContract } from './aggregateStore.contract.js';
import { invitationStoreContract } from './invitationStore.contract.js';
import { auditLogContract } from './auditLog.contract.js';
import { alertQueueContract } from './alertQueue.contract.js';
import { caseFeedContract } from './caseFeed.contract.js';
import { caseStoreContract } from './caseStore.contract.js';
import { deduplicatorContract } from './deduplicator.contract.js';
import { privacyContract } from './privacy.contract.js';
import { responseStoreContract } from './responseStore.contract.js';
import { scriptStoreContract } from './scriptStore.contract.js';
import { jobQueueContract } from './jobQueue.contract.js';
import { webhookStoreContract } from './webhookStore.contract.js';
import { signInFailuresContract } from './signInFailures.contract.js';
import { stateStorageContract } from './stateStorage.contract.js';
import { staffAccountStoreContract } from './staffAccountStore.contract.js';
import { agentPresenceContract } from './agentPresence.contract.js';
import { cannedReplyStoreContract } from './cannedReplyStore.contract.js';

stateStorageContract('memory', () => new MemoryStateStorage());
responseStoreContract('memory', () => new MemoryResponseStore());
scriptStoreContract('memory', () => new MemoryScriptStore());
auditLogContract('memory', () => memoryStores().audit);
activityLogContract('memory', () => new MemoryActivityLog());
deduplicatorContract('memory', () => new MemoryDeduplicator(systemClock));
caseStoreContract('memory', () => memoryStores(new FakeClock()).cases);
alertQueueContract('memory', () => {
  const clock = new FakeClock();
  const { alerts } = memoryStores(clock);
  return { queue: alerts, another: () => alerts, elapse: (ms) => clock.advance(ms) };
});
privacyContract('memory', async () => ({ stores: memoryStores(new FakeClock()) }));
caseFeedContract('memory', () => {
  const { caseFeed } = memoryStores(new FakeClock());
  return { feed: caseFeed, another: () => caseFeed };
});
signInFailuresContract('memory', () => memoryStores().signInFailures);
aggregateStoreContract('memory', (topN) => new MemoryAggregateStore(topN));
jobQueueContract('memory', () => {
  const clock = new FakeClock();
  const { jobs } = memoryStores(clock);
  return { queue: jobs, another: () => jobs, clock };
});
invitationStoreContract('memory', () => memoryStores().invitations);
webhookStoreContract('memory', () => memoryStores().webhooks);
staffAccountStoreContract('memory', async () => {
  const { staffAccounts } = memoryStores();
  return { store: staffAccounts, another: () => staffAccounts };
});
agentPresenceContract('memory', async () => {
  const { presence } = memoryStores();
  return { presence, another: () => presence };
});
cannedReplyStoreContract('memory', async () => {
  const { cannedReplies } = memoryStores();
  return { store: cannedReplies, another: () => cannedReplies };
});

describe('MemoryStateStorage', () => {
  it('answers after the I/O already due, as a network store does, not within the same run of promises', async () => {
    const s = new MemoryStateStorage();
    const order: string[] = [];
    setImmediate(() => order.push('io'));
    await s.write({ k: { n: 1 } }).then(() => order.push('write'));
    setImmediate(() => order.push('io'));
    await s.read(['k']).then(() => order.push('read'));
    expect(order).toEqual(['io', 'write', 'io', 'read']);
  });
});
