import type { Clock, Deduplicator } from '../../core/ports.js';

export class MemoryDeduplicator implements Deduplicator {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async firstTime(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    // Forget expired keys as we go, so a long-running laptop process does not grow forever.
    if (this.seen.size > 10_000) for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
  }
}
