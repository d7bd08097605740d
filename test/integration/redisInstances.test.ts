import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { listen, startConnector } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

/** Two Satisfy instances behind an imaginary load balancer, sharing one Redis. */
describe('two instances on one Redis', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    a = await createTestApp({}, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp({}, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
  });

  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('both start on the same published script version (imported once)', async () => {
    expect(await a.stores.scripts.published('post-purchase')).toBe(1);
    expect(await b.stores.scripts.latest('post-purchase')).toMatchObject({ version: 1 });
  });

  it('continues one conversation on whichever instance a turn lands', async () => {
    const onA = new BotDriver(a.bot, { conversationId: 'lb-1' });
    const onB = new BotDriver(b.bot, { conversationId: 'lb-1' });
    await onA.start({ customer: { id: 'c-1' } });
    await onB.send('5');
    expect(onB.currentQuestion()).toBe('delivery');
    await onA.send('4');
    expect(onA.currentQuestion()).toBe('product_quality');
    const [response] = await b.stores.responses.list({});
    expect(response?.answers).toMatchObject({ csat: { value: 5 }, delivery: { value: 4 } });
  });

  it('answers and stores once when the same turn reaches both instances at once', async () => {
    const onA = new BotDriver(a.bot, { conversationId: 'lb-race' });
    const onB = new BotDriver(b.bot, { conversationId: 'lb-race' });
    await onA.start({ customer: { id: 'c-race' } });
    const activity = { type: 'message', text: '3', id: 'retry-1' };
    await Promise.all([onA.adapter.receiveActivity({ ...activity }), onB.adapter.receiveActivity({ ...activity })]);
    const replies = [...onA.adapter.activeQueue.splice(0), ...onB.adapter.activeQueue.splice(0)];
    const askedNext = replies.filter((r) => (r.channelData as { satisfy?: { questionId?: string } })?.satisfy?.questionId === 'delivery');
    expect(askedNext).toHaveLength(1);
    const response = (await a.stores.responses.list({})).find((r) => r.customerId === 'c-race');
    expect(response?.answers).toEqual({ csat: expect.objectContaining({ value: 3, attempts: 1 }) });
  });

  it('leaves the answers of a survey completed over /api/messages in Redis', async () => {
    const server = await listen(a.app);
    const connector = await startConnector();
    try {
      let n = 0;
      const send = async (extra: Record<string, unknown>, replies: number) => {
        const res = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: `http-${++n}`, channelId: 'emulator', serviceUrl: connector.url, conversation: { id: 'http-redis' }, from: { id: 'u' }, ...extra }),
        });
        expect(res.status).toBeLessThan(300);
        return connector.waitFor(replies);
      };
      await send({ type: 'event', name: 'survey.start', value: { customer: { id: 'c-http' }, order: { id: 'A-9' } } }, 2);
      for (const text of ['5', '5', '4', '5']) await send({ type: 'message', text }, 1);
      const end = await send({ type: 'message', text: '10' }, 1);
      expect(end[0]!.activity.text).toContain('What did you like most');
      await send({ type: 'message', text: 'Everything' }, 1);

      const api = await fetch(`${server.url}/api/responses?surveyId=post-purchase`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const { responses } = (await api.json()) as { responses: { id: string; customerId: string; status: string }[] };
      const mine = responses.find((r) => r.customerId === 'c-http')!;
      expect(mine.status).toBe('completed');

      // Read Redis directly: the data is there, not only in some cache of the app.
      const raw = createClient({ url: redisUrl() });
      await raw.connect();
      const record = (await raw.get(`${prefix}response:{${mine.id}}`))!;
      const ttl = await raw.pTTL(`${prefix}response:{${mine.id}}`);
      await raw.close();
      // One string: its start, then a line per answer and its end (src/storage/redis/responseRecord.ts).
      const [start, ...lines] = record.split('\n');
      const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)]));
      expect(Object.keys(fields).sort()).toEqual(['a:csat', 'a:delivery', 'a:liked', 'a:nps', 'a:product_quality', 'a:value', 'f']);
      // Kept compact (src/storage/redis/compactAnswer.ts): v is the value; raw, the same text, is left out.
      expect(JSON.parse(fields['a:liked']!)).toMatchObject({ v: 'Everything' });
      expect(fields['a:liked']).not.toContain('"r"');
      expect(JSON.parse(start!)).toMatchObject({ o: 'A-9' });
      expect(JSON.parse(fields.f!)).toMatchObject({ s: 'completed', e: 'happy' });
      expect(ttl).toBeGreaterThan(0);
    } finally {
      await server.close();
      await connector.close();
    }
  });

  it('keeps conversation state compact and expiring', async () => {
    const customer = new BotDriver(a.bot, { conversationId: 'lb-size' });
    await customer.start({ customer: { id: 'c-size' } });
    await customer.send('4');
    const raw = createClient({ url: redisUrl() });
    await raw.connect();
    const key = `${prefix}state:{conversation/test/lb-size}`;
    const [value, ttl] = await Promise.all([raw.get(key), raw.pTTL(key)]);
    await raw.close();
    expect(value).not.toContain('How satisfied');
    expect(value!.length).toBeLessThan(1500);
    // 72h expiry plus a day of grace.
    expect(ttl).toBeGreaterThan(95 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(96 * 3600_000);
  });
});
