import type { Clock, SignInFailure, SignInFailures } from '../../core/ports.js';

export class MemorySignInFailures implements SignInFailures {
  private readonly records = new Map<string, SignInFailure & { until: number }>();

  constructor(private readonly clock: Clock) {}

  async add(key: string, at: number, ttlMs: number): Promise<SignInFailure> {
    // Forget expired records as we go, so a sprayed process does not grow forever.
    if (this.records.size > 10_000) for (const [k, r] of this.records) if (r.until <= this.clock.now()) this.records.delete(k);
    const now = this.clock.now();
    const current = this.records.get(key);
    const count = (current && current.until > now ? current.count : 0) + 1;
    this.records.set(key, { count, last: at, until: now + ttlMs });
    return { count, last: at };
  }

  async get(key: string): Promise<SignInFailure | undefined> {
    const record = this.records.get(key);
    if (!record || record.until <= this.clock.now()) return undefined;
    return { count: record.count, last: record.last };
  }

  async clear(key: string): Promise<void> {
    this.records.delete(key);
  }
}
