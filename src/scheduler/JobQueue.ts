/**
 * Durable delayed jobs (invitation sends, reminders, webhook deliveries): the port every
 * scheduler implementation keeps (memory on a laptop, Redis in production). A job runs once at
 * a time across instances: a worker claims it with a lease, and only after the lease runs out
 * (the worker died) can another worker claim it again. Handlers must therefore be idempotent
 * for the narrow window between doing the work and completing the job.
 */
export interface JobSpec {
  /** Unique per job: scheduling an id that is already waiting or running changes nothing. */
  id: string;
  /** Which handler runs it (e.g. "invitation.send", "invitation.remind", "webhook.deliver"). */
  kind: string;
  /** Epoch ms: not before this. */
  runAt: number;
  /** JSON-serialisable. */
  payload: unknown;
}

export interface Job extends JobSpec {
  /** Failed runs so far; a lease that ran out (the worker died mid-run) counts as one, so a job
   * that kills its worker every time still ends in the dead letters. */
  attempts: number;
  /** Why the last run failed, if it did. */
  lastError?: string;
}

export interface DeadJob extends Job {
  /** Epoch ms when it was given up. */
  diedAt: number;
}

export interface JobQueue {
  /** Adds a job; false when a job of that id is already waiting or running. A dead letter of
   * that id is replaced (the job is live again). */
  schedule(job: JobSpec): Promise<boolean>;
  /** Removes a waiting job; false when there was none (already run, running, or never). */
  cancel(id: string): Promise<boolean>;
  /** Due jobs (runAt <= now) and jobs whose lease ran out (lease end <= now), at most `max`,
   * each leased to the caller until now + leaseMs. `now` is the caller's clock, never the
   * server's, so instances should keep their clocks in sync (NTP) as for every deadline here. */
  claim(now: number, max: number, leaseMs: number): Promise<Job[]>;
  /** The job is done: it is forgotten. */
  complete(id: string): Promise<void>;
  /** The run failed: run again at retryAt, or (retryAt undefined) move it to the dead letters.
   * Does nothing when the job is not running (it was completed meanwhile). */
  fail(id: string, error: string, retryAt: number | undefined): Promise<void>;
  /** Jobs given up, newest first (capped: the oldest are dropped). */
  deadLetters(limit: number): Promise<DeadJob[]>;
  /** Moves a dead job back to waiting (attempts and lastError reset), to run at `runAt`; false
   * when there is no such dead job or a live job has its id. */
  revive(id: string, runAt: number): Promise<boolean>;
  /** Waiting and running jobs, and dead letters (for /metrics and the admin page). */
  counts(): Promise<{ waiting: number; running: number; dead: number }>;
}

/** How many dead letters a queue keeps unless told otherwise (the oldest go first). */
export const DEAD_LETTER_CAP = 10_000;

/** The lastError of a job whose lease ran out: a failed run (the worker died or hung mid-run). */
export const LEASE_LOST = 'lease ran out before the job completed (the worker stopped or hung)';
