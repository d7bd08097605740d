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
});
