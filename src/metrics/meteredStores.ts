import { isSatisfyError } from '../errors.js';
import type { Stores } from '../storage/Stores.js';
import type { Metrics } from './Metrics.js';

const STORE_NAMES = ['state', 'responses', 'scripts', 'activities', 'deliveries', 'cases', 'audit', 'alerts', 'caseFeed', 'invitations', 'apiKeys', 'jobs', 'webhooks', 'presence', 'cannedReplies'] as const;

/**
 * The same stores, with every STORE_UNAVAILABLE counted under the store's name. The methods are
 * called on the real store (not the proxy), so private state keeps working.
 */
export function meteredStores(stores: Stores, metrics: Metrics): Stores {
  const wrapped: Stores = { ...stores, ready: () => stores.ready(), close: () => stores.close() };
  for (const name of STORE_NAMES) {
    const store = stores[name] as unknown as Record<string | symbol, unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = new Proxy(store, {
      get(target, prop) {
        const value = target[prop];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) {
            return result.catch((err: unknown) => {
              if (isSatisfyError(err, 'STORE_UNAVAILABLE')) metrics.storeError(name);
              throw err;
            });
          }
          return result;
        };
      },
    });
  }
  return wrapped;
}
