import type { StateStorage, StoreItem, StoreItems } from '../../core/ports.js';
import { SatisfyError } from '../../errors.js';

/**
 * Conversation state in process memory, with the same eTag rules as the Redis store, so the
 * bot's conflict handling is exercised on a laptop too. Values are copied in and out: a
 * caller mutating what it read must not change what is stored.
 */
export class MemoryStateStorage implements StateStorage {
  private readonly items = new Map<string, StoreItem>();
  private nextTag = 1;

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) out[key] = structuredClone(item);
    }
    return out;
  }

  /** All changes are checked before any is applied, so a batch either lands whole or not at all. */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.items.get(key);
      const expected = item.eTag;
      const ok = expected === '*' || (expected === undefined ? !current : current?.eTag === expected);
      if (!ok) throw new SatisfyError('ETAG_CONFLICT', `State "${key}" was changed by someone else (expected eTag ${expected ?? '(new)'})`);
    }
    for (const [key, item] of Object.entries(changes)) {
      this.items.set(key, { ...structuredClone(item), eTag: String(this.nextTag++) });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}
