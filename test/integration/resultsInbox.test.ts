import { pino } from 'pino';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { AggregateUpdate } from '../../src/core/results/aggregateEvent.js';
import { SatisfyError } from '../../src/errors.js';
import { RedisAggregateStore } from '../../src/storage/redis/RedisAggregateStore.js';
import { RedisConnection, type LuaScript } from '../../src/storage/redis/RedisConnection.js';
import { RedisKeys } from '../../src/storage/redis/RedisKeys.js';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/waitFor.js';

/*
 * The Redis results store counts in two steps (RedisAggregateStore): a turn appends its updates
 * to the survey's inbox, and a fold adds them to the counters later, in large sums. These are
 * the ways that could lose or double an answer that the contract suite does not reach.
 */

const opened: Stores[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

const NEVER = 1e9;
async function instance(url: string, prefix: string, foldDelayMs = NEVER): Promise<Stores> {
  const stores = await testRedisStores({ url }, prefix, undefined, { resultsFoldDelayMs: foldDelayMs });
  opened.push(stores);
  return stores;
}

const update = (surveyId: string, responseId: string, key: string, counts: Record<string, number>, day = '2026-11-02'): AggregateUpdate => ({
  surveyId,
  day,
  responseId,
  key,
  segments: { channel: 'directline', locale: 'en', version: '1', brand: responseId.endsWith('0') ? 'Acme' : 'Bolt' },
  counts,
});

/** Updates of `n` responses, each appended in a turn of its own (one inbox entry each). */
async function answer(stores: Stores, surveyId: string, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await stores.aggregates.applyAll([update(surveyId, `r${i}`, 'survey.started', { started: 1 }), update(surveyId, `r${i}`, 'answer.recorded:csat', { 'q:csat:n': 1, [`q:csat:v:${1 + (i % 5)}`]: 1 })]);
  }
}

async function inboxLength(url: string, prefix: string, surveyId: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await client.xLen(`${new RedisKeys(prefix).aggregates(surveyId).base(0)}:in`);
  } finally {
    await client.quit();
  }
}

async function rawClient(): Promise<ReturnType<typeof createClient>> {
  const client = createClient({ url: redisUrl() });
  await client.connect();
  closing.push(() => client.quit());
  return client;
}
const closing: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closing) await close();
});

describe('results inbox (Redis)', () => {
  it('counts what an instance appended but never folded (it stopped) as soon as another instance reads', async () => {
    const prefix = uniquePrefix();
    const stopped = await instance(redisUrl(), prefix);
    await answer(stopped, 's1', 30);
    expect(await inboxLength(redisUrl(), prefix, 's1')).toBe(30);

    const other = await instance(redisUrl(), prefix);
    expect(await other.aggregates.total('s1', '2026-11-01', '2026-11-30')).toEqual({ started: 30, 'q:csat:n': 30, 'q:csat:v:1': 6, 'q:csat:v:2': 6, 'q:csat:v:3': 6, 'q:csat:v:4': 6, 'q:csat:v:5': 6 });
    expect(await other.aggregates.total('s1', '2026-11-01', '2026-11-30', { name: 'brand', values: ['Acme'] }, ['started'])).toEqual({ started: 3 });
    expect(await inboxLength(redisUrl(), prefix, 's1')).toBe(0);
  });

  it('counts each update once when several instances fold the same inbox at the same time', async () => {
    const prefix = uniquePrefix();
    const writer = await instance(redisUrl(), prefix);
    await answer(writer, 's2', 1200);
    const readers = await Promise.all([1, 2, 3].map(() => instance(redisUrl(), prefix)));
    // Every reader folds before it reads: three folds race over the same 1,200 entries.
    const totals = await Promise.all(readers.flatMap((r) => [r.aggregates.total('s2', '2026-11-01', '2026-11-30', undefined, ['started']), r.aggregates.total('s2', '2026-11-01', '2026-11-30', undefined, ['started'])]));
    for (const t of totals) expect(t).toEqual({ started: 1200 });
    expect(await writer.aggregates.total('s2', '2026-11-01', '2026-11-30', { name: 'brand', values: ['Acme', 'Bolt'] }, ['q:csat:n'])).toEqual({ 'q:csat:n': 1200 });
  });

  it('does not count twice an update appended again while the first is still waiting in the inbox (a replayed turn)', async () => {
    const prefix = uniquePrefix();
    const a = await instance(redisUrl(), prefix);
    const b = await instance(redisUrl(), prefix);
    await answer(a, 's3', 10);
    await answer(b, 's3', 10);
    await answer(a, 's3', 5, 8);
    expect(await inboxLength(redisUrl(), prefix, 's3')).toBe(13);
    expect(await b.aggregates.total('s3', '2026-11-01', '2026-11-30', undefined, ['started', 'q:csat:n'])).toEqual({ started: 13, 'q:csat:n': 13 });
  });

  it('drops the waiting updates of a survey being rebuilt: the rebuild counts them from the responses, once', async () => {
    const prefix = uniquePrefix();
    const live = await instance(redisUrl(), prefix);
    await answer(live, 's4', 20);
    await live.aggregates.clear('s4');
    // The rebuild applies every stored response's events again, in the new generation.
    await answer(live, 's4', 20);
    expect(await live.aggregates.total('s4', '2026-11-01', '2026-11-30', undefined, ['started'])).toEqual({ started: 20 });
  });

  it('folds in the background, and after failed folds (Redis gone for a moment) tries again by itself, losing nothing', async () => {
    const prefix = uniquePrefix();
    const redis = await RedisConnection.connect({ url: redisUrl(), connectTimeoutMs: 5000 }, pino({ level: 'silent' }));
    let failures = 2;
    // The real connection, except that the first two folds fail the way a dropped connection does.
    const faulty = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop !== 'run') return Reflect.get(target, prop, receiver);
        return async (script: LuaScript, keys: string[], args: string[]) => {
          if (script.source.includes('XTRIM') && failures > 0) {
            failures--;
            throw new SatisfyError('STORE_UNAVAILABLE', 'Redis went away');
          }
          return target.run(script, keys, args);
        };
      },
    });
    const store = new RedisAggregateStore(faulty, new RedisKeys(prefix), { dedupeTtlMs: 86_400_000, foldDelayMs: 50 });
    try {
      for (let i = 0; i < 40; i++) await store.applyAll([update('s5', `r${i}`, 'survey.started', { started: 1 })]);
      // The retry comes by itself, without a read asking for it.
      await waitFor(async () => failures === 0 && (await inboxLength(redisUrl(), prefix, 's5')) === 0, 8000);
      expect(await store.total('s5', '2026-11-01', '2026-11-30')).toEqual({ started: 40 });
    } finally {
      await store.drain();
      await redis.close();
    }
  });

  it('folds what waits before the connection closes', async () => {
    const prefix = uniquePrefix();
    const stores = await testRedisStores({ url: redisUrl() }, prefix, undefined, { resultsFoldDelayMs: NEVER });
    await answer(stores, 's6', 25);
    await stores.close();
    expect(await inboxLength(redisUrl(), prefix, 's6')).toBe(0);
  });

  it('keeps a response’s de-dup record as one short string with its TTL, also when an erasure deleted it between two counts', async () => {
    const prefix = uniquePrefix();
    const stores = await instance(redisUrl(), prefix);
    await answer(stores, 's7', 1);
    const key = `${new RedisKeys(prefix).aggregates('s7').base(0)}:r:r0`;
    const raw = await rawClient();
    expect(await raw.get(key)).toBe('s\na:csat');
    expect(await raw.pTTL(key)).toBeGreaterThan(80_000_000);
    // An erasure on another instance, then the count of a turn that was already under way.
    await stores.aggregates.forgetResponse('s7', 'r0');
    expect(await stores.aggregates.applyAll([update('s7', 'r0', 'answer.recorded:nps', { 'q:nps:n': 1 }), update('s7', 'r0', 'escalation.requested:low', { escalated: 1 })])).toEqual([true, true]);
    expect(await raw.get(key)).toBe('a:nps\ne:low');
    expect(await raw.pTTL(key)).toBeGreaterThan(80_000_000);
    expect(await stores.aggregates.applyAll([update('s7', 'r0', 'answer.recorded:nps', { 'q:nps:n': 1 }), update('s7', 'r0', 'survey.completed', { completed: 1 })])).toEqual([false, true]);
    expect(await raw.get(key)).toBe('a:nps\ne:low\nc');
  });

  it('reads and adds to a de-dup record stored as a hash by an older version', async () => {
    const prefix = uniquePrefix();
    const stores = await instance(redisUrl(), prefix);
    const key = `${new RedisKeys(prefix).aggregates('s8').base(0)}:r:r0`;
    const raw = await rawClient();
    await raw.hSet(key, { 'survey.started': '1', 'answer.recorded:csat': '1' });
    await raw.pExpire(key, 60_000);
    expect(await stores.aggregates.applyAll([update('s8', 'r0', 'survey.started', { started: 1 }), update('s8', 'r0', 'answer.recorded:csat', { 'q:csat:n': 1 }), update('s8', 'r0', 'answer.recorded:nps', { 'q:nps:n': 1 })])).toEqual([false, false, true]);
    expect(await raw.hGetAll(key)).toEqual({ 'survey.started': '1', 'answer.recorded:csat': '1', 'answer.recorded:nps': '1' });
    expect(await raw.pTTL(key)).toBeGreaterThan(80_000_000);
    expect(await stores.aggregates.total('s8', '2026-11-01', '2026-11-30', undefined, ['started', 'q:csat:n', 'q:nps:n'])).toEqual({ 'q:nps:n': 1 });
  });

  it('counts an update appended by an instance that last saw the generation before a rebuild into the new one, once, leaving nothing behind in the old one', async () => {
    const prefix = uniquePrefix();
    const live = await instance(redisUrl(), prefix);
    const rebuilder = await instance(redisUrl(), prefix);
    const started = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => update('s9', `r${from + i}`, 'survey.started', { started: 1 }));
    const csat = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => update('s9', `r${from + i}`, 'answer.recorded:csat', { 'q:csat:n': 1 }));
    await live.aggregates.applyAll(started(0, 5));
    await rebuilder.aggregates.clear('s9');
    // The rebuild counts again what the responses held when it read them: five starts, three
    // answers. The other two answers came after it read their responses, so only the live turns
    // can count them, and the live instance still has the old generation in mind.
    await rebuilder.aggregates.applyAll([...started(0, 5), ...csat(0, 3)]);
    expect(await live.aggregates.applyAll([...csat(0, 5), ...started(5, 6), ...csat(5, 6)])).toEqual([false, false, false, true, true, true, true]);
    expect(await rebuilder.aggregates.total('s9', '2026-11-01', '2026-11-30', undefined, ['started', 'q:csat:n'])).toEqual({ started: 6, 'q:csat:n': 6 });
    const raw = await rawClient();
    const old = new RedisKeys(prefix).aggregates('s9').base(0);
    expect(await raw.exists(`${old}:in`)).toBe(0);
    for await (const keys of raw.scanIterator({ MATCH: `${old}:*` })) for (const k of keys) expect(await raw.pTTL(k)).toBeGreaterThan(0);
  });
});
