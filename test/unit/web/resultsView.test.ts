import { describe, expect, it } from 'vitest';
import { addDays, customRange, dayOf, daysBetween, defaultView, intervalFor, isDay, parseView, presetRange, responsesParams, scopeParams, viewHash, type ResultsView } from '../../../web/staff/results/resultsView.js';

const TODAY = '2026-11-30';

describe('the results view in the URL fragment', () => {
  it('opens the last 30 days of no survey from an empty fragment', () => {
    expect(parseView('', TODAY)).toEqual({ survey: '', range: '30', from: '2026-11-01', to: '2026-11-30', segment: null, interval: 'day', by: '' });
    expect(viewHash(parseView('', TODAY))).toBe('');
  });

  it.each([
    ['#survey=post-purchase', { survey: 'post-purchase', range: '30', from: '2026-11-01', to: TODAY, interval: 'day' }],
    ['#survey=post-purchase&range=7', { range: '7', from: '2026-11-24', to: TODAY, interval: 'day' }],
    ['#survey=post-purchase&range=90', { range: '90', from: '2026-09-02', to: TODAY, interval: 'week' }],
    ['#survey=x&from=2026-01-01&to=2026-06-30', { range: 'custom', from: '2026-01-01', to: '2026-06-30', interval: 'month' }],
    ['#survey=x&from=2026-01-01&to=2026-06-30&interval=day', { range: 'custom', interval: 'day' }],
    ['#survey=x&segment.brand=Acme', { segment: { name: 'brand', value: 'Acme' } }],
    ['#survey=x&segment.customer.tier=gold%20plus', { segment: { name: 'customer.tier', value: 'gold plus' } }],
    ['#survey=x&by=order.category', { by: 'order.category' }],
  ] as const)('%s', (hash, expected) => {
    expect(parseView(hash, TODAY)).toMatchObject(expected);
  });

  it.each([
    ['an impossible day', '#survey=x&from=2026-02-30&to=2026-03-10'],
    ['a backwards range', '#survey=x&from=2026-03-10&to=2026-03-01'],
    ['a range over a year', '#survey=x&from=2024-01-01&to=2026-01-01'],
    ['an unknown preset', '#survey=x&range=12'],
  ])('falls back to the last 30 days on %s', (_what, hash) => {
    expect(parseView(hash, TODAY)).toMatchObject({ range: '30', from: '2026-11-01', to: TODAY });
  });

  it('ignores an unknown interval and an empty segment value', () => {
    expect(parseView('#survey=x&interval=hour&segment.brand=%20', TODAY)).toMatchObject({ interval: 'day', segment: null });
  });

  it.each([
    '#survey=post-purchase',
    '#survey=post-purchase&range=7',
    '#survey=post-purchase&range=90&segment.brand=Acme',
    '#survey=post-purchase&from=2026-10-01&to=2026-10-31&segment.customer.tier=gold&interval=week&by=brand',
    '#survey=s&segment.brand=A%26B+%3D+C',
  ])('writes back what it read: %s', (hash) => {
    expect(viewHash(parseView(hash, TODAY))).toBe(hash);
  });

  it('keeps a preset relative: a link to the last 7 days opens the 7 days before the day it is opened', () => {
    const v = parseView('#survey=x&range=7', '2026-12-15');
    expect([v.from, v.to]).toEqual(['2026-12-09', '2026-12-15']);
  });

  it('asks the API for the same range and segment', () => {
    const v: ResultsView = { ...defaultView(TODAY, 'post-purchase'), segment: { name: 'brand', value: 'Acme & Co' } };
    expect(scopeParams(v).toString()).toBe('from=2026-11-01&to=2026-11-30&segment.brand=Acme+%26+Co');
    expect(responsesParams(v, { limit: 50, cursor: 'abc' }).toString()).toBe('from=2026-11-01&to=2026-11-30&segment.brand=Acme+%26+Co&surveyId=post-purchase&limit=50&cursor=abc');
    expect(responsesParams(v, { format: 'xlsx', cursor: 'abc' }).toString()).toBe('from=2026-11-01&to=2026-11-30&segment.brand=Acme+%26+Co&surveyId=post-purchase&format=xlsx');
  });
});

describe('days', () => {
  it('counts UTC days', () => {
    expect(dayOf(Date.UTC(2026, 10, 30, 23, 59))).toBe('2026-11-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-11-01', '2026-11-30')).toBe(30);
    expect(presetRange('7', '2026-01-03')).toEqual({ from: '2025-12-28', to: '2026-01-03' });
    expect([isDay('2026-02-28'), isDay('2026-02-29'), isDay('2026-2-1'), isDay(''), isDay(null)]).toEqual([true, false, false, false, false]);
  });

  it('picks an interval that draws a readable trend', () => {
    expect([7, 31, 32, 120, 121, 366].map(intervalFor)).toEqual(['day', 'day', 'week', 'week', 'month', 'month']);
  });

  it('checks a custom range', () => {
    expect(customRange('2026-01-01', '2026-01-31')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(customRange('2026-01-31', '2026-01-01')).toEqual({ error: 'results.range.backwards' });
    expect(customRange('', '2026-01-01')).toEqual({ error: 'results.range.badDay' });
    expect(customRange('2025-01-01', '2026-01-02')).toEqual({ error: 'results.range.tooLong' });
    expect(customRange('2025-01-01', '2026-01-01')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
  });
});
