/**
 * What the app counts, as plain calls: the bot, the case desk and the HTTP edge report through
 * this, and only PromMetrics knows Prometheus. Tests and tools that do not care pass noMetrics.
 */
export interface Metrics {
  /** One bot turn on a channel, how it ended and how long it took. */
  turn(channel: string, outcome: 'ok' | 'error', seconds: number): void;
  answer(channel: string): void;
  surveyCompleted(channel: string): void;
  escalation(channel: string, reason: string): void;
  /** A case entered this status (open, claimed, resolved, expired). */
  caseStatus(status: string): void;
  slaMissed(priority: string): void;
  /** A store call failed with STORE_UNAVAILABLE. */
  storeError(store: string): void;
  /** A request refused by a rate limit or a size cap, by route group. */
  rateLimited(group: string): void;
  /** The rate limiter's store failed and the request was let through. */
  rateLimitStoreError(): void;
  redisRoundTrip(seconds: number): void;
  /** An invitation reached a status (sent, opened, …) or was refused (refused:COOLDOWN …), by channel. */
  invitation(channel: string, outcome: string): void;
}

export const noMetrics: Metrics = {
  turn() {},
  answer() {},
  surveyCompleted() {},
  escalation() {},
  caseStatus() {},
  slaMissed() {},
  storeError() {},
  rateLimited() {},
  rateLimitStoreError() {},
  redisRoundTrip() {},
  invitation() {},
};
