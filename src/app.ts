import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import compression from 'compression';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { responsesRoute } from './api/responsesRoute.js';
import { politeTurnError } from './bot/politeTurnError.js';
import { SurveyBot } from './bot/SurveyBot.js';
import { sharedDialogState } from './bot/sharedDialogState.js';
import { CustomerLines } from './bot/CustomerLines.js';
import { BotFrameworkLine } from './channels/botframework/BotFrameworkLine.js';
import { DIRECT_LINE_CHANNEL, DirectLineAdapter } from './channels/directline/DirectLineAdapter.js';
import { DIRECT_LINE_PATH, DirectLineServer, refuse } from './channels/directline/DirectLineServer.js';
import { DirectLineTokens } from './channels/directline/DirectLineTokens.js';
import { directLineRoutes, postActivity } from './channels/directline/directLineRoutes.js';
import { webchatRoutes } from './channels/directline/webchatRoutes.js';
import { SlackCaseNotifier } from './channels/slack/SlackCaseNotifier.js';
import { SLACK_CHANNEL } from './channels/slack/SlackAdapter.js';
import { SlackChannel } from './channels/slack/SlackChannel.js';
import { loadCannedReplies } from './escalation/cannedReplies.js';
import { AgentRoster } from './escalation/AgentRoster.js';
import { CannedReplyLibrary } from './escalation/CannedReplyLibrary.js';
import { CaseDesk } from './escalation/CaseDesk.js';
import { ConsoleAuth } from './auth/ConsoleAuth.js';
import { StaffAccounts } from './auth/StaffAccounts.js';
import { accountRoutes } from './auth/accountRoutes.js';
import { OidcClient } from './auth/OidcClient.js';
import { OidcSignIn, type OidcSignInDeps } from './auth/OidcSignIn.js';
import { oidcRoutes } from './auth/oidcRoutes.js';
import { PasswordChecker } from './auth/PasswordChecker.js';
import { SignInThrottle } from './auth/SignInThrottle.js';
import { adminRoutes } from './admin/adminRoutes.js';
import { ScriptAdmin } from './admin/ScriptAdmin.js';
import { consoleRoutes } from './escalation/consoleRoutes.js';
import { ConsoleSocket } from './escalation/ConsoleSocket.js';
import { runEvery } from './escalation/runEvery.js';
import { oneClickAnswer } from './core/distribution/oneClick.js';
import { unsubscribeRoutes, type OptOutVia } from './distribution/unsubscribeRoutes.js';
import { UnsubscribeTokens } from './distribution/UnsubscribeTokens.js';
import { EmailSender } from './distribution/email/EmailSender.js';
import { invitationLinks } from './distribution/invitationLinks.js';
import { Invitations } from './invitations/Invitations.js';
import { ApiKeys } from './distribution/ApiKeys.js';
import { Distribution } from './distribution/Distribution.js';
import { distributionRoutes } from './distribution/distributionRoutes.js';
import type { InvitationSender } from './distribution/InvitationSender.js';
import { SlackSender } from './distribution/SlackSender.js';
import { JobRunner } from './scheduler/JobRunner.js';
import { jobRoutes } from './scheduler/jobRoutes.js';
import { registerJobGauges } from './metrics/jobGauges.js';
import { Webhooks } from './webhooks/Webhooks.js';
import { webhookRoutes } from './webhooks/webhookRoutes.js';
import { invitationRoutes } from './invitations/invitationRoutes.js';
import { Privacy } from './privacy/Privacy.js';
import { privacyRoutes } from './privacy/privacyRoutes.js';
import { createSentimentScorer } from './sentiment/createSentimentScorer.js';
import { botFrameworkRoute, createBotFrameworkAdapter } from './channels/botframework/botFrameworkRoute.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { Clock } from './core/ports.js';
import { errorHandler } from './http/errorHandler.js';
import { docsRoutes } from './http/docsRoutes.js';
import { landingPage } from './http/landingPage.js';
import { staffRoutes } from './http/staffRoutes.js';
import { loadWebBuild, webAssetRoutes } from './http/webBuild.js';
import { CaseResults } from './results/CaseResults.js';
import { Results } from './results/Results.js';
import { ResultsRecorder } from './results/ResultsRecorder.js';
import { resultsRoutes } from './results/resultsRoutes.js';
import { staffSession } from './http/staffSession.js';
import { proxyWarning } from './http/proxyWarning.js';
import { accessLog } from './http/accessLog.js';
import { trustFunction } from './http/clientAddress.js';
import { RateLimits } from './http/RateLimits.js';
import { requestId } from './http/requestId.js';
import { installTurnLane, turnLane } from './http/turnLane.js';
import { shortId } from './shortId.js';
import { meteredStores } from './metrics/meteredStores.js';
import { metricsRoute } from './metrics/metricsRoute.js';
import { PromMetrics } from './metrics/PromMetrics.js';
import { turnMetrics } from './metrics/turnMetrics.js';
import { requireBearer } from './http/requireBearer.js';
import { sendError } from './http/sendError.js';
import { loadCatalog } from './scripts/loadCatalog.js';
import { loadDialogs } from './scripts/loadDialogs.js';
import { ScriptRegistry } from './scripts/ScriptRegistry.js';
import { memoryStores } from './storage/memory/memoryStores.js';
import type { Stores } from './storage/Stores.js';

export interface AppOptions {
  /** main.ts fills in the secrets that were not configured. */
  config: Config & { adminToken: string; tokenSigningKey: string };
  log: Logger;
  clock?: Clock;
  stores?: Stores;
  /** Run the alert and SLA loops (default true); tests that drive them step by step say false. */
  background?: boolean;
  /** Records an unsubscribe (/u/:token). TODO(distribution): the contact store's opt-out; until
   * it is wired, only logged. */
  optOut?: (customerId: string, via: OptOutVia) => Promise<void>;
  /** Serve customer turns through the lean lane in front of express (src/http/turnLane.ts;
   * default true). Tests say false to compare it with express's own route. */
  turnLane?: boolean;
}

export interface SatisfyApp {
  app: Express;
  bot: SurveyBot;
  stores: Stores;
  scripts: ScriptRegistry;
  invitations: Invitations;
  /** Undefined when Slack is not configured. */
  slack: SlackChannel | undefined;
  /** Escalation cases: raise, claim, relay, resolve, SLA. */
  desk: CaseDesk;
  /** Invitations: the contact rules, sends and reminders. */
  distribution: Distribution;
  /** Runs due jobs (tests with a fake clock call runDue()). */
  jobs: JobRunner;
  /** Serves the web chat WebSockets on the HTTP server the app listens on. */
  attach(server: Server): void;
  close(): Promise<void>;
}

/** The OpenID Connect sign-in when configured. Its provider is discovered in the background
 * now and again whenever a sign-in needs it: a provider that is down never stops the app. */
function oidcFor(config: AppOptions['config'], deps: Omit<OidcSignInDeps, 'settings' | 'provider'>): OidcSignIn | undefined {
  if (!config.oidc) return undefined;
  const provider = new OidcClient(config.oidc, config.outboundTimeoutMs);
  provider.warmUp((err) => deps.log.warn({ issuer: config.oidc?.issuer, err: err.message }, 'OpenID Connect provider not reached yet; staff sign-in through it will try again when used'));
  return new OidcSignIn({ settings: config.oidc, provider, ...deps });
}

/** The largest customer turn's body, in bytes: 256 kb as body-parser counts it. */
const TURN_BODY_LIMIT = 256 * 1024;
/** How often each instance looks for alerts to send to Slack. */
const ALERT_POLL_MS = 500;
/** Requests served outside the request-id context (src/http/requestId.ts): Bot Framework turns
 * carry their id on the turn, and the probes and the scrape write no lines of their own. */
const OUTSIDE_REQUEST_CONTEXT: ReadonlySet<string> = new Set(['/api/messages', '/healthz', '/readyz', '/metrics']);

/**
 * The composition root shared by main.ts and the tests: it loads and validates locales and
 * scripts (failing before serving anything when they are broken), builds the bot over the
 * stores, and mounts every route on one express app.
 */

export async function createApp({ config, log, clock = systemClock, stores: plainStores = memoryStores(clock), background = true, optOut, turnLane: lane = true }: AppOptions): Promise<SatisfyApp> {
  // A registry per app (never prom-client's global one): two apps in one process count apart.
  const metrics = new PromMetrics();
  const stores = meteredStores(plainStores, metrics);
  const catalog = await loadCatalog(config.localesDir);
  const dialogs = await loadDialogs(config.dialogsDir, catalog);
  const cannedReplies = await loadCannedReplies(config.cannedRepliesFile);
  const scripts = new ScriptRegistry(stores.scripts, catalog);
  const sentiment = createSentimentScorer({ modelsDir: config.sentimentModelsDir });
  const scriptAdmin = new ScriptAdmin(stores.scripts, stores.audit, catalog, clock, { clock, newId: randomUUID, sentiment });
  await scriptAdmin.imported(await scripts.seed(dialogs, new Date(clock.now()).toISOString()));
  await scripts.published(config.defaultSurveyId);

  // Outbound webhooks (docs/webhooks.md): queued as scheduler jobs, never in a turn's way.
  const webhooks = new Webhooks({ store: stores.webhooks, jobs: stores.jobs, clock, log, timeoutMs: config.outboundTimeoutMs, allowHttp: config.webhooks.allowHttp, seen: stores.deliveries });
  registerJobGauges(metrics.registry, stores.jobs);

  // Handoff events reach the customer through their own channel; the lines are filled in below,
  // once the channels exist (they need the bot, which needs the desk).
  const lines = new CustomerLines();
  const desk = new CaseDesk({
    cases: stores.cases,
    alerts: stores.alerts,
    feed: stores.caseFeed,
    responses: stores.responses,
    scripts,
    clock,
    log,
    sla: config.escalation.slaMinutes,
    expireAfterMs: config.escalation.expireAfterMs,
    handoff: config.escalation.handoff,
    recoverySurveyId: config.escalation.recoverySurveyId,
    metrics,
    customerLine: lines,
    webhooks,
    results: new CaseResults({ aggregates: stores.aggregates, responses: stores.responses, script: (id, version) => scripts.get(id, version), log }),
  });

  const bot = new SurveyBot({
    storage: stores.state,
    scripts,
    responses: stores.responses,
    catalog,
    engine: { clock, newId: shortId, sentiment, handoff: config.escalation.handoff },
    defaultSurveyId: config.defaultSurveyId,
    defaultLocale: config.defaultLocale,
    log,
    desk,
    customers: stores.customers,
    metrics,
    results: new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: (id, version) => scripts.get(id, version), log }),
    // Filled in below, once the channels that send invitations exist.
    invitations: { onSurveyEvents: (events) => distribution.onSurveyEvents(events), stoppedBeforeStart: (customer) => distribution.stoppedBeforeStart(customer) },
    webhooks,
  });
  const adapter = createBotFrameworkAdapter(config.botFramework, config.outboundTimeoutMs);
  // One dialog memory configuration for all turns (botbuilder makes one per turn otherwise).
  const dialogState = sharedDialogState();
  adapter.use(turnMetrics(metrics), dialogState);
  const now = () => clock.now();
  const directLineAdapter = new DirectLineAdapter(stores.activities, config.webchat.retentionMs, now);
  directLineAdapter.onTurnError = politeTurnError(catalog, config.defaultLocale, log);
  directLineAdapter.use(turnMetrics(metrics), dialogState);
  const directLine = new DirectLineServer({
    log: stores.activities,
    tokens: new DirectLineTokens(config.tokenSigningKey, config.webchat.tokenTtlSeconds, now),
    adapter: directLineAdapter,
    bot,
    secret: config.webchat.directLineSecret,
    retentionMs: config.webchat.retentionMs,
    publicUrl: config.publicUrl,
    now,
    logger: log,
    maxActivities: config.webchat.maxActivities,
    maxStreams: config.webchat.maxStreams,
  });
  const invitations = new Invitations(config.tokenSigningKey, now);
  // Bearer tokens, no cookies: any page may call the chat API unless the operator narrows it.
  // Request headers are reflected because Direct Line clients add their own (x-requested-with,
  // x-ms-bot-agent).
  const webchatCors = cors({ origin: config.webchat.allowedOrigins.includes('*') ? '*' : config.webchat.allowedOrigins, maxAge: 600 });

  const slack = config.slack
    ? new SlackChannel({
        config: { ...config.slack, timeoutMs: config.outboundTimeoutMs },
        bot,
        scripts,
        state: stores.state,
        deliveries: stores.deliveries,
        catalog,
        defaultSurveyId: config.defaultSurveyId,
        defaultLocale: config.defaultLocale,
        log,
        turnMiddleware: turnMetrics(metrics),
      })
    : undefined;

  lines.set(DIRECT_LINE_CHANNEL, directLine);
  // Any other channel came in through /api/messages: written back through its connector.
  lines.setDefault(new BotFrameworkLine(adapter, bot, config.botFramework));
  if (slack) {
    lines.set(SLACK_CHANNEL, slack);
    const supportChannel = config.escalation.slackSupportChannel;
    if (supportChannel) {
      desk.useNotifier(new SlackCaseNotifier(slack.client, supportChannel));
      slack.support = {
        channel: supportChannel,
        claim: (caseId, agent) => desk.claim(caseId, agent),
        resolve: (caseId, agent, note) => desk.resolve(caseId, agent, note),
        threadReply: (ts, agent, text) => desk.threadReply(ts, agent, text),
      };
    }
  }
  // Who is asked, when and how (docs/distribution.md): invitations by link, email and Slack, run
  // by the scheduler's jobs.
  const senders: InvitationSender[] = [];
  const email = config.email ? new EmailSender({ ...config.email, timeoutMs: config.outboundTimeoutMs }) : undefined;
  if (email) senders.push(email);
  if (slack) senders.push(new SlackSender(slack, catalog));
  const unsubscribeTokens = new UnsubscribeTokens(config.tokenSigningKey);
  const distribution = new Distribution({
    store: stores.invitations,
    jobs: stores.jobs,
    scripts,
    responses: stores.responses,
    aggregates: stores.aggregates,
    invitations,
    senders,
    now,
    newId: randomUUID,
    publicUrl: config.publicUrl,
    links: async (publicUrl, token, inv, script) => invitationLinks(publicUrl, token, script, await unsubscribeTokens.create({ customerId: inv.customer.id, locale: inv.locale })),
    settings: { ...config.distribution, ttlMs: config.webchat.inviteTtlMs },
    log,
    metrics,
    webhooks,
  });
  const apiKeys = new ApiKeys(stores.apiKeys, now);
  const jobs = new JobRunner({ queue: stores.jobs, clock, handlers: { ...distribution.handlers(), ...webhooks.handlers }, log, maxAttempts: config.jobs.maxAttempts });
  const passwords = new PasswordChecker(config.escalation.signIn.workers, config.escalation.signIn.queue);
  const consoleAuth = new ConsoleAuth(config.escalation.consoleUsers, config.adminToken, config.tokenSigningKey, now, {
    throttle: new SignInThrottle(stores.signInFailures, now),
    passwords,
    accounts: stores.staffAccounts,
  });
  const staffAccounts = new StaffAccounts({ store: stores.staffAccounts, auth: consoleAuth, passwords, now });
  const roster = new AgentRoster({ accounts: stores.staffAccounts, bootstrap: () => consoleAuth.bootstrapUsers, presence: stores.presence, now });
  const { autoAssign } = config.escalation;
  if (autoAssign.mode === 'round-robin') {
    desk.useAutoAssign({ rule: 'round-robin', maxOpenPerAgent: autoAssign.maxOpenPerAgent, online: () => roster.online(), nextTurn: () => stores.presence.nextTurn() });
  }
  const canned = new CannedReplyLibrary(cannedReplies, stores.cannedReplies, now);
  const consoleSocket = new ConsoleSocket({ feed: stores.caseFeed, auth: consoleAuth, log, presence: stores.presence, desk, now, checkMs: config.escalation.consoleCheckMs });
  const oidcSignIn = oidcFor(config, { auth: consoleAuth, store: stores.staffAccounts, accounts: staffAccounts, log });
  const consumer = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const loops = background
    ? [
        runEvery(ALERT_POLL_MS, () => desk.deliverAlerts(consumer), log, 'case alerts'),
        runEvery(config.escalation.slaCheckMs, () => desk.sweep(), log, 'case SLA sweep'),
        jobs.start(config.jobs.pollMs),
      ]
    : [];

  // Pages and bundles come only from the build (npm run build:web); a missing build fails here.
  const web = await loadWebBuild(config.webBuildDir, ['index.html', 'chat.html', 'staff.html']);
  const app = express();
  app.disable('x-powered-by');
  // Before every route: a request id, one access line, CORS on the chat API (so a widget on a
  // shop's page can read its 429s too), then the rate limits (429s carry the id and are logged).
  // /metrics is for Prometheus, with a token of its own or the admin's.
  const trust = trustFunction(config.trustProxy);
  app.set('trust proxy', trust);
  const rateLimits = new RateLimits({ limits: config.rateLimits, stores, metrics, log, trust });
  const first = [requestId({ context: config.logRequestContext, without: OUTSIDE_REQUEST_CONTEXT }), accessLog(log, config.accessLog), proxyWarning(log, config.trustProxy !== 'off')];
  app.use(first);
  app.use([DIRECT_LINE_PATH, '/webchat'], webchatCors);
  app.use(rateLimits.middleware);
  // Every customer turn of a Bot Framework channel, so first after the limits: it would otherwise
  // pass through every router below, and compression, for an empty answer.
  const turnJson = express.json({ limit: TURN_BODY_LIMIT });
  const botFrameworkTurn = botFrameworkRoute(adapter, bot, config.botFramework, catalog, config.defaultLocale, log);
  app.post('/api/messages', turnJson, botFrameworkTurn);
  // Web chat turns likewise (CORS is above): small JSON answers, not worth compressing.
  app.use(DIRECT_LINE_PATH, turnJson, directLineRoutes(directLine));
  // Pages, the widget and API answers go out compressed (brotli or gzip, as the client asks):
  // the widget is about a third of its size gzipped.
  app.use(compression());
  app.use(webAssetRoutes(web), landingPage(web), staffRoutes(web), await docsRoutes(config.webBuildDir));
  app.get('/metrics', requireBearer(config.metricsToken ?? config.adminToken), metricsRoute(metrics, stores));
  // Before the JSON parser: Bolt checks Slack's signature over the raw body.
  if (slack?.router) app.use(slack.router);
  // Before the admin API, which would answer its agents' 403 in words about editing surveys.
  app.use(
    invitationRoutes({
      invitations,
      scripts,
      auth: consoleAuth,
      defaultSurveyId: config.defaultSurveyId,
      defaultTtlMs: config.webchat.inviteTtlMs,
      publicUrl: config.publicUrl,
      log,
    }),
  );
  // Before the JSON parser: mail clients post one-click unsubscribes form-encoded or multipart.
  app.use(
    unsubscribeRoutes({
      tokens: unsubscribeTokens,
      optOut: optOut ?? ((customerId, via) => distribution.optOut(customerId, via)),
      catalog,
      defaultLocale: config.defaultLocale,
      log,
    }),
  );
  // Before the shared JSON parser: a batch of invitations is bigger than a chat message, and
  // nobody gets a body parsed before the API key or session is checked.
  app.use(distributionRoutes({ distribution, apiKeys, auth: consoleAuth, responses: stores.responses, cases: stores.cases, customers: stores.customers, publicUrl: config.publicUrl }));
  // Before the shared JSON parser too: survey scripts are bigger than chat messages.
  app.use(adminRoutes({ admin: scriptAdmin, auth: consoleAuth }));
  app.use(accountRoutes({ accounts: staffAccounts, auth: consoleAuth }));
  app.use(oidcRoutes({ signIn: oidcSignIn, redirectUrl: config.oidc?.redirectUrl, auth: consoleAuth, signingKey: config.tokenSigningKey, now }));
  app.use(express.json({ limit: '256kb' }));
  // Liveness: the process answers. Readiness: it can also reach its store, so a load balancer
  // stops sending customers while Redis is away and the process reconnects.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await stores.ready();
    res.status(ready ? 200 : 503).json(ready ? { status: 'ready', store: stores.kind } : { status: 'not_ready', store: stores.kind });
  });
  const results = new Results({ aggregates: stores.aggregates, responses: stores.responses, scripts });
  app.use(
    '/api/responses',
    staffSession(consoleAuth, { unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>, or the ADMIN_TOKEN.' }),
    responsesRoute({ responses: stores.responses, scripts, results, versions: async (id) => (await stores.scripts.versions(id)).map((v) => v.version) }),
  );
  app.use(resultsRoutes({ results, auth: consoleAuth, clock }));
  app.use(jobRoutes({ jobs: stores.jobs, auth: consoleAuth, now }));
  app.use(webhookRoutes({ webhooks, auth: consoleAuth }));
  app.use(privacyRoutes({ privacy: new Privacy({ stores, clock, log }), auth: consoleAuth }));
  app.use('/webchat', webchatCors);
  app.use(
    await webchatRoutes({
      server: directLine,
      invitations,
      defaultSurveyId: config.defaultSurveyId,
      defaultLocale: config.defaultLocale,
      supportedLocales: Object.keys(catalog),
      web,
      oneClick: async (surveyId, answer) => oneClickAnswer(await scripts.published(surveyId), answer),
      onInvitationOpened: (id) => void distribution.opened(id).catch((err: unknown) => log.warn({ err }, 'invitation opened not recorded')),
    }),
  );
  app.use(consoleRoutes({ desk, auth: consoleAuth, clock, roster, canned, autoAssign }));
  app.use((_req, res) => sendError(res, 404, 'NOT_FOUND', 'No such route.'));
  const errors = errorHandler(log);
  app.use(errors);
  // The two customer-turn routes above, in the usual spelling, are served by a lane in front of
  // the router: the same middleware, limits, parser rules and handlers, without the router's,
  // body-parser's and express-rate-limit's per-request machinery (docs/architecture.md; about
  // 30 µs of CPU a Bot Framework turn, bench/README.md).
  if (lane) {
    installTurnLane(
      app,
      turnLane({ app, first, cors: webchatCors, rateLimits, json: turnJson, jsonLimit: TURN_BODY_LIMIT, botFramework: botFrameworkTurn, directLineActivity: postActivity(directLine), errors }),
    );
  }

  return {
    app,
    bot,
    stores,
    scripts,
    invitations,
    slack,
    desk,
    distribution,
    jobs,
    attach: (server) => {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // Node hands the socket over without an error listener: a client that resets it while
        // the checks below wait would otherwise throw an uncaught ECONNRESET and end the process.
        socket.on('error', () => socket.destroy());
        void rateLimits.upgrade(req).then((check) => {
          if (!check.ok) return refuse(socket, 429, check.retryAfterSeconds);
          if (!directLine.handleUpgrade(req, socket, head) && !consoleSocket.handleUpgrade(req, socket, head)) refuse(socket, 404);
        }).catch(() => socket.destroy());
      });
    },
    close: async () => {
      for (const stop of loops) await stop();
      await webhooks.idle();
      email?.close();
      bot.close();
      adapter.close();
      await slack?.stop();
      directLine.close();
      await consoleSocket.close();
      await rateLimits.close();
      await consoleAuth.close();
      await stores.close();
    },
  };
}
