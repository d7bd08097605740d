import { field, type Counters } from './fields.js';
import { KANO_ANSWERS, KANO_CATEGORIES, kanoShares, type KanoAnswer, type KanoCategory } from './kano.js';

/** What the results say about one Kano question (one feature). */
export interface KanoFigures {
  questionId: string;
  /** The feature's name, when the caller passes it (the counters do not know it). */
  feature?: string;
  /** Answered pairs, every category counted (reverse and questionable too). */
  n: number;
  /** Each category's share of n; all 0 without answers. */
  shares: Record<KanoCategory, number>;
  /** The most frequent category; a tie goes to must-be, then one-dimensional, attractive,
   * indifferent (the usual M > O > A > I rule). Undefined without answers. */
  category: KanoCategory | undefined;
  counts: Record<KanoCategory, number>;
  /** How many gave each answer with the feature, and without it. */
  functional: Record<KanoAnswer, number>;
  dysfunctional: Record<KanoAnswer, number>;
  /**
   * The customer satisfaction coefficients (Berger et al. 1993): how far having the feature
   * raises satisfaction, (A + O) / (A + O + M + I), from 0 to 1, and how far lacking it lowers
   * satisfaction, -(O + M) / (A + O + M + I), from -1 to 0. Undefined when no pair is A, O, M or I.
   */
  better: number | undefined;
  worse: number | undefined;
}

/** A Kano question's figures from summed results counters (aggregateEvent writes them). */
export function kanoFigures(counters: Counters, questionId: string, feature?: string): KanoFigures {
  const counts = Object.fromEntries(KANO_CATEGORIES.map((c) => [c, counters[field.kano(questionId, c)] ?? 0])) as Record<KanoCategory, number>;
  const half = (which: 'functional' | 'dysfunctional') =>
    Object.fromEntries(KANO_ANSWERS.map((a) => [a, counters[field.kanoHalf(questionId, which, a)] ?? 0])) as Record<KanoAnswer, number>;
  const { n, shares, category } = kanoShares(counts);
  const { attractive: a, one_dimensional: o, must_be: m, indifferent: i } = counts;
  const classified = a + o + m + i;
  return {
    questionId,
    ...(feature !== undefined ? { feature } : {}),
    n,
    shares,
    category,
    counts,
    functional: half('functional'),
    dysfunctional: half('dysfunctional'),
    better: classified ? (a + o) / classified : undefined,
    // 0 - x, so that no lack of a feature reads as -0.
    worse: classified ? 0 - (o + m) / classified : undefined,
  };
}
