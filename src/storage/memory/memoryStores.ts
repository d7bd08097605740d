import type { Clock } from '../../core/ports.js';
import type { Stores } from '../Stores.js';
import { systemClock } from '../../clock.js';
import { MemoryJobQueue } from '../../scheduler/MemoryJobQueue.js';
import { MemoryWebhookStore } from './MemoryWebhookStore.js';
import { MemoryAggregateStore } from './MemoryAggregateStore.js';
import { MemoryApiKeyStore } from './MemoryApiKeyStore.js';
import { MemoryInvitationStore } from './MemoryInvitationStore.js';
import { MemoryAuditLog } from './MemoryAuditLog.js';
import { MemoryAlertQueue } from './MemoryAlertQueue.js';
import { MemoryCaseFeed } from './MemoryCaseFeed.js';
import { MemoryCaseStore } from './MemoryCaseStore.js';
import { MemoryCustomerIndex } from './MemoryCustomerIndex.js';
import { MemoryPrivacyLog } from './MemoryPrivacyLog.js';
import { MemoryDeduplicator } from './MemoryDeduplicator.js';
import { MemoryActivityLog } from './MemoryActivityLog.js';
import { MemoryResponseStore } from './MemoryResponseStore.js';
import { MemoryScriptStore } from './MemoryScriptStore.js';
import { MemorySignInFailures } from './MemorySignInFailures.js';
import { MemoryStateStorage } from './MemoryStateStorage.js';
import { MemoryStaffAccountStore } from './MemoryStaffAccountStore.js';
import { MemoryAgentPresence } from './MemoryAgentPresence.js';
import { MemoryCannedReplyStore } from './MemoryCannedReplyStore.js';

/** Only conversation state expires in memory (the other stores keep everything until restart). */
export function memoryStores(clock?: Clock, retention: { stateMs?: number } = {}, segmentTopN?: number): Stores {
  return {
    kind: 'memory',
    description: 'in-memory store (the default; everything is lost on restart)',
    state: new MemoryStateStorage(clock, retention.stateMs),
    responses: new MemoryResponseStore(),
    scripts: new MemoryScriptStore(),
    activities: new MemoryActivityLog(),
    deliveries: new MemoryDeduplicator(clock ?? systemClock),
    cases: new MemoryCaseStore(),
    audit: new MemoryAuditLog(),
    alerts: new MemoryAlertQueue(clock ?? systemClock),
    aggregates: new MemoryAggregateStore(segmentTopN),
    caseFeed: new MemoryCaseFeed(),
    customers: new MemoryCustomerIndex(),
    privacyLog: new MemoryPrivacyLog(),
    invitations: new MemoryInvitationStore(),
    apiKeys: new MemoryApiKeyStore(),
    signInFailures: new MemorySignInFailures(clock ?? systemClock),
    staffAccounts: new MemoryStaffAccountStore(),
    jobs: new MemoryJobQueue(clock ?? systemClock),
    webhooks: new MemoryWebhookStore(),
    presence: new MemoryAgentPresence(),
    cannedReplies: new MemoryCannedReplyStore(),
    ready: async () => true,
    close: async () => {},
  };
}
