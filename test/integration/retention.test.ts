import { createClient } from 'redis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createStores } from '../../src/storage/createStores.js';
import { MemoryStateStorage } from '../../src/storage/memory/MemoryStateStorage.js';
import { RedisKeys } from '../../src/storage/redis/RedisKeys.js';
import type { Stores } from '../../src/storage/Stores.js';
import { testCase } from '../contract/caseStore.contract.js';
import { redisUrl, uniquePrefix } from '../support/redis.js';
import { FakeClock } from '../support/scripts.js';

const DAY = 86_400_000;

/** Retention per kind of data: configured once, applied by the stores as TTLs. */
describe('retention per kind of data', () => {
  const opened: Stores[] = [];
  let raw: ReturnType<typeof createClient> | undefined;
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await raw?.close();
  });

  it('is read from CASE_RETENTION_DAYS and STATE_RETENTION_DAYS, with defaults, and bad values are refused', () => {
    expect(loadConfig({}).retention).toEqual({ caseMs: 365 * DAY, stateMs: 30 * DAY });
    expect(loadConfig({ CASE_RETENTION_DAYS: '90', STATE_RETENTION_DAYS: '7' }).retention).toEqual({ caseMs: 90 * DAY, stateMs: 7 * DAY });
    expect(() => loadConfig({ CASE_RETENTION_DAYS: '0', STATE_RETENTION_DAYS: 'soon' })).toThrow(/CASE_RETENTION_DAYS.*\n.*STATE_RETENTION_DAYS/s);
  });

  it('caps conversation state in memory: no write outlives STATE_RETENTION_DAYS', async () => {
    const clock = new FakeClock();
    const state = new MemoryStateStorage(clock, 2 * DAY);
    await state.write({ asked: { v: 1 }, forever: { v: 2 }, short: { v: 3 } }, { ttlMs: 30 * DAY });
    await state.write({ forever: { v: 2, eTag: '*' } });
    await state.write({ short: { v: 3, eTag: '*' } }, { ttlMs: DAY });
    clock.advance(DAY + 1);
    expect(Object.keys(await state.read(['asked', 'forever', 'short']))).toEqual(['asked', 'forever']);
    clock.advance(DAY);
    expect(await state.read(['asked', 'forever'])).toEqual({});
  });

  it('sets each kind of Redis key to its own retention, and the customer index to the longest', async () => {
    const prefix = uniquePrefix();
    const config = loadConfig({ REDIS_URL: redisUrl(), REDIS_PREFIX: prefix, RESPONSE_RETENTION_DAYS: '100', CASE_RETENTION_DAYS: '40', STATE_RETENTION_DAYS: '3', CHAT_RETENTION_HOURS: '24' });
    const stores = await createStores(config, systemClock, pino({ level: 'silent' }));
    opened.push(stores);
    raw = await createClient({ url: redisUrl() }).connect();
    const keys = new RedisKeys(prefix);
    const c = testCase('case_ttl');
    await stores.cases.create(c);
    await stores.cases.linkSlackThread('1700000000.000100', c.id);
    await stores.state.write({ 'conversation/test/ttl': { v: 1 } }, { ttlMs: 60 * DAY });
    await stores.customers.add('cust-ttl', [{ kind: 'response', id: 'r', surveyId: 's' }]);
    const days = async (key: string) => Math.round((await raw!.pTTL(key)) / DAY);
    expect(await days(keys.case(c.id))).toBe(40);
    expect(await days(keys.caseThread('1700000000.000100'))).toBe(40);
    expect(await days(keys.state('conversation/test/ttl'))).toBe(3);
    expect(await days(keys.customerRefs('cust-ttl'))).toBe(100);
  });
});
