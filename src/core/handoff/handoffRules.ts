import { caseIdFor, higherPriority } from '../cases.js';
import type { SurveyEvent } from '../events.js';
import type { Output } from '../outputs.js';
import { recognizeIntent } from '../recognize/intent.js';
import type { Priority } from '../script/compiled.js';
import type { SessionStatus } from '../session.js';
import type { HandoffEventName, HandoffEventValue } from './handoffEvents.js';
import type { ConversationEscalation, ConversationHandoff, HandoffState } from './handoffState.js';

/**
 * The conversation side of a handoff: when a chat goes to a person, what the bot says meanwhile,
 * what the customer's words are for while a person is coming or there, and what a resolved or
 * expired case means for the chat. Pure: SurveyBot loads the state, asks these rules, saves what
 * they return and does the I/O (the desk, the dialogs, replies).
 *
 * States: no handoff → waiting (handoff without an agent) → active (an agent claimed it) → handed
 * back (handoff gone, the escalation marked handedBack, so the same survey is not handed over
 * again). A customer asking for a person after the survey ended starts a new wait.
 */

/** A bot string from the locale files, in the given locale. */
export type Say = (locale: string, key: string, params?: Record<string, string | number>) => string;

/** What the rules need to know about this deployment. */
export interface HandoffRules {
  /** Escalations open cases (a desk is wired in); without one they are only recorded. */
  cases: boolean;
  /** A person can take chats over (HANDOFF=on); off: the team gets in touch another way. */
  handoff: boolean;
  /** Minutes a customer should expect to wait for a person, by the case's priority. */
  waitMinutes(priority: Priority): number;
  /** The survey asked after a resolved case; empty: none. */
  recoverySurveyId?: string;
  defaultLocale: string;
  say: Say;
}

/** What a survey turn produced, as far as handoff is concerned. */
export interface SurveyTurn {
  events: readonly SurveyEvent[];
  /** The running (or just finished) survey. */
  survey?: { responseId: string; locale: string; active: boolean; contactWanted?: boolean };
}

export interface AfterSurveyTurn {
  state: HandoffState;
  /** Said after the survey's own messages: the promise of a person, or that the team will write. */
  outputs: Output[];
  /** The case whose customer just declined contact. */
  contactDeclined?: string;
  /** The recovery questions ended: their answers are the outcome of this case. */
  recovered?: { caseId: string; responseId: string };
}

/**
 * Escalation bookkeeping after a survey turn: which case this survey raised, whether a person now
 * takes the chat over (a rule said so, or the survey that raised it just ended), and whether the
 * recovery questions just ended.
 */
export function afterSurveyTurn(state: HandoffState, turn: SurveyTurn, rules: HandoffRules, now: number): AfterSurveyTurn {
  const { events, survey } = turn;
  let escalation = state.escalation;
  for (const e of events) {
    if (e.type !== 'escalation.requested') continue;
    const same = escalation?.responseId === e.responseId ? escalation : undefined;
    escalation = {
      responseId: e.responseId,
      caseId: caseIdFor(e.responseId),
      priority: higherPriority(same?.priority ?? e.priority, e.priority),
      locale: survey?.locale ?? same?.locale ?? rules.defaultLocale,
      ...(same?.handedBack ? { handedBack: true } : {}),
    };
  }
  const result: AfterSurveyTurn = { state: { ...state, ...(escalation ? { escalation } : {}) }, outputs: [] };
  const ended = (responseId: string) => events.some((e) => e.type === 'survey.completed' && e.responseId === responseId);
  if (rules.cases && rules.handoff && escalation && !escalation.handedBack && !state.handoff && survey?.responseId === escalation.responseId) {
    const rightAway = events.some((e) => e.type === 'escalation.requested' && e.then !== 'continue');
    const over = ended(escalation.responseId);
    // A customer who said No to being contacted is not handed over when the survey ends (a rule
    // that wants a person now, or their own request, still is).
    if (over && !rightAway && survey.contactWanted === false) result.contactDeclined = escalation.caseId;
    else if (rightAway || over) {
      result.state.handoff = { caseId: escalation.caseId, locale: survey.locale, since: now, resumeSurvey: survey.active };
      const asked = events.some((e) => e.type === 'escalation.requested' && e.reason === 'customer');
      result.outputs.push(promiseOfPerson(survey.locale, escalation.priority, asked, rules));
    }
  } else if (rules.cases && !rules.handoff && escalation && survey?.responseId === escalation.responseId && survey.contactWanted !== false) {
    // Nobody joins chats (HANDOFF=off): a survey that ended with a case says, once, that the team
    // will get in touch, so no ending has to promise it.
    if (ended(escalation.responseId)) result.outputs.push({ type: 'message', text: rules.say(survey.locale, 'handoff.follow_up') });
  }
  const recovery = state.recovery;
  if (!recovery) return result;
  const started = events.find((e) => e.type === 'survey.started' && e.surveyId === rules.recoverySurveyId);
  const responseId = started?.responseId ?? recovery.responseId;
  result.state.recovery = { ...recovery, ...(responseId !== undefined ? { responseId } : {}) };
  const over = events.some((e) => (e.type === 'survey.completed' || e.type === 'survey.opted_out' || e.type === 'survey.abandoned') && e.responseId === responseId);
  if (!over || !responseId) return result;
  result.state.recovery = undefined;
  result.recovered = { caseId: recovery.caseId, responseId };
  return result;
}

/** The one promise a customer gets when a person is coming: when, from the SLA of the case's
 * priority. Worded as an answer when they asked for a person themselves. */
export function promiseOfPerson(locale: string, priority: Priority, asked: boolean, rules: Pick<HandoffRules, 'waitMinutes' | 'say'>): Output {
  const minutes = rules.waitMinutes(priority);
  const wait = minutes < 120 ? rules.say(locale, 'handoff.wait.minutes', { n: minutes }) : rules.say(locale, 'handoff.wait.hours', { n: Math.ceil(minutes / 60) });
  return { type: 'message', text: rules.say(locale, asked ? 'handoff.waiting.request' : 'handoff.waiting', { wait }) };
}

/** How the conversation's last survey ended. */
export interface EndedSurvey {
  responseId: string;
  status: SessionStatus;
  locale: string;
}

/**
 * A message after the survey ended (and nothing else running): a request for a person (typed, or
 * the channel's "talk to a person" button) when escalations open cases, otherwise the locale key
 * of the reminder that the survey is over.
 */
export function messageAfterEnd(last: EndedSurvey, text: string, button: unknown, rules: Pick<HandoffRules, 'cases'>): 'person' | 'survey.opted_out' | 'survey.already_completed' {
  if (rules.cases && (button === 'human' || recognizeIntent(text, last.locale) === 'agent')) return 'person';
  return last.status === 'opted_out' ? 'survey.opted_out' : 'survey.already_completed';
}

export interface AskForPerson {
  state: HandoffState;
  /** Opens (or adds to) the case of the ended survey. */
  event: Extract<SurveyEvent, { type: 'escalation.requested' }>;
  outputs: Output[];
}

/**
 * Asking for a person always works, also after the survey ended: the case of that survey is
 * opened (or added to) and, where a person can take over, they are on the way — even when a
 * person already handed this survey's chat back once.
 */
export function askForPerson(state: HandoffState, last: EndedSurvey, text: string, rules: HandoffRules, now: number): AskForPerson {
  const event: AskForPerson['event'] = { type: 'escalation.requested', responseId: last.responseId, reason: 'customer', priority: 'high', then: 'pause', ...(text ? { matched: text.slice(0, 2000) } : {}), at: now };
  const same = state.escalation?.responseId === last.responseId ? state.escalation : undefined;
  const priority = higherPriority(same?.priority ?? 'high', 'high');
  const caseId = caseIdFor(last.responseId);
  const escalation: ConversationEscalation = { responseId: last.responseId, caseId, priority, locale: last.locale };
  if (!rules.handoff) return { state: { ...state, escalation }, event, outputs: [{ type: 'message', text: rules.say(last.locale, 'agent.requested') }] };
  const handoff: ConversationHandoff = { caseId, locale: last.locale, since: now, resumeSurvey: false };
  return { state: { ...state, escalation, handoff }, event, outputs: [promiseOfPerson(last.locale, priority, true, rules)] };
}

/** Where a customer's turn goes while the conversation may be handed over. */
export type CustomerRoute =
  /** To the person (waiting or there): kept on the handoff's case, the bot says nothing. */
  | { to: 'person'; caseId: string }
  /** To the bot, with the handoff it leaves (none once the case is over). */
  | { to: 'bot'; handoff: ConversationHandoff | undefined }
  /** A survey.start while a person has the chat: refused to the system that sent it. */
  | { refused: 'HANDOFF_ACTIVE'; message: string };

/**
 * A message or a survey.start arriving in the conversation. `caseActive`: the handoff's case is
 * still open or claimed (asked only for a message during a handoff). A case resolved or expired
 * while the hand-back did not reach this chat gives the chat back to the bot.
 */
export function routeCustomerTurn(handoff: ConversationHandoff | undefined, kind: 'message' | 'start', caseActive: boolean): CustomerRoute {
  if (!handoff) return { to: 'bot', handoff };
  if (kind === 'message') return caseActive ? { to: 'person', caseId: handoff.caseId } : { to: 'bot', handoff: undefined };
  return { refused: 'HANDOFF_ACTIVE', message: 'A person is helping this customer in this conversation; start a survey once the case is resolved.' };
}

export type HandoffEventOutcome =
  /** Not for the handoff this conversation is in: nothing to say or save. */
  | { ignored: true }
  | {
      ignored: false;
      state: HandoffState;
      outputs: Output[];
      /** Resolved with recovery questions configured: ask them (if that survey is published). */
      recovery?: { surveyId: string; caseId: string; locale: string };
      /** The paused survey goes on (when no recovery questions are asked instead). */
      resume: boolean;
    };

/**
 * A person took over, wrote, or handed the chat back (events sent in by src/escalation).
 * `surveyRunning`: a survey is on the conversation's dialog stack.
 */
export function onHandoffEvent(
  state: HandoffState,
  name: string,
  rawValue: unknown,
  surveyRunning: boolean,
  rules: HandoffRules,
  now: number,
): HandoffEventOutcome {
  const value = (rawValue ?? {}) as Partial<HandoffEventValue>;
  // A person's name, or none when the team signed in as the team (the admin token).
  const person = typeof value.agentName === 'string' && value.agentName ? value.agentName : undefined;
  const { escalation } = state;
  let handoff = state.handoff;
  // Claimed while the survey goes on (a `continue` rule): the person takes over now.
  if (rules.cases && rules.handoff && !handoff && name === 'handoff.claimed' && escalation && escalation.caseId === value.caseId && !escalation.handedBack) {
    handoff = { caseId: escalation.caseId, locale: escalation.locale, since: now, resumeSurvey: surveyRunning };
  }
  if (!handoff || typeof value.caseId !== 'string' || value.caseId !== handoff.caseId) return { ignored: true };
  const team = () => rules.say(handoff.locale, 'handoff.team_name');
  switch (name as HandoffEventName) {
    case 'handoff.claimed':
      return {
        ignored: false,
        state: { ...state, handoff: { ...handoff, agent: person ?? team() } },
        outputs: [{ type: 'message', text: person ? rules.say(handoff.locale, 'handoff.joined', { name: person }) : rules.say(handoff.locale, 'handoff.joined.team') }],
        resume: false,
      };
    case 'handoff.message':
      if (typeof value.text !== 'string' || !value.text) return { ignored: true };
      return { ignored: false, state: { ...state, handoff }, outputs: [{ type: 'message', text: `${person ?? team()}: ${value.text}` }], resume: false };
    case 'handoff.resolved':
    case 'handoff.expired': {
      const next: HandoffState = { ...state, handoff: undefined, ...(escalation?.caseId === handoff.caseId ? { escalation: { ...escalation, handedBack: true } } : {}) };
      if (name === 'handoff.expired') return { ignored: false, state: next, outputs: [], resume: handoff.resumeSurvey };
      const outputs: Output[] = [{ type: 'message', text: person ? rules.say(handoff.locale, 'handoff.left', { name: person }) : rules.say(handoff.locale, 'handoff.left.team') }];
      const recovery = rules.recoverySurveyId ? { surveyId: rules.recoverySurveyId, caseId: handoff.caseId, locale: handoff.locale } : undefined;
      return { ignored: false, state: next, outputs, ...(recovery ? { recovery } : {}), resume: handoff.resumeSurvey };
    }
    default:
      return { ignored: true };
  }
}
