import { describe, expect, it } from 'vitest';
import { coMomentsOf, field, type Counters } from '../../../src/core/results/fields.js';
import { correlation, csat, mean, meanChange, median, momentsOf, nps, npsChange, shareChange, variance, wilsonCentre, wilsonMargin, type CoMoments } from '../../../src/core/results/statistics.js';

describe('shares and their margins', () => {
  it.each([
    // successes, n, the 95% Wilson interval from the literature (low, high)
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [50, 100, 0.4038, 0.5962],
    [1, 3, 0.0615, 0.7923],
  ])('Wilson interval of %i/%i is [%f, %f]', (k, n, low, high) => {
    expect(wilsonCentre(k, n) - wilsonMargin(k, n)).toBeCloseTo(low, 3);
    expect(wilsonCentre(k, n) + wilsonMargin(k, n)).toBeCloseTo(high, 3);
  });

  it('has no margin without answers', () => {
    expect(wilsonMargin(0, 0)).toBe(0);
  });

  it.each([
    [{ 1: 1, 2: 1, 3: 2, 4: 3, 5: 3 }, 5, 0.6, 10],
    [{ 5: 4 }, 5, 1, 4],
    [{ 1: 2, 2: 2, 3: 2 }, 5, 0, 6],
    // a 1–7 custom scale: top two boxes are 6 and 7
    [{ 5: 5, 6: 3, 7: 2 }, 7, 0.5, 10],
    [{}, 5, 0, 0],
  ])('CSAT of %o on 1–%i is %f of %i', (d, max, share, n) => {
    const f = csat(d, max);
    expect(f.share).toBeCloseTo(share, 10);
    expect(f.n).toBe(n);
  });
});

describe('NPS', () => {
  it.each([
    // distribution, score, promoters, passives, detractors, margin (points)
    [{ 10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 0: 1 }, 30, 5, 3, 2, 48.41],
    [{ 10: 10 }, 100, 10, 0, 0, 0],
    [{ 0: 5, 6: 5 }, -100, 0, 0, 10, 0],
    [{ 9: 50, 7: 0, 3: 50 }, 0, 50, 0, 50, 19.6],
  ])('%o scores %f (%i/%i/%i, ± %f)', (d, score, p, pa, de, margin) => {
    const f = nps(d);
    expect(f.score).toBeCloseTo(score, 6);
    expect([f.promoters, f.passives, f.detractors]).toEqual([p, pa, de]);
    expect(f.marginOfError).toBeCloseTo(margin, 1);
  });

  it('is 0 with no answers, not NaN', () => {
    expect(nps({})).toEqual({ score: 0, promoters: 0, passives: 0, detractors: 0, n: 0, marginOfError: 0 });
  });
});

describe('means from moments', () => {
  it('matches the mean and sample variance of the raw values', () => {
    const m = momentsOf({ 1: 2, 4: 1, 7: 3 });
    const raw = [1, 1, 4, 7, 7, 7];
    const mu = raw.reduce((a, b) => a + b, 0) / raw.length;
    expect(mean(m)).toBeCloseTo(mu, 12);
    expect(variance(m)).toBeCloseTo(raw.reduce((a, x) => a + (x - mu) ** 2, 0) / (raw.length - 1), 12);
  });

  it('ignores values that are not numbers (a choice question)', () => {
    expect(momentsOf({ fast: 3, 2: 1 })).toEqual({ n: 1, sum: 2, sumSq: 4 });
  });
});

describe('correlation from co-moments', () => {
  /** A small deterministic generator, so the table is the same every run. */
  function lcg(seed: number): () => number {
    let s = seed;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  }

  it.each([1, 2, 3, 4, 5])('equals Pearson r computed from the raw pairs (seed %i)', (seed) => {
    const rnd = lcg(seed);
    const pairs = Array.from({ length: 200 }, () => {
      const x = 1 + Math.floor(rnd() * 5);
      const y = Math.max(1, Math.min(5, x + Math.round((rnd() - 0.5) * 4 * seed)));
      return [x, y] as const;
    });
    const c: CoMoments = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
    for (const [x, y] of pairs) Object.assign(c, { n: c.n + 1, sumX: c.sumX + x, sumY: c.sumY + y, sumXX: c.sumXX + x * x, sumYY: c.sumYY + y * y, sumXY: c.sumXY + x * y });
    const mx = pairs.reduce((a, [x]) => a + x, 0) / pairs.length;
    const my = pairs.reduce((a, [, y]) => a + y, 0) / pairs.length;
    const cov = pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
    const r = cov / Math.sqrt(pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0) * pairs.reduce((a, [, y]) => a + (y - my) ** 2, 0));
    expect(correlation(c)).toBeCloseTo(r, 10);
  });

  it.each([1, 2, 3])('equals Pearson r of the raw pairs when the co-moments come from pair counters (seed %i)', (seed) => {
    const rnd = lcg(seed + 10);
    const pairs = Array.from({ length: 300 }, () => [1 + Math.floor(rnd() * 5), Math.floor(rnd() * 11)] as const);
    const c: Counters = {};
    for (const [x, y] of pairs) c[field.pair('q', x, y)] = (c[field.pair('q', x, y)] ?? 0) + 1;
    const direct: CoMoments = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
    for (const [x, y] of pairs) Object.assign(direct, { n: direct.n + 1, sumX: direct.sumX + x, sumY: direct.sumY + y, sumXX: direct.sumXX + x * x, sumYY: direct.sumYY + y * y, sumXY: direct.sumXY + x * y });
    expect(coMomentsOf(c, 'q')).toEqual(direct);
    expect(correlation(coMomentsOf(c, 'q'))).toBeCloseTo(correlation(direct)!, 12);
  });

  it('is undefined when a side does not vary or there are fewer than three pairs', () => {
    expect(correlation({ n: 3, sumX: 9, sumY: 6, sumXX: 27, sumYY: 14, sumXY: 18 })).toBeUndefined();
    expect(correlation({ n: 2, sumX: 3, sumY: 3, sumXX: 5, sumYY: 5, sumXY: 5 })).toBeUndefined();
  });
});

describe('is the change significant?', () => {
  it.each([
    [{ successes: 60, n: 100 }, { successes: 40, n: 100 }, 0.2, true],
    [{ successes: 52, n: 100 }, { successes: 50, n: 100 }, 0.02, false],
    [{ successes: 6, n: 10 }, { successes: 4, n: 10 }, 0.2, false],
    [{ successes: 600, n: 1000 }, { successes: 550, n: 1000 }, 0.05, true],
  ])('share %o against %o: Δ %f, significant %s', (now, before, delta, significant) => {
    const c = shareChange(now, before)!;
    expect(c.delta).toBeCloseTo(delta, 10);
    expect(c.significant).toBe(significant);
  });

  it('has nothing to compare with an empty period', () => {
    expect(shareChange({ successes: 1, n: 1 }, { successes: 0, n: 0 })).toBeUndefined();
    expect(npsChange(nps({ 10: 1 }), nps({}))).toBeUndefined();
    expect(meanChange(momentsOf({ 3: 4 }), momentsOf({}))).toBeUndefined();
  });

  it.each([
    [{ 10: 60, 5: 40 }, { 10: 40, 5: 60 }, 40, true],
    [{ 10: 6, 5: 4 }, { 10: 4, 5: 6 }, 40, false],
  ])('NPS %o against %o: Δ %f points, significant %s', (now, before, delta, significant) => {
    const c = npsChange(nps(now), nps(before))!;
    expect(c.delta).toBeCloseTo(delta, 10);
    expect(c.significant).toBe(significant);
  });

  it.each([
    [{ 2: 50, 3: 50 }, { 3: 50, 4: 50 }, -1, true],
    [{ 2: 2, 4: 2 }, { 2: 2, 5: 2 }, -0.5, false],
  ])('mean %o against %o: Δ %f, significant %s', (now, before, delta, significant) => {
    const c = meanChange(momentsOf(now), momentsOf(before))!;
    expect(c.delta).toBeCloseTo(delta, 10);
    expect(c.significant).toBe(significant);
  });
});

describe('median', () => {
  it.each([
    [[], undefined],
    [[3], 3],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('of %o is %s', (values, m) => {
    expect(median(values)).toBe(m);
  });
});
