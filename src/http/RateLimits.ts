import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type ClientRateLimitInfo, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics/Metrics.js';
import { SampledLog } from '../SampledLog.js';
import type { Stores } from '../storage/Stores.js';
import { clientAddress } from './clientAddress.js';
import { LocalFirstStore } from './LocalFirstStore.js';
import { postedConversation, routeGroup, type RouteGroup } from './routeGroup.js';
import { sendError } from './sendError.js';

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
 * posting web chat activities and a limit on WebSocket upgrades, in fixed windows. With Redis
 * the counters are shared by every instance, but a request never waits for Redis: each instance
 * counts at once and adds its hits to the shared counters in the background (LocalFirstStore,
 * with its slack across instances); without Redis each process counts alone. A counter store
 * that fails is counted and logged, never what takes the site down: with Redis away the limits
 * hold per instance.
 */
export class RateLimits {
  readonly middleware: RequestHandler;
  private readonly stores: Store[] = [];
  private readonly limiters = new Map<LimitName, RequestHandler>();
  /** The same limits as `limiters`, for the customer-turn lane's admit(): the same stores and answers. */
  private readonly lean = new Map<LimitName, LeanLimit>();
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

  /**
   * What `middleware` does, for the customer-turn lane (src/http/turnLane.ts), without
   * express-rate-limit's per-request machinery (its awaits, debug calls, validations and
   * closures): the same counters (the very stores), the same draft-7 headers, Retry-After,
   * 429 answer, line and metric. True when the request may go on, false when it was answered;
   * a promise of either when a counter store answers asynchronously (the memory store).
   */
  admit(req: Request, res: Response, path: string): boolean | Promise<boolean> {
    const perClient = this.lean.get(routeGroup(path));
    const first = perClient ? this.count(perClient, clientKey(req), req, res) : true;
    if (first === true) return this.admitConversation(req, res, path);
    if (first === false) return false;
    return first.then((go) => go && this.admitConversation(req, res, path));
  }

  private admitConversation(req: Request, res: Response, path: string): boolean | Promise<boolean> {
    const conversation = postedConversation(req.method, path);
    const perConversation = conversation === undefined ? undefined : this.lean.get('conversation');
    if (!perConversation) return true;
    return this.count(perConversation, conversationKey(conversation, req), req, res);
  }

  /** Counts the hit; the shared counters (LocalFirstStore) answer at once, without a promise. */
  private count(limit: LeanLimit, key: string, req: Request, res: Response): boolean | Promise<boolean> {
    const { store } = limit;
    if (store instanceof LocalFirstStore) {
      const { totalHits, resetAt } = store.hit(key);
      return this.decide(limit, totalHits, resetAt, req, res);
    }
    return new Promise<ClientRateLimitInfo>((resolve) => resolve(store.increment(key))).then(
      ({ totalHits, resetTime }) => this.decide(limit, totalHits, resetTime?.getTime(), req, res),
      (err: unknown) => {
        // passOnStoreError, as express-rate-limit logs it.
        this.deps.log.debug({ err: (err as Error)?.message }, 'express-rate-limit: error from store, allowing request without rate-limiting.');
        return true;
      },
    );
  }

  /** express-rate-limit's draft-7 headers and answer. */
  private decide(limit: LeanLimit, hits: number, resetAt: number | undefined, req: Request, res: Response): boolean {
    const reset = resetAt === undefined ? Math.ceil(this.deps.limits.windowMs / 1000) : Math.max(0, Math.ceil((resetAt - Date.now()) / 1000));
    if (!res.headersSent) {
      res.setHeader('RateLimit-Policy', limit.policy);
      res.setHeader('RateLimit', `limit=${limit.limit}, remaining=${Math.max(limit.limit - hits, 0)}, reset=${reset}`);
    }
    if (hits <= limit.limit) return true;
    if (!res.headersSent) res.setHeader('Retry-After', String(reset));
    limit.refuse(req, res);
    return false;
  }

  async close(): Promise<void> {
    for (const store of this.stores) await store.shutdown?.();
  }

  private limiter(name: LimitName, limit: number): RequestHandler {
    const store = this.store(name);
    const refuse = (req: Request, res: Response) => {
      this.deps.metrics.rateLimited(name);
      this.sampled.warn({ reqId: res.locals.requestId as unknown, group: name, ip: req.ip }, 'rate limited');
      const wait = res.get('Retry-After');
      sendError(res, 429, 'RATE_LIMITED', `Too many requests${name === 'conversation' ? ' in this conversation' : ''}; try again${wait ? ` in ${wait} s` : ' later'}.`);
    };
    this.lean.set(name, { store, limit, policy: `${limit};w=${Math.ceil(this.deps.limits.windowMs / 1000)}`, refuse });
    return rateLimit({
      windowMs: this.deps.limits.windowMs,
      limit,
      store,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      passOnStoreError: true,
      // A conversation's counter is per client too, so someone who learns a conversation id
      // (without its token) cannot use up the real customer's budget; it is named by a digest,
      // so the key names no customer's conversation (nothing to erase or read back).
      keyGenerator:
        name === 'conversation' ? (req) => conversationKey(postedConversation(req.method, req.path), req) : clientKey,
      handler: refuse,
      // The shared counters' failures are counted and logged by storeFailed, in the background.
      logger: { error: (err, message) => this.deps.log.debug({ err: (err as Error)?.message }, message ?? 'rate limiter'), warn: (err, message) => this.deps.log.warn({ err: (err as Error)?.message }, message ?? 'rate limiter') },
    });
  }

  private store(name: LimitName): Store {
    const raw = this.deps.stores.raw;
    const store = raw ? new LocalFirstStore(raw, name, (err) => this.storeFailed(name, err)) : new MemoryStore();
    this.stores.push(store);
    return store;
  }

  private storeFailed(name: LimitName, err: unknown): void {
    this.deps.metrics.rateLimitStoreError();
    this.sampled.warn({ group: name, err: (err as Error)?.message }, 'rate limit store failed; request let through');
  }
}

interface LeanLimit {
  store: Store;
  limit: number;
  /** The RateLimit-Policy header, as express-rate-limit writes it for draft-7. */
  policy: string;
  refuse: (req: Request, res: Response) => void;
}

/** The per-client counter's key: the client's address (an IPv6 one by its /56). */
function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

/** The per-conversation counter's key: the conversation and the client, hashed. */
function conversationKey(conversation: string | undefined, req: Request): string {
  return digest(`${conversation ?? ''}\n${clientKey(req)}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
