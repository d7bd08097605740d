import { describe, expect, it } from 'vitest';
import { addTrigger, slaDeadline, type Agent, type CaseStatus, type EscalationCase, type SlaMinutes } from '../../src/core/cases.js';
import { MAX_ENTRY_CHARS, MAX_TRANSCRIPT, appendEntries } from '../../src/core/cases/caseTranscript.js';
import { transition, type CaseAction, type CaseActor, type CaseEvent, type CaseRefusalCode } from '../../src/core/cases/caseTransitions.js';
import { customerNotice } from '../../src/core/cases/customerNotice.js';
import { addToCase, openCase, type CaseSnapshot } from '../../src/core/cases/openCase.js';
import { sweepSteps, type SweepStep } from '../../src/core/cases/sweepSteps.js';

const SLA: SlaMinutes = { urgent: 15, high: 60, normal: 240, low: 1440 };
const CREATED = Date.UTC(2026, 10, 23, 12, 0, 0);
const NOW = CREATED + 10 * 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const minutes = (n: number): number => n * 60_000;

const ANA: Agent = { id: 'ana', name: 'Ana', via: 'console' };
const BOB: Agent = { id: 'slack:U2', name: 'Bob', via: 'slack' };
const TEAM: Agent = { id: 'admin', name: 'Support team', via: 'console', team: true };

const ana: CaseActor = { type: 'agent', agent: ANA };
const bob: CaseActor = { type: 'agent', agent: BOB };
const bobAdmin: CaseActor = { type: 'agent', agent: BOB, admin: true };
const customer: CaseActor = { type: 'customer' };
const system: CaseActor = { type: 'system' };

function aCase(status: CaseStatus, overrides: Partial<EscalationCase> = {}): EscalationCase {
  return {
    id: 'case_r1',
    responseId: 'r1',
    surveyId: 'post-purchase',
    surveyVersion: 1,
    locale: 'en',
    customer: {},
    order: {},
    address: { channelId: 'directline', conversationId: 'c1', userId: 'u1' },
    triggers: [{ ruleId: 'low_csat', reason: 'rule', priority: 'normal', at: iso(CREATED) }],
    priority: 'normal',
    scores: [],
    quotes: [],
    transcript: [],
    status,
    createdAt: iso(CREATED),
    updatedAt: iso(CREATED),
    // Due five minutes ago, so a missed deadline is due at NOW.
    slaDeadline: iso(NOW - minutes(5)),
    overdue: 0,
    ...(status === 'claimed' ? { assignee: ANA, claimedAt: iso(CREATED + minutes(1)) } : {}),
    ...(status === 'resolved' ? { resolvedAt: iso(CREATED + minutes(2)), resolvedBy: ANA } : {}),
    ...overrides,
  };
}

const claim: CaseAction = { type: 'claim' };
const relay: CaseAction = { type: 'relay', text: '  Hello, I can help  ', id: 'agent:1', handoff: true };
const resolve: CaseAction = { type: 'resolve', note: '  refunded  ' };
const expire: CaseAction = { type: 'expire' };
const missDeadline: CaseAction = { type: 'miss-deadline', sla: SLA };
const declineContact: CaseAction = { type: 'decline-contact' };
const recordRecovery: CaseAction = { type: 'record-recovery', resolved: true, rating: 4, responseId: 'r2' };

const CARL: Agent = { id: 'carl', name: 'Carl', via: 'console' };
const note: CaseAction = { type: 'note', text: '  Called them back; refund promised  ', id: 'note:1' };
const assign: CaseAction = { type: 'assign', to: CARL };
const unclaim: CaseAction = { type: 'unclaim', sla: SLA };
const autoAssign: CaseAction = { type: 'auto-assign', to: CARL, rule: 'round robin' };

const ACTIONS: Record<CaseAction['type'], CaseAction> = {
  claim,
  note,
  assign,
  'auto-assign': autoAssign,
  unclaim,
  relay,
  resolve,
  expire,
  'miss-deadline': missDeadline,
  'decline-contact': declineContact,
  'record-recovery': recordRecovery,
};
const STATUSES: CaseStatus[] = ['open', 'claimed', 'resolved', 'expired'];

/** `status` after the change (events by type), `same` for an allowed no-op, or a refusal. */
type Expected = { status: CaseStatus; events: CaseEvent['type'][] } | 'same' | { refused: CaseRefusalCode; message: string };

/** Every status × action, by the kind of actor the action is for (the claimed case is Ana's). */
const TABLE: [CaseStatus, CaseAction['type'], string, CaseActor, Expected][] = [
  ['open', 'claim', 'Ana', ana, { status: 'claimed', events: ['claimed'] }],
  ['claimed', 'claim', 'Ana (hers already)', ana, 'same'],
  ['claimed', 'claim', 'Bob', bob, { refused: 'CASE_TAKEN', message: 'Ana has already claimed this case' }],
  ['claimed', 'claim', 'Bob as admin', bobAdmin, { refused: 'CASE_TAKEN', message: 'Ana has already claimed this case' }],
  ['resolved', 'claim', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is resolved' }],
  ['expired', 'claim', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is expired' }],

  ['open', 'relay', 'Ana', ana, { refused: 'FORBIDDEN', message: 'Claim the case before writing to the customer' }],
  ['claimed', 'relay', 'Ana (the assignee)', ana, { status: 'claimed', events: ['relayed'] }],
  ['claimed', 'relay', 'Bob', bob, { refused: 'FORBIDDEN', message: 'Ana owns this case' }],
  ['claimed', 'relay', 'Bob as admin', bobAdmin, { refused: 'FORBIDDEN', message: 'Ana owns this case' }],
  ['resolved', 'relay', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is resolved' }],
  ['expired', 'relay', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is expired' }],

  ['open', 'resolve', 'Bob (anyone while unclaimed)', bob, { status: 'resolved', events: ['resolved'] }],
  ['claimed', 'resolve', 'Ana (the assignee)', ana, { status: 'resolved', events: ['resolved'] }],
  ['claimed', 'resolve', 'Bob', bob, { refused: 'FORBIDDEN', message: 'Ana owns this case' }],
  ['claimed', 'resolve', 'Bob as admin', bobAdmin, { status: 'resolved', events: ['resolved'] }],
  ['resolved', 'resolve', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is already resolved' }],
  ['expired', 'resolve', 'Bob as admin', bobAdmin, { refused: 'CASE_CLOSED', message: 'This case is already expired' }],

  ['open', 'note', 'Ana', ana, { status: 'open', events: ['noted'] }],
  ['claimed', 'note', 'Bob (not the owner: notes are for everyone)', bob, { status: 'claimed', events: ['noted'] }],
  ['resolved', 'note', 'Ana', ana, { status: 'resolved', events: ['noted'] }],
  ['expired', 'note', 'Bob', bob, { status: 'expired', events: ['noted'] }],

  ['open', 'assign', 'Bob (anyone while unclaimed)', bob, { status: 'claimed', events: ['assigned'] }],
  ['claimed', 'assign', 'Ana (the owner: a transfer)', ana, { status: 'claimed', events: ['assigned'] }],
  ['claimed', 'assign', 'Bob', bob, { refused: 'FORBIDDEN', message: 'Ana owns this case; only they or an admin may hand it on' }],
  ['claimed', 'assign', 'Bob as admin', bobAdmin, { status: 'claimed', events: ['assigned'] }],
  ['resolved', 'assign', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is resolved' }],
  ['expired', 'assign', 'Bob as admin', bobAdmin, { refused: 'CASE_CLOSED', message: 'This case is expired' }],

  ['open', 'auto-assign', 'the desk', system, { status: 'claimed', events: ['assigned'] }],
  ['claimed', 'auto-assign', 'the desk (Ana took it meanwhile)', system, { refused: 'CASE_TAKEN', message: 'Ana has already claimed this case' }],
  ['resolved', 'auto-assign', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is resolved' }],
  ['expired', 'auto-assign', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is expired' }],

  ['open', 'unclaim', 'Ana (nothing to give back)', ana, 'same'],
  ['claimed', 'unclaim', 'Ana (the owner)', ana, { status: 'open', events: ['unclaimed'] }],
  ['claimed', 'unclaim', 'Bob', bob, { refused: 'FORBIDDEN', message: 'Ana owns this case' }],
  ['claimed', 'unclaim', 'Bob as admin', bobAdmin, { status: 'open', events: ['unclaimed'] }],
  ['resolved', 'unclaim', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is resolved' }],
  ['expired', 'unclaim', 'Ana', ana, { refused: 'CASE_CLOSED', message: 'This case is expired' }],

  ['open', 'expire', 'the desk', system, { status: 'expired', events: ['expired'] }],
  ['claimed', 'expire', 'the desk', system, { refused: 'CASE_TAKEN', message: 'A claimed case does not expire' }],
  ['resolved', 'expire', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is already resolved' }],
  ['expired', 'expire', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is already expired' }],

  ['open', 'miss-deadline', 'the desk', system, { status: 'open', events: ['overdue'] }],
  ['claimed', 'miss-deadline', 'the desk', system, { refused: 'CASE_TAKEN', message: 'A claimed case has no deadline' }],
  ['resolved', 'miss-deadline', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is already resolved' }],
  ['expired', 'miss-deadline', 'the desk', system, { refused: 'CASE_CLOSED', message: 'This case is already expired' }],

  ['open', 'decline-contact', 'the customer', customer, { status: 'open', events: ['contact-declined'] }],
  ['claimed', 'decline-contact', 'the customer', customer, { status: 'claimed', events: ['contact-declined'] }],
  ['resolved', 'decline-contact', 'the customer', customer, { status: 'resolved', events: ['contact-declined'] }],
  ['expired', 'decline-contact', 'the customer', customer, { status: 'expired', events: ['contact-declined'] }],

  ['open', 'record-recovery', 'the customer', customer, { status: 'open', events: ['recovered'] }],
  ['claimed', 'record-recovery', 'the customer', customer, { status: 'claimed', events: ['recovered'] }],
  ['resolved', 'record-recovery', 'the customer', customer, { status: 'resolved', events: ['recovered'] }],
  ['expired', 'record-recovery', 'the customer', customer, { status: 'expired', events: ['recovered'] }],
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('transition: every status × action', () => {
  it('the table covers every status with every action', () => {
    const covered = new Set(TABLE.map(([status, action]) => `${status} ${action}`));
    for (const status of STATUSES) for (const action of Object.keys(ACTIONS)) expect(covered, `${status} ${action}`).toContain(`${status} ${action}`);
  });

  it.each(TABLE)('%s case, %s by %s', (status, actionType, _who, actor, expected) => {
    const c = deepFreeze(aCase(status));
    const t = transition(c, ACTIONS[actionType], actor, NOW);
    if (expected === 'same') {
      expect(t).toEqual({ ok: true, next: c, events: [] });
      expect(t.ok && t.next).toBe(c);
    } else if ('refused' in expected) {
      expect(t).toEqual({ ok: false, refused: expected.refused, message: expected.message });
    } else {
      expect(t.ok).toBe(true);
      if (!t.ok) return;
      expect(t.next).not.toBe(c);
      expect(t.next.status).toBe(expected.status);
      expect(t.events.map((e) => e.type)).toEqual(expected.events);
      expect(t.next.updatedAt).toBe(iso(NOW));
    }
  });
});

describe('transition: who may act', () => {
  const actors: [string, CaseActor][] = [['an agent', ana], ['the customer', customer], ['the desk', system]];
  const allowed: Record<CaseAction['type'], string> = {
    claim: 'an agent',
    relay: 'an agent',
    resolve: 'an agent',
    note: 'an agent',
    assign: 'an agent',
    'auto-assign': 'the desk',
    unclaim: 'an agent',
    expire: 'the desk',
    'miss-deadline': 'the desk',
    'decline-contact': 'the customer',
    'record-recovery': 'the customer',
  };
  const rows = Object.keys(ACTIONS).flatMap((action) =>
    STATUSES.flatMap((status) => actors.filter(([who]) => who !== allowed[action as CaseAction['type']]).map(([who, actor]) => [action as CaseAction['type'], status, who, actor] as const)),
  );

  it.each(rows)('%s on a %s case by %s: FORBIDDEN', (action, status, _who, actor) => {
    const t = transition(aCase(status), ACTIONS[action], actor, NOW);
    expect(t).toEqual({ ok: false, refused: 'FORBIDDEN', message: `Only ${allowed[action]} may ${action} a case` });
  });
});

describe('transition: no such case', () => {
  it.each(Object.entries(ACTIONS))('%s: CASE_NOT_FOUND', (_type, action) => {
    for (const actor of [ana, customer, system]) expect(transition(undefined, action, actor, NOW)).toMatchObject({ ok: false, refused: 'CASE_NOT_FOUND' });
  });

  it.each<[string, CaseAction, CaseRefusalCode, string]>([
    ['an empty message', { ...relay, text: '' } as CaseAction, 'BAD_REQUEST', 'The message is empty'],
    ['a message of spaces', { ...relay, text: ' \n\t ' } as CaseAction, 'BAD_REQUEST', 'The message is empty'],
    ['a message while handoff is off', { ...relay, handoff: false } as CaseAction, 'FORBIDDEN', 'Handoff is off (HANDOFF=off): reach this customer another way.'],
  ])('a relay is checked before the case is: %s', (_name, action, refused, message) => {
    expect(transition(undefined, action, ana, NOW)).toEqual({ ok: false, refused, message });
    expect(transition(aCase('claimed'), action, ana, NOW)).toEqual({ ok: false, refused, message });
  });
});

describe('transition: what each change writes', () => {
  it('claim: the assignee, when, and a line on the transcript', () => {
    const t = transition(aCase('open'), claim, ana, NOW);
    expect(t).toMatchObject({ ok: true, events: [{ type: 'claimed', agent: ANA, at: iso(NOW) }] });
    if (!t.ok) return;
    expect(t.next).toMatchObject({ assignee: ANA, claimedAt: iso(NOW), updatedAt: iso(NOW) });
    expect(t.next.transcript.at(-1)).toEqual({ at: iso(NOW), from: 'system', text: 'Ana claimed the case', name: 'Ana', event: { kind: 'claimed', by: 'Ana' } });
  });

  it('claim of a case claimed by someone unnamed says "Someone"', () => {
    expect(transition(aCase('claimed', { assignee: undefined }), claim, bob, NOW)).toMatchObject({ refused: 'CASE_TAKEN', message: 'Someone has already claimed this case' });
    expect(transition(aCase('claimed', { assignee: undefined }), relay, bob, NOW)).toMatchObject({ refused: 'FORBIDDEN', message: 'Another agent owns this case' });
  });

  it('relay: the trimmed message as the agent\'s line, with its id', () => {
    const t = transition(aCase('claimed'), relay, ana, NOW);
    const entry = { at: iso(NOW), from: 'agent', text: 'Hello, I can help', name: 'Ana', id: 'agent:1' };
    expect(t).toMatchObject({ ok: true, events: [{ type: 'relayed', agent: ANA, entry }] });
    if (t.ok) expect(t.next.transcript).toEqual([entry]);
  });

  it('relay: a long message is cut, and says so', () => {
    const t = transition(aCase('claimed'), { ...relay, text: 'x'.repeat(MAX_ENTRY_CHARS + 10) } as CaseAction, ana, NOW);
    expect(t.ok && t.events[0]?.type === 'relayed' && t.events[0].entry.text).toBe(`${'x'.repeat(MAX_ENTRY_CHARS)} […]`);
  });

  it('resolve: who, when, the trimmed note and a line', () => {
    const t = transition(aCase('claimed'), resolve, ana, NOW);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.next).toMatchObject({ status: 'resolved', resolvedAt: iso(NOW), resolvedBy: ANA, resolutionNote: 'refunded' });
    expect(t.next.transcript.at(-1)).toEqual({ at: iso(NOW), from: 'system', text: 'Ana resolved the case', name: 'Ana', event: { kind: 'resolved', by: 'Ana' } });
    expect(t.events).toEqual([{ type: 'resolved', agent: ANA }]);
  });

  it('expire: only the status and the time change', () => {
    const c = aCase('open');
    const t = transition(c, expire, system, NOW);
    expect(t).toEqual({ ok: true, next: { ...c, status: 'expired', updatedAt: iso(NOW) }, events: [{ type: 'expired' }] });
  });

  it('miss-deadline: a higher priority, a new deadline from now, one more miss, a line', () => {
    const t = transition(aCase('open', { overdue: 1 }), missDeadline, system, NOW);
    expect(t).toMatchObject({ ok: true, events: [{ type: 'overdue', priority: 'high', overdue: 2 }] });
    if (!t.ok) return;
    expect(t.next).toMatchObject({ priority: 'high', overdue: 2, slaDeadline: slaDeadline(NOW, 'high', SLA) });
    expect(t.next.transcript.at(-1)).toEqual({ at: iso(NOW), from: 'system', text: 'Not claimed in time; priority is now high', event: { kind: 'overdue', priority: 'high' } });
  });

  it.each<[string, number]>([
    ['a deadline still ahead', NOW + 1],
    ['a deadline another instance already moved on', NOW + minutes(60)],
  ])('miss-deadline with %s: nothing changes', (_name, deadline) => {
    const c = aCase('open', { slaDeadline: iso(deadline) });
    expect(transition(c, missDeadline, system, NOW)).toEqual({ ok: true, next: c, events: [] });
  });

  it('miss-deadline exactly at the deadline is a miss', () => {
    expect(transition(aCase('open', { slaDeadline: iso(NOW) }), missDeadline, system, NOW)).toMatchObject({ ok: true, events: [{ type: 'overdue' }] });
  });

  it('decline-contact: marked once, with a line keyed by the case', () => {
    const t = transition(aCase('open'), declineContact, customer, NOW);
    expect(t.ok && t.next).toMatchObject({ noContact: true });
    expect(t.ok && t.next.transcript).toEqual([{ at: iso(NOW), from: 'system', text: 'The customer does not want to be contacted; nobody joins the chat.', id: 'no-contact:case_r1', event: { kind: 'noContact' } }]);
    const again = aCase('open', { noContact: true });
    expect(transition(again, declineContact, customer, NOW)).toEqual({ ok: true, next: again, events: [] });
  });

  it('record-recovery: the customer\'s answers, each time', () => {
    const t = transition(aCase('resolved'), recordRecovery, customer, NOW);
    expect(t.ok && t.next.recovery).toEqual({ resolved: true, rating: 4, responseId: 'r2', at: iso(NOW) });
    const skipped = transition(aCase('resolved'), { type: 'record-recovery', resolved: null, rating: null, responseId: 'r3' }, customer, NOW);
    expect(skipped.ok && skipped.next.recovery).toEqual({ resolved: null, rating: null, responseId: 'r3', at: iso(NOW) });
  });

  it('auto-assign: the desk is nobody, the assignee and a line that says how; the customer hears who joins', () => {
    const t = transition(aCase('open'), autoAssign, system, NOW);
    expect(t).toMatchObject({ ok: true, events: [{ type: 'assigned', to: CARL, at: iso(NOW) }] });
    if (!t.ok) return;
    expect(t.events[0]).not.toHaveProperty('by');
    expect(t.next).toMatchObject({ status: 'claimed', assignee: CARL, claimedAt: iso(NOW) });
    expect(t.next.transcript.at(-1)).toEqual({ at: iso(NOW), from: 'system', text: 'Assigned automatically to Carl (round robin)', event: { kind: 'autoAssigned', to: 'Carl', rule: 'round robin' } });
    expect(customerNotice(t.next, t.events[0]!)).toMatchObject({ name: 'handoff.claimed', value: { caseId: 'case_r1', agentName: 'Carl' } });
  });

  it('unclaim marks when the case went back; the desk then leaves it to people', () => {
    const t = transition(aCase('claimed'), unclaim, ana, NOW);
    expect(t.ok && t.next.unclaimedAt).toBe(iso(NOW));
    const back = t.ok ? t.next : aCase('open');
    expect(transition(back, autoAssign, system, NOW + 1)).toEqual({ ok: true, next: back, events: [] });
    // A person may still hand it on.
    expect(transition(back, assign, bob, NOW + 1)).toMatchObject({ ok: true, events: [{ type: 'assigned', to: CARL }] });
  });

  it('keeps the transcript to its cap', () => {
    const full = Array.from({ length: MAX_TRANSCRIPT }, (_, i) => ({ at: iso(CREATED), from: 'bot' as const, text: `line ${i}`, id: `l${i}` }));
    const t = transition(aCase('open', { transcript: full }), claim, ana, NOW);
    expect(t.ok && t.next.transcript).toHaveLength(MAX_TRANSCRIPT);
    expect(t.ok && t.next.transcript[0]?.id).toBe('l1');
  });
});

describe('closed cases stay closed', () => {
  it.each<CaseStatus>(['resolved', 'expired'])('a later escalation adds its trigger to a %s case without reopening it', (status) => {
    const c = aCase(status);
    const next = addTrigger(c, { ruleId: '@customer', reason: 'customer', priority: 'high', at: iso(NOW) }, SLA);
    expect(next.status).toBe(status);
    expect(next.triggers.map((t) => t.ruleId)).toEqual(['low_csat', '@customer']);
  });

  it.each<CaseStatus>(['resolved', 'expired'])('nothing takes a %s case back to open or claimed', (status) => {
    for (const [action, actor] of [[claim, ana], [relay, ana], [resolve, bobAdmin], [expire, system], [missDeadline, system], [declineContact, customer], [recordRecovery, customer]] as const) {
      const t = transition(aCase(status), action, actor, NOW);
      if (t.ok) expect(t.next.status).toBe(status);
    }
  });
});

describe('customerNotice', () => {
  const c = { id: 'case_r1' };
  const entry = { at: iso(NOW), from: 'agent' as const, text: 'Hi', name: 'Ana', id: 'agent:1' };
  it.each<[string, CaseEvent, ReturnType<typeof customerNotice>]>([
    ['claimed by a person', { type: 'claimed', agent: ANA, at: iso(NOW) }, { name: 'handoff.claimed', value: { caseId: 'case_r1', agentName: 'Ana' }, id: `handoff.claimed:case_r1:claimed:${iso(NOW)}`, strict: false }],
    ['claimed by the team', { type: 'claimed', agent: TEAM, at: iso(NOW) }, { name: 'handoff.claimed', value: { caseId: 'case_r1' }, id: `handoff.claimed:case_r1:claimed:${iso(NOW)}`, strict: false }],
    ['a message (only counts once delivered)', { type: 'relayed', agent: ANA, entry }, { name: 'handoff.message', value: { caseId: 'case_r1', agentName: 'Ana', text: 'Hi' }, id: 'handoff.message:case_r1:agent:1', strict: true }],
    ['a message from the team', { type: 'relayed', agent: TEAM, entry }, { name: 'handoff.message', value: { caseId: 'case_r1', text: 'Hi' }, id: 'handoff.message:case_r1:agent:1', strict: true }],
    ['resolved', { type: 'resolved', agent: BOB }, { name: 'handoff.resolved', value: { caseId: 'case_r1', agentName: 'Bob' }, id: 'handoff.resolved:case_r1:resolved:case_r1', strict: false }],
    ['resolved by the team', { type: 'resolved', agent: TEAM }, { name: 'handoff.resolved', value: { caseId: 'case_r1' }, id: 'handoff.resolved:case_r1:resolved:case_r1', strict: false }],
    ['expired', { type: 'expired' }, { name: 'handoff.expired', value: { caseId: 'case_r1' }, id: 'handoff.expired:case_r1:expired:case_r1', strict: false }],
    ['a missed deadline: not told', { type: 'overdue', priority: 'high', overdue: 1 }, undefined],
    ['declined contact: not told', { type: 'contact-declined' }, undefined],
    ['a recovery outcome: not told', { type: 'recovered' }, undefined],
  ])('%s', (_name, event, expected) => {
    expect(customerNotice(c, event)).toEqual(expected);
  });
});

describe('sweepSteps', () => {
  const policy = { expireAfterMs: minutes(60 * 24), alertRepairMs: 30_000 };
  const at = (m: number) => CREATED + minutes(m);
  it.each<[string, Partial<EscalationCase> & { status: CaseStatus }, number, SweepStep[]]>([
    ['a fresh open case with its alert queued, before its deadline', { status: 'open', alertQueued: true, slaDeadline: iso(at(240)) }, at(1), []],
    ['an open case past its deadline', { status: 'open', alertQueued: true, slaDeadline: iso(at(240)) }, at(240), ['miss-deadline']],
    ['an open case whose alert never got queued, after 30 s', { status: 'open', slaDeadline: iso(at(240)) }, CREATED + 30_000, ['queue-alert']],
    ['an open case whose alert never got queued, before 30 s', { status: 'open', slaDeadline: iso(at(240)) }, CREATED + 29_999, []],
    ['no alert and past its deadline: both, alert first', { status: 'open', slaDeadline: iso(at(15)) }, at(20), ['queue-alert', 'miss-deadline']],
    ['open for the whole expiry time: only expires', { status: 'open', slaDeadline: iso(at(15)) }, at(60 * 24), ['expire']],
    ['a claimed case past everything: left alone', { status: 'claimed', slaDeadline: iso(at(15)) }, at(60 * 48), []],
    ['a resolved case: left alone', { status: 'resolved', slaDeadline: iso(at(15)) }, at(60 * 48), []],
    ['an expired case: left alone', { status: 'expired', slaDeadline: iso(at(15)) }, at(60 * 48), []],
  ])('%s', (_name, fields, now, expected) => {
    expect(sweepSteps(aCase(fields.status, fields), now, policy)).toEqual(expected);
  });
});

describe('openCase and addToCase', () => {
  const snapshot: CaseSnapshot = {
    surveyId: 'post-purchase',
    surveyVersion: 3,
    locale: 'es',
    customer: { id: 'c-9', name: 'Lucía' },
    order: { id: 'o-1' },
    scores: [{ questionId: 'csat', value: 1, min: 1, max: 5 }],
    quotes: [],
    transcript: [{ at: iso(CREATED), from: 'bot', text: 'Hola', id: 'r1:q:csat' }],
  };
  const first = { ruleId: 'low_csat', reason: 'rule' as const, priority: 'high' as const, at: iso(CREATED) };
  const address = { channelId: 'directline', conversationId: 'c1', userId: 'u1' };

  it('opens a case due by its priority, the start data over the stored one', () => {
    const c = openCase('r1', first, snapshot, address, { customer: { name: 'Lucía P.' }, order: { total: 20 } }, SLA);
    expect(c).toEqual({
      id: 'case_r1',
      responseId: 'r1',
      surveyId: 'post-purchase',
      surveyVersion: 3,
      locale: 'es',
      customer: { id: 'c-9', name: 'Lucía P.' },
      order: { id: 'o-1', total: 20 },
      address,
      triggers: [first],
      priority: 'high',
      scores: snapshot.scores,
      quotes: [],
      transcript: snapshot.transcript,
      status: 'open',
      createdAt: iso(CREATED),
      updatedAt: iso(CREATED),
      slaDeadline: iso(CREATED + minutes(60)),
      overdue: 0,
    });
  });

  it('a trigger already there and answers no newer: the same case', () => {
    const c = openCase('r1', first, snapshot, address, undefined, SLA);
    expect(addToCase(c, first, snapshot, SLA)).toBe(c);
  });

  it('newer answers are taken even without a new trigger; the transcript only grows', () => {
    const c = { ...openCase('r1', first, snapshot, address, undefined, SLA), transcript: [{ at: iso(NOW), from: 'customer' as const, text: 'help', id: 'live:1' }] };
    const fresher = { ...snapshot, scores: [...snapshot.scores, { questionId: 'nps', value: 0, min: 0, max: 10 }] };
    const next = addToCase(c, first, fresher, SLA);
    expect(next.scores).toHaveLength(2);
    expect(next.transcript.map((e) => e.id)).toEqual(['live:1', 'r1:q:csat']);
  });

  it('appendEntries drops lines the case has, keeps lines without an id', () => {
    const c = aCase('open', { transcript: [{ at: iso(CREATED), from: 'customer', text: 'a', id: 'x' }] });
    expect(appendEntries(c, [{ at: iso(NOW), from: 'customer', text: 'a again', id: 'x' }])).toBe(c);
    const next = appendEntries(c, [{ at: iso(NOW), from: 'bot', text: 'no id' }]);
    expect(next.transcript).toHaveLength(2);
    expect(next.updatedAt).toBe(iso(NOW));
  });
});

describe('notes, assignment and unclaiming', () => {
  it('a note is kept apart from the transcript, trimmed, once per id, and never told to the customer', () => {
    const c = aCase('claimed');
    const t = transition(c, note, bob, NOW);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.next.notes).toEqual([{ id: 'note:1', at: iso(NOW), text: 'Called them back; refund promised', author: BOB }]);
    expect(t.next.transcript).toEqual(c.transcript);
    expect(customerNotice(t.next, t.events[0]!)).toBeUndefined();
    const again = transition(t.next, note, bob, NOW + 1000);
    expect(again).toEqual({ ok: true, next: t.next, events: [] });
  });

  it('an empty note is refused before the case is looked at', () => {
    expect(transition(undefined, { type: 'note', text: '  ', id: 'n' }, ana, NOW)).toEqual({ ok: false, refused: 'BAD_REQUEST', message: 'The note is empty' });
  });

  it('a transfer names both agents, keeps the first claim time, and tells the customer who is there now', () => {
    const c = aCase('claimed');
    const t = transition(c, assign, ana, NOW);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.next.assignee).toEqual(CARL);
    expect(t.next.claimedAt).toBe(c.claimedAt);
    expect(t.next.transcript.at(-1)).toMatchObject({ from: 'system', text: 'Ana transferred the case from Ana to Carl', event: { kind: 'transferred', by: 'Ana', from: 'Ana', to: 'Carl' } });
    expect(t.events).toEqual([{ type: 'assigned', by: ANA, to: CARL, from: ANA, at: iso(NOW) }]);
    expect(customerNotice(t.next, t.events[0]!)).toMatchObject({ name: 'handoff.claimed', value: { caseId: c.id, agentName: 'Carl' } });
  });

  it('assigning to the owner changes nothing; assigning an open case to oneself is a claim', () => {
    const claimed = aCase('claimed');
    expect(transition(claimed, { type: 'assign', to: ANA }, bobAdmin, NOW)).toEqual({ ok: true, next: claimed, events: [] });
    const t = transition(aCase('open'), { type: 'assign', to: BOB }, bob, NOW);
    expect(t.ok && t.next.transcript.at(-1)).toMatchObject({ text: 'Bob claimed the case', event: { kind: 'claimed', by: 'Bob' } });
    expect(t.ok && t.next.claimedAt).toBe(iso(NOW));
  });

  it('unclaiming puts the case back in the queue with a fresh deadline and no owner', () => {
    const t = transition(aCase('claimed'), unclaim, ana, NOW);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.next.status).toBe('open');
    expect(t.next.assignee).toBeUndefined();
    expect(t.next.claimedAt).toBeUndefined();
    expect(t.next.slaDeadline).toBe(slaDeadline(NOW, 'normal', SLA));
    expect(t.events).toEqual([{ type: 'unclaimed', by: ANA, from: ANA }]);
    expect(customerNotice(t.next, t.events[0]!)).toBeUndefined();
  });
});
