import { systemClock } from '../../clock.js';
import type { Clock, StateStorage, StoreItem, StoreItems, WriteOptions } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';
import { cappedTtl } from '../cappedTtl.js';

interface Entry {
  /** The item as JSON, as Redis keeps it: one stringify per write and one parse per read is
   * cheaper than structuredClone both ways, and a caller can never reach what is stored. */
  json: string;
  eTag: string;
  expiresAt?: number;
}

/**
 * Conversation state in process memory, with the same eTag and TTL rules as the Redis store, so
 * the bot's conflict handling is exercised on a laptop too. Values are kept as JSON, as in Redis:
 * a caller mutating what it read must not change what is stored.
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
    const out: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) out[key] = { ...(JSON.parse(entry.json) as StoreItem), eTag: entry.eTag };
    }
    return out;
  }

  /** All changes are checked before any is applied, so here a batch lands whole or not at all. */
  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.live(key);
      const expected = item.eTag;
      const ok = expected === '*' || (expected === undefined ? !current : current?.eTag === expected);
      if (!ok) throw new SatisfyError('ETAG_CONFLICT', `State "${key}" was changed by someone else (expected eTag ${expected ?? '(new)'})`);
    }
    const ttlMs = cappedTtl(options.ttlMs, this.maxTtlMs);
    const expiresAt = ttlMs ? this.clock.now() + ttlMs : undefined;
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: _eTag, ...value } = item;
      this.items.set(key, { json: JSON.stringify(value), eTag: String(this.nextTag++), expiresAt });
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
