import type { CoMoments } from './statistics.js';

/**
 * The names of the counters in a results bucket, in one place for the writer (aggregateEvent)
 * and the readers (the results figures). Question ids, aspects and option ids are script ids
 * (letters, digits, _), so ':' never occurs inside a part; theme phrases are free text and
 * come last.
 */
export const field = {
  started: 'started',
  completed: 'completed',
  abandoned: 'abandoned',
  optedOut: 'opted_out',
  /** Invitations (all responses' group only): `inv:<step>` and `inv:<step>:<channel>`, for the
   * steps sent, opened, started and completed. */
  invitation: (step: 'sent' | 'opened' | 'started' | 'completed', channel?: string) => (channel ? `inv:${step}:${channel}` : `inv:${step}`),
  escalated: 'esc',
  escalatedBy: (rule: string) => `esc:${rule}`,
  answered: (q: string) => `q:${q}:n`,
  skipped: (q: string) => `q:${q}:skip`,
  /** The survey ended (abandoned, opted out) while this question waited. */
  dropped: (q: string) => `q:${q}:drop`,
  value: (q: string, v: string) => `q:${q}:v:${v}`,
  /** A Kano question's pairs by category (must_be, attractive, ...). */
  kano: (q: string, category: string) => `q:${q}:kano:${category}`,
  /** A Kano question's answers to each half: kf with the feature, kd without. */
  kanoHalf: (q: string, half: 'functional' | 'dysfunctional', answer: string) => `q:${q}:${half === 'functional' ? 'kf' : 'kd'}:${answer}`,
  sentiment: (q: string, label: string) => `q:${q}:s:${label}`,
  aspectMention: (aspect: string, label: string) => `a:${aspect}:${label}`,
  /** Responses that rated aspect question `q` as x and the outcome as y: one counter per pair
   * of values (a few dozen at most on rating scales), from which every co-moment follows. */
  pair: (q: string, x: number, y: number) => `co:${q}:${x}:${y}`,
  theme: (label: string, phrase: string) => `t:${label}:${phrase}`,
  /** Escalation cases of the survey, counted on the day of each step (see caseCounts). */
  case: {
    opened: 'case:opened',
    claimed: 'case:claimed',
    /** Sum of milliseconds from opening to claim. */
    claimMs: 'case:claim_ms',
    claimedInSla: 'case:claimed_sla',
    resolved: 'case:resolved',
    expired: 'case:expired',
    recoveryYes: 'case:recovery:yes',
    recoveryNo: 'case:recovery:no',
    /** Pairs (outcome rating before, recovery rating after): n, sums, and the sum of squared
     * differences for a paired test. */
    ratingN: 'case:rating:n',
    ratingBefore: 'case:rating:before',
    ratingAfter: 'case:rating:after',
    ratingDiffSq: 'case:rating:dd',
  },
} as const;

/** Counter → value, as read back from a bucket (or summed over several). */
export type Counters = Record<string, number>;

/** Adds `b` into `a` (in place) and returns it. */
export function addCounters(a: Counters, b: Readonly<Counters>): Counters {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  return a;
}

/** The values counted for one question: { "4": 12, "5": 30 } or { yes: 3, no: 1 }. */
export function distributionOf(c: Readonly<Counters>, q: string): Record<string, number> {
  const prefix = `q:${q}:v:`;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) if (k.startsWith(prefix) && v) out[k.slice(prefix.length)] = v;
  return out;
}

/** The co-moments of aspect question `q` with the outcome, from its pair counters. */
export function coMomentsOf(c: Readonly<Counters>, q: string): CoMoments {
  const prefix = `co:${q}:`;
  const m: CoMoments = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
  for (const [k, count] of Object.entries(c)) {
    if (!k.startsWith(prefix) || !count) continue;
    const [xs, ys] = k.slice(prefix.length).split(':');
    const x = Number(xs);
    const y = Number(ys);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    m.n += count;
    m.sumX += count * x;
    m.sumY += count * y;
    m.sumXX += count * x * x;
    m.sumYY += count * y * y;
    m.sumXY += count * x * y;
  }
  return m;
}

/** Only the counters named by `fields` (exact names or prefixes); all of them without it. */
export function pickCounters(c: Readonly<Counters>, fields?: readonly string[]): Counters {
  if (!fields) return { ...c };
  const out: Counters = {};
  for (const [k, v] of Object.entries(c)) if (fields.some((f) => k.startsWith(f))) out[k] = v;
  return out;
}
