import type { Logger } from 'pino';
import type { Clock } from '../../core/ports.js';
import type { Stores } from '../Stores.js';
import { RedisAuditLog } from './RedisAuditLog.js';
import { RedisApiKeyStore } from './RedisApiKeyStore.js';
import { RedisInvitationStore } from './RedisInvitationStore.js';
import { RedisAggregateStore } from './RedisAggregateStore.js';
import { RedisAlertQueue } from './RedisAlertQueue.js';
import { RedisCaseFeed } from './RedisCaseFeed.js';
import { RedisCaseStore } from './RedisCaseStore.js';
import { RedisDeduplicator } from './RedisDeduplicator.js';
import { RedisActivityLog } from './RedisActivityLog.js';
import { RedisConnection, type RedisTarget } from './RedisConnection.js';
import { RedisCustomerIndex } from './RedisCustomerIndex.js';
import { RedisPrivacyLog } from './RedisPrivacyLog.js';
import { RedisJobQueue } from './RedisJobQueue.js';
import { RedisKeys } from './RedisKeys.js';
import { RedisWebhookStore } from './RedisWebhookStore.js';
import { RedisResponseStore } from './RedisResponseStore.js';
import { RedisScriptStore } from './RedisScriptStore.js';
import { RedisSignInFailures } from './RedisSignInFailures.js';
import { RedisStateStorage } from './RedisStateStorage.js';
import { RedisStaffAccountStore } from './RedisStaffAccountStore.js';
import { RedisAgentPresence } from './RedisAgentPresence.js';
import { RedisCannedReplyStore } from './RedisCannedReplyStore.js';

export interface RedisStoreOptions extends RedisTarget {
  prefix: string;
  responseRetentionMs: number;
  /** Each defaults to the response retention (state: no cap). */
  caseRetentionMs?: number;
  stateRetentionMs?: number;
  /** Web chat logs (their TTL is set by the Direct Line server); here only for the customer
   * index, which must outlive everything it lists. */
  chatRetentionMs?: number;
  /** A results segment keeps this many values; later new ones count as "other". */
  segmentTopN?: number;
  /** How long counted answers wait to be summed into the results counters (RedisAggregateStore). */
  resultsFoldDelayMs?: number;
}

/** Connects (failing with a clear message when Redis cannot be reached) and builds every store. */
export async function redisStores(options: RedisStoreOptions, clock: Clock, log: Logger): Promise<Stores> {
  const redis = await RedisConnection.connect(options, log);
  const keys = new RedisKeys(options.prefix);
  const caseRetentionMs = options.caseRetentionMs ?? options.responseRetentionMs;
  const customerTtlMs = Math.max(options.responseRetentionMs, caseRetentionMs, options.stateRetentionMs ?? 0, options.chatRetentionMs ?? 0);
  const aggregates = new RedisAggregateStore(redis, keys, {
    // An event can come again while its conversation's state (holding it pending) lives.
    dedupeTtlMs: Math.min(options.responseRetentionMs, options.stateRetentionMs ?? options.responseRetentionMs),
    topN: options.segmentTopN,
    foldDelayMs: options.resultsFoldDelayMs,
    log,
  });
  return {
    kind: 'redis',
    description: `${redis.description}, key prefix "${options.prefix}"`,
    state: new RedisStateStorage(redis, keys, options.stateRetentionMs),
    responses: new RedisResponseStore(redis, keys, options.responseRetentionMs, () => clock.now()),
    scripts: new RedisScriptStore(redis, keys),
    activities: new RedisActivityLog(redis, keys),
    deliveries: new RedisDeduplicator(redis, keys),
    cases: new RedisCaseStore(redis, keys, caseRetentionMs, () => clock.now()),
    alerts: new RedisAlertQueue(redis, keys),
    aggregates,
    audit: new RedisAuditLog(redis, keys),
    caseFeed: new RedisCaseFeed(redis, keys),
    customers: new RedisCustomerIndex(redis, keys, customerTtlMs),
    privacyLog: new RedisPrivacyLog(redis, keys),
    invitations: new RedisInvitationStore(redis, keys, options.responseRetentionMs),
    apiKeys: new RedisApiKeyStore(redis, keys),
    raw: { prefix: options.prefix, sendCommand: (key, readOnly, args) => redis.sendCommand(key, readOnly, args) },
    signInFailures: new RedisSignInFailures(redis, keys),
    staffAccounts: new RedisStaffAccountStore(redis, keys),
    jobs: new RedisJobQueue(redis, keys, clock),
    webhooks: new RedisWebhookStore(redis, keys),
    presence: new RedisAgentPresence(redis, keys),
    cannedReplies: new RedisCannedReplyStore(redis, keys),
    ready: () => redis.ping(keys.readinessProbe()),
    close: async () => {
      // Counters appended but not yet folded are folded now rather than by the next instance.
      await aggregates.drain().catch((err: unknown) => log.warn({ err }, 'results: counters left to fold by the next instance'));
      await redis.close();
    },
  };
}
