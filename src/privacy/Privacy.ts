import type { Logger } from 'pino';
import { conversationKey } from '../bot/SurveyBot.js';
import { DIRECT_LINE_CHANNEL } from '../channels/directline/DirectLineAdapter.js';
import { SLACK_CHANNEL, slackQuestionKey } from '../channels/slack/SlackAdapter.js';
import { caseIdFor, type EscalationCase } from '../core/cases.js';
import type { ChatConversation, Clock, LoggedActivity, PrivacyAuditEntry, SurveyResponse } from '../core/ports.js';
import { SatisfyError } from '../errors.js';
import type { Stores } from '../storage/Stores.js';
import { customerDigest } from './customerDigest.js';
import { customerIdProblem } from './customerId.js';

export type PrivacyStores = Pick<Stores, 'customers' | 'responses' | 'cases' | 'state' | 'activities' | 'alerts' | 'caseFeed' | 'privacyLog' | 'aggregates' | 'invitations'>;

export type PrivacyCounts = PrivacyAuditEntry['counts'];

export interface ErasureReport {
  /** SHA-256 of the customer id, as written to the audit log. */
  customerDigest: string;
  erasedAt: string;
  /** What was deleted: survey responses, escalation cases, conversations' state, web chat logs. */
  counts: PrivacyCounts;
  /** False when nothing was left (erased before, expired, or never stored). */
  found: boolean;
}

export interface ConversationExport {
  channelId: string;
  conversationId: string;
  /** Every state key the channel keeps for the conversation, as stored. */
  state: Record<string, unknown>;
  /** The web chat's conversation and every activity in it (web chat only). */
  chat: { conversation: ChatConversation; activities: LoggedActivity[] } | null;
}

export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  note: string;
  responses: SurveyResponse[];
  cases: EscalationCase[];
  conversations: ConversationExport[];
}

interface Found {
  responses: Map<string, { surveyId?: string; response?: SurveyResponse }>;
  cases: Map<string, EscalationCase>;
  conversations: Map<string, { channelId: string; conversationId: string }>;
}

const CHAT_PAGE = 500;

/**
 * GDPR erasure (Art. 17) and access (Art. 15) for one customer, across every store, from the
 * customer's index entry: their responses, the case each raised (and the recovery survey it led
 * to), the conversations they had (state, web chat log) and the alerts about their cases.
 * Erasing deletes key by key (in a Redis Cluster the keys sit in different slots) and the index
 * entry last, so an erasure cut short is finished by running it again.
 */
export class Privacy {
  constructor(private readonly deps: { stores: PrivacyStores; clock: Clock; log: Logger }) {}

  async erase(customerId: string, actor: string): Promise<ErasureReport> {
    checkId(customerId);
    const { stores } = this.deps;
    const found = await this.find(customerId);
    const counts: PrivacyCounts = { responses: 0, cases: 0, conversations: 0, chats: 0 };
    // Conversations first: their state holds the last turn's events, which a turn running on
    // another instance would otherwise write back into a response already erased.
    for (const conversation of found.conversations.values()) {
      const keys = stateKeys(conversation);
      const existing = await stores.state.read(keys);
      await stores.state.delete(keys);
      if (Object.keys(existing).length) counts.conversations++;
      if (conversation.channelId === DIRECT_LINE_CHANNEL && (await stores.activities.deleteConversation(conversation.conversationId))) counts.chats++;
    }
    for (const id of found.cases.keys()) {
      await stores.alerts.forget(id);
      if (await stores.cases.delete(id)) counts.cases++;
      await stores.caseFeed.publish(id);
    }
    for (const [id, { surveyId }] of found.responses) {
      if (await stores.responses.delete(id, surveyId)) counts.responses++;
      // The results keep their (anonymous) counts; only the record of which events were applied names the response.
      if (surveyId) await stores.aggregates.forgetResponse(surveyId, id);
    }
    // Invitations hold the customer's address and order; an opt-out is kept as a bare flag, so
    // erasing a customer never makes them reachable again.
    await stores.invitations.forgetCustomer(customerId);
    await stores.customers.forget(customerId);
    const entry = await this.audit('customer.erased', customerId, actor, counts);
    return { customerDigest: entry.customerDigest, erasedAt: entry.at, counts, found: Object.values(counts).some((n) => n > 0) };
  }

  /** Everything stored about the customer, unmasked: it is their own data, for them. */
  async export(customerId: string, actor: string): Promise<CustomerExport> {
    checkId(customerId);
    const { stores } = this.deps;
    const found = await this.find(customerId);
    const responses = [...found.responses.values()].flatMap((r) => (r.response ? [r.response] : []));
    const cases = [...found.cases.values()];
    const conversations: ConversationExport[] = [];
    for (const c of found.conversations.values()) {
      const items = await stores.state.read(stateKeys(c));
      const state = Object.fromEntries(Object.entries(items).map(([key, { eTag: _eTag, ...value }]) => [key, value]));
      const chat = c.channelId === DIRECT_LINE_CHANNEL ? await this.chat(c.conversationId) : null;
      if (Object.keys(state).length || chat) conversations.push({ ...c, state, chat });
    }
    const counts = { responses: responses.length, cases: cases.length, conversations: conversations.length, chats: conversations.filter((c) => c.chat).length };
    const entry = await this.audit('customer.exported', customerId, actor, counts);
    return {
      customerId,
      exportedAt: entry.at,
      note: 'Everything Satisfy stores about this customer, as stored (nothing masked). Data past its retention period has already been deleted.',
      responses: responses.sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
      cases: cases.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      conversations,
    };
  }

  /** The customer's responses, the cases they raised and the recovery surveys those led to,
   * and their conversations. */
  private async find(customerId: string): Promise<Found> {
    const { stores } = this.deps;
    const found: Found = { responses: new Map(), cases: new Map(), conversations: new Map() };
    const addConversation = (channelId: string, conversationId: string) => found.conversations.set(`${channelId}/${conversationId}`, { channelId, conversationId });
    const pending: { id: string; surveyId?: string }[] = [];
    for (const ref of await stores.customers.refs(customerId)) {
      if (ref.kind === 'response') pending.push({ id: ref.id, surveyId: ref.surveyId });
      else addConversation(ref.channelId, ref.conversationId);
    }
    for (let next = pending.shift(); next; next = pending.shift()) {
      if (found.responses.has(next.id)) continue;
      const response = await stores.responses.get(next.id);
      found.responses.set(next.id, { ...(next.surveyId ? { surveyId: next.surveyId } : {}), ...(response ? { response } : {}) });
      const c = await stores.cases.get(caseIdFor(next.id));
      if (!c) continue;
      found.cases.set(c.id, c);
      addConversation(c.address.channelId, c.address.conversationId);
      if (c.recovery?.responseId) pending.push({ id: c.recovery.responseId });
    }
    return found;
  }

  private async chat(conversationId: string): Promise<ConversationExport['chat']> {
    const conversation = await this.deps.stores.activities.getConversation(conversationId);
    if (!conversation) return null;
    const activities: LoggedActivity[] = [];
    for (let watermark = 0; ; ) {
      const page = await this.deps.stores.activities.since(conversationId, watermark, CHAT_PAGE);
      activities.push(...page.activities);
      if (page.activities.length < CHAT_PAGE) break;
      watermark = page.watermark;
    }
    return { conversation, activities };
  }

  private async audit(action: PrivacyAuditEntry['action'], customerId: string, actor: string, counts: PrivacyCounts): Promise<PrivacyAuditEntry> {
    const entry: PrivacyAuditEntry = { at: new Date(this.deps.clock.now()).toISOString(), actor, action, customerDigest: customerDigest(customerId), counts };
    await this.deps.stores.privacyLog.append(entry);
    this.deps.log.info({ action, actor, customerDigest: entry.customerDigest, counts }, action === 'customer.erased' ? 'customer data erased' : 'customer data exported');
    return entry;
  }

  history(limit: number): Promise<PrivacyAuditEntry[]> {
    return this.deps.stores.privacyLog.list(limit);
  }
}

function checkId(customerId: string): void {
  const problem = customerIdProblem(customerId);
  if (problem) throw new SatisfyError('BAD_REQUEST', problem);
}

/** The state a channel keeps for one conversation: the bot's, and Slack's last question. */
function stateKeys(c: { channelId: string; conversationId: string }): string[] {
  const keys = [conversationKey({ channelId: c.channelId, conversation: { id: c.conversationId, isGroup: false, conversationType: 'personal', name: '' } })];
  if (c.channelId === SLACK_CHANNEL) keys.push(slackQuestionKey(c.conversationId));
  return keys;
}
