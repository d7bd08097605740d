import { setImmediate as afterIo } from 'node:timers/promises';
import { systemClock } from '../../clock.js';
import type { Clock, StateStorage, StoreItem, StoreItems, WriteOptions } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';
import { cappedTtl } from '../cappedTtl.js';
import { copyJson } from './copyJson.js';

interface Entry {
  /** A private copy of the item (without its eTag), as JSON would give it back: copied once
   * per write and once per read, which costs half a stringify and a parse. No caller ever
   * holds it. */
  value: Record<string, unknown>;
  eTag: string;
  expiresAt?: number;
}

/**
 * Conversation state in process memory, with the same eTag and TTL rules as the Redis store, so
 * the bot's conflict handling is exercised on a laptop too. Values are copied in and out with
 * JSON's rules, as in Redis: a caller mutating what it read or wrote must not change what is
 * stored.
 *
 * Reads and writes answer after the event loop's I/O, as a network store does, not at once.
 * Answered at once, each turn ran from its request to its reply in one go, interleaved with no
 * other turn, and the process needed about a quarter more CPU per turn than on Redis, in every
 * function alike (the code of one stage run for many turns in a row stays in the CPU's caches;
 * bench/README.md, "Memory store"). It also gives concurrent turns the interleavings they have
 * in production.
 */
export class MemoryStateStorage implements StateStorage {
  private readonly items = new Map<string, Entry>();
  private nextTag = 1;

  constructor(
    private readonly clock: Clock = systemClock,
    /** STATE_RETENTION_DAYS, as in the Redis store. */
    private readonly maxTtlMs?: number,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    await afterIo();
    const out: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key);
      if (!entry) continue;
      const item = copyJson(entry.value) as StoreItem;
      item.eTag = entry.eTag;
      out[key] = item;
    }
    return out;
  }

  /** All changes are checked before any is applied, so here a batch lands whole or not at all. */
  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    await afterIo();
    for (const [key, item] of Object.entries(changes)) {
      const current = this.live(key);
      const expected = item.eTag;
      const ok = expected === '*' || (expected === undefined ? !current : current?.eTag === expected);
      if (!ok) throw new SatisfyError('ETAG_CONFLICT', `State "${key}" was changed by someone else (expected eTag ${expected ?? '(new)'})`);
    }
    const ttlMs = cappedTtl(options.ttlMs, this.maxTtlMs);
    const expiresAt = ttlMs ? this.clock.now() + ttlMs : undefined;
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: _eTag, ...rest } = item;
      const value = copyJson(rest);
      this.items.set(key, { value, eTag: String(this.nextTag++), expiresAt });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.items.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.clock.now()) {
      this.items.delete(key);
      return undefined;
    }
    return entry;
  }
}
