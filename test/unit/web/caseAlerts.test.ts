import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../web/staff/api.js';
import { diffAlerts, unread } from '../../../web/staff/console/caseAlerts.js';

const row = (id: string, over: Partial<CaseSummary> = {}): CaseSummary => ({ id, status: 'open', priority: 'normal', overdue: 0, ...over }) as CaseSummary;
const ANA = { id: 'ana', name: 'Ana', via: 'console' as const };
const seenOf = (cases: CaseSummary[]) => new Map(cases.map((c) => [c.id, { status: c.status, priority: c.priority, overdue: c.overdue, ...(c.assignee ? { assignee: c.assignee.id } : {}) }]));

describe('case alerts', () => {
  it.each([
    ['a new case in the queue', [], [row('a')], ['new']],
    ['a new urgent case', [], [row('a', { priority: 'urgent' })], ['urgent']],
    ['a case that became urgent', [row('a', { priority: 'high' })], [row('a', { priority: 'urgent' })], ['urgent']],
    ['a missed deadline', [row('a')], [row('a', { overdue: 1, priority: 'high' })], ['overdue']],
    ['a case handed to me', [row('a', { status: 'claimed', assignee: { ...ANA, id: 'ben' } })], [row('a', { status: 'claimed', assignee: ANA })], ['assigned']],
    ['someone else claiming', [row('a')], [row('a', { status: 'claimed', assignee: { ...ANA, id: 'ben' } })], []],
    ['nothing changed', [row('a')], [row('a')], []],
  ])('%s', (_what, before, after, kinds) => {
    expect(diffAlerts(seenOf(before), after, 'ana').map((a) => a.kind)).toEqual(kinds);
  });

  it('unread: the queue and my own cases I have not opened', () => {
    const cases = [row('a'), row('b'), row('c', { status: 'claimed', assignee: ANA }), row('d', { status: 'claimed', assignee: { ...ANA, id: 'ben' } }), row('e', { status: 'resolved' })];
    expect(unread(cases, new Set(), 'ana')).toBe(3);
    expect(unread(cases, new Set(['a', 'c']), 'ana')).toBe(1);
  });
});
