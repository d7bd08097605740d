import { describe, expect, it } from 'vitest';
import { SatisfyError } from '../../src/errors.js';
import { noMetrics } from '../../src/metrics/Metrics.js';
import { meteredStores } from '../../src/metrics/meteredStores.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { Stores } from '../../src/storage/Stores.js';
import { FakeClock } from '../support/scripts.js';

class PrivateState {
  #reads = 0;
  kind = 'private';
  read(): Promise<number> {
    this.#reads++;
    return Promise.resolve(this.#reads);
  }
  fail(code: 'STORE_UNAVAILABLE' | 'ETAG_CONFLICT'): Promise<never> {
    return Promise.reject(new SatisfyError(code, 'test'));
  }
  now(): number {
    return 7;
  }
}

function setUp(): { stores: Stores; plain: Stores; errors: string[] } {
  const plain = memoryStores(new FakeClock());
  const errors: string[] = [];
  (plain as unknown as Record<string, unknown>).deliveries = new PrivateState();
  return { plain, stores: meteredStores(plain, { ...noMetrics, storeError: (store) => errors.push(store) }), errors };
}

describe('meteredStores', () => {
  it('counts STORE_UNAVAILABLE under the store, passes every outcome through unchanged', async () => {
    const { stores, errors } = setUp();
    const store = stores.deliveries as unknown as PrivateState;
    await expect(store.fail('STORE_UNAVAILABLE')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.fail('ETAG_CONFLICT')).rejects.toMatchObject({ code: 'ETAG_CONFLICT' });
    expect(await store.read()).toBe(1);
    expect(store.now()).toBe(7);
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual(['deliveries']);
  });

  it('calls the real store (private fields work) and reads its fields', async () => {
    const { stores, plain } = setUp();
    const store = stores.deliveries as unknown as PrivateState;
    await store.read();
    expect(await store.read()).toBe(2);
    expect(store.kind).toBe('private');
    (plain.deliveries as unknown as PrivateState).kind = 'changed';
    expect(store.kind).toBe('changed');
    await stores.state.write({ k: { eTag: '*', n: 1 } });
    expect(await plain.state.read(['k'])).toMatchObject({ k: { n: 1 } });
  });

  it('wraps each method once, not on every call', () => {
    const { stores } = setUp();
    expect(stores.state.read).toBe(stores.state.read);
    expect(stores.activities.append).toBe(stores.activities.append);
  });
});
