import { describe, expect, it } from 'vitest';
import type { BreakdownGroup, QuestionSummary, ResultsDrivers, ResultsSummary, ResultsTrend, TrendPoint } from '../../../src/core/api/results.js';
import { wilsonMargin as coreWilson } from '../../../src/core/results/statistics.js';
import { axisTickText, breakdownBars, breakdownRows, chartValue, driverChart, funnelRows, metricRange, metricsOf, scatterSeries, trendSeries } from '../../../web/staff/results/chartSeries.js';
import { formatChange, formatMargin, formatMean, formatNps, formatPeriod, formatShare, headlineCards, wilsonMargin } from '../../../web/staff/results/resultsFormat.js';

const EMPTY_COUNTS = { started: 0, completed: 0, abandoned: 0, optedOut: 0, completionRate: 0 };

function question(id: string, extra: Partial<QuestionSummary> = {}): QuestionSummary {
  return { id, type: 'rating', text: { en: id }, n: 0, distribution: {}, dropOff: { reached: 0, answered: 0, skipped: 0, dropped: 0 }, ...extra };
}

const SUMMARY: ResultsSummary = {
  surveyId: 's',
  from: '2026-11-01',
  to: '2026-11-30',
  headline: { csat: 'csat', nps: 'nps', ces: null },
  responses: { started: 40, completed: 30, abandoned: 6, optedOut: 4, completionRate: 0.75 },
  questions: [
    question('csat', { n: 36, csat: { satisfiedShare: 0.8234, n: 36, marginOfError: 0.121 }, dropOff: { reached: 40, answered: 36, skipped: 1, dropped: 3 } }),
    question('nps', { n: 30, nps: { score: 12.4, promoters: 12, passives: 10, detractors: 8, n: 30, marginOfError: 29.6 }, dropOff: { reached: 32, answered: 30, skipped: 0, dropped: 2 } }),
    question('why', { type: 'text', dropOff: { reached: 30, answered: 12, skipped: 18, dropped: 0 } }),
  ],
  segments: [{ name: 'brand', values: ['Acme', 'Bolt'] }],
};

function point(period: string, p: Partial<TrendPoint> = {}): TrendPoint {
  return { period, from: period, to: period, started: 0, completed: 0, csat: null, nps: null, ces: null, ...p };
}

const TREND: ResultsTrend = {
  surveyId: 's',
  from: '2026-11-01',
  to: '2026-11-30',
  interval: 'week',
  headline: SUMMARY.headline,
  points: [
    point('2026-10-26', { from: '2026-11-01', to: '2026-11-01', started: 2, completed: 1, csat: { satisfiedShare: 0.5, n: 2, marginOfError: 0.4 } }),
    point('2026-11-02', { started: 0, completed: 0, csat: { satisfiedShare: 0, n: 0, marginOfError: 0 } }),
    point('2026-11-09', { started: 10, completed: 9, csat: { satisfiedShare: 0.9, n: 10, marginOfError: 0.15 }, nps: { score: -20, promoters: 1, passives: 6, detractors: 3, n: 10, marginOfError: 40 } }),
  ],
  comparison: {
    previous: { from: '2026-10-02', to: '2026-10-31' },
    csat: { now: 0.8234, before: 0.7, delta: 0.1234, nNow: 36, nBefore: 50, significant: true },
    nps: { now: 12.4, before: 20, delta: -7.6, nNow: 30, nBefore: 41, significant: false },
    ces: null,
    completionRate: { now: 0.75, before: 0.8, delta: -0.05, nNow: 40, nBefore: 26, significant: false },
  },
};

describe('writing the figures', () => {
  it.each([
    [0.8234, 'en', '82%'],
    [1, 'en', '100%'],
    [0, 'en', '0%'],
    [0.8234, 'es', '82 %'],
    [null, 'en', '—'],
  ] as const)('share %s (%s) → %s', (v, locale, out) => {
    expect(formatShare(v, locale).replace(/\u00a0/g, ' ')).toBe(out);
  });

  it('writes NPS as signed whole points and means with two decimals', () => {
    expect([formatNps(12.4, 'en'), formatNps(-16.7, 'en'), formatNps(0, 'en'), formatNps(-0.4, 'en'), formatNps(null, 'en')]).toEqual(['+12', '-17', '0', '0', '—']);
    expect([formatMean(4.5, 'en'), formatMean(5.254, 'en'), formatMean(4.5, 'es'), formatMean(null, 'en')]).toEqual(['4.50', '5.25', '4,50', '—']);
  });

  it('writes margins in the figure’s unit, and none for counts or without answers', () => {
    expect([formatMargin('share', 0.121, 'en'), formatMargin('nps', 29.6, 'en'), formatMargin('mean', 0.234, 'en'), formatMargin('count', 3, 'en'), formatMargin('share', 0, 'en')]).toEqual(['±12%', '±30', '±0.23', '', '']);
  });

  it('works out a Wilson margin like the API’s (95%)', () => {
    expect(wilsonMargin(0.75, 40)).toBeCloseTo(coreWilson(30, 40), 12);
    expect(wilsonMargin(1, 9)).toBeCloseTo(coreWilson(9, 9), 12);
    expect(wilsonMargin(0.75, 40)).toBeCloseTo(0.13, 3);
    expect(wilsonMargin(1.2, 9)).toBe(wilsonMargin(1, 9));
    expect(wilsonMargin(0.5, 0)).toBe(0);
  });

  it.each([
    ['share', { delta: 0.1234, significant: true }, { delta: '+12', unit: 'pp', direction: 'up', significant: true }],
    ['share', { delta: -0.004, significant: false }, { delta: '0', unit: 'pp', direction: 'same', significant: false }],
    ['nps', { delta: -7.6, significant: false }, { delta: '-8', unit: 'points', direction: 'down', significant: false }],
    ['mean', { delta: 0.304, significant: true }, { delta: '+0.30', unit: 'scale', direction: 'up', significant: true }],
    ['count', { delta: 14, significant: true }, { delta: '+14', unit: 'count', direction: 'up', significant: false }],
  ] as const)('a change of %s %j', (kind, c, out) => {
    expect(formatChange(kind, c, 'en')).toEqual(out);
  });

  it('has no change to show when a side has no answers', () => {
    expect(formatChange('share', { delta: null, significant: false }, 'en')).toBeNull();
    expect(formatChange('share', null, 'en')).toBeNull();
  });

  it('labels periods in UTC', () => {
    expect(formatPeriod('2026-11-02', 'week', 'en')).toBe('Nov 2');
    expect(formatPeriod('2026-11-01', 'month', 'en')).toBe('Nov 2026');
  });
});

describe('the headline cards', () => {
  it('give each figure with its n, margin and change against the previous period', () => {
    const cards = headlineCards(SUMMARY, TREND, 'en');
    expect(cards.map((c) => [c.id, c.available, c.value, c.n, c.margin, c.change?.delta ?? null, c.change?.significant ?? null, c.before, c.nBefore])).toEqual([
      ['csat', true, '82%', 36, '±12%', '+12', true, '70%', 50],
      ['nps', true, '+12', 30, '±30', '-8', false, '+20', 41],
      ['ces', false, '—', 0, '', null, null, '—', 0],
      ['responses', true, '40', 40, '', '+14', false, '26', 26],
      ['completion', true, '75%', 40, '±13%', '-5', false, '80%', 26],
    ]);
  });

  it('show no figure, margin or change without answers', () => {
    const none: ResultsSummary = { ...SUMMARY, responses: EMPTY_COUNTS, questions: SUMMARY.questions.map((q) => ({ ...q, csat: q.csat && { ...q.csat, n: 0 }, nps: q.nps && { ...q.nps, n: 0 } })) };
    const cards = headlineCards(none, null, 'en');
    expect(cards.map((c) => [c.value, c.margin, c.change])).toEqual([
      ['—', '', null],
      ['—', '', null],
      ['—', '', null],
      ['0', '', null],
      ['—', '', null],
    ]);
  });
});

describe('chart series from the API’s answers', () => {
  it('offers the metrics a survey has', () => {
    expect(metricsOf(SUMMARY.headline)).toEqual(['csat', 'nps', 'responses', 'completion']);
    expect(metricsOf({ csat: null, nps: null, ces: 'ease' })).toEqual(['ces', 'responses', 'completion']);
  });

  it('draws a trend as percentages with n per point, and empty periods as gaps; a week begun before the range starts at the range', () => {
    expect(trendSeries(TREND, 'csat')).toEqual({ periods: ['2026-11-01', '2026-11-02', '2026-11-09'], values: [50, null, 90], n: [2, 0, 10], started: [2, 0, 10] });
    expect(trendSeries(TREND, 'nps').values).toEqual([null, null, -20]);
    expect(trendSeries(TREND, 'responses').values).toEqual([2, 0, 10]);
    expect(trendSeries(TREND, 'completion').values).toEqual([50, null, 90]);
  });

  it('never counts more completions than starts in a completion rate', () => {
    expect(chartValue('completion', { started: 2, completed: 3, csat: null, nps: null, ces: null }).value).toBe(100);
  });

  it('keeps y ranges fixed for bounded figures', () => {
    expect(metricRange('csat', [50])).toEqual([0, 100]);
    expect(metricRange('nps', [])).toEqual([-100, 100]);
    expect(metricRange('ces', [4], { min: 1, max: 7 })).toEqual([1, 7]);
    expect(metricRange('responses', [10, null, 3])).toEqual([0, 11]);
  });

  it('keeps small groups in the breakdown, in their own series', () => {
    const group = (value: string | null, n: number, small: boolean, share: number): BreakdownGroup => ({
      value,
      n,
      small,
      responses: { ...EMPTY_COUNTS, started: n, completed: n },
      csat: { satisfiedShare: share, n, marginOfError: 0.1 },
      nps: null,
      ces: null,
    });
    const rows = breakdownRows({ groups: [group('Acme', 120, false, 0.8), group('Bolt', 12, true, 0.5), group(null, 3, true, 1)] }, 'csat');
    expect(rows.map((r) => [r.value, r.responses, r.small, r.figure.value])).toEqual([
      ['Acme', 120, false, 80],
      ['Bolt', 12, true, 50],
      [null, 3, true, 100],
    ]);
    expect(breakdownBars(rows)).toEqual({ regular: [80, null, null], small: [null, 50, 100] });
  });

  const driver = (id: string, importance: number | null, performance: number | null, quadrant: ResultsDrivers['drivers'][number]['quadrant']) => ({
    questionId: id,
    aspect: id,
    importance,
    performance,
    lowShare: 0,
    n: 20,
    pairs: 18,
    scale: { min: 1, max: 5 },
    quadrant,
  });

  it('places drivers on the shared scale, short boards first, and the median where the API put it', () => {
    const c = driverChart({
      drivers: [driver('price', 0.7, 3.2, 'short_board'), driver('delivery', 0.8, 4.5, 'strength'), driver('website', 0.1, 2.9, 'low_priority'), driver('packaging', null, 4, null)],
      medians: { importance: 0.7, performance: 0.6 },
    });
    expect(c.points.map((p) => [p.aspect, p.shortBoard])).toEqual([
      ['price', true],
      ['delivery', false],
      ['website', false],
    ]);
    expect(c.unplaced.map((d) => d.aspect)).toEqual(['packaging']);
    expect(c.normalised).toBe(false);
    expect(c.yRange).toEqual([1, 5]);
    expect(c.medians.performance).toBeCloseTo(3.4);
    expect(scatterSeries(c.points)).toMatchObject({ x: [0.1, 0.7, 0.8], shortBoards: [null, 3.2, null], others: [2.9, null, 4.5] });
  });

  it('normalises performance when the drivers’ scales differ', () => {
    const c = driverChart({ drivers: [driver('a', 0.5, 4, 'strength'), { ...driver('b', 0.2, 8, 'low_priority'), scale: { min: 0, max: 10 } }], medians: { importance: 0.35, performance: 0.78 } });
    expect(c.normalised).toBe(true);
    expect(c.points.map((p) => p.performance)).toEqual([0.75, 0.8]);
    expect(c.medians.performance).toBe(0.78);
    expect(c.yRange).toEqual([0, 1]);
  });

  it('builds the drop-off funnel against the responses started', () => {
    expect(funnelRows(SUMMARY)).toEqual([
      { questionId: 'csat', reached: 40, answered: 36, skipped: 1, dropped: 3, reachedShare: 1, answeredShare: 0.9 },
      { questionId: 'nps', reached: 32, answered: 30, skipped: 0, dropped: 2, reachedShare: 0.8, answeredShare: 0.75 },
      { questionId: 'why', reached: 30, answered: 12, skipped: 18, dropped: 0, reachedShare: 0.75, answeredShare: 0.3 },
    ]);
    expect(funnelRows({ ...SUMMARY, responses: EMPTY_COUNTS })[0]).toMatchObject({ reachedShare: null, answeredShare: null });
  });
});

describe('y-axis ticks', () => {
  const text = (v: number) => formatShare(v / 100, 'en');
  it('label counts only at whole numbers, so an empty chart reads 0 … 1, not 0, 0, 0, 1, 1, 1', () => {
    const count = (v: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(v);
    expect([0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => axisTickText('responses', v, count))).toEqual(['0', '', '', '', '', '1']);
    expect([0, 2, 4].map((v) => axisTickText('responses', v, count))).toEqual(['0', '2', '4']);
  });
  it('label every tick of the other figures', () => {
    expect(axisTickText('csat', 12.5, text)).toBe(text(12.5));
    expect(axisTickText('ces', 4.5, (v) => String(v))).toBe('4.5');
  });
});
