import { describe, expect, it } from 'vitest';
import type { SurveyEvent } from '../../src/core/events.js';
import { isHandoffEvent } from '../../src/core/handoff/handoffEvents.js';
import {
  afterSurveyTurn,
  askForPerson,
  messageAfterEnd,
  onHandoffEvent,
  promiseOfPerson,
  routeCustomerTurn,
  type EndedSurvey,
  type HandoffRules,
  type SurveyTurn,
} from '../../src/core/handoff/handoffRules.js';
import type { ConversationEscalation, ConversationHandoff, HandoffState } from '../../src/core/handoff/handoffState.js';
import type { Priority } from '../../src/core/script/compiled.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const WAIT: Record<Priority, number> = { urgent: 15, high: 60, normal: 240, low: 1440 };

/** Strings come back as `locale|key(params)`, so a table shows which string, in which locale. */
const say: HandoffRules['say'] = (locale, key, params = {}) => {
  const shown = Object.entries(params).map(([k, v]) => `${k}=${v}`).join(',');
  return `${locale}|${key}${shown ? `(${shown})` : ''}`;
};

/** Handoff on (a person can join), off (cases only), or no desk at all. */
const ON: HandoffRules = { cases: true, handoff: true, waitMinutes: (p) => WAIT[p], recoverySurveyId: 'recovery', defaultLocale: 'en', say };
const OFF: HandoffRules = { ...ON, handoff: false };
const NO_DESK: HandoffRules = { ...ON, cases: false, handoff: false, recoverySurveyId: undefined };
const NO_RECOVERY: HandoffRules = { ...ON, recoverySurveyId: undefined };

const escalation: ConversationEscalation = { responseId: 'r1', caseId: 'case_r1', priority: 'normal', locale: 'es' };
const handedBack: ConversationEscalation = { ...escalation, handedBack: true };
const waiting: ConversationHandoff = { caseId: 'case_r1', locale: 'es', since: NOW - 1000, resumeSurvey: false };
const waitingMidSurvey: ConversationHandoff = { ...waiting, resumeSurvey: true };
const active: ConversationHandoff = { ...waiting, agent: 'Ana' };

const escalated = (then: 'pause' | 'continue' | 'end' = 'pause', extra: Partial<Extract<SurveyEvent, { type: 'escalation.requested' }>> = {}): SurveyEvent => ({
  type: 'escalation.requested',
  responseId: 'r1',
  reason: 'rule',
  ruleId: 'low_csat',
  priority: 'normal',
  then,
  at: NOW,
  ...extra,
});
const completed = (responseId = 'r1'): SurveyEvent => ({ type: 'survey.completed', responseId, endingId: 'thanks', at: NOW });
const running = { responseId: 'r1', locale: 'es', active: true };
const ended = { responseId: 'r1', locale: 'es', active: false };

describe('isHandoffEvent', () => {
  it.each<[string, boolean]>([
    ['handoff.claimed', true],
    ['handoff.message', true],
    ['handoff.resolved', true],
    ['handoff.expired', true],
    ['survey.start', false],
    ['handoff.other', false],
    ['', false],
  ])('%s: %s', (name, expected) => expect(isHandoffEvent(name)).toBe(expected));
});

describe('routeCustomerTurn: a message or a survey start while handed over', () => {
  it.each<[string, ConversationHandoff | undefined, 'message' | 'start', boolean, ReturnType<typeof routeCustomerTurn>]>([
    ['no handoff: a message is the bot\'s', undefined, 'message', false, { to: 'bot', handoff: undefined }],
    ['no handoff: a survey start is the bot\'s', undefined, 'start', false, { to: 'bot', handoff: undefined }],
    ['waiting for a person, case open: the message is kept for them', waiting, 'message', true, { to: 'person', caseId: 'case_r1' }],
    ['a person is there: the message is theirs', active, 'message', true, { to: 'person', caseId: 'case_r1' }],
    ['waiting, but the case is over (the hand-back never arrived): the bot takes the chat back', waiting, 'message', false, { to: 'bot', handoff: undefined }],
    ['a person was there, the case is over: the bot takes the chat back', active, 'message', false, { to: 'bot', handoff: undefined }],
    ['waiting: a survey start is refused', waiting, 'start', true, { refused: 'HANDOFF_ACTIVE', message: 'A person is helping this customer in this conversation; start a survey once the case is resolved.' }],
    ['a person is there: a survey start is refused', active, 'start', true, { refused: 'HANDOFF_ACTIVE', message: expect.any(String) as string }],
    ['a survey start is refused even when the case is over', active, 'start', false, { refused: 'HANDOFF_ACTIVE', message: expect.any(String) as string }],
  ])('%s', (_name, handoff, kind, caseActive, expected) => {
    expect(routeCustomerTurn(handoff, kind, caseActive)).toEqual(expected);
  });
});

describe('onHandoffEvent: a person takes over, writes, hands back', () => {
  type Row = [string, HandoffState, string, unknown, boolean, HandoffRules, ReturnType<typeof onHandoffEvent>];
  const rows: Row[] = [
    // name, state, event, value, survey running, rules, outcome
    ['claimed while waiting: the person is named and joins', { escalation, handoff: waiting }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, false, ON,
      { ignored: false, state: { escalation, handoff: { ...waiting, agent: 'Ana' } }, outputs: [{ type: 'message', text: 'es|handoff.joined(name=Ana)' }], resume: false }],
    ['claimed by the team: the team joins', { escalation, handoff: waiting }, 'handoff.claimed', { caseId: 'case_r1' }, false, ON,
      { ignored: false, state: { escalation, handoff: { ...waiting, agent: 'es|handoff.team_name' } }, outputs: [{ type: 'message', text: 'es|handoff.joined.team' }], resume: false }],
    ['claimed with an empty name: the team', { escalation, handoff: waiting }, 'handoff.claimed', { caseId: 'case_r1', agentName: '' }, false, ON,
      { ignored: false, state: { escalation, handoff: { ...waiting, agent: 'es|handoff.team_name' } }, outputs: [{ type: 'message', text: 'es|handoff.joined.team' }], resume: false }],
    ['claimed during the survey (a continue rule): the person takes over now, the survey resumes later', { escalation }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, true, ON,
      { ignored: false, state: { escalation, handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: true, agent: 'Ana' } }, outputs: [{ type: 'message', text: 'es|handoff.joined(name=Ana)' }], resume: false }],
    ['claimed after the survey ended without a handoff: the person takes over, nothing to resume', { escalation }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, false, ON,
      { ignored: false, state: { escalation, handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: false, agent: 'Ana' } }, outputs: [{ type: 'message', text: 'es|handoff.joined(name=Ana)' }], resume: false }],
    ['claimed after the chat was handed back once: ignored', { escalation: handedBack }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, true, ON, { ignored: true }],
    ['claimed with handoff off: ignored', { escalation }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, true, OFF, { ignored: true }],
    ['claimed without a desk: ignored', { escalation }, 'handoff.claimed', { caseId: 'case_r1', agentName: 'Ana' }, true, NO_DESK, { ignored: true }],
    ['claimed for another case: ignored', { escalation, handoff: waiting }, 'handoff.claimed', { caseId: 'case_r9', agentName: 'Ana' }, false, ON, { ignored: true }],
    ['claimed without a case id: ignored', { escalation, handoff: waiting }, 'handoff.claimed', { agentName: 'Ana' }, false, ON, { ignored: true }],
    ['claimed with no value at all: ignored', { escalation, handoff: waiting }, 'handoff.claimed', undefined, false, ON, { ignored: true }],
    ['a message from the person: shown with their name', { escalation, handoff: active }, 'handoff.message', { caseId: 'case_r1', agentName: 'Ana', text: 'Hi!' }, false, ON,
      { ignored: false, state: { escalation, handoff: active }, outputs: [{ type: 'message', text: 'Ana: Hi!' }], resume: false }],
    ['a message from the team', { escalation, handoff: active }, 'handoff.message', { caseId: 'case_r1', text: 'Hi!' }, false, ON,
      { ignored: false, state: { escalation, handoff: active }, outputs: [{ type: 'message', text: 'es|handoff.team_name: Hi!' }], resume: false }],
    ['an empty message: ignored', { escalation, handoff: active }, 'handoff.message', { caseId: 'case_r1', agentName: 'Ana', text: '' }, false, ON, { ignored: true }],
    ['a message without text: ignored', { escalation, handoff: active }, 'handoff.message', { caseId: 'case_r1', agentName: 'Ana' }, false, ON, { ignored: true }],
    ['a message with no handoff: ignored', { escalation }, 'handoff.message', { caseId: 'case_r1', agentName: 'Ana', text: 'Hi' }, false, ON, { ignored: true }],
    ['resolved: the person leaves, recovery questions follow', { escalation, handoff: active }, 'handoff.resolved', { caseId: 'case_r1', agentName: 'Ana' }, false, ON,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [{ type: 'message', text: 'es|handoff.left(name=Ana)' }], recovery: { surveyId: 'recovery', caseId: 'case_r1', locale: 'es' }, resume: false }],
    ['resolved by the team', { escalation, handoff: active }, 'handoff.resolved', { caseId: 'case_r1' }, false, ON,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [{ type: 'message', text: 'es|handoff.left.team' }], recovery: { surveyId: 'recovery', caseId: 'case_r1', locale: 'es' }, resume: false }],
    ['resolved mid-survey without recovery questions: the survey resumes', { escalation, handoff: { ...waitingMidSurvey, agent: 'Ana' } }, 'handoff.resolved', { caseId: 'case_r1', agentName: 'Ana' }, true, NO_RECOVERY,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [{ type: 'message', text: 'es|handoff.left(name=Ana)' }], resume: true }],
    ['resolved while still waiting (nobody claimed it)', { escalation, handoff: waiting }, 'handoff.resolved', { caseId: 'case_r1', agentName: 'Bob' }, false, NO_RECOVERY,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [{ type: 'message', text: 'es|handoff.left(name=Bob)' }], resume: false }],
    ['expired: nothing said, the chat is the bot\'s again', { escalation, handoff: waiting }, 'handoff.expired', { caseId: 'case_r1' }, false, ON,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [], resume: false }],
    ['expired mid-survey: the survey resumes (no recovery questions)', { escalation, handoff: waitingMidSurvey }, 'handoff.expired', { caseId: 'case_r1' }, true, ON,
      { ignored: false, state: { escalation: handedBack, handoff: undefined }, outputs: [], resume: true }],
    ['handed back for a case another survey raised: this survey\'s escalation is untouched', { escalation: { ...escalation, caseId: 'case_r0' }, handoff: waiting }, 'handoff.expired', { caseId: 'case_r1' }, false, ON,
      { ignored: false, state: { escalation: { ...escalation, caseId: 'case_r0' }, handoff: undefined }, outputs: [], resume: false }],
    ['resolved with no handoff: ignored', { escalation: handedBack }, 'handoff.resolved', { caseId: 'case_r1' }, false, ON, { ignored: true }],
    ['an unknown event: ignored', { escalation, handoff: active }, 'handoff.other', { caseId: 'case_r1' }, false, ON, { ignored: true }],
  ];

  it.each(rows)('%s', (_name, state, name, value, surveyRunning, rules, expected) => {
    const before = structuredClone(state);
    expect(onHandoffEvent(state, name, value, surveyRunning, rules, NOW)).toEqual(expected);
    expect(state).toEqual(before);
  });
});

describe('afterSurveyTurn: when a chat goes to a person', () => {
  type Row = [string, HandoffState, SurveyTurn, HandoffRules, { handoff?: ConversationHandoff; outputs: string[]; contactDeclined?: string }];
  const promise = 'es|handoff.waiting(wait=es|handoff.wait.hours(n=4))';
  const rows: Row[] = [
    ['a pause rule: the person is on the way, the survey waits', {}, { events: [escalated('pause')], survey: running }, ON,
      { handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: true }, outputs: [promise] }],
    ['an end rule: the person is on the way', {}, { events: [escalated('end'), completed()], survey: ended }, ON,
      { handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: false }, outputs: [promise] }],
    ['a continue rule: the survey goes on, nobody yet', {}, { events: [escalated('continue')], survey: running }, ON, { outputs: [] }],
    ['the survey with a continue rule ends: now the person comes', { escalation }, { events: [completed()], survey: ended }, ON,
      { handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: false }, outputs: [promise] }],
    ['it ends and the customer said No to contact: nobody comes, the case is marked', { escalation }, { events: [completed()], survey: { ...ended, contactWanted: false } }, ON,
      { outputs: [], contactDeclined: 'case_r1' }],
    ['it ends with a pause rule though they said No: the rule wins', {}, { events: [escalated('pause'), completed()], survey: { ...ended, contactWanted: false } }, ON,
      { handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: false }, outputs: [promise] }],
    ['the customer asked for a person mid-survey: worded as an answer', {}, { events: [escalated('pause', { reason: 'customer', ruleId: undefined, priority: 'high' })], survey: running }, ON,
      { handoff: { caseId: 'case_r1', locale: 'es', since: NOW, resumeSurvey: true }, outputs: ['es|handoff.waiting.request(wait=es|handoff.wait.minutes(n=60))'] }],
    ['already handed back once: not again', { escalation: handedBack }, { events: [escalated('pause')], survey: running }, ON, { outputs: [] }],
    ['already handed over: no second promise', { escalation, handoff: waiting }, { events: [escalated('pause')], survey: running }, ON, { handoff: waiting, outputs: [] }],
    ['another survey\'s turn: nothing', { escalation }, { events: [completed('r2')], survey: { ...ended, responseId: 'r2' } }, ON, { outputs: [] }],
    ['no survey in the turn: nothing', { escalation }, { events: [] }, ON, { outputs: [] }],
    ['handoff off, the survey ends with a case: the team will be in touch, once', { escalation }, { events: [completed()], survey: ended }, OFF, { outputs: ['es|handoff.follow_up'] }],
    ['handoff off, a pause rule mid-survey: nothing yet', {}, { events: [escalated('pause')], survey: running }, OFF, { outputs: [] }],
    ['handoff off, they said No to contact: nothing promised', { escalation }, { events: [completed()], survey: { ...ended, contactWanted: false } }, OFF, { outputs: [] }],
    ['no desk: nothing is promised', { escalation }, { events: [completed()], survey: ended }, NO_DESK, { outputs: [] }],
  ];

  it.each(rows)('%s', (_name, state, turn, rules, expected) => {
    const before = structuredClone(state);
    const after = afterSurveyTurn(state, turn, rules, NOW);
    expect(after.state.handoff).toEqual(expected.handoff);
    expect(after.outputs.map((o) => o.text)).toEqual(expected.outputs);
    expect(after.contactDeclined).toBe(expected.contactDeclined);
    expect(state).toEqual(before);
  });

  it.each<[string, ConversationEscalation | undefined, SurveyEvent[], string | undefined, ConversationEscalation]>([
    ['a first escalation, in the survey\'s locale', undefined, [escalated('continue')], 'es', { ...escalation }],
    ['a higher one for the same survey raises the priority', escalation, [escalated('continue', { priority: 'urgent' })], 'es', { ...escalation, priority: 'urgent' }],
    ['a lower one keeps it', { ...escalation, priority: 'high' }, [escalated('continue', { priority: 'low' })], 'es', { ...escalation, priority: 'high' }],
    ['the same survey keeps "handed back"', handedBack, [escalated('continue')], 'es', handedBack],
    ['without a survey locale: the escalation\'s, then the default', { ...escalation, locale: 'zh' }, [escalated('continue')], undefined, { ...escalation, locale: 'zh' }],
    ['a new survey replaces the old one, handed back or not', handedBack, [escalated('continue', { responseId: 'r2' })], undefined, { responseId: 'r2', caseId: 'case_r2', priority: 'normal', locale: 'en' }],
  ])('which case the conversation has: %s', (_name, before, events, locale, expected) => {
    const survey = locale ? { responseId: 'r9', locale, active: true } : undefined;
    expect(afterSurveyTurn({ ...(before ? { escalation: before } : {}) }, { events, ...(survey ? { survey } : {}) }, ON, NOW).state.escalation).toEqual(expected);
  });

  it.each<[string, HandoffState['recovery'], SurveyEvent[], HandoffRules, { recovery: HandoffState['recovery']; recovered?: { caseId: string; responseId: string } }]>([
    ['the recovery survey starts: its response is remembered', { caseId: 'case_r1' }, [{ type: 'survey.started', responseId: 'rr', surveyId: 'recovery', version: 1, locale: 'es', customer: {}, order: {}, at: NOW }], ON,
      { recovery: { caseId: 'case_r1', responseId: 'rr' } }],
    ['another survey starting is not it', { caseId: 'case_r1' }, [{ type: 'survey.started', responseId: 'rx', surveyId: 'other', version: 1, locale: 'es', customer: {}, order: {}, at: NOW }], ON,
      { recovery: { caseId: 'case_r1' } }],
    ['it completes: the outcome goes to the case', { caseId: 'case_r1', responseId: 'rr' }, [completed('rr')], ON, { recovery: undefined, recovered: { caseId: 'case_r1', responseId: 'rr' } }],
    ['it is opted out of: the outcome (skipped) goes to the case', { caseId: 'case_r1', responseId: 'rr' }, [{ type: 'survey.opted_out', responseId: 'rr', questionId: 'resolved', at: NOW }], ON,
      { recovery: undefined, recovered: { caseId: 'case_r1', responseId: 'rr' } }],
    ['it is abandoned: the same', { caseId: 'case_r1', responseId: 'rr' }, [{ type: 'survey.abandoned', responseId: 'rr', questionId: null, at: NOW }], ON, { recovery: undefined, recovered: { caseId: 'case_r1', responseId: 'rr' } }],
    ['it starts and ends in one turn', { caseId: 'case_r1' }, [{ type: 'survey.started', responseId: 'rr', surveyId: 'recovery', version: 1, locale: 'es', customer: {}, order: {}, at: NOW }, completed('rr')], ON,
      { recovery: undefined, recovered: { caseId: 'case_r1', responseId: 'rr' } }],
    ['another survey ending is not it', { caseId: 'case_r1', responseId: 'rr' }, [completed('r2')], ON, { recovery: { caseId: 'case_r1', responseId: 'rr' } }],
    ['no recovery under way: nothing', undefined, [completed('rr')], ON, { recovery: undefined }],
  ])('recovery questions: %s', (_name, recovery, events, rules, expected) => {
    const after = afterSurveyTurn({ ...(recovery ? { recovery } : {}) }, { events }, rules, NOW);
    expect(after.state.recovery).toEqual(expected.recovery);
    expect(after.recovered).toEqual(expected.recovered);
  });
});

describe('after the survey ended', () => {
  const last: EndedSurvey = { responseId: 'r1', status: 'completed', locale: 'en' };

  it.each<[string, EndedSurvey, string, unknown, HandoffRules, ReturnType<typeof messageAfterEnd>]>([
    ['asking for a person', last, 'I want to talk to a person', undefined, ON, 'person'],
    ['the "talk to a person" button', last, '', 'human', ON, 'person'],
    ['asking in Spanish', { ...last, locale: 'es' }, 'quiero hablar con una persona', undefined, ON, 'person'],
    ['asking with handoff off still opens a case', last, 'talk to a human', undefined, OFF, 'person'],
    ['asking without a desk: only a reminder', last, 'talk to a human', undefined, NO_DESK, 'survey.already_completed'],
    ['anything else after completing', last, 'thanks!', undefined, ON, 'survey.already_completed'],
    ['anything else after opting out', { ...last, status: 'opted_out' }, 'hello?', undefined, ON, 'survey.opted_out'],
    ['"the agent was rude" is feedback, not a request', last, 'the agent was rude', undefined, ON, 'survey.already_completed'],
  ])('%s', (_name, ended_, text, button, rules, expected) => {
    expect(messageAfterEnd(ended_, text, button, rules)).toBe(expected);
  });

  it.each<[string, HandoffState, HandoffRules, { escalation: ConversationEscalation; handoff?: ConversationHandoff; outputs: string[] }]>([
    ['handoff on: the case is raised and a person is on the way', {}, ON,
      { escalation: { responseId: 'r1', caseId: 'case_r1', priority: 'high', locale: 'en' }, handoff: { caseId: 'case_r1', locale: 'en', since: NOW, resumeSurvey: false }, outputs: ['en|handoff.waiting.request(wait=en|handoff.wait.minutes(n=60))'] }],
    ['handoff on, after a person handed the chat back: they come again', { escalation: { ...handedBack, priority: 'urgent' } }, ON,
      { escalation: { responseId: 'r1', caseId: 'case_r1', priority: 'urgent', locale: 'en' }, handoff: { caseId: 'case_r1', locale: 'en', since: NOW, resumeSurvey: false }, outputs: ['en|handoff.waiting.request(wait=en|handoff.wait.minutes(n=15))'] }],
    ['handoff off: the case is raised, the team will write', {}, OFF, { escalation: { responseId: 'r1', caseId: 'case_r1', priority: 'high', locale: 'en' }, outputs: ['en|agent.requested'] }],
  ])('askForPerson, %s', (_name, state, rules, expected) => {
    const asked = askForPerson(state, last, 'talk to a person', rules, NOW);
    expect(asked.event).toEqual({ type: 'escalation.requested', responseId: 'r1', reason: 'customer', priority: 'high', then: 'pause', matched: 'talk to a person', at: NOW });
    expect(asked.state.escalation).toEqual(expected.escalation);
    expect(asked.state.handoff).toEqual(expected.handoff);
    expect(asked.outputs.map((o) => o.text)).toEqual(expected.outputs);
  });

  it('askForPerson by the button (no text) matches nothing; long text is cut', () => {
    expect(askForPerson({}, last, '', ON, NOW).event).not.toHaveProperty('matched');
    expect(askForPerson({}, last, 'x'.repeat(3000), ON, NOW).event.matched).toHaveLength(2000);
  });
});

describe('promiseOfPerson', () => {
  const rules = (minutes: number) => ({ waitMinutes: () => minutes, say });
  it.each<[number, boolean, string]>([
    [15, false, 'en|handoff.waiting(wait=en|handoff.wait.minutes(n=15))'],
    [119, false, 'en|handoff.waiting(wait=en|handoff.wait.minutes(n=119))'],
    [120, false, 'en|handoff.waiting(wait=en|handoff.wait.hours(n=2))'],
    [121, false, 'en|handoff.waiting(wait=en|handoff.wait.hours(n=3))'],
    [1440, true, 'en|handoff.waiting.request(wait=en|handoff.wait.hours(n=24))'],
  ])('%i minutes (asked: %s): %s', (minutes, asked, expected) => {
    expect(promiseOfPerson('en', 'normal', asked, rules(minutes))).toEqual({ type: 'message', text: expected });
  });
});
