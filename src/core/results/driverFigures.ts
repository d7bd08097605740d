import type { DriverFigure, ResultsDrivers } from '../api/results.js';
import type { CompiledScript } from '../script/compiled.js';
import { isAspectRating } from './aggregateEvent.js';
import { drivers, type AspectInput } from './drivers.js';
import { coMomentsOf, type Counters } from './fields.js';
import { median, momentsOf } from './statistics.js';
import { ratingDistribution, ratingQuestion } from './summarize.js';

/**
 * Key drivers from counters: every aspect-tagged rating question (the outcome itself aside)
 * with its importance (correlation of its ratings with the outcome's, from the co-moments
 * counted when both were answered) and performance (its mean, and the share of ratings in the
 * bottom two boxes), placed on the importance × performance grid; short boards first.
 */
export function driverFigures(c: Readonly<Counters>, script: CompiledScript): Pick<ResultsDrivers, 'outcome' | 'drivers' | 'medians'> {
  const outcomeQ = script.outcome === undefined ? undefined : ratingQuestion(script, script.outcome);
  if (!outcomeQ) return { outcome: null, drivers: [], medians: { importance: null, performance: null } };
  const outcomeMoments = momentsOf(ratingDistribution(c, outcomeQ));
  const inputs: AspectInput[] = [];
  for (const q of script.questions) {
    if (q.id === outcomeQ.id || !isAspectRating(q) || q.type !== 'rating') continue;
    const d = ratingDistribution(c, q);
    inputs.push({
      questionId: q.id,
      aspect: q.aspect!,
      ratings: momentsOf(d),
      low: Object.entries(d).reduce((a, [v, n]) => (Number(v) <= q.rating.min + 1 ? a + n : a), 0),
      withOutcome: coMomentsOf(c, q.id),
      min: q.rating.min,
      max: q.rating.max,
    });
  }
  const byId = new Map(inputs.map((i) => [i.questionId, i]));
  const placed: DriverFigure[] = drivers(inputs).map((d) => {
    const input = byId.get(d.questionId)!;
    return {
      questionId: d.questionId,
      aspect: d.aspect,
      importance: d.importance ?? null,
      performance: d.performance ?? null,
      lowShare: d.lowShare,
      n: d.n,
      pairs: input.withOutcome.n,
      scale: { min: input.min, max: input.max },
      quadrant: d.quadrant ?? null,
    };
  });
  // The same medians drivers() splits at: importance, and performance on a 0..1 axis.
  const importances = placed.map((d) => d.importance).filter((x): x is number => x !== null);
  const performances = placed.filter((d) => d.performance !== null && d.scale.max > d.scale.min).map((d) => (d.performance! - d.scale.min) / (d.scale.max - d.scale.min));
  return {
    outcome: { questionId: outcomeQ.id, mean: outcomeMoments.n ? outcomeMoments.sum / outcomeMoments.n : null, n: outcomeMoments.n },
    drivers: placed,
    medians: { importance: median(importances) ?? null, performance: median(performances) ?? null },
  };
}
