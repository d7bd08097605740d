import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CustomerLine } from '../bot/CustomerLine.js';
import type { CaseContext, CustomerNote, HandoffDesk } from '../bot/HandoffDesk.js';
import type { HandoffEventName, HandoffEventValue } from '../core/handoff/handoffEvents.js';
import {
  addTrigger,
  caseIdFor,
  isActive,
  raisePriority,
  slaDeadline,
  type Agent,
  type CaseTrigger,
  type CustomerAddress,
  type EscalationCase,
  type SlaMinutes,
  type TranscriptEntry,
} from '../core/cases.js';
import type { SurveyEvent } from '../core/events.js';
import type { AlertQueue, CaseFeed, CaseStore, Clock, ResponseStore } from '../core/ports.js';
import type { Priority } from '../core/script/compiled.js';
import { noMetrics, type Metrics } from '../metrics/Metrics.js';
import { SatisfyError } from '../errors.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { snapshotResponse } from './snapshotResponse.js';
import type { CaseNotifier } from './CaseNotifier.js';

export interface CaseDeskDeps {
  cases: CaseStore;
  alerts: AlertQueue;
  feed: CaseFeed;
  responses: ResponseStore;
  scripts: ScriptRegistry;
  clock: Clock;
  log: Logger;
  sla: SlaMinutes;
  expireAfterMs: number;
  handoff: boolean;
  recoverySurveyId: string;
  /** Handoff events into the customer's chat, on their channel. */
  customerLine: CustomerLine;
  /** Slack cards; undefined without a support channel. */
  notifier?: CaseNotifier;
  metrics?: Metrics;
}

/** Longest message an agent or customer line keeps on a case (the rest is cut, and says so). */
const MAX_ENTRY_CHARS = 4000;
/** Entries kept per case; the oldest handoff lines go first. */
const MAX_TRANSCRIPT = 500;
/** A new case whose alert was not queued this long after it was opened gets it queued again. */
const ALERT_REPAIR_MS = 30_000;
/** Cases looked at by each SLA sweep. */
const SWEEP_LIMIT = 1000;

/**
 * Escalation cases end to end: opened (or added to) from a survey's escalations, alerts queued
 * for support staff, claimed, worked and resolved by a person from Slack or the console, SLA
 * deadlines enforced, and the customer's chat handed over and back. Every instance runs one;
 * they share the stores, so any of them can serve any step.
 */
export class CaseDesk implements HandoffDesk {
  constructor(private readonly deps: CaseDeskDeps) {}

  private get metrics(): Metrics {
    return this.deps.metrics ?? noMetrics;
  }

  /** Slack cards, once the Slack channel exists (it is built after the desk). */
  useNotifier(notifier: CaseNotifier): void {
    this.deps.notifier = notifier;
  }

  get enabled(): boolean {
    return this.deps.handoff;
  }

  get recoverySurveyId(): string {
    return this.deps.recoverySurveyId;
  }

  waitMinutes(priority: Priority): number {
    return this.deps.sla[priority];
  }

  async raise(events: readonly SurveyEvent[], address: CustomerAddress, context?: CaseContext): Promise<void> {
    for (const event of events) {
      if (event.type !== 'escalation.requested') continue;
      const at = new Date(event.at).toISOString();
      const trigger: CaseTrigger = {
        ruleId: event.ruleId ?? '@customer',
        reason: event.reason,
        priority: event.priority,
        at,
        ...(event.matched !== undefined ? { matched: event.matched } : {}),
      };
      await this.raiseOne(event.responseId, trigger, address, context);
    }
  }

  private async raiseOne(responseId: string, trigger: CaseTrigger, address: CustomerAddress, context: CaseContext | undefined): Promise<void> {
    const id = caseIdFor(responseId);
    const snapshot = await snapshotResponse(responseId, this.deps.responses, this.deps.scripts, context);
    const existing = await this.deps.cases.get(id);
    if (!existing) {
      const created: EscalationCase = {
        id,
        responseId,
        surveyId: snapshot.surveyId,
        surveyVersion: snapshot.surveyVersion,
        locale: snapshot.locale,
        customer: { ...snapshot.customer, ...context?.customer },
        order: { ...snapshot.order, ...context?.order },
        address,
        triggers: [trigger],
        priority: trigger.priority,
        scores: snapshot.scores,
        quotes: snapshot.quotes,
        transcript: snapshot.transcript,
        status: 'open',
        createdAt: trigger.at,
        updatedAt: trigger.at,
        slaDeadline: slaDeadline(Date.parse(trigger.at), trigger.priority, this.deps.sla),
        overdue: 0,
      };
      if (await this.deps.cases.create(created)) {
        this.deps.log.warn({ caseId: id, priority: created.priority, rule: trigger.ruleId }, 'escalation case opened');
        this.metrics.caseStatus('open');
        await this.queueAlert(id);
        await this.publish(id);
        return;
      }
    }
    // Later triggers (or a second instance that lost the race to create it) add to the case,
    // with the answers as they are now.
    let changed = false;
    const updated = await this.deps.cases.update(id, (c) => {
      const next = addTrigger(c, trigger, this.deps.sla);
      const fresher = snapshot.scores.length > c.scores.length || snapshot.quotes.length > c.quotes.length;
      changed = next !== c || fresher;
      if (!changed) return undefined;
      return { ...next, scores: snapshot.scores, quotes: snapshot.quotes, transcript: mergeTranscript(snapshot.transcript, c.transcript) };
    });
    await this.publish(id);
    // A card posted before this trigger shows the new reason, priority and quotes too.
    if (changed && updated?.slackCard) await this.deps.notifier?.refresh(updated).catch((err: unknown) => this.warn(err, id, 'could not update the Slack card'));
  }

  async customerSaid(note: CustomerNote): Promise<void> {
    const entry: TranscriptEntry = { at: new Date(note.at).toISOString(), from: 'customer', text: clip(note.text), id: note.id };
    const updated = await this.append(note.caseId, entry);
    if (!updated?.added) return;
    await this.publish(note.caseId);
    await this.deps.notifier?.thread(updated.c, { from: 'customer', text: entry.text }).catch((err: unknown) => this.warn(err, note.caseId, 'could not post the customer message in the Slack thread'));
  }

  async contactDeclined(caseId: string): Promise<void> {
    const at = this.isoNow();
    const c = await this.deps.cases.update(caseId, (c) =>
      c.noContact ? undefined : { ...c, noContact: true, updatedAt: at, transcript: capped([...c.transcript, { at, from: 'system', text: 'The customer does not want to be contacted; nobody joins the chat.', id: `no-contact:${caseId}` }]) },
    );
    if (!c) return;
    this.deps.log.info({ caseId }, 'customer declined contact');
    await this.publish(caseId);
    if (c.slackCard) await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, caseId, 'could not update the Slack card'));
  }

  async transcribe(caseId: string, entries: readonly TranscriptEntry[]): Promise<void> {
    if (!entries.length) return;
    let added = false;
    await this.deps.cases.update(caseId, (c) => {
      const known = new Set(c.transcript.flatMap((e) => (e.id ? [e.id] : [])));
      const fresh = entries.filter((e) => !e.id || !known.has(e.id)).map((e) => ({ ...e, text: clip(e.text) }));
      added = fresh.length > 0;
      return added ? { ...c, transcript: capped([...c.transcript, ...fresh]), updatedAt: fresh.at(-1)!.at } : undefined;
    });
    if (added) await this.publish(caseId);
  }

  async isActive(caseId: string): Promise<boolean> {
    const c = await this.deps.cases.get(caseId);
    return c !== undefined && isActive(c);
  }

  async recovered(caseId: string, responseId: string): Promise<void> {
    const response = await this.deps.responses.get(responseId);
    const resolved = response?.answers.resolved?.value;
    const rating = response?.answers.csat_after?.value;
    const at = new Date(this.deps.clock.now()).toISOString();
    const c = await this.deps.cases.update(caseId, (c) => ({
      ...c,
      recovery: { resolved: typeof resolved === 'boolean' ? resolved : null, rating: typeof rating === 'number' ? rating : null, responseId, at },
      updatedAt: at,
    }));
    if (!c) return;
    this.deps.log.info({ caseId, resolved: c.recovery?.resolved, rating: c.recovery?.rating }, 'recovery outcome stored');
    await this.publish(caseId);
    await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, caseId, 'could not update the Slack card'));
  }

  async get(caseId: string): Promise<EscalationCase> {
    const c = await this.deps.cases.get(caseId);
    if (!c) throw new SatisfyError('CASE_NOT_FOUND', `No case ${caseId}`);
    return c;
  }

  list(limit: number): Promise<EscalationCase[]> {
    return this.deps.cases.list(limit);
  }

  /** First claim wins; the same agent claiming again is a no-op. */
  async claim(caseId: string, agent: Agent): Promise<EscalationCase> {
    const at = this.isoNow();
    let refused: SatisfyError | undefined;
    let claimed = false;
    const c = await this.deps.cases.update(caseId, (c) => {
      refused = undefined;
      claimed = false;
      if (c.status === 'claimed' && c.assignee?.id === agent.id) return undefined;
      if (c.status === 'claimed') return void (refused = new SatisfyError('CASE_TAKEN', `${c.assignee?.name ?? 'Someone'} has already claimed this case`));
      if (c.status !== 'open') return void (refused = new SatisfyError('CASE_CLOSED', `This case is ${c.status}`));
      claimed = true;
      return {
        ...c,
        status: 'claimed',
        assignee: agent,
        claimedAt: at,
        updatedAt: at,
        transcript: capped([...c.transcript, { at, from: 'system', text: `${agent.name} claimed the case`, name: agent.name }]),
      };
    });
    if (!c) throw new SatisfyError('CASE_NOT_FOUND', `No case ${caseId}`);
    if (refused) throw refused;
    if (claimed) {
      this.deps.log.info({ caseId, agent: agent.id }, 'case claimed');
      this.metrics.caseStatus('claimed');
      await this.publish(caseId);
      await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, caseId, 'could not update the Slack card'));
      await this.tellCustomer(c, 'handoff.claimed', { caseId, ...shownName(agent) }, `claimed:${at}`);
    }
    return c;
  }

  /** An agent's message to the customer: only the agent who claimed the case may write. */
  async agentSays(caseId: string, agent: Agent, text: string): Promise<EscalationCase> {
    const body = clip(text.trim());
    if (!body) throw new SatisfyError('BAD_REQUEST', 'The message is empty');
    if (!this.deps.handoff) throw new SatisfyError('FORBIDDEN', 'Handoff is off (HANDOFF=off): reach this customer another way.');
    const c = await this.get(caseId);
    if (c.status !== 'claimed') throw new SatisfyError(c.status === 'open' ? 'FORBIDDEN' : 'CASE_CLOSED', c.status === 'open' ? 'Claim the case before writing to the customer' : `This case is ${c.status}`);
    if (c.assignee?.id !== agent.id) throw new SatisfyError('FORBIDDEN', `${c.assignee?.name ?? 'Another agent'} owns this case`);
    const at = this.isoNow();
    const id = `agent:${randomUUID()}`;
    // The customer's chat first: a line on the case that never reached them would mislead.
    await this.tellCustomer(c, 'handoff.message', { caseId, ...shownName(agent), text: body }, id, true);
    const updated = await this.append(caseId, { at, from: 'agent', text: body, name: agent.name, id });
    await this.publish(caseId);
    if (agent.via === 'console') {
      await this.deps.notifier?.thread(c, { from: 'agent', name: agent.name, text: body }).catch((err: unknown) => this.warn(err, caseId, 'could not mirror the message in the Slack thread'));
    }
    return updated?.c ?? c;
  }

  /** The assignee (or an admin, or anyone while nobody has claimed it) closes the case. */
  async resolve(caseId: string, agent: Agent, note: string, admin = false): Promise<EscalationCase> {
    const at = this.isoNow();
    let refused: SatisfyError | undefined;
    const c = await this.deps.cases.update(caseId, (c) => {
      refused = undefined;
      if (!isActive(c)) return void (refused = new SatisfyError('CASE_CLOSED', `This case is already ${c.status}`));
      if (c.status === 'claimed' && c.assignee?.id !== agent.id && !admin) return void (refused = new SatisfyError('FORBIDDEN', `${c.assignee?.name ?? 'Another agent'} owns this case`));
      return {
        ...c,
        status: 'resolved',
        resolvedAt: at,
        resolvedBy: agent,
        resolutionNote: clip(note.trim()),
        updatedAt: at,
        transcript: capped([...c.transcript, { at, from: 'system', text: `${agent.name} resolved the case`, name: agent.name }]),
      };
    });
    if (!c) throw new SatisfyError('CASE_NOT_FOUND', `No case ${caseId}`);
    if (refused) throw refused;
    this.deps.log.info({ caseId, agent: agent.id }, 'case resolved');
    this.metrics.caseStatus('resolved');
    await this.publish(caseId);
    await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, caseId, 'could not update the Slack card'));
    await this.tellCustomer(c, 'handoff.resolved', { caseId, ...shownName(agent) }, `resolved:${caseId}`);
    return c;
  }

  /** A reply in the Slack card's thread: relayed when its author owns the case; otherwise it
   * stays an internal note among colleagues. */
  async threadReply(threadTs: string, agent: Agent, text: string): Promise<void> {
    const caseId = await this.deps.cases.bySlackThread(threadTs);
    if (!caseId || !text.trim()) return;
    const c = await this.deps.cases.get(caseId);
    if (c?.status !== 'claimed' || c.assignee?.id !== agent.id) return;
    await this.agentSays(caseId, agent, text).catch((err: unknown) => this.warn(err, caseId, 'could not relay a Slack thread reply'));
  }

  /**
   * One pass of the SLA clock, on every instance (each change is compare-and-set, so a case is
   * re-announced once per missed deadline however many instances sweep): an open case past its
   * deadline gets a higher priority, a new deadline and an alert; one open too long expires;
   * a case whose first alert never got queued (a crash) gets it now.
   */
  async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    for (const c of await this.deps.cases.list(SWEEP_LIMIT)) {
      if (c.status !== 'open') continue;
      if (now - Date.parse(c.createdAt) >= this.deps.expireAfterMs) {
        await this.expire(c.id, now);
        continue;
      }
      if (!c.alertQueued && now - Date.parse(c.createdAt) >= ALERT_REPAIR_MS) await this.queueAlert(c.id);
      if (Date.parse(c.slaDeadline) > now) continue;
      let moved = false;
      const at = new Date(now).toISOString();
      const updated = await this.deps.cases.update(c.id, (fresh) => {
        moved = false;
        if (fresh.status !== 'open' || Date.parse(fresh.slaDeadline) > now) return undefined;
        moved = true;
        const priority = raisePriority(fresh.priority);
        return {
          ...fresh,
          priority,
          overdue: fresh.overdue + 1,
          slaDeadline: slaDeadline(now, priority, this.deps.sla),
          updatedAt: at,
          transcript: capped([...fresh.transcript, { at, from: 'system', text: `Not claimed in time; priority is now ${priority}` }]),
        };
      });
      if (!moved || !updated) continue;
      this.deps.log.warn({ caseId: c.id, priority: updated.priority, overdue: updated.overdue }, 'case missed its deadline');
      this.metrics.slaMissed(updated.priority);
      await this.deps.alerts.push({ caseId: c.id, kind: 'overdue' });
      await this.publish(c.id);
    }
  }

  /** Hands queued alerts to Slack; one consumer per instance, each alert to one of them. */
  async deliverAlerts(consumer: string): Promise<number> {
    const taken = await this.deps.alerts.take(consumer, 10);
    for (const { id, alert } of taken) {
      const c = await this.deps.cases.get(alert.caseId);
      try {
        if (c && this.deps.notifier) {
          if (alert.kind === 'new' && !c.slackCard) {
            const card = await this.deps.notifier.announce(c);
            await this.deps.cases.linkSlackThread(card.ts, c.id);
            const updated = await this.deps.cases.update(c.id, (fresh) => ({ ...fresh, slackCard: card }));
            if (updated) await this.deps.notifier.refresh(updated);
          } else if (alert.kind === 'overdue') {
            await this.deps.notifier.overdue(c);
          }
        }
        await this.deps.alerts.ack(id);
      } catch (err) {
        // Left unacknowledged: handed out again later (to this or another instance).
        this.warn(err, alert.caseId, 'could not deliver a case alert; it will be retried');
      }
    }
    return taken.length;
  }

  private async expire(caseId: string, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    let expired = false;
    const c = await this.deps.cases.update(caseId, (fresh) => {
      expired = fresh.status === 'open';
      return expired ? { ...fresh, status: 'expired', updatedAt: at } : undefined;
    });
    if (!expired || !c) return;
    this.deps.log.warn({ caseId }, 'case expired unclaimed');
    this.metrics.caseStatus('expired');
    await this.publish(caseId);
    await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, caseId, 'could not update the Slack card'));
    await this.tellCustomer(c, 'handoff.expired', { caseId }, `expired:${caseId}`);
  }

  private async queueAlert(caseId: string): Promise<void> {
    await this.deps.alerts.push({ caseId, kind: 'new' });
    await this.deps.cases.update(caseId, (c) => (c.alertQueued ? undefined : { ...c, alertQueued: true }));
  }

  private async append(caseId: string, entry: TranscriptEntry): Promise<{ c: EscalationCase; added: boolean } | undefined> {
    let added = false;
    const c = await this.deps.cases.update(caseId, (c) => {
      added = !entry.id || !c.transcript.some((e) => e.id === entry.id);
      return added ? { ...c, transcript: capped([...c.transcript, entry]), updatedAt: entry.at } : undefined;
    });
    return c ? { c, added } : undefined;
  }

  /** Writes into the customer's chat; failures are logged (the case goes on), unless `strict`. */
  private async tellCustomer(c: EscalationCase, name: HandoffEventName, value: HandoffEventValue, id: string, strict = false): Promise<void> {
    try {
      await this.deps.customerLine.deliverEvent(c.address, name, value, `${name}:${c.id}:${id}`);
    } catch (err) {
      if (strict) throw new SatisfyError('CHANNEL_UNREACHABLE', `The customer's chat (${c.address.channelId}) could not be reached: ${(err as Error).message}`, { cause: err });
      this.warn(err, c.id, `could not send ${name} to the customer`);
    }
  }

  private async publish(caseId: string): Promise<void> {
    await this.deps.feed.publish(caseId).catch((err: unknown) => this.warn(err, caseId, 'could not announce a case change'));
  }

  private isoNow(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private warn(err: unknown, caseId: string, message: string): void {
    this.deps.log.warn({ err: (err as Error).message, caseId }, message);
  }
}

/** What the customer is told about who is helping: a person's name, or nothing for the team. */
function shownName(agent: Agent): { agentName?: string } {
  return agent.team ? {} : { agentName: agent.name };
}

function clip(text: string): string {
  return text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)} […]` : text;
}

function capped(transcript: TranscriptEntry[]): TranscriptEntry[] {
  return transcript.length > MAX_TRANSCRIPT ? transcript.slice(-MAX_TRANSCRIPT) : transcript;
}

/** The lines already on the case (the conversation as it happened), then any survey line it
 * lacks (by id): the case's transcript only grows. */
function mergeTranscript(survey: TranscriptEntry[], existing: TranscriptEntry[]): TranscriptEntry[] {
  const known = new Set(existing.flatMap((e) => (e.id ? [e.id] : [])));
  return capped([...existing, ...survey.filter((e) => e.id && !known.has(e.id))]);
}
