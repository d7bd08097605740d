/**
 * When to try the network again, as pure decisions (randomness is passed in, so tests can pin
 * it). The stream backs off 1, 2, 4, 8, 15 s with ±25 % jitter; after 3 sockets fail in a row
 * the widget polls every second and tries a socket again about every 30 s.
 */

/** A number in [0, 1), e.g. Math.random. */
export type Random = () => number;

export const BACKOFF_CAP_MS = 15_000;
/** Sockets that fail in a row before the widget falls back to polling. */
export const SOCKET_FAILS_BEFORE_POLLING = 3;
export const POLL_INTERVAL_MS = 1_000;
export const SOCKET_RETRY_MS = 30_000;
/** A socket that stayed open this long was healthy: its loss starts the count again. */
export const HEALTHY_AFTER_MS = 5_000;
/** A socket that has not opened by then is given up. */
export const OPEN_TIMEOUT_MS = 10_000;

/** ±25 % so that many widgets cut off together do not come back together. */
function jitter(ms: number, random: Random): number {
  return ms * (0.75 + random() * 0.5);
}

/** The wait before try number `attempt` + 1 (0-based): 1, 2, 4, 8, then 15 s, jittered. */
export function backoff(attempt: number, random: Random): number {
  return jitter(Math.min(BACKOFF_CAP_MS, 1000 * 2 ** Math.min(Math.max(0, attempt), 4)), random);
}

export type AfterSocketLoss =
  /** Reconnect after `delayMs`, showing "Reconnecting…". */
  | { fails: number; next: 'reconnect'; delayMs: number }
  /** Poll (every POLL_INTERVAL_MS) and try a socket again after `retryMs`. */
  | { fails: number; next: 'poll'; retryMs: number };

/** What to do when the socket closes: `fails` sockets had failed in a row before this one. */
export function afterSocketLoss(fails: number, wasHealthy: boolean, random: Random): AfterSocketLoss {
  const now = wasHealthy ? 1 : fails + 1;
  if (now >= SOCKET_FAILS_BEFORE_POLLING) return { fails: now, next: 'poll', retryMs: jitter(SOCKET_RETRY_MS, random) };
  return { fails: now, next: 'reconnect', delayMs: backoff(now - 1, random) };
}
