import type { JobQueue } from '../scheduler/JobQueue.js';
import type { WebhookStore } from '../webhooks/WebhookStore.js';
import type { ActivityLog, AgentPresence, AggregateStore, CannedReplyStore, AlertQueue, ApiKeyStore, AuditLog, CaseFeed, CaseStore, CustomerIndex, Deduplicator, InvitationStore, PrivacyLog, ResponseStore, ScriptStore, SignInFailures, StaffAccountStore, StateStorage } from '../core/ports.js';

/** The stores the app runs on, with what the operator needs to know about them. */
export interface Stores {
  kind: 'memory' | 'redis';
  /** For the start-up log, e.g. "Redis redis://127.0.0.1:6379". */
  description: string;
  state: StateStorage;
  responses: ResponseStore;
  scripts: ScriptStore;
  /** Web chat (Direct Line) conversations and their activities. */
  activities: ActivityLog;
  /** Which channel deliveries were already processed (Slack retries). */
  deliveries: Deduplicator;
  /** Escalation cases, the alerts for support staff, and the case change feed. */
  cases: CaseStore;
  /** Who changed survey scripts. */
  audit: AuditLog;
  alerts: AlertQueue;
  /** Survey results as counters per day and group (kept as answers arrive). */
  aggregates: AggregateStore;
  caseFeed: CaseFeed;
  /** What is stored about each customer (for erasure and export), and who erased or exported. */
  customers: CustomerIndex;
  privacyLog: PrivacyLog;
  /** Invitations, each customer's contact record (cooldown, opt-out), refusals. */
  invitations: InvitationStore;
  /** API keys for shops' backends (digests only). */
  apiKeys: ApiKeyStore;
  /** Redis only: raw commands and the key prefix, for libraries that keep their own keys in
   * the same Redis (the rate limiter's counters). */
  raw?: { prefix: string; sendCommand(key: string | undefined, readOnly: boolean, args: string[]): Promise<unknown> };
  /** Delayed work (invitation sends, reminders, webhook deliveries), run by a JobRunner. */
  jobs: JobQueue;
  /** Outbound webhook endpoints and their delivery logs. */
  webhooks: WebhookStore;
  /** Failed console sign-ins, for the throttle (shared across instances on Redis). */
  signInFailures: SignInFailures;
  /** Staff accounts added in the staff app (CONSOLE_USERS stay as bootstrap). */
  staffAccounts: StaffAccountStore;
  /** Who has the agent console open (shared across instances), and the automatic assignment's turns. */
  presence: AgentPresence;
  /** Admins' canned replies over the file's (CANNED_REPLIES_FILE). */
  cannedReplies: CannedReplyStore;
  /** False while the backing service cannot be reached (drives /readyz). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
