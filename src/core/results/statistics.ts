/**
 * The statistics behind the results pages, computed from counts and sums only (never from raw
 * responses), so a figure costs the same at a million answers as at ten.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Running sums of one numeric answer: enough for its mean and variance. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** Running sums of pairs (x = an aspect rating, y = the outcome rating) from the same responses. */
export interface CoMoments {
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumYY: number;
  sumXY: number;
}

/** The half-width of the 95% Wilson score interval of a share (0 when there is no answer). */
export function wilsonMargin(successes: number, n: number): number {
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = Z95 * Z95;
  return (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** The centre of the Wilson interval: the share pulled towards 1/2 for small n. */
export function wilsonCentre(successes: number, n: number): number {
  if (n <= 0) return 0;
  const z2 = Z95 * Z95;
  return (successes / n + z2 / (2 * n)) / (1 + z2 / n);
}

export function mean(m: Moments): number | undefined {
  return m.n > 0 ? m.sum / m.n : undefined;
}

/** The sample variance (n − 1); 0 below two answers. */
export function variance(m: Moments): number {
  if (m.n < 2) return 0;
  return Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/** Pearson's r from co-moments; undefined when either side does not vary (or n < 3). */
export function correlation(c: CoMoments): number | undefined {
  if (c.n < 3) return undefined;
  const sxx = c.n * c.sumXX - c.sumX * c.sumX;
  const syy = c.n * c.sumYY - c.sumY * c.sumY;
  if (sxx <= 0 || syy <= 0) return undefined;
  const r = (c.n * c.sumXY - c.sumX * c.sumY) / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Counts per answer value, e.g. { "4": 12, "5": 30 }. */
export type Distribution = Record<string, number>;

export function distributionSize(d: Distribution): number {
  return Object.values(d).reduce((a, b) => a + b, 0);
}

export function momentsOf(d: Distribution): Moments {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const [value, count] of Object.entries(d)) {
    const x = Number(value);
    if (!Number.isFinite(x)) continue;
    n += count;
    sum += x * count;
    sumSq += x * x * count;
  }
  return { n, sum, sumSq };
}

export interface ShareFigure {
  /** 0..1 */
  share: number;
  n: number;
  /** The 95% Wilson half-width, 0..1. */
  marginOfError: number;
}

/** CSAT: the share of answers in the top two boxes of the scale (4 and 5 on 1–5). */
export function csat(d: Distribution, max: number): ShareFigure {
  const n = distributionSize(d);
  const satisfied = Object.entries(d).reduce((a, [v, c]) => (Number(v) >= max - 1 ? a + c : a), 0);
  return { share: n ? satisfied / n : 0, n, marginOfError: wilsonMargin(satisfied, n) };
}

export interface NpsFigure {
  /** −100..100 */
  score: number;
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
  /** In NPS points, 95%. */
  marginOfError: number;
}

/** NPS on 0–10: % promoters (9–10) − % detractors (0–6), with the variance of a difference of
 * two shares of one multinomial sample. */
export function nps(d: Distribution): NpsFigure {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [v, c] of Object.entries(d)) {
    const x = Number(v);
    if (x >= 9) promoters += c;
    else if (x >= 7) passives += c;
    else if (x >= 0) detractors += c;
  }
  const n = promoters + passives + detractors;
  if (!n) return { score: 0, promoters, passives, detractors, n, marginOfError: 0 };
  const pp = promoters / n;
  const pd = detractors / n;
  return { score: 100 * (pp - pd), promoters, passives, detractors, n, marginOfError: 100 * Z95 * Math.sqrt(npsVariance(pp, pd) / n) };
}

/** The per-answer variance of NPS as a fraction (−1..1). */
function npsVariance(pp: number, pd: number): number {
  return Math.max(0, pp + pd - (pp - pd) ** 2);
}

export interface Change {
  /** now − before, in the figure's own unit. */
  delta: number;
  z: number;
  significant: boolean;
}

function change(delta: number, standardError: number): Change {
  const z = standardError > 0 ? delta / standardError : 0;
  return { delta, z, significant: standardError > 0 && Math.abs(z) >= Z95 };
}

/** A share now against before (two-proportion z-test, pooled). */
export function shareChange(now: { successes: number; n: number }, before: { successes: number; n: number }): Change | undefined {
  if (!now.n || !before.n) return undefined;
  const p = (now.successes + before.successes) / (now.n + before.n);
  const se = Math.sqrt(p * (1 - p) * (1 / now.n + 1 / before.n));
  return change(now.successes / now.n - before.successes / before.n, se);
}

/** NPS now against before, in points. */
export function npsChange(now: NpsFigure, before: NpsFigure): Change | undefined {
  if (!now.n || !before.n) return undefined;
  const v = (f: NpsFigure) => npsVariance(f.promoters / f.n, f.detractors / f.n) / f.n;
  return change(now.score - before.score, 100 * Math.sqrt(v(now) + v(before)));
}

/** A mean now against before (Welch's z). */
export function meanChange(now: Moments, before: Moments): Change | undefined {
  if (now.n < 2 || before.n < 2) return undefined;
  return change(now.sum / now.n - before.sum / before.n, Math.sqrt(variance(now) / now.n + variance(before) / before.n));
}

/** The middle value (mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** A paired change (after − before on the same cases), from the moments of the differences. */
export function pairedChange(differences: Moments): Change | undefined {
  if (differences.n < 2) return undefined;
  return change(differences.sum / differences.n, Math.sqrt(variance(differences) / differences.n));
}
