import type { Logger } from 'pino';
import { refusalFor, withClosed, withConsent, withInvitation, withOptOut, type ContactRecord } from '../core/distribution/contactRules.js';
import { startDataOf, type InvitationChannel, type InvitationCustomer, type InvitationRecord, type InvitationStatus, type RefusalReason } from '../core/distribution/invitation.js';
import { afterQuietHours, type QuietHours } from '../core/distribution/quietHours.js';
import type { SurveyEvent } from '../core/events.js';
import { negotiateLocale } from '../core/locale.js';
import type { AggregateStore, InvitationStore, ResponseStore } from '../core/ports.js';
import { utcDay } from '../core/results/aggregateEvent.js';
import { field } from '../core/results/fields.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { SatisfyError } from '../errors.js';
import type { Invitations } from '../invitations/Invitations.js';
import { inviteLink } from '../invitations/inviteLink.js';
import { noMetrics, type Metrics } from '../metrics/Metrics.js';
import type { Job, JobQueue } from '../scheduler/JobQueue.js';
import { JobGiveUp, type JobHandler, type JobRun } from '../scheduler/JobRunner.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { noWebhooks, type WebhookEmitter } from '../webhooks/WebhookEmitter.js';
import type { InvitationMessage, InvitationSender } from './InvitationSender.js';

export interface InviteRequest {
  surveyId: string;
  channel: InvitationChannel;
  customer: InvitationCustomer;
  order: Record<string, unknown>;
  /** ISO time; now when absent. */
  sendAt?: string;
  /** Overrides customer.locale. */
  locale?: string;
  idempotencyKey?: string;
}

export type InviteOutcome =
  | { outcome: 'created' | 'existing'; invitation: InvitationRecord; url: string | undefined }
  | { outcome: 'refused'; reason: RefusalReason; message: string };

export interface DistributionDeps {
  store: InvitationStore;
  jobs: JobQueue;
  scripts: ScriptRegistry;
  responses: ResponseStore;
  aggregates: AggregateStore;
  /** Signs survey links. */
  invitations: Invitations;
  senders: readonly InvitationSender[];
  now: () => number;
  newId: () => string;
  /** Where customers reach us (links in emails and Slack must be absolute). */
  publicUrl: string | undefined;
  /** The links of one message (the survey, one-click answers, unsubscribe) on `publicUrl`, for
   * the signed survey token of the invitation. */
  links: (publicUrl: string, inviteToken: string, invitation: InvitationRecord, script: CompiledScript) => Promise<InvitationMessage['links']>;
  settings: {
    quietHours: QuietHours | null;
    defaultTimezone: string;
    /** Reminders per invitation when the script sets reminderAfter. */
    reminders: number;
    /** How long a link stays valid after its send time. */
    ttlMs: number;
  };
  log: Logger;
  metrics?: Metrics;
  webhooks?: WebhookEmitter;
}

/** Statuses of an invitation still waiting for the customer. */
const OPEN: readonly InvitationStatus[] = ['scheduled', 'sent', 'opened', 'started'];
/** Responses whose customer and survey are kept from their start (about 100 B each). */
const FOLLOWED_RESPONSES = 20_000;
/** Contact records changed by another instance between read and write: decide again. */
const COMMIT_TRIES = 8;

export const JOB_KINDS = { send: 'invitation.send', remind: 'invitation.remind', expire: 'invitation.expire' } as const;

/**
 * Who is asked, when, how often and through which channel (docs/distribution.md): makes
 * invitations under the contact rules, sends them and their reminders from the scheduler,
 * and follows each one to its end (opened, started, completed, expired, failed, cancelled).
 */
export class Distribution {
  private readonly metrics: Metrics;
  private readonly webhooks: WebhookEmitter;

  constructor(private readonly deps: DistributionDeps) {
    this.metrics = deps.metrics ?? noMetrics;
    this.webhooks = deps.webhooks ?? noWebhooks;
  }

  channels(): InvitationChannel[] {
    return ['link', ...this.deps.senders.map((s) => s.channel)];
  }

  async invite(req: InviteRequest, requestedBy: string, baseUrl: string): Promise<InviteOutcome> {
    const script = await this.deps.scripts.published(req.surveyId);
    this.requireChannel(req);
    const now = this.deps.now();
    const locale = negotiateLocale([req.locale, req.customer.locale], script.locales, script.defaultLocale);
    const requested = req.sendAt ? Date.parse(req.sendAt) : now;
    // Quiet hours are for messages we send; a link goes wherever the shop puts it.
    const sendAt = req.channel === 'link' ? Math.max(now, requested) : afterQuietHours(Math.max(now, requested), this.zoneOf(req.customer), this.deps.settings.quietHours);
    const id = this.deps.newId();
    const createdAt = new Date(now).toISOString();
    const sentNow = req.channel === 'link';
    const invitation: InvitationRecord = {
      id,
      surveyId: req.surveyId,
      channel: req.channel,
      customer: req.customer,
      order: req.order,
      locale,
      status: sentNow ? 'sent' : 'scheduled',
      createdAt,
      sendAt: new Date(sendAt).toISOString(),
      expiresAt: new Date(sendAt + this.deps.settings.ttlMs).toISOString(),
      reminders: { sent: 0, max: req.channel !== 'link' && script.settings.reminderAfterMs ? this.deps.settings.reminders : 0 },
      history: [{ at: createdAt, status: sentNow ? 'sent' : 'scheduled', ...(sendAt > now && !sentNow ? { detail: `to be sent at ${new Date(sendAt).toISOString()}` } : {}) }],
      ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
      requestedBy,
    };
    for (let tries = 0; tries < COMMIT_TRIES; tries++) {
      const contact = await this.deps.store.contact(req.customer.id);
      const reason = refusalFor(contact, req.surveyId, script.settings.cooldownMs, now);
      if (reason) {
        // A retried request whose invitation went out before is answered with it, not refused.
        const again = req.idempotencyKey ? await this.byIdempotencyKey(req, requestedBy) : undefined;
        if (again) return { outcome: 'existing', invitation: again, url: await this.urlOf(again, baseUrl) };
        await this.deps.store.refuse({ at: createdAt, surveyId: req.surveyId, channel: req.channel, customerId: req.customer.id, reason, requestedBy });
        this.metrics.invitation(req.channel, `refused:${reason}`);
        return { outcome: 'refused', reason, message: refusalMessage(reason, contact, script) };
      }
      const result = await this.deps.store.commit({ customerId: req.customer.id, expected: contact.version, contact: withInvitation(contact, req.surveyId, id, now), invitation, ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}) });
      if ('existing' in result) {
        const existing = await this.deps.store.get(result.existing);
        if (existing) return { outcome: 'existing', invitation: existing, url: await this.urlOf(existing, baseUrl) };
        continue;
      }
      if ('conflict' in result) continue;
      this.metrics.invitation(req.channel, 'created');
      if (sentNow) {
        this.metrics.invitation(req.channel, 'sent');
        await this.count(invitation, 'sent', now);
      } else {
        await this.deps.jobs.schedule({ id: `send:${id}`, kind: JOB_KINDS.send, runAt: sendAt, payload: { invitationId: id } });
      }
      await this.deps.jobs.schedule({ id: `expire:${id}`, kind: JOB_KINDS.expire, runAt: Date.parse(invitation.expiresAt), payload: { invitationId: id } });
      return { outcome: 'created', invitation, url: await this.urlOf(invitation, baseUrl) };
    }
    throw new SatisfyError('STORE_UNAVAILABLE', 'Too many invitations for this customer at the same moment; try again.');
  }

  /** The job handlers to give the scheduler. */
  handlers(): Record<string, JobHandler> {
    return {
      [JOB_KINDS.send]: (job, run) => this.send(job, run, false),
      [JOB_KINDS.remind]: (job, run) => this.send(job, run, true),
      [JOB_KINDS.expire]: (job) => this.expire(job),
    };
  }

  /** The customer stops every invitation on every channel until re-consented. */
  async optOut(customerId: string, via: string): Promise<void> {
    const at = new Date(this.deps.now()).toISOString();
    const contact = await this.updateContact(customerId, (c) => (c.optedOut ? undefined : withOptOut(c, at, via)));
    if (!contact) return;
    this.webhooks.emit('customer.opted_out', { customerId, via, at }, { key: `opted_out:${customerId}:${at}` });
    this.deps.log.info({ via }, 'customer opted out of invitations');
    // Invitations waiting to be sent are withdrawn now (the send would refuse anyway).
    for (const id of Object.values(contact.open)) {
      const inv = await this.deps.store.get(id);
      if (inv?.status === 'scheduled') {
        await this.deps.jobs.cancel(`send:${id}`);
        await this.close(inv, 'cancelled', `the customer opted out (${via})`);
      }
    }
  }

  /** Re-consent (only through the API, when the shop has the customer's word). */
  async consent(customerId: string): Promise<boolean> {
    return !!(await this.updateContact(customerId, (c) => (c.optedOut ? withConsent(c) : undefined)));
  }

  async contact(customerId: string): Promise<ContactRecord> {
    return this.deps.store.contact(customerId);
  }

  get(id: string): Promise<InvitationRecord | undefined> {
    return this.deps.store.get(id);
  }

  ofCustomer(customerId: string): Promise<InvitationRecord[]> {
    return this.deps.store.ofCustomer(customerId, 200);
  }

  recent(limit: number, before?: number): Promise<InvitationRecord[]> {
    return this.deps.store.recent(limit, before);
  }

  refusals(limit: number) {
    return this.deps.store.refusals(limit);
  }

  /** The survey page of an invitation's link was opened. */
  async opened(invitationId: string): Promise<void> {
    const inv = await this.deps.store.get(invitationId);
    if (!inv || (inv.status !== 'sent' && inv.status !== 'scheduled')) return;
    await this.advance(inv, 'opened');
  }

  /**
   * Follows a customer's survey: a start marks their open invitation for it started, a finish
   * completed, and "stop" opts them out of every later invitation. Never fails the turn.
   */
  async onSurveyEvents(events: readonly SurveyEvent[]): Promise<void> {
    for (const e of events) {
      try {
        if (e.type === 'survey.started') {
          const customerId = idOf(e.customer);
          this.follow(e.responseId, { customerId: customerId ?? null, surveyId: e.surveyId });
          if (!customerId) continue;
          const id = (await this.deps.store.contact(customerId)).open[e.surveyId];
          const inv = id ? await this.deps.store.get(id) : undefined;
          if (inv && (inv.status === 'sent' || inv.status === 'opened' || inv.status === 'scheduled')) await this.advance({ ...inv, responseId: e.responseId }, 'started');
        } else if (e.type === 'survey.completed' || e.type === 'survey.opted_out') {
          // Known from the start this instance followed; else (another instance, a restart) read.
          const response = this.followed.get(e.responseId) ?? (await this.deps.responses.get(e.responseId));
          this.followed.delete(e.responseId);
          if (!response?.customerId) continue;
          const id = (await this.deps.store.contact(response.customerId)).open[response.surveyId];
          const inv = id ? await this.deps.store.get(id) : undefined;
          if (e.type === 'survey.completed') {
            if (inv && OPEN.includes(inv.status)) await this.close({ ...inv, responseId: e.responseId }, 'completed');
          } else {
            await this.optOut(response.customerId, 'survey');
          }
        }
      } catch (err) {
        this.deps.log.warn({ err, type: e.type }, 'invitation tracking failed; the survey goes on');
      }
    }
  }

  /** Customer and survey of the responses whose start this instance followed, so their end
   * needs no read of the response (the oldest are forgotten first; forgetting costs a read). */
  private readonly followed = new Map<string, { customerId: string | null; surveyId: string }>();

  private follow(responseId: string, facts: { customerId: string | null; surveyId: string }): void {
    this.followed.delete(responseId);
    this.followed.set(responseId, facts);
    if (this.followed.size > FOLLOWED_RESPONSES) this.followed.delete(this.followed.keys().next().value!);
  }

  /** A customer said stop before answering anything: no response is kept, the opt-out is. */
  async stoppedBeforeStart(customer: Record<string, unknown>): Promise<void> {
    const customerId = idOf(customer);
    if (!customerId) return;
    await this.optOut(customerId, 'survey').catch((err: unknown) => this.deps.log.warn({ err }, 'opt-out not recorded; the survey goes on'));
  }

  private async send(job: Job, run: JobRun, reminder: boolean): Promise<void> {
    const { invitationId } = job.payload as { invitationId: string };
    const found = await this.deps.store.get(invitationId);
    if (!found) return;
    const now = this.deps.now();
    // A failed send whose dead job an admin revived: scheduled again, if the customer may still be asked.
    const inv = !reminder && found.status === 'failed' ? await this.reopen(found, now) : found;
    if (!inv) return;
    if (reminder ? !['sent', 'opened', 'started'].includes(inv.status) || inv.reminders.sent >= inv.reminders.max : inv.status !== 'scheduled') return;
    const contact = await this.deps.store.contact(inv.customer.id);
    if (contact.optedOut) return reminder ? undefined : this.close(inv, 'cancelled', `the customer opted out (${contact.optedOut.via})`);
    if (now >= Date.parse(inv.expiresAt)) return reminder ? undefined : this.close(inv, 'expired', 'not sent before it expired');
    // A retry that drifted into the night waits for the morning.
    const at = afterQuietHours(now, this.zoneOf(inv.customer), this.deps.settings.quietHours);
    if (at > now) {
      await this.deps.jobs.schedule({ id: `${job.id}@${at}`, kind: job.kind, runAt: at, payload: job.payload });
      return;
    }
    const sender = this.deps.senders.find((s) => s.channel === inv.channel);
    if (!sender) throw new Error(`no ${inv.channel} channel is configured on this server`);
    const script = await this.deps.scripts.published(inv.surveyId);
    const message: InvitationMessage = { invitation: inv, script, links: await this.deps.links(this.baseUrl(), await this.tokenOf(inv), inv, script), reminder };
    try {
      await sender.send(message);
    } catch (err) {
      // The last try (or one that cannot succeed): the invitation failed, and says why; the
      // scheduler dead-letters the job.
      if (!reminder && (run.final || err instanceof JobGiveUp)) await this.close(inv, 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
    const at2 = new Date(now).toISOString();
    if (reminder) {
      const updated = { ...inv, reminders: { ...inv.reminders, sent: inv.reminders.sent + 1 }, history: [...inv.history, { at: at2, status: 'reminded' as const }] };
      await this.deps.store.save(updated);
      this.metrics.invitation(inv.channel, 'reminded');
      if (updated.reminders.sent < updated.reminders.max) await this.scheduleReminder(updated, script, now);
      return;
    }
    const sent = { ...inv, status: 'sent' as const, history: [...inv.history, { at: at2, status: 'sent' as const }] };
    await this.deps.store.save(sent);
    this.metrics.invitation(inv.channel, 'sent');
    await this.count(sent, 'sent', now);
    if (sent.reminders.max > 0) await this.scheduleReminder(sent, script, now);
  }

  /** The failed invitation scheduled again (its survey open for the customer once more), or
   * undefined when it may not be (opted out since, or another invitation to the survey is open). */
  private async reopen(inv: InvitationRecord, now: number): Promise<InvitationRecord | undefined> {
    let allowed = false;
    await this.updateContact(inv.customer.id, (c) => {
      allowed = !c.optedOut && (!c.open[inv.surveyId] || c.open[inv.surveyId] === inv.id);
      if (!allowed || c.open[inv.surveyId] === inv.id) return undefined;
      return { ...c, version: c.version + 1, open: { ...c.open, [inv.surveyId]: inv.id } };
    });
    if (!allowed) {
      this.deps.log.info({ invitationId: inv.id }, 'failed invitation not sent again: the customer opted out or has another open invitation to the survey');
      return undefined;
    }
    const { failure: _failure, ...rest } = inv;
    const again: InvitationRecord = { ...rest, status: 'scheduled', history: [...inv.history, { at: new Date(now).toISOString(), status: 'scheduled', detail: 'sent again (the failed send was retried)' }] };
    await this.deps.store.save(again);
    return again;
  }

  private async scheduleReminder(inv: InvitationRecord, script: CompiledScript, now: number): Promise<void> {
    const after = script.settings.reminderAfterMs;
    if (!after) return;
    const n = inv.reminders.sent + 1;
    await this.deps.jobs.schedule({ id: `remind:${inv.id}:${n}`, kind: JOB_KINDS.remind, runAt: now + after, payload: { invitationId: inv.id } });
  }

  private async expire(job: Job): Promise<void> {
    const { invitationId } = job.payload as { invitationId: string };
    const inv = await this.deps.store.get(invitationId);
    if (inv && OPEN.includes(inv.status)) await this.close(inv, 'expired', inv.status === 'scheduled' ? 'not sent before it expired' : 'not answered before it expired');
  }

  /** A step forward that leaves the invitation open (opened, started). */
  private async advance(inv: InvitationRecord, status: 'opened' | 'started'): Promise<void> {
    const now = this.deps.now();
    await this.deps.store.save({ ...inv, status, history: [...inv.history, { at: new Date(now).toISOString(), status }] });
    this.metrics.invitation(inv.channel, status);
    await this.count(inv, status, now);
  }

  /** Ends an invitation, and frees its survey in the customer's contact record. */
  private async close(inv: InvitationRecord, status: 'completed' | 'expired' | 'failed' | 'cancelled', detail?: string): Promise<void> {
    const now = this.deps.now();
    const closed: InvitationRecord = { ...inv, status, history: [...inv.history, { at: new Date(now).toISOString(), status, ...(detail ? { detail } : {}) }], ...(status === 'failed' && detail ? { failure: detail } : {}) };
    await this.deps.store.save(closed);
    await this.updateContact(inv.customer.id, (c) => (c.open[inv.surveyId] === inv.id ? withClosed(c, inv.surveyId, inv.id) : undefined));
    this.metrics.invitation(inv.channel, status);
    if (status === 'completed') await this.count(inv, status, now);
    if (status === 'failed') this.deps.log.warn({ invitationId: inv.id, channel: inv.channel, reason: detail }, 'invitation could not be sent');
  }

  /** Applies `change` to the customer's contact record (compare-and-set); undefined: nothing to do. */
  private async updateContact(customerId: string, change: (c: ContactRecord) => ContactRecord | undefined): Promise<ContactRecord | undefined> {
    for (let tries = 0; tries < COMMIT_TRIES; tries++) {
      const contact = await this.deps.store.contact(customerId);
      const next = change(contact);
      if (!next) return undefined;
      const result = await this.deps.store.commit({ customerId, expected: contact.version, contact: next });
      if (result.ok) return next;
    }
    throw new SatisfyError('STORE_UNAVAILABLE', 'The customer record kept changing; try again.');
  }

  /** Response rate: invitations sent, opened, started and completed per channel and day. */
  private async count(inv: InvitationRecord, step: 'sent' | 'opened' | 'started' | 'completed', now: number): Promise<void> {
    try {
      await this.deps.aggregates.apply({ surveyId: inv.surveyId, day: utcDay(now), responseId: `inv:${inv.id}`, key: `invitation.${step}`, segments: {}, counts: { [field.invitation(step)]: 1, [field.invitation(step, inv.channel)]: 1 } });
    } catch (err) {
      this.deps.log.warn({ err, invitationId: inv.id, step }, 'response rate not counted');
    }
  }

  private async byIdempotencyKey(req: InviteRequest, requestedBy: string): Promise<InvitationRecord | undefined> {
    const recent = await this.deps.store.ofCustomer(req.customer.id, 50);
    return recent.find((i) => i.idempotencyKey === req.idempotencyKey && i.requestedBy === requestedBy);
  }

  private requireChannel(req: InviteRequest): void {
    if (!this.channels().includes(req.channel)) {
      throw new SatisfyError('BAD_REQUEST', `channel: "${req.channel}" is not configured on this server (configured: ${this.channels().join(', ')}; see docs/distribution.md).`);
    }
    if (req.channel === 'email' && !req.customer.email) throw new SatisfyError('BAD_REQUEST', 'customer.email: required to invite by email.');
    if (req.channel === 'slack' && !req.customer.slackUserId && !req.customer.email) throw new SatisfyError('BAD_REQUEST', 'customer.slackUserId (or customer.email, to look the user up): required to invite by Slack.');
  }

  private zoneOf(customer: InvitationCustomer): string {
    return customer.timezone ?? this.deps.settings.defaultTimezone;
  }

  private baseUrl(): string {
    if (!this.deps.publicUrl) throw new Error('PUBLIC_URL is not set: emails and Slack messages need absolute links');
    return this.deps.publicUrl;
  }

  /** The signed survey token of an invitation, valid until the invitation expires. */
  private async tokenOf(inv: InvitationRecord): Promise<string> {
    const customer = startDataOf(inv.customer);
    const ttlMs = Math.max(60_000, Date.parse(inv.expiresAt) - this.deps.now());
    return (await this.deps.invitations.issue({ surveyId: inv.surveyId, locale: inv.locale, customer, order: inv.order }, ttlMs, inv.id)).token;
  }

  private async urlOf(inv: InvitationRecord, baseUrl: string): Promise<string> {
    return inviteLink(this.deps.publicUrl ?? baseUrl, await this.tokenOf(inv));
  }
}

function idOf(record: Record<string, unknown>): string | undefined {
  const id = record.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function refusalMessage(reason: RefusalReason, contact: ContactRecord, script: CompiledScript): string {
  switch (reason) {
    case 'OPTED_OUT':
      return `The customer opted out of surveys (${contact.optedOut?.via ?? 'unknown'}, ${contact.optedOut?.at ?? ''}); re-consent with POST /api/customers/:id/consent.`;
    case 'DUPLICATE':
      return `The customer already has an open invitation to survey "${script.id}" (${contact.open[script.id]}).`;
    case 'COOLDOWN':
      return `The customer was invited ${contact.lastInvitedAt ? new Date(contact.lastInvitedAt).toISOString() : 'recently'}; survey "${script.id}" waits ${Math.round(script.settings.cooldownMs / 86_400_000)} days between invitations.`;
  }
}
