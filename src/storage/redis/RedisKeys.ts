/**
 * Every Redis key Satisfy uses, in one place. Each key carries a {hash tag} so that the keys
 * one operation touches sit in one Redis Cluster slot: a survey's script keys share
 * {script:<surveyId>}; every other operation touches a single key.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Conversation state (hash: e = eTag, v = JSON). TTL: the survey's expiry plus a grace. */
  state(key: string): string {
    return `${this.prefix}state:{${key}}`;
  }

  /** One survey response (hash: meta, a:<questionId>, e:<reason>:<rule>). TTL: retention. */
  response(responseId: string): string {
    return `${this.prefix}response:{${responseId}}`;
  }

  /** Sorted set of a survey's response ids by start time. Trimmed to retention. Without a
   * survey: the index of every survey's responses that older versions kept, read until it empties. */
  responseIndex(surveyId?: string): string {
    return surveyId ? `${this.prefix}responses:{survey:${surveyId}}` : `${this.prefix}responses:{all}`;
  }

  /** Set of the survey ids that have a response index: listing every survey merges their indexes. No TTL. */
  respondedSurveys(): string {
    return `${this.prefix}responses:surveys`;
  }

  /** Hash of version number -> JSON, and the survey's counters (latest, published). No TTL. */
  scriptVersions(surveyId: string): string {
    return `${this.prefix}script:{script:${surveyId}}:versions`;
  }

  scriptMeta(surveyId: string): string {
    return `${this.prefix}script:{script:${surveyId}}:meta`;
  }

  /** A web chat conversation: meta hash, activity list, clientActivityID -> id hash, and the
   * pub/sub channel announcing new activities. TTL: the conversation's lifetime. */
  chat(conversationId: string): { meta: string; log: string; clientIds: string; channel: string } {
    const base = `${this.prefix}chat:{chat:${conversationId}}`;
    return { meta: `${base}:meta`, log: `${base}:log`, clientIds: `${base}:client`, channel: `${base}:new` };
  }

  /** A delivery already processed (a Slack event id, a click). TTL: the de-duplication window. */
  seen(key: string): string {
    return `${this.prefix}seen:{${key}}`;
  }

  /** Failed console sign-ins for one throttle key (hash: c = count, l = latest). TTL: the
   * throttle's memory, renewed by each failure. */
  signInFailures(key: string): string {
    return `${this.prefix}signin:{${key}}`;
  }

  /** An escalation case (JSON string). TTL: response retention. */
  case(caseId: string): string {
    return `${this.prefix}case:{case:${caseId}}`;
  }

  /** Sorted set of case ids by creation time. Trimmed to retention. */
  caseIndex(): string {
    return `${this.prefix}cases:{index}`;
  }

  /** Slack message ts of a case's card -> case id, for replies in its thread. TTL: retention. */
  caseThread(ts: string): string {
    return `${this.prefix}case-thread:{${ts}}`;
  }

  /** Stream of alerts for support staff, read by a consumer group of every instance. Capped. */
  caseAlerts(): string {
    return `${this.prefix}cases:{alerts}`;
  }

  /** Pub/sub channel: the id of a case that changed. */
  caseFeed(): string {
    return `${this.prefix}cases:feed`;
  }

  /** An admin's draft of a survey (JSON string). No TTL. */
  scriptDraft(surveyId: string): string {
    return `${this.prefix}script:{script:${surveyId}}:draft`;
  }

  /** Who changed which script (list of JSON, newest first, capped at 10,000). No TTL. */
  audit(): string {
    return `${this.prefix}audit:{scripts}`;
  }

  /** Written by /readyz to prove writes work (a full Redis refuses them). TTL: 10 s. */
  readinessProbe(): string {
    return `${this.prefix}readiness-probe`;
  }

  /** What is stored about one customer, for erasure and export: a hash of short refs
   * (RedisCustomerIndex). TTL: the longest retention, renewed on every write. */
  customerRefs(customerId: string): string {
    return `${this.prefix}customer:{customer:${customerId}}:refs`;
  }

  /** The same as a set of JSON refs, as written before the hash: still read and erased. */
  customer(customerId: string): string {
    return `${this.prefix}customer:{customer:${customerId}}`;
  }

  /** Who erased or exported a customer (list of JSON, newest first, capped). No TTL. */
  privacyAudit(): string {
    return `${this.prefix}audit:{privacy}`;
  }

  /** Set of survey ids that have versions. No TTL. */
  surveys(): string {
    return `${this.prefix}surveys`;
  }

  /** A survey's results counters: every key of them shares the {agg:<surveyId>} slot, under a
   * generation number (…:gen) that a rebuild moves on. No TTL, except the per-response
   * de-duplication records (strings; hashes from older versions), for the de-duplication window. */
  aggregates(surveyId: string): { gen: string; base: (gen: number) => string } {
    const root = `${this.prefix}agg:{agg:${surveyId}}`;
    return { gen: `${root}:gen`, base: (gen) => `${root}:g${gen}` };
  }

  /** Invitations, contact records, idempotency keys and refusals: one slot ({dist}), so an
   * invitation and its customer's contact record are written in one atomic step. */
  distribution(): string {
    return `${this.prefix}dist:{dist}`;
  }

  /** API keys (one hash, id → record). No TTL. */
  apiKeys(): string {
    return `${this.prefix}apikeys`;
  }

  /** Staff accounts (one hash, name → record JSON, {staff} slot). No TTL. */
  staffAccounts(): string {
    return `${this.prefix}staff:{staff}`;
  }

  /** Live console sockets (sorted set of `<agent id>\n<socket id>` by the time each is live
   * until; TTL: the latest of those) and the automatic assignment's turn counter (no TTL), in the
   * {staff} slot with the accounts. */
  presence(): { sockets: string; turn: string } {
    const base = `${this.prefix}staff:{staff}`;
    return { sockets: `${base}:presence`, turn: `${base}:turn` };
  }

  /** Admins' canned replies over the file's: a hash of id -> JSON and a sorted set of ids by
   * first storage (their order), in the {canned} slot. No TTL. */
  cannedReplies(): { entries: string; order: string } {
    const base = `${this.prefix}canned:{canned}`;
    return { entries: `${base}:entries`, order: `${base}:order` };
  }

  /**
   * The job scheduler (RedisJobQueue): every key shares the one {jobs} slot, so each step is a
   * single Lua script on one Cluster node. waiting: sorted set id -> runAt; running: sorted set
   * id -> lease end; dead: sorted set id -> diedAt (capped); data: hash of s:<id> (kind and
   * payload JSON), r:<id>, a:<id>, e:<id> (runAt, attempts, last error). No TTL: a job lives
   * until it completes.
   */
  jobs(): { waiting: string; running: string; dead: string; data: string } {
    const base = `${this.prefix}jobs:{jobs}`;
    return { waiting: `${base}:waiting`, running: `${base}:running`, dead: `${base}:dead`, data: `${base}:data` };
  }

  /** Outbound webhooks: endpoints (hash id -> JSON, secrets included) and one capped list of
   * deliveries per endpoint (JSON, newest first), all in the {webhooks} slot so removing an
   * endpoint with its log is one step. No TTL. */
  webhooks(): { endpoints: string; log: (endpointId: string) => string } {
    const base = `${this.prefix}webhooks:{webhooks}`;
    return { endpoints: `${base}:endpoints`, log: (endpointId) => `${base}:log:${endpointId}` };
  }
}
