/**
 * The Kano model: a feature asked about twice, "if it had X" (functional) and "if it did not
 * have X" (dysfunctional), each answered on the same five-step scale; the standard evaluation
 * table turns the pair into a category.
 */
export const KANO_ANSWERS = ['like', 'expect', 'neutral', 'tolerate', 'dislike'] as const;
export type KanoAnswer = (typeof KANO_ANSWERS)[number];

export function isKanoAnswer(value: unknown): value is KanoAnswer {
  return typeof value === 'string' && (KANO_ANSWERS as readonly string[]).includes(value);
}

/** Must-be, One-dimensional, Attractive, Indifferent, Reverse, Questionable. */
export type KanoCategory = 'must_be' | 'one_dimensional' | 'attractive' | 'indifferent' | 'reverse' | 'questionable';

const A = 'attractive';
const O = 'one_dimensional';
const M = 'must_be';
const I = 'indifferent';
const R = 'reverse';
const Q = 'questionable';

/** Rows: the functional answer; columns: the dysfunctional answer, in KANO_ANSWERS order. */
const TABLE: Record<KanoAnswer, readonly KanoCategory[]> = {
  like: [Q, A, A, A, O],
  expect: [R, I, I, I, M],
  neutral: [R, I, I, I, M],
  tolerate: [R, I, I, I, M],
  dislike: [R, R, R, R, Q],
};

export function kanoCategory(functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory {
  return TABLE[functional][KANO_ANSWERS.indexOf(dysfunctional)]!;
}

export const KANO_CATEGORIES: readonly KanoCategory[] = [M, O, A, I, R, Q];

/** Each category's share of the classified pairs, and the category most answers fall in. */
export function kanoShares(counts: Partial<Record<KanoCategory, number>>): { n: number; shares: Record<KanoCategory, number>; category: KanoCategory | undefined } {
  const n = KANO_CATEGORIES.reduce((a, c) => a + (counts[c] ?? 0), 0);
  const shares = Object.fromEntries(KANO_CATEGORIES.map((c) => [c, n ? (counts[c] ?? 0) / n : 0])) as Record<KanoCategory, number>;
  let category: KanoCategory | undefined;
  for (const c of KANO_CATEGORIES) if ((counts[c] ?? 0) > 0 && (!category || (counts[c] ?? 0) > (counts[category] ?? 0))) category = c;
  return { n, shares, category };
}

/**
 * The satisfaction coefficients (Berger et al.): how much having the feature raises satisfaction
 * (better, 0..1) and how much lacking it lowers it (worse, −1..0), over the pairs that are
 * neither reverse nor questionable; null without such pairs.
 */
export function kanoCoefficients(counts: Partial<Record<KanoCategory, number>>): { better: number | null; worse: number | null } {
  const [a, o, m, i] = ([A, O, M, I] as const).map((k) => counts[k] ?? 0) as [number, number, number, number];
  const n = a + o + m + i;
  return n ? { better: (a + o) / n, worse: -(o + m) / n } : { better: null, worse: null };
}
