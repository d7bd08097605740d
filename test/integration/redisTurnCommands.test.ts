import { beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/Stores.js';
import { testRedisStores, uniquePrefix } from '../support/redis.js';
import { countedRedisServer } from '../support/commandCounts.js';

/** What a turn's store steps cost the server, counted by INFO commandstats on a redis-server of
 * this file's own (issue 18: commands per turn), and that the cheaper steps keep their rules. */
describe('a turn’s Redis commands', () => {
  const redis = countedRedisServer();
  let stores: Stores;
  let prefix: string;
  beforeEach(async (ctx) => {
    prefix = uniquePrefix();
    stores = await testRedisStores({ url: redis.url }, prefix);
    ctx.onTestFinished(() => stores.close());
  });

  const { commands } = redis;

  it('compare-and-sets the state with one SET on the server (no read of the eTag first)', async () => {
    await stores.state.write({ k: { v: 1 } }, { ttlMs: 60_000 });
    const { eTag } = (await stores.state.read(['k'])).k!;
    expect(await commands(() => stores.state.write({ k: { v: 2, eTag } }, { ttlMs: 60_000 }))).toEqual({ evalsha: 1, set: 1 });
    expect((await stores.state.read(['k'])).k?.v).toBe(2);
  });

  it('stores the state’s JSON coded shorter, and reads it back as it was', async () => {
    const data = { dialogs: { dialogStack: [] }, seen: ['a1'], pending: [{ type: 'answer.recorded', responseId: 'r-1', questionId: 'csat', value: 5, raw: '5', attempts: 1, at: 1 }], turn: 't' };
    await stores.state.write({ k: { data } }, { ttlMs: 60_000 });
    const stored = (await redis.raw.get(`${prefix}state:{k}`))!;
    expect(stored.length).toBeLessThan(JSON.stringify({ data }).length);
    expect((await stores.state.read(['k'])).k?.data).toEqual(data);
  });

  it('leaves the winner’s state and the rest of its TTL when a write loses', async () => {
    await stores.state.write({ k: { v: 1 } }, { ttlMs: 60_000 });
    const { eTag } = (await stores.state.read(['k'])).k!;
    await stores.state.write({ k: { v: 2, eTag } }, { ttlMs: 60_000 });
    const key = `${prefix}state:{k}`;
    const before = await redis.raw.get(key);
    const lost = await stores.state.write({ k: { v: 3, eTag } }, { ttlMs: 86_400_000 }).catch((e: unknown) => e);
    expect((lost as Error).message).toContain('changed by someone else');
    expect(await redis.raw.get(key)).toBe(before);
    const ttl = await redis.raw.pTTL(key);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // A state that is gone stays gone when a write with an old eTag loses.
    await stores.state.delete(['k']);
    await stores.state.write({ k: { v: 4, eTag } }).catch(() => undefined);
    expect(await redis.raw.exists(key)).toBe(0);
  });

  it('reads and compare-and-sets a state stored as eTag and JSON before its expiry was stored with it', async () => {
    const key = `${prefix}state:{old}`;
    await redis.raw.set(key, `legacy-etag0${JSON.stringify({ data: { n: 1 } })}`, { PX: 120_000 });
    const read = (await stores.state.read(['old'])).old!;
    expect(read).toEqual({ data: { n: 1 }, eTag: 'legacy-etag0' });
    const stale = await stores.state.write({ old: { data: { n: 2 }, eTag: 'another-eta' + 'g' } }, { ttlMs: 60_000 }).catch((e: unknown) => e);
    expect((stale as Error).message).toContain('changed by someone else');
    expect((await stores.state.read(['old'])).old).toEqual(read);
    await stores.state.write({ old: { data: { n: 3 }, eTag: read.eTag } }, { ttlMs: 60_000 });
    expect((await stores.state.read(['old'])).old?.data).toEqual({ n: 3 });
    expect(await redis.raw.pTTL(key)).toBeGreaterThan(50_000);
  });

  it('counts a turn’s events with one SET of the response’s de-dup record and the inbox XADD (no generation read, no read of the record, no PEXPIRE)', async () => {
    const update = (responseId: string, key: string, counts: Record<string, number>) => ({ surveyId: 's', day: '2026-11-02', responseId, key, segments: { channel: 'test' }, counts });
    await stores.aggregates.applyAll([update('r1', 'survey.started', { started: 1 })]);
    expect(await commands(() => stores.aggregates.applyAll([update('r1', 'answer.recorded:csat', { 'q:csat:n': 1 }), update('r1', 'escalation.requested:low', { escalated: 1 })]))).toEqual({ evalsha: 1, set: 1, xadd: 1 });
    const key = `${prefix}agg:{agg:s}:g0:r:r1`;
    expect(await redis.raw.get(key)).toBe('s\na:csat\ne:low');
    expect(await redis.raw.pTTL(key)).toBeGreaterThan(0);
    // Another instance took the next turn: this one's guess is wrong, which costs one SET more and no count.
    const other = await testRedisStores({ url: redis.url }, prefix);
    try {
      expect(await other.aggregates.applyAll([update('r1', 'answer.recorded:nps', { 'q:nps:n': 1 })])).toEqual([true]);
    } finally {
      await other.close();
    }
    expect(await commands(async () => expect(await stores.aggregates.applyAll([update('r1', 'survey.completed', { completed: 1 })])).toEqual([true]))).toEqual({ evalsha: 1, set: 2, xadd: 1 });
    expect(await redis.raw.get(key)).toBe('s\na:csat\ne:low\na:nps\nc');
    // A replay of the other instance's turn here: what the record held already makes up the write.
    expect(await commands(async () => expect(await stores.aggregates.applyAll([update('r1', 'answer.recorded:nps', { 'q:nps:n': 1 })])).toEqual([false]))).toEqual({ evalsha: 1, set: 1 });
    expect(await stores.aggregates.total('s', '2026-11-01', '2026-11-30')).toEqual({ started: 1, 'q:csat:n': 1, escalated: 1, 'q:nps:n': 1, completed: 1 });
  });

  it('adds an answer to a response with one SET (no read first); when another instance wrote since, or the response was erased, the line is still decided against what it holds', async () => {
    const start = { id: 'r2', surveyId: 's', surveyVersion: 1, channel: 'test', locale: 'en', customerId: 'c', orderId: null, status: 'in_progress' as const, startedAt: '2026-11-30T10:00:00.000Z', completedAt: null, answers: {}, escalations: [] };
    const answer = (value: number) => ({ value, raw: String(value), attempts: 1, answeredAt: '2026-11-30T10:00:05.000Z' });
    await stores.responses.create(start);
    await stores.responses.recordAnswer('r2', 'first', answer(1));
    expect(await commands(() => stores.responses.recordAnswer('r2', 'csat', answer(5)))).toEqual({ evalsha: 1, set: 1 });
    expect(await commands(() => stores.responses.recordAnswer('r2', 'nps', answer(9)))).toEqual({ evalsha: 1, set: 1 });
    // A replay finds its line in what this process wrote: decided without a write's guess.
    expect(await commands(() => stores.responses.recordAnswer('r2', 'csat', answer(5)))).toEqual({ evalsha: 1, get: 1 });
    const other = await testRedisStores({ url: redis.url }, prefix);
    try {
      await other.responses.addEscalation('r2', { reason: 'rule', ruleId: 'low', priority: 'high', at: '2026-11-30T10:00:06.000Z' });
      await other.responses.recordAnswer('r2', 'nps', answer(7));
    } finally {
      await other.close();
    }
    // This process's guess is now wrong: the line is added to what the response holds.
    expect(await commands(() => stores.responses.recordAnswer('r2', 'why', answer(3)))).toEqual({ evalsha: 1, set: 2 });
    // And an escalation the other instance added first keeps its first line.
    await stores.responses.addEscalation('r2', { reason: 'rule', ruleId: 'low', priority: 'high', at: '2026-11-30T10:00:09.000Z' });
    const got = await stores.responses.get('r2');
    expect(Object.fromEntries(Object.entries(got!.answers).map(([q, a]) => [q, a.value]))).toEqual({ first: 1, csat: 5, nps: 7, why: 3 });
    expect(got!.escalations.map((e) => e.at)).toEqual(['2026-11-30T10:00:06.000Z']);
    expect(await redis.raw.pTTL(`${prefix}response:{r2}`)).toBeGreaterThan(0);
    // Erased on another instance: a late answer does not bring back a fragment.
    await redis.raw.del(`${prefix}response:{r2}`);
    await stores.responses.recordAnswer('r2', 'late', answer(1));
    expect(await redis.raw.exists(`${prefix}response:{r2}`)).toBe(0);
  });
});
