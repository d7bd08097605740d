import { describe, expect, it } from 'vitest';
import type { EscalationCase } from '../../src/core/cases.js';
import { MAX_SEARCH_CHARS, inView, matchesSearch, searchTerms } from '../../src/core/cases/caseSearch.js';

const base = {
  id: 'case_r1',
  surveyId: 'post-purchase',
  customer: { id: 'cust-42', name: 'José Pérez' },
  order: { id: 'A-1001', total: 99 },
  quotes: [{ questionId: 'improve', text: 'The parcel arrived broken' }],
  transcript: [{ at: '2026-01-01T00:00:00Z', from: 'customer', text: 'Nobody answers my emails' }],
  notes: [{ id: 'n1', at: '2026-01-01T00:00:00Z', text: 'VIP, refund approved', author: { id: 'ana', name: 'Ana', via: 'console' } }],
  status: 'open',
} as unknown as EscalationCase;

describe('case search', () => {
  it.each([
    ['customer name, accents folded', 'jose perez', true],
    ['customer id', 'CUST-42', true],
    ['order id', 'a-1001', true],
    ['a quote', 'parcel broken', true],
    ['the transcript', 'emails', true],
    ['a staff note', 'refund', true],
    ['every term must match', 'parcel nowhere', false],
    ['something else', 'B-2002', false],
    ['nothing: everything matches', '   ', true],
  ])('%s (%s): %s', (_what, query, found) => {
    expect(matchesSearch(base, searchTerms(query))).toBe(found);
  });

  it('a search is cut to its limit', () => {
    expect(searchTerms('x'.repeat(MAX_SEARCH_CHARS + 50))[0]).toHaveLength(MAX_SEARCH_CHARS);
  });

  it.each([
    ['open', undefined, 'queue', true],
    ['open', undefined, 'mine', false],
    ['claimed', 'ana', 'mine', true],
    ['claimed', 'ben', 'mine', false],
    ['claimed', 'ana', 'queue', false],
    ['resolved', 'ana', 'mine', false],
    ['resolved', undefined, 'all', true],
  ] as const)('a %s case held by %s is in view %s for ana: %s', (status, holder, view, shown) => {
    const c = { status, ...(holder ? { assignee: { id: holder, name: holder, via: 'console' as const } } : {}) };
    expect(inView(c, view, 'ana')).toBe(shown);
  });
});
