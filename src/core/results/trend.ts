import type { Comparison, Headline, ResultsTrend, TrendPoint } from '../api/results.js';
import type { CompiledScript } from '../script/compiled.js';
import { addCounters, field, type Counters } from './fields.js';
import { periods, previousRange, type Interval } from './periods.js';
import { shareChange, npsChange, meanChange, momentsOf, distributionSize, type Change } from './statistics.js';
import { headlineFigures, headlineOf, npsFigure, ratingDistribution, ratingQuestion, responseCounts, satisfiedCount } from './summarize.js';

/** Sums the days of `days` within [from, to]. */
export function sumDays(days: ReadonlyMap<string, Counters>, from: string, to: string): Counters {
  const out: Counters = {};
  for (const [day, c] of days) if (day >= from && day <= to) addCounters(out, c);
  return out;
}

/**
 * The headline scores per period of the range (every period, empty ones with n = 0 and null
 * figures), and the range against the previous one of the same length. `days` holds the
 * counters per day of both ranges (the previous range is read with the same call).
 */
export function trend(days: ReadonlyMap<string, Counters>, script: CompiledScript, from: string, to: string, interval: Interval): Pick<ResultsTrend, 'interval' | 'headline' | 'points' | 'comparison'> {
  const headline = headlineOf(script);
  const points: TrendPoint[] = periods(from, to, interval).map((p) => {
    const c = sumDays(days, p.from, p.to);
    return { ...p, started: c[field.started] ?? 0, completed: c[field.completed] ?? 0, ...headlineFigures(c, script, headline) };
  });
  const previous = previousRange(from, to);
  const comparison = compare(sumDays(days, from, to), sumDays(days, previous.from, previous.to), script, headline);
  return { interval, headline, points, comparison: { previous, ...comparison } };
}

/** The headline figures of `now` against `before`, each with its significance. */
export function compare(now: Readonly<Counters>, before: Readonly<Counters>, script: CompiledScript, headline: Headline): Omit<ResultsTrend['comparison'], 'previous'> {
  const rating = (id: string | null) => (id === null ? undefined : ratingQuestion(script, id));
  const csatQ = rating(headline.csat);
  const npsQ = rating(headline.nps);
  const cesQ = rating(headline.ces);

  const csat = csatQ
    ? (() => {
        const [a, b] = [ratingDistribution(now, csatQ), ratingDistribution(before, csatQ)];
        const s = { successes: satisfiedCount(a, csatQ.rating.max), n: distributionSize(a) };
        const p = { successes: satisfiedCount(b, csatQ.rating.max), n: distributionSize(b) };
        return comparison(s.n ? s.successes / s.n : null, p.n ? p.successes / p.n : null, s.n, p.n, shareChange(s, p));
      })()
    : null;
  const nps = npsQ
    ? (() => {
        const [a, b] = [npsFigure(ratingDistribution(now, npsQ)), npsFigure(ratingDistribution(before, npsQ))];
        return comparison(a.n ? a.score : null, b.n ? b.score : null, a.n, b.n, npsChange(a, b));
      })()
    : null;
  const ces = cesQ
    ? (() => {
        const [a, b] = [momentsOf(ratingDistribution(now, cesQ)), momentsOf(ratingDistribution(before, cesQ))];
        return comparison(a.n ? a.sum / a.n : null, b.n ? b.sum / b.n : null, a.n, b.n, meanChange(a, b));
      })()
    : null;
  const [r, q] = [responseCounts(now), responseCounts(before)];
  // A survey started before the range and finished in it counts as completed only: never more
  // completions than starts in the test.
  const done = (x: typeof r) => ({ successes: Math.min(x.completed, x.started), n: x.started });
  const completionRate = comparison(r.started ? r.completionRate : null, q.started ? q.completionRate : null, r.started, q.started, shareChange(done(r), done(q)));
  return { csat, nps, ces, completionRate };
}

function comparison(now: number | null, before: number | null, nNow: number, nBefore: number, change: Change | undefined): Comparison {
  return { now, before, delta: now === null || before === null ? null : now - before, nNow, nBefore, significant: change?.significant ?? false };
}
