import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

/** Compact forms of per-survey keys (issue 18: bytes per survey), and the older forms a deploy
 * finds in Redis, which must still be read. */
describe('per-survey keys in Redis: compact forms, and the older forms still read', () => {
  let prefix: string;
  let stores: Stores;
  let raw: ReturnType<typeof createClient>;
  beforeEach(async () => {
    prefix = uniquePrefix();
    stores = await testRedisStores({ url: redisUrl() }, prefix);
    raw = createClient({ url: redisUrl() });
    await raw.connect();
  });
  afterEach(async () => {
    await raw.close();
    await stores.close();
  });

  it('keeps a customer’s refs as a small hash of short fields (a listpack), with its TTL', async () => {
    await stores.customers.add('c-1', [
      { kind: 'response', id: 'r-1', surveyId: 'post-purchase' },
      { kind: 'conversation', channelId: 'msteams', conversationId: 'a:1x|with:colons' },
    ]);
    const key = `${prefix}customer:{customer:c-1}:refs`;
    expect(await raw.objectEncoding(key)).toBe('listpack');
    expect(await raw.pTTL(key)).toBeGreaterThan(0);
    expect(await stores.customers.refs('c-1')).toEqual([
      { kind: 'response', id: 'r-1', surveyId: 'post-purchase' },
      { kind: 'conversation', channelId: 'msteams', conversationId: 'a:1x|with:colons' },
    ]);
  });

  it('reads and erases a customer index stored as a set of JSON refs', async () => {
    const old = `${prefix}customer:{customer:c-2}`;
    await raw.sAdd(old, [JSON.stringify({ kind: 'response', id: 'r-old', surveyId: 's' }), JSON.stringify({ kind: 'conversation', channelId: 'slack', conversationId: 'D1' })]);
    await stores.customers.add('c-2', [{ kind: 'response', id: 'r-new', surveyId: 's' }]);
    const refs = await stores.customers.refs('c-2');
    expect(refs).toHaveLength(3);
    expect(refs).toContainEqual({ kind: 'response', id: 'r-old', surveyId: 's' });
    expect(refs).toContainEqual({ kind: 'conversation', channelId: 'slack', conversationId: 'D1' });
    expect(refs).toContainEqual({ kind: 'response', id: 'r-new', surveyId: 's' });
    await stores.customers.forget('c-2');
    expect(await raw.keys(`${prefix}customer:*`)).toEqual([]);
  });

  const start = {
    surveyId: 'post-purchase', surveyVersion: 1, channel: 'webchat', locale: 'en', customerId: 'c-9', orderId: 'A-9',
    status: 'in_progress' as const, startedAt: '2026-11-30T10:00:00.000Z', completedAt: null, answers: {}, escalations: [],
  };

  it('keeps a response as one string of lines; an answer applied again (a replayed turn) is not added twice', async () => {
    await stores.responses.create({ ...start, id: 'r-s' });
    const answer = { value: 'Fast delivery, lovely teapot', raw: 'Fast delivery, lovely teapot', attempts: 1, answeredAt: '2026-11-30T10:00:05.000Z', sentiment: 0.8, sentimentLabel: 'positive' as const };
    await stores.responses.recordAnswer('r-s', 'liked', answer);
    const key = `${prefix}response:{r-s}`;
    const once = await raw.strLen(key);
    await stores.responses.recordAnswer('r-s', 'liked', answer);
    expect(await raw.type(key)).toBe('string');
    expect(await raw.strLen(key)).toBe(once);
    await stores.responses.finish('r-s', 'completed', '2026-11-30T10:01:00.000Z', 'happy');
    expect(await stores.responses.get('r-s')).toEqual({ ...start, id: 'r-s', status: 'completed', completedAt: '2026-11-30T10:01:00.000Z', endingId: 'happy', answers: { liked: answer } });
    expect(await raw.pTTL(key)).toBeGreaterThan(300 * 86_400_000);
  });

  it('reads, writes, lists and deletes a response stored as a hash before it became one string', async () => {
    const key = `${prefix}response:{r-old}`;
    const { answers: _a, escalations: _e, ...meta } = { ...start, id: 'r-old' };
    const csat = { value: 5, raw: '5', attempts: 1, answeredAt: '2026-11-30T10:00:02.000Z' };
    await raw.hSet(key, { meta: JSON.stringify(meta), 'a:csat': JSON.stringify(csat) });
    await raw.pExpire(key, 86_400_000);
    await raw.zAdd(`${prefix}responses:{all}`, { score: Date.parse(start.startedAt), value: 'r-old' });
    await raw.zAdd(`${prefix}responses:{survey:post-purchase}`, { score: Date.parse(start.startedAt), value: 'r-old' });
    const nps = { value: 9, raw: '9', attempts: 1, answeredAt: '2026-11-30T10:00:04.000Z' };
    await stores.responses.recordAnswer('r-old', 'nps', nps);
    const escalation = { reason: 'rule' as const, ruleId: 'low', priority: 'high', at: '2026-11-30T10:00:04.000Z' };
    await stores.responses.addEscalation('r-old', escalation);
    await stores.responses.addEscalation('r-old', { ...escalation, at: 'later' });
    await stores.responses.finish('r-old', 'completed', '2026-11-30T10:01:00.000Z', 'happy');
    await stores.responses.finish('r-old', 'abandoned', '2026-11-30T10:02:00.000Z');
    await stores.responses.create({ ...start, id: 'r-old', startedAt: '2026-12-01T00:00:00.000Z' });
    expect(await raw.type(key)).toBe('hash');
    const expected = { ...start, id: 'r-old', status: 'completed', completedAt: '2026-11-30T10:01:00.000Z', endingId: 'happy', answers: { csat, nps }, escalations: [escalation] };
    expect(await stores.responses.get('r-old')).toEqual(expected);
    expect(await stores.responses.list({ surveyId: 'post-purchase' })).toEqual([expected]);
    // Listing every survey still reads the index older versions kept for all of them, once each.
    await stores.responses.create({ ...start, id: 'r-new', surveyId: 'other', startedAt: '2026-11-30T11:00:00.000Z' });
    expect((await stores.responses.list({})).map((r) => r.id)).toEqual(['r-old', 'r-new']);
    await raw.zRem(`${prefix}responses:{survey:post-purchase}`, 'r-old');
    expect((await stores.responses.list({ order: 'desc' })).map((r) => r.id)).toEqual(['r-new', 'r-old']);
    await stores.responses.delete('r-new');
    expect(await raw.pTTL(key)).toBeGreaterThan(300 * 86_400_000);
    expect(await stores.responses.delete('r-old')).toBe(true);
    expect(await raw.exists([key, `${prefix}responses:{all}`, `${prefix}responses:{survey:post-purchase}`])).toBe(0);
  });
});
