import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { withFaults } from '../support/faultyStores.js';
import { listen, type Listening } from '../support/http.js';

/** An export whose store fails half-way must not look like a complete file. */
describe('a response export cut short by the store', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let faults: ReturnType<typeof withFaults>;

  beforeAll(async () => {
    faults = withFaults(memoryStores());
    satisfy = await createTestApp({}, { stores: faults.stores, background: false });
    server = await listen(satisfy.app);
    for (let i = 0; i < 600; i++) {
      await satisfy.stores.responses.create({
        id: `r-${String(i).padStart(3, '0')}`,
        surveyId: 'post-purchase',
        surveyVersion: 1,
        channel: 'directline',
        locale: 'en',
        customerId: null,
        orderId: null,
        status: 'completed',
        startedAt: new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 1000).toISOString(),
        completedAt: null,
        answers: {},
        escalations: [],
      });
    }
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  it.each(['csv', 'xlsx'])('%s: the connection is cut, not ended as if complete', async (format) => {
    // The first page (500) goes out; reading the second one fails.
    faults.fail('responses', 'list', { when: (args) => Boolean((args[0] as { after?: unknown }).after) });
    const outcome = await fetch(`${server.url}/api/responses?surveyId=post-purchase&format=${format}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then(
      (res) => (res.status === 200 ? res.arrayBuffer().then(() => 'complete', () => 'cut') : `status ${res.status}`),
      () => 'cut',
    );
    // Cut mid-file (the client sees the transfer fail), or refused before anything was sent;
    // never a file that ends as if it were whole.
    expect(['cut', 'status 503']).toContain(outcome);
    expect(faults.injected()).toBeGreaterThan(0);
    // The next export, with the store back, is whole.
    const whole = await fetch(`${server.url}/api/responses?surveyId=post-purchase&format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((await whole.text()).trim().split('\n')).toHaveLength(601);
  });
});
