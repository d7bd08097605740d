import { describe, expect, it } from 'vitest';
import { parseInterval, parseResultsQuery } from '../../../src/core/results/resultsQuery.js';

const TODAY = '2026-11-30';

describe('results query', () => {
  it.each([
    [{}, { from: '2026-11-01', to: '2026-11-30' }],
    [{ from: '2026-11-20' }, { from: '2026-11-20', to: '2026-11-30' }],
    [{ to: '2026-10-31' }, { from: '2026-10-02', to: '2026-10-31' }],
    [{ from: '2026-12-05' }, { from: '2026-12-05', to: '2026-12-05' }],
    [{ from: '2024-01-01', to: '2024-12-31' }, { from: '2024-01-01', to: '2024-12-31' }],
    [{ from: '2026-11-30', to: '2026-11-30' }, { from: '2026-11-30', to: '2026-11-30' }],
  ])('reads %o as %o (today %s)', (query, expected) => {
    expect(parseResultsQuery(query, TODAY)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [{ from: '2026-02-30' }, /"from" must be a real day written YYYY-MM-DD/],
    [{ to: 'yesterday' }, /"to" must be a real day/],
    [{ from: '2026-11-01T00:00:00Z' }, /"from" must be a real day/],
    [{ from: ['2026-11-01', '2026-11-02'] }, /Give "from" once/],
    [{ from: '2026-11-10', to: '2026-11-01' }, /"to" \(2026-11-01\) is before "from" \(2026-11-10\)/],
    [{ from: '2025-01-01', to: '2026-01-02' }, /367 days; ask for at most 366/],
    [{ 'segment.brand': 'Acme', 'segment.customer.tier': 'gold' }, /one segment at a time \(got brand and customer\.tier\)/],
    [{ 'segment.': 'Acme' }, /Name the segment/],
    [{ 'segment.brand': '' }, /not empty/],
    [{ 'segment.brand': 'x'.repeat(65) }, /at most 64 characters/],
    [{ segments: 'x', limit: '3' }, /Unknown parameters "segments", "limit"/],
  ])('refuses %o', (query, message) => {
    const parsed = parseResultsQuery(query as Record<string, unknown>, TODAY);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });

  it('ORs several values of one segment, and lets a call name its own parameters', () => {
    expect(parseResultsQuery({ 'segment.brand': ['Acme', 'Globex', 'Acme'], interval: 'week' }, TODAY, ['interval'])).toEqual({
      ok: true,
      value: { from: '2026-11-01', to: '2026-11-30', segment: { name: 'brand', values: ['Acme', 'Globex'] } },
    });
    expect(parseInterval({})).toEqual({ ok: true, value: 'day' });
    expect(parseInterval({ interval: 'month' })).toEqual({ ok: true, value: 'month' });
    expect(parseInterval({ interval: 'year' })).toEqual({ ok: false, message: '"interval" must be day, week or month; got "year".' });
  });
});
