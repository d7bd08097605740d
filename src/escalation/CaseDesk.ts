import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CustomerLine } from '../bot/CustomerLine.js';
import type { CaseContext, CustomerNote, HandoffDesk } from '../bot/HandoffDesk.js';
import { caseIdFor, isActive, type Agent, type CaseTrigger, type CustomerAddress, type EscalationCase, type SlaMinutes, type TranscriptEntry } from '../core/cases.js';
import { appendEntries, clip } from '../core/cases/caseTranscript.js';
import { transition, type CaseAction, type CaseActor, type CaseEvent } from '../core/cases/caseTransitions.js';
import { customerNotice } from '../core/cases/customerNotice.js';
import { addToCase, openCase } from '../core/cases/openCase.js';
import { autoAssignable, openCasesByAgent, pickRoundRobin } from '../core/cases/roundRobin.js';
import { sweepSteps } from '../core/cases/sweepSteps.js';
import type { SurveyEvent } from '../core/events.js';
import type { AlertQueue, CaseFeed, CaseStore, Clock, ResponseStore } from '../core/ports.js';
import type { Priority } from '../core/script/compiled.js';
import { noMetrics, type Metrics } from '../metrics/Metrics.js';
import { SatisfyError } from '../errors.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { snapshotResponse } from './snapshotResponse.js';
import type { CaseNotifier } from './CaseNotifier.js';
import type { CaseResults } from '../results/CaseResults.js';
import type { CaseStep } from '../core/results/caseCounts.js';
import { noWebhooks, type WebhookEmitter } from '../webhooks/WebhookEmitter.js';
import { caseData } from '../webhooks/payloads.js';

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
  /** Counts case steps into the survey's results (the loop figures). */
  results?: CaseResults;
  /** Announces case.opened, case.claimed and case.resolved (docs/webhooks.md). */
  webhooks?: WebhookEmitter;
}

/** Automatic assignment (CASES_AUTO_ASSIGN): who is online to take cases, and the shared turn. */
export interface AutoAssign {
  rule: 'round-robin';
  /** 0: no cap. */
  maxOpenPerAgent: number;
  online(): Promise<Agent[]>;
  nextTurn(): Promise<number>;
}

/** A new case whose alert was not queued this long after it was opened gets it queued again. */
const ALERT_REPAIR_MS = 30_000;
/** Cases looked at by each SLA sweep. */
const SWEEP_LIMIT = 1000;

/**
 * Escalation cases end to end: opened (or added to) from a survey's escalations, alerts queued
 * for support staff, claimed, worked and resolved by a person from Slack or the console, SLA
 * deadlines enforced, and the customer's chat handed over and back. Every instance runs one;
 * they share the stores, so any of them can serve any step. What may happen to a case is decided
 * by the pure rules in src/core/cases/; this class does the I/O around them.
 */
export class CaseDesk implements HandoffDesk {
  constructor(private readonly deps: CaseDeskDeps) {}

  private get metrics(): Metrics {
    return this.deps.metrics ?? noMetrics;
  }

  private get webhooks(): WebhookEmitter {
    return this.deps.webhooks ?? noWebhooks;
  }

  /** Slack cards, once the Slack channel exists (it is built after the desk). */
  useNotifier(notifier: CaseNotifier): void {
    this.deps.notifier = notifier;
  }

  /** Automatic assignment, once the staff accounts exist (they are built after the desk). */
  useAutoAssign(auto: AutoAssign): void {
    this.autoAssign = auto;
  }

  private autoAssign: AutoAssign | undefined;

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
      const created = openCase(responseId, trigger, snapshot, address, context, this.deps.sla);
      if (await this.deps.cases.create(created)) {
        this.deps.log.warn({ caseId: id, priority: created.priority, rule: trigger.ruleId }, 'escalation case opened');
        this.metrics.caseStatus('open');
        this.webhooks.emit('case.opened', caseData(created));
        await this.count(created, 'opened');
        await this.queueAlert(id);
        await this.publish(id);
        return;
      }
    }
    let changed = false;
    const updated = await this.deps.cases.update(id, (c) => {
      const next = addToCase(c, trigger, snapshot, this.deps.sla);
      changed = next !== c;
      return changed ? next : undefined;
    });
    await this.publish(id);
    // A card posted before this trigger shows the new reason, priority and quotes too.
    if (changed && updated?.slackCard) await this.refreshCard(updated);
  }

  async customerSaid(note: CustomerNote): Promise<void> {
    const entry: TranscriptEntry = { at: new Date(note.at).toISOString(), from: 'customer', text: clip(note.text), id: note.id };
    const updated = await this.append(note.caseId, [entry]);
    if (!updated?.added) return;
    await this.publish(note.caseId);
    await this.deps.notifier?.thread(updated.c, { from: 'customer', text: entry.text }).catch((err: unknown) => this.warn(err, note.caseId, 'could not post the customer message in the Slack thread'));
  }

  async contactDeclined(caseId: string): Promise<void> {
    const { c } = await this.change(caseId, { type: 'decline-contact' }, CUSTOMER);
    if (!c) return;
    this.deps.log.info({ caseId }, 'customer declined contact');
    await this.publish(caseId);
    if (c.slackCard) await this.refreshCard(c);
  }

  async transcribe(caseId: string, entries: readonly TranscriptEntry[]): Promise<void> {
    if (!entries.length) return;
    const updated = await this.append(caseId, entries);
    if (updated?.added) await this.publish(caseId);
  }

  async isActive(caseId: string): Promise<boolean> {
    const c = await this.deps.cases.get(caseId);
    return c !== undefined && isActive(c);
  }

  async recovered(caseId: string, responseId: string): Promise<void> {
    const response = await this.deps.responses.get(responseId);
    const resolved = response?.answers.resolved?.value;
    const rating = response?.answers.csat_after?.value;
    const action: CaseAction = { type: 'record-recovery', resolved: typeof resolved === 'boolean' ? resolved : null, rating: typeof rating === 'number' ? rating : null, responseId };
    const { c } = await this.change(caseId, action, CUSTOMER);
    if (!c) return;
    this.deps.log.info({ caseId, resolved: c.recovery?.resolved, rating: c.recovery?.rating }, 'recovery outcome stored');
    await this.count(c, 'recovered');
    await this.publish(caseId);
    await this.refreshCard(c);
  }

  async get(caseId: string): Promise<EscalationCase> {
    const c = await this.deps.cases.get(caseId);
    if (!c) throw notFound(caseId);
    return c;
  }

  list(limit: number): Promise<EscalationCase[]> {
    return this.deps.cases.list(limit);
  }

  /** First claim wins; the same agent claiming again is a no-op. */
  async claim(caseId: string, agent: Agent): Promise<EscalationCase> {
    const { c, events } = await this.changeOrThrow(caseId, { type: 'claim' }, { type: 'agent', agent });
    for (const event of events) {
      this.deps.log.info({ caseId, agent: agent.id }, 'case claimed');
      await this.claimed(c);
      await this.spread(c, event);
    }
    return c;
  }

  /** An agent's message to the customer: only the agent who claimed the case may write. */
  async agentSays(caseId: string, agent: Agent, text: string): Promise<EscalationCase> {
    const id = `agent:${randomUUID()}`;
    // An empty message, or one while handoff is off, is refused without asking the store.
    const c = text.trim() && this.deps.handoff ? await this.deps.cases.get(caseId) : undefined;
    const decided = transition(c, { type: 'relay', text, id, handoff: this.deps.handoff }, { type: 'agent', agent }, this.deps.clock.now());
    if (!decided.ok) throw refusal(decided, caseId);
    const [event] = decided.events;
    if (event?.type !== 'relayed') return c!;
    // The customer's chat first: a line on the case that never reached them would mislead.
    await this.tellCustomer(c!, event);
    const updated = await this.append(caseId, [event.entry]);
    await this.publish(caseId);
    if (agent.via === 'console') {
      await this.deps.notifier?.thread(c!, { from: 'agent', name: agent.name, text: event.entry.text }).catch((err: unknown) => this.warn(err, caseId, 'could not mirror the message in the Slack thread'));
    }
    return updated?.c ?? c!;
  }

  /** The assignee (or an admin, or anyone while nobody has claimed it) closes the case. */
  async resolve(caseId: string, agent: Agent, note: string, admin = false): Promise<EscalationCase> {
    const { c, events } = await this.changeOrThrow(caseId, { type: 'resolve', note }, { type: 'agent', agent, admin });
    for (const event of events) {
      this.deps.log.info({ caseId, agent: agent.id }, 'case resolved');
      this.metrics.caseStatus('resolved');
      this.webhooks.emit('case.resolved', caseData(c));
      await this.count(c, 'resolved');
      await this.spread(c, event);
    }
    return c;
  }

  /** A note among staff on the case: stored with it, never sent to the customer's chat. */
  async addNote(caseId: string, agent: Agent, text: string, id = `note:${randomUUID()}`): Promise<EscalationCase> {
    const { c, events } = await this.changeOrThrow(caseId, { type: 'note', text, id }, { type: 'agent', agent });
    if (events.length) {
      this.deps.log.info({ caseId, agent: agent.id }, 'case note added');
      await this.publish(caseId);
    }
    return c;
  }

  /** Hands the case to `to`: assigns an open case, or transfers a claimed one (its owner or an
   * admin). The customer hears who is with them now. */
  async assign(caseId: string, agent: Agent, to: Agent, admin = false): Promise<EscalationCase> {
    const wasOpen = (await this.deps.cases.get(caseId))?.status === 'open';
    const { c, events } = await this.changeOrThrow(caseId, { type: 'assign', to }, { type: 'agent', agent, admin });
    for (const event of events) {
      if (event.type !== 'assigned') continue;
      this.deps.log.info({ caseId, agent: agent.id, to: to.id, from: event.from?.id }, event.from ? 'case transferred' : 'case assigned');
      if (!event.from && wasOpen) {
        await this.claimed(c);
      }
      await this.spread(c, event);
    }
    return c;
  }

  /** Back to the queue (its owner or an admin), with a fresh claim deadline. */
  async unclaim(caseId: string, agent: Agent, admin = false): Promise<EscalationCase> {
    const { c, events } = await this.changeOrThrow(caseId, { type: 'unclaim', sla: this.deps.sla }, { type: 'agent', agent, admin });
    if (events.length) {
      this.deps.log.info({ caseId, agent: agent.id }, 'case unclaimed');
      this.metrics.caseStatus('open');
      await this.publish(caseId);
      await this.refreshCard(c);
    }
    return c;
  }

  /** A reply in the Slack card's thread: relayed when its author owns the case; otherwise it
   * becomes an internal note on the case (never sent to the customer). */
  async threadReply(threadTs: string, agent: Agent, text: string): Promise<void> {
    const caseId = await this.deps.cases.bySlackThread(threadTs);
    if (!caseId || !text.trim()) return;
    const c = await this.deps.cases.get(caseId);
    if (c?.status !== 'claimed' || c.assignee?.id !== agent.id) {
      // Talk among colleagues: kept on the case as a note, so the console shows it too.
      if (c) await this.addNote(caseId, agent, text).catch((err: unknown) => this.warn(err, caseId, 'could not keep a Slack thread reply as a note'));
      return;
    }
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
    const cases = await this.deps.cases.list(SWEEP_LIMIT);
    for (const c of cases) {
      for (const step of sweepSteps(c, now, { expireAfterMs: this.deps.expireAfterMs, alertRepairMs: ALERT_REPAIR_MS })) {
        if (step === 'expire') await this.expire(c.id, now);
        else if (step === 'queue-alert') {
          // Its opening may not have been counted either (the same crash): counted once by its key.
          await this.count(c, 'opened');
          await this.queueAlert(c.id);
        }
        else await this.missDeadline(c.id, now);
      }
    }
    // Cases that found nobody online when they opened go to whoever came since, oldest first.
    await this.assignWaiting(cases.filter(autoAssignable).reverse(), cases);
  }

  /**
   * Automatic assignment (round robin among the agents online, skipping those at the cap) of
   * cases waiting in the queue. With nobody online, or everyone full, they stay in the queue.
   * Never fails its caller: a case not assigned now is tried again by the next sweep.
   */
  private async assignWaiting(waiting: readonly EscalationCase[], known?: readonly EscalationCase[]): Promise<void> {
    const auto = this.autoAssign;
    if (!auto || !waiting.some(autoAssignable)) return;
    try {
      const online = await auto.online();
      if (!online.length) return;
      const held = openCasesByAgent(known ?? (await this.deps.cases.list(SWEEP_LIMIT)));
      for (const w of waiting) {
        if (!autoAssignable(w)) continue;
        const to = pickRoundRobin(online, await auto.nextTurn(), held, auto.maxOpenPerAgent);
        if (!to) return;
        const { c, events } = await this.change(w.id, { type: 'auto-assign', to, rule: 'round robin' }, SYSTEM);
        for (const event of events) {
          if (event.type !== 'assigned' || !c) continue;
          held.set(to.id, (held.get(to.id) ?? 0) + 1);
          this.deps.log.info({ caseId: c.id, to: to.id }, 'case assigned automatically');
          await this.claimed(c);
          // The live feed is what tells the agent (their console alerts as on a transfer).
          await this.spread(c, event);
        }
      }
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'automatic assignment failed; the cases wait in the queue for the next try');
    }
  }

  /** The agent who owns the case is typing: shown in the customer's chat where their channel
   * can (web chat), kept nowhere. Anyone else, or a case not in their hands, is ignored. */
  async agentTyping(caseId: string, agent: Agent): Promise<boolean> {
    if (!this.deps.handoff) return false;
    const c = await this.deps.cases.get(caseId);
    if (c?.status !== 'claimed' || c.assignee?.id !== agent.id || c.noContact) return false;
    return (await this.deps.customerLine.showTyping?.(c.address, agent.team ? undefined : agent.name)) ?? false;
  }

  /** Calls `listener` while the customer of an active case types (where their channel tells);
   * undefined when there is nothing to watch. */
  async watchCustomerTyping(caseId: string, listener: () => void): Promise<(() => Promise<void>) | undefined> {
    const c = await this.deps.cases.get(caseId);
    if (!c || !isActive(c)) return undefined;
    return this.deps.customerLine.watchTyping?.(c.address, listener);
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
        // Off the customer's turn, once per case across instances (each alert goes to one).
        if (c && alert.kind === 'new') await this.assignWaiting([c]);
        await this.deps.alerts.ack(id);
      } catch (err) {
        // Left unacknowledged: handed out again later (to this or another instance).
        this.warn(err, alert.caseId, 'could not deliver a case alert; it will be retried');
      }
    }
    return taken.length;
  }

  private async expire(caseId: string, now: number): Promise<void> {
    const { c, events } = await this.change(caseId, { type: 'expire' }, SYSTEM, now);
    if (!c) return;
    for (const event of events) {
      this.deps.log.warn({ caseId }, 'case expired unclaimed');
      this.metrics.caseStatus('expired');
      await this.count(c, 'expired');
      await this.spread(c, event);
    }
  }

  private async missDeadline(caseId: string, now: number): Promise<void> {
    const { events } = await this.change(caseId, { type: 'miss-deadline', sla: this.deps.sla }, SYSTEM, now);
    for (const event of events) {
      if (event.type !== 'overdue') continue;
      this.deps.log.warn({ caseId, priority: event.priority, overdue: event.overdue }, 'case missed its deadline');
      this.metrics.slaMissed(event.priority);
      await this.deps.alerts.push({ caseId, kind: 'overdue' });
      await this.publish(caseId);
    }
  }

  /**
   * Runs a transition inside the store's compare-and-set update (again on a fresher case when
   * another writer got there first): the case as stored afterwards, the events of the run that
   * was kept, or why it was refused.
   */
  private async change(caseId: string, action: CaseAction, actor: CaseActor, now = this.deps.clock.now()): Promise<{ c: EscalationCase | undefined; events: CaseEvent[]; refused?: SatisfyError }> {
    let events: CaseEvent[] = [];
    let refused: SatisfyError | undefined;
    const c = await this.deps.cases.update(caseId, (fresh) => {
      const t = transition(fresh, action, actor, now);
      events = t.ok ? t.events : [];
      refused = t.ok ? undefined : refusal(t, caseId);
      return t.ok && t.next !== fresh ? t.next : undefined;
    });
    if (!c) return { c, events: [], refused: notFound(caseId) };
    return { c, events, ...(refused ? { refused } : {}) };
  }

  /** `change` for an agent's request: a refusal is their error. */
  private async changeOrThrow(caseId: string, action: CaseAction, actor: CaseActor): Promise<{ c: EscalationCase; events: CaseEvent[] }> {
    const { c, events, refused } = await this.change(caseId, action, actor);
    if (refused || !c) throw refused ?? notFound(caseId);
    return { c, events };
  }

  /** Counts a step of the case into its survey's results; never fails the step. */
  private async count(c: EscalationCase, step: CaseStep): Promise<void> {
    await this.deps.results?.count(c, step);
  }

  private async queueAlert(caseId: string): Promise<void> {
    await this.deps.alerts.push({ caseId, kind: 'new' });
    await this.deps.cases.update(caseId, (c) => (c.alertQueued ? undefined : { ...c, alertQueued: true }));
  }

  /** Adds lines the case lacks (by id); `added` says whether any was new. */
  private async append(caseId: string, entries: readonly TranscriptEntry[]): Promise<{ c: EscalationCase; added: boolean } | undefined> {
    let added = false;
    const c = await this.deps.cases.update(caseId, (fresh) => {
      const next = appendEntries(fresh, entries);
      added = next !== fresh;
      return added ? next : undefined;
    });
    return c ? { c, added } : undefined;
  }

  /** Writes a case change into the customer's chat; failures are logged (the case goes on),
   * unless the change only counts once the customer has it (an agent's message). */
  private async tellCustomer(c: EscalationCase, event: CaseEvent): Promise<void> {
    const notice = customerNotice(c, event);
    if (!notice) return;
    try {
      await this.deps.customerLine.deliverEvent(c.address, notice.name, notice.value, notice.id);
    } catch (err) {
      if (notice.strict) throw new SatisfyError('CHANNEL_UNREACHABLE', `The customer's chat (${c.address.channelId}) could not be reached: ${(err as Error).message}`, { cause: err });
      this.warn(err, c.id, `could not send ${notice.name} to the customer`);
    }
  }

  /** A case came into someone's hands (claimed, assigned from the queue, or automatically). */
  private async claimed(c: EscalationCase): Promise<void> {
    this.metrics.caseStatus('claimed');
    this.webhooks.emit('case.claimed', caseData(c));
    await this.count(c, 'claimed');
  }

  /** A change everyone hears of: consoles (the live feed), the Slack card and the customer's chat. */
  private async spread(c: EscalationCase, event: CaseEvent): Promise<void> {
    await this.publish(c.id);
    await this.refreshCard(c);
    await this.tellCustomer(c, event);
  }

  private async refreshCard(c: EscalationCase): Promise<void> {
    await this.deps.notifier?.refresh(c).catch((err: unknown) => this.warn(err, c.id, 'could not update the Slack card'));
  }

  private async publish(caseId: string): Promise<void> {
    await this.deps.feed.publish(caseId).catch((err: unknown) => this.warn(err, caseId, 'could not announce a case change'));
  }

  private warn(err: unknown, caseId: string, message: string): void {
    this.deps.log.warn({ err: (err as Error).message, caseId }, message);
  }
}

const CUSTOMER: CaseActor = { type: 'customer' };
const SYSTEM: CaseActor = { type: 'system' };

function notFound(caseId: string): SatisfyError {
  return new SatisfyError('CASE_NOT_FOUND', `No case ${caseId}`);
}

function refusal(t: { refused: SatisfyError['code']; message: string }, caseId: string): SatisfyError {
  return t.refused === 'CASE_NOT_FOUND' ? notFound(caseId) : new SatisfyError(t.refused, t.message);
}
