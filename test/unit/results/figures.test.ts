import { describe, expect, it } from 'vitest';
import type { EscalationCase } from '../../../src/core/cases.js';
import { breakdown, SMALL_GROUP } from '../../../src/core/results/breakdown.js';
import { caseUpdate } from '../../../src/core/results/caseCounts.js';
import { driverFigures } from '../../../src/core/results/driverFigures.js';
import type { Counters } from '../../../src/core/results/fields.js';
import { loopFigures } from '../../../src/core/results/loopFigures.js';
import { addDays, daysInRange, periods, periodStart, previousRange } from '../../../src/core/results/periods.js';
import { phraseCountsOf, rankThemes } from '../../../src/core/results/rankThemes.js';
import { headlineOf, summarize } from '../../../src/core/results/summarize.js';
import { trend } from '../../../src/core/results/trend.js';
import { compileYaml } from '../../support/scripts.js';

const SCRIPT = compileYaml(`
id: shop
title: { en: Shop }
defaultLocale: en
locales: [en]
segments: [brand]
questions:
  - id: overall
    type: rating
    scale: csat
    text: { en: How satisfied are you? }
  - id: delivery
    type: rating
    scale: csat
    aspect: delivery
    text: { en: And the delivery? }
  - id: price
    type: rating
    scale: csat
    aspect: price
    text: { en: The price? }
  - id: staff
    type: rating
    scale: csat
    aspect: staff
    text: { en: The staff? }
  - id: effort
    type: rating
    scale: ces
    text: { en: How easy was it? }
  - id: nps
    type: rating
    scale: nps
    text: { en: Recommend? }
  - id: topics
    type: choice
    multiple: true
    options:
      - { id: speed, label: { en: Speed } }
      - { id: help, label: { en: Help } }
    text: { en: What mattered? }
  - id: again
    type: yesno
    text: { en: Again? }
  - id: why
    type: text
    required: false
    text: { en: Why? }
endings:
  - id: bye
    text: { en: Thanks }
`);

/** Counters of ten responses, written out by hand. */
const TEN: Counters = {
  started: 10,
  completed: 8,
  abandoned: 1,
  opted_out: 1,
  // overall: 1,2,3,3,4,4,4,5,5,5 → CSAT 6/10
  'q:overall:n': 10,
  'q:overall:v:1': 1,
  'q:overall:v:2': 1,
  'q:overall:v:3': 2,
  'q:overall:v:4': 3,
  'q:overall:v:5': 3,
  // delivery: 9 answered, 1 dropped
  'q:delivery:n': 9,
  'q:delivery:drop': 1,
  'q:delivery:v:2': 4,
  'q:delivery:v:5': 5,
  // effort (CES, 1–7): 2, 4, 6
  'q:effort:n': 3,
  'q:effort:skip': 5,
  'q:effort:v:2': 1,
  'q:effort:v:4': 1,
  'q:effort:v:6': 1,
  // NPS: 10,10,10,9,9,8,8,7,6,0 → (5 − 2)/10 = 30
  'q:nps:n': 10,
  'q:nps:v:10': 3,
  'q:nps:v:9': 2,
  'q:nps:v:8': 2,
  'q:nps:v:7': 1,
  'q:nps:v:6': 1,
  'q:nps:v:0': 1,
  // multiple choice: 4 answers, speed in 3, help in 2
  'q:topics:n': 4,
  'q:topics:v:speed': 3,
  'q:topics:v:help': 2,
  'q:again:n': 7,
  'q:again:v:yes': 5,
  'q:again:v:no': 2,
  'q:why:n': 4,
  'q:why:skip': 1,
  'q:why:s:negative': 3,
  'q:why:s:positive': 1,
};

describe('summary', () => {
  const s = summarize(TEN, SCRIPT);
  const q = (id: string) => s.questions.find((x) => x.id === id)!;

  it('counts responses and the completion rate', () => {
    expect(s.responses).toEqual({ started: 10, completed: 8, abandoned: 1, optedOut: 1, completionRate: 0.8 });
    expect(s.headline).toEqual({ csat: 'overall', nps: 'nps', ces: 'effort' });
    expect(summarize({ completed: 2 }, SCRIPT).responses.completionRate).toBe(0);
  });

  it('gives a CSAT question its full scale, mean, top-two share and Wilson margin', () => {
    expect(q('overall')).toMatchObject({
      type: 'rating',
      scale: { min: 1, max: 5, preset: 'csat' },
      n: 10,
      distribution: { 1: 1, 2: 1, 3: 2, 4: 3, 5: 3 },
      mean: 3.6,
      dropOff: { reached: 10, answered: 10, skipped: 0, dropped: 0 },
    });
    expect(q('overall').csat!.satisfiedShare).toBe(0.6);
    expect(q('overall').csat!.n).toBe(10);
    // Wilson 95% for 6/10: [0.3127, 0.8318], half-width 0.2596.
    expect(q('overall').csat!.marginOfError).toBeCloseTo(0.2596, 4);
    expect(q('delivery')).toMatchObject({ aspect: 'delivery', distribution: { 1: 0, 2: 4, 3: 0, 4: 0, 5: 5 }, dropOff: { reached: 10, answered: 9, skipped: 0, dropped: 1 } });
  });

  it('gives NPS its score, groups and margin, and CES its mean and margin', () => {
    expect(q('nps').nps).toMatchObject({ score: 30, promoters: 5, passives: 3, detractors: 2, n: 10 });
    expect(q('nps').nps!.marginOfError).toBeCloseTo(48.41, 2);
    expect(q('nps').mean).toBeCloseTo(7.7, 10);
    // CES 2, 4, 6: mean 4, sample variance 4, margin 1.96 · √(4/3) = 2.2632.
    expect(q('effort').ces!.mean).toBe(4);
    expect(q('effort').ces!.n).toBe(3);
    expect(q('effort').ces!.marginOfError).toBeCloseTo(2.2632, 4);
    expect(q('effort').dropOff).toEqual({ reached: 8, answered: 3, skipped: 5, dropped: 0 });
  });

  it('counts choices per option, yes/no, and the sentiment of open answers', () => {
    expect(q('topics')).toMatchObject({ type: 'choice', multiple: true, n: 4, distribution: { speed: 3, help: 2 }, options: [{ id: 'speed' }, { id: 'help' }] });
    expect(q('again')).toMatchObject({ type: 'yesno', n: 7, distribution: { yes: 5, no: 2 } });
    expect(q('why')).toMatchObject({ type: 'text', n: 4, distribution: {}, sentiment: { negative: 3, neutral: 0, positive: 1 }, dropOff: { reached: 5, answered: 4, skipped: 1 } });
    expect(q('price')).toMatchObject({ n: 0, mean: null, csat: { satisfiedShare: 0, n: 0, marginOfError: 0 } });
  });
});

describe('kano in the summary', () => {
  const KANO = compileYaml(`
id: ideas
title: { en: Ideas }
defaultLocale: en
locales: [en]
questions:
  - id: gift_wrap
    type: kano
    feature: { en: free gift wrapping }
endings:
  - id: bye
    text: { en: Thanks }
`);

  it('gives each category its count and share, the leading one, and the better/worse coefficients', () => {
    const c: Counters = {
      'q:gift_wrap:n': 10,
      'q:gift_wrap:skip': 2,
      // 4 attractive, 3 one-dimensional, 2 must-be, 1 indifferent
      'q:gift_wrap:kano:attractive': 4,
      'q:gift_wrap:kano:one_dimensional': 3,
      'q:gift_wrap:kano:must_be': 2,
      'q:gift_wrap:kano:indifferent': 1,
      'q:gift_wrap:kf:like': 7,
      'q:gift_wrap:kf:expect': 3,
      'q:gift_wrap:kd:dislike': 5,
      'q:gift_wrap:kd:neutral': 5,
    };
    const q = summarize(c, KANO).questions[0]!;
    expect(q).toMatchObject({ type: 'kano', n: 10, dropOff: { reached: 12, answered: 10, skipped: 2, dropped: 0 } });
    expect(q.distribution).toEqual({ must_be: 2, one_dimensional: 3, attractive: 4, indifferent: 1, reverse: 0, questionable: 0 });
    expect(q.kano).toEqual({
      feature: { en: 'free gift wrapping' },
      n: 10,
      counts: { must_be: 2, one_dimensional: 3, attractive: 4, indifferent: 1, reverse: 0, questionable: 0 },
      shares: { must_be: 0.2, one_dimensional: 0.3, attractive: 0.4, indifferent: 0.1, reverse: 0, questionable: 0 },
      category: 'attractive',
      // better (4 + 3) / 10, worse −(3 + 2) / 10
      better: 0.7,
      worse: -0.5,
      functional: { like: 7, expect: 3, neutral: 0, tolerate: 0, dislike: 0 },
      dysfunctional: { like: 0, expect: 0, neutral: 5, tolerate: 0, dislike: 5 },
    });
    expect(summarize({}, KANO).questions[0]!.kano).toMatchObject({ n: 0, category: null, better: null, worse: null });
  });
});

describe('periods', () => {
  it.each([
    ['2026-11-04', 'week', '2026-11-02'], // a Wednesday → its Monday
    ['2026-11-02', 'week', '2026-11-02'],
    ['2026-11-08', 'week', '2026-11-02'], // a Sunday ends the ISO week
    ['2027-01-01', 'week', '2026-12-28'], // across the year
    ['2026-11-30', 'month', '2026-11-01'],
    ['2026-11-30', 'day', '2026-11-30'],
  ] as const)('%s starts its %s on %s', (day, interval, start) => {
    expect(periodStart(day, interval)).toBe(start);
  });

  it('lists every period of a range, clipped to it', () => {
    expect(periods('2026-11-04', '2026-11-17', 'week')).toEqual([
      { period: '2026-11-02', from: '2026-11-04', to: '2026-11-08' },
      { period: '2026-11-09', from: '2026-11-09', to: '2026-11-15' },
      { period: '2026-11-16', from: '2026-11-16', to: '2026-11-17' },
    ]);
    expect(periods('2026-01-30', '2026-03-02', 'month')).toEqual([
      { period: '2026-01-01', from: '2026-01-30', to: '2026-01-31' },
      { period: '2026-02-01', from: '2026-02-01', to: '2026-02-28' },
      { period: '2026-03-01', from: '2026-03-01', to: '2026-03-02' },
    ]);
    expect(periods('2026-11-01', '2026-11-03', 'day').map((p) => p.period)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('finds the previous range of the same length', () => {
    expect(previousRange('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousRange('2024-03-01', '2024-03-01')).toEqual({ from: '2024-02-29', to: '2024-02-29' });
    expect(daysInRange('2024-01-01', '2024-12-31')).toBe(366);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('trend', () => {
  /** `ones` unhappy answers and `happy` in the top two boxes (half 4, half 5). */
  const csat = (ones: number, happy: number, started = ones + happy, completed = started): Counters => ({
    started,
    completed,
    'q:overall:n': ones + happy,
    'q:overall:v:1': ones,
    'q:overall:v:4': Math.floor(happy / 2),
    'q:overall:v:5': happy - Math.floor(happy / 2),
  });

  it('gives every period its headline figures with n, empty ones null, and compares with the range before', () => {
    const days = new Map<string, Counters>([
      // previous range (2026-10-19 … 2026-11-01): 40 answers, 10 satisfied
      ['2026-10-20', csat(30, 10)],
      // the range (2026-11-02 … 2026-11-15): week 1 20 of 25 satisfied, week 2 nothing
      ['2026-11-02', csat(2, 8)],
      ['2026-11-04', csat(3, 12, 16, 12)],
    ]);
    const t = trend(days, SCRIPT, '2026-11-02', '2026-11-15', 'week');
    expect(t.points.map((p) => [p.period, p.started, p.completed, p.csat?.satisfiedShare ?? null, p.csat?.n ?? 0])).toEqual([
      ['2026-11-02', 26, 22, 0.8, 25],
      ['2026-11-09', 0, 0, null, 0],
    ]);
    expect(t.points[0]!.nps).toBeNull();
    expect(t.comparison.previous).toEqual({ from: '2026-10-19', to: '2026-11-01' });
    // 0.8 of 25 against 0.25 of 40: pooled p = 30/65, z ≈ 4.35.
    expect(t.comparison.csat).toEqual({ now: 0.8, before: 0.25, delta: expect.closeTo(0.55, 10), nNow: 25, nBefore: 40, significant: true });
    expect(t.comparison.nps).toEqual({ now: null, before: null, delta: null, nNow: 0, nBefore: 0, significant: false });
    expect(t.comparison.completionRate).toMatchObject({ now: 22 / 26, before: 1, nNow: 26, nBefore: 40 });
  });

  it('does not call a small change significant', () => {
    const days = new Map<string, Counters>([
      ['2026-10-31', csat(5, 5)],
      ['2026-11-01', csat(4, 6)],
    ]);
    const c = trend(days, SCRIPT, '2026-11-01', '2026-11-01', 'day').comparison.csat!;
    expect(c).toMatchObject({ now: 0.6, before: 0.5, nNow: 10, nBefore: 10, significant: false });
    expect(c.delta).toBeCloseTo(0.1, 10);
  });

  it('compares NPS and CES too', () => {
    const day = (promoters: number, detractors: number, easy: number, hard: number): Counters => ({
      'q:nps:v:10': promoters,
      'q:nps:v:0': detractors,
      'q:effort:v:7': easy,
      'q:effort:v:1': hard,
    });
    const days = new Map([
      ['2026-10-31', day(10, 90, 10, 90)],
      ['2026-11-01', day(90, 10, 90, 10)],
    ]);
    const c = trend(days, SCRIPT, '2026-11-01', '2026-11-01', 'day').comparison;
    expect(c.nps).toEqual({ now: 80, before: -80, delta: 160, nNow: 100, nBefore: 100, significant: true });
    expect(c.ces).toMatchObject({ now: 6.4, before: 1.6, nNow: 100, nBefore: 100, significant: true });
  });
});

describe('breakdown', () => {
  const group = (started: number, satisfied: number, unhappy: number): Counters => ({ started, completed: started, 'q:overall:v:5': satisfied, 'q:overall:v:1': unhappy });

  it('gives each value its figures, largest first, small groups marked, and the rest as not given', () => {
    const acme = group(40, 30, 10);
    const globex = group(12, 3, 9);
    const all: Counters = { started: 60, completed: 60, 'q:overall:v:5': 36, 'q:overall:v:1': 21 };
    const rows = breakdown(new Map([['Globex', globex], ['Acme', acme]]), SCRIPT, headlineOf(SCRIPT), all);
    expect(rows.map((r) => [r.value, r.n, r.small, r.csat?.satisfiedShare, r.csat?.n])).toEqual([
      ['Acme', 40, false, 0.75, 40],
      ['Globex', 12, true, 0.25, 12],
      [null, 8, true, 3 / 5, 5],
    ]);
    expect(SMALL_GROUP).toBe(30);
    // Wilson 95% for 30/40: half-width 0.1300.
    expect(rows[0]!.csat!.marginOfError).toBeCloseTo(0.13, 3);
    expect(rows[0]!.nps).toBeNull();
  });

  it('has no not-given group when every response has a value', () => {
    const rows = breakdown(new Map([['Acme', group(2, 1, 1)]]), SCRIPT, headlineOf(SCRIPT), group(2, 1, 1));
    expect(rows.map((r) => r.value)).toEqual(['Acme']);
  });
});

describe('drivers', () => {
  /** Co-moments of pairs (x = aspect, y = overall). */
  const co = (id: string, pairs: [number, number][]): Counters => {
    const c: Counters = {};
    for (const [x, y] of pairs) {
      c[`co:${id}:${x}:${y}`] = (c[`co:${id}:${x}:${y}`] ?? 0) + 1;
      c[`q:${id}:v:${x}`] = (c[`q:${id}:v:${x}`] ?? 0) + 1;
    }
    return c;
  };

  it('places each aspect by importance and performance, short boards first', () => {
    const outcome: [number, number][] = [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]];
    const c: Counters = {
      ...Object.fromEntries(outcome.map(([, y]) => [`q:overall:v:${y}`, 1])),
      // delivery follows the outcome closely and is rated low: a short board
      ...co('delivery', [[1, 1], [1, 2], [2, 3], [2, 4], [3, 5]]),
      // price: rated high, moves against the outcome a little
      ...co('price', [[5, 1], [5, 2], [4, 3], [5, 4], [4, 5]]),
      // staff: everyone gave 4, so its importance cannot be told
      ...co('staff', [[4, 1], [4, 2], [4, 3], [4, 4], [4, 5]]),
    };
    const d = driverFigures(c, { ...SCRIPT, outcome: 'overall' });
    expect(d.outcome).toEqual({ questionId: 'overall', mean: 3, n: 5 });
    expect(d.drivers.map((x) => [x.questionId, x.quadrant, x.n, x.pairs])).toEqual([
      ['delivery', 'short_board', 5, 5],
      ['price', 'overperforming', 5, 5],
      ['staff', null, 5, 5],
    ]);
    const delivery = d.drivers[0]!;
    // r of (1,1,2,2,3) with (1..5) = 0.9449; mean 1.8; 4 of 5 in the bottom two boxes.
    expect(delivery.importance).toBeCloseTo(0.9449, 4);
    expect(delivery.performance).toBeCloseTo(1.8, 10);
    expect(delivery.lowShare).toBe(0.8);
    expect(delivery.scale).toEqual({ min: 1, max: 5 });
    expect(d.drivers[1]!.importance).toBeCloseTo(-0.5774, 4);
    expect(d.drivers[2]!.importance).toBeNull();
    expect(d.medians.importance).toBeCloseTo((0.9449 - 0.5774) / 2, 3);
    // performances on 0..1: delivery 0.2, price 0.9, staff 0.75 → median 0.75
    expect(d.medians.performance).toBeCloseTo(0.75, 10);
  });

  it('has no drivers without an outcome question', () => {
    expect(driverFigures({}, { ...SCRIPT, outcome: undefined } as typeof SCRIPT)).toEqual({ outcome: null, drivers: [], medians: { importance: null, performance: null } });
  });
});

describe('themes from counters', () => {
  it('ranks phrases per sentiment as findThemes does, leaving out words inside a pair as common', () => {
    const c: Counters = {
      't:negative:delivery late': 3,
      't:negative:delivery': 3,
      't:negative:late': 4,
      't:negative:rude': 2,
      't:negative:once': 1,
      't:positive:friendly staff': 5,
      't:positive:staff': 5,
      't:positive:delivery': 2,
      'q:x:n': 9,
    };
    const counts = phraseCountsOf(c);
    expect([...counts.negative.keys()]).toEqual(['delivery late', 'delivery', 'late', 'rude', 'once']);
    expect(rankThemes(counts)).toEqual({
      negative: [
        { phrase: 'late', count: 4 },
        { phrase: 'delivery late', count: 3 },
        { phrase: 'rude', count: 2 },
      ],
      neutral: [],
      positive: [
        { phrase: 'friendly staff', count: 5 },
        { phrase: 'delivery', count: 2 },
      ],
    });
    expect(rankThemes(counts, { top: 1, minCount: 5 }).positive).toEqual([{ phrase: 'friendly staff', count: 5 }]);
  });

  it('keeps a phrase with a colon whole', () => {
    expect([...phraseCountsOf({ 't:neutral:a:b': 2 }).neutral]).toEqual([['a:b', 2]]);
  });
});

describe('the loop', () => {
  const base: EscalationCase = {
    id: 'case_r1',
    responseId: 'r1',
    surveyId: 'shop',
    surveyVersion: 1,
    locale: 'en',
    customer: {},
    order: {},
    address: { channelId: 'directline', conversationId: 'c', userId: 'u' },
    triggers: [],
    priority: 'high',
    scores: [],
    quotes: [],
    transcript: [],
    status: 'open',
    createdAt: '2026-11-02T23:50:00.000Z',
    updatedAt: '2026-11-02T23:50:00.000Z',
    slaDeadline: '2026-11-03T00:50:00.000Z',
    overdue: 0,
  };
  const segments = { channel: 'directline', locale: 'en', version: '1', brand: 'Acme' };

  it('counts each step on its own day, with a key per step', () => {
    expect(caseUpdate(base, 'opened', { segments })).toEqual({ surveyId: 'shop', day: '2026-11-02', responseId: 'r1', key: 'case.opened', segments, counts: { 'case:opened': 1 } });
    const claimed = { ...base, status: 'claimed' as const, claimedAt: '2026-11-03T00:20:00.000Z' };
    expect(caseUpdate(claimed, 'claimed', { segments })).toMatchObject({ day: '2026-11-03', key: 'case.claimed', counts: { 'case:claimed': 1, 'case:claim_ms': 30 * 60_000, 'case:claimed_sla': 1 } });
    // Claimed after a missed deadline (moved on since): not within the SLA.
    expect(caseUpdate({ ...claimed, overdue: 1, slaDeadline: '2026-11-03T01:50:00.000Z' }, 'claimed', { segments })!.counts).toEqual({ 'case:claimed': 1, 'case:claim_ms': 30 * 60_000 });
    expect(caseUpdate({ ...claimed, claimedAt: '2026-11-03T01:00:00.000Z' }, 'claimed', { segments })!.counts).not.toHaveProperty('case:claimed_sla');
    expect(caseUpdate(base, 'claimed', { segments })).toBeUndefined();
    expect(caseUpdate({ ...base, status: 'resolved', resolvedAt: '2026-11-04T08:00:00.000Z' }, 'resolved', { segments })).toMatchObject({ day: '2026-11-04', counts: { 'case:resolved': 1 } });
    expect(caseUpdate({ ...base, status: 'expired', updatedAt: '2026-11-16T00:00:00.000Z' }, 'expired', { segments })).toMatchObject({ day: '2026-11-16', counts: { 'case:expired': 1 } });
  });

  it('counts the recovery answer, and pairs ratings only on the same scale', () => {
    const recovered = { ...base, recovery: { resolved: true, rating: 4, responseId: 'rec1', at: '2026-11-05T10:00:00.000Z' } };
    const scale = { min: 1, max: 5 };
    expect(caseUpdate(recovered, 'recovered', { segments, before: { value: 1, ...scale }, afterScale: scale })).toMatchObject({
      day: '2026-11-05',
      key: 'case.recovered',
      counts: { 'case:recovery:yes': 1, 'case:rating:n': 1, 'case:rating:before': 1, 'case:rating:after': 4, 'case:rating:dd': 9 },
    });
    expect(caseUpdate(recovered, 'recovered', { segments, before: { value: 3, min: 0, max: 10 }, afterScale: scale })!.counts).toEqual({ 'case:recovery:yes': 1 });
    expect(caseUpdate({ ...recovered, recovery: { ...recovered.recovery, resolved: null, rating: null } }, 'recovered', { segments })).toBeUndefined();
  });

  it('turns the counters into the loop figures', () => {
    const c: Counters = {
      esc: 7,
      'esc:low_csat': 3,
      'esc:detractor': 3,
      'esc:@customer': 1,
      'case:opened': 5,
      'case:claimed': 4,
      'case:claim_ms': 4 * 15 * 60_000 + 40 * 60_000,
      'case:claimed_sla': 3,
      'case:resolved': 2,
      'case:expired': 1,
      'case:recovery:yes': 3,
      'case:recovery:no': 1,
      // pairs (before, after): (1,4), (2,4), (2,2): Σd = 5, Σd² = 9 + 4 + 0 = 13
      'case:rating:n': 3,
      'case:rating:before': 5,
      'case:rating:after': 10,
      'case:rating:dd': 13,
    };
    const f = loopFigures(c);
    expect(f.escalations).toEqual({ total: 7, byRule: [{ rule: 'detractor', count: 3 }, { rule: 'low_csat', count: 3 }, { rule: '@customer', count: 1 }] });
    expect(f.cases).toEqual({ opened: 5, claimed: 4, meanMinutesToClaim: 25, claimedWithinSla: 3, claimedWithinSlaShare: 0.75, resolved: 2, expired: 1, resolvedShare: 0.4 });
    expect(f.recovery).toMatchObject({ answered: 4, yes: 3, no: 1, rate: 0.75 });
    // Wilson 95% for 3/4: half-width 0.3269.
    expect(f.recovery.marginOfError).toBeCloseTo(0.3269, 3);
    // mean difference 5/3, variance (13 − 25/3)/2 = 7/3, se √(7/9) = 0.882, z = 1.89: not significant.
    expect(f.recovery.rating).toEqual({ n: 3, before: 5 / 3, after: 10 / 3, delta: 5 / 3, significant: false });
    expect(loopFigures({}).cases).toEqual({ opened: 0, claimed: 0, meanMinutesToClaim: null, claimedWithinSla: 0, claimedWithinSlaShare: null, resolved: 0, expired: 0, resolvedShare: null });
  });
});
