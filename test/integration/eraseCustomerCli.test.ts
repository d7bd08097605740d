import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/core/ports.js';
import type { CustomerExport, ErasureReport } from '../../src/privacy/Privacy.js';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { ROOT } from '../support/scripts.js';

/** `npm run erase-customer -- <id> [--export]`, as an operator runs it (through tsx). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/erase-customer.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('npm run erase-customer', () => {
  const opened: Stores[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it('exports (unmasked, erasing nothing), then erases, against the configured Redis; a bad id is refused', async () => {
    const prefix = uniquePrefix();
    const stores = await testRedisStores(undefined, prefix);
    opened.push(stores);
    const at = new Date().toISOString();
    const response: SurveyResponse = {
      id: `r-${prefix}`, surveyId: 'post-purchase', surveyVersion: 1, channel: 'slack', locale: 'es', customerId: 'cust-cli',
      orderId: null, status: 'in_progress', startedAt: at, completedAt: null, answers: {}, escalations: [],
    };
    await stores.customers.add('cust-cli', [{ kind: 'response', id: response.id, surveyId: response.surveyId }]);
    await stores.responses.create(response);
    await stores.responses.recordAnswer(response.id, 'liked', { value: 'ana@ejemplo.es', raw: 'ana@ejemplo.es', attempts: 1, answeredAt: at });
    const env = { REDIS_URL: redisUrl(), REDIS_PREFIX: prefix };

    const exported = await cli(['cust-cli', '--export'], env);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.out) as CustomerExport;
    expect(data.responses.map((r) => r.answers.liked?.raw)).toEqual(['ana@ejemplo.es']);
    expect(await stores.responses.get(response.id)).toBeDefined();

    const erased = await cli(['cust-cli', '--actor', 'dpo'], env);
    expect(erased.code).toBe(0);
    expect((JSON.parse(erased.out) as { erasure: ErasureReport }).erasure).toMatchObject({ found: true, counts: { responses: 1 } });
    expect(await stores.responses.get(response.id)).toBeUndefined();
    expect((await stores.privacyLog.list(2)).map((e) => [e.action, e.actor])).toEqual([
      ['customer.erased', 'cli:dpo'],
      ['customer.exported', expect.stringMatching(/^cli:/)],
    ]);

    expect(await cli(['  '], env)).toMatchObject({ code: 1, err: expect.stringContaining('the customer id is empty') });
  }, 90_000);
});
