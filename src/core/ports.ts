/**
 * The interfaces the core owns and the world implements (storage/memory, storage/redis, ...).
 * Shapes are kept structurally compatible with botbuilder where it has one (StateStorage is a
 * botbuilder `Storage`), without the core importing botbuilder.
 */
import type { EscalationCase } from './cases.js';
import type { CannedReply } from './cases/cannedReply.js';
import type { ContactRecord } from './distribution/contactRules.js';
import type { InvitationRecord, RefusedInvitation } from './distribution/invitation.js';
import type { AnswerValue, Session } from './session.js';
import type { AggregateUpdate } from './results/aggregateEvent.js';
import type { Counters } from './results/fields.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** `mixed`: both sides, no winner; `unsure`: the scorer's confidence is below what its model
 * needs to name a label (see docs/sentiment.md). */
export type SentimentLabel = 'negative' | 'neutral' | 'positive' | 'mixed' | 'unsure';
/** The labels results rank themes by: a mixed or unsure answer has no one side to add to. */
export type ThemeLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  /** In [-1, 1]. */
  score: number;
  label: SentimentLabel;
  /** In [0, 1]: the calibrated probability that the label is right (for `unsure`, of the likeliest label). */
  confidence: number;
  /** The words and phrases that weighed most, strongest first. */
  drivers: string[];
}

/** How one aspect (delivery, price, ...) fares in an answer that talks about it. */
export interface AspectSentiment {
  aspect: string;
  /** Sentiment of the parts of the answer that mention the aspect, in [-1, 1]. */
  score: number;
  /** The words that named it. */
  mentions: string[];
}

export interface TextAnalysis extends SentimentResult {
  aspects: AspectSentiment[];
}

export interface SentimentScorer {
  score(text: string, locale: string): SentimentResult;
  /** Sentiment plus the aspects the text talks about; `extraAspects` are a script's own, as
   * keywords in the text's locale. */
  analyze(text: string, locale: string, extraAspects?: Readonly<Record<string, readonly string[]>>): TextAnalysis;
}

/** A stored value with its version. Writes check it: a string eTag must match the stored one;
 * '*' writes unconditionally (botbuilder's BotState sends it); no eTag means "create, must not
 * exist yet". A failed check throws a StorageError with code ETAG_CONFLICT. */
export interface StoreItem {
  eTag?: string;
  [key: string]: unknown;
}

export type StoreItems = Record<string, StoreItem>;

export interface WriteOptions {
  /** Time to live of every written key, in milliseconds; absent means the store's longest
   * (STATE_RETENTION_DAYS), or no expiry for a store built without one. A store caps longer
   * TTLs to that retention too. */
  ttlMs?: number;
}

/** Each key is checked and written atomically; a batch is not atomic across keys (in a Redis
 * Cluster they may live on different nodes), and a conflict on any key throws. */
export interface StateStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems, options?: WriteOptions): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export interface SessionItem extends StoreItem {
  session: Session;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'opted_out' | 'abandoned';

export interface StoredAnswer {
  value: AnswerValue | null;
  raw: string;
  attempts: number;
  answeredAt: string;
  skipped?: boolean;
  sentiment?: number;
  sentimentLabel?: SentimentLabel;
  /** The scorer's confidence in that label, in [0, 1]. */
  sentimentConfidence?: number;
  /** The words and phrases behind the label, strongest first (from the model's vocabulary). */
  drivers?: string[];
  /** Aspects an open answer talks about, with the sentiment of what it says about each. */
  aspects?: { aspect: string; score: number }[];
  /** Set on an open answer that contradicts the rating before it. */
  mismatch?: 'high_rating_negative_text' | 'low_rating_positive_text';
  aspect?: string;
}

export interface EscalationRecord {
  reason: 'rule' | 'customer';
  ruleId?: string;
  priority: string;
  at: string;
}

export interface SurveyResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: string;
  locale: string;
  customerId: string | null;
  orderId: string | null;
  status: ResponseStatus;
  startedAt: string;
  completedAt: string | null;
  endingId?: string;
  /** Opted out or abandoned: the question that was waiting (drop-off). */
  leftAt?: string;
  /** What results split this response by (script `segments`), fixed at its start. */
  segments?: Record<string, string>;
  answers: Record<string, StoredAnswer>;
  escalations: EscalationRecord[];
}

export interface ResponseQuery {
  surveyId?: string;
  /** Inclusive bounds on startedAt, ISO 8601. */
  from?: string;
  to?: string;
  limit?: number;
  /** Listing order by (startedAt, id): oldest first (default) or newest first. */
  order?: 'asc' | 'desc';
  /** Only responses after this one in the listing order (a page's last): pages never repeat or
   * skip a response, however many started in the same millisecond. */
  after?: ResponsePosition;
}

/** Where a response sits in a listing. */
export interface ResponsePosition {
  startedAt: string;
  id: string;
}

/** Responses are written as they happen (each answer on its own), so a survey left half-way is
 * still there. Every write is idempotent: a retried turn writes the same thing again. */
export interface ResponseStore {
  create(response: SurveyResponse): Promise<void>;
  recordAnswer(responseId: string, questionId: string, answer: StoredAnswer): Promise<void>;
  /** `leftAt`: the question that was waiting when the customer stopped or went away. */
  finish(responseId: string, status: Exclude<ResponseStatus, 'in_progress'>, at: string, endingId?: string, leftAt?: string): Promise<void>;
  addEscalation(responseId: string, escalation: EscalationRecord): Promise<void>;
  get(responseId: string): Promise<SurveyResponse | undefined>;
  list(query: ResponseQuery): Promise<SurveyResponse[]>;
  /** Removes the response and its index entries (erasure); `surveyId` finds the survey's index
   * entry when the response itself has already expired. True when there was a response. */
  delete(responseId: string, surveyId?: string): Promise<boolean>;
}

export interface ScriptVersion {
  surveyId: string;
  version: number;
  /** The YAML text as written, so what an admin sees is what they wrote. */
  source: string;
  createdAt: string;
  author: string;
  comment: string;
}

/** An admin's work in progress on a survey: one per survey, not used by any conversation. */
export interface ScriptDraft {
  surveyId: string;
  source: string;
  author: string;
  updatedAt: string;
  /** The version it was started from (undefined for a new survey). */
  baseVersion?: number;
}

export interface ScriptStore {
  surveyIds(): Promise<string[]>;
  latest(surveyId: string): Promise<ScriptVersion | undefined>;
  get(surveyId: string, version: number): Promise<ScriptVersion | undefined>;
  /** Every version, oldest first. */
  versions(surveyId: string): Promise<ScriptVersion[]>;
  getDraft(surveyId: string): Promise<ScriptDraft | undefined>;
  saveDraft(draft: ScriptDraft): Promise<void>;
  deleteDraft(surveyId: string): Promise<void>;
  /** Stores the next version number and returns it. */
  add(version: Omit<ScriptVersion, 'version'>): Promise<ScriptVersion>;
  published(surveyId: string): Promise<number | undefined>;
  publish(surveyId: string, version: number): Promise<void>;
}

/** A web chat conversation (Direct Line): who it belongs to and what it was opened with. */
export interface ChatConversation {
  id: string;
  userId: string;
  createdAt: string;
  locale?: string;
}

/** One activity as kept in a conversation's log: `id` is `<conversationId>|<seq>`, and the
 * watermark after it is `seq`. */
export type LoggedActivity = Record<string, unknown> & { id: string };

export interface ActivityPage {
  activities: LoggedActivity[];
  /** The watermark to ask from next time: the seq of the last activity returned (or the one
   * asked for when there is nothing new). */
  watermark: number;
}

/**
 * Every activity of a web chat conversation in order, so a client reconnecting with a watermark
 * gets exactly what it missed, on whichever instance it lands; and a notification when one is
 * added, so live connections on any instance hear of it.
 */
export interface ActivityLog {
  /** Keeps the conversation unless one with its id exists; true when this call created it. */
  createConversation(conversation: ChatConversation, ttlMs: number): Promise<boolean>;
  getConversation(id: string): Promise<ChatConversation | undefined>;
  /** Appends and returns the stored activity. With a clientActivityId already seen in this
   * conversation, nothing is added and the earlier activity is returned (a client's retry).
   * With `announce: false` it is not announced (the turn's replies carry it: see appendAll).
   * With maxActivities, a log already that long takes nothing more: the call fails with
   * CONVERSATION_FULL (checked in the same atomic step as the append, across instances).
   * An unknown (or erased) conversation fails with NOT_FOUND. */
  append(conversationId: string, activity: Record<string, unknown>, options: { clientActivityId?: string; ttlMs: number; maxActivities?: number; announce?: boolean }): Promise<{ activity: LoggedActivity; duplicate: boolean }>;
  /** A turn's replies, in order, in one atomic step and one announcement: as `append` for each,
   * without a cap. With `announceFrom` (a watermark: the customer's activity whose turn this
   * is, appended with `announce: false`), the announcement starts after it, so what the log
   * holds from there to the end goes out in one announcement with the replies; given only
   * when something was added. */
  appendAll(conversationId: string, entries: { activity: Record<string, unknown>; clientActivityId?: string }[], options: { ttlMs: number; announceFrom?: number }): Promise<{ activity: LoggedActivity; duplicate: boolean }[]>;
  /** Announces what the log holds after the watermark `from` (an activity appended with
   * `announce: false` whose turn sent no reply); nothing when it holds nothing there. */
  announce(conversationId: string, from: number): Promise<void>;
  since(conversationId: string, watermark: number, limit: number): Promise<ActivityPage>;
  /** Calls the listener whenever activities are appended to the conversation (with the
   * activities themselves, so a live stream needs no read of the log; with neither argument
   * when an older instance announced it), or a signal is sent to it (the signal); returns the
   * function that stops listening. Each append is heard once,
   * but announcements can be missed (a subscriber reconnecting) or, on a Cluster, come out of
   * order: a listener keeps its own watermark and reads the log when it sees a gap. */
  subscribe(conversationId: string, listener: (signal?: ChatSignal, appended?: ChatAppend) => void): Promise<() => Promise<void>>;
  /** Something for whoever listens to the conversation right now, on any instance, kept nowhere
   * (a typing indicator): not in the log, not after the fact. */
  signal(conversationId: string, signal: ChatSignal): Promise<void>;
  /** Removes the conversation and every activity in it (erasure); true when it existed. */
  deleteConversation(id: string): Promise<boolean>;
}

/** Activities just appended to a conversation, in order: the last one's watermark is
 * `watermark`, so the first one's is `watermark - count + 1`. They come as the JSON array
 * text that was announced, so a stream can send them on as they are, with no parse and no
 * stringify per activity; `parseAppended` gives the activities (a stream needs them only
 * when part of the announcement was sent already). */
export interface ChatAppend {
  json: string;
  count: number;
  watermark: number;
}

/** A passing signal in a web chat conversation: someone is typing. `from` says who: the
 * customer (`user`) or the person answering them (`bot`, the side the customer talks to). */
export interface ChatSignal {
  type: 'typing';
  from: { id: string; name?: string; role: 'user' | 'bot' };
}

/** Remembers keys for a while, across instances: true the first time a key is seen. Used to
 * process each delivery of a channel (a Slack event, a button click) once. */
export interface Deduplicator {
  firstTime(key: string, ttlMs: number): Promise<boolean>;
}

/** Escalation cases. `update` is a compare-and-set loop: `change` gets the stored case and
 * returns the new one (or undefined to leave it), and is called again if another writer got
 * there first, so two instances claiming the same case cannot both win. */
export interface CaseStore {
  /** Creates the case unless one with its id exists; true when this call created it. */
  create(c: EscalationCase): Promise<boolean>;
  get(id: string): Promise<EscalationCase | undefined>;
  update(id: string, change: (c: EscalationCase) => EscalationCase | undefined): Promise<EscalationCase | undefined>;
  /** Newest first. */
  list(limit: number): Promise<EscalationCase[]>;
  /** The case whose Slack card has this message ts (its thread). */
  bySlackThread(ts: string): Promise<string | undefined>;
  linkSlackThread(ts: string, caseId: string): Promise<void>;
  /** Removes the case, its index entry and its Slack thread link (erasure); true when it
   * existed. */
  delete(id: string): Promise<boolean>;
}

export interface CaseAlert {
  caseId: string;
  kind: 'new' | 'overdue';
}

/** Alerts for support staff, each handed to exactly one of the instances that read the queue
 * (a Redis stream with a consumer group); one that is not acknowledged is handed out again. */
export interface AlertQueue {
  push(alert: CaseAlert): Promise<void>;
  /** Up to `count` alerts for this consumer, without waiting. */
  take(consumer: string, count: number): Promise<{ id: string; alert: CaseAlert }[]>;
  ack(id: string): Promise<void>;
  /** Drops every alert about the case, taken or not (the case was erased). */
  forget(caseId: string): Promise<void>;
}

/** "Something changed on this case", heard by every instance (live console pages). */
export interface CaseFeed {
  publish(caseId: string): Promise<void>;
  subscribe(listener: (caseId: string) => void): Promise<() => Promise<void>>;
}

/** Who did what to survey scripts, newest first when listed. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: 'version.imported' | 'version.published' | 'version.rolled_back' | 'draft.saved' | 'draft.deleted';
  surveyId: string;
  version?: number;
  comment?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(query: { surveyId?: string; limit: number }): Promise<AuditEntry[]>;
}

/** Something stored about one customer: a survey response (its case, if any, is found from
 * it), or a conversation (its state, and its chat log for the web chat). */
export type CustomerRef =
  | { kind: 'response'; id: string; surveyId: string }
  | { kind: 'conversation'; channelId: string; conversationId: string };

/**
 * Per customer (the `customer.id` a survey was started with): what was stored about them, so
 * it can be exported and erased without scanning the store. Written before the data it points
 * to, so nothing is stored that it does not list; it may list data that has since expired.
 */
export interface CustomerIndex {
  add(customerId: string, refs: readonly CustomerRef[]): Promise<void>;
  refs(customerId: string): Promise<CustomerRef[]>;
  /** Drops the customer's entry (the last step of an erasure). */
  forget(customerId: string): Promise<void>;
}

/** Who erased or exported a customer's data, when, and how much: never the data, and the
 * customer only as a SHA-256 digest of their id. */
export interface PrivacyAuditEntry {
  at: string;
  actor: string;
  action: 'customer.erased' | 'customer.exported';
  customerDigest: string;
  counts: { responses: number; cases: number; conversations: number; chats: number };
}

export interface PrivacyLog {
  append(entry: PrivacyAuditEntry): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<PrivacyAuditEntry[]>;
}

/** Failed sign-ins per key (a name with a client address, or an address), shared by every
 * instance so a throttle cannot be dodged by landing on another one. */
export interface SignInFailure {
  count: number;
  /** When the latest failure happened (ms since the epoch). */
  last: number;
}

export interface SignInFailures {
  /** Counts one failure at `at`; the record is forgotten `ttlMs` after its latest failure. */
  add(key: string, at: number, ttlMs: number): Promise<SignInFailure>;
  get(key: string): Promise<SignInFailure | undefined>;
  clear(key: string): Promise<void>;
}

/** Which group of responses to read: all of them, or those with one of these values of a segment. */
export interface AggregateGroup {
  name: string;
  values: readonly string[];
}

/**
 * A survey's results as counters per UTC day and per group (docs/http-api.md, results), kept as
 * answers arrive so that reading never scans responses. Anonymous: no customer, no text
 * beyond theme phrases; it outlives the responses it was made from.
 */
export interface AggregateStore {
  /** Adds the update's counters to its day, for all responses and for each of its segment
   * values, once per (surveyId, responseId, key): false when it was applied before. A segment gets
   * at most the store's top-N values; later new values count as "other". */
  apply(update: AggregateUpdate): Promise<boolean>;
  /** apply() for several updates in one step (one round trip per survey): what each one did. */
  applyAll(updates: readonly AggregateUpdate[]): Promise<boolean[]>;
  /** The counters per day in [fromDay, toDay] (YYYY-MM-DD, inclusive); days with nothing are left out. */
  read(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Map<string, Counters>>;
  /** The counters of [fromDay, toDay] summed over the days, in one step on the store's side.
   * `fields`: keep only counters named so or starting so (e.g. `q:csat:v:`); all by default. */
  total(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Counters>;
  /** The values a segment has been seen with (including "other" once values were folded). */
  segmentValues(surveyId: string, segment: string): Promise<string[]>;
  /** The segments seen for a survey. */
  segments(surveyId: string): Promise<string[]>;
  /** Forgets a survey's aggregates and applied keys (before a rebuild). */
  clear(surveyId: string): Promise<void>;
  /** Forgets which events of a response were applied (its erasure): the counters stay, and
   * nothing can apply them again, since the response is gone. */
  forgetResponse(surveyId: string, responseId: string): Promise<void>;
}

/** Outcome of InvitationStore.commit. */
export type InvitationCommit =
  | { ok: true }
  /** The contact record changed since it was read (another instance invited): read and decide again. */
  | { ok: false; conflict: true }
  /** The idempotency key was used before: the invitation it made. */
  | { ok: false; existing: string };

/**
 * Invitations and what is known about contacting each customer (docs/distribution.md). The
 * contact record and the invitation are written together, only if the record is still at the
 * version that was read, so the contact rules hold across instances.
 */
export interface InvitationStore {
  contact(customerId: string): Promise<ContactRecord>;
  commit(change: {
    customerId: string;
    /** The version the change was decided on. */
    expected: number;
    contact: ContactRecord;
    /** Written (created or replaced) with the contact record. */
    invitation?: InvitationRecord;
    /** Scoped to who asked: the same key from another API key is another key. */
    idempotencyKey?: string;
  }): Promise<InvitationCommit>;
  /** Replaces an invitation's record (a status change that leaves the contact record as it is). */
  save(invitation: InvitationRecord): Promise<void>;
  get(id: string): Promise<InvitationRecord | undefined>;
  /** The customer's invitations, newest first. */
  ofCustomer(customerId: string, limit: number): Promise<InvitationRecord[]>;
  /** Newest first, `before` an epoch ms (paging). */
  recent(limit: number, before?: number): Promise<InvitationRecord[]>;
  refuse(refusal: RefusedInvitation): Promise<void>;
  /** Newest first. */
  refusals(limit: number): Promise<RefusedInvitation[]>;
  /** Erasure: the customer's invitations and contact record (an opt-out is kept, as a bare flag). */
  forgetCustomer(customerId: string): Promise<void>;
}

/** An API key for a shop's backend: the secret is shown once and kept only as a SHA-256 digest. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** SHA-256 (hex) of the secret. */
  digest: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
  revokedAt?: string;
}
/** invite: make invitations and opt customers out or in; read: read invitations. */
export type ApiKeyScope = 'invite' | 'read';

export interface ApiKeyStore {
  create(key: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

/** A staff member kept in the store (the staff app's accounts page); CONSOLE_USERS stay as bootstrap. */
export interface StaffAccount {
  /** The sign-in name, exact (case-sensitive). */
  name: string;
  role: 'admin' | 'agent' | 'viewer';
  /** bcrypt; absent for an account that only signs in through OpenID Connect. */
  passwordHash?: string;
  /** The name customers see. */
  displayName?: string;
  /** Matched against the OpenID Connect provider's verified email. */
  email?: string;
  disabled: boolean;
  createdAt: string;
  /** Sessions issued before this moment (ISO) are refused: revoked. */
  sessionsValidAfter?: string;
}

export type StaffAccountPatch = Partial<Pick<StaffAccount, 'role' | 'passwordHash' | 'displayName' | 'email' | 'disabled' | 'sessionsValidAfter'>>;

export interface StaffAccountStore {
  /** False when an account of that name exists (nothing is changed). */
  create(account: StaffAccount): Promise<boolean>;
  get(name: string): Promise<StaffAccount | undefined>;
  /** Oldest first. */
  list(): Promise<StaffAccount[]>;
  /** Applies the patch in one step; undefined when there is no such account. */
  update(name: string, patch: StaffAccountPatch): Promise<StaffAccount | undefined>;
}

/**
 * Who has the agent console open, across instances: each open console socket renews its entry
 * (agent id and socket id) until a time; an entry not renewed in time is gone (its instance
 * stopped). Also the turn counter of automatic assignment, shared so that instances take turns.
 */
export interface AgentPresence {
  /** This socket of this agent is live until `until` (ms since the epoch). */
  beat(agentId: string, socketId: string, until: number): Promise<void>;
  /** The socket closed. */
  leave(agentId: string, socketId: string): Promise<void>;
  /** The agents with at least one socket live at `now`, each once. */
  online(now: number): Promise<string[]>;
  /** 1, 2, 3, …: one number per call, never the same twice across instances. */
  nextTurn(): Promise<number>;
}

/** A canned reply as admins keep it in the store, over the file's (CANNED_REPLIES_FILE). A
 * `deleted` entry hides the file's reply of that id. */
export interface StoredCannedReply extends CannedReply {
  /** 1 for the first stored change of this id, then one more for each. */
  version: number;
  updatedAt: string;
  updatedBy: string;
  deleted?: boolean;
}

/**
 * Admins' changes to the canned replies: one entry per reply id they added, changed or deleted.
 * The file stays the default underneath; an entry replaces the file's reply of its id.
 */
export interface CannedReplyStore {
  /** Every entry, deleted ones included, in the order they were first stored. */
  list(): Promise<StoredCannedReply[]>;
  /** Writes the entry only if the stored version is `expected` (0: none stored); otherwise
   * nothing changes and the stored version comes back. */
  put(reply: Omit<StoredCannedReply, 'version'>, expected: number): Promise<{ ok: true; reply: StoredCannedReply } | { ok: false; version: number }>;
  /** Drops the entry (the file's reply of that id shows again); false when there was none. */
  remove(id: string): Promise<boolean>;
}
