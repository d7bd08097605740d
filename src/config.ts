import { isTimeZone, parseQuietHours, type QuietHours } from './core/distribution/quietHours.js';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SURVEY_ID } from './core/script/schema.js';
import { SatisfyError } from './errors.js';

/** The project root, so `npm start` finds dialogs/ and locales/ from any working directory. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  ACCESS_LOG_TURN_SAMPLE: z.coerce.number().int().min(1).max(1_000_000).default(100),
  LOG_REQUEST_CONTEXT: z.enum(['on', 'off']).default('on'),
  ACCESS_LOG_SLOW_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
  DEFAULT_LOCALE: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale tag such as en or zh-CN').default('en'),
  DEFAULT_SURVEY: z.string().regex(SURVEY_ID, 'must be a survey id').default('post-purchase'),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  DIALOGS_DIR: z.string().min(1).default(`${ROOT}dialogs`),
  LOCALES_DIR: z.string().min(1).default(`${ROOT}locales`),
  CANNED_REPLIES_FILE: z.string().min(1).default(`${ROOT}replies/canned.json`),
  SENTIMENT_MODELS_DIR: z.string().min(1).default(`${ROOT}models/sentiment`),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^rediss?:\/\//, 'must be a comma-separated list of redis:// URLs'))),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -').default('satisfy:'),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  RESPONSE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  CASE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  PUBLIC_URL: z.string().url('must be the URL customers reach this server at, e.g. https://survey.example.com').optional(),
  TOKEN_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  DIRECTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  CHAT_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
  INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s/]+/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@smtp.example.com:587').optional(),
  EMAIL_FROM: z.string().regex(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+(>)?$/, 'must be an address such as surveys@shop.example or "Shop <surveys@shop.example>"').optional(),
  EMAIL_REPLY_TO: z.string().regex(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+(>)?$/, 'must be an address such as help@shop.example').optional(),
  EMAIL_UNSUBSCRIBE_MAILTO: z.string().regex(/^[^\s@<>?]+@[^\s@<>?]+$/, 'must be a plain address such as unsubscribe@shop.example').optional(),
  RESULTS_SEGMENT_TOP_N: z.coerce.number().int().min(1).max(1000).default(50),
  INVITE_QUIET_HOURS: z
    .string()
    .default('21:00-09:00')
    .refine((t) => parseQuietHours(t) !== undefined, 'must be HH:MM-HH:MM in the customer\'s local time (e.g. 21:00-09:00), or off')
    .transform((t) => parseQuietHours(t)!),
  INVITE_DEFAULT_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid'),
  INVITE_REMINDERS: z.coerce.number().int().min(0).max(5).default(1),
  WEBCHAT_ALLOWED_ORIGINS: z
    .string()
    .default('*')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.string().url('must be * or a comma-separated list of origins such as https://shop.example.com')]))),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-...)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-...)').optional(),
  SLACK_API_URL: z.string().url().optional(),
  HANDOFF: z.enum(['on', 'off']).default('on'),
  SLACK_SUPPORT_CHANNEL: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (not its name)').optional(),
  SLA_MINUTES: z
    .string()
    .default('urgent=15,high=60,normal=240,low=1440')
    .transform((v, ctx) => {
      const sla: Record<string, number> = { urgent: 15, high: 60, normal: 240, low: 1440 };
      for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
        const m = /^(urgent|high|normal|low)=(\d{1,6})$/.exec(part);
        if (!m || Number(m[2]) < 1) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not priority=minutes, e.g. urgent=15,high=60,normal=240,low=1440` });
          return z.NEVER;
        }
        sla[m[1]!] = Number(m[2]);
      }
      return sla as Record<'urgent' | 'high' | 'normal' | 'low', number>;
    }),
  SLA_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  CASE_EXPIRE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  RECOVERY_SURVEY: z.string().regex(SURVEY_ID, 'must be a survey id').default('recovery'),
  CONSOLE_USERS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const users: ConsoleUser[] = [];
      for (const [i, entry] of v.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
        const m = /^([A-Za-z0-9._-]{1,64}):(viewer|agent|admin):(\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53})(?::([^:,]{1,64}))?$/.exec(entry);
        if (!m) {
          // Name the entry without echoing it: a mangled one may start with the hash.
          const name = /^[A-Za-z0-9._-]{1,64}(?=:)/.exec(entry)?.[0];
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1}${name ? ` ("${name}")` : ''} must be name:viewer|agent|admin:<bcrypt hash>[:Display name]; make one with npm run hash-password` });
          return z.NEVER;
        }
        const displayName = m[4]?.trim();
        users.push({ name: m[1]!, role: m[2] as ConsoleUser['role'], passwordHash: m[3]!, ...(displayName ? { displayName } : {}) });
      }
      return users;
    }),
  OIDC_ISSUER: z.string().url('must be the provider\'s issuer URL, e.g. https://example.okta.com or https://login.microsoftonline.com/<tenant>/v2.0').optional(),
  OIDC_CLIENT_ID: optionalText.pipe(z.string().max(512).optional()),
  OIDC_CLIENT_SECRET: optionalText.pipe(z.string().max(2048).optional()),
  OIDC_REDIRECT_URL: z.string().url('must be the URL of /staff/auth/oidc/callback on this server, e.g. https://survey.example.com/staff/auth/oidc/callback').optional(),
  OIDC_LABEL: optionalText.pipe(z.string().max(40, 'must be at most 40 characters (the provider\'s name, e.g. Okta)').optional()),
  OIDC_AUTO_CREATE_ROLE: z.enum(['off', 'agent', 'viewer'], { message: 'must be off, agent or viewer (never admin: an admin makes admins on the Staff page)' }).default('off'),
  CASES_AUTO_ASSIGN: z.enum(['off', 'round-robin']).default('off'),
  CASES_MAX_OPEN_PER_AGENT: z.coerce.number().int().min(0).max(1000).default(0),
  CONSOLE_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  SIGN_IN_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  SIGN_IN_QUEUE: z.coerce.number().int().min(0).max(1000).default(32),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_ALLOW_HTTP: z.enum(['on', 'off']).default('off'),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  JOBS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  ALLOWED_SERVICE_URLS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url('must be a comma-separated list of URLs'))),
  TRUST_PROXY: z
    .string()
    .default('off')
    .transform((v) => v.trim())
    .pipe(
      z.union([
        z.literal('off'),
        z.string().regex(/^[1-9]$/, 'must be off, a number of proxy hops (1-9), or a comma-separated list of proxy addresses/CIDRs'),
        z.string().refine(
          (v) => v.split(',').every((part) => /^(loopback|linklocal|uniquelocal)$/.test(part.trim()) || isProxyAddress(part.trim())),
          'must be off, a number of proxy hops (1-9), or a comma-separated list of proxy addresses/CIDRs (or loopback, linklocal, uniquelocal)',
        ),
      ]),
    ),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_CHAT: limit(600),
  RATE_LIMIT_CONVERSATION: limit(120),
  RATE_LIMIT_PAGES: limit(300),
  RATE_LIMIT_STAFF: limit(600),
  RATE_LIMIT_INBOUND: limit(3000),
  RATE_LIMIT_HEALTH: limit(1200),
  RATE_LIMIT_PARTNER: limit(1200),
  RATE_LIMIT_WEBSOCKET: limit(120),
  RATE_LIMIT_UNSUBSCRIBE: limit(600),
  WEBCHAT_MAX_ACTIVITIES: z.coerce.number().int().min(20).max(100_000).default(500),
  WEBCHAT_MAX_STREAMS: z.coerce.number().int().min(1).max(1000).default(10),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
});

/** https, or http to this machine (a provider run beside the app for development and tests). */
function isSecureOrLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}

/** An IP address, or a CIDR range such as 10.0.0.0/8. */
function isProxyAddress(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** Requests per client (or per conversation) per window; 0 turns that limit off. */
function limit(fallback: number) {
  return z.coerce.number().int().min(0).max(1_000_000).default(fallback);
}

export type EnvConfig = z.output<typeof ConfigSchema>;

export interface ConsoleUser {
  name: string;
  /** viewer: results only; agent: results and cases; admin: everything. */
  role: 'viewer' | 'agent' | 'admin';
  /** bcrypt. */
  passwordHash: string;
  /** What customers read when this person joins their chat ("Ana García"); else the name. */
  displayName?: string;
}

/** Staff sign-in through an OpenID Connect provider (docs/operations/staff-sign-in.md#single-sign-on-openid-connect). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Undefined: a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** Where the provider sends people back: this server's /staff/auth/oidc/callback. */
  redirectUrl: string;
  /** The provider's name on the sign-in button ("Sign in with Okta"); undefined: a generic label. */
  label: string | undefined;
  /** A verified email no account has gets a new account of this role; undefined: refused. */
  autoCreateRole: 'agent' | 'viewer' | undefined;
}

/** The callback's path; OIDC_REDIRECT_URL must end with it (a path prefix before it is fine). */
export const OIDC_CALLBACK_PATH = '/staff/auth/oidc/callback';

export interface Config {
  port: number;
  host: string;
  logLevel: EnvConfig['LOG_LEVEL'];
  /** 'auto': readable lines when stdout is a terminal, JSON lines otherwise (main.ts decides). */
  logFormat: EnvConfig['LOG_FORMAT'];
  /** Access lines of customer turns (POST /api/messages, web chat activity posts) that
   * succeeded within slowMs: 1 in turnSampleEvery is written (failures and slow ones always). */
  accessLog: { turnSampleEvery: number; slowMs: number };
  /** Every line written while a request is served carries its id (AsyncLocalStorage); off:
   * only the lines the HTTP edge writes (access, rate limits, errors), for less CPU per turn. */
  logRequestContext: boolean;
  defaultLocale: string;
  defaultSurveyId: string;
  /** Undefined means: main.ts generates one and prints it once. */
  adminToken: string | undefined;
  dialogsDir: string;
  localesDir: string;
  /** The agent console's canned replies (JSON; docs/agent-guide.md); a missing file means none. */
  cannedRepliesFile: string;
  /** What `npm run build:web` makes (dist/web): the pages, bundles and docs the server serves. */
  webBuildDir: string;
  /** The sentiment models (<lang>.json, written by `npm run train:sentiment`). */
  sentimentModelsDir: string;
  /** Undefined: the in-memory store. */
  redis:
    | {
        url?: string;
        clusterNodes?: string[];
        prefix: string;
        connectTimeoutMs: number;
      }
    | undefined;
  responseRetentionMs: number;
  /** A results segment keeps this many values; later new ones count as "other". */
  segmentTopN: number;
  /** Invitations by API, email and Slack (docs/distribution.md). */
  distribution: {
    /** No invitation is sent inside these local hours; null: any time. */
    quietHours: QuietHours | null;
    /** For customers whose time zone is not known. */
    defaultTimezone: string;
    /** Reminders per invitation (when the script sets reminderAfter). */
    reminders: number;
  };
  /** How long each other kind of data is kept (responses: responseRetentionMs; web chat logs:
   * webchat.retentionMs). */
  retention: {
    /** Escalation cases (transcripts, quotes), their index and Slack thread links. */
    caseMs: number;
    /** Conversation state: the most any conversation's state lives after its last turn. */
    stateMs: number;
  };
  /** Where customers reach us; undefined: taken from each request's Host. */
  publicUrl: string | undefined;
  /** Signs web chat tokens and invitations; undefined: main.ts generates one per process. */
  tokenSigningKey: string | undefined;
  webchat: {
    /** Server-to-server secret for /v3/directline/tokens/generate; undefined: disabled. */
    directLineSecret: string | undefined;
    tokenTtlSeconds: number;
    retentionMs: number;
    inviteTtlMs: number;
    allowedOrigins: string[];
    /** A conversation's activity log stops taking customer posts at this length. */
    maxActivities: number;
    /** Open WebSocket streams per conversation on one instance. */
    maxStreams: number;
  };
  /** Undefined: no email invitations (SMTP_URL and EMAIL_FROM not set). */
  email: { smtpUrl: string; from: string; replyTo?: string; unsubscribeMailto?: string } | undefined;
  /** Undefined: Slack is off. */
  slack: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string } | undefined;
  escalation: {
    /** A person can take over chats (the console always exists; Slack adds a channel). */
    handoff: boolean;
    /** Undefined: no Slack cards (cases are in the console only). */
    slackSupportChannel: string | undefined;
    slaMinutes: Record<'urgent' | 'high' | 'normal' | 'low', number>;
    slaCheckMs: number;
    /** An open case nobody claimed is closed as expired after this. */
    expireAfterMs: number;
    recoverySurveyId: string;
    consoleUsers: ConsoleUser[];
    /** Console sign-in: bcrypt worker threads, and how many sign-ins may wait for one. */
    signIn: { workers: number; queue: number };
    /** New cases to agents online by turns ('round-robin'), skipping those holding
     * maxOpenPerAgent cases (0: no cap); 'off': they wait in the queue for someone to claim. */
    autoAssign: { mode: 'off' | 'round-robin'; maxOpenPerAgent: number };
    /** How often an open console socket's session is checked again (and its presence renewed). */
    consoleCheckMs: number;
  };
  /** Undefined: no "Sign in with …" button (OIDC_ISSUER not set). */
  oidc: OidcConfig | undefined;
  /** Every call to Slack's Web API, to Bot Framework connectors and to webhook endpoints gives
   * up after this. */
  outboundTimeoutMs: number;
  /** Outbound webhooks: plain-http endpoints beyond localhost are refused unless allowHttp. */
  webhooks: { allowHttp: boolean };
  /** The scheduler (JobRunner): how often each instance looks for due jobs, and the runs a job
   * gets before it goes to the dead letters. */
  jobs: { pollMs: number; maxAttempts: number };
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    tenantId: string | undefined;
    appType: EnvConfig['MICROSOFT_APP_TYPE'];
    /** Without credentials nobody is authenticated, so replies may only go to loopback
     * addresses (the Emulator) and to these URL prefixes. */
    allowedServiceUrls: string[];
  };
  /** Behind a load balancer: which hops' X-Forwarded-For to believe ('off': none, the socket
   * address is the client). */
  trustProxy: 'off' | number | string[];
  /** Requests per client IP per window, by route group (0: no limit). `conversation` is per
   * web chat conversation, for posting activities; `websocket` counts upgrades. */
  rateLimits: {
    windowMs: number;
    chat: number;
    conversation: number;
    pages: number;
    staff: number;
    inbound: number;
    health: number;
    /** The invitations and customers API (shops' backends, by API key). */
    partner: number;
    websocket: number;
    /** /u/:token, the unsubscribe page and mail clients' one-click POSTs. */
    unsubscribe: number;
  };
  /** Bearer token for GET /metrics; undefined: the admin token. */
  metricsToken: string | undefined;
}

/**
 * Reads the environment once. Every bad variable is reported in one error, so a deploy is
 * fixed in one go; this is the only module that looks at process.env.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value (`ADMIN_TOKEN=` in an env file) means "use the default", not "set to ''".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = ConfigSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SatisfyError('CONFIG_INVALID', `Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (Boolean(e.MICROSOFT_APP_ID) !== Boolean(e.MICROSOFT_APP_PASSWORD) && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push('  MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: set both (Azure Bot Service) or neither (Emulator, local)');
  }
  if (e.MICROSOFT_APP_TYPE !== 'MultiTenant' && !e.MICROSOFT_APP_TENANT_ID) {
    problems.push(`  MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is ${e.MICROSOFT_APP_TYPE}`);
  }
  if (e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && !e.MICROSOFT_APP_ID) {
    problems.push('  MICROSOFT_APP_ID: required when MICROSOFT_APP_TYPE is UserAssignedMSI (the managed identity client id)');
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    problems.push('  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
    problems.push('  SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES.length) {
    problems.push('  REDIS_URL and REDIS_CLUSTER_NODES: set one (a single server or a Cluster), not both');
  }
  if (e.SLACK_SUPPORT_CHANNEL && !e.SLACK_BOT_TOKEN) {
    problems.push('  SLACK_SUPPORT_CHANNEL: needs SLACK_BOT_TOKEN (the cards are posted by the Slack app)');
  }
  if (Boolean(e.SMTP_URL) !== Boolean(e.EMAIL_FROM)) {
    problems.push('  SMTP_URL and EMAIL_FROM: set both (email invitations) or neither');
  }
  if ((e.EMAIL_REPLY_TO || e.EMAIL_UNSUBSCRIBE_MAILTO) && !e.SMTP_URL) {
    problems.push('  EMAIL_REPLY_TO and EMAIL_UNSUBSCRIBE_MAILTO: need SMTP_URL and EMAIL_FROM');
  }
  const oidcRedirectUrl = e.OIDC_REDIRECT_URL ?? (e.PUBLIC_URL ? `${e.PUBLIC_URL.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}` : undefined);
  if (e.OIDC_ISSUER) {
    if (!e.OIDC_CLIENT_ID) problems.push('  OIDC_CLIENT_ID: required with OIDC_ISSUER (the client id the provider gave this app)');
    if (!oidcRedirectUrl) problems.push(`  OIDC_REDIRECT_URL: required with OIDC_ISSUER unless PUBLIC_URL is set (then it is PUBLIC_URL${OIDC_CALLBACK_PATH})`);
    if (!isSecureOrLoopback(e.OIDC_ISSUER)) problems.push('  OIDC_ISSUER: must be https:// (http:// only for a provider on this machine: localhost, 127.0.0.1, [::1])');
    if (oidcRedirectUrl && new URL(oidcRedirectUrl).pathname.replace(/\/+$/, '').endsWith(OIDC_CALLBACK_PATH) === false) {
      problems.push(`  OIDC_REDIRECT_URL: must end with ${OIDC_CALLBACK_PATH} (the route that finishes the sign-in)`);
    }
    if (oidcRedirectUrl && !isSecureOrLoopback(oidcRedirectUrl)) problems.push('  OIDC_REDIRECT_URL: must be https:// (http:// only for localhost), so the sign-in cookies can be Secure');
  } else if (e.OIDC_CLIENT_ID || e.OIDC_CLIENT_SECRET || e.OIDC_REDIRECT_URL || e.OIDC_LABEL || e.OIDC_AUTO_CREATE_ROLE !== 'off') {
    problems.push('  OIDC_ISSUER: required when any other OIDC_* variable is set');
  }
  if (problems.length) throw new SatisfyError('CONFIG_INVALID', `Invalid configuration:\n${problems.join('\n')}`);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    accessLog: { turnSampleEvery: e.ACCESS_LOG_TURN_SAMPLE, slowMs: e.ACCESS_LOG_SLOW_MS },
    logRequestContext: e.LOG_REQUEST_CONTEXT === 'on',
    defaultLocale: e.DEFAULT_LOCALE,
    defaultSurveyId: e.DEFAULT_SURVEY,
    adminToken: e.ADMIN_TOKEN,
    dialogsDir: e.DIALOGS_DIR,
    localesDir: e.LOCALES_DIR,
    cannedRepliesFile: e.CANNED_REPLIES_FILE,
    webBuildDir: `${ROOT}dist/web`,
    sentimentModelsDir: e.SENTIMENT_MODELS_DIR,
    redis:
      e.REDIS_URL || e.REDIS_CLUSTER_NODES.length
        ? {
            ...(e.REDIS_CLUSTER_NODES.length ? { clusterNodes: e.REDIS_CLUSTER_NODES } : { url: e.REDIS_URL }),
            prefix: e.REDIS_PREFIX,
            connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
          }
        : undefined,
    responseRetentionMs: e.RESPONSE_RETENTION_DAYS * 86_400_000,
    segmentTopN: e.RESULTS_SEGMENT_TOP_N,
    distribution: { quietHours: e.INVITE_QUIET_HOURS, defaultTimezone: e.INVITE_DEFAULT_TIMEZONE, reminders: e.INVITE_REMINDERS },
    retention: { caseMs: e.CASE_RETENTION_DAYS * 86_400_000, stateMs: e.STATE_RETENTION_DAYS * 86_400_000 },
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    tokenSigningKey: e.TOKEN_SIGNING_KEY,
    webchat: {
      directLineSecret: e.DIRECTLINE_SECRET,
      tokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL_SECONDS,
      retentionMs: e.CHAT_RETENTION_HOURS * 3600_000,
      inviteTtlMs: e.INVITE_TTL_DAYS * 86_400_000,
      allowedOrigins: e.WEBCHAT_ALLOWED_ORIGINS,
      maxActivities: e.WEBCHAT_MAX_ACTIVITIES,
      maxStreams: e.WEBCHAT_MAX_STREAMS,
    },
    email:
      e.SMTP_URL && e.EMAIL_FROM
        ? {
            smtpUrl: e.SMTP_URL,
            from: e.EMAIL_FROM,
            ...(e.EMAIL_REPLY_TO ? { replyTo: e.EMAIL_REPLY_TO } : {}),
            ...(e.EMAIL_UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: e.EMAIL_UNSUBSCRIBE_MAILTO } : {}),
          }
        : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL.replace(/\/?$/, '/') } : {}),
        }
      : undefined,
    escalation: {
      handoff: e.HANDOFF === 'on',
      slackSupportChannel: e.SLACK_SUPPORT_CHANNEL,
      slaMinutes: e.SLA_MINUTES,
      slaCheckMs: e.SLA_CHECK_SECONDS * 1000,
      expireAfterMs: e.CASE_EXPIRE_DAYS * 86_400_000,
      recoverySurveyId: e.RECOVERY_SURVEY,
      consoleUsers: e.CONSOLE_USERS,
      signIn: { workers: e.SIGN_IN_WORKERS, queue: e.SIGN_IN_QUEUE },
      autoAssign: { mode: e.CASES_AUTO_ASSIGN, maxOpenPerAgent: e.CASES_MAX_OPEN_PER_AGENT },
      consoleCheckMs: e.CONSOLE_SESSION_CHECK_SECONDS * 1000,
    },
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && oidcRedirectUrl
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUrl: oidcRedirectUrl,
            label: e.OIDC_LABEL,
            autoCreateRole: e.OIDC_AUTO_CREATE_ROLE === 'off' ? undefined : e.OIDC_AUTO_CREATE_ROLE,
          }
        : undefined,
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    webhooks: { allowHttp: e.WEBHOOK_ALLOW_HTTP === 'on' },
    jobs: { pollMs: e.JOBS_POLL_MS, maxAttempts: e.JOBS_MAX_ATTEMPTS },
    botFramework: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
      allowedServiceUrls: e.ALLOWED_SERVICE_URLS,
    },
    trustProxy: e.TRUST_PROXY === 'off' ? 'off' : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((s) => s.trim()),
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
      chat: e.RATE_LIMIT_CHAT,
      conversation: e.RATE_LIMIT_CONVERSATION,
      pages: e.RATE_LIMIT_PAGES,
      staff: e.RATE_LIMIT_STAFF,
      inbound: e.RATE_LIMIT_INBOUND,
      health: e.RATE_LIMIT_HEALTH,
      partner: e.RATE_LIMIT_PARTNER,
      websocket: e.RATE_LIMIT_WEBSOCKET,
      unsubscribe: e.RATE_LIMIT_UNSUBSCRIBE,
    },
    metricsToken: e.METRICS_TOKEN,
  };
}
