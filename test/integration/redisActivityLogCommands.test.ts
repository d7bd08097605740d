import { beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/Stores.js';
import { testRedisStores, uniquePrefix } from '../support/redis.js';
import { countedRedisServer } from '../support/commandCounts.js';

/** What the web chat's log costs a Redis server (INFO commandstats on a server of this file's
 * own; commands a script runs are counted as well as the script's call). */
describe('the web chat activity log’s Redis commands', () => {
  const redis = countedRedisServer();
  let stores: Stores;
  const conversation = { id: 'web-c1', userId: 'web_u1', createdAt: '2026-12-01T00:00:00.000Z', locale: 'en' };

  beforeEach(async (ctx) => {
    stores = await testRedisStores({ url: redis.url }, uniquePrefix());
    ctx.onTestFinished(() => stores.close());
    // The scripts loaded (a first call is an EVAL), so what is counted is the steady state.
    await stores.activities.createConversation({ ...conversation, id: 'warm' }, 60_000);
    await stores.activities.append('warm', { type: 'message' }, { ttlMs: 60_000 });
  });

  const { commands } = redis;

  // A new chat's session used to wait for HSETNX, then for PEXPIRE: two round trips.
  it('creates a conversation and its expiry in one call, and leaves an existing one (and its expiry) alone', async () => {
    expect(await commands(() => stores.activities.createConversation(conversation, 60_000))).toEqual({ evalsha: 1, hsetnx: 1, pexpire: 1 });
    const keys = await redis.raw.keys('*web-c1*');
    expect(keys).toHaveLength(1);
    expect(await redis.raw.pTTL(keys[0]!)).toBeGreaterThan(50_000);
    expect(await commands(() => stores.activities.createConversation({ ...conversation, userId: 'other' }, 120_000))).toEqual({ evalsha: 1, hsetnx: 1 });
    expect(await redis.raw.pTTL(keys[0]!)).toBeLessThanOrEqual(60_000);
    expect(await stores.activities.getConversation('web-c1')).toEqual(conversation);
  });

  // The append returns each new activity's number, not its stored JSON to parse again; what it
  // returns is what a read of the log gives.
  it('appends with one script call and returns the activities as the log keeps them', async () => {
    await stores.activities.createConversation(conversation, 60_000);
    const activity = { type: 'message', text: 'Très bien ⭐', from: { id: 'web_u1', role: 'user' }, channelData: { clientActivityID: 'c-1' }, value: { n: [1, 2] } };
    let added: Awaited<ReturnType<Stores['activities']['append']>> | undefined;
    const counted = await commands(async () => (added = await stores.activities.append('web-c1', activity, { ttlMs: 60_000, clientActivityId: 'c-1' })));
    expect(counted.evalsha).toBe(1);
    expect(Object.keys(counted).filter((c) => !['evalsha', 'exists', 'llen', 'hget', 'rpush', 'hset', 'pexpire', 'publish'].includes(c))).toEqual([]);
    const replies = await stores.activities.appendAll('web-c1', [{ activity: { type: 'message', text: 'a' }, clientActivityId: 'reply:1' }, { activity: { type: 'typing' } }], { ttlMs: 60_000 });
    const kept = (await stores.activities.since('web-c1', 0, 10)).activities;
    expect([added!.activity, ...replies.map((r) => r.activity)]).toEqual(kept);
    expect(kept.map((a) => a.id)).toEqual(['web-c1|0000001', 'web-c1|0000002', 'web-c1|0000003']);
    // A retry gets the kept activity back.
    expect(await stores.activities.append('web-c1', { ...activity, text: 'changed' }, { ttlMs: 60_000, clientActivityId: 'c-1' })).toEqual({ activity: kept[0], duplicate: true });
  });
});
