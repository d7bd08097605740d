import { describe, expect, it } from 'vitest';
import {
  addTrigger,
  caseIdFor,
  higherPriority,
  isActive,
  raisePriority,
  slaDeadline,
  type CaseStatus,
  type CaseTrigger,
  type EscalationCase,
  type SlaMinutes,
} from '../../src/core/cases.js';
import { matchKeyword } from '../../src/core/escalation/matchKeyword.js';
import type { Priority } from '../../src/core/script/compiled.js';

const SLA: SlaMinutes = { urgent: 15, high: 60, normal: 240, low: 1440 };
const CREATED = Date.UTC(2026, 10, 23, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const minutes = (n: number): number => n * 60_000;

function aCase(overrides: Partial<EscalationCase> = {}): EscalationCase {
  const priority = overrides.priority ?? 'normal';
  return {
    id: 'case_r1',
    responseId: 'r1',
    surveyId: 'post-purchase',
    surveyVersion: 1,
    locale: 'en',
    customer: {},
    order: {},
    address: { channelId: 'webchat', conversationId: 'c1', userId: 'u1' },
    triggers: [{ ruleId: 'low_csat', reason: 'rule', priority, at: iso(CREATED) }],
    priority,
    scores: [],
    quotes: [],
    transcript: [],
    status: 'open',
    createdAt: iso(CREATED),
    updatedAt: iso(CREATED),
    slaDeadline: slaDeadline(CREATED, priority, SLA),
    overdue: 0,
    ...overrides,
  };
}

function trigger(ruleId: string, priority: Priority, atMinutes = 5): CaseTrigger {
  return { ruleId, reason: ruleId === '@customer' ? 'customer' : 'rule', priority, at: iso(CREATED + minutes(atMinutes)) };
}

describe('matchKeyword', () => {
  it.each<[string, string, string[], string | undefined]>([
    ['a plain word', 'I want a refund', ['refund'], 'refund'],
    ['capitals', 'I WANT A REFUND', ['refund'], 'refund'],
    ['mixed case', 'Refund Please', ['refund'], 'refund'],
    ['full-width letters (NFKC)', 'ｒｅｆｕｎｄ please', ['refund'], 'refund'],
    ['full-width capitals (NFKC)', 'ＲＥＦＵＮＤ', ['refund'], 'refund'],
    ['a decomposed accent (NFKC composes it)', 'quiero una devolucio\u0301n', ['devolución'], 'devolución'],
    ['an accented capital', 'DEVOLUCIÓN YA', ['devolución'], 'devolución'],
    ['a longer word that starts with it', 'Refunds please', ['refund'], 'refund'],
    ['after punctuation', 'bad (refund?)', ['refund'], 'refund'],
    ['at the very start', 'refund', ['refund'], 'refund'],
    ['inside a word: no', 'it was nonrefundable', ['refund'], undefined],
    ['after a digit: no', 'code 2refund', ['refund'], undefined],
    ['inside a word first, then at a word start', 'nonrefundable, so refund me', ['refund'], 'refund'],
    ['a Latin word inside an accented word: no', 'ñrefund', ['refund'], undefined],
    ['Chinese at the start', '退款', ['退款'], '退款'],
    ['Chinese in the middle of a sentence', '我要退款谢谢', ['退款'], '退款'],
    ['Chinese right after Latin letters', 'abc退款', ['退款'], '退款'],
    ['Chinese right after Chinese', '申请退款', ['退款'], '退款'],
    ['Japanese kana anywhere', 'へんきんしてください', ['へんきん'], 'へんきん'],
    ['the first keyword in list order wins', 'refund and cancel', ['cancel', 'refund'], 'cancel'],
    ['a later keyword when the first is absent', 'please cancel', ['refund', 'cancel'], 'cancel'],
    ['a multi-word keyword', 'I just want my money back', ['money back'], 'money back'],
    ['a multi-word keyword in capitals', 'MONEY BACK NOW', ['money back'], 'money back'],
    ['a multi-word keyword split up: no', 'money is not coming back', ['money back'], undefined],
    ['a multi-word keyword inside a word: no', 'easymoney back', ['money back'], undefined],
    ['none of the keywords', 'all good, thanks', ['refund', 'cancel'], undefined],
    ['no keywords at all', 'refund', [], undefined],
    ['empty text', '', ['refund'], undefined],
  ])('%s: %j in %j', (_name, text, keywords, expected) => {
    expect(matchKeyword(text, keywords)).toBe(expected);
  });
});

describe('priorities', () => {
  it.each<[Priority, Priority]>([
    ['low', 'normal'],
    ['normal', 'high'],
    ['high', 'urgent'],
    ['urgent', 'urgent'],
  ])('raisePriority(%s) is %s', (p, expected) => {
    expect(raisePriority(p)).toBe(expected);
  });

  it.each<[Priority, Priority, Priority]>([
    ['low', 'low', 'low'],
    ['low', 'normal', 'normal'],
    ['normal', 'low', 'normal'],
    ['high', 'normal', 'high'],
    ['normal', 'urgent', 'urgent'],
    ['urgent', 'high', 'urgent'],
    ['urgent', 'urgent', 'urgent'],
    ['low', 'urgent', 'urgent'],
  ])('higherPriority(%s, %s) is %s', (a, b, expected) => {
    expect(higherPriority(a, b)).toBe(expected);
  });
});

describe('slaDeadline', () => {
  it.each<[Priority, SlaMinutes, number]>([
    ['urgent', SLA, 15],
    ['high', SLA, 60],
    ['normal', SLA, 240],
    ['low', SLA, 1440],
    ['high', { ...SLA, high: 30 }, 30],
    ['low', { ...SLA, low: 1 }, 1],
  ])('%s with %j is createdAt + %i minutes, as ISO', (priority, sla, mins) => {
    expect(slaDeadline(CREATED, priority, sla)).toBe(iso(CREATED + minutes(mins)));
  });

  it('counts from the time it is given, across midnight and month ends', () => {
    const lateNight = Date.UTC(2026, 0, 31, 23, 50);
    expect(slaDeadline(lateNight, 'urgent', SLA)).toBe('2026-02-01T00:05:00.000Z');
    expect(slaDeadline(lateNight, 'low', SLA)).toBe('2026-02-01T23:50:00.000Z');
  });
});

describe('addTrigger', () => {
  it('does not add a rule that is already there, and returns the same object', () => {
    const c = aCase();
    const same = addTrigger(c, trigger('low_csat', 'urgent'), SLA);
    expect(same).toBe(c);
    expect(same.priority).toBe('normal');
    expect(same.triggers).toHaveLength(1);
  });

  it('does not mutate the case it is given', () => {
    const c = aCase();
    const before = structuredClone(c);
    const next = addTrigger(c, trigger('refund', 'urgent'), SLA);
    expect(c).toEqual(before);
    expect(next).not.toBe(c);
  });

  it.each<[string, Priority, Priority, Priority, number]>([
    // name, case priority, trigger priority, resulting priority, deadline minutes after createdAt
    ['a lower trigger keeps the priority and the deadline', 'high', 'low', 'high', 60],
    ['an equal trigger keeps both', 'normal', 'normal', 'normal', 240],
    ['normal + high: high, deadline at createdAt + 60', 'normal', 'high', 'high', 60],
    ['normal + urgent: urgent, deadline at createdAt + 15', 'normal', 'urgent', 'urgent', 15],
    ['low + normal: normal, deadline at createdAt + 240', 'low', 'normal', 'normal', 240],
    ['high + urgent: urgent, deadline at createdAt + 15', 'high', 'urgent', 'urgent', 15],
    ['urgent + low: still urgent', 'urgent', 'low', 'urgent', 15],
  ])('on an open case: %s', (_name, casePriority, triggerPriority, priority, deadlineMinutes) => {
    const c = aCase({ priority: casePriority, slaDeadline: slaDeadline(CREATED, casePriority, SLA) });
    const t = trigger('refund', triggerPriority, 7);
    const next = addTrigger(c, t, SLA);
    expect(next.priority).toBe(priority);
    expect(next.slaDeadline).toBe(iso(CREATED + minutes(deadlineMinutes)));
    expect(next.triggers).toEqual([...c.triggers, t]);
    expect(next.updatedAt).toBe(t.at);
  });

  it.each<[string, number, Priority, number]>([
    // name, current deadline (minutes after createdAt), trigger priority, expected deadline
    ['an already earlier deadline is not moved later by a high trigger', 10, 'high', 10],
    ['an already earlier deadline is not moved later by an urgent trigger', 5, 'urgent', 5],
    ['an overdue case moved on to +300 comes forward to +60', 300, 'high', 60],
    ['a deadline between the two moves to the sooner one', 30, 'urgent', 15],
  ])('never moves the deadline back: %s', (_name, current, triggerPriority, expected) => {
    const c = aCase({ priority: 'normal', slaDeadline: iso(CREATED + minutes(current)) });
    expect(addTrigger(c, trigger('refund', triggerPriority), SLA).slaDeadline).toBe(iso(CREATED + minutes(expected)));
  });

  it('a claimed case keeps its deadline, though the priority goes up', () => {
    const status: CaseStatus = 'claimed';
    const deadline = iso(CREATED + minutes(240));
    const c = aCase({ status, priority: 'normal', slaDeadline: deadline, assignee: { id: 'ana', name: 'Ana', via: 'console' }, claimedAt: iso(CREATED + minutes(3)) });
    const next = addTrigger(c, trigger('@customer', 'urgent'), SLA);
    expect(next.slaDeadline).toBe(deadline);
    expect(next.priority).toBe('urgent');
    expect(next.triggers.map((t) => t.ruleId)).toEqual(['low_csat', '@customer']);
    expect(next.status).toBe('claimed');
  });

  it('adds several different rules one after another, each once', () => {
    let c = aCase({ priority: 'low', slaDeadline: slaDeadline(CREATED, 'low', SLA) });
    for (const t of [trigger('refund', 'normal'), trigger('angry', 'high'), trigger('refund', 'urgent'), trigger('@customer', 'high')]) c = addTrigger(c, t, SLA);
    expect(c.triggers.map((t) => t.ruleId)).toEqual(['low_csat', 'refund', 'angry', '@customer']);
    expect(c.priority).toBe('high');
    expect(c.slaDeadline).toBe(iso(CREATED + minutes(60)));
  });
});

describe('caseIdFor and isActive', () => {
  it.each<[string]>([['r1'], ['resp-42'], ['01JD8Z3Q0M3K6X9V0A1B2C3D4E']])('caseIdFor(%s) is the same every time and differs per response', (responseId) => {
    expect(caseIdFor(responseId)).toBe(caseIdFor(responseId));
    expect(caseIdFor(responseId)).not.toBe(caseIdFor(`${responseId}x`));
    expect(caseIdFor(responseId)).toContain(responseId);
  });

  it.each<[CaseStatus, boolean]>([
    ['open', true],
    ['claimed', true],
    ['resolved', false],
    ['expired', false],
  ])('isActive(%s) is %s', (status, expected) => {
    expect(isActive({ status })).toBe(expected);
    expect(isActive(aCase({ status }))).toBe(expected);
  });
});
