import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';

/** Behind a load balancer with TRUST_PROXY off, every customer shares one address (and its
 * limits): the operator is told, once. */
describe('a proxy that is not trusted', () => {
  const running: { app: SatisfyApp; server: Listening }[] = [];

  afterEach(async () => {
    for (const { app, server } of running.splice(0)) {
      await server.close();
      await app.close();
    }
  });

  async function start(env: Record<string, string>): Promise<{ url: string; warnings: () => string[] }> {
    const raw: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        raw.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = await createTestApp(env, { stores: memoryStores(), background: false, log: createLogger('warn', sink) });
    const server = await listen(app.app, app.attach);
    running.push({ app, server });
    const warnings = () => raw.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg).filter((m) => m.includes('X-Forwarded-For'));
    return { url: server.url, warnings };
  }

  it('is warned about once when requests carry X-Forwarded-For and TRUST_PROXY is off', async () => {
    const { url, warnings } = await start({});
    await fetch(`${url}/healthz`);
    expect(warnings()).toEqual([]);
    for (let i = 0; i < 3; i++) await fetch(`${url}/healthz`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('TRUST_PROXY');
  });

  it('is not warned about when the proxy is trusted', async () => {
    const { url, warnings } = await start({ TRUST_PROXY: 'loopback' });
    await fetch(`${url}/healthz`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(warnings()).toEqual([]);
  });
});
