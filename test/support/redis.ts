import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { inject } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Clock } from '../../src/core/ports.js';
import { redisStores } from '../../src/storage/redis/redisStores.js';
import type { Stores } from '../../src/storage/Stores.js';

/** The run's Redis (see test/setup/redisGlobalSetup.ts). */
export function redisUrl(): string {
  return inject('redisUrl');
}

/** A key prefix of its own per test, so tests share one server without sharing data. */
export function uniquePrefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

export interface StoreTarget {
  url?: string;
  clusterNodes?: string[];
}

export function testRedisStores(target: StoreTarget = { url: redisUrl() }, prefix = uniquePrefix(), clock: Clock = systemClock, extra: { segmentTopN?: number; resultsFoldDelayMs?: number } = {}): Promise<Stores> {
  return redisStores({ ...target, prefix, connectTimeoutMs: 5000, responseRetentionMs: 365 * 86_400_000, ...extra }, clock, pino({ level: 'silent' }));
}
