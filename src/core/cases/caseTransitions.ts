import { isActive, raisePriority, slaDeadline, type Agent, type CaseNote, type EscalationCase, type SlaMinutes, type TranscriptEntry, type TranscriptEvent } from '../cases.js';
import type { Priority } from '../script/compiled.js';
import { appendEntries, capped, clip } from './caseTranscript.js';

/**
 * What may happen to an escalation case, and what it becomes. Pure: CaseDesk runs `transition`
 * inside the store's compare-and-set update (so it may run again on a fresher case) and then
 * does what the events say (logs, metrics, the live feed, Slack, the customer's chat).
 *
 *   open ──claim/assign/auto-assign──> claimed ──resolve──> resolved
 *     │  <───────unclaim──────  │ ⟲ assign (transfer)
 *     │ ╰──────────────resolve──────────────╯
 *     ╰──expire──> expired
 *
 * Notes may be added in any state (staff only; they never reach the customer).
 *
 * Resolved and expired cases have no way out: they are never claimed or reopened again (a later
 * escalation of the same survey adds its trigger to the closed case; see addTrigger).
 */

/** Who acts: a support agent (admin: signed in with the admin token or role), the customer
 * (through the bot), or the desk itself (the SLA sweep). */
export type CaseActor = { type: 'agent'; agent: Agent; admin?: boolean } | { type: 'customer' } | { type: 'system' };

export type CaseAction =
  /** An agent takes the case; the first claim wins. */
  | { type: 'claim' }
  /** An agent writes to the customer (`id`: the line's id, also the chat activity's). `handoff`:
   * people may join chats (HANDOFF=on). */
  | { type: 'relay'; text: string; id: string; handoff: boolean }
  | { type: 'resolve'; note: string }
  /** A note among staff (`id` makes a retried request add it once). */
  | { type: 'note'; text: string; id: string }
  /** Hands the case to `to`: an open case to anyone (by any agent), a claimed one onwards by its
   * owner (a transfer) or an admin. */
  | { type: 'assign'; to: Agent }
  /** The desk hands an open case to an agent it chose (round robin among those online). */
  | { type: 'auto-assign'; to: Agent; rule: string }
  /** Back to the queue, with a fresh claim deadline: by its owner or an admin. */
  | { type: 'unclaim'; sla: SlaMinutes }
  /** Open too long: nobody will come. */
  | { type: 'expire' }
  /** The claim deadline passed: the priority goes up and a new deadline starts. */
  | { type: 'miss-deadline'; sla: SlaMinutes }
  /** The customer answered the contact question with No. */
  | { type: 'decline-contact' }
  /** The customer's answers to the recovery questions. */
  | { type: 'record-recovery'; resolved: boolean | null; rating: number | null; responseId: string };

export type CaseEvent =
  | { type: 'claimed'; agent: Agent; at: string }
  | { type: 'relayed'; agent: Agent; entry: TranscriptEntry }
  | { type: 'resolved'; agent: Agent }
  | { type: 'noted'; note: CaseNote }
  /** `from`: the previous owner when it was a transfer; `by` is absent when the desk assigned it
   * (automatic assignment). */
  | { type: 'assigned'; by?: Agent; to: Agent; from?: Agent; at: string }
  | { type: 'unclaimed'; by: Agent; from: Agent }
  | { type: 'expired' }
  | { type: 'overdue'; priority: Priority; overdue: number }
  | { type: 'contact-declined' }
  | { type: 'recovered' };

export type CaseRefusalCode = 'CASE_NOT_FOUND' | 'CASE_TAKEN' | 'CASE_CLOSED' | 'FORBIDDEN' | 'BAD_REQUEST';

/** Allowed (`next` is the case as it stays; the same object and no events when nothing changes)
 * or refused with the reason an agent is shown. */
export type Transition = { ok: true; next: EscalationCase; events: CaseEvent[] } | { ok: false; refused: CaseRefusalCode; message: string };

/** Which kind of actor may take each action. */
const ACTORS: Record<CaseAction['type'], CaseActor['type']> = {
  claim: 'agent',
  relay: 'agent',
  resolve: 'agent',
  note: 'agent',
  assign: 'agent',
  'auto-assign': 'system',
  unclaim: 'agent',
  expire: 'system',
  'miss-deadline': 'system',
  'decline-contact': 'customer',
  'record-recovery': 'customer',
};

/** Notes kept per case; the oldest go first. */
export const MAX_NOTES = 200;

const WHO: Record<CaseActor['type'], string> = { agent: 'an agent', customer: 'the customer', system: 'the desk' };

const refuse = (refused: CaseRefusalCode, message: string): Transition => ({ ok: false, refused, message });
const unchanged = (c: EscalationCase): Transition => ({ ok: true, next: c, events: [] });
const owner = (c: EscalationCase, fallback: string): string => c.assignee?.name ?? fallback;

/**
 * Applies `action` by `actor` at `now` (ms) to a case, or says why not. `c` undefined: no such
 * case. A relay's message is checked before the case is looked at.
 */
export function transition(c: EscalationCase | undefined, action: CaseAction, actor: CaseActor, now: number): Transition {
  const at = new Date(now).toISOString();
  const body = action.type === 'relay' || action.type === 'note' ? clip(action.text.trim()) : '';
  if (action.type === 'note' && !body) return refuse('BAD_REQUEST', 'The note is empty');
  if (action.type === 'relay') {
    if (!body) return refuse('BAD_REQUEST', 'The message is empty');
    if (!action.handoff) return refuse('FORBIDDEN', 'Handoff is off (HANDOFF=off): reach this customer another way.');
  }
  if (!c) return refuse('CASE_NOT_FOUND', 'No such case');
  if (actor.type !== ACTORS[action.type]) return refuse('FORBIDDEN', `Only ${WHO[ACTORS[action.type]]} may ${action.type} a case`);
  const agent = actor.type === 'agent' ? actor.agent : undefined;
  const admin = actor.type === 'agent' && actor.admin === true;
  switch (action.type) {
    case 'claim': {
      if (c.status === 'claimed' && c.assignee?.id === agent!.id) return unchanged(c);
      if (c.status === 'claimed') return refuse('CASE_TAKEN', `${owner(c, 'Someone')} has already claimed this case`);
      if (c.status !== 'open') return refuse('CASE_CLOSED', `This case is ${c.status}`);
      const line: TranscriptEntry = { at, from: 'system', text: `${agent!.name} claimed the case`, name: agent!.name, event: { kind: 'claimed', by: agent!.name } };
      return { ok: true, next: { ...c, status: 'claimed', assignee: agent!, claimedAt: at, updatedAt: at, transcript: capped([...c.transcript, line]) }, events: [{ type: 'claimed', agent: agent!, at }] };
    }
    case 'relay': {
      if (c.status === 'open') return refuse('FORBIDDEN', 'Claim the case before writing to the customer');
      if (c.status !== 'claimed') return refuse('CASE_CLOSED', `This case is ${c.status}`);
      if (c.assignee?.id !== agent!.id) return refuse('FORBIDDEN', `${owner(c, 'Another agent')} owns this case`);
      const entry: TranscriptEntry = { at, from: 'agent', text: body, name: agent!.name, id: action.id };
      return { ok: true, next: appendEntries(c, [entry]), events: [{ type: 'relayed', agent: agent!, entry }] };
    }
    case 'resolve': {
      if (!isActive(c)) return refuse('CASE_CLOSED', `This case is already ${c.status}`);
      if (c.status === 'claimed' && c.assignee?.id !== agent!.id && !(actor.type === 'agent' && actor.admin)) return refuse('FORBIDDEN', `${owner(c, 'Another agent')} owns this case`);
      const line: TranscriptEntry = { at, from: 'system', text: `${agent!.name} resolved the case`, name: agent!.name, event: { kind: 'resolved', by: agent!.name } };
      const next: EscalationCase = { ...c, status: 'resolved', resolvedAt: at, resolvedBy: agent!, resolutionNote: clip(action.note.trim()), updatedAt: at, transcript: capped([...c.transcript, line]) };
      return { ok: true, next, events: [{ type: 'resolved', agent: agent! }] };
    }
    case 'note': {
      const notes = c.notes ?? [];
      if (notes.some((n) => n.id === action.id)) return unchanged(c);
      const note: CaseNote = { id: action.id, at, text: body, author: agent! };
      return { ok: true, next: { ...c, notes: [...notes, note].slice(-MAX_NOTES), updatedAt: at }, events: [{ type: 'noted', note }] };
    }
    case 'assign': {
      const to = action.to;
      if (!isActive(c)) return refuse('CASE_CLOSED', `This case is ${c.status}`);
      if (c.status === 'claimed' && c.assignee?.id === to.id) return unchanged(c);
      const from = c.status === 'claimed' ? c.assignee : undefined;
      if (from && from.id !== agent!.id && !admin) return refuse('FORBIDDEN', `${owner(c, 'Another agent')} owns this case; only they or an admin may hand it on`);
      const text = from ? `${agent!.name} transferred the case from ${from.name} to ${to.name}` : to.id === agent!.id ? `${agent!.name} claimed the case` : `${agent!.name} assigned the case to ${to.name}`;
      const event: TranscriptEvent = from
        ? { kind: 'transferred', by: agent!.name, from: from.name, to: to.name }
        : to.id === agent!.id
          ? { kind: 'claimed', by: agent!.name }
          : { kind: 'assigned', by: agent!.name, to: to.name };
      const line: TranscriptEntry = { at, from: 'system', text, name: agent!.name, event };
      const next: EscalationCase = { ...c, status: 'claimed', assignee: to, claimedAt: c.claimedAt ?? at, updatedAt: at, transcript: capped([...c.transcript, line]) };
      return { ok: true, next, events: [{ type: 'assigned', by: agent!, to, ...(from ? { from } : {}), at }] };
    }
    case 'auto-assign': {
      // Only a case waiting in the queue: one a person took meanwhile, or put back on purpose, is theirs.
      if (c.status === 'claimed') return refuse('CASE_TAKEN', `${owner(c, 'Someone')} has already claimed this case`);
      if (c.status !== 'open') return refuse('CASE_CLOSED', `This case is ${c.status}`);
      if (c.unclaimedAt) return unchanged(c);
      const to = action.to;
      const line: TranscriptEntry = { at, from: 'system', text: `Assigned automatically to ${to.name} (${action.rule})`, event: { kind: 'autoAssigned', to: to.name, rule: action.rule } };
      const next: EscalationCase = { ...c, status: 'claimed', assignee: to, claimedAt: at, updatedAt: at, transcript: capped([...c.transcript, line]) };
      return { ok: true, next, events: [{ type: 'assigned', to, at }] };
    }
    case 'unclaim': {
      if (c.status === 'open') return unchanged(c);
      if (c.status !== 'claimed') return refuse('CASE_CLOSED', `This case is ${c.status}`);
      if (c.assignee?.id !== agent!.id && !admin) return refuse('FORBIDDEN', `${owner(c, 'Another agent')} owns this case`);
      const from = c.assignee!;
      const { assignee: _a, claimedAt: _c, ...rest } = c;
      const line: TranscriptEntry = { at, from: 'system', text: `${agent!.name} put the case back in the queue`, name: agent!.name, event: { kind: 'unclaimed', by: agent!.name } };
      // A fresh deadline: the case waits for a person again, and the last one may be long past.
      const next: EscalationCase = { ...rest, status: 'open', slaDeadline: slaDeadline(now, c.priority, action.sla), unclaimedAt: at, updatedAt: at, transcript: capped([...c.transcript, line]) };
      return { ok: true, next, events: [{ type: 'unclaimed', by: agent!, from }] };
    }
    case 'expire':
      if (c.status === 'claimed') return refuse('CASE_TAKEN', 'A claimed case does not expire');
      if (c.status !== 'open') return refuse('CASE_CLOSED', `This case is already ${c.status}`);
      return { ok: true, next: { ...c, status: 'expired', updatedAt: at }, events: [{ type: 'expired' }] };
    case 'miss-deadline': {
      if (c.status === 'claimed') return refuse('CASE_TAKEN', 'A claimed case has no deadline');
      if (c.status !== 'open') return refuse('CASE_CLOSED', `This case is already ${c.status}`);
      // Another instance's sweep may have moved the deadline already: once per missed deadline.
      if (Date.parse(c.slaDeadline) > now) return unchanged(c);
      const priority = raisePriority(c.priority);
      const overdue = c.overdue + 1;
      const line: TranscriptEntry = { at, from: 'system', text: `Not claimed in time; priority is now ${priority}`, event: { kind: 'overdue', priority } };
      const next: EscalationCase = { ...c, priority, overdue, slaDeadline: slaDeadline(now, priority, action.sla), updatedAt: at, transcript: capped([...c.transcript, line]) };
      return { ok: true, next, events: [{ type: 'overdue', priority, overdue }] };
    }
    case 'decline-contact': {
      if (c.noContact) return unchanged(c);
      const line: TranscriptEntry = { at, from: 'system', text: 'The customer does not want to be contacted; nobody joins the chat.', id: `no-contact:${c.id}`, event: { kind: 'noContact' } };
      return { ok: true, next: { ...c, noContact: true, updatedAt: at, transcript: capped([...c.transcript, line]) }, events: [{ type: 'contact-declined' }] };
    }
    case 'record-recovery': {
      const { resolved, rating, responseId } = action;
      return { ok: true, next: { ...c, recovery: { resolved, rating, responseId, at }, updatedAt: at }, events: [{ type: 'recovered' }] };
    }
  }
}
