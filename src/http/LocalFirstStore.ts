import { createHash } from 'node:crypto';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

/**
 * Adds n hits to a shared fixed-window counter and returns its total and time left. The key
 * holds a plain integer with a PX expiry, as rate-limit-redis keeps it, so instances of either
 * kind count into the same keys during a rolling deploy.
 */
const ADD = `local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {tonumber(ARGV[1]), tonumber(ARGV[2])}
end
return {redis.call('INCRBY', KEYS[1], ARGV[1]), ttl}`;
const ADD_SHA = createHash('sha1').update(ADD).digest('hex');

/** How often this instance's hits are added to the shared counters (and it learns the others'). */
export const SYNC_MS = 100;
/** A shared counter that answers slower than this is given up on for this round. */
const SYNC_TIMEOUT_MS = 500;

export interface SharedCounters {
  prefix: string;
  sendCommand(key: string | undefined, readOnly: boolean, args: string[]): Promise<unknown>;
}

interface Counter {
  /** The shared total as Redis last answered it (every instance's hits, ours included). */
  shared: number;
  /** This instance's hits that Redis has not counted yet (not sent, or sent and unanswered). */
  unsent: number;
  /** Of `unsent`, those on their way now. */
  sending: number;
  resetAt: number;
}

/**
 * An express-rate-limit store that decides locally and shares its counts in the background: a
 * request never waits for Redis. Each instance counts its own hits at once (so on its own it
 * never lets more than the limit through) and every SYNC_MS adds them to the shared Redis
 * counter, one pipelined command per key that saw hits, learning the other instances' hits in
 * the answer. The slack: across instances, a key can get at most the hits the *other* instances
 * let through in one sync round (SYNC_MS plus a Redis round trip) beyond the limit. Redis away
 * or slow: the limit holds per instance, the failures are counted, and the unsent hits go with
 * the next round.
 */
export class LocalFirstStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly counters = new Map<string, Counter>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly redis: SharedCounters,
    name: string,
    private readonly failed: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = `${redis.prefix}rl:${name}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const counter = this.live(key);
    return counter ? { totalHits: counter.shared + counter.unsent, resetTime: new Date(counter.resetAt) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { totalHits, resetAt } = this.hit(key);
    return { totalHits, resetTime: new Date(resetAt) };
  }

  /** increment() at once, without its promise and Date (for RateLimits.admit, on every turn):
   * the hits of the window so far, this one included, and when it ends (epoch ms). */
  hit(key: string): { totalHits: number; resetAt: number } {
    let counter = this.live(key);
    if (!counter) {
      counter = { shared: 0, unsent: 0, sending: 0, resetAt: this.now() + this.windowMs };
      this.counters.set(key, counter);
    }
    counter.unsent++;
    this.dirty.add(key);
    this.timer ??= this.closed ? undefined : setTimeout(() => this.sync(), SYNC_MS).unref();
    return { totalHits: counter.shared + counter.unsent, resetAt: counter.resetAt };
  }

  async decrement(key: string): Promise<void> {
    const counter = this.live(key);
    if (counter && counter.unsent > counter.sending) counter.unsent--;
  }

  async resetKey(key: string): Promise<void> {
    this.counters.delete(key);
    this.dirty.delete(key);
    await this.redis.sendCommand(this.prefix + key, false, ['DEL', this.prefix + key]);
  }

  /** Sends what is left, then stops. */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sync();
  }

  /** The counter of a window that has not ended; an ended one is forgotten. */
  private live(key: string): Counter | undefined {
    const counter = this.counters.get(key);
    if (!counter) return undefined;
    if (this.now() < counter.resetAt) return counter;
    this.counters.delete(key);
    return undefined;
  }

  /** One round: every key with hits not sent yet, written in one go (the client pipelines them). */
  private async sync(): Promise<void> {
    this.timer = undefined;
    const rounds: Promise<void>[] = [];
    for (const key of this.dirty) {
      const counter = this.live(key);
      if (!counter || counter.unsent === counter.sending) continue;
      const n = counter.unsent - counter.sending;
      counter.sending += n;
      rounds.push(
        this.add(key, n).then(
          ([total, ttl]) => {
            counter.sending -= n;
            counter.unsent -= n;
            // Redis's window wins: every instance then resets together.
            counter.shared = total;
            counter.resetAt = this.now() + ttl;
          },
          (err: unknown) => {
            counter.sending -= n;
            this.failed(err);
            // Kept as unsent: they go with the next round.
            this.dirty.add(key);
            this.timer ??= this.closed ? undefined : setTimeout(() => this.sync(), SYNC_MS).unref();
          },
        ),
      );
    }
    this.dirty.clear();
    // Ended windows of quiet keys are forgotten here too, so the map holds live keys only.
    if (this.counters.size > 1000) for (const key of this.counters.keys()) this.live(key);
    await Promise.all(rounds);
  }

  private async add(key: string, n: number): Promise<[number, number]> {
    const full = this.prefix + key;
    const args = ['1', full, String(n), String(this.windowMs)];
    let reply: unknown;
    try {
      reply = await withTimeout(this.redis.sendCommand(full, false, ['EVALSHA', ADD_SHA, ...args]));
    } catch (err) {
      if (!/^NOSCRIPT/.test((err as Error)?.message ?? '')) throw err;
      reply = await withTimeout(this.redis.sendCommand(full, false, ['EVAL', ADD, ...args]));
    }
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error('unexpected reply from the rate limit counter');
    return [Number(reply[0]), Number(reply[1])];
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`rate limit store did not answer within ${SYNC_TIMEOUT_MS} ms`)), SYNC_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
