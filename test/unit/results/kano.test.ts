import { describe, expect, it } from 'vitest';
import { KANO_ANSWERS, kanoCategory, kanoShares, type KanoCategory } from '../../../src/core/results/kano.js';

// The standard Kano evaluation table (Berger et al., 1993): rows are the answer to "if it had
// the feature", columns to "if it did not"; A attractive, O one-dimensional, M must-be,
// I indifferent, R reverse, Q questionable.
const EXPECTED = `
          like  expect neutral tolerate dislike
like      Q     A      A       A        O
expect    R     I      I       I        M
neutral   R     I      I       I        M
tolerate  R     I      I       I        M
dislike   R     R      R       R        Q`;

const LETTER: Record<string, KanoCategory> = { A: 'attractive', O: 'one_dimensional', M: 'must_be', I: 'indifferent', R: 'reverse', Q: 'questionable' };
const rows = EXPECTED.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));

describe('the Kano evaluation table', () => {
  it.each(rows.flatMap(([functional, ...cells]) => cells.map((cell, i) => [functional, KANO_ANSWERS[i], LETTER[cell!]] as const)))(
    'functional %s, dysfunctional %s → %s',
    (functional, dysfunctional, category) => {
      expect(kanoCategory(functional as (typeof KANO_ANSWERS)[number], dysfunctional!)).toBe(category);
    },
  );

  it('covers all 25 pairs', () => {
    expect(rows.flatMap(([, ...cells]) => cells)).toHaveLength(25);
  });
});

describe('Kano shares', () => {
  it('gives each category its share and names the most frequent', () => {
    const r = kanoShares({ must_be: 6, attractive: 3, indifferent: 1 });
    expect(r.n).toBe(10);
    expect(r.shares.must_be).toBeCloseTo(0.6, 10);
    expect(r.shares.reverse).toBe(0);
    expect(r.category).toBe('must_be');
  });

  it('has no category without answers', () => {
    expect(kanoShares({}).category).toBeUndefined();
  });
});
