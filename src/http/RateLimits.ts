import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics/Metrics.js';
import { SampledLog } from '../SampledLog.js';
import type { Stores } from '../storage/Stores.js';
import { clientAddress } from './clientAddress.js';
import { postedConversation, routeGroup, type RouteGroup } from './routeGroup.js';
import { sendError } from './sendError.js';

/** A Redis that answers slower than this is not waited for: the request goes through. */
const STORE_TIMEOUT_MS = 500;
/** A failing counter store is set up again at most this often. */
const REINIT_MS = 5000;

type LimitName = RouteGroup | 'conversation' | 'websocket';

export interface RateLimitsDeps {
  limits: Config['rateLimits'];
  stores: Stores;
  metrics: Metrics;
  log: Logger;
  trust: (address: string, hop: number) => boolean;
}

export type UpgradeCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Per-client (IP) limits on every route, by route group, plus a per-conversation limit on
 * posting web chat activities and a limit on WebSocket upgrades. With Redis the counters are
 * shared by every instance (rate-limit-redis, fixed windows); without it each process counts
 * alone. A counter store that fails or is slow lets the request through (counted and logged):
 * the limiter must never be what takes the site down.
 */
export class RateLimits {
  readonly middleware: RequestHandler;
  private readonly stores: Store[] = [];
  private readonly limiters = new Map<LimitName, RequestHandler>();
  private readonly upgradeStore: Store | undefined;
  private readonly sampled: SampledLog;

  constructor(private readonly deps: RateLimitsDeps) {
    this.sampled = new SampledLog(deps.log);
    const { limits } = deps;
    for (const group of ['chat', 'pages', 'staff', 'inbound', 'health', 'partner', 'unsubscribe', 'conversation'] as const) {
      if (limits[group] > 0) this.limiters.set(group, this.limiter(group, limits[group]));
    }
    if (limits.websocket > 0) {
      this.upgradeStore = this.store('websocket');
      void Promise.resolve(this.upgradeStore.init?.({ windowMs: limits.windowMs } as never)).catch((err: unknown) => this.storeFailed('websocket', err));
    }
    this.middleware = (req, res, next) => {
      const perClient = this.limiters.get(routeGroup(req.path));
      const conversation = postedConversation(req.method, req.path);
      const perConversation = conversation === undefined ? undefined : this.limiters.get('conversation');
      const thenConversation = (err?: unknown) => (err ? next(err) : perConversation ? perConversation(req, res, next) : next());
      if (perClient) perClient(req, res, thenConversation);
      else thenConversation();
    };
  }

  /** For a WebSocket upgrade (which express never sees): counts it against the client. */
  async upgrade(req: IncomingMessage): Promise<UpgradeCheck> {
    if (!this.upgradeStore) return { ok: true };
    try {
      const { totalHits, resetTime } = await this.upgradeStore.increment(ipKeyGenerator(clientAddress(req, this.deps.trust)));
      if (totalHits <= this.deps.limits.websocket) return { ok: true };
      this.deps.metrics.rateLimited('websocket');
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + this.deps.limits.windowMs) - Date.now()) / 1000)) };
    } catch (err) {
      this.storeFailed('websocket', err);
      return { ok: true };
    }
  }

  async close(): Promise<void> {
    for (const store of this.stores) await store.shutdown?.();
  }

  private limiter(name: LimitName, limit: number): RequestHandler {
    return rateLimit({
      windowMs: this.deps.limits.windowMs,
      limit,
      store: this.store(name),
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      passOnStoreError: true,
      // A conversation's counter is per client too, so someone who learns a conversation id
      // (without its token) cannot use up the real customer's budget; it is named by a digest,
      // so the key names no customer's conversation (nothing to erase or read back).
      keyGenerator:
        name === 'conversation'
          ? (req) => digest(`${postedConversation(req.method, req.path) ?? ''}\n${ipKeyGenerator(req.ip ?? 'unknown')}`)
          : (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (req: Request, res: Response) => {
        this.deps.metrics.rateLimited(name);
        this.sampled.warn({ reqId: res.locals.requestId as unknown, group: name, ip: req.ip }, 'rate limited');
        const wait = res.get('Retry-After');
        sendError(res, 429, 'RATE_LIMITED', `Too many requests${name === 'conversation' ? ' in this conversation' : ''}; try again${wait ? ` in ${wait} s` : ' later'}.`);
      },
      // The store's own failures are counted and logged by failOpen below.
      logger: { error: (err, message) => this.deps.log.debug({ err: (err as Error)?.message }, message ?? 'rate limiter'), warn: (err, message) => this.deps.log.warn({ err: (err as Error)?.message }, message ?? 'rate limiter') },
    });
  }

  private store(name: LimitName): Store {
    const raw = this.deps.stores.raw;
    const inner: Store = raw
      ? new RedisStore({
          prefix: `${raw.prefix}rl:${name}:`,
          sendCommandCluster: ({ key, isReadOnly, command }) => withTimeout(raw.sendCommand(key, isReadOnly, command)) as never,
        })
      : new MemoryStore();
    const store = this.failOpen(name, inner);
    this.stores.push(store);
    return store;
  }

  /**
   * Counts and logs a failing counter store, then lets express-rate-limit pass the request.
   * rate-limit-redis keeps the promise of its script's SHA: one that failed (Redis away while
   * it loaded) would fail every later call, so after a failure the store is set up again (at
   * most every few seconds) and heals once Redis is back.
   */
  private failOpen(name: LimitName, inner: Store): Store {
    let options: Parameters<NonNullable<Store['init']>>[0] | undefined;
    let lastInit = 0;
    const failed = (err: unknown): never => {
      this.storeFailed(name, err);
      if (options && inner.init && Date.now() - lastInit > REINIT_MS) {
        lastInit = Date.now();
        void Promise.resolve(inner.init(options)).catch(() => {});
      }
      throw err;
    };
    return {
      init: (given) => {
        options = given;
        lastInit = Date.now();
        return inner.init?.(given);
      },
      increment: async (key) => {
        try {
          return await inner.increment(key);
        } catch (err) {
          return failed(err);
        }
      },
      decrement: (key) => inner.decrement(key),
      resetKey: (key) => inner.resetKey(key),
      shutdown: () => inner.shutdown?.(),
      ...(inner.localKeys !== undefined ? { localKeys: inner.localKeys } : {}),
      ...(inner.prefix !== undefined ? { prefix: inner.prefix } : {}),
    };
  }

  private storeFailed(name: LimitName, err: unknown): void {
    this.deps.metrics.rateLimitStoreError();
    this.sampled.warn({ group: name, err: (err as Error)?.message }, 'rate limit store failed; request let through');
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`rate limit store did not answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
