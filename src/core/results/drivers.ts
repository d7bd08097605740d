import { correlation, median, type CoMoments, type Moments } from './statistics.js';

/**
 * Where an aspect sits on the importance × performance grid. "short_board" (important and
 * weak) is what to fix first; the names are the usual ones of a key-driver chart.
 */
export type Quadrant = 'short_board' | 'strength' | 'low_priority' | 'overperforming';

export interface AspectFigures {
  questionId: string;
  aspect: string;
  /** Correlation with the outcome question. */
  importance: number | undefined;
  /** The aspect's mean rating. */
  performance: number | undefined;
  /** The share of ratings in the bottom two boxes. */
  lowShare: number;
  n: number;
}

export interface Driver extends AspectFigures {
  quadrant: Quadrant | undefined;
}

export interface AspectInput {
  questionId: string;
  aspect: string;
  /** Moments of the aspect's own ratings. */
  ratings: Moments;
  /** Ratings in the bottom two boxes. */
  low: number;
  /** Pairs with the outcome, from responses that answered both. */
  withOutcome: CoMoments;
  /** The scale, to put performance of different scales on one 0..1 axis. */
  min: number;
  max: number;
}

/**
 * Importance and performance per aspect, each aspect placed against the medians of all aspects
 * (performance normalised to 0..1 so a 1–5 and a 0–10 aspect compare); short boards first,
 * then by importance.
 */
export function drivers(aspects: readonly AspectInput[]): Driver[] {
  const figures = aspects.map((a) => {
    const importance = correlation(a.withOutcome);
    const performance = a.ratings.n ? a.ratings.sum / a.ratings.n : undefined;
    const normalised = performance === undefined || a.max === a.min ? undefined : (performance - a.min) / (a.max - a.min);
    return { figures: { questionId: a.questionId, aspect: a.aspect, importance, performance, lowShare: a.ratings.n ? a.low / a.ratings.n : 0, n: a.ratings.n }, normalised };
  });
  const importances = figures.map((f) => f.figures.importance).filter((x): x is number => x !== undefined);
  const performances = figures.map((f) => f.normalised).filter((x): x is number => x !== undefined);
  const mi = median(importances);
  const mp = median(performances);
  const placed: Driver[] = figures.map(({ figures: f, normalised }) => ({
    ...f,
    quadrant: f.importance === undefined || normalised === undefined || mi === undefined || mp === undefined ? undefined : quadrant(f.importance >= mi, normalised >= mp),
  }));
  const rank = (d: Driver) => (d.quadrant === 'short_board' ? 0 : 1);
  return placed.sort((a, b) => rank(a) - rank(b) || (b.importance ?? -2) - (a.importance ?? -2));
}

function quadrant(important: boolean, performing: boolean): Quadrant {
  if (important) return performing ? 'strength' : 'short_board';
  return performing ? 'overperforming' : 'low_priority';
}
