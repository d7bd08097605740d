import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStore } from '../../src/core/ports.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { SatisfyApp } from '../../src/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { createTestApp } from '../support/app.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

/** Notes what one response store method is called with, on the stores the app will use. */
function spyOn(stores: ReturnType<typeof memoryStores>, method: keyof ResponseStore, note: (args: unknown[]) => string): string[] {
  const calls: string[] = [];
  stores.responses = new Proxy(stores.responses, {
    get(target, name: keyof ResponseStore) {
      const f = target[name];
      if (typeof f !== 'function') return f;
      return (...args: unknown[]) => {
        if (name === method) calls.push(note(args));
        return (f as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return calls;
}

/** What a turn writes to the stores (issue 18: the turn's storage work). */
describe('a turn’s store writes', () => {
  let app: SatisfyApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('records each answer once when the same process saved and recorded the turn before', async () => {
    const stores = memoryStores();
    const writes = spyOn(stores, 'recordAnswer', (args) => String(args[1]));
    app = await createTestApp({}, { stores });
    const customer = new BotDriver(app.bot, { conversationId: 'once' });
    await customer.start({ customer: { id: 'c-once' } });
    for (const text of ['5', '5', '4', '5', '10', 'Everything']) await customer.send(text);
    // Before: each turn applied the turn before it again, so every answer but the last was
    // written twice.
    expect(writes).toEqual(['csat', 'delivery', 'product_quality', 'value', 'nps', 'liked']);
  });

  it('reads no response back at the end of a survey whose start this instance followed', async () => {
    const stores = memoryStores();
    const responses = stores.responses;
    const reads = spyOn(stores, 'get', (args) => String(args[0]));
    app = await createTestApp({}, { stores });
    const customer = new BotDriver(app.bot, { conversationId: 'ended' });
    await customer.start({ customer: { id: 'c-ended' } });
    for (const text of ['5', '5', '4', '5', '10', 'Everything']) await customer.send(text);
    await new Promise((r) => setImmediate(r));
    const [response] = await responses.list({});
    expect(response?.status).toBe('completed');
    // Before: the invitations follower read the response for its customer and survey.
    expect(reads).toEqual([]);
  });

  it('still records the turn before when another process saved it (its pending events)', async () => {
    const stores = memoryStores();
    const first = await createTestApp({}, { stores });
    const customer = new BotDriver(first.bot, { conversationId: 'two' });
    await customer.start({ customer: { id: 'c-two' } });
    await customer.send('5');
    const [response] = await stores.responses.list({});
    // The answer's recording was lost (as if the first process died after saving the state).
    await stores.responses.delete(response!.id);
    app = await createTestApp({}, { stores });
    const other = new BotDriver(app.bot, { conversationId: 'two' });
    await other.send('4');
    expect(Object.keys((await stores.responses.get(response!.id))!.answers).sort()).toEqual(['csat', 'delivery']);
    await first.close();
  });

  it('reads and replaces a conversation state stored as a hash before it became one string', async () => {
    const prefix = uniquePrefix();
    const stores = await testRedisStores({ url: redisUrl() }, prefix);
    const raw = createClient({ url: redisUrl() });
    await raw.connect();
    const key = `${prefix}state:{old}`;
    try {
      await raw.hSet(key, { e: 'legacy-etag-0000-0000', v: JSON.stringify({ data: { n: 1 } }) });
      const read = (await stores.state.read(['old'])).old!;
      expect(read).toEqual({ data: { n: 1 }, eTag: 'legacy-etag-0000-0000' });
      const stale = await stores.state.write({ old: { data: { n: 2 }, eTag: 'another-etag' } }).catch((e: unknown) => e);
      expect((stale as Error).message).toContain('changed by someone else');
      expect(await raw.type(key)).toBe('hash');
      await stores.state.write({ old: { data: { n: 3 }, eTag: read.eTag } }, { ttlMs: 60_000 });
      expect(await raw.type(key)).toBe('string');
      expect((await stores.state.read(['old'])).old?.data).toEqual({ n: 3 });
      expect(await raw.pTTL(key)).toBeGreaterThan(50_000);
    } finally {
      await raw.close();
      await stores.close();
    }
  });
});
