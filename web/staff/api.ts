/**
 * The staff app's one API client: JSON over fetch with the session's Bearer token, one error
 * type, and the typed calls of the console API (/console/api) and the admin API (/admin/api).
 * The answer types are the server's own (type-only imports), so the pages cannot drift from it.
 */
import type { ApiKeyScope, ApiKeyView, BatchResult, CreatedApiKey, CustomerHistory, InvitationRequest, InvitationsList, InvitationView, JobsView } from '../../src/core/api/distribution.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../src/webhooks/WebhookStore.js';
import type { WebhookEventType } from '../../src/webhooks/WebhookEmitter.js';
import type { DraftSummary, PreviewResult, SurveySummary, Validation, VersionSummary } from '../../src/admin/adminTypes.js';
import type { ConsoleSession, SignInMethods, SignInResult } from '../../src/auth/consoleSession.js';
import type { StaffAccountView } from '../../src/auth/StaffAccounts.js';
import type { CaseSummary, EscalationCase } from '../../src/core/cases.js';
import type { CannedReply } from '../../src/core/cases/cannedReply.js';
import type { AgentView } from '../../src/escalation/AgentRoster.js';
import type { CannedReplyView } from '../../src/escalation/CannedReplyLibrary.js';
import type { TurnInput } from '../../src/core/engine/runTurn.js';
import type { ResponsesPage, ResultsBreakdown, ResultsDrivers, ResultsLoop, ResultsSummary, ResultsThemes, ResultsTrend } from '../../src/core/api/results.js';
import type { AuditEntry, ScriptDraft, ScriptVersion, SurveyResponse } from '../../src/core/ports.js';
import type { Problem } from '../../src/core/problem.js';
import type { ErrorCode } from '../../src/errors.js';
import type { Translate } from './i18n.js';

export type { SignInMethods, SignInResult };
export type { CaseSummary, EscalationCase, ConsoleSession, SurveySummary, Validation, VersionSummary, PreviewResult, AuditEntry, ScriptDraft, ScriptVersion, Problem };

export type { SurveyResponse, StaffAccountView, AgentView, CannedReply, CannedReplyView };
/** What GET /console/api/agents answers. */
export interface AgentsList {
  agents: AgentView[];
  autoAssign: { mode: 'off' | 'round-robin'; maxOpenPerAgent: number };
}
/** A canned reply as the editor sends it. */
export type CannedReplyBody = Pick<CannedReply, 'title' | 'text'>;
/** A CONSOLE_USERS user, as the accounts page lists it (read-only). */
export interface BootstrapUser {
  name: string;
  role: ConsoleSession['role'];
  displayName?: string;
}
export type { ApiKeyScope, ApiKeyView, BatchResult, CreatedApiKey, CustomerHistory, InvitationRequest, InvitationsList, InvitationView, JobsView, WebhookDelivery, WebhookEventType };
/** An endpoint as listed; `secret` only in the answer that created it. */
export type WebhookEndpointView = Omit<WebhookEndpoint, 'secret'> & { secret?: string };

export const CONSOLE_API = '/console/api/';
export const RESULTS_API = '/api/results/';
export const RESPONSES_API = '/api/responses';
export const ADMIN_API = '/admin/api/';
export const CONSOLE_SOCKET = '/console/ws';

/** Codes the client makes itself, besides the server's ErrorCode and HTTP-level ones. */
export type ClientErrorCode = 'NETWORK' | 'BAD_ANSWER';

/** Any failed call: the HTTP status (0 when the server was not reached), the server's code and
 * message, and a script's problems when it refused one (422 SCRIPT_INVALID). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode | (string & {}),
    message: string,
    readonly problems: Problem[] | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes whose message the page says in the staff member's language; for the rest (mostly
 * BAD_REQUEST, which says exactly what was wrong) the server's own words are shown. */
export const TRANSLATED_CODES: ReadonlySet<string> = new Set<string>([
  'NETWORK',
  'BAD_ANSWER',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CASE_NOT_FOUND',
  'CASE_TAKEN',
  'CASE_CLOSED',
  'CHANNEL_UNREACHABLE',
  'TOO_MANY_ATTEMPTS',
  'SIGN_IN_BUSY',
  'SURVEY_NOT_FOUND',
  'NO_DRAFT',
  'STORE_UNAVAILABLE',
  'SCRIPT_INVALID',
  'RATE_LIMITED',
  'EMAIL_TAKEN',
  'UNKNOWN_AGENT',
  'AGENT_DISABLED',
  'CANNED_REPLY_CHANGED',
  'CANNED_REPLY_EXISTS',
  'CANNED_REPLY_NOT_FOUND',
  'CANNED_REPLY_LIMIT',
]);

/** What to tell a person about a failed call, in their language where we can. */
export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (TRANSLATED_CODES.has(err.code)) return t(`error.${err.code}`);
    if (err.status === 429) return t('error.TOO_MANY_ATTEMPTS');
    if (err.status >= 500) return t('error.server', { status: err.status });
    return err.message || t('error.server', { status: err.status });
  }
  return err instanceof Error && err.message ? err.message : t('error.unknown');
}

/** The sign-in form's message for a refused sign-in. */
export function signInErrorText(err: unknown, withToken: boolean, t: Translate): string {
  if (err instanceof ApiError && err.status === 401) return t(withToken ? 'signin.error.badToken' : 'signin.error.badPassword');
  return errorText(err, t);
}

export interface ClientHooks {
  /** The current session's token, if any. */
  token(): string | undefined;
  /** A 401 for a request made with this token: the session is over. */
  unauthorized(token: string): void;
  /** A 403 for a request made with this token (admin pages: "this page is for admins"). */
  forbidden?(token: string, err: ApiError): void;
}

interface RequestOptions {
  /** Sign-in: no token sent, and its 401 is the caller's to explain. */
  anonymous?: boolean;
  /** Hand back the Response (downloads). */
  raw?: boolean;
  /** An admin API call: its 403 means "this page is for admins" (a 403 from a case action
   * only refuses that action). */
  admin?: boolean;
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; problems?: unknown } } | null;

export class ApiClient {
  constructor(private readonly hooks: ClientHooks) {}

  async request(method: string, url: string, body: unknown, opts: RequestOptions & { raw: true }): Promise<Response>;
  async request<T>(method: string, url: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  async request<T>(method: string, url: string, body?: unknown, opts: RequestOptions = {}): Promise<T | Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = opts.anonymous ? undefined : this.hooks.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Cannot reach the server.');
    }
    if (opts.raw && res.ok) return res;
    const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const e = (data as ErrorBody)?.error ?? {};
      const err = new ApiError(
        res.status,
        typeof e.code === 'string' ? e.code : `HTTP_${res.status}`,
        typeof e.message === 'string' ? e.message : `The server answered ${res.status}.`,
        Array.isArray(e.problems) ? (e.problems as Problem[]) : null,
      );
      // Only the session the request was made with ends: a late answer must not sign out a new one.
      if (token && token === this.hooks.token()) {
        if (res.status === 401) this.hooks.unauthorized(token);
        else if (res.status === 403 && opts.admin) this.hooks.forbidden?.(token, err);
      }
      throw err;
    }
    return (data ?? {}) as T;
  }
}

const enc = encodeURIComponent;

/** The case list's filters, as the API takes them (empty ones left out). */
export interface CaseFilters {
  status: string;
  priority: string;
  survey: string;
  maxAgeHours: string;
  /** all | mine | queue */
  view: string;
  /** Search: customer name or id, order id, or text. */
  q: string;
}

/** `?status=open,claimed&survey=…`; '' when no filter is set. */
export function caseQuery(f: Partial<CaseFilters>): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.priority) q.set('priority', f.priority);
  const survey = f.survey?.trim();
  if (survey) q.set('survey', survey);
  if (f.maxAgeHours) q.set('maxAgeHours', f.maxAgeHours);
  if (f.view && f.view !== 'all') q.set('view', f.view);
  const search = f.q?.trim();
  if (search) q.set('q', search);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** What each results view answers (GET /api/results/:surveyId/<view>). */
export interface ResultsViews {
  summary: ResultsSummary;
  trend: ResultsTrend;
  breakdown: ResultsBreakdown;
  drivers: ResultsDrivers;
  themes: ResultsThemes;
  loop: ResultsLoop;
}

/** Every call the staff pages make, typed. */
export function staffApi(client: ApiClient) {
  const c = <T>(method: string, path: string, body?: unknown) => client.request<T>(method, CONSOLE_API + path, body);
  const a = <T>(method: string, path: string, body?: unknown) => client.request<T>(method, ADMIN_API + path, body, { admin: true });
  return {
    signIn: (credentials: { username: string; password: string } | { token: string }) => client.request<SignInResult>('POST', `${CONSOLE_API}login`, credentials, { anonymous: true }),
    me: () => c<{ user: ConsoleSession }>('GET', 'me'),
    /** Public: whether to show "Sign in with …". */
    signInMethods: () => client.request<SignInMethods>('GET', '/staff/auth/methods', undefined, { anonymous: true }),
    /** After the provider's round trip: the session the server keeps in an httpOnly cookie for a
     * minute or two, handed over once (the cookie goes with this same-origin call). */
    oidcSession: () => client.request<SignInResult>('POST', '/staff/auth/oidc/session', undefined, { anonymous: true }),

    cases: (filters: Partial<CaseFilters>) => c<{ cases: CaseSummary[] }>('GET', `cases${caseQuery(filters)}`),
    case: (id: string) => c<{ case: EscalationCase }>('GET', `cases/${enc(id)}`),
    claim: (id: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/claim`),
    message: (id: string, text: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/messages`, { text }),
    resolve: (id: string, note: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/resolve`, { note }),
    note: (id: string, text: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/notes`, { text }),
    assign: (id: string, agent: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/assign`, { agent }),
    unclaim: (id: string) => c<{ case: EscalationCase }>('POST', `cases/${enc(id)}/unclaim`),
    cannedReplies: () => c<{ replies: CannedReply[] }>('GET', 'canned-replies'),
    agents: () => c<AgentsList>('GET', 'agents'),
    // Canned replies, admins: a 403 means the page is not theirs.
    cannedManage: () => client.request<{ replies: CannedReplyView[]; max: number }>('GET', `${CONSOLE_API}canned-replies/manage`, undefined, { admin: true }),
    cannedCreate: (id: string, body: CannedReplyBody) => client.request<{ reply: CannedReplyView }>('POST', `${CONSOLE_API}canned-replies`, { id, ...body }, { admin: true }),
    cannedUpdate: (id: string, body: CannedReplyBody, version: number) => client.request<{ reply: CannedReplyView }>('PUT', `${CONSOLE_API}canned-replies/${enc(id)}`, { ...body, version }, { admin: true }),
    cannedDelete: (id: string, version: number) => client.request<{ reply: CannedReplyView }>('DELETE', `${CONSOLE_API}canned-replies/${enc(id)}?version=${version}`, undefined, { admin: true }),
    cannedRestore: (id: string) => client.request<{ reply: CannedReplyView }>('POST', `${CONSOLE_API}canned-replies/${enc(id)}/restore`, undefined, { admin: true }),

    surveys: () => a<{ surveys: SurveySummary[] }>('GET', 'surveys'),
    draft: (id: string) => a<{ draft: ScriptDraft & Pick<DraftSummary, 'stale'> }>('GET', `surveys/${enc(id)}/draft`),
    saveDraft: (id: string, source: string) => a<{ draft: ScriptDraft; validation: Validation }>('PUT', `surveys/${enc(id)}/draft`, { source }),
    deleteDraft: (id: string) => a<Record<string, never>>('DELETE', `surveys/${enc(id)}/draft`),
    versions: (id: string) => a<{ versions: VersionSummary[] }>('GET', `surveys/${enc(id)}/versions`),
    version: (id: string, n: number) => a<{ version: ScriptVersion }>('GET', `surveys/${enc(id)}/versions/${enc(n)}`),
    validate: (source: string) => a<Validation>('POST', 'validate', { source }),
    /** `fromDraft`: the updatedAt of the saved draft the text grew from, which the server then clears. */
    publish: (id: string, comment: string, source: string, fromDraft?: string) =>
      a<{ version: ScriptVersion }>('POST', `surveys/${enc(id)}/publish`, { comment, source, ...(fromDraft ? { fromDraft } : {}) }),
    rollback: (id: string, version: number, comment: string) => a<{ version: ScriptVersion }>('POST', `surveys/${enc(id)}/rollback`, { version, comment }),
    diff: (id: string, from: number | string, to: number | string) => a<{ diff: string }>('GET', `surveys/${enc(id)}/diff?${new URLSearchParams({ from: String(from), to: String(to) })}`),
    exportVersions: (id: string) => client.request('GET', `${ADMIN_API}surveys/${enc(id)}/export`, undefined, { raw: true, admin: true }),
    audit: (surveyId: string, limit = 50) => a<{ entries: AuditEntry[] }>('GET', `audit?${new URLSearchParams({ surveyId, limit: String(limit) })}`),

    /** `query`: from, to, segment.<name>, and the view's own (interval, by); see results/resultsView.ts. */
    results: <V extends keyof ResultsViews>(surveyId: string, view: V, query: URLSearchParams) => client.request<ResultsViews[V]>('GET', `${RESULTS_API}${enc(surveyId)}/${view}?${query}`),
    responses: (query: URLSearchParams) => client.request<ResponsesPage<SurveyResponse>>('GET', `${RESPONSES_API}?${query}`),
    /** The whole export as a download (CSV or XLSX), with the session's token. */
    exportResponses: (query: URLSearchParams) => client.request('GET', `${RESPONSES_API}?${query}`, undefined, { raw: true }),

    // Distribution (admins; the customer's history for agents too). Admin calls: a 403 means the page is not theirs.
    apiKeys: () => client.request<{ keys: ApiKeyView[] }>('GET', '/api/keys', undefined, { admin: true }),
    createApiKey: (name: string, scopes: ApiKeyScope[]) => client.request<CreatedApiKey>('POST', '/api/keys', { name, scopes }, { admin: true }),
    revokeApiKey: (id: string) => client.request<Record<string, never>>('DELETE', `/api/keys/${enc(id)}`, undefined, { admin: true }),
    invitations: (limit = 100) => client.request<InvitationsList>('GET', `/api/invitations?limit=${limit}`),
    inviteBatch: (invitations: InvitationRequest[]) => client.request<BatchResult>('POST', '/api/invitations/batch', { invitations }, { admin: true }),
    customerHistory: (customerId: string) => client.request<CustomerHistory>('GET', `/api/customers/${enc(customerId)}/history`),
    jobs: () => client.request<JobsView>('GET', '/api/jobs', undefined, { admin: true }),
    reviveJob: (id: string) => client.request<{ id: string; revived: boolean }>('POST', `/api/jobs/${enc(id)}/revive`, undefined, { admin: true }),
    webhooks: () => client.request<{ endpoints: WebhookEndpointView[] }>('GET', '/api/webhooks', undefined, { admin: true }),
    createWebhook: (body: { url: string; events: WebhookEventType[]; description?: string }) => client.request<{ endpoint: WebhookEndpointView & { secret: string } }>('POST', '/api/webhooks', body, { admin: true }),
    deleteWebhook: (id: string) => client.request<Record<string, never>>('DELETE', `/api/webhooks/${enc(id)}`, undefined, { admin: true }),
    pingWebhook: (id: string) => client.request<{ delivery: WebhookDelivery }>('POST', `/api/webhooks/${enc(id)}/test`, undefined, { admin: true }),
    webhookDeliveries: (id: string, limit = 20) => client.request<{ deliveries: WebhookDelivery[] }>('GET', `/api/webhooks/${enc(id)}/deliveries?limit=${limit}`, undefined, { admin: true }),
    // Staff accounts (admins): a 403 means the page is not theirs.
    accounts: () => client.request<{ accounts: StaffAccountView[]; bootstrap: BootstrapUser[] }>('GET', '/staff/api/accounts', undefined, { admin: true }),
    createAccount: (body: { name: string; role: ConsoleSession['role']; password?: string; displayName?: string; email?: string }) => client.request<{ account: StaffAccountView }>('POST', '/staff/api/accounts', body, { admin: true }),
    changeAccount: (name: string, body: { role?: ConsoleSession['role']; disabled?: boolean; email?: string }) => client.request<{ account: StaffAccountView }>('PATCH', `/staff/api/accounts/${enc(name)}`, body, { admin: true }),
    resetPassword: (name: string, password: string) => client.request<{ account: StaffAccountView }>('POST', `/staff/api/accounts/${enc(name)}/password`, { password }, { admin: true }),
    revokeSessions: (name: string) => client.request<{ account: StaffAccountView }>('POST', `/staff/api/accounts/${enc(name)}/revoke`, undefined, { admin: true }),
    preview: (body: { source: string; input: Exclude<TurnInput, { type: 'resume' }>; locale?: string; session?: unknown }) => a<PreviewResult>('POST', 'preview', body),
  };
}

export type StaffApi = ReturnType<typeof staffApi>;
