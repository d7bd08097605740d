import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { HttpCustomer } from '../support/survey.js';
import { answerValues } from '../support/answers.js';

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis restarted in the middle of a survey', () => {
  let redis: RedisServer;
  let satisfy: SatisfyApp;
  let bot: Listening;
  let connector: Awaited<ReturnType<typeof startConnector>>;

  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
    satisfy = await createTestApp({}, { stores: await testRedisStores({ url: redis.url }) });
    bot = await listen(satisfy.app);
    connector = await startConnector();
  });

  afterAll(async () => {
    await bot.close();
    await connector.close();
    await satisfy.close();
    await redis.destroy();
  });

  const readyz = async () => (await fetch(`${bot.url}/readyz`)).status;

  it('tells the customer to try again while Redis is away, reports not ready, and loses no answer', async () => {
    const customer = new HttpCustomer(() => bot.url, connector, 'restart-1', 'es-ES');
    await customer.start({ customer: { id: 'c-restart' } });
    await customer.say('4');
    await customer.say('5');
    expect(await readyz()).toBe(200);

    await redis.stop();
    expect(await customer.say('3')).toEqual(['Perdona, no he podido guardar eso ahora mismo. Vuelve a enviar tu respuesta en un momento.']);
    expect(await readyz()).toBe(503);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

    await redis.start();
    await eventually(async () => (await readyz()) === 200, 'the app to reconnect');
    const [next] = await customer.say('3');
    expect(next).toContain('relación calidad-precio');
    await customer.say('4');
    await customer.say('7');
    const [response] = await satisfy.stores.responses.list({});
    expect(response?.status).toBe('completed');
    expect(answerValues(response)).toEqual({ csat: 4, delivery: 5, product_quality: 3, value: 4, nps: 7 });
  });
});
