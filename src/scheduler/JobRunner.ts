import type { Logger } from 'pino';
import type { Clock } from '../core/ports.js';
import { runEvery } from '../escalation/runEvery.js';
import { DEFAULT_BACKOFF, backoffDelay, type Backoff } from './backoff.js';
import type { Job, JobQueue } from './JobQueue.js';

/** What a handler learns about the run beside the job. */
export interface JobRun {
  /** 1 for the first run. */
  attempt: number;
  /** True when a failure now moves the job to the dead letters (no retry follows). */
  final: boolean;
}

/** Runs one job; throwing means "failed, retry later" (or give up after the last attempt). */
export type JobHandler = (job: Job, run: JobRun) => Promise<void>;

/** Thrown by a handler when retrying cannot help (a bad address): the job dies at once. */
export class JobGiveUp extends Error {
  override readonly name = 'JobGiveUp';
}

export interface JobRunnerOptions {
  queue: JobQueue;
  clock: Clock;
  handlers: Readonly<Record<string, JobHandler>>;
  log: Logger;
  backoff?: Partial<Backoff>;
  /** Runs in all before a job goes to the dead letters. Default 8. */
  maxAttempts?: number;
  /** How long a claimed job is held before another instance may take it (the worker is
   * presumed dead). Longer than any handler's own timeout. Default 5 minutes. */
  leaseMs?: number;
  /** Jobs run at the same time by one instance. Default 10. */
  concurrency?: number;
  /** In [0, 1), for the jitter; tests pass a constant. */
  random?: () => number;
}

/** At most this many batches per pass, so one pass ends even when jobs keep coming. */
const BATCHES_PER_PASS = 20;

/**
 * Claims due jobs and runs them with the handler of their kind. A failure is retried with
 * back-off until maxAttempts, then the job goes to the dead letters with the reason (visible in
 * deadLetters() and the log). A job of a kind nobody handles dies at once with that reason.
 */
export class JobRunner {
  private readonly backoff: Backoff;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly random: () => number;

  constructor(private readonly options: JobRunnerOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 10);
    this.random = options.random ?? Math.random;
  }

  /** Claims and runs what is due now; resolves with the number of jobs run. */
  async runDue(): Promise<number> {
    let ran = 0;
    for (let batch = 0; batch < BATCHES_PER_PASS; batch++) {
      const jobs = await this.options.queue.claim(this.options.clock.now(), this.concurrency, this.leaseMs);
      await Promise.all(
        jobs.map((job) =>
          // The store failed to take the outcome: the lease runs out and the job runs again.
          this.runOne(job).catch((err: unknown) => this.options.log.warn({ jobId: job.id, kind: job.kind, err: errorText(err) }, 'scheduler: could not record a job’s outcome; it will run again after its lease')),
        ),
      );
      ran += jobs.length;
      if (jobs.length < this.concurrency) break;
    }
    return ran;
  }

  /** Polls every `pollMs` in the background; the returned function stops polling and waits for
   * the jobs under way. */
  start(pollMs: number): () => Promise<void> {
    return runEvery(pollMs, () => this.runDue(), this.options.log, 'scheduler: running due jobs');
  }

  private async runOne(job: Job): Promise<void> {
    const { queue, log, clock } = this.options;
    const attempt = job.attempts + 1;
    const fields = { jobId: job.id, kind: job.kind, attempt };
    const handler = Object.hasOwn(this.options.handlers, job.kind) ? this.options.handlers[job.kind] : undefined;
    if (!handler) {
      const reason = `no handler for job kind "${job.kind}"`;
      log.error(fields, `scheduler: ${reason}; job moved to the dead letters`);
      await queue.fail(job.id, reason, undefined);
      return;
    }
    // A job whose worker died on each of its runs: running it again would only kill another.
    if (job.attempts >= this.maxAttempts) {
      const reason = job.lastError ?? 'too many attempts';
      log.warn({ ...fields, err: reason }, 'scheduler: job gave up after its last attempt');
      await queue.fail(job.id, reason, undefined);
      return;
    }
    const final = attempt >= this.maxAttempts;
    try {
      await handler(job, { attempt, final });
    } catch (err) {
      const reason = errorText(err);
      const giveUp = final || err instanceof JobGiveUp;
      const retryAt = giveUp ? undefined : clock.now() + backoffDelay(attempt, this.backoff, this.random());
      if (giveUp) log.warn({ ...fields, err: reason }, 'scheduler: job failed for good; moved to the dead letters');
      else log.info({ ...fields, err: reason, retryAt: new Date(retryAt!).toISOString() }, 'scheduler: job failed; will retry');
      await queue.fail(job.id, reason, retryAt);
      return;
    }
    await queue.complete(job.id);
  }
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, 500) || 'failed without a message';
}
