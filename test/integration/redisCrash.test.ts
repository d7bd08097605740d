import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { startConnector } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { ROOT } from '../support/scripts.js';
import { HttpCustomer } from '../support/survey.js';
import { answerValues } from '../support/answers.js';

const children: ChildProcess[] = [];

/** src/main.ts as a real process on Redis, resolved once it listens. */
async function startSatisfy(prefix: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl(), REDIS_PREFIX: prefix, ADMIN_TOKEN: 'crash-test-token-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('listening')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Satisfy did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('a process killed mid-survey', () => {
  it('is replaced by a new process that continues the survey from Redis', { timeout: 60_000 }, async () => {
    const prefix = uniquePrefix();
    const connector = await startConnector();
    let current = await startSatisfy(prefix);
    expect(current.output()).toContain(`"store":"redis"`);
    const customer = new HttpCustomer(() => current.url, connector, 'crash-1');
    await customer.start({ customer: { id: 'c-crash' }, order: { id: 'O-7' } });
    await customer.say('2');
    await customer.say('3');

    current.child.kill('SIGKILL');
    await new Promise((r) => current.child.once('exit', r));
    current = await startSatisfy(prefix);

    const [next] = await customer.say('4');
    expect(next).toContain('value for money');
    await customer.say('2');
    await customer.say('The strap broke after a day');
    await customer.say('3');
    await customer.say('the second one');
    const [ending] = await customer.say('no');
    expect(ending).toContain('Thank you for being honest');

    const stores = await testRedisStores({ url: redisUrl() }, prefix);
    const [response] = await stores.responses.list({});
    await stores.close();
    await connector.close();
    expect(response).toMatchObject({ status: 'completed', customerId: 'c-crash', orderId: 'O-7', endingId: 'unhappy' });
    expect(answerValues(response)).toEqual({
      csat: 2,
      delivery: 3,
      product_quality: 4,
      value: 2,
      improve: 'The strap broke after a day',
      nps: 3,
      detractor_reason: 'product_quality',
      contact_ok: false,
    });
  });
});
