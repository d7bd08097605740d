import { isSatisfyError } from '../errors.js';
import type { Stores } from '../storage/Stores.js';
import type { Metrics } from './Metrics.js';

const STORE_NAMES = ['state', 'responses', 'scripts', 'activities', 'deliveries', 'cases', 'audit', 'alerts', 'caseFeed', 'invitations', 'apiKeys', 'jobs', 'webhooks', 'presence', 'cannedReplies'] as const;

/**
 * The same stores, with every STORE_UNAVAILABLE counted under the store's name. Each method is
 * wrapped once, here (a Proxy's get trap made a new closure on every call of every turn); it is
 * called on the real store, so private state keeps working, and anything else (fields) is read
 * from the real store through the prototype chain.
 */
export function meteredStores(stores: Stores, metrics: Metrics): Stores {
  const wrapped: Stores = { ...stores, ready: () => stores.ready(), close: () => stores.close() };
  for (const name of STORE_NAMES) {
    (wrapped as unknown as Record<string, unknown>)[name] = metered(stores[name] as object, () => metrics.storeError(name));
  }
  return wrapped;
}

function metered<T extends object>(store: T, failed: () => void): T {
  const counted = (err: unknown): void => {
    if (isSatisfyError(err, 'STORE_UNAVAILABLE')) failed();
  };
  const out = Object.create(store) as Record<string, unknown>;
  for (const name of methodNames(store)) {
    const method = (store as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => {
      const result = method.apply(store, args);
      // Counted on the side: the caller awaits the store's own promise, with no extra step.
      if (result instanceof Promise) result.catch(counted);
      return result;
    };
  }
  return out as T;
}

/** The store's methods, its own (functions set on the instance) and its classes'. */
function methodNames(store: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = store; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (name !== 'constructor' && typeof d?.value === 'function') names.add(name);
    }
  }
  return names;
}
