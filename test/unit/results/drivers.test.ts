import { describe, expect, it } from 'vitest';
import { drivers, type AspectInput } from '../../../src/core/results/drivers.js';
import type { CoMoments } from '../../../src/core/results/statistics.js';

/** An aspect from raw (aspect, outcome) pairs, 1–5. */
function aspect(questionId: string, pairs: Array<[number, number]>): AspectInput {
  const c: CoMoments = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
  for (const [x, y] of pairs) Object.assign(c, { n: c.n + 1, sumX: c.sumX + x, sumY: c.sumY + y, sumXX: c.sumXX + x * x, sumYY: c.sumYY + y * y, sumXY: c.sumXY + x * y });
  return { questionId, aspect: questionId, ratings: { n: c.n, sum: c.sumX, sumSq: c.sumXX }, low: pairs.filter(([x]) => x <= 2).length, withOutcome: c, min: 1, max: 5 };
}

describe('drivers: importance × performance', () => {
  // delivery: low ratings, follows the outcome closely → important and weak: a short board.
  // quality: high ratings, follows the outcome → a strength.
  // packaging: low ratings, unrelated to the outcome → low priority.
  // price: high ratings, unrelated → overperforming.
  const table = [
    aspect('delivery', [[1, 1], [2, 2], [2, 2], [3, 3], [1, 2], [2, 1]]),
    aspect('quality', [[3, 1], [4, 2], [4, 2], [5, 3], [5, 2], [4, 1]]),
    aspect('packaging', [[2, 1], [1, 2], [2, 2], [1, 3], [2, 2], [1, 1]]),
    aspect('price', [[5, 1], [4, 2], [5, 2], [4, 3], [5, 2], [4, 1]]),
  ];

  it('names each quadrant and lists the short boards first', () => {
    const result = drivers(table);
    expect(result.map((d) => [d.questionId, d.quadrant])).toEqual([
      ['delivery', 'short_board'],
      ['quality', 'strength'],
      ['packaging', 'low_priority'],
      ['price', 'overperforming'],
    ]);
    const delivery = result[0]!;
    expect(delivery.performance).toBeCloseTo(11 / 6, 10);
    expect(delivery.lowShare).toBeCloseTo(5 / 6, 10);
    expect(delivery.n).toBe(6);
    expect(delivery.importance).toBeGreaterThan(0.6);
  });

  it('leaves an aspect without enough answers unplaced instead of guessing', () => {
    const result = drivers([...table, aspect('new', [[3, 3]])]);
    const fresh = result.find((d) => d.questionId === 'new')!;
    expect(fresh.importance).toBeUndefined();
    expect(fresh.quadrant).toBeUndefined();
    expect(result.at(-1)!.questionId).toBe('new');
  });
});
