import { SatisfyError } from '../../src/errors.js';
import type { Stores } from '../../src/storage/Stores.js';

type StoreName = Exclude<keyof Stores, 'kind' | 'description' | 'ready' | 'close'>;

interface Fault {
  store: StoreName;
  method: string;
  when: (args: unknown[]) => boolean;
  times: number;
  /** What the call fails with (default: the store going away). */
  error?: () => Error;
  /** The call reaches the store and only its answer is lost (a connection dropped after the
   * command was sent): the write landed, the caller is told it failed. */
  after?: boolean;
}

/**
 * Real stores (Redis in these tests) with faults injected at exact points: a chosen call fails
 * the way node-redis fails when the connection drops mid-turn (STORE_UNAVAILABLE), so a test
 * can reproduce "the state write succeeded, the response write failed" every time instead of
 * hoping a restart lands there. Everything else reaches Redis untouched.
 */
export function withFaults(real: Stores): {
  stores: Stores;
  fail(store: StoreName, method: string, options?: { times?: number; when?: (args: unknown[]) => boolean; error?: () => Error; after?: boolean }): void;
  injected(): number;
} {
  const faults: Fault[] = [];
  let injected = 0;
  const wrap = <T extends object>(name: StoreName, target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const fault = faults.find((f) => f.store === name && f.method === prop && f.times > 0 && f.when(args));
          if (fault) {
            fault.times--;
            injected++;
            const error = () => Promise.reject(fault.error?.() ?? new SatisfyError('STORE_UNAVAILABLE', `injected fault: ${name}.${String(prop)}`));
            if (fault.after) return Promise.resolve((value as (...a: unknown[]) => unknown).apply(obj, args)).then(error);
            return error();
          }
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  const stores = { ...real };
  for (const key of Object.keys(real) as (keyof Stores)[]) {
    const value = real[key];
    if (typeof value === 'object' && value !== null) (stores as Record<string, unknown>)[key] = wrap(key as StoreName, value);
  }
  return {
    stores,
    fail: (store, method, options = {}) => faults.push({ store, method, times: options.times ?? 1, when: options.when ?? (() => true), ...(options.error ? { error: options.error } : {}), after: options.after ?? false }),
    injected: () => injected,
  };
}
