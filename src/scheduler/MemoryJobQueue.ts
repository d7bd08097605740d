import type { Clock } from '../core/ports.js';
import { DEAD_LETTER_CAP, LEASE_LOST, type DeadJob, type Job, type JobQueue, type JobSpec } from './JobQueue.js';

/**
 * The in-process scheduler (the laptop default): the same rules as RedisJobQueue, but jobs live
 * only as long as the process. Copies go in and out so callers cannot change a stored job.
 */
export class MemoryJobQueue implements JobQueue {
  private readonly waiting = new Map<string, Job>();
  private readonly running = new Map<string, { job: Job; until: number }>();
  private readonly dead = new Map<string, DeadJob>();

  constructor(
    private readonly clock: Clock,
    private readonly deadCap = DEAD_LETTER_CAP,
  ) {}

  async schedule(spec: JobSpec): Promise<boolean> {
    if (this.waiting.has(spec.id) || this.running.has(spec.id)) return false;
    this.dead.delete(spec.id);
    this.waiting.set(spec.id, copy({ id: spec.id, kind: spec.kind, runAt: spec.runAt, payload: spec.payload ?? null, attempts: 0 }));
    return true;
  }

  async cancel(id: string): Promise<boolean> {
    return this.waiting.delete(id);
  }

  async claim(now: number, max: number, leaseMs: number): Promise<Job[]> {
    const lost = [...this.running.values()].filter((r) => r.until <= now).sort((a, b) => a.until - b.until || cmp(a.job.id, b.job.id));
    const claimed: Job[] = [];
    for (const r of lost.slice(0, max)) {
      r.job.attempts += 1;
      r.job.lastError = LEASE_LOST;
      r.until = now + leaseMs;
      claimed.push(copy(r.job));
    }
    const due = [...this.waiting.values()].filter((j) => j.runAt <= now).sort((a, b) => a.runAt - b.runAt || cmp(a.id, b.id));
    for (const job of due.slice(0, max - claimed.length)) {
      this.waiting.delete(job.id);
      this.running.set(job.id, { job, until: now + leaseMs });
      claimed.push(copy(job));
    }
    return claimed;
  }

  async complete(id: string): Promise<void> {
    this.running.delete(id);
  }

  async fail(id: string, error: string, retryAt: number | undefined): Promise<void> {
    const r = this.running.get(id);
    if (!r) return;
    this.running.delete(id);
    const job: Job = { ...r.job, attempts: r.job.attempts + 1, lastError: error };
    if (retryAt !== undefined) {
      this.waiting.set(id, { ...job, runAt: retryAt });
      return;
    }
    this.dead.delete(id);
    this.dead.set(id, { ...job, diedAt: this.clock.now() });
    for (const oldest of this.dead.keys()) {
      if (this.dead.size <= this.deadCap) break;
      this.dead.delete(oldest);
    }
  }

  async deadLetters(limit: number): Promise<DeadJob[]> {
    return [...this.dead.values()]
      .sort((a, b) => b.diedAt - a.diedAt || cmp(b.id, a.id))
      .slice(0, Math.max(0, limit))
      .map(copy);
  }

  async revive(id: string, runAt: number): Promise<boolean> {
    const job = this.dead.get(id);
    if (!job || this.waiting.has(id) || this.running.has(id)) return false;
    this.dead.delete(id);
    this.waiting.set(id, { id, kind: job.kind, runAt, payload: job.payload, attempts: 0 });
    return true;
  }

  async counts(): Promise<{ waiting: number; running: number; dead: number }> {
    return { waiting: this.waiting.size, running: this.running.size, dead: this.dead.size };
  }
}

/** Through JSON, as Redis stores it, so a payload behaves the same in both. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
