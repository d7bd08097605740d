import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../core/ports.js';
import { memoryStores } from './memory/memoryStores.js';
import { redisStores } from './redis/redisStores.js';
import type { Stores } from './Stores.js';

/** REDIS_URL or REDIS_CLUSTER_NODES set: Redis; otherwise the in-memory laptop default. */
export async function createStores(config: Config, clock: Clock, log: Logger): Promise<Stores> {
  if (!config.redis) return memoryStores(clock, { stateMs: config.retention.stateMs }, config.segmentTopN);
  return redisStores(
    {
      ...config.redis,
      responseRetentionMs: config.responseRetentionMs,
      caseRetentionMs: config.retention.caseMs,
      stateRetentionMs: config.retention.stateMs,
      chatRetentionMs: config.webchat.retentionMs,
      segmentTopN: config.segmentTopN,
    },
    clock,
    log,
  );
}
