/** How long a failed job waits before its next attempt. */
export interface Backoff {
  /** Wait after the first failure (ms). */
  baseMs: number;
  /** Each further failure multiplies the wait by this. */
  factor: number;
  /** No wait is longer than this (ms). */
  maxMs: number;
  /** In [0, 1]: each wait is moved by up to ± this fraction, so jobs that failed together (a
   * receiver that was down) do not all come back in the same second. */
  jitter: number;
}

/** 30 s, 2 min, 8 min, 32 min, ~2 h, then 6 h: eight attempts span about 15 hours. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, factor: 4, maxMs: 6 * 3_600_000, jitter: 0.2 };

/** The wait after failed attempt number `attempt` (1 = the first run failed); `random` in [0, 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: number): number {
  const plain = Math.min(backoff.maxMs, backoff.baseMs * backoff.factor ** Math.max(0, attempt - 1));
  const spread = Math.min(1, Math.max(0, backoff.jitter));
  return Math.max(0, Math.round(plain * (1 + spread * (2 * random - 1))));
}
