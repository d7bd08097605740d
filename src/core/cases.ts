import type { SentimentLabel } from './ports.js';
import type { Priority } from './script/compiled.js';

/**
 * An escalation case: one per survey response, opened by the first escalation and added to by
 * later ones, worked by a person (claimed, resolved) and closed with the customer's own view of
 * the outcome. Plain data so every store keeps it as JSON.
 */
export type CaseStatus = 'open' | 'claimed' | 'resolved' | 'expired';

export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** Where the customer is, enough to write to them again from any instance. */
export interface CustomerAddress {
  channelId: string;
  conversationId: string;
  userId: string;
  serviceUrl?: string;
}

export interface CaseTrigger {
  /** The script rule, or '@customer' when the customer asked for a person. */
  ruleId: string;
  reason: 'rule' | 'customer';
  priority: Priority;
  /** The keyword that matched, for keyword rules. */
  matched?: string;
  at: string;
}

export interface CaseScore {
  questionId: string;
  value: number;
  min: number;
  max: number;
}

export interface CaseQuote {
  questionId: string;
  text: string;
  sentiment?: number;
  label?: SentimentLabel;
  /** The scorer's confidence in the label, in [0, 1]. */
  confidence?: number;
  /** The words and phrases behind the label, strongest first. */
  drivers?: string[];
  aspects?: { aspect: string; score: number }[];
}

export interface TranscriptEntry {
  at: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  /** The agent's name, or the question id a survey answer belongs to. */
  name?: string;
  /** Lines from a chat carry the activity id, so one applied twice is kept once. */
  id?: string;
  /** A system line's facts, so the staff app can say it in the reader's language; `text` is
   * the English, for Slack, exports and lines stored before this existed. */
  event?: TranscriptEvent;
}

export type TranscriptEvent =
  | { kind: 'claimed'; by: string }
  | { kind: 'resolved'; by: string }
  | { kind: 'transferred'; by: string; from: string; to: string }
  | { kind: 'assigned'; by: string; to: string }
  | { kind: 'autoAssigned'; to: string; rule: string }
  | { kind: 'unclaimed'; by: string }
  | { kind: 'overdue'; priority: string }
  | { kind: 'noContact' };

export interface Agent {
  /** Stable id: the console user name, or `slack:<user id>`. */
  id: string;
  name: string;
  via: 'console' | 'slack';
  /** Signed in as the team (the admin token), not as a person: customers are told "a member of
   * our support team", never a login name. */
  team?: boolean;
}

/** A note among staff on a case: kept apart from the transcript, so it never reaches the
 * customer's chat and is never part of what the customer is shown. */
export interface CaseNote {
  id: string;
  at: string;
  text: string;
  author: Agent;
}

export interface RecoveryOutcome {
  /** The customer's own answer to "was it resolved?"; null when they skipped it. */
  resolved: boolean | null;
  rating: number | null;
  responseId: string;
  at: string;
}

export interface EscalationCase {
  id: string;
  responseId: string;
  surveyId: string;
  surveyVersion: number;
  locale: string;
  customer: Record<string, unknown>;
  order: Record<string, unknown>;
  address: CustomerAddress;
  triggers: CaseTrigger[];
  priority: Priority;
  scores: CaseScore[];
  /** Open answers, the most negative first. */
  quotes: CaseQuote[];
  transcript: TranscriptEntry[];
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  /** When it must be claimed by; moved on (and the priority raised) each time it is missed. */
  slaDeadline: string;
  /** How many deadlines were missed. */
  overdue: number;
  assignee?: Agent;
  claimedAt?: string;
  /** When a person last put it back in the queue: automatic assignment leaves such a case to
   * people (it was a choice, not an oversight). */
  unclaimedAt?: string;
  resolvedAt?: string;
  resolvedBy?: Agent;
  resolutionNote?: string;
  recovery?: RecoveryOutcome;
  /** The customer answered the survey's contact question with No: nobody joins their chat;
   * the case stays for follow-up without contacting them. */
  noContact?: boolean;
  /** The support card in Slack, once posted. */
  slackCard?: { channel: string; ts: string };
  /** Internal notes among staff, oldest first (never sent to the customer). */
  notes?: CaseNote[];
  /** Set once the new-case alert is queued; a case without it is queued again by the sweeper. */
  alertQueued?: boolean;
}

/** A row of the console's case list (GET /console/api/cases): the case without its transcript,
 * full quotes and address, with the channel and the worst quote. */
export type CaseSummary = Omit<EscalationCase, 'transcript' | 'quotes' | 'address' | 'notes'> & { channel: string; worstQuote?: CaseQuote; noteCount?: number };

/** Deadlines per priority, in minutes. */
export type SlaMinutes = Record<Priority, number>;

export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

export function higherPriority(a: Priority, b: Priority): Priority {
  return priorityRank(a) >= priorityRank(b) ? a : b;
}

/** One level up, `urgent` staying urgent: what a missed deadline does to a case. */
export function raisePriority(p: Priority): Priority {
  return PRIORITIES[Math.min(priorityRank(p) + 1, PRIORITIES.length - 1)]!;
}

export function slaDeadline(from: number, priority: Priority, sla: SlaMinutes): string {
  return new Date(from + sla[priority] * 60_000).toISOString();
}

/**
 * Adds a trigger to a case: a rule already there is not added twice, the priority only goes up,
 * and a higher priority brings the deadline forward (never back).
 */
export function addTrigger(c: EscalationCase, trigger: CaseTrigger, sla: SlaMinutes): EscalationCase {
  if (c.triggers.some((t) => t.ruleId === trigger.ruleId)) return c;
  const priority = higherPriority(c.priority, trigger.priority);
  const sooner = slaDeadline(Date.parse(c.createdAt), priority, sla);
  return {
    ...c,
    triggers: [...c.triggers, trigger],
    priority,
    slaDeadline: c.status === 'open' && sooner < c.slaDeadline ? sooner : c.slaDeadline,
    updatedAt: trigger.at,
  };
}

/** A case is in a person's hands (or waiting for one) until it is resolved or expires. */
export function isActive(c: Pick<EscalationCase, 'status'>): boolean {
  return c.status === 'open' || c.status === 'claimed';
}

/** The case id of a survey response: deterministic, so one survey raises at most one case even
 * when two instances handle its turns. */
export function caseIdFor(responseId: string): string {
  return `case_${responseId}`;
}
